"""The training page in Chromium at tablet size (1024 x 768): the link an improvement action gives
("/szkolenia?pracownik=…&dzialanie=…") opens the form with the employee, the action and its
standard chosen; the supervisor types the topic and saves a workplace training held by himself
today. The register holds the demo's training (data/demo_training.py). No axe violation, touch
targets of at least 44 px, no sideways scrolling; screenshots test-artifacts/training_*.png."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from accounts.service import CurrentUser
from data.demo_training import add_training
from services import actions
from storage import users
from storage.db import now
from storage.departments import list_departments
from storage.employees import list_employees
from tests.browser.conftest import no_horizontal_scroll, screenshot, sign_in, wait_for_app
from tests.browser.staff_office import open_path
from tests.browser.test_accessibility import audit
from tests.browser.test_polish_text import MAIN
from tests.browser.test_staff_accessibility import small_targets
from tests.seeding import CHECKLISTS, add_account, demo_office_for_a_server

STANDARD = CHECKLISTS.standards[4]
TITLE = "Powitanie Klienta od pierwszej chwili"


def seed(server) -> dict:
    """A small demo office with its training register, KM's supervisor and an open action of KM
    for one of its employees; returns the ids the test needs."""
    demo_office_for_a_server(server, months=2, ratings=100, observations=120, seed=7)
    db = server.open_database()
    try:
        km = next(d["id"] for d in list_departments(db) if d["code"] == "KM")
        supervisor = add_account(db, "kierownik.km", "supervisor", "Kierownik KM", [km])
        employee = list_employees(db, department_ids=[km])[0]
        action_id = actions.create(
            db,
            CHECKLISTS,
            CurrentUser.from_row(users.get_by_login(db, "zarzad")),
            department_id=km,
            title=TITLE,
            reason="Naruszenie w obserwacji: Klient czekał, zanim został zauważony.",
            owner_id=supervisor,
            due_date=now().date() + timedelta(days=21),
            standard_id=STANDARD.id,
        )
        add_training(db, CHECKLISTS, np.random.default_rng(3), now().date())
        return {"employee": employee, "action": action_id, "supervisor": supervisor}
    finally:
        db.close()


def test_a_workplace_training_is_recorded_from_the_actions_link_at_tablet_size(live_server, open_page):
    made = seed(live_server)
    live_server.start()
    page = open_page("tablet_landscape")
    page.set_default_timeout(45_000)
    sign_in(page, live_server.url, "kierownik.km")
    employee = made["employee"]
    open_path(page, live_server.url, f"szkolenia?pracownik={employee['id']}&dzialanie={made['action']}")
    main = page.locator(MAIN)
    main.get_by_role("heading", name="Szkolenia").wait_for()
    assert main.locator("[data-testid='stDataFrame']").count() == 1  # the demo's register of KM
    # the link chose the employee, the action and its standard; the trainer is the supervisor
    name = f"{employee['last_name']} {employee['first_name']} (Wydział Komunikacji)"
    assert name in main.locator("[data-testid='stMultiSelect']").first.inner_text()
    form = main.locator("[data-testid='stForm']").first
    chosen = form.locator("[data-testid='stSelectbox'] input").evaluate_all(
        "inputs => inputs.map(i => i.value)"
    )
    assert chosen == ["Kierownik KM", TITLE, ""], chosen  # the trainer, the action, no conversation goal
    assert STANDARD.short in form.locator("[data-testid='stMultiSelect']").inner_text()
    form.get_by_label("Temat").fill("Powitanie i kontakt wzrokowy – omówienie na stanowisku")
    form.evaluate("e => e.scrollIntoView()")
    screenshot(page, "training_tablet_prefilled")
    audit(page, "training at tablet_landscape")
    assert not small_targets(page), small_targets(page)
    assert no_horizontal_scroll(page)
    form.get_by_role("button", name="Zapisz szkolenie").click()
    page.get_by_text("Zapisano w rejestrze szkoleń (wpisy: 1).").wait_for()
    wait_for_app(page)
    assert "pracownik=" not in page.url  # the next record does not come from the link
    # an empty form in the browser too, ready for the next record
    assert name not in main.locator("[data-testid='stMultiSelect']").first.inner_text()
    assert main.get_by_label("Temat").input_value() == ""
    page.get_by_text("Zapisano w rejestrze szkoleń (wpisy: 1).").evaluate("e => e.scrollIntoView()")
    screenshot(page, "training_tablet_saved")
    live_server.stop()

    db = live_server.open_database()
    try:
        rows = db.query_dicts(
            "SELECT kind, status, employee_id, held_by, on_date, action_id, standard_ids, created_by "
            "FROM training_records WHERE topic = ?",
            ["Powitanie i kontakt wzrokowy – omówienie na stanowisku"],
        )
    finally:
        db.close()
    assert rows == [
        {
            "kind": "workplace",
            "status": "held",
            "employee_id": employee["id"],
            "held_by": made["supervisor"],
            "on_date": now().date(),
            "action_id": made["action"],
            "standard_ids": [STANDARD.id],
            "created_by": "kierownik.km",
        }
    ]
