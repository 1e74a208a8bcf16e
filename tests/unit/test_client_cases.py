"""Client cases (services/client_cases.py): the form's reply request (validation with messages in
the client's language, consent, one case per request id, throttling per client address), cases
entered by staff, scopes per role, the reply and closure, the audit entries, the functions the
notifications use, and the retention run that deletes contact data from the database file.
Expected rows come from plain SQL on the tables, not from the code under test."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import date, datetime, timedelta

import pytest

from accounts.service import CurrentUser, create_account
from i18n import MESSAGES
from services import client_cases as service
from services import people, survey
from services.client_cases import CaseError
from services.organisation import InputError
from storage import client_cases as storage
from storage import users
from tests.conftest import PASSWORD

TODAY = date(2026, 11, 20)
MOMENT = datetime.combine(TODAY, datetime.min.time()).replace(hour=10)
EMAIL = "jan.kowalski@example.pl"


@pytest.fixture(autouse=True)
def office_clock(monkeypatch):
    """The office's clock stands at MOMENT for due dates, reply dates and stored moments."""
    monkeypatch.setattr(service, "now", lambda: MOMENT)
    monkeypatch.setattr(storage, "now", lambda: MOMENT)


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch):
    """Each test starts with no counted requests (the counter lives in the process's memory)."""
    monkeypatch.setattr(service, "_form_requests", survey._RecentSends(window=service.CASE_WINDOW))


def user(db, office, login) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"][login]))


def qr(office, code="KM") -> survey.Channel:
    return survey.Channel("qr", department_id=office["departments"][code] if code else None)


def ask(db, channel, address: str | None = "203.0.113.7", **fields) -> service.Receipt:
    raw = {
        "id": uuid.uuid4(),
        "language": "pl",
        "request": "Kiedy będzie gotowy mój dowód rejestracyjny?",
        "name": "Jan Kowalski",
        "email": EMAIL,
        "phone": "",
        "consent": True,
    } | fields
    return service.request_reply(db, channel, raw, client_address=address)


def stored(db, case_id) -> dict:
    return db.query_dicts("SELECT * FROM client_cases WHERE id = ?", [case_id])[0]


def count(db) -> int:
    return db.scalar("SELECT count(*) FROM client_cases")


def closed_days_ago(db, case_id, days: int) -> None:
    closed_at = MOMENT - timedelta(days=days)
    db.write(lambda c: c.execute("UPDATE client_cases SET closed_at = ? WHERE id = ?", [closed_at, case_id]))


def audit_entries(db, case_id) -> list[dict]:
    return db.query_dicts(
        "SELECT actor, action, entity, before, after FROM audit_log WHERE entity_id = ? ORDER BY happened_at",
        [str(case_id)],
    )


# --- the form's request --------------------------------------------------------------------------


def test_a_request_from_the_qr_form_is_stored_for_its_department_and_audited_without_contact(db, office):
    receipt = ask(db, qr(office), phone="600 700 800", email="Jan.Kowalski@Example.PL")
    row = stored(db, receipt.case_id)
    assert receipt.new and receipt.due_date == TODAY + timedelta(days=14)  # the default period
    assert (row["origin"], row["status"], row["language"], row["created_by"]) == (
        "form",
        "open",
        "pl",
        "client",
    )
    assert row["department_id"] == office["departments"]["KM"]
    assert row["due_date"] == date(2026, 12, 4)
    assert row["request"] == "Kiedy będzie gotowy mój dowód rejestracyjny?"
    # the e-mail's domain in lower case, the phone in the international format
    assert (row["contact_name"], row["contact_email"], row["contact_phone"]) == (
        "Jan Kowalski",
        "Jan.Kowalski@example.pl",
        "+48 600 700 800",
    )
    assert row["consent_version"] == "2026-11/30"
    [entry] = audit_entries(db, receipt.case_id)
    assert (entry["actor"], entry["action"], entry["entity"]) == ("client", "create", "client_case")
    after = json.loads(entry["after"])
    assert after["contact_email"] is True and after["contact_phone"] is True and after["contact_name"] is True
    assert "example.pl" not in entry["after"].lower() and "600" not in entry["after"]


