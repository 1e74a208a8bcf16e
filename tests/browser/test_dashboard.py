"""The management dashboard in a real browser on `jakosc demo` data, at desktop size.

Sign in at the dashboard's own URL, see the tiles, the tabs and the plotly charts, pick the
"Rok" period and find it in the URL, reload that URL (a bookmark) and find the same filters.
Screenshots: test-artifacts/dashboard_desktop.png (a tall window, so the charts are in it), and
_clients.png, _coverage.png of the other tabs. Then the observation as the unit, at 1440x900: a
department with fewer than five observations in the period has its score withheld with the
reason (dashboard_withheld.png), one with many shows an interval wider than the item-based one
the dashboard used to show (dashboard_interval.png).

At tablet (1024x768, 810x1080), laptop (1366x768) and desktop (1440x900) widths nothing is cut:
no tile label, value or filter value overflows its box or ends in "…", and no chart label leaves
its chart (dashboard_<device>_<width>.png, _charts.png, _clients.png). A tap on a heat-map cell
opens that cell's detail right below the heat map (dashboard_tablet_clicked_cell.png).
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlparse

from statsmodels.stats.proportion import proportion_confint

from storage.db import now
from tests.browser.conftest import VIEWPORTS, no_horizontal_scroll, screenshot, sign_in, wait_for_app
from tests.conftest import PASSWORD
from tests.seeding import demo_office_for_a_server

COOKIE = "jakosc_session"
TITLE = "Pulpit jakości obsługi"
TILES = [
    "Obserwacje",
    "Średni wynik obserwacji",
    "Zadowoleni (oceny 4–5)",
    "Średnia ocena Klientów",
    "Oceny Klientów",
    "Naruszenia krytyczne",
    "Potwierdzenia",
]
TABS = [
    "Obserwacje",
    "Trend wyników",
    "Klienci",
    "Pokrycie i kalibracja",
    "Naruszenia krytyczne",
    "Pracownicy",
]
CHART = '[data-testid="stPlotlyChart"]'
DRAWN_CHART = ".js-plotly-plot .main-svg"


def seed(server) -> None:
    demo_office_for_a_server(server, months=12, ratings=20_000, observations=2_000, seed=5)


def session_cookie(page, timeout: float = 15) -> dict | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = next((c for c in page.context.cookies() if c["name"] == COOKIE), None)
        if found is not None:
            return found
        page.wait_for_timeout(100)
    return None


def query(page) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlparse(page.url).query).items()}


def wait_for_query(page, expected: dict[str, str], timeout: float = 15) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while query(page) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    return query(page)


def date_range_text(page) -> str:
    """The period as the date picker shows it, e.g. "26.08.2026–24.11.2026"."""
    return "".join(page.locator('[data-testid="stDateInputField"]').first.inner_text().split())


def date_range_values(page) -> list[str]:
    return page.locator('[data-testid="stDateInput"] input[type=date]').evaluate_all(
        "els => els.map(e => e.value)"
    )


def shown_range(start: date, end: date) -> str:
    return f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"


# Subplot titles (annotations) of the score-trend panels that a month label of the axis
# above runs into, and the legend's entries.
OVERLAPS = """chart => {
    const boxes = selector => [...chart.querySelectorAll(selector)].map(e => e.getBoundingClientRect());
    const titles = boxes('.annotation-text'), ticks = boxes('.xtick text');
    const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    return titles.filter(a => ticks.some(b => hit(a, b))).length;
}"""
LEGEND = "chart => [...chart.querySelectorAll('.legendtext')].map(e => e.textContent)"


def test_dashboard_on_demo_data_at_desktop_size(live_server, open_page):
    seed(live_server)
    live_server.start(timeout=90)
    page = open_page("desktop")
    page.set_default_timeout(45_000)
    page.goto(f"{live_server.url}/pulpit")
    wait_for_app(page)

    page.get_by_label("Login", exact=True).fill("zarzad")
    page.get_by_label("Hasło", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    assert session_cookie(page) is not None
    page.get_by_role("heading", name=TITLE).wait_for()
    wait_for_app(page)

    # the default period, written to the URL
    today = now().date()
    quarter = {"od": (today - timedelta(days=90)).isoformat(), "do": today.isoformat()}
    assert wait_for_query(page, quarter) == quarter
    assert date_range_text(page) == shown_range(today - timedelta(days=90), today)
    assert date_range_values(page) == [quarter["od"], quarter["do"]]

    # tiles, tabs and charts
    tiles = page.locator('[data-testid="stMetric"]')
    tiles.nth(len(TILES) - 1).wait_for()  # the run after signing in may still be drawing them
    assert tiles.count() == len(TILES)
    labels = [label.strip() for label in page.locator('[data-testid="stMetricLabel"]').all_inner_texts()]
    assert labels == TILES
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert all(value.strip() for value in values)
    assert "—" not in [value.strip() for value in values]  # a quarter of demo data is plenty
    tabs = [tab.strip() for tab in page.get_by_role("tab").all_inner_texts()]
    assert tabs == TABS
    page.locator(CHART).first.wait_for()
    page.locator(DRAWN_CHART).first.wait_for()
    assert page.locator(CHART).count() == 2  # the heat map and the Pareto in the first tab
    first_chart = page.locator(CHART).first.bounding_box()
    assert first_chart["width"] > 600 and first_chart["height"] > 200
    assert no_horizontal_scroll(page)

    page.get_by_role("tab", name="Klienci").click()
    page.get_by_text("Zadowolenie według kryteriów").wait_for()
    wait_for_app(page)
    visible_charts = [c for c in page.locator(CHART).all() if c.is_visible()]
    assert len(visible_charts) == 3  # satisfaction trend, criteria, hours
    assert page.locator(CHART).count() == 3  # the hidden tab's charts are neither built nor sent
    page.get_by_role("tab", name="Obserwacje").click()

    # a preset changes the URL
    page.get_by_role("radio", name="Rok", exact=True).click()
    year = {"od": (today - timedelta(days=364)).isoformat(), "do": today.isoformat()}
    assert wait_for_query(page, year) == year
    wait_for_app(page)
    assert date_range_text(page) == shown_range(today - timedelta(days=364), today)
    assert date_range_values(page) == [year["od"], year["do"]]
    year_observations = page.locator('[data-testid="stMetricValue"]').first.inner_text()

    # the bookmarked URL opens with the same filters
    bookmark = page.url
    page.goto(bookmark)
    wait_for_app(page)
    page.get_by_role("heading", name=TITLE).wait_for()
    wait_for_app(page)
    assert query(page) == year
    assert date_range_text(page) == shown_range(today - timedelta(days=364), today)
    assert date_range_values(page) == [year["od"], year["do"]]
    assert page.locator('[data-testid="stMetricValue"]').first.inner_text() == year_observations
    page.locator(DRAWN_CHART).first.wait_for()

    # a tall window so that the tiles and the first tab's charts are all in the picture
    page.set_viewport_size({"width": VIEWPORTS["desktop"]["width"], "height": 3000})
    page.wait_for_timeout(1500)  # plotly redraws at the new size
    wait_for_app(page)
    assert no_horizontal_scroll(page)
    screenshot(page, "dashboard_desktop")
    page.get_by_role("tab", name="Trend wyników").click()
    page.get_by_role("heading", name="Wynik obserwacji według wydziałów i miesięcy").wait_for()
    wait_for_app(page)
    trend = page.locator(f"{CHART} .js-plotly-plot").first  # the tab's one chart
    trend.locator(".main-svg").first.wait_for()
    assert trend.locator(".annotation-text").count() == 10  # one panel per department
    assert trend.evaluate(OVERLAPS) == 0
    legend = trend.evaluate(LEGEND)
    assert len(legend) == len(set(legend)), legend  # each kind of line or marker once
    screenshot(page, "dashboard_desktop_trend")
    for label, heading, name in [
        ("Klienci", "Zadowolenie według kryteriów", "dashboard_desktop_clients"),
        ("Pokrycie i kalibracja", "Kalibracja obserwatorów", "dashboard_desktop_coverage"),
    ]:
        page.get_by_role("tab", name=label).click()
        page.get_by_role("heading", name=heading).wait_for()
        page.wait_for_timeout(500)
        screenshot(page, name)


def observation_facts(server, start: date, end: date) -> dict:
    """From plain SQL before the server opens the file: the department with the fewest (but
    some) observations in the period, and KM's observations and item answers."""
    db = server.open_database()
    try:
        bounds = [
            datetime.combine(start, datetime.min.time()),
            datetime.combine(end + timedelta(days=1), datetime.min.time()),
        ]
        sent = "o.status = 'sent' AND o.calibration_of IS NULL AND o.observed_at >= ? AND o.observed_at < ?"
        fewest = db.query(
            f"SELECT d.code, count(*) AS n FROM observations o JOIN departments d ON d.id = o.department_id "
            f"WHERE {sent} GROUP BY d.code ORDER BY n, d.code LIMIT 1",
            bounds,
        )[0]
        km = db.query(
            f"SELECT count(*), sum(o.n_met), sum(o.n_met + o.n_not_met) FROM observations o "
            f"JOIN departments d ON d.id = o.department_id WHERE d.code = 'KM' AND {sent}",
            bounds,
        )[0]
    finally:
        db.close()
    return {"fewest": fewest, "km": km}


