"""The observation plan page in Chromium at tablet size (1024 x 768), on a demo office with the demo
plans (data/demo_plan.py): management opens a department, changes its plan and saves it; KM's
supervisor sees only KM, opened, with who is due. No axe violation, no English word, touch
targets of at least 44 px, no sideways scrolling. Screenshots: test-artifacts/plan_*.png.
"""

from __future__ import annotations

import numpy as np
from playwright.sync_api import expect

from checklists.loading import current_checklists
from data.demo_plan import add_plans
from storage.db import now
from storage.departments import list_departments
from tests.browser.conftest import no_horizontal_scroll, screenshot, sign_in, wait_for_app
from tests.browser.staff_office import open_path
from tests.browser.test_accessibility import audit
from tests.browser.test_polish_text import MAIN, Scan, open_every_drop_down
from tests.browser.test_staff_accessibility import small_targets
from tests.seeding import add_account, demo_office_for_a_server

PAGE = "plan-obserwacji"


def seed(server) -> None:
    """A small demo office (an administrator, the manager "zarzad"), KM's supervisor and the demo
    plans of this quarter and the one before."""
    demo_office_for_a_server(server, months=4, ratings=100, observations=300, seed=7)
    db = server.open_database()
    try:
        km = next(d["id"] for d in list_departments(db) if d["code"] == "KM")
        add_account(db, "kierownik.km", "supervisor", "Kierownik KM", [km])
        add_plans(db, current_checklists(), np.random.default_rng(1), now().date())
    finally:
        db.close()


def check_the_screen(page, name: str) -> None:
    screenshot(page, name)
    audit(page, name)
    assert not small_targets(page), small_targets(page)
    assert no_horizontal_scroll(page)


def test_management_changes_a_plan_and_a_supervisor_reads_it_on_a_tablet(live_server, open_page):
    seed(live_server)
    live_server.start()
    page = open_page("tablet_landscape")
    page.set_default_timeout(45_000)
    sign_in(page, live_server.url, "zarzad")
    open_path(page, live_server.url, PAGE)
    expect(page.get_by_role("button", name="Skopiuj plan z poprzedniego kwartału")).to_be_visible()
    check_the_screen(page, "plan_management_tablet")
    scan = Scan(page)
    scan(f"/{PAGE}")
    open_every_drop_down(page, scan, f"/{PAGE}")  # the quarter

    km = page.locator(f"{MAIN} [data-testid='stExpander']").filter(has_text="Wydział Komunikacji:")
    km.locator("summary").click()
    field = km.get_by_label("Obsługa bezpośrednia – na pracownika")
    field.fill("4")
    field.press("Tab")  # the number is taken when the field is left, as a person's next tap does
    wait_for_app(page)
    km.get_by_role("button", name="Zapisz plan").click()
    page.get_by_text("Zapisano plan: Wydział Komunikacji,").wait_for()  # the page's timeout, not expect's 5 s
    wait_for_app(page)
    km = page.locator(f"{MAIN} [data-testid='stExpander']").filter(has_text="Wydział Komunikacji:")
    km.locator("summary").click()
    km.get_by_text("Obsługa bezpośrednia: 4 na pracownika").wait_for()  # the saved plan
    km.get_by_text("Do obserwacji – najdłużej nieobserwowani najpierw:").wait_for()
    wait_for_app(page)
    km.evaluate("e => e.scrollIntoView()")
    check_the_screen(page, "plan_management_tablet_km")
    scan(f"/{PAGE}, KM open")
    assert not scan.found, "\n".join(scan.found)

    supervisor = open_page("tablet_landscape")
    supervisor.set_default_timeout(45_000)
    sign_in(supervisor, live_server.url, "kierownik.km")
    open_path(supervisor, live_server.url, PAGE)
    expanders = supervisor.locator(f"{MAIN} [data-testid='stExpander']")
    expect(expanders).to_have_count(1)
    expect(expanders.first).to_contain_text("Wydział Komunikacji:")
    expect(
        supervisor.get_by_text("Plan ustala kierownictwo; tutaj widzisz postęp swoich wydziałów.")
    ).to_be_visible()
    expect(supervisor.get_by_role("button", name="Zapisz plan")).to_have_count(0)
    expect(supervisor.get_by_text("Do obserwacji – najdłużej nieobserwowani najpierw:")).to_be_visible()
    check_the_screen(supervisor, "plan_supervisor_tablet")