def test_the_due_period_comes_from_the_environment(db, office, monkeypatch):
    monkeypatch.setenv("JAKOSC_CASE_DUE_DAYS", "5")
    assert stored(db, ask(db, qr(office)).case_id)["due_date"] == date(2026, 11, 25)


def test_a_foreign_phone_number_is_accepted(db, office):
    row = stored(db, ask(db, qr(office), email="", phone="+380 44 123 4567").case_id)
    assert (row["contact_email"], row["contact_phone"]) == (None, "+380 44 123 4567")


def test_without_a_department_management_answers(db, office):
    case_id = ask(db, qr(office, None)).case_id
    assert stored(db, case_id)["department_id"] is None
    assert service.recipients(db, None) == [office["accounts"]["starosta"]]


def test_the_department_the_client_chose_is_used_when_the_channel_has_none(db, office):
    gk = office["departments"]["GK"]
    assert stored(db, ask(db, qr(office, None), department_id=gk).case_id)["department_id"] == gk


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"email": "", "phone": ""}, "contact_missing"),
        ({"email": "  ", "phone": None}, "contact_missing"),
        ({"email": "jan@"}, "email_invalid"),
        ({"email": "jan kowalski@example.pl"}, "email_invalid"),
        ({"email": "jan@example"}, "email_invalid"),
        ({"email": "x" * 250 + "@example.pl"}, "email_invalid"),
        ({"email": "", "phone": "12345"}, "phone_invalid"),
        ({"email": "", "phone": "600 700 800 123"}, "phone_invalid"),
        ({"email": "", "phone": "zadzwoń do mnie"}, "phone_invalid"),
        ({"consent": False}, "consent_missing"),
        ({"consent": None}, "consent_missing"),
        ({"consent": "tak"}, "consent_missing"),
        ({"request": ""}, "request_missing"),
        ({"request": " \x00\u200b\x07 "}, "request_missing"),
        ({"request": "x" * 2001}, "request_too_long"),
        ({"request": "ﷺ" * 200}, "request_too_long"),  # NFKC makes each one 18 characters
        ({"name": "N" * 201}, "name_too_long"),
        ({"language": "de"}, "invalid"),
        ({"id": "nie-uuid"}, "invalid"),
    ],
)
def test_bad_requests_are_refused_in_the_clients_language_and_nothing_is_stored(db, office, fields, key):
    with pytest.raises(CaseError) as refused:
        ask(db, qr(office), **fields)
    assert refused.value.key == f"survey.reply.error.{key}"
    assert str(refused.value) == MESSAGES[f"survey.reply.error.{key}"]["pl"].format(
        limit=refused.value.values.get("limit")
    )
    assert refused.value.text("uk") != str(refused.value)  # the Ukrainian form shows it in Ukrainian
    assert count(db) == 0


def test_hostile_text_is_stored_as_plain_text_without_control_characters(db, office):
    hostile = '<script>alert(1)</script>\x00 =HYPERLINK("x") \u202e'
    row = stored(db, ask(db, qr(office), request=hostile, name="<b>Jan</b>\u200b").case_id)
    assert row["request"] == '<script>alert(1)</script> =HYPERLINK("x")'
    assert row["contact_name"] == "<b>Jan</b>"


def test_a_double_tap_or_a_retry_stores_one_case(db, office):
    case_id = uuid.uuid4()
    first = ask(db, qr(office), id=case_id)
    again = ask(db, qr(office), id=case_id, request="Inna treść przy drugim dotknięciu")
    assert (first.new, again.new) == (True, False)
    assert again.due_date == first.due_date
    assert count(db) == 1 and stored(db, case_id)["request"].startswith("Kiedy")
    assert service.request_due(db, case_id) == first.due_date