def caption_of(page, tile: str) -> str:
    """The caption in a tile: the bordered box holding the metric labelled `tile`."""
    box = page.locator('[class*="st-key-dash_tile_"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=tile)
    )
    return box.locator('[data-testid="stCaptionContainer"]').first.inner_text().strip()


def test_scores_are_withheld_below_five_observations_and_intervals_count_observations(live_server, open_page):
    seed(live_server)
    end = now().date()
    fortnight, quarter = end - timedelta(days=13), end - timedelta(days=90)
    few = observation_facts(live_server, fortnight, end)
    many = observation_facts(live_server, quarter, end)
    code, observed = few["fewest"]
    assert 0 < observed < 5
    live_server.start(timeout=90)
    page = open_page("desktop")  # 1440x900
    page.set_default_timeout(45_000)
    sign_in(page, live_server.url, "zarzad")
    page.goto(f"{live_server.url}/pulpit?od={fortnight.isoformat()}&do={end.isoformat()}&dzialy={code}")
    wait_for_app(page)
    page.get_by_role("heading", name=TITLE).wait_for()
    wait_for_app(page)
    assert caption_of(page, "Średni wynik obserwacji") == f"za mało obserwacji: {observed} z wymaganych 5"
    values = dict(
        zip(
            [label.strip() for label in page.locator('[data-testid="stMetricLabel"]').all_inner_texts()],
            [value.strip() for value in page.locator('[data-testid="stMetricValue"]').all_inner_texts()],
            strict=True,
        )
    )
    assert values["Średni wynik obserwacji"] == "—"
    assert values["Obserwacje"] == str(observed)
    assert no_horizontal_scroll(page)
    screenshot(page, "dashboard_withheld")

    page.goto(f"{live_server.url}/pulpit?od={quarter.isoformat()}&do={end.isoformat()}&dzialy=KM")
    wait_for_app(page)
    page.get_by_role("heading", name=TITLE).wait_for()
    wait_for_app(page)
    caption = caption_of(page, "Średni wynik obserwacji")
    km_observations, met, items = many["km"]
    assert caption.startswith(f"{km_observations} obserwac")
    found = re.search(r"przedział ufności 95%: (\d+,\d)–(\d+,\d)%", caption).groups()
    low, high = (float(v.replace(",", ".")) for v in found)
    item_low, item_high = proportion_confint(met, items, method="wilson")
    assert (high - low) - 0.1 > 100 * (item_high - item_low)  # wider, allowing 0.1 point of rounding
    page.get_by_role("tab", name="Trend wyników").click()
    page.get_by_role("button", name="Co to znaczy?").click()
    page.get_by_text("Jak czytać ten wykres.").wait_for()
    screenshot(page, "dashboard_interval")


