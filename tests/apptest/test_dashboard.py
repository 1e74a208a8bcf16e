"""The management dashboard under AppTest: filters in the URL, who sees which departments, that
employee names appear only in the per-employee tab, and the drill-down: it starts at the weakest
heat-map cell, a click on a cell opens that cell, and a forged click outside the scope is ignored.

The office is the demo generator's (data.demo.generate: ten departments with staff, six months of
observations and client ratings), built once per module into a template file and copied to each
test's $JAKOSC_DB before the app opens it. Expected counts come from plain SQL on that file, not
from analytics.queries.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from datetime import date, datetime, time, timedelta

import pytest
from statsmodels.stats.proportion import proportion_confint
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from accounts.service import CurrentUser, create_account, start_session
from analytics import queries
from checklists.loading import current_checklists
from checklists.schema import Kind
from data.demo import generate
from pages.dashboard import prepare_first_view
from services import moderation, survey
from services.survey import Channel
from storage import users
from storage.db import Database, now
from tests.apptest.driver import FORBIDDEN, PROJECT, open_url_path, texts
from tests.conftest import PASSWORD

DASHBOARD = "pulpit"
TITLE = "Pulpit jakości obsługi"
TABS = ["Obserwacje", "Trend wyników", "Klienci", "Pokrycie i kalibracja", "Naruszenia krytyczne"]
EMPLOYEES_TAB = "Pracownicy"
DROPPED = "Pominięto nieznane lub niedostępne wydziały: {}."
CHECKLISTS = current_checklists()
START = "Na początek pokazano pole z najniższym wynikiem – tam pomoc jest najbardziej potrzebna."


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A demo office with an account per role; the supervisor looks after KM and AB."""
    path = tmp_path_factory.mktemp("dashboard") / "template.duckdb"
    database = Database(path)
    try:
        generate(database, months=6, ratings=4_000, observations=500, seed=11)
        department = {row[0]: row[1] for row in database.query("SELECT code, id FROM departments")}
        km_employee = database.scalar(
            "SELECT id FROM employees WHERE department_id = ? ORDER BY last_name LIMIT 1", [department["KM"]]
        )

        def account(login, role, **extra):
            return create_account(
                database, login=login, password=PASSWORD, role=role, display_name=login, actor="test", **extra
            )

        accounts = {
            "zarzad": account("zarzad", "management"),
            "kierownik": account(
                "kierownik", "supervisor", department_ids=[department["KM"], department["AB"]]
            ),
            "pracownik": account("pracownik", "employee", employee_id=km_employee),
            "admin": account("admin", "admin"),
        }
    finally:
        database.close()
    return path, accounts, department


@pytest.fixture
def office(template, app_database_from):
    """Overrides tests/conftest.py: the demo office, opened as the app's own database."""
    path, accounts, department = template
    database = app_database_from(path)  # tests/apptest/conftest.py: the app's shared Database
    return {"db": database, "accounts": accounts, "department": department}


def open_dashboard(office, login: str, **query) -> AppTest:
    db = office["db"]
    token, _ = start_session(db, CurrentUser.from_row(users.get_user(db, office["accounts"][login])))
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=90)
    at.session_state["auth_token"] = token
    at.query_params.update({name: str(value) for name, value in query.items()})
    return open_url_path(at, DASHBOARD)


def reopen(office, login: str, at: AppTest) -> AppTest:
    """A new browser session opening the URL `at` shows now (a bookmark)."""
    return open_dashboard(office, login, **{name: at.query_params[name] for name in at.query_params})


def params(at: AppTest) -> dict[str, str]:
    return {name: at.query_params[name] for name in at.query_params}


def metric(at: AppTest, label: str) -> str:
    [found] = [m for m in at.metric if m.label == label]
    return found.value


