"""The administrator's "Poczta e-mail" page (/poczta) under AppTest: off until a server and a sender
are saved, Polish refusals, the password never shown again, a test message only queued (the page
run never talks to a mail server, even one that would hang), failed attempts shown with their
error, accounts without an address listed; other roles are refused. Also the e-mail field of
"Moje konto" and of the administrator's "Konta"."""

from __future__ import annotations

import time

from services import notifications
from storage.db import now
from tests.apptest.driver import FORBIDDEN, form, submit, widget
from tests.apptest.driver import screen_text as raw_screen_text
from tests.apptest.test_people import open_as
from tests.mail_server import free_port

PAGE = "poczta"
OFF = "Powiadomienia e-mail są wyłączone, dopóki nie zapiszesz serwera SMTP i adresu nadawcy."


def screen_text(at) -> str:
    """The screen's text as read (ui.text.plain puts an invisible word joiner before an @)."""
    return raw_screen_text(at).replace("\u2060", "")


def fill_settings(at, **values):
    settings = form(at, "mail_settings")
    labels = {
        "host": "Serwer SMTP",
        "login": "Login do serwera (jeśli wymagany)",
        "password": "Hasło do serwera",
        "sender": "Adres nadawcy",
    }
    for name, label in labels.items():
        if name in values:
            widget(settings, "text_input", label).input(values[name])
    if "port" in values:
        widget(settings, "number_input", "Port").set_value(values["port"])
    if "security" in values:
        widget(settings, "selectbox", "Zabezpieczenie połączenia").set_value(values["security"])
    return submit(at, "mail_settings", "Zapisz ustawienia poczty")


def outbox(db) -> list[dict]:
    return db.query_dicts("SELECT * FROM mail_outbox ORDER BY created_at")


def test_the_page_says_notifications_are_off_until_server_and_sender_are_saved(db, office):
    at = open_as(db, office, "admin", PAGE)
    assert not at.exception
    text = screen_text(at)
    assert OFF in text
    assert "Wiadomość próbną można wysłać po zapisaniu serwera SMTP i adresu nadawcy." in text
    # every fixture account lacks an address
    assert "Aktywne konta bez adresu e-mail (powiadomienia je pomijają): 5 – admin, kierownik.gk, " in text
    assert "Nie ma jeszcze żadnych wiadomości." in text

    at = fill_settings(at, host="poczta.grojec.pl", port=25, security="none", sender="jakosc@grojec.pl")
    assert [e.value for e in at.error] == [
        "Połączenie bez szyfrowania jest dozwolone tylko z serwerem na tym komputerze (localhost). "
        "Wybierz STARTTLS albo SSL/TLS."
    ]
    at = fill_settings(at, security="starttls", port=587, sender="jakosc(at)grojec.pl")
    assert [e.value for e in at.error] == [
        "Pole „Adres nadawcy” nie jest poprawnym adresem e-mail (np. jan.kowalski@grojec.pl)."
    ]
    at = fill_settings(at, sender="jakosc@grojec.pl")
    assert not at.error
    text = screen_text(at)
    assert "Zapisano ustawienia poczty." in text
    assert "Powiadomienia e-mail są włączone: serwer poczta.grojec.pl, nadawca jakosc@grojec.pl." in text


def test_the_password_is_never_shown_again(db, office, monkeypatch):
    monkeypatch.delenv("JAKOSC_SMTP_PASSWORD", raising=False)
    at = open_as(db, office, "admin", PAGE)
    at = fill_settings(
        at,
        host="poczta.grojec.pl",
        port=587,
        security="starttls",
        login="jakosc",
        password="Tajne-Haslo-Poczty-3",
        sender="jakosc@grojec.pl",
    )
    assert not at.error, [e.value for e in at.error]
    assert "Hasło jest zapisane (nie jest wyświetlane)." in screen_text(at)
    assert widget(form(at, "mail_settings"), "text_input", "Hasło do serwera").value == ""
    shown = [str(w.value) for w in at.text_input] + [screen_text(at)]
    assert not any("Tajne-Haslo" in text for text in shown)


