"""The survey campaigns page in Chromium at tablet size (1024 x 768), on a demo office with the demo
campaigns (data/demo_campaigns.py): management sees the running campaign first with its progress
per department, opens an ended one with its margin of error achieved and changes a department's
target; KM's supervisor sees only KM's row and no forms. No axe violation, no English word,
touch targets of at least 44 px, no sideways scrolling. Screenshots: test-artifacts/campaigns_*.png.
"""

from __future__ import annotations

import numpy as np
from playwright.sync_api import expect

from data.demo_campaigns import add_campaigns
from storage.db import now
from storage.departments import list_departments
from tests.browser.conftest import no_horizontal_scroll, screenshot, sign_in, wait_for_app
from tests.browser.staff_office import open_path
from tests.browser.test_accessibility import audit
from tests.browser.test_polish_text import MAIN, Scan, open_drop_down
from tests.browser.test_staff_accessibility import small_targets
from tests.seeding import add_account, demo_office_for_a_server

PAGE = "kampanie"


def seed(server) -> list[str]:
    """A demo office of 14 months to today (the manager "zarzad"), KM's supervisor and the demo
    campaigns: two ended studies and one running. Returns the names of the other departments."""
    demo_office_for_a_server(server, months=14, ratings=6000, observations=100, seed=7)
    db = server.open_database()
    try:
        km = next(d["id"] for d in list_departments(db) if d["code"] == "KM")
        add_account(db, "kierownik.km", "supervisor", "Kierownik KM", [km])
        assert add_campaigns(db, np.random.default_rng(1), now().date()) == 3
        return [d["name"] for d in list_departments(db) if d["id"] != km]
    finally:
        db.close()


def progress_text(page) -> str:
    """The text of the chosen campaign's table (the second; the first lists the campaigns)."""
    return page.locator(f"{MAIN} [data-testid='stDataFrame'] table").nth(1).inner_text()


def check_the_screen(page, name: str) -> None:
    """Audit the page and take two screenshots: its top, and the progress table scrolled into view
    (the app scrolls inside its main block, which a full-page screenshot does not follow)."""
    screenshot(page, name)
    page.locator(f"{MAIN} [data-testid='stDataFrame']").last.scroll_into_view_if_needed()
    screenshot(page, f"{name}_table")
    audit(page, name)
    assert not small_targets(page), small_targets(page)
    assert no_horizontal_scroll(page)


def test_management_and_a_supervisor_follow_the_campaigns_on_a_tablet(live_server, open_page):
    others = seed(live_server)
    live_server.start()
    page = open_page("tablet_landscape")
    page.set_default_timeout(45_000)
    sign_in(page, live_server.url, "zarzad")
    open_path(page, live_server.url, PAGE)
    page.get_by_text("Pozostało dni:").wait_for()  # the running campaign is chosen first
    expect(page.get_by_text("Razem:")).to_be_visible()
    check_the_screen(page, "campaigns_management_running")
    scan = Scan(page)
    scan(f"/{PAGE}, running")

    open_drop_down(page, page.locator(f"{MAIN} [data-testid='stSelectbox']").filter(has_text="Kampania"))
    page.get_by_role("option", name="Badanie satysfakcji – wrzesień").click()
    page.get_by_text("Osiągnięty margines błędu:").wait_for()
    wait_for_app(page)
    check_the_screen(page, "campaigns_management_ended")
    scan(f"/{PAGE}, ended")

    page.locator(f"{MAIN} summary").filter(has_text="Cele wydziałów").click()
    field = page.get_by_label("Wydział Komunikacji", exact=True)
    field.fill("123")
    field.press("Tab")
    wait_for_app(page)
    page.get_by_role("button", name="Zapisz cele").click()
    page.get_by_text("Zapisano cele wydziałów.").wait_for()
    wait_for_app(page)
    scan(f"/{PAGE}, targets saved")
    assert not scan.found, "\n".join(scan.found)
    assert "z 123" in progress_text(page)

    supervisor = open_page("tablet_landscape")
    supervisor.set_default_timeout(45_000)
    sign_in(supervisor, live_server.url, "kierownik.km")
    open_path(supervisor, live_server.url, PAGE)
    supervisor.get_by_text("Pozostało dni:").wait_for()
    wait_for_app(supervisor)
    rows = progress_text(supervisor)
    assert "Wydział Komunikacji" in rows and not [name for name in others if name in rows]
    expect(supervisor.get_by_role("button", name="Zapisz cele")).to_have_count(0)
    expect(supervisor.get_by_text("Nowa kampania")).to_have_count(0)
    check_the_screen(supervisor, "campaigns_supervisor")