def sent_observations(db, start: date, end: date, codes=(), kind: str | None = None) -> int:
    """Sent observations in [start, end], counted directly in the table."""
    sql = (
        "SELECT count(*) FROM observations o JOIN departments d ON d.id = o.department_id "
        "WHERE o.status = 'sent' AND o.calibration_of IS NULL AND o.observed_at >= ? AND o.observed_at < ?"
    )
    args: list = [datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)]
    if codes:
        sql += f" AND d.code IN ({', '.join('?' for _ in codes)})"
        args.extend(codes)
    if kind:
        sql += " AND o.kind = ?"
        args.append(kind)
    return db.scalar(sql, args)


def names(db, codes=None) -> set[str]:
    """Employees' names as a screen could show them: "First Last" and "Last First"."""
    rows = db.query(
        "SELECT e.first_name, e.last_name, d.code FROM employees e JOIN departments d ON d.id = e.department_id"
    )
    return {
        form
        for first, last, code in rows
        if codes is None or code in codes
        for form in (f"{first} {last}", f"{last} {first}")
    }


def shown_text(container) -> str:
    """Everything a user could read in `container`: text, tables, widget options, chart data."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "text"):
        parts.extend(str(element.value) for element in container.get(kind))
    for frame in container.dataframe:
        value = frame.value
        parts.extend(str(column) for column in value.columns)
        parts.extend(str(cell) for cell in value.to_numpy().ravel())
    for kind in ("selectbox", "multiselect"):
        for box in container.get(kind):
            parts.extend(str(option) for option in box.options)
    for chart in container.get("plotly_chart"):
        parts.append(json.dumps(json.loads(chart.proto.spec), ensure_ascii=False))
    for tile in container.get("metric"):
        parts.extend([tile.label, str(tile.value), str(tile.proto.help)])
    return "\n".join(parts)


def tab(at: AppTest, label: str):
    [found] = [t for t in at.tabs if t.label == label]
    return found


def open_tab(at: AppTest, label: str):
    """Open the tab labelled `label` as a tap on it does: only the open tab is computed and sent."""
    at.session_state["dash_tab"] = label
    at.run()
    return tab(at, label)


def choose_shown(box, shown: str) -> None:
    """Pick the option displayed as `shown`, as a browser sends it. (AppTest's set_value(None)
    means "no choice" and cannot pick an option whose value is None, like "Wszystkie".)"""
    assert shown in box.options

    class Picked(type(box)):
        @property
        def _widget_state(self) -> WidgetState:
            state = WidgetState()
            state.id = self.id
            state.string_value = shown
            return state

    box.__class__ = Picked


def show_names(at: AppTest) -> AppTest:
    """Names reach the employees tab only after this toggle (each showing is audited)."""
    open_tab(at, EMPLOYEES_TAB)
    return at.toggle(key="dash_show_names").set_value(True).run()


def employee_rows(at: AppTest) -> list[tuple[str, str]]:
    [table] = tab(show_names(at), EMPLOYEES_TAB).dataframe
    return list(zip(table.value["Pracownik"], table.value["Wydział"], strict=True))


# --- filters in the URL ----------------------------------------------------------------------


def test_without_parameters_the_last_quarter_is_shown_and_written_to_the_url(office):
    at = open_dashboard(office, "zarzad")
    assert not at.exception
    assert texts(at.title) == [TITLE]
    assert not at.warning
    today = now().date()
    start = today - timedelta(days=90)
    assert params(at) == {"od": start.isoformat(), "do": today.isoformat()}
    assert at.date_input(key="dash_range").value == (start, today)
    assert at.multiselect(key="dash_departments").value == []
    assert metric(at, "Obserwacje").replace("\xa0", "") == str(sent_observations(office["db"], start, today))


def test_filters_are_read_from_the_url(office):
    today = now().date()
    start = today - timedelta(days=120)
    at = open_dashboard(
        office, "zarzad", od=start, do=today, dzialy="KM,AB", rodzaj="in_person", wersja="2021.1"
    )
    assert not at.exception
    assert not at.warning
    assert at.date_input(key="dash_range").value == (start, today)
    assert at.multiselect(key="dash_departments").value == ["KM", "AB"]
    assert at.selectbox(key="dash_kind").value == Kind.IN_PERSON
    assert at.selectbox(key="dash_version").value == "2021.1"
    expected = sent_observations(office["db"], start, today, ("KM", "AB"), "in_person")
    assert expected > 0
    assert metric(at, "Obserwacje").replace("\xa0", "") == str(expected)
    assert params(at) == {
        "od": start.isoformat(),
        "do": today.isoformat(),
        "dzialy": "KM,AB",
        "rodzaj": "in_person",
        "wersja": "2021.1",
    }
    # only the chosen departments reach the charts and tables
    drill = at.selectbox(key="dash_drill_dept")
    assert sorted(drill.options) == ["Wydział Architektury i Budownictwa", "Wydział Komunikacji"]


def test_changed_filters_are_written_back_to_the_url_and_a_bookmark_restores_them(office):
    today = now().date()
    at = open_dashboard(office, "zarzad", dzialy="KM", rodzaj="phone")
    at.multiselect(key="dash_departments").set_value(["GK", "KM"]).run()
    assert params(at)["dzialy"] == "GK,KM"
    choose_shown(at.selectbox(key="dash_kind"), "Wszystkie")
    at.run()
    assert "rodzaj" not in params(at)
    at.selectbox(key="dash_version").set_value("2021.1").run()
    assert params(at)["wersja"] == "2021.1"

    at.button_group(key="dash_preset").set_value("year").run()
    assert not at.exception
    year_start = today - timedelta(days=364)
    assert at.date_input(key="dash_range").value == (year_start, today)
    assert params(at) == {
        "od": year_start.isoformat(),
        "do": today.isoformat(),
        "dzialy": "GK,KM",
        "wersja": "2021.1",
    }
    expected = sent_observations(office["db"], year_start, today, ("GK", "KM"))
    assert metric(at, "Obserwacje").replace("\xa0", "") == str(expected)

    custom = (today - timedelta(days=40), today - timedelta(days=10))
    at.date_input(key="dash_range").set_value(custom).run()
    assert (params(at)["od"], params(at)["do"]) == (custom[0].isoformat(), custom[1].isoformat())

    again = reopen(office, "zarzad", at)
    assert not again.exception
    assert not again.warning
    assert again.date_input(key="dash_range").value == custom
    assert again.multiselect(key="dash_departments").value == ["GK", "KM"]
    assert again.selectbox(key="dash_kind").value is None
    assert again.selectbox(key="dash_version").value == "2021.1"
    assert params(again) == params(at)
    assert metric(again, "Obserwacje") == metric(at, "Obserwacje")


def test_month_preset(office):
    at = open_dashboard(office, "zarzad")
    at.button_group(key="dash_preset").set_value("month").run()
    today = now().date()
    assert params(at) == {"od": (today - timedelta(days=29)).isoformat(), "do": today.isoformat()}


def test_what_the_url_gets_wrong_is_reported_in_polish_and_cleaned_from_the_url(office):
    at = open_dashboard(office, "zarzad", od="2026-02-30", dzialy="KM,XX", rodzaj="osobiscie", wersja="0.1")
    assert not at.exception
    assert texts(at.warning) == [
        "Nieprawidłowa data „2026-02-30” – użyto domyślnej.",
        DROPPED.format("XX"),
        "Nieznany rodzaj obserwacji – pokazano wszystkie.",
        "Nieznana wersja podręcznika – pokazano wszystkie.",
    ]
    today = now().date()
    assert params(at) == {
        "od": (today - timedelta(days=90)).isoformat(),
        "do": today.isoformat(),
        "dzialy": "KM",
    }
    assert texts(at.title) == [TITLE]
    assert len(at.metric) == 7


@pytest.mark.parametrize(
    "query",
    [
        {"od": "2026-10-01", "do": "2999-01-01"},  # an end in the future
        {"od": "0001-01-01", "do": "0001-01-05"},  # before the calendar's comparison period exists
        {"od": "9999-12-01", "do": "9999-12-31"},
        {"od": "1990-01-01"},  # a huge range
    ],
)
def test_odd_dates_in_the_url_still_open_the_dashboard(office, query):
    at = open_dashboard(office, "zarzad", **query)
    assert not at.exception
    assert not at.error, texts(at.error)
    assert at.warning
    assert len(at.metric) == 7
    start, end = at.date_input(key="dash_range").value
    assert start <= end <= now().date()
    assert (params(at)["od"], params(at)["do"]) == (start.isoformat(), end.isoformat())


# --- roles -----------------------------------------------------------------------------------


def test_management_sees_every_department_and_the_employees_tab_with_names(office):
    db = office["db"]
    at = open_dashboard(office, "zarzad", od=now().date() - timedelta(days=180))
    assert [t.label for t in at.tabs] == [*TABS, EMPLOYEES_TAB]
    every_code = {row[0] for row in db.query("SELECT code FROM departments")}
    departments = at.multiselect(key="dash_departments")
    assert len(departments.options) == len(every_code) == 10
    departments.set_value(sorted(every_code)).run()  # every code is an allowed choice
    assert not at.warning
    assert set(params(at)["dzialy"].split(",")) == every_code
    rows = employee_rows(at)
    assert len({department for _, department in rows}) >= 5
    assert {name for name, _ in rows} <= names(db)


def test_empty_choices_read_polish(office):
    """An empty multiselect shows its placeholder; without one the browser shows "Choose options"."""
    at = open_dashboard(office, "zarzad")
    placeholders = {box.key: box.proto.placeholder for box in at.multiselect}
    placeholders |= {box.key: box.proto.placeholder for box in open_tab(at, "Klienci").multiselect}
    assert placeholders == {
        "dash_departments": "Wszystkie wydziały",
        "dash_channels": "Wszystkie kanały",
        "dash_comment_rating": "Wszystkie",
    }


def test_a_supervisor_sees_only_their_departments(office):
    db = office["db"]
    at = open_dashboard(office, "kierownik", dzialy="GK,KM", od=now().date() - timedelta(days=180))
    assert not at.exception
    assert texts(at.warning) == [DROPPED.format("GK")]
    assert params(at)["dzialy"] == "KM"
    assert sorted(at.multiselect(key="dash_departments").options) == [
        "Wydział Architektury i Budownictwa",
        "Wydział Komunikacji",
    ]
    assert at.selectbox(key="dash_drill_dept").options == ["Wydział Komunikacji"]
    start, end = at.date_input(key="dash_range").value
    assert metric(at, "Obserwacje").replace("\xa0", "") == str(sent_observations(db, start, end, ("KM",)))
    # names only of the supervisor's departments, in their own tab
    assert [t.label for t in at.tabs] == [*TABS, EMPLOYEES_TAB]
    rows = employee_rows(at)
    assert rows
    assert {department for _, department in rows} == {"Wydział Komunikacji"}
    assert {name for name, _ in rows} <= names(db, {"KM"})
    assert not any(name in shown_text(at.main) for name in names(db) - names(db, {"KM", "AB"}))


def test_a_supervisor_without_a_department_choice_sees_all_of_their_own_and_no_others(office):
    db = office["db"]
    at = open_dashboard(office, "kierownik", od=now().date() - timedelta(days=180))
    assert not at.warning
    start, end = at.date_input(key="dash_range").value
    assert metric(at, "Obserwacje").replace("\xa0", "") == str(
        sent_observations(db, start, end, ("KM", "AB"))
    )
    assert sorted(at.selectbox(key="dash_drill_dept").options) == [
        "Wydział Architektury i Budownictwa",
        "Wydział Komunikacji",
    ]
    assert {department for _, department in employee_rows(at)} == {
        "Wydział Architektury i Budownictwa",
        "Wydział Komunikacji",
    }
    others = {row[0] for row in db.query("SELECT name FROM departments WHERE code NOT IN ('KM', 'AB')")}
    text = shown_text(at.main)
    assert not any(name in text for name in others)
    assert not any(name in text for name in names(db) - names(db, {"KM", "AB"}))


@pytest.mark.parametrize("login", ["pracownik", "admin"])
def test_employees_and_administrators_cannot_open_the_dashboard(office, login):
    at = open_dashboard(office, login, dzialy="KM")
    assert not at.exception
    assert texts(at.error) == [FORBIDDEN]
    assert TITLE not in texts(at.title)
    assert not at.metric
    assert not at.tabs
    assert not at.dataframe
    assert not at.get("plotly_chart")


# --- names stay out of department-level screens -------------------------------------------------


@pytest.mark.parametrize("login", ["zarzad", "kierownik"])
def test_department_level_tabs_never_show_employee_names(office, login):
    db = office["db"]
    at = open_dashboard(office, login, od=now().date() - timedelta(days=180))
    every_name = names(db)
    # the search finds names where they are allowed (a check of the check)
    employees_tab = shown_text(tab(show_names(at), EMPLOYEES_TAB))
    assert any(name in employees_tab for name in every_name)
    # the drill-down: the standard and the item most often unmet, where comments are listed
    open_tab(at, "Obserwacje")
    at.selectbox(key="dash_drill_standard").set_value("proces").run()
    for label in TABS:
        text = shown_text(open_tab(at, label))
        assert text, label
        found = sorted(name for name in every_name if name in text)
        assert not found, f"{label}: {found[:3]}"
    # the filters and the tiles above the tabs
    outside_tabs = "\n".join(
        shown_text(child) if hasattr(child, "get") else str(getattr(child, "value", ""))
        for child in at.main.children.values()
        if getattr(child, "type", None) != "tab_container"
    )
    assert "Obserwacje" in outside_tabs
    assert not any(name in outside_tabs for name in every_name)


# --- the observation is the unit ----------------------------------------------------------------


def _fewest_observed(db, start: date, end: date) -> tuple[str, int]:
    """The department with the fewest (but some) sent observations in [start, end]: plain SQL."""
    return db.query(
        "SELECT d.code, count(*) AS n FROM observations o JOIN departments d ON d.id = o.department_id "
        "WHERE o.status = 'sent' AND o.calibration_of IS NULL AND o.observed_at >= ? AND o.observed_at < ? "
        "GROUP BY d.code ORDER BY n, d.code LIMIT 1",
        [datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)],
    )[0]


def _caption_under(at: AppTest, label: str) -> str:
    """The caption drawn in a tile, right after its metric (in the order of the page)."""
    shown = [node for node in at.main if getattr(node, "type", None) in ("metric", "caption")]
    [index] = [i for i, node in enumerate(shown) if node.type == "metric" and node.label == label]
    return shown[index + 1].value


def test_a_department_with_few_observations_has_its_score_withheld_with_the_reason(office):
    end = now().date()
    start = end - timedelta(days=13)
    code, observed = _fewest_observed(office["db"], start, end)
    assert 0 < observed < 5
    at = open_dashboard(office, "zarzad", od=start, do=end, dzialy=code)
    assert not at.exception
    assert metric(at, "Średni wynik obserwacji") == "—"
    assert _caption_under(at, "Średni wynik obserwacji") == f"za mało obserwacji: {observed} z wymaganych 5"
    # a count is not a sample: the number of observations is always shown
    assert metric(at, "Obserwacje") == str(observed)


def test_with_many_observations_the_interval_is_wider_than_the_item_based_one(office):
    end = now().date()
    start = end - timedelta(days=90)
    at = open_dashboard(office, "zarzad", od=start, do=end, dzialy="KM")
    assert not at.exception
    caption = _caption_under(at, "Średni wynik obserwacji")
    observed = sent_observations(office["db"], start, end, ("KM",))
    assert observed >= 20
    assert caption.startswith(f"{observed} obserwacji, ") or caption.startswith(f"{observed} obserwacje, ")
    found = re.search(r"przedział ufności 95%: (\d+,\d)–(\d+,\d)%", caption).groups()
    low, high = (float(v.replace(",", ".")) for v in found)
    # the interval the old tile showed: Wilson over item answers as if they were independent,
    # from plain SQL counts of the same observations' answers
    met, items = office["db"].query(
        "SELECT sum(o.n_met), sum(o.n_met + o.n_not_met) FROM observations o JOIN departments d "
        "ON d.id = o.department_id WHERE d.code = 'KM' AND o.status = 'sent' AND o.calibration_of IS NULL "
        "AND o.observed_at >= ? AND o.observed_at < ?",
        [datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)],
    )[0]
    item_low, item_high = proportion_confint(met, items, method="wilson")
    # one decimal: the true width is more than the shown width less 0.1 point of rounding
    assert (high - low) - 0.1 > 100 * (item_high - item_low)


def test_staff_who_chose_english_get_english_tiles_tables_and_charts(office):
    users.update_user(office["db"], office["accounts"]["zarzad"], {"language": "en"}, "test")
    at = open_dashboard(office, "zarzad", dzialy="KM")
    assert not at.exception
    assert [m.label for m in at.metric][:2] == ["Observations", "Mean observation score"]
    score_caption = _caption_under(at, "Mean observation score")
    assert " observations, " in score_caption and "95% confidence interval: " in score_caption
    headers = [list(frame.value.columns) for frame in at.dataframe]
    assert ["Standard", "Score", "Basis and interval"] in headers
    charts = [json.loads(chart.proto.spec) for chart in open_tab(at, "Score trend").get("plotly_chart")]
    [trend] = [
        text for text in (json.dumps(chart, ensure_ascii=False) for chart in charts) if "Laney" in text
    ]
    assert "control limits (Laney p′)" in trend and "granice" not in trend
    assert "observations" in trend and "obserwacji" not in trend


# --- drill-down from the heat map (issue 13) ----------------------------------------------------------


def cell_scores(db, start: date, end: date, codes=None) -> list[tuple]:
    """Every department × standard cell with at least five scoring observations, weakest first:
    (department id, department name, standard id, score), from plain SQL on the answers' tallies."""
    sql = (
        "SELECT d.id, d.name, s.standard_id, "
        "sum(s.met_weight) / sum(s.met_weight + s.not_met_weight) AS score "
        "FROM observation_standard_scores s JOIN observations o ON o.id = s.observation_id "
        "JOIN departments d ON d.id = o.department_id WHERE o.status = 'sent' AND o.calibration_of IS NULL "
        "AND o.observed_at >= ? AND o.observed_at < ? AND s.met_weight + s.not_met_weight > 0"
    )
    args: list = [datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)]
    if codes:
        sql += f" AND d.code IN ({', '.join('?' for _ in codes)})"
        args.extend(codes)
    return db.query(sql + " GROUP BY ALL HAVING count(*) >= 5 ORDER BY score, d.name", args)


