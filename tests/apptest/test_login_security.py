"""Sign-in security on the screens (issue 12): the login form throttles the failing client with the
one generic answer and audits every attempt with the client's address; "Moje konto" throttles the
current-password check and a password change ends the account's other sessions while this browser
carries on; the administrator sees a throttled login and unlocks it."""

from __future__ import annotations

import pytest

from accounts.service import LoginError, authenticate, start_session, user_for_session
from tests.apptest.driver import (
    fill,
    form,
    form_ids,
    open_url_path,
    sign_in,
    signed_in_as,
    start,
    submit,
    texts,
)
from tests.conftest import PASSWORD

REFUSED = (
    "Nieprawidłowy login lub hasło. Po kilku nieudanych próbach logowanie z tego komputera "
    "jest wstrzymane na 15 minut."
)
WRONG_CURRENT = (
    "Obecne hasło jest nieprawidłowe. Po kilku nieudanych próbach zmiana hasła z tego komputera "
    "jest wstrzymana na 15 minut."
)
NEW_PASSWORD = "Inne-haslo-na-jutro"
# AppTest has no browser connection: the app sees the loopback address, as for a local visitor.
LOCAL = "127.0.0.1"
ACTIVE = "Aktywny"


def _change_password(at, current, new):
    fill(form(at, "password"), **{"Obecne hasło": current, "Nowe hasło": new})
    return submit(at, "password", "Zapisz")


def test_the_form_pauses_the_failing_client_and_audits_each_attempt(db, office):
    at = start()
    for attempt in range(5):
        at = sign_in(at, "admin", f"Zle-haslo-{attempt}")
    at = sign_in(at, "admin", PASSWORD)
    assert texts(at.error) == [REFUSED]
    assert form_ids(at) == ["login"]
    rows = db.query_dicts("SELECT actor, action, after FROM audit_log WHERE action LIKE 'sign_in%'")
    assert [r["action"] for r in rows] == ["sign_in_failure"] * 5 + ["sign_in_throttled"]
    assert all(r["actor"] == "admin" and f'"client": "{LOCAL}"' in r["after"] for r in rows)
    # the owner at another computer is not locked out
    assert authenticate(db, "admin", PASSWORD, client="10.1.2.3").login == "admin"


def test_a_successful_sign_in_is_audited(db, office):
    sign_in(start(), "starosta", PASSWORD)
    assert db.query("SELECT actor, action FROM audit_log WHERE action LIKE 'sign_in%'") == [
        ("starosta", "sign_in_success")
    ]


def test_the_current_password_cannot_be_guessed_without_limit(db, office):
    at = open_url_path(sign_in(start(), "kowalska", PASSWORD), "konto")
    for attempt in range(5):
        at = _change_password(at, f"Zgadywane-{attempt}", NEW_PASSWORD)
        assert texts(at.error) == [WRONG_CURRENT]
    at = _change_password(at, PASSWORD, NEW_PASSWORD)
    assert texts(at.error) == [WRONG_CURRENT]
    assert authenticate(db, "kowalska", PASSWORD, client="10.1.2.3").login == "kowalska"  # unchanged


def test_a_password_change_ends_other_sessions_and_this_browser_carries_on(db, office):
    stolen, _ = start_session(db, authenticate(db, "kowalska", PASSWORD, client="10.9.9.9"))
    at = open_url_path(sign_in(start(), "kowalska", PASSWORD), "konto")
    first_token = at.session_state["auth_token"]
    at = _change_password(at, PASSWORD, NEW_PASSWORD)
    assert not at.exception
    assert texts(at.success) == ["Hasło zmienione."]
    assert user_for_session(db, stolen) is None
    assert user_for_session(db, first_token) is None
    assert user_for_session(db, at.session_state["auth_token"]).login == "kowalska"
    # the new session's ticket is posted so that the browser's cookie follows
    assert any('fetch("/auth/session"' in html.value for html in at.get("html"))
    at.run()
    assert signed_in_as(at) == "Zalogowano: Anna Kowalska (Pracownik)"


def test_a_weak_new_password_is_refused_with_the_polish_reason(db, office):
    at = open_url_path(sign_in(start(), "kowalska", PASSWORD), "konto")
    at = _change_password(at, PASSWORD, "Starostwo2026!")
    assert at.error[0].value.startswith("To hasło łatwo odgadnąć")


def test_the_administrator_sees_a_throttled_login_and_unlocks_it(db, office):
    for _ in range(5):
        with pytest.raises(LoginError):
            authenticate(db, "starosta", "Zle-haslo-123", client="203.0.113.66")
    at = open_url_path(sign_in(start(), "admin", PASSWORD), "konta")
    table = at.dataframe[0].value
    status = dict(zip(table["Login"], table[ACTIVE], strict=True))
    assert status["starosta"] == "logowanie wstrzymane dla niektórych adresów"
    assert status["kowalska"] == "✓"
    assert not [button for button in at.button if button.label == "Odblokuj logowanie"]
    accounts = next(box for box in at.selectbox if box.label == "Login")
    accounts.select_index(accounts.options.index("starosta (Starosta)")).run()
    next(button for button in at.button if button.label == "Odblokuj logowanie").click().run()
    assert authenticate(db, "starosta", PASSWORD, client="203.0.113.66").login == "starosta"