# --- tablet, laptop and desktop widths (issue 13) -------------------------------------------------

TILE_PARTS = '[data-testid="stMetric"], [class*="st-key-dash_tile_"]'
FILTERS = ", ".join(f".st-key-dash_{key}" for key in ("preset", "range", "departments", "kind", "version"))
PRESETS = ["Ostatni miesiąc", "Kwartał", "Rok", "Własny"]
WIDTHS = {
    "tablet": (1024, 768),
    "tablet_portrait": (810, 1080),
    "laptop": (1366, 768),
    "desktop": (1440, 900),
}
DETAIL = "Szczegóły: wydział → standard → pozycja"

# Elements whose text (or an input's value: a selectbox shows its choice in one) is cut: content
# wider than the box, or a "…" drawn by text-overflow. (Hidden and fixed helpers have no offsetParent.)
CLIPPED = """selector => [...document.querySelectorAll(selector)]
    .flatMap(root => [root, ...root.querySelectorAll('*')])
    .filter(e => e.offsetParent !== null && e.clientWidth > 0 && (e.value || e.textContent.trim()))
    .filter(e => e.scrollWidth > e.clientWidth + 1
        || (getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth))
    .map(e => e.value || e.textContent.trim())"""
# Texts of a plotly chart (tick labels, subplot titles) that reach beyond the chart's own box.
OUTSIDE = """chart => {
    const box = chart.getBoundingClientRect();
    return [...chart.querySelectorAll('.xtick text, .ytick text, .annotation-text, .legendtext')]
        .filter(e => { const r = e.getBoundingClientRect();
            return r.width > 0
                && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1); })
        .map(e => e.textContent);
}"""
TEXTS = "(chart, selector) => [...chart.querySelectorAll(selector)].map(e => e.textContent)"


