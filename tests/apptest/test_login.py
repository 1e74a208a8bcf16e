"""Signing in and out: Polish messages for a wrong password and throttling, the signed-in
user in the menu bar, and sign-out back to the login form."""

from __future__ import annotations

from accounts.throttle import PER_CLIENT_AND_LOGIN
from storage import users
from tests.apptest.driver import (
    HOME_TITLE,
    LOGIN_TITLE,
    form_ids,
    sign_in,
    sign_out,
    signed_in_as,
    start,
    texts,
)
from tests.conftest import PASSWORD

REFUSED = (
    "Nieprawidłowy login lub hasło. Po kilku nieudanych próbach logowanie z tego komputera "
    "jest wstrzymane na 15 minut."
)


def test_anonymous_visitor_sees_only_the_login_form(db, office, menu):
    at = start()
    assert not at.exception
    assert texts(at.title) == [LOGIN_TITLE]
    assert form_ids(at) == ["login"]
    assert menu.offered() == {"Logowanie"}
    assert signed_in_as(at) is None


def test_wrong_password_shows_the_polish_error(db, office):
    at = sign_in(start(), "admin", "Zle-haslo-123")
    assert texts(at.error) == [REFUSED]
    assert form_ids(at) == ["login"]
    assert "auth_token" not in at.session_state


def test_empty_fields_ask_for_login_and_password(db, office):
    at = sign_in(start(), "admin", "")
    assert texts(at.error) == ["Podaj login i hasło."]
    assert db.scalar("SELECT count(*) FROM sign_in_attempts") == 0


def test_five_wrong_passwords_pause_this_client_with_the_same_message(db, office):
    at = start()
    for attempt in range(1, PER_CLIENT_AND_LOGIN + 1):
        at = sign_in(at, "kierownik.km", f"Zle-haslo-{attempt}")
    at = sign_in(at, "kierownik.km", PASSWORD)
    assert texts(at.error) == [REFUSED]
    assert form_ids(at) == ["login"]


def test_correct_login_opens_the_start_page_with_the_role_menu(db, office, menu):
    at = sign_in(start(), "starosta", PASSWORD)
    assert not at.exception
    assert texts(at.title) == [HOME_TITLE]
    assert signed_in_as(at) == "Zalogowano: Starosta (Kierownictwo)"
    assert {"Start", "Moje konto"} <= menu.offered()
    assert not {"Wydziały", "Pracownicy", "Konta", "Dziennik zmian", "Obserwacja"} & menu.offered()
    # the page posts the one-time ticket that the server trades for the HttpOnly cookie
    assert any('fetch("/auth/session"' in html.value for html in at.get("html"))


def test_signed_in_user_stays_signed_in_across_reruns(db, office):
    at = sign_in(start(), "kowalska", PASSWORD)
    at.run()
    at.run()
    assert texts(at.title) == [HOME_TITLE]
    assert signed_in_as(at) == "Zalogowano: Anna Kowalska (Pracownik)"


def test_logout_returns_to_the_login_screen_and_revokes_the_session(db, office):
    at = sign_in(start(), "admin", PASSWORD)
    assert db.query("SELECT revoked FROM sessions") == [(False,)]
    at = sign_out(at)
    assert not at.exception
    assert form_ids(at) == ["login"]
    assert signed_in_as(at) is None
    assert db.query("SELECT revoked FROM sessions") == [(True,)]
    at.run()
    assert form_ids(at) == ["login"]


def test_revoked_session_ends_at_the_next_rerun(db, office):
    at = sign_in(start(), "admin", PASSWORD)
    users.revoke_session(db, at.session_state["auth_token"])
    at.run()
    assert form_ids(at) == ["login"]
    assert HOME_TITLE not in texts(at.title)


def test_idle_session_expires_with_a_message(db, office):
    at = sign_in(start(), "admin", PASSWORD)
    db.write(lambda c: c.execute("UPDATE sessions SET last_seen_at = last_seen_at - INTERVAL 2 HOUR"))
    at.run()
    assert form_ids(at) == ["login"]
    assert texts(at.info) == ["Sesja wygasła po okresie bezczynności. Zaloguj się ponownie."]
