"""Every staff page URL against every kind of visitor, in Chromium.

For each URL path of app.STAFF_PAGES and each actor (anonymous, a kiosk token on that path, an
employee, a supervisor, a supervisor of another department, management, an administrator):
an allowed page opens by URL with its own title, a forbidden one does not (the login form for
an anonymous visitor, the Polish refusal for a signed-in role, only the client form for a
kiosk URL). Which role may open what comes from accounts.permissions.PAGE_ROLES alone, and each
page's title from the st.title call of its render function: nothing here restates either.
One server and one browser context per actor serve all the paths.

Also: the supervisor of another department cannot open a department's observation by its URL
nor preselect its employee, and a session idle longer than JAKOSC_SESSION_IDLE_MINUTES ends
(the server is stopped, the session's last-seen time moved back, the server started again).
"""

from __future__ import annotations

import inspect
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from accounts.permissions import PAGE_ROLES
from accounts.roles import ROLE_LABELS, Role
from accounts.service import create_account
from i18n import MESSAGES
from storage import kiosks
from storage.db import now
from storage.departments import add_department
from storage.employees import add_employee
from tests.browser.conftest import VIEWPORTS, screenshot, server_on_store, sign_in, wait_for_app
from tests.conftest import PASSWORD
from tests.seeding import start_draft
from ui.navigation import STAFF_PAGES  # app.STAFF_PAGES, without running the app

REFUSAL = MESSAGES["app.forbidden"]["pl"]
ERROR = MESSAGES["app.error"]["pl"].split("(")[0].strip()
EXPIRED = MESSAGES["app.session_expired"]["pl"]
TIMEOUT_MS = 45_000  # generous: two shared cores, other suites running too

# actor -> (login, role, display name) of the signed-in ones; the two others have no account
ACCOUNTS = {
    "employee": ("kowalska", Role.EMPLOYEE, "Anna Kowalska"),
    "supervisor": ("kierownik.km", Role.SUPERVISOR, "Kierownik KM"),
    "supervisor_of_another_department": ("kierownik.gk", Role.SUPERVISOR, "Kierownik GK"),
    "management": ("starosta", Role.MANAGEMENT, "Starosta"),
    "admin": ("admin", Role.ADMIN, "Admin"),
}
ACTORS = ("anonymous", "kiosk", *ACCOUNTS)


def msg(key: str) -> str:
    return MESSAGES[key]["pl"]


def page_title(key: str) -> str:
    """The Polish title a page shows: the message its module (render() or a function it calls)
    passes to st.title, the only one."""
    source = inspect.getsource(inspect.getmodule(STAFF_PAGES[key][0]))
    titles = re.findall(r'st\.title\(\s*t\(\s*"([^"]+)"', source)
    assert len(titles) == 1, f"not one st.title(t(...)) in the page module of {key}: {titles}"
    return msg(titles[0])


def test_the_matrix_covers_every_page_and_role():
    """The table is complete, so the browser tests below cover the whole of it."""
    assert set(PAGE_ROLES) == set(STAFF_PAGES)
    assert {role for _, role, _ in ACCOUNTS.values()} == set(Role)
    titles = {key: page_title(key) for key in STAFF_PAGES}
    assert len(set(titles.values())) == len(titles), titles  # a title tells the pages apart
    assert msg("app.title") not in titles.values()  # ... and from the login form


# --- one server for the matrix ------------------------------------------------------------------


def seed(server) -> dict:
    """Two departments with staff, one account per actor, a kiosk, and a draft observation of
    KM's employee by KM's supervisor; closed again before the server opens the file."""
    db = server.open_database()
    try:
        km = add_department(db, "KM", "Wydział Komunikacji", "test")
        gk = add_department(db, "GK", "Wydział Geodezji i Kartografii", "test")
        kowalska = add_employee(
            db, {"department_id": km, "first_name": "Anna", "last_name": "Kowalska"}, "test"
        )
        add_employee(db, {"department_id": gk, "first_name": "Ewa", "last_name": "Wiśniewska"}, "test")
        ids = {}
        for actor, (login, role, name) in ACCOUNTS.items():
            scope = {"supervisor": [km], "supervisor_of_another_department": [gk]}.get(actor, [])
            ids[actor] = create_account(
                db,
                login=login,
                password=PASSWORD,
                role=role,
                display_name=name,
                actor="test",
                department_ids=scope,
                employee_id=kowalska if role is Role.EMPLOYEE else None,
            )
        draft = start_draft(db, ids["supervisor"], km, kowalska)
        total = db.scalar("SELECT count(*) FROM observation_answers WHERE observation_id = ?", [draft])
        _, token = kiosks.add_kiosk(db, "Kiosk parter", None, "test")
    finally:
        db.close()
    return {"kowalska": kowalska, "draft": draft, "items": total, "kiosk": token}


