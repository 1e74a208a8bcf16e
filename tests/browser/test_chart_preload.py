"""The charts' code loaded while the login page is open (ui/preload.py), in a new browser.

The login page makes the browser fetch Streamlit's plotly chunk once, with no chart on the page;
after signing in and opening the dashboard from the menu, its first chart draws without the chunk
being fetched again (every fetch is counted, the HTTP cache is off while the route is watched, so a
second import could not hide in it). The login page with the hint still passes axe and shows no
English. Screenshots: test-artifacts/chart_preload_login.png, chart_preload_dashboard.png.
"""

from __future__ import annotations

import re

from tests.browser.conftest import screenshot, wait_for_app
from tests.browser.test_accessibility import audit
from tests.browser.test_polish_text import Scan
from tests.conftest import PASSWORD
from tests.seeding import demo_office_for_a_server

CHUNK = re.compile(r"/static/js/PlotlyChart\.[^/]+\.js$")
DRAWN_CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg'


def test_the_login_page_fetches_the_charts_code_for_the_dashboard(live_server, open_page):
    demo_office_for_a_server(live_server, months=3, ratings=1_000, observations=150, seed=11)
    live_server.start(timeout=90)
    page = open_page("desktop")  # 1440 px: the menu's links in a row
    page.set_default_timeout(45_000)
    fetched: list[str] = []

    def count(route) -> None:
        fetched.append(route.request.url)
        route.continue_()

    # Routing turns Chromium's HTTP cache off: a second import would be a second fetch, seen here.
    page.route(CHUNK, count)

    with page.expect_request_finished(lambda request: CHUNK.search(request.url), timeout=30_000):
        page.goto(live_server.url)
    wait_for_app(page)
    page.get_by_role("button", name="Zaloguj się").wait_for()
    assert len(fetched) == 1, fetched
    assert fetched[0] == f"{live_server.url}/static/js/{fetched[0].rsplit('/', 1)[1]}"
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0  # no chart asked for it
    audit(page, "login page with the charts' code fetched ahead")
    scan = Scan(page)
    scan("login page")
    assert not scan.found, "\n".join(scan.found)
    screenshot(page, "chart_preload_login")

    # signing in in the same page (a new page load would start a new module map)
    page.get_by_label("Login", exact=True).fill("zarzad")
    page.get_by_label("Hasło", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.get_by_text("Zalogowano:").wait_for()
    wait_for_app(page)
    page.get_by_role("link", name="Pulpit").click()
    page.get_by_role("heading", name="Pulpit jakości obsługi").wait_for()
    page.locator(DRAWN_CHART).first.wait_for()
    wait_for_app(page)
    assert fetched == [fetched[0]], fetched
    page.locator(DRAWN_CHART).first.scroll_into_view_if_needed()
    screenshot(page, "chart_preload_dashboard")
