"""Navigation per role: the menu offers only the role's pages; any other page asked for by its
URL shows a Polish refusal and none of that page's content; before login every page URL
shows the login form."""

from __future__ import annotations

import pytest

from accounts.permissions import pages_for
from accounts.roles import Role
from i18n import format_count, t
from tests.apptest.driver import (
    FORBIDDEN,
    HOME_TITLE,
    LOGIN_TITLE,
    PROJECT,
    form_ids,
    open_url_path,
    sign_in,
    signed_in_as,
    start,
    texts,
)
from tests.conftest import PASSWORD

# URL path -> (menu title, title at the top of the page), in Polish
ADMIN_PAGES = {
    "wydzialy": (t("nav.admin_departments"), t("admin.departments.title")),
    "pracownicy": (t("nav.admin_employees"), t("admin.employees.title")),
    "konta": (t("nav.admin_accounts"), t("admin.accounts.title")),
    "dziennik": (t("nav.admin_audit"), t("admin.audit.title")),
}
SUPERVISOR_PAGES = {
    "obserwacja": (t("nav.observe"), t("observe.title")),
    "moje-obserwacje": (t("nav.my_observations"), t("mine.title")),
}
ADMIN_MENU = {menu for menu, _ in ADMIN_PAGES.values()}
SUPERVISOR_MENU = {menu for menu, _ in SUPERVISOR_PAGES.values()}
COMMON = {t("nav.home"), t("nav.account")}
ROLE_OF = {
    "admin": Role.ADMIN,
    "starosta": Role.MANAGEMENT,
    "kierownik.km": Role.SUPERVISOR,
    "kowalska": Role.EMPLOYEE,
}
NOT_ADMINS = ["starosta", "kierownik.km", "kowalska"]


def _refused(at) -> None:
    """The refusal and nothing of the page behind it."""
    assert not at.exception
    assert texts(at.error) == [FORBIDDEN]
    assert not at.title
    assert not at.dataframe
    assert not form_ids(at)


@pytest.mark.parametrize("login", ROLE_OF)
def test_menu_offers_exactly_the_pages_the_role_may_open(db, office, menu, login):
    at = sign_in(start(), login, PASSWORD)
    offered = menu.offered()
    assert offered == {t(f"nav.{page}") for page in pages_for(ROLE_OF[login])}
    assert offered >= COMMON
    assert (offered >= ADMIN_MENU) == (login == "admin")
    assert not (ADMIN_MENU & offered) or login == "admin"
    assert (offered >= SUPERVISOR_MENU) == (login == "kierownik.km")
    assert not (SUPERVISOR_MENU & offered) or login == "kierownik.km"
    # the start page lists the same screens
    listed = {m.value.removeprefix("- ") for m in at.markdown if m.value.startswith("- ")}
    assert listed == offered - {t("nav.home")}


@pytest.mark.parametrize("url_path", ADMIN_PAGES)
def test_admin_opens_every_admin_page_by_url(db, office, url_path):
    at = open_url_path(sign_in(start(), "admin", PASSWORD), url_path)
    assert not at.exception
    assert texts(at.title) == [ADMIN_PAGES[url_path][1]]
    assert FORBIDDEN not in texts(at.error)


@pytest.mark.parametrize("login", NOT_ADMINS)
@pytest.mark.parametrize("url_path", ADMIN_PAGES)
def test_admin_pages_are_refused_to_other_roles(db, office, login, url_path):
    at = open_url_path(sign_in(start(), login, PASSWORD), url_path)
    _refused(at)
    assert ADMIN_PAGES[url_path][1] not in texts(at.title)


@pytest.mark.parametrize("login", ["admin", "starosta", "kowalska"])
@pytest.mark.parametrize("url_path", SUPERVISOR_PAGES)
def test_observation_pages_are_refused_to_everyone_but_supervisors(db, office, login, url_path):
    at = open_url_path(sign_in(start(), login, PASSWORD), url_path)
    _refused(at)
    assert SUPERVISOR_PAGES[url_path][1] not in texts(at.title)