def open_dashboard_at(page, url: str, size: tuple[int, int]) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{url}/pulpit")
    wait_for_app(page)
    page.get_by_role("heading", name=TITLE).wait_for()
    page.locator(DRAWN_CHART).first.wait_for()
    wait_for_app(page)
    page.wait_for_timeout(1000)  # plotly draws after the script has run


def test_nothing_is_cut_at_tablet_laptop_and_desktop_widths(live_server, open_page):
    seed(live_server)
    live_server.start(timeout=90)
    page = open_page("desktop")
    page.set_default_timeout(45_000)
    sign_in(page, live_server.url, "zarzad")
    for name, size in WIDTHS.items():
        open_dashboard_at(page, live_server.url, size)
        assert no_horizontal_scroll(page), name
        labels = [label.strip() for label in page.locator('[data-testid="stMetricLabel"]').all_inner_texts()]
        assert labels == TILES, name
        # tiles (labels, values, details) and the filters' shown values
        assert page.locator(TILE_PARTS).count() >= len(TILES)
        assert page.evaluate(CLIPPED, TILE_PARTS) == [], name
        assert page.locator(FILTERS).count() == 5
        assert page.evaluate(CLIPPED, FILTERS) == [], name
        presets = page.locator(".st-key-dash_preset button")
        assert [text.strip() for text in presets.all_inner_texts()] == PRESETS, name
        assert (
            page.locator(".st-key-dash_departments input").get_attribute("placeholder")
            == "Wszystkie wydziały"
        )
        assert page.locator(".st-key-dash_kind input").input_value() == "Wszystkie"
        assert page.locator(".st-key-dash_version input").input_value() == "Wszystkie"
        preset = page.locator(".st-key-dash_preset")
        assert preset.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), name  # no hidden "Własny"
        screenshot(page, f"dashboard_{name}_{size[0]}")
        # the charts of the first tab, heat map and Pareto, and the score trend: every label inside its chart
        page.set_viewport_size({"width": size[0], "height": 4500})
        page.wait_for_function(f"() => document.querySelectorAll('{CHART} .js-plotly-plot').length >= 2")
        page.wait_for_timeout(1500)  # plotly redraws at the new size
        charts = page.locator(f"{CHART} .js-plotly-plot")
        for index in range(2):
            assert charts.nth(index).evaluate(OUTSIDE) == [], (name, index)
        pareto = charts.nth(1).evaluate(TEXTS, ".ytick text")
        assert pareto and not [label for label in pareto if "…" in label or "..." in label]
        screenshot(page, f"dashboard_{name}_{size[0]}_charts")
        page.get_by_role("tab", name="Trend wyników").click()
        page.get_by_role("heading", name="Wynik obserwacji według wydziałów i miesięcy").wait_for()
        page.wait_for_timeout(800)
        trend = next(c for c in page.locator(f"{CHART} .js-plotly-plot").all() if c.is_visible())
        assert trend.evaluate(OUTSIDE) == [], name
        page.get_by_role("tab", name="Klienci").click()
        page.get_by_role("heading", name="Zadowolenie według kryteriów").wait_for()
        page.wait_for_timeout(800)
        trend = next(c for c in page.locator(f"{CHART} .js-plotly-plot").all() if c.is_visible())
        legend = trend.evaluate(TEXTS, ".legendtext")
        assert len(legend) == 3 and "pozostałe wydziały" in legend, legend
        assert trend.evaluate(OUTSIDE) == [], name
        assert page.evaluate(CLIPPED, ".st-key-dash_highlight") == [], name
        screenshot(page, f"dashboard_{name}_{size[0]}_clients")


