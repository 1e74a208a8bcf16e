"""The improvement actions page in Chromium, with actions in the register (the shared staff
office has none): a supervisor's own overdue action on top, the list and, for a chosen action,
its tabs. At tablet (1024 x 768) and phone (390 x 844) size: no axe violation, no English word,
touch targets of at least 44 px, no sideways scrolling; screenshots test-artifacts/actions_*.png.
From an observation's critical breach to a saved action for the employee at tablet size.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from accounts.service import CurrentUser
from services import actions
from storage import users
from storage.db import now
from storage.departments import list_departments
from storage.employees import list_employees
from tests.browser.conftest import no_horizontal_scroll, screenshot, sign_in, wait_for_app
from tests.browser.staff_office import open_path
from tests.browser.test_accessibility import audit
from tests.browser.test_polish_text import (
    MAIN,
    Scan,
    open_drop_down,
    open_every_drop_down,
    open_tabs_and_expanders,
    type_into_fields,
)
from tests.browser.test_staff_accessibility import small_targets
from tests.seeding import CHECKLISTS, add_account, add_observation, demo_office_for_a_server


def seed(server) -> None:
    """A small demo office (an administrator, the manager "zarzad"), KM's supervisor and three
    actions of KM owned by him: one overdue, one in progress, one closed."""
    demo_office_for_a_server(server, months=1, ratings=100, observations=40, seed=5)
    db = server.open_database()
    try:
        km = next(d["id"] for d in list_departments(db) if d["code"] == "KM")
        supervisor = add_account(db, "kierownik.km", "supervisor", "Kierownik KM", [km])
        manager = CurrentUser.from_row(users.get_by_login(db, "zarzad"))
        standard = CHECKLISTS.standards[0]
        raised = {}
        for title, item in [
            ("Ujednolicić powitanie Klienta przy okienku", standard.items[0].id),
            ("Uzupełnić oznakowanie stanowisk na parterze", None),
            ("Przeszkolić zespół z obsługi Klientów z niepełnosprawnościami", None),
        ]:
            raised[title] = actions.create(
                db,
                CHECKLISTS,
                manager,
                department_id=km,
                title=title,
                reason="Powtarzające się uwagi w obserwacjach i komentarzach Klientów.",
                owner_id=supervisor,
                due_date=now().date() + timedelta(days=10),
                standard_id=standard.id,
                item_id=item,
            )
        first, second, third = raised.values()
        db.write(
            lambda c: c.execute(
                "UPDATE improvement_actions SET due_date = current_date - 5 WHERE id = ?", [first]
            )
        )
        actions.update(db, manager, second, status="in_progress")
        actions.update(db, manager, third, status="in_progress")
        actions.close(db, manager, third, "Szkolenie stanowiskowe odbyło się.")
    finally:
        db.close()


@pytest.mark.parametrize("viewport", ["tablet_landscape", "phone"])
def test_the_actions_page_is_accessible_polish_and_fits(live_server, open_page, viewport):
    seed(live_server)
    live_server.start()
    page = open_page(viewport)
    page.set_default_timeout(45_000)
    sign_in(page, live_server.url, "kierownik.km")
    open_path(page, live_server.url, "dzialania")
    page.get_by_text("Twoje działania po terminie (1):").wait_for()
    assert "Otwarte: 2 · Po terminie: 1 · Zamknięte w tym kwartale: 1" in page.inner_text("body")
    screenshot(page, f"actions_{viewport}_register")
    page.get_by_text("Ocena skuteczności:").scroll_into_view_if_needed()  # the closed action's check
    screenshot(page, f"actions_{viewport}_effectiveness")
    scan = Scan(page)
    scan("/dzialania")
    open_every_drop_down(page, scan, "/dzialania")  # the filter and the new action's choices
    type_into_fields(page, scan, "/dzialania")
    # choose the action in progress: its tabs (change, close, cancel) appear
    page.get_by_label("Działanie", exact=True).click()
    page.get_by_role(
        "option", name="Uzupełnić oznakowanie stanowisk na parterze (Wydział Komunikacji)"
    ).click()
    page.get_by_role("tab", name="Zamknij").wait_for()
    wait_for_app(page)
    page.locator(f"{MAIN} [data-testid='stTabs']").evaluate("e => e.scrollIntoView()")  # the tabs on top
    screenshot(page, f"actions_{viewport}_chosen")
    audit(page, f"actions at {viewport}")
    assert not small_targets(page), small_targets(page)
    assert no_horizontal_scroll(page)
    # the chosen action's own drop-downs (Escape would clear the choice of the action above them)
    for field in page.locator(f"{MAIN} [data-testid='stTabs'] [data-testid='stSelectbox'] input").all():
        open_drop_down(page, field)
        scan("/dzialania, the chosen action's drop-down open")
        page.keyboard.press("Escape")
    open_tabs_and_expanders(page, scan, "/dzialania")
    assert not scan.found, "\n".join(scan.found)


def test_the_dashboard_link_opens_the_prefilled_form(live_server, open_page):
    seed(live_server)
    live_server.start()
    page = open_page("tablet_landscape")
    page.set_default_timeout(45_000)
    sign_in(page, live_server.url, "zarzad")
    open_path(page, live_server.url, "pulpit")
    link = page.get_by_role("link", name="Zaplanuj działanie dla tego pola")
    link.wait_for()
    box = link.bounding_box()
    assert box["height"] >= 44, box  # a touch target like every other link
    link.click()
    page.get_by_text("Działanie dla pola mapy cieplnej, okres").wait_for()
    wait_for_app(page)
    assert "/dzialania?" in page.url and "wydzial=" in page.url and "standard=" in page.url
    # the status filter, then the new action's department and standard: both chosen already
    _, department, standard = page.locator(f"{MAIN} [data-testid='stSelectbox']").all()[:3]
    assert "Wybierz wydział" not in department.inner_text(), department.inner_text()
    assert "Wybierz standard" not in standard.inner_text(), standard.inner_text()
    screenshot(page, "actions_from_dashboard")


def test_from_a_critical_breach_in_an_observations_detail_to_a_saved_action(live_server, open_page):
    """KM's supervisor opens his observation of an employee with a critical breach: the warning
    offers "Zaplanuj działanie", which opens the form with the department, standard, item,
    employee and the observation as the source; the saved action keeps them."""
    seed(live_server)
    db = live_server.open_database()
    try:
        km = next(d["id"] for d in list_departments(db) if d["code"] == "KM")
        employee = list_employees(db, department_ids=[km])[0]
        supervisor = users.get_by_login(db, "kierownik.km")["id"]
        standard = CHECKLISTS.standards[0]
        critical = next(item for item in standard.items if item.critical)
        observation_id = add_observation(
            db,
            department=km,
            employee=employee["id"],
            observer=supervisor,
            at=now().replace(microsecond=0) - timedelta(hours=3),
            answers={item.id: "nie" if item.id == critical.id else "tak" for item in standard.items},
            comments={critical.id: "Komentarz o Kliencie przy innych interesantach."},
        )
    finally:
        db.close()
    live_server.start()
    page = open_page("tablet_landscape")
    page.set_default_timeout(45_000)
    sign_in(page, live_server.url, "kierownik.km")
    open_path(page, live_server.url, "moje-obserwacje")
    page.get_by_text(f"Naruszenie krytyczne: „{critical.label}”").wait_for()
    link = page.get_by_role("link", name="Zaplanuj działanie", exact=True)
    link.scroll_into_view_if_needed()
    assert link.bounding_box()["height"] >= 44, link.bounding_box()  # a touch target
    screenshot(page, "actions_offer_critical_breach")
    link.click()
    page.get_by_text("Działanie z obserwacji z").first.wait_for()  # the caption (the reason repeats it)
    wait_for_app(page)
    assert "zrodlo=obserwacja" in page.url and f"ref={observation_id}" in page.url
    page.get_by_label("Pracownik (opcjonalnie)").scroll_into_view_if_needed()  # the employee, chosen
    screenshot(page, "actions_form_from_breach")
    page.get_by_label("Co zrobić", exact=True).fill("Omówić z pracownikiem ocenianie Klientów")
    page.get_by_label("Odpowiedzialny", exact=True).click()
    page.get_by_role("option", name="Kierownik KM").click()
    page.get_by_role("button", name="Zapisz działanie").click()
    saved = page.get_by_text("Zapisano działanie „Omówić z pracownikiem ocenianie Klientów”.")
    saved.wait_for()
    wait_for_app(page)
    assert page.get_by_label("Co zrobić", exact=True).input_value() == ""  # nothing to save twice
    saved.scroll_into_view_if_needed()
    screenshot(page, "actions_saved_from_breach")
    live_server.stop()  # the server owns the file until it stops
    db = live_server.open_database()
    try:
        assert db.query(
            "SELECT source_kind, source_ref, standard_id, item_id, employee_id, department_id FROM improvement_actions "
            "WHERE title = 'Omówić z pracownikiem ocenianie Klientów'"
        ) == [("observation_item", str(observation_id), standard.id, critical.id, employee["id"], km)]
    finally:
        db.close()