@pytest.mark.parametrize("url_path", SUPERVISOR_PAGES)
def test_supervisor_opens_the_observation_pages(db, office, url_path):
    at = open_url_path(sign_in(start(), "kierownik.km", PASSWORD), url_path)
    assert not at.exception
    assert texts(at.title) == [SUPERVISOR_PAGES[url_path][1]]
    assert FORBIDDEN not in texts(at.error)


def test_refused_page_keeps_the_signed_in_menu(db, office, menu):
    at = open_url_path(sign_in(start(), "kowalska", PASSWORD), "konta")
    assert menu.offered() == {t(f"nav.{page}") for page in pages_for(Role.EMPLOYEE)}
    assert signed_in_as(at) == "Zalogowano: Anna Kowalska (Pracownik)"
    at = open_url_path(at, "start")
    assert texts(at.title) == [HOME_TITLE]


@pytest.mark.parametrize("url_path", [*ADMIN_PAGES, *SUPERVISOR_PAGES, "konto", "start", "nie-ma-takiej"])
def test_anonymous_request_for_any_page_gets_the_login_form(db, office, url_path):
    at = open_url_path(start(), url_path)
    assert not at.exception
    assert texts(at.title) == [LOGIN_TITLE]
    assert form_ids(at) == ["login"]
    assert not at.dataframe


def test_bookmarked_page_opens_after_signing_in(db, office):
    at = open_url_path(start(), "konta")
    at = sign_in(at, "admin", PASSWORD)
    assert texts(at.title) == ["Konta użytkowników"]


@pytest.mark.parametrize("page_file", sorted(p.name for p in (PROJECT / "pages").glob("[!_]*.py")))
def test_a_pages_file_run_on_its_own_shows_nothing(db, office, page_file):
    """Before any st.navigation call Streamlit runs a file of pages/ asked for by name; each
    only defines render(), so running one that way puts nothing on the screen."""
    at = start()
    fresh = type(at).from_file(str(PROJECT / "app.py"), default_timeout=30)
    fresh.switch_page(f"pages/{page_file}").run()
    assert not fresh.exception
    assert len(fresh.main.children) == 0
    assert not form_ids(fresh)


def declared_language(at) -> str | None:
    """The language the page's script puts into <html lang> (ui/style.py page_language)."""
    scripts = [
        element.proto.body for element in at.get("html") if "documentElement.lang" in element.proto.body
    ]
    assert len(scripts) <= 1
    return scripts[0].split("documentElement.lang = ")[1].split(";")[0].strip('"') if scripts else None


def test_pages_declare_the_users_language_and_a_change_is_confirmed(db, office):
    at = start()
    assert declared_language(at) == "pl"  # the login form
    at = open_url_path(sign_in(at, "starosta", PASSWORD), "konto")
    assert declared_language(at) == "pl"
    [language] = [radio for radio in at.radio if radio.label == t("account.language")]
    language.set_value("en")
    at.run()
    assert not at.exception
    assert texts(at.success) == ["Interface language saved: English."]  # shown after the rerun
    assert declared_language(at) == "en"
    assert texts(at.title) == ["My account"]
    assert "Signed in: Starosta (Management)" in texts(at.caption)


def test_the_start_page_counts_the_handbook_with_polish_plurals(db, office):
    at = sign_in(start(), "kowalska", PASSWORD)
    assert texts(at.title) == [HOME_TITLE]
    [line] = [m.value for m in at.markdown if m.value.startswith("Obowiązująca wersja podręcznika")]
    # ten standards and 149 items (tests/unit checks the counts): "10 standardów", "149 pozycji"
    assert line.endswith(" · 10 standardów · 149 pozycji list kontrolnych"), line


def test_a_count_of_standards_takes_the_polish_plural():
    counts = [format_count(n, "standard") for n in (1, 2, 5, 12, 22, 25)]
    assert counts == [
        "1 standard",
        "2 standardy",
        "5 standardów",
        "12 standardów",
        "22 standardy",
        "25 standardów",
    ]