CELL_POINTS = f"{CHART} .js-plotly-plot .scatterlayer .point"
HEAT_MAP_POINTS = """chart => { const trace = chart.data[chart.data.length - 1];
    return trace.customdata.map((data, i) => [data[1], trace.hovertext[i].split('<br>').slice(0, 2)]); }"""


def test_a_click_on_a_heat_map_cell_opens_its_detail_on_a_tablet(live_server, open_page):
    seed(live_server)
    live_server.start(timeout=90)
    page = open_page("tablet_landscape")
    page.set_default_timeout(45_000)
    sign_in(page, live_server.url, "zarzad")
    open_dashboard_at(page, live_server.url, WIDTHS["tablet"])
    department_box = page.locator(".st-key-dash_drill_dept input")
    standard_box = page.locator(".st-key-dash_drill_standard input")
    before = (department_box.input_value(), standard_box.input_value())
    heat_map = page.locator(f"{CHART} .js-plotly-plot").first
    cells = heat_map.evaluate(HEAT_MAP_POINTS)  # [standard id, [department, standard name]] per point
    # the first cell of the second row, unless that is the one already shown
    index = next(i for i in range(len(cells)) if i >= 10 and tuple(cells[i][1]) != before)
    department, standard = cells[index][1]
    # the detail is close to the heat map, not at the bottom of a 5,500 px page
    detail_top = page.get_by_role("heading", name=DETAIL).evaluate("e => e.getBoundingClientRect().top")
    heat_map_top = heat_map.evaluate("e => e.getBoundingClientRect().top")
    assert 0 < detail_top - heat_map_top < 1000

    point = page.locator(CELL_POINTS).nth(index)
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_for_app(page)
    assert (department_box.input_value(), standard_box.input_value()) == (department, standard)
    page.get_by_text("Wynik w tym polu:").wait_for()
    assert no_horizontal_scroll(page)
    page.get_by_role("heading", name=DETAIL).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    screenshot(page, "dashboard_tablet_clicked_cell")
