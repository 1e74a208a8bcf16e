"""Signing in with a real browser: the HttpOnly SameSite=Strict session cookie keeps the user
signed in across a reload, signing out ends it for good, and the very first start creates
the administrator. Desktop screenshots go to test-artifacts/login_*.png."""

from __future__ import annotations

import time

from accounts.passwords import verify_password
from accounts.service import create_account
from storage import users
from tests.browser.conftest import screenshot, wait_for_app
from tests.conftest import PASSWORD

COOKIE = "jakosc_session"


def seed_admin(server) -> None:
    db = server.open_database()
    try:
        create_account(
            db, login="admin", password=PASSWORD, role="admin", display_name="Anna Admin", actor="test"
        )
    finally:
        db.close()


def session_cookie(page, *, present: bool = True, timeout: float = 10) -> dict | None:
    """The session cookie once it is set (or None once it is gone): the page sets it with a
    fetch after the login, so it arrives a moment after the screen changes."""
    deadline = time.monotonic() + timeout
    while True:
        found = next((c for c in page.context.cookies() if c["name"] == COOKIE), None)
        if (found is not None) == present or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(100)


def sign_in(page, login: str, password: str) -> None:
    page.get_by_label("Login", exact=True).fill(login)
    page.get_by_label("Hasło", exact=True).fill(password)
    page.get_by_role("button", name="Zaloguj się").click()


def login_form_shown(page) -> bool:
    return page.get_by_role("button", name="Zaloguj się").is_visible()


def test_signed_in_user_stays_signed_in_after_a_reload(live_server, open_page):
    seed_admin(live_server)
    live_server.start()
    page = open_page("desktop")
    page.goto(live_server.url)
    wait_for_app(page)

    sign_in(page, "admin", "Zle-haslo-123")
    page.get_by_text("Nieprawidłowy login lub hasło.").wait_for()
    assert session_cookie(page, timeout=1) is None

    sign_in(page, "admin", PASSWORD)
    page.get_by_text("Zalogowano: Anna Admin (Administrator)").wait_for()
    cookie = session_cookie(page)
    assert cookie is not None
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/"
    assert COOKIE not in page.evaluate("document.cookie")  # scripts cannot read it

    page.reload()
    wait_for_app(page)
    page.get_by_text("Zalogowano: Anna Admin (Administrator)").wait_for()
    assert not login_form_shown(page)
    assert page.locator("h1").first.inner_text() == "Jakość Obsługi Klienta"
    screenshot(page, "login_signed_in_after_reload")

    live_server.stop()
    db = live_server.open_database()
    try:
        assert db.query("SELECT revoked FROM sessions") == [(False,)]
        assert db.scalar("SELECT count(*) FROM login_tickets WHERE used") == 1
        # both attempts counted for the browser's address (loopback here), the failure before the success
        assert db.query("SELECT outcome, client FROM sign_in_attempts ORDER BY attempted_at") == [
            ("failure", "127.0.0.1"),
            ("success", "127.0.0.1"),
        ]
    finally:
        db.close()


def test_signing_out_ends_the_session_for_good(live_server, open_page):
    seed_admin(live_server)
    live_server.start()
    page = open_page("desktop")
    page.goto(live_server.url)
    wait_for_app(page)
    sign_in(page, "admin", PASSWORD)
    page.get_by_text("Zalogowano:").wait_for()
    old_cookie = session_cookie(page)
    assert old_cookie is not None

    page.reload()  # the session now comes from the cookie, as after any reload
    wait_for_app(page)
    page.get_by_role("button", name="Wyloguj").click()
    page.get_by_role("button", name="Zaloguj się").wait_for()
    assert session_cookie(page, present=False) is None

    page.reload()
    wait_for_app(page)
    page.get_by_role("button", name="Zaloguj się").wait_for()
    assert page.get_by_text("Zalogowano:").count() == 0
    screenshot(page, "login_after_sign_out")

    # the old token is worthless even if the browser still sent it
    page.context.add_cookies([old_cookie])
    page.reload()
    wait_for_app(page)
    page.get_by_role("button", name="Zaloguj się").wait_for()
    assert page.get_by_text("Zalogowano:").count() == 0

    live_server.stop()
    db = live_server.open_database()
    try:
        assert db.query("SELECT revoked FROM sessions") == [(True,)]
    finally:
        db.close()


def test_first_start_creates_the_administrator_in_the_browser(live_server, open_page):
    db = live_server.open_database()  # a new store: migrated, no account
    try:
        assert db.scalar("SELECT count(*) FROM users") == 0
    finally:
        db.close()
    live_server.start()
    page = open_page("desktop")
    page.goto(live_server.url)
    wait_for_app(page)
    page.get_by_role("heading", name="Pierwsze uruchomienie").wait_for()
    assert page.get_by_text("aplikacja nie ma domyślnego hasła").is_visible()
    screenshot(page, "login_first_start")

    page.get_by_label("Imię i nazwisko").fill("Anna Admin")
    page.get_by_label("Login", exact=True).fill("admin")
    page.get_by_label("Hasło", exact=True).fill("Mocne-haslo-2024")
    page.get_by_label("Powtórz hasło").fill("Mocne-haslo-2024")
    page.get_by_role("button", name="Utwórz administratora").click()
    page.get_by_text("Administrator utworzony. Zaloguj się.").wait_for()
    assert page.get_by_role("heading", name="Pierwsze uruchomienie").count() == 0
    screenshot(page, "login_after_first_start")

    sign_in(page, "admin", "Mocne-haslo-2024")
    page.get_by_text("Zalogowano: Anna Admin (Administrator)").wait_for()
    page.get_by_role("button", name="Administracja").click()  # the menu's administration pages
    assert page.get_by_role("link", name="Konta").is_visible()
    screenshot(page, "login_first_admin_signed_in")

    live_server.stop()
    db = live_server.open_database()
    try:
        admin = users.get_by_login(db, "admin")
        assert admin["role"] == "admin"
        assert verify_password(admin["password_hash"], "Mocne-haslo-2024")
    finally:
        db.close()