@pytest.fixture(scope="module")
def office(tmp_path_factory, request):
    with server_on_store(request, tmp_path_factory.mktemp("access-matrix"), "office") as server:
        data = seed(server)
        yield server.start(timeout=120), data


@pytest.fixture(scope="module")
def actor_page(browser, office):
    """actor_page(actor) -> that actor's page, in one context per actor (signed in once)."""
    server, _ = office
    pages = {}

    def get(actor: str):
        if actor not in pages:
            context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="pl-PL")
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            if actor in ACCOUNTS:
                sign_in(page, server.url, ACCOUNTS[actor][0])
            pages[actor] = page
        return pages[actor]

    yield get
    for page in pages.values():
        page.context.close()


def open_url(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def main_headings(page) -> list[str]:
    return [text.strip() for text in page.locator('[data-testid="stMain"] h1').all_inner_texts()]


def login_form(page) -> None:
    expect(page.get_by_role("button", name="Zaloguj się")).to_be_visible()
    assert page.locator('[data-testid="stForm"]').count() == 1
    assert main_headings(page) == [msg("app.title")]
    assert page.get_by_text("Zalogowano:").count() == 0
    assert page.locator('[data-testid="stSidebar"]').count() == 0
    assert page.locator(".st-key-menu_bar").count() == 0


def menu_paths(page) -> set[str]:
    """URL paths of the menu bar's page links, those of its drop-downs (improvement,
    administration) included (the default page links to the root)."""
    paths = "links => links.map(a => new URL(a.href).pathname)"
    hrefs = page.locator(".st-key-menu_links a").evaluate_all(paths)  # drop-downs' bodies are elsewhere
    drop_downs = page.locator(".st-key-menu_links [data-testid='stPopover'] button")
    for number in range(drop_downs.count()):
        drop_downs.nth(number).click()
        body = page.get_by_test_id("stPopoverBody")
        body.wait_for()
        hrefs += body.locator("a").evaluate_all(paths)
        page.keyboard.press("Escape")
        expect(body).to_have_count(0)
    default = STAFF_PAGES["home"][1]  # app.py: default=key == "home"
    return {href.strip("/") or default for href in hrefs}


# --- the matrix ---------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
def test_each_page_url_opens_only_for_the_roles_allowed(office, actor_page, actor):
    server, data = office
    page = actor_page(actor)
    titles = {key: page_title(key) for key in STAFF_PAGES}
    opened, refused = [], []
    if actor in ACCOUNTS:
        _, role, name = ACCOUNTS[actor]
        allowed = {key for key, roles in PAGE_ROLES.items() if role in roles}
        open_url(page, server.url)
        who = f"Zalogowano: {name} ({ROLE_LABELS['pl'][role]})"
        expect(page.get_by_text(who)).to_be_visible()
        # the menu offers exactly the pages of the role
        assert menu_paths(page) == {STAFF_PAGES[key][1] for key in allowed}

    for key, (_, path, _, _) in STAFF_PAGES.items():
        where = f"{actor} on /{path}"
        if actor == "anonymous":
            open_url(page, f"{server.url}/{path}")
            login_form(page)
            refused.append(path)
        elif actor == "kiosk":
            open_url(page, f"{server.url}/{path}?kiosk={data['kiosk']}")
            main = page.locator('[data-testid="stMain"]')
            expect(main.locator("h1")).to_have_text(msg("survey.title"))
            assert main_headings(page) == [msg("survey.title")], where
            assert page.locator('[data-testid="stSidebar"]').count() == 0, where
            assert page.locator(".st-key-menu_bar").count() == 0, where
            assert page.get_by_role("button", name="Zaloguj się").count() == 0, where
            assert not set(titles.values()) & set(main.locator("h1, h2, h3").all_inner_texts()), where
            refused.append(path)
        elif key in allowed:
            open_url(page, f"{server.url}/{path}")
            expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(titles[key])
            wait_for_app(page)
            assert main_headings(page) == [titles[key]], where
            assert page.get_by_text(REFUSAL).count() == 0, where
            assert page.get_by_text(ERROR).count() == 0, f"{where}: the page failed"
            assert page.locator('[data-testid="stException"]').count() == 0, where
            expect(page.get_by_text(who)).to_be_visible()
            opened.append(path)
        else:
            open_url(page, f"{server.url}/{path}")
            expect(page.get_by_text(REFUSAL, exact=True)).to_be_visible()
            wait_for_app(page)
            assert main_headings(page) == [], where
            assert page.locator('[data-testid="stForm"]').count() == 0, where
            expect(page.get_by_text(who)).to_be_visible()  # still signed in, just refused
            refused.append(path)
    print(f"\n{actor}: opened {opened or '-'}; refused {refused}")
    screenshot(page, f"access_matrix_{actor}")
    if actor in ACCOUNTS:
        assert sorted(opened) == sorted(STAFF_PAGES[key][1] for key in allowed)


def test_a_supervisor_of_another_department_cannot_open_its_observation(office, actor_page):
    server, data = office
    draft, total = data["draft"], data["items"]
    url = f"{server.url}/{STAFF_PAGES['observe'][1]}"

    own = actor_page("supervisor")
    open_url(own, f"{url}?obserwacja={draft}")
    expect(own.get_by_text(f"Odpowiedzi: 0 z {total}")).to_be_visible()
    expect(own.locator(f".st-key-answer_{draft}_IDE-01")).to_be_visible()

    other = actor_page("supervisor_of_another_department")
    open_url(other, f"{url}?obserwacja={draft}")
    expect(other.get_by_text("Nie znaleziono takiej obserwacji wśród Twoich obserwacji.")).to_be_visible()
    assert other.locator('[data-testid="stProgress"]').count() == 0
    assert other.locator(f'[class*="st-key-answer_{draft}_"]').count() == 0
    assert other.get_by_text("Kowalska").count() == 0
    screenshot(other, "access_matrix_other_department_observation")

    open_url(other, f"{url}?pracownik={data['kowalska']}")
    expect(other.get_by_text(msg("observe.employee_not_in_scope"))).to_be_visible()
    assert other.get_by_text("Kowalska").count() == 0
    # what it may start is an observation in its own department only
    department = other.get_by_role("combobox", name=msg("common.department"))
    expect(department).to_have_value("Wydział Geodezji i Kartografii")
    department.click()
    options = other.get_by_role("option")
    options.first.wait_for()
    assert options.all_inner_texts() == ["Wydział Geodezji i Kartografii"]
    other.keyboard.press("Escape")


# --- idle sessions --------------------------------------------------------------------------------


def set_last_seen(server, idle_for: timedelta) -> int:
    db = server.open_database()
    try:
        db.write(lambda cursor: cursor.execute("UPDATE sessions SET last_seen_at = ?", [now() - idle_for]))
        return db.scalar("SELECT count(*) FROM sessions WHERE NOT revoked")
    finally:
        db.close()


def test_an_idle_session_expires_after_the_configured_minutes(live_server, open_page, monkeypatch):
    """JAKOSC_SESSION_IDLE_MINUTES=30: a session idle 20 minutes lives on (and is touched);
    one idle 45 minutes (less than the default hour) ends with the login form and its notice."""
    seed(live_server)
    monkeypatch.setenv("JAKOSC_SESSION_IDLE_MINUTES", "30")
    live_server.start()
    page = open_page("desktop")
    page.set_default_timeout(TIMEOUT_MS)
    sign_in(page, live_server.url, "kierownik.km")
    dashboard = f"{live_server.url}/{STAFF_PAGES['dashboard'][1]}"
    open_url(page, dashboard)
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(page_title("dashboard"))

    live_server.stop()  # the server owns the file: change it while no server runs
    assert set_last_seen(live_server, timedelta(minutes=20)) == 1
    live_server.start()  # same port: the browser's cookie goes with the same URL
    open_url(page, dashboard)
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(page_title("dashboard"))
    assert page.get_by_text(EXPIRED).count() == 0

    live_server.stop()
    assert set_last_seen(live_server, timedelta(minutes=45)) == 1
    live_server.start()
    open_url(page, dashboard)
    expect(page.get_by_text(EXPIRED)).to_be_visible()
    login_form(page)
    assert page.get_by_text(REFUSAL).count() == 0
    screenshot(page, "access_matrix_session_expired")

    # signing in again opens the page asked for
    page.get_by_label("Login", exact=True).fill("kierownik.km")
    page.get_by_label("Hasło", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(page_title("dashboard"))