def click_cell(at: AppTest, department_id, standard_id: str) -> AppTest:
    """What the browser sends when a heat-map cell is clicked: the selection of the point whose
    customdata is [department id, standard id] (AppTest has no plotly widget to set)."""
    [chart] = [c for c in at.get("plotly_chart") if c.proto.id and "dash_heatmap" in c.proto.id]
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = chart.proto.id
    point = {"customdata": [str(department_id), standard_id], "curve_number": 2, "point_index": 0}
    state.string_value = json.dumps(
        {"selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}}
    )
    return at._run(states)


def drill_target(at: AppTest) -> tuple:
    return at.selectbox(key="dash_drill_dept").value, at.selectbox(key="dash_drill_standard").value


def test_the_drill_down_starts_where_help_is_needed_the_weakest_cell(office):
    at = open_dashboard(office, "zarzad")
    assert not at.exception
    start, end = at.date_input(key="dash_range").value
    cells = cell_scores(office["db"], start, end)
    weakest, best = cells[0], cells[-1]
    assert weakest[3] < best[3]
    assert drill_target(at) == (weakest[0], weakest[2])
    assert START in texts(at.caption)
    # the detail lists that standard's items of that department, most often unmet first
    [items] = [frame.value for frame in tab(at, "Obserwacje").dataframe if "Pozycja" in frame.value.columns]
    standard_items = {e.item.label for e in CHECKLISTS.all_entries() if e.standard.id == weakest[2]}
    assert set(items["Pozycja"]) <= standard_items
    assert list(items["Niespełnione"]) == sorted(items["Niespełnione"], reverse=True)


def test_a_click_on_a_heat_map_cell_opens_that_cells_detail_and_a_later_choice_sticks(office):
    at = open_dashboard(office, "zarzad")
    start, end = at.date_input(key="dash_range").value
    department_id, _, standard_id, score = cell_scores(office["db"], start, end)[-1]  # the best cell
    click_cell(at, department_id, standard_id)
    assert not at.exception
    assert drill_target(at) == (department_id, standard_id)
    shown = f"{score * 100:.1f}".replace(".", ",") + "%"
    assert any(c.startswith(f"Wynik w tym polu: {shown} (") for c in texts(at.caption)), texts(at.caption)
    assert START not in texts(at.caption)
    # choosing another standard below the heat map is not undone by the earlier click
    other = next(s.id for s in CHECKLISTS.standards if s.id != standard_id)
    at.selectbox(key="dash_drill_standard").set_value(other).run()
    assert drill_target(at) == (department_id, other)


def test_a_click_on_a_department_outside_the_viewers_scope_is_ignored(office):
    """A supervisor of KM and AB cannot open GK's cell by sending a forged selection."""
    at = open_dashboard(office, "kierownik", od=now().date() - timedelta(days=180))
    before = drill_target(at)
    click_cell(at, office["department"]["GK"], "wiedza")
    assert not at.exception
    assert drill_target(at) == before
    assert before[0] in {office["department"]["KM"], office["department"]["AB"]}


def test_every_choice_on_the_dashboard_has_a_polish_placeholder_and_english_for_english_staff(office):
    at = open_dashboard(office, "zarzad")
    placeholders = {box.key: box.proto.placeholder for box in at.selectbox}
    placeholders |= {box.key: box.proto.placeholder for box in open_tab(at, "Klienci").selectbox}
    assert placeholders == {
        "dash_kind": "Wybierz rodzaj",
        "dash_version": "Wybierz wersję",
        "dash_drill_dept": "Wybierz wydział",
        "dash_drill_standard": "Wybierz standard",
        "dash_drill_item": "Wybierz pozycję",
        "dash_highlight": "Wybierz wydział",
        "report_basis": "Wybierz zakres raportu",  # the report's download (pages/report_download.py)
    }
    users.update_user(office["db"], office["accounts"]["zarzad"], {"language": "en"}, "test")
    at = open_dashboard(office, "zarzad")
    placeholders = {box.key: box.proto.placeholder for box in at.selectbox}
    assert placeholders["dash_drill_dept"] == "Choose a department"
    assert (
        "To start with, the cell with the lowest score is shown: that is where help is needed most."
        in texts(at.caption)
    )
    placeholders = {box.key: box.proto.placeholder for box in open_tab(at, "Clients").selectbox}
    assert placeholders["dash_highlight"] == "Choose a department"
    assert {box.key: box.proto.placeholder for box in at.multiselect}["dash_departments"] == "All departments"


def test_the_satisfaction_trend_highlights_the_least_satisfied_department_against_grey_others(office):
    at = open_dashboard(office, "zarzad")
    start, end = at.date_input(key="dash_range").value
    # plain SQL: the department with the lowest share of ratings 4–5 among those with 10 or more
    lowest = office["db"].query(
        "SELECT r.department_id FROM client_ratings r JOIN departments d ON d.id = r.department_id "
        "WHERE r.created_at >= ? AND r.created_at < ? AND (NOT r.burst OR r.burst_review = 'approved') "
        "GROUP BY r.department_id, d.name "
        "HAVING count(*) >= 10 ORDER BY count(*) FILTER (WHERE r.overall >= 4) / count(*), d.name LIMIT 1",
        [datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)],
    )[0][0]
    charts = [json.loads(c.proto.spec) for c in open_tab(at, "Klienci").get("plotly_chart")]
    assert at.selectbox(key="dash_highlight").value == lowest
    [chart] = [c for c in charts if any(trace.get("name") == "pozostałe wydziały" for trace in c["data"])]
    coloured = [trace for trace in chart["data"] if trace["line"]["color"] != "#C9C9C9"]
    assert len(coloured) == 2  # all departments together, and the highlighted one
    assert len({trace["line"]["color"] for trace in coloured}) == 2
    legend = [trace["name"] for trace in chart["data"] if trace.get("showlegend", True)]
    assert len(legend) == 3 and "pozostałe wydziały" in legend