def test_a_test_message_is_queued_without_the_page_waiting_for_the_server(db, office):
    at = open_as(db, office, "admin", PAGE)
    # A server that would never answer (a non-routed address): a page run that connected would hang.
    at = fill_settings(at, host="10.255.255.1", port=587, security="starttls", sender="jakosc@grojec.pl")
    assert not at.error, [e.value for e in at.error]
    widget(form(at, "mail_test"), "text_input", "Adres odbiorcy").input("it@grojec.pl")
    started = time.monotonic()
    at = submit(at, "mail_test", "Wyślij wiadomość próbną")
    assert time.monotonic() - started < 5
    assert not at.error
    assert "Wiadomość próbna do it@grojec.pl czeka na wysłanie (do minuty)." in screen_text(at)
    [row] = outbox(db)
    assert (row["state"], row["attempts"], row["recipient"]) == ("queued", 0, "it@grojec.pl")
    table = at.dataframe[0].value
    assert list(table["Stan"]) == ["czeka na wysłanie"]
    assert list(table["Rodzaj"]) == ["wiadomość próbna"]


def test_a_message_the_server_did_not_take_is_shown_with_its_error(db, office):
    at = open_as(db, office, "admin", PAGE)
    at = fill_settings(at, host="127.0.0.1", port=free_port(), security="none", sender="jakosc@grojec.pl")
    widget(form(at, "mail_test"), "text_input", "Adres odbiorcy").input("it@grojec.pl")
    at = submit(at, "mail_test", "Wyślij wiadomość próbną")
    notifications.deliver_due(db, now())  # what the sender thread does: nothing listens there
    at = open_as(db, office, "admin", PAGE)
    table = at.dataframe[0].value
    assert list(table["Próby"]) == [1]
    assert list(table["Stan"]) == ["czeka na wysłanie"]
    assert list(table["Ostatni błąd"]) == ["Serwer poczty nie przyjmuje połączeń (odmowa połączenia)."]
    assert "Czeka: 1 · w zestawieniu dziennym: 0 · wysłane: 0 · nie do wysłania: 0" in screen_text(at)


def test_other_roles_are_refused(db, office):
    for login in ("starosta", "kierownik.km", "kowalska"):
        at = open_as(db, office, login, PAGE)
        assert FORBIDDEN in [e.value for e in at.error], login
        assert not at.get("form")


def test_a_user_sets_their_own_address_on_my_account(db, office):
    at = open_as(db, office, "kierownik.km", "konto")
    widget(form(at, "email"), "text_input", "Adres e-mail do powiadomień").input("kierownik.km@grojec")
    at = submit(at, "email", "Zapisz")
    assert [e.value for e in at.error] == [
        "Pole „Adres e-mail” nie jest poprawnym adresem e-mail (np. jan.kowalski@grojec.pl)."
    ]
    widget(form(at, "email"), "text_input", "Adres e-mail do powiadomień").input("kierownik.km@grojec.pl")
    at = submit(at, "email", "Zapisz")
    assert "Zapisano adres e-mail." in screen_text(at)
    assert db.scalar("SELECT email FROM users WHERE login = 'kierownik.km'") == "kierownik.km@grojec.pl"


def test_the_administrator_sets_an_accounts_address(db, office):
    at = open_as(db, office, "admin", "konta")
    account = widget(at, "selectbox", "Login")
    at = account.select_index([o.startswith("kierownik.gk ") for o in account.options].index(True)).run()
    widget(form(at, "edit_account"), "text_input", "Adres e-mail do powiadomień").input(
        "kierownik.gk@grojec.pl"
    )
    at = submit(at, "edit_account", "Zapisz")
    assert not at.error, [e.value for e in at.error]
    assert db.scalar("SELECT email FROM users WHERE login = 'kierownik.gk'") == "kierownik.gk@grojec.pl"
    assert "kierownik.gk@grojec.pl" in set(at.dataframe[0].value["E-mail"])
