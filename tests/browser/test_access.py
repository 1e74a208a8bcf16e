"""Who can open which page by typing its URL: an anonymous visitor gets the login form, a
supervisor gets a refusal for an administration page, an administrator gets the page; and on
a freshly started server the very first request, straight to a file of pages/ by its name,
shows none of that page's content. Desktop screenshots go to test-artifacts/access_*.png."""

from __future__ import annotations

import pytest

from accounts.service import create_account
from storage.departments import add_department
from tests.browser.conftest import screenshot, sign_in, wait_for_app
from tests.conftest import PASSWORD
from tests.seeding import add_account

# URL path -> heading of the administration page behind it
ADMIN_PAGES = {
    "wydzialy": "Wydziały (komórki organizacyjne)",
    "pracownicy": "Pracownicy",
    "konta": "Konta użytkowników",
    "dziennik": "Dziennik zmian",
}
# Headings of the forms on the administration pages.
ADMIN_FORMS = ("Nowy wydział", "Nowy pracownik", "Nowe konto", "Zmień konto", "Zmień wydział")
# Sidebar titles Streamlit gives the files of pages/ when it serves that folder by name.
FILE_TITLES = ("admin accounts", "admin audit", "admin departments", "admin employees", "my observations")


def seed(server) -> None:
    db = server.open_database()
    try:
        create_account(db, login="admin", password=PASSWORD, role="admin", display_name="Admin", actor="test")
        km = add_department(db, "KM", "Wydział Komunikacji", "test")
        add_account(db, "kierownik.km", "supervisor", "Kierownik KM", [km])
    finally:
        db.close()


def headings(page) -> list[str]:
    return [text.strip() for text in page.locator("h1, h2, h3").all_inner_texts()]


def assert_no_admin_content(page) -> None:
    texts = headings(page)
    assert not any(title in texts for title in ADMIN_PAGES.values()), texts
    assert page.get_by_text("Konta użytkowników").count() == 0
    assert page.locator('[data-testid="stDataFrame"]').count() == 0
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    assert not set(ADMIN_FORMS) & set(texts), texts
    assert page.get_by_role("button", name="Dodaj").count() == 0


def login_form_only(page) -> None:
    """The login form and its button are the only form on the screen."""
    page.get_by_role("button", name="Zaloguj się").wait_for()
    assert page.locator('[data-testid="stForm"]').count() == 1
    assert page.get_by_label("Login", exact=True).is_visible()


def open_url(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_timeout(500)


def test_anonymous_visitor_gets_the_login_form_on_every_admin_url(live_server, open_page):
    seed(live_server)
    live_server.start()
    page = open_page("desktop")
    for path in ADMIN_PAGES:
        open_url(page, f"{live_server.url}/{path}")
        login_form_only(page)
        assert_no_admin_content(page)
        assert page.get_by_text("Zalogowano:").count() == 0
    screenshot(page, "access_anonymous_admin_url")


def test_supervisor_is_refused_the_accounts_page_by_url(live_server, open_page):
    seed(live_server)
    live_server.start()
    page = open_page("desktop")
    sign_in(page, live_server.url, "kierownik.km")
    for path in ADMIN_PAGES:
        open_url(page, f"{live_server.url}/{path}")
        page.get_by_text("Ta strona nie jest dostępna dla Twojej roli.").wait_for()
        assert_no_admin_content(page)
        page.get_by_text("Zalogowano: Kierownik KM (Przełożony)").wait_for()
    assert page.get_by_role("link", name="Konta").count() == 0
    screenshot(page, "access_supervisor_refused")


def test_administrator_opens_the_accounts_page_by_url(live_server, open_page):
    seed(live_server)
    live_server.start()
    page = open_page("desktop")
    sign_in(page, live_server.url, "admin")
    open_url(page, f"{live_server.url}/konta")
    page.get_by_role("heading", name="Konta użytkowników").wait_for()
    assert page.locator('[data-testid="stDataFrame"]').count() == 1
    assert "Nowe konto" in headings(page)
    assert page.get_by_role("button", name="Dodaj").is_visible()
    assert page.get_by_text("Ta strona nie jest dostępna dla Twojej roli.").count() == 0
    screenshot(page, "access_admin_accounts")


@pytest.mark.parametrize("name", ["admin_accounts", "admin_departments", "observe"])
def test_first_request_to_a_pages_file_shows_no_content(live_server, open_page, name):
    """Streamlit serves the files of pages/ by name until a session has run st.navigation;
    on a new server the first visitor can ask for one before app.py ever ran."""
    seed(live_server)
    live_server.start()
    page = open_page("desktop")
    open_url(page, f"{live_server.url}/{name}")
    page.wait_for_timeout(1000)
    screenshot(page, f"access_first_request_{name}")
    assert_no_admin_content(page)
    forms = page.locator('[data-testid="stForm"]').count()
    if forms:
        login_form_only(page)
    assert page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').count() == 0
    assert page.get_by_text("Zalogowano:").count() == 0
    # nor the list of the files of pages/
    for title in FILE_TITLES:
        assert page.get_by_text(title, exact=True).count() == 0, title
