"""E-mail notifications against a real SMTP server (aiosmtpd on a free local port, started here):
a message delivered in Polish and UTF-8 to the right account; a server that refuses or is down:
the message waits, its attempts and next attempt grow, and once the server accepts it arrives
exactly once; one event, one message; the daily digest; two senders at once; the settings'
Polish validation and the password kept out of the audit log. Expected texts and dates are
written out here, not taken from the code under test."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import date, datetime, timedelta

import pytest

from accounts.service import AccountError, CurrentUser, set_own_email
from checklists.loading import current_checklists
from services import actions, mail_settings, notifications
from services.organisation import InputError
from storage import mail, people, users
from storage.db import now
from tests.mail_server import MailServer, free_port

CHECKLISTS = current_checklists()
SENDER = "jakosc@grojec.pl"
KM_ADDRESS = "kierownik.km@grojec.pl"


def user(db, office, login) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"][login]))


@pytest.fixture(autouse=True)
def km_acknowledged(db, office):
    """KM's employees have acknowledged the handbook: KM's supervisor gets only what a test is about
    (GK's have not, for the reminder's test)."""
    for name in ("kowalska", "nowak"):
        people.record_acknowledgement(
            db, office["employees"][name], CHECKLISTS.version, now().date(), "paper", None, "test"
        )


@pytest.fixture
def smtp():
    server = MailServer().start()
    yield server
    server.stop()


def configure(db, office, port: int | None = None, **changes) -> None:
    values = dict(
        host="127.0.0.1",
        port=port,
        security="none",
        login=None,
        new_password=None,
        sender=SENDER,
        digest=False,
        digest_hour=7,
    )
    mail_settings.save(db, user(db, office, "admin"), **(values | changes))


def with_address(db, office, login: str, address: str) -> None:
    set_own_email(db, user(db, office, login), address)


def raise_action(db, office, title="Powitanie klienta w okienku", due: date | None = None):
    return actions.create(
        db,
        CHECKLISTS,
        user(db, office, "starosta"),
        department_id=office["departments"]["KM"],
        title=title,
        reason="Pozycja niespełniona w trzech obserwacjach.",
        owner_id=office["accounts"]["kierownik.km"],
        due_date=due or now().date() + timedelta(days=14),
    )


def outbox(db) -> list[dict]:
    return db.query_dicts("SELECT * FROM mail_outbox ORDER BY created_at, dedupe_key")


def polish_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def test_an_assigned_action_reaches_its_owner_in_polish_and_utf8(db, office, smtp):
    configure(db, office, smtp.port)
    with_address(db, office, "kierownik.km", KM_ADDRESS)
    due = now().date() + timedelta(days=14)
    raise_action(db, office, title="Uprzejme powitanie – źródło: żółta kartka", due=due)
    assert notifications.sweep(db, now().date()) == 1
    assert notifications.deliver_due(db, now()) == 1
    [got] = smtp.received
    assert got.recipients == [KM_ADDRESS] and got.sender == SENDER
    assert got.message["Subject"] == "Przydzielono Ci działanie: Uprzejme powitanie – źródło: żółta kartka"
    assert got.message.get_content_charset() == "utf-8"
    body = got.message.get_content()
    assert "Odpowiadasz za działanie doskonalące „Uprzejme powitanie – źródło: żółta kartka” " in body
    assert f"Termin realizacji: {polish_date(due)}." in body
    [row] = outbox(db)
    assert (row["state"], row["attempts"], row["recipient"]) == ("sent", 1, KM_ADDRESS)
    assert row["sent_at"] is not None and row["last_error"] is None


def test_the_link_is_the_public_address_of_the_page(db, office, smtp, monkeypatch):
    monkeypatch.setenv("JAKOSC_PUBLIC_URL", "https://jakosc.grojec.local")
    configure(db, office, smtp.port)
    with_address(db, office, "kierownik.km", KM_ADDRESS)
    raise_action(db, office)
    notifications.sweep(db, now().date())
    notifications.deliver_due(db, now())
    assert (
        "Otwórz w aplikacji: https://jakosc.grojec.local/dzialania" in smtp.received[0].message.get_content()
    )


def test_nothing_is_queued_or_sent_while_notifications_are_off(db, office, smtp):
    with_address(db, office, "kierownik.km", KM_ADDRESS)
    raise_action(db, office)
    assert notifications.sweep(db, now().date()) == 0
    assert notifications.deliver_due(db, now()) == 0
    assert outbox(db) == [] and smtp.received == []


def test_one_event_makes_one_message_however_often_the_sweep_runs(db, office, smtp):
    configure(db, office, smtp.port)
    with_address(db, office, "kierownik.km", KM_ADDRESS)
    raise_action(db, office)
    assert notifications.sweep(db, now().date()) == 1
    assert notifications.sweep(db, now().date()) == 0
    notifications.deliver_due(db, now())
    assert notifications.sweep(db, now().date()) == 0
    notifications.deliver_due(db, now())
    assert len(smtp.received) == 1 and len(outbox(db)) == 1


def test_accounts_without_an_address_are_skipped(db, office, smtp):
    configure(db, office, smtp.port)
    raise_action(db, office)  # kierownik.km has no address
    assert notifications.sweep(db, now().date()) == 0
    assert outbox(db) == []
    assert "kierownik.km" in mail_settings.without_email(db)
    with_address(db, office, "kierownik.km", KM_ADDRESS)  # added later: the event is still told
    assert notifications.sweep(db, now().date()) == 1


def test_an_overdue_action_is_told_once_per_due_date(db, office, smtp):
    configure(db, office, smtp.port)
    with_address(db, office, "kierownik.km", KM_ADDRESS)
    due = now().date() + timedelta(days=1)
    raise_action(db, office, due=due)
    later = due + timedelta(days=3)
    notifications.sweep(db, later)
    notifications.sweep(db, later + timedelta(days=1))
    overdue = [row for row in outbox(db) if row["kind"] == "action_overdue"]
    assert len(overdue) == 1
    assert overdue[0]["subject"] == "Działanie po terminie: Powitanie klienta w okienku"
    assert (
        f"Minął termin realizacji działania „Powitanie klienta w okienku” (Wydział Komunikacji): {polish_date(due)}."
        in overdue[0]["body"]
    )


def test_a_refusing_server_keeps_the_message_and_it_arrives_once_when_accepted(db, office, smtp):
    configure(db, office, smtp.port)
    with_address(db, office, "kierownik.km", KM_ADDRESS)
    raise_action(db, office)
    notifications.sweep(db, now().date())
    smtp.handler.refusing = True
    start = now()
    assert notifications.deliver_due(db, start) == 0
    [row] = outbox(db)
    assert (row["state"], row["attempts"]) == ("queued", 1)
    assert row["next_attempt_at"] == start + timedelta(minutes=1)
    assert row["last_error"].startswith("Serwer odrzucił odbiorcę: 550")
    assert notifications.deliver_due(db, start + timedelta(seconds=30)) == 0  # not due yet
    assert outbox(db)[0]["attempts"] == 1
    notifications.deliver_due(db, start + timedelta(minutes=1))
    [row] = outbox(db)
    assert (row["state"], row["attempts"]) == ("queued", 2)
    assert row["next_attempt_at"] == start + timedelta(minutes=1 + 2)
    smtp.handler.refusing = False
    assert notifications.deliver_due(db, start + timedelta(minutes=3)) == 1
    assert notifications.deliver_due(db, start + timedelta(hours=2)) == 0
    assert len(smtp.received) == 1
    assert outbox(db)[0]["state"] == "sent"


def test_a_server_that_is_down_delays_the_message_until_it_comes_up(db, office):
    port = free_port()  # nothing listens here yet
    configure(db, office, port)
    with_address(db, office, "kierownik.km", KM_ADDRESS)
    raise_action(db, office)
    notifications.sweep(db, now().date())
    moment, waits = now(), []
    for _ in range(4):
        assert notifications.deliver_due(db, moment) == 0
        [row] = outbox(db)
        assert row["state"] == "queued"
        assert "nie przyjmuje połączeń" in row["last_error"]
        waits.append(row["next_attempt_at"] - moment)
        moment = row["next_attempt_at"]
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert outbox(db)[0]["attempts"] == 4
    server = MailServer(port).start()
    try:
        assert notifications.deliver_due(db, moment) == 1
        assert notifications.deliver_due(db, moment + timedelta(hours=1)) == 0
        assert len(server.received) == 1
    finally:
        server.stop()


def test_the_wait_between_attempts_stops_growing_at_an_hour():
    waits = [notifications.retry_delay(n) for n in range(1, 10)]
    assert waits[:7] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60)]
    assert waits[7:] == [timedelta(hours=1)] * 2


def test_a_message_failing_for_three_days_is_given_up_with_its_error(db, office):
    configure(db, office, free_port())
    with_address(db, office, "kierownik.km", KM_ADDRESS)
    raise_action(db, office)
    notifications.sweep(db, now().date())
    created = outbox(db)[0]["created_at"]
    notifications.deliver_due(db, created + timedelta(days=2, hours=23))
    assert outbox(db)[0]["state"] == "queued"
    notifications.deliver_due(db, created + timedelta(days=3, hours=1))
    [row] = outbox(db)
    assert row["state"] == "failed" and "nie przyjmuje połączeń" in row["last_error"]
    assert notifications.deliver_due(db, created + timedelta(days=5)) == 0
    assert outbox(db)[0]["attempts"] == 2


def test_two_senders_at_once_send_every_message_exactly_once(db, office, smtp):
    configure(db, office, smtp.port)
    with_address(db, office, "kierownik.km", KM_ADDRESS)
    for n in range(12):
        raise_action(db, office, title=f"Działanie numer {n}")
    assert notifications.sweep(db, now().date()) == 12
    moment = now()
    threads = [threading.Thread(target=notifications.deliver_due, args=(db, moment)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    subjects = sorted(got.message["Subject"] for got in smtp.received)
    assert subjects == sorted(f"Przydzielono Ci działanie: Działanie numer {n}" for n in range(12))
    assert {row["attempts"] for row in outbox(db)} == {1}


def test_the_daily_digest_sends_the_days_events_in_one_message_at_its_hour(db, office, smtp):
    configure(db, office, smtp.port, digest=True, digest_hour=15)
    with_address(db, office, "kierownik.km", KM_ADDRESS)
    raise_action(db, office, title="Pierwsze działanie")
    raise_action(db, office, title="Drugie działanie")
    assert notifications.sweep(db, now().date()) == 2
    assert {row["state"] for row in outbox(db)} == {"held"}
    day = now().date()
    before = datetime.combine(day, datetime.min.time()).replace(hour=14, minute=59)
    at_hour = before.replace(hour=15, minute=0)
    assert notifications.deliver_due(db, before) == 0 and smtp.received == []
    assert notifications.deliver_due(db, at_hour) == 1
    assert notifications.deliver_due(db, at_hour + timedelta(hours=1)) == 0
    [got] = smtp.received
    assert got.message["Subject"] == f"Jakość Obsługi – zestawienie z {polish_date(day)} (2)"
    body = got.message.get_content()
    numbered = sorted(line for line in body.splitlines() if line[:3] in ("1. ", "2. "))
    assert [line[3:] for line in numbered] in (
        ["Przydzielono Ci działanie: Pierwsze działanie", "Przydzielono Ci działanie: Drugie działanie"],
        ["Przydzielono Ci działanie: Drugie działanie", "Przydzielono Ci działanie: Pierwsze działanie"],
    )
    assert body.count("Dzień dobry") == 1
    states = sorted(row["state"] for row in outbox(db))
    assert states == ["in_digest", "in_digest", "sent"]


def test_held_messages_go_out_one_by_one_when_the_digest_is_switched_off(db, office, smtp):
    configure(db, office, smtp.port, digest=True, digest_hour=23)
    with_address(db, office, "kierownik.km", KM_ADDRESS)
    raise_action(db, office)
    notifications.sweep(db, now().date())
    configure(db, office, smtp.port, digest=False)
    assert notifications.deliver_due(db, now()) == 1
    assert smtp.received[0].message["Subject"] == "Przydzielono Ci działanie: Powitanie klienta w okienku"


def add_case(db, department_id, *, due: date, created_at: datetime) -> uuid.UUID:
    case_id = uuid.uuid4()
    db.write(
        lambda cursor: cursor.execute(
            "INSERT INTO client_cases (id, origin, department_id, request, contact_email, language, status, "
            "due_date, created_by, created_at) VALUES (?, 'form', ?, 'Proszę o odpowiedź w sprawie kolejki', "
            "'klient@example.com', 'pl', 'open', ?, 'client', ?)",
            [case_id, department_id, due, created_at],
        )
    )
    return case_id


def test_a_client_case_goes_to_the_department_head_without_the_clients_data(db, office, smtp):
    configure(db, office, smtp.port)
    with_address(db, office, "kierownik.km", KM_ADDRESS)
    with_address(db, office, "kierownik.gk", "kierownik.gk@grojec.pl")
    today = now().date()
    add_case(db, office["departments"]["KM"], due=today + timedelta(days=14), created_at=now())
    notifications.sweep(db, today)
    [row] = [r for r in outbox(db) if r["kind"].startswith("case")]  # GK's head gets a reminder only
    assert (row["recipient"], row["kind"]) == (KM_ADDRESS, "case_opened")
    assert row["subject"] == "Nowa sprawa Klienta – Wydział Komunikacji"
    assert f"Termin odpowiedzi: {polish_date(today + timedelta(days=14))}." in row["body"]
    assert "klient@example.com" not in row["body"] and "kolejki" not in row["body"]
    notifications.sweep(db, today + timedelta(days=15))
    overdue = [r for r in outbox(db) if r["kind"] == "case_overdue"]
    assert [r["subject"] for r in overdue] == ["Sprawa Klienta po terminie – Wydział Komunikacji"]


def test_pending_acknowledgements_go_to_the_supervisor_once_a_week(db, office, smtp):
    configure(db, office, smtp.port)
    with_address(db, office, "kierownik.gk", "kierownik.gk@grojec.pl")
    monday = date(2026, 11, 23)
    notifications.sweep(db, monday)
    notifications.sweep(db, monday + timedelta(days=4))  # the same week: nothing new
    [row] = outbox(db)
    assert row["subject"] == "Pracownicy bez potwierdzenia zapoznania ze standardami: 2"
    assert "- Ewa Wiśniewska (Wydział Geodezji i Kartografii)" in row["body"]
    assert "- Piotr Zieliński (Wydział Geodezji i Kartografii)" in row["body"]
    assert "Kowalska" not in row["body"]  # KM's employee: not this supervisor's
    notifications.sweep(db, monday + timedelta(days=7))
    assert len(outbox(db)) == 2


def test_a_plan_falling_behind_goes_to_the_supervisors_once_a_week(db, office, smtp):
    from services import observation_plan

    configure(db, office, smtp.port)
    with_address(db, office, "kierownik.km", KM_ADDRESS)
    today = now().date()
    year, quarter = observation_plan.quarter_of(today)
    observation_plan.set_plan(
        db, user(db, office, "starosta"), office["departments"]["KM"], year, quarter, {"in_person": 5}
    )
    _, end = observation_plan.quarter_bounds(year, quarter)
    late = end - timedelta(days=3)  # most of the quarter over, nothing observed
    notifications.sweep(db, late)
    notifications.sweep(db, late)
    plan = [row for row in outbox(db) if row["kind"] == "plan_behind"]
    assert [row["subject"] for row in plan] == ["Plan obserwacji opóźniony – Wydział Komunikacji"]
    assert "wykonano 0 z 10 obserwacji" in plan[0]["body"]  # two employees, five each


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"host": "poczta.grojec.pl"}, "Połączenie bez szyfrowania jest dozwolone tylko"),
        ({"port": 0}, "Port musi być liczbą od 1 do 65535"),
        ({"port": 70000}, "Port musi być liczbą od 1 do 65535"),
        ({"sender": "jakosc grojec.pl"}, "Pole „Adres nadawcy” nie jest poprawnym adresem e-mail"),
        ({"sender": ""}, "Podaj zarówno serwer SMTP, jak i adres nadawcy"),
        ({"host": "poczta grojec", "security": "starttls"}, "Pole „Serwer SMTP” nie jest poprawną nazwą"),
        ({"security": "tls13"}, "Wybierz zabezpieczenie połączenia"),
        ({"login": "jakosc", "security": "starttls"}, "Podaj hasło do serwera poczty"),
        ({"digest": True, "digest_hour": 24}, "Godzina zestawienia musi być liczbą od 0 do 23"),
    ],
)
def test_settings_are_validated_with_polish_messages(db, office, changes, message):
    with pytest.raises(InputError, match=message):
        configure(db, office, **({"port": 2525} | changes))
    assert not mail_settings.load(db).enabled


def test_only_the_administrator_sets_the_mail_server(db, office):
    with pytest.raises(InputError, match="Pocztę e-mail ustawia administrator"):
        mail_settings.save(
            db,
            user(db, office, "starosta"),
            host="127.0.0.1",
            port=25,
            security="none",
            login=None,
            new_password=None,
            sender=SENDER,
            digest=False,
            digest_hour=7,
        )


def test_the_password_is_kept_but_never_in_the_audit_log(db, office, monkeypatch):
    monkeypatch.delenv(mail_settings.PASSWORD_ENV, raising=False)
    configure(
        db,
        office,
        587,
        host="poczta.grojec.pl",
        security="starttls",
        login="jakosc",
        new_password="Tajne-Haslo-7",
    )
    assert mail_settings.password(db) == "Tajne-Haslo-7"
    configure(db, office, 587, host="poczta.grojec.pl", security="starttls", login="jakosc")  # empty: kept
    assert mail_settings.password(db) == "Tajne-Haslo-7"
    entries = db.query(
        "SELECT before, after FROM audit_log WHERE entity = 'setting' AND entity_id = 'mail_password'"
    )
    assert [json.loads(after) for _, after in entries] == [{"value": "***"}]
    assert not db.query("SELECT 1 FROM audit_log WHERE after LIKE '%Tajne%' OR before LIKE '%Tajne%'")
    stored = json.loads(
        db.scalar("SELECT after FROM audit_log WHERE entity_id = 'mail' ORDER BY happened_at LIMIT 1")
    )
    assert json.loads(stored["value"])["host"] == "poczta.grojec.pl"
    monkeypatch.setenv(mail_settings.PASSWORD_ENV, "Z-Zmiennej-9")
    assert mail_settings.password(db) == "Z-Zmiennej-9"
    assert mail_settings.password_source(db) == "env"


def test_a_test_message_is_queued_like_every_message_and_audited(db, office, smtp):
    admin = user(db, office, "admin")
    with pytest.raises(InputError, match="Najpierw zapisz serwer SMTP i adres nadawcy"):
        mail_settings.queue_test(db, admin, "it@grojec.pl", None)
    configure(db, office, smtp.port)
    with pytest.raises(InputError, match="nie jest poprawnym adresem e-mail"):
        mail_settings.queue_test(db, admin, "it@", None)
    mail_settings.queue_test(db, admin, "it@grojec.pl", None)
    assert outbox(db)[0]["state"] == "queued" and smtp.received == []  # nothing sent by the call itself
    assert notifications.deliver_due(db, now()) == 1
    assert smtp.received[0].message["Subject"] == "Jakość Obsługi – wiadomość próbna"
    assert db.scalar("SELECT count(*) FROM audit_log WHERE entity = 'mail' AND actor = 'admin'") == 1


def test_an_account_address_is_validated_and_its_change_audited(db, office):
    kierownik = user(db, office, "kierownik.km")
    with pytest.raises(AccountError, match="nie jest poprawnym adresem e-mail"):
        set_own_email(db, kierownik, "kierownik.km@grojec")
    assert set_own_email(db, kierownik, "  kierownik.km@grojec.pl ") == "kierownik.km@grojec.pl"
    set_own_email(db, kierownik, "")
    rows = db.query(
        "SELECT before, after FROM audit_log WHERE entity = 'user' AND entity_id = ? AND after LIKE '%email%' "
        "ORDER BY happened_at",
        [str(kierownik.id)],
    )
    assert [(json.loads(b), json.loads(a)) for b, a in rows] == [
        ({"email": None}, {"email": "kierownik.km@grojec.pl"}),
        ({"email": "kierownik.km@grojec.pl"}, {"email": None}),
    ]


def test_messages_done_with_are_forgotten_after_90_days_but_waiting_ones_kept(db, office, smtp):
    configure(db, office, smtp.port)
    with_address(db, office, "kierownik.km", KM_ADDRESS)
    raise_action(db, office, title="Wysłane dawno")
    notifications.sweep(db, now().date())
    notifications.deliver_due(db, now())
    raise_action(db, office, title="Czeka na serwer")
    notifications.sweep(db, now().date())
    db.write(
        lambda cursor: cursor.execute("UPDATE mail_outbox SET created_at = created_at - INTERVAL 91 DAY")
    )
    mail.forget_before(db, now() - notifications.KEPT_FOR)
    assert [row["subject"] for row in outbox(db)] == ["Przydzielono Ci działanie: Czeka na serwer"]


def test_starttls_is_never_dropped_when_the_server_does_not_offer_it(db, office, smtp):
    configure(db, office, smtp.port, security="starttls")  # the test server speaks no TLS
    with_address(db, office, "kierownik.km", KM_ADDRESS)
    raise_action(db, office)
    notifications.sweep(db, now().date())
    assert notifications.deliver_due(db, now()) == 0
    [row] = outbox(db)
    assert row["state"] == "queued" and "STARTTLS" in row["last_error"]
    assert smtp.received == []  # nothing went out unencrypted
