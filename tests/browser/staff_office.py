"""A demo office with one account per role and real content on every staff page, served by one
server per test module: the accessibility audit and the Polish-text scan open every page of every
role with the data an office has after a few months (charts, tables, drafts, own results).

Accounts (password tests.conftest.PASSWORD): "admin", "zarzad" (management), "kierownik.km"
(supervisor of KM, with sent observations and a draft of his own), "kowalska" (an employee of
KM whose observations those are) and "manager.en" (management, English interface).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from accounts.permissions import PAGE_ROLES
from accounts.roles import Role
from accounts.service import create_account
from checklists.schema import Kind
from storage import users
from storage.db import now
from storage.departments import list_departments
from storage.employees import list_employees
from tests.browser.conftest import VIEWPORTS, server_on_store, sign_in, wait_for_app
from tests.conftest import PASSWORD
from tests.seeding import CHECKLISTS, NA, N, T, add_observation, fill_demo, start_draft
from ui.navigation import STAFF_PAGES

# role -> (login, display name) of its account
ACCOUNTS = {
    Role.ADMIN: ("admin", "Anna Admin"),
    Role.MANAGEMENT: ("zarzad", "Zofia Zarząd"),
    Role.SUPERVISOR: ("kierownik.km", "Kierownik KM"),
    Role.EMPLOYEE: ("kowalska", "Anna Kowalska"),
}
ENGLISH_MANAGER = ("manager.en", "Mary Manager")
# Items answered "nie" in the seeded observations (one of them critical), with a comment.
NOT_MET = ("IDE-03", "WYG-01", "PRO-02")


def seed(server) -> None:
    """The demo office, four accounts, six sent observations of the employee and a draft."""
    db = fill_demo(server.open_database(), months=4, ratings=1500, observations=200, seed=13)
    try:
        km = next(d["id"] for d in list_departments(db) if d["code"] == "KM")
        employee = list_employees(db, department_ids=[km])[0]["id"]
        ids = {}
        for role, (login, name) in ACCOUNTS.items():
            ids[role] = create_account(
                db,
                login=login,
                password=PASSWORD,
                role=role,
                display_name=name,
                actor="test",
                department_ids=[km] if role is Role.SUPERVISOR else [],
                employee_id=employee if role is Role.EMPLOYEE else None,
            )
        english = create_account(
            db,
            login=ENGLISH_MANAGER[0],
            password=PASSWORD,
            role=Role.MANAGEMENT,
            display_name=ENGLISH_MANAGER[1],
            actor="test",
        )
        users.update_user(db, english, {"language": "en"}, "test")
        entries = CHECKLISTS.entries_for(Kind.IN_PERSON)
        for days in range(6):
            answers = {e.item.id: (N if e.item.id in NOT_MET else T) for e in entries}
            answers[entries[-1].item.id] = NA
            add_observation(
                db,
                department=km,
                employee=employee,
                observer=ids[Role.SUPERVISOR],
                at=now().replace(microsecond=0) - timedelta(days=3 + 9 * days),
                answers=answers,
                comments={item: "Do omówienia na rozmowie." for item in NOT_MET},
            )
        start_draft(db, ids[Role.SUPERVISOR], km, employee)
    finally:
        db.close()


def role_paths(role: Role) -> list[str]:
    """URL paths of the pages `role` may open, in the menu's order; the start page is the root
    (app.py makes it the default page; server.py redirects /start there)."""
    return [
        "" if key == "home" else path
        for key, (_, path, _, _) in STAFF_PAGES.items()
        if role in PAGE_ROLES[key]
    ]


@pytest.fixture(scope="module")
def staff_office(tmp_path_factory, request):
    """The server of the seeded office (module scope: seeding and start-up take a while)."""
    with server_on_store(request, tmp_path_factory.mktemp("staff-office"), "office") as server:
        seed(server)
        yield server.start(timeout=120)


@pytest.fixture(scope="module")
def role_page(browser, staff_office):
    """role_page(role, viewport) -> a page signed in as `role` at that size, one context each."""
    pages = {}

    def get(role: Role, viewport: str = "desktop"):
        if (role, viewport) not in pages:
            context = browser.new_context(viewport=VIEWPORTS[viewport], locale="pl-PL")
            context.set_default_timeout(45_000)
            page = context.new_page()
            sign_in(page, staff_office.url, ACCOUNTS[role][0])
            pages[role, viewport] = page
        return pages[role, viewport]

    yield get
    for page in pages.values():
        page.context.close()


def open_path(page, base_url: str, path: str) -> None:
    """Open /path by URL (never through the menu) and wait until the page has run."""
    page.goto(f"{base_url}/{path}")
    wait_for_app(page)
    page.locator('[data-testid="stMain"] h1').first.wait_for()
    wait_for_app(page)