def test_the_same_request_sent_twice_at_the_same_moment_stores_one_case(db, office):
    """Two tabs or a reload sending the same request at once: one case, the other send is told
    it was stored, neither fails (run many times: the race is not the same every time)."""
    for _ in range(20):
        case_id, outcomes, barrier = uuid.uuid4(), [], threading.Barrier(2)

        def send(case_id=case_id, outcomes=outcomes, barrier=barrier):
            barrier.wait()
            outcomes.append(ask(db, qr(office), address=None, id=case_id).new)

        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == [False, True]
    assert count(db) == 20


def test_requests_are_throttled_per_client_address(db, office):
    for _ in range(service.CASE_LIMIT):
        ask(db, qr(office), address="198.51.100.20")
    with pytest.raises(CaseError) as refused:
        ask(db, qr(office), address="198.51.100.20")
    assert refused.value.key == "survey.reply.error.too_many"
    assert count(db) == service.CASE_LIMIT
    ask(db, qr(office), address="198.51.100.21")  # another client is not held up
    assert count(db) == service.CASE_LIMIT + 1


# --- staff ---------------------------------------------------------------------------------------


def test_staff_open_a_paper_case_with_a_phone_only(db, office):
    receipt = service.open_case(
        db,
        user(db, office, "kierownik.km"),
        origin="paper",
        department_id=office["departments"]["KM"],
        request="Skarga na długi czas oczekiwania (pismo z 18.11.2026).",
        phone="(22) 123 45 67",
    )
    row = stored(db, receipt.case_id)
    assert (row["origin"], row["created_by"], row["consent_version"]) == ("paper", "kierownik.km", None)
    assert (row["contact_email"], row["contact_phone"]) == (None, "+48 22 123 45 67")
    assert row["due_date"] == TODAY + timedelta(days=14)


@pytest.mark.parametrize(
    ("login", "fields", "message"),
    [
        ("kierownik.km", {"email": "", "phone": ""}, "Podaj e-mail lub numer telefonu"),
        ("starosta", {"origin": "form"}, "na piśmie albo telefonicznie"),
        ("kierownik.km", {"department": None}, "Wybierz wydział."),
        ("kierownik.gk", {}, "nie należy do Twoich wydziałów"),
        ("kowalska", {}, "nie należy do Twoich wydziałów"),
    ],
)
def test_staff_cases_refused(db, office, login, fields, message):
    values = {"origin": "phone", "department": "KM", "request": "Pytanie o termin.", "email": EMAIL} | fields
    department = values.pop("department")
    with pytest.raises(InputError, match=message):
        service.open_case(
            db,
            user(db, office, login),
            department_id=office["departments"][department] if department else None,
            **values,
        )
    assert count(db) == 0


def test_scopes_list_and_read(db, office):
    km = ask(db, qr(office, "KM")).case_id
    gk = ask(db, qr(office, "GK"), address="203.0.113.8").case_id
    none = ask(db, qr(office, None), address="203.0.113.9").case_id

    def listed(login):
        return {row["id"] for row in service.list_for(db, user(db, office, login), TODAY)}

    assert listed("starosta") == {km, gk, none}
    assert listed("kierownik.km") == {km}
    assert listed("kierownik.gk") == {gk}
    assert listed("kowalska") == set()
    assert all(
        "contact_email" not in row for row in service.list_for(db, user(db, office, "starosta"), TODAY)
    )
    with pytest.raises(CaseError, match="nie należy do Twoich wydziałów"):
        service.case_for(db, user(db, office, "kierownik.gk"), km)
    with pytest.raises(CaseError, match="nie należy do Twoich wydziałów"):
        service.case_for(db, user(db, office, "kierownik.km"), none)
    with pytest.raises(CaseError, match="nie należy do Twoich wydziałów"):
        service.save_reply(db, user(db, office, "kierownik.gk"), km, "Odpowiedź z innego wydziału", TODAY)
    assert stored(db, km)["reply"] is None
    assert service.case_for(db, user(db, office, "kierownik.km"), km)["contact_email"] == EMAIL