# --- results kept between loads, and only the open tab computed -----------------------------------


def ratings_in(db, start: date, end: date) -> int:
    """Client ratings counted in the figures (a burst only once approved), counted in the table."""
    return db.scalar(
        "SELECT count(*) FROM client_ratings WHERE created_at >= ? AND created_at < ? "
        "AND (NOT burst OR burst_review = 'approved')",
        [datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)],
    )


def test_a_rating_sent_after_a_load_appears_in_the_next_load_of_the_same_filter(office):
    """The dashboard keeps its results between loads (analytics.cache) only until new data comes."""
    db = office["db"]
    at = open_dashboard(office, "zarzad")
    start, end = at.date_input(key="dash_range").value
    counted = ratings_in(db, start, end)
    assert metric(at, "Oceny Klientów").replace("\xa0", "") == str(counted)
    comments = open_tab(at, "Klienci").dataframe[-1].value
    at = reopen(office, "zarzad", at)  # a reload with nothing new: the same figures
    assert metric(at, "Oceny Klientów").replace("\xa0", "") == str(counted)

    km = office["department"]["KM"]
    rating_id = uuid.uuid4()
    comment = "Bardzo sprawna obsługa w okienku numer trzy."
    kiosk = Channel("qr", department_id=km)
    survey.submit(db, kiosk, {"id": str(rating_id), "language": "pl", "overall": 5, "comment": comment})
    at = reopen(office, "zarzad", at)
    assert (
        metric(at, "Oceny Klientów").replace("\xa0", "")
        == str(counted + 1)
        == str(ratings_in(db, start, end))
    )
    # approved by the moderator, the comment is listed at the next load of the clients' tab
    assert comment not in list(open_tab(at, "Klienci").dataframe[-1].value["Komentarz"])
    admin = CurrentUser.from_row(users.get_user(db, office["accounts"]["admin"]))
    moderation.approve_comments(db, admin, [rating_id])
    shown = open_tab(reopen(office, "zarzad", at), "Klienci").dataframe[-1].value
    assert list(shown["Komentarz"]) == [comment, *list(comments["Komentarz"])][: len(shown)]