def test_opening_the_contact_data_is_audited_once_within_the_window(db, office):
    case_id = ask(db, qr(office)).case_id
    supervisor = user(db, office, "kierownik.km")
    service.case_for(db, supervisor, case_id)
    service.case_for(db, supervisor, case_id)  # a rerun of the page: the same view
    views = [e for e in audit_entries(db, case_id) if e["action"] == "view"]
    assert [(v["actor"], v["entity"]) for v in views] == [("kierownik.km", "client_case_contact")]


def test_reply_then_close_audited(db, office):
    case_id = ask(db, qr(office)).case_id
    supervisor = user(db, office, "kierownik.km")
    with pytest.raises(InputError, match=r"Pole „Odpowiedź” jest wymagane\."):
        service.close(db, supervisor, case_id, "  ", TODAY)
    with pytest.raises(CaseError, match="nie może być w przyszłości"):
        service.save_reply(db, supervisor, case_id, "Dowód do odbioru od 25.11.", TODAY + timedelta(days=1))
    with pytest.raises(InputError, match="najwyżej 4000 znaków"):
        service.save_reply(db, supervisor, case_id, "x" * 4001, TODAY)
    service.save_reply(db, supervisor, case_id, "Dowód do odbioru od 25.11.", TODAY)
    assert (stored(db, case_id)["status"], stored(db, case_id)["replied_by"]) == ("open", "kierownik.km")
    service.close(db, supervisor, case_id, "Dowód do odbioru od 25.11. – poinformowano e-mailem.", TODAY)
    row = stored(db, case_id)
    assert (row["status"], row["replied_on"]) == ("closed", TODAY)
    assert row["reply"] == "Dowód do odbioru od 25.11. – poinformowano e-mailem."
    assert row["closed_at"] is not None
    with pytest.raises(CaseError, match="już zamknięta"):
        service.save_reply(db, supervisor, case_id, "Jeszcze jedna", TODAY)
    changes = [json.loads(e["after"]) for e in audit_entries(db, case_id) if e["action"] == "update"]
    assert [c.get("status") for c in changes] == [None, "closed"]


# --- for the notifications -----------------------------------------------------------------------


def test_overdue_cases_and_recipients(db, office):
    late = ask(db, qr(office, "KM")).case_id
    ask(db, qr(office, "GK"), address="203.0.113.8")
    db.write(
        lambda c: c.execute(
            "UPDATE client_cases SET due_date = ? WHERE id = ?", [TODAY - timedelta(days=1), late]
        )
    )
    overdue = service.overdue_cases(db, TODAY)
    assert [row["id"] for row in overdue] == [late]
    assert {"id", "department_id", "status", "due_date", "created_at", "contact_deleted_at"} <= set(
        overdue[0]
    )
    assert "contact_email" not in overdue[0] and "request" not in overdue[0]
    assert service.overdue_cases(db, TODAY - timedelta(days=1)) == []  # due today is not late
    assert service.recipients(db, office["departments"]["KM"]) == [office["accounts"]["kierownik.km"]]
    second = create_account(
        db,
        login="zastepca.km",
        password=PASSWORD,
        role="supervisor",
        display_name="Zastępca KM",
        actor="test",
        department_ids=[office["departments"]["KM"]],
    )
    assert set(service.recipients(db, office["departments"]["KM"])) == {
        office["accounts"]["kierownik.km"],
        second,
    }
    users.update_user(db, office["accounts"]["kierownik.gk"], {"active": False}, "test")
    assert service.recipients(db, office["departments"]["GK"]) == [office["accounts"]["starosta"]]


# --- retention -----------------------------------------------------------------------------------