def test_only_the_open_tab_is_computed_and_sent(office):
    at = open_dashboard(office, "zarzad")
    charts = {label: len(tab(at, label).get("plotly_chart")) for label in TABS}
    assert charts == dict.fromkeys(TABS, 0) | {"Obserwacje": 2}  # the heat map and the Pareto
    open_tab(at, "Klienci")
    charts = {label: len(tab(at, label).get("plotly_chart")) for label in TABS}
    assert charts == dict.fromkeys(TABS, 0) | {"Klienci": 3}
    assert not tab(at, "Obserwacje").dataframe
    open_tab(at, "Trend wyników")
    charts = {label: len(tab(at, label).get("plotly_chart")) for label in TABS}
    assert charts == dict.fromkeys(TABS, 0) | {"Trend wyników": 1}


def test_the_first_view_prepared_at_start_is_the_one_the_dashboard_asks_for(office, monkeypatch):
    """server.py runs prepare_first_view at start: management's first load then runs no query."""
    prepare_first_view(office["db"])
    asked = []

    def counted(query):
        @functools.wraps(query)  # the same name: the same kept result
        def asking(*args, **options):
            asked.append(query.__name__)
            return query(*args, **options)

        return asking

    for name in ("headline", "department_standard", "item_results", "total_not_met", "handbook_versions"):
        monkeypatch.setattr(queries, name, counted(getattr(queries, name)))
    at = open_dashboard(office, "zarzad")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 2  # the heat map and the Pareto, drawn from kept results
    assert asked == []
    open_tab(at, "Obserwacje").selectbox(key="dash_drill_standard").set_value("proces").run()
    assert asked == ["item_results"]  # another cell: computed now (and the check can fail)