def test_retention_deletes_contact_data_of_cases_closed_long_ago_also_from_the_file(db, db_path, office):
    supervisor = user(db, office, "kierownik.km")
    old = ask(
        db, qr(office), email="stara.sprawa@example.pl", request="Proszę o telefon 600 700 800."
    ).case_id
    service.close(db, supervisor, old, "Oddzwoniono na 600 700 800.", TODAY)
    recent = ask(db, qr(office), email="nowa.sprawa@example.pl", address="203.0.113.8").case_id
    service.close(db, supervisor, recent, "Odpowiedziano.", TODAY)
    still_open = ask(db, qr(office), email="otwarta@example.pl", address="203.0.113.9").case_id
    closed_days_ago(db, old, 31)
    closed_days_ago(db, recent, 29)
    if db.store == "duckdb":  # the file's bytes; PostgreSQL's table files: test_postgres_operations.py
        db.query("CHECKPOINT")
        assert b"stara.sprawa@example.pl" in db_path.read_bytes()

    result = people.anonymise_old(db, user(db, office, "admin"))

    assert result.case_contacts == 1 and result.file_rewritten
    row = stored(db, old)
    assert (row["contact_name"], row["contact_email"], row["contact_phone"]) == (None, None, None)
    assert row["contact_deleted_at"] is not None
    assert row["request"] == "Proszę o telefon [telefon usunięty]."
    assert row["reply"] == "Oddzwoniono na [telefon usunięty]."
    assert "600 700 800" not in json.dumps([e["after"] for e in audit_entries(db, old)])
    assert stored(db, recent)["contact_email"] == "nowa.sprawa@example.pl"  # 29 days: kept
    assert stored(db, still_open)["contact_email"] == "otwarta@example.pl"
    run = db.query_dicts("SELECT after FROM audit_log WHERE entity = 'client_cases' AND action = 'retention'")
    assert json.loads(run[0]["after"])["case_contacts"] == 1
    db.close()
    for path in (db_path, db_path.with_name(db_path.name + ".wal")):
        if path.exists():
            assert b"stara.sprawa@example.pl" not in path.read_bytes()
            assert b"600 700 800" not in path.read_bytes()


def test_the_contact_period_comes_from_the_environment(db, office, monkeypatch):
    monkeypatch.setenv("JAKOSC_CASE_CONTACT_DAYS", "7")
    case_id = ask(db, qr(office)).case_id
    service.close(db, user(db, office, "starosta"), case_id, "Odpowiedziano.", TODAY)
    closed_days_ago(db, case_id, 6)
    assert service.forget_contacts(db, "admin") == 0
    closed_days_ago(db, case_id, 8)
    assert service.forget_contacts(db, "admin") == 1
    assert stored(db, case_id)["contact_email"] is None


def test_the_servers_hourly_pass_deletes_due_contact_data_without_the_administrator(
    db, office, monkeypatch, caplog
):
    """run_contact_retention (a daemon thread of server.py) removes what is due on every pass, and
    a pass that fails (the database unreachable) is logged and followed by the next one."""
    monkeypatch.setenv("JAKOSC_CASE_CONTACT_CHECK_SECONDS", "0.05")
    case_id = ask(db, qr(office), email="po.terminie@example.pl").case_id
    service.close(db, user(db, office, "starosta"), case_id, "Odpowiedziano.", TODAY)
    closed_days_ago(db, case_id, 31)
    passes, stop = [], threading.Event()

    def database():
        passes.append(len(passes))
        if len(passes) == 1:
            raise OSError("baza chwilowo niedostępna")
        if len(passes) == 3:
            stop.set()
        return db

    worker = threading.Thread(target=service.run_contact_retention, args=(database, stop))
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive()
    assert len(passes) == 3
    assert stored(db, case_id)["contact_email"] is None
    assert "nie udało się usunąć danych kontaktowych" in caplog.text
    runs = "SELECT count(*) FROM audit_log WHERE entity = 'client_cases' AND action = 'retention'"
    assert db.scalar(runs) == 1  # the pass that removed something; the third found nothing, said nothing
