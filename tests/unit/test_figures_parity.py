"""One function computes each figure; the screens and the Excel export only format it.

On demo data, every headline figure is taken through the dashboard's path (the call
pages/dashboard.py makes, then the tiles it shows) and through the Excel export's summary sheet,
and the two must be identical: value, n, interval and change, or the same reason for
withholding. The monthly scores of the dashboard's control chart and of the export's "Trendy"
sheet are compared the same way. And departments are keyed by id: two departments with the same
name never merge, and a supervisor scoped to one of them sees nothing of the other.
"""

from __future__ import annotations

import io
import uuid
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from analytics import export, figures, headline, queries, summaries
from analytics.filters import Filters
from analytics.queries import Scope, resolve_scope
from checklists.loading import current_checklists
from i18n import format_number, format_percent, t
from storage.departments import add_department
from storage.employees import add_employee
from tests.seeding import add_observation, add_ratings
from tests.stores import store_demo

CHECKLISTS = current_checklists()
END = datetime(2026, 6, 30, 15, 0)
PERIOD = Filters(date(2026, 4, 1), date(2026, 6, 30))


@pytest.fixture(scope="module")
def demo_db(request, tmp_path_factory):
    options = {"months": 6, "ratings": 3000, "observations": 400, "seed": 17, "end": END}
    with store_demo(request, tmp_path_factory.mktemp("parity"), **options) as database:
        yield database


def _scopes(db) -> dict[str, Scope]:
    smallest = db.query(
        "SELECT d.code FROM departments d LEFT JOIN observations o ON o.department_id = d.id "
        "AND o.status = 'sent' AND o.calibration_of IS NULL AND o.observed_at >= ? AND o.observed_at < ? "
        "GROUP BY d.code ORDER BY count(o.id), d.code LIMIT 1",
        [datetime(2026, 6, 1), datetime(2026, 7, 1)],
    )[0][0]
    return {
        "office, quarter": resolve_scope(db, PERIOD, None),
        "one department, quarter": resolve_scope(db, Filters(PERIOD.start, PERIOD.end, ("KM",)), None),
        # the department with fewest observations in one month: its score is withheld
        "smallest department, June": resolve_scope(
            db, Filters(date(2026, 6, 1), date(2026, 6, 30), (smallest,)), None
        ),
    }


def _summary_rows(workbook) -> dict[str, dict]:
    """The export's headline table, by indicator."""
    rows = list(workbook["Podsumowanie"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Wskaźnik")
    headers = rows[start]
    table = {}
    for row in rows[start + 1 :]:
        if row[0] is None:
            break
        table[row[0]] = dict(zip(headers, row, strict=False))
    return table


@pytest.mark.parametrize("name", ["office, quarter", "one department, quarter", "smallest department, June"])
def test_every_headline_figure_is_the_same_on_the_dashboard_and_in_the_export(demo_db, name):
    scope = _scopes(demo_db)[name]
    dashboard = headline.headline_figures(demo_db, scope, CHECKLISTS.version)
    tiles = {tile.label: tile for tile in summaries.tiles(dashboard)}
    workbook = openpyxl.load_workbook(
        io.BytesIO(
            export.workbook_bytes(demo_db, scope, checklists=CHECKLISTS, made_by="Test", with_names=False)
        )
    )
    exported = _summary_rows(workbook)
    assert set(exported) >= set(export.FIGURE_LABELS.values())
    for key, figure in dashboard.items():
        row = exported[export.FIGURE_LABELS[key]]
        tile = tiles[t(f"fig.{key}")]
        if figure.withheld:
            reason = summaries.withheld_text(figure.n, figure.min_n, figure.unit)
            assert row["Wartość"] == reason
            assert tile.value == "—" and tile.detail == reason
        else:
            assert row["Wartość"] == pytest.approx(figure.value, rel=1e-12)
        if figure.kind == "count":
            assert tile.value == format_number(row["Wartość"], decimals=0)
        elif figure.kind in ("score", "share") and not figure.withheld:
            assert tile.value == format_percent(row["Wartość"])
            assert row["n"] == figure.n
            assert (row["Przedział ufności 95% – od"], row["Przedział ufności 95% – do"]) == pytest.approx(
                (figure.low, figure.high), rel=1e-12
            )
            assert summaries.interval_text(
                row["Przedział ufności 95% – od"], row["Przedział ufności 95% – do"]
            ) in (tile.detail)
        elif figure.kind == "register":
            assert (row["Wartość"], row["n"]) == (figure.value, figure.total)
            assert tile.value == summaries.register_text(row["Wartość"], row["n"])
        change = row["Zmiana wobec poprzedniego okresu"]
        if figure.previous_empty:
            assert change == tile.delta == "brak danych z poprzedniego okresu"
        elif figure.delta is None:
            assert change is None and tile.delta is None
        else:
            assert change == pytest.approx(figure.delta, rel=1e-12)
    # the score's n is observations, checked against plain SQL
    where, params = queries._observation_where(scope)
    observed = demo_db.scalar(
        f"SELECT count(*) FROM observations o WHERE {where} AND o.met_weight + o.not_met_weight > 0", params
    )
    assert dashboard["score"].n == observed


def test_monthly_scores_are_the_same_on_the_control_chart_and_in_the_export(demo_db):
    scope = resolve_scope(demo_db, PERIOD, None)
    monthly = queries.monthly_scores(demo_db, scope)
    labels = summaries.department_labels(monthly)
    workbook = openpyxl.load_workbook(
        io.BytesIO(
            export.workbook_bytes(demo_db, scope, checklists=CHECKLISTS, made_by="Test", with_names=False)
        )
    )
    rows = list(workbook["Trendy"].iter_rows(values_only=True))
    headers = rows[0]
    sheet = {
        (row[1], row[0].date()): dict(zip(headers, row, strict=True))
        for row in rows[1:]
        if row[0] is not None
    }
    compared = 0
    for department_id, label in labels.items():
        records = monthly[monthly["department_id"] == department_id].sort_values("month").to_dict("records")
        chart, scores = figures.monthly_chart(records)
        shown = iter(zip(chart.rows, scores, strict=True))
        for record in records:
            exported = sheet[(label, pd.Timestamp(record["month"]).date())]
            score = summaries.score_of(record)
            if score.enough:
                point, charted = next(shown)
                assert point.p == pytest.approx(exported["Wynik obserwacji"], rel=1e-12)
                assert charted.n == record["scored_observations"]
                assert exported["Wynik – przedział ufności 95% od"] == pytest.approx(charted.low, rel=1e-12)
                compared += 1
            else:
                assert exported["Wynik obserwacji"] is None
                assert "za mało obserwacji" in exported["Uwagi"]
    assert compared >= 10


# --- departments are ids, not names -------------------------------------------------------------


def test_two_departments_of_the_same_name_never_merge_and_scope_keeps_them_apart(db):
    """Two departments called "Wydział Komunikacji" (codes KM and KM2), each observed and rated; a
    supervisor scoped to KM sees on every dashboard view only KM's rows, and the drill-down's
    department ids come from the scoped query."""
    km = add_department(db, "KM", "Wydział Komunikacji", "test")
    km2 = add_department(db, "KM2", "Wydział Komunikacji", "test")
    observer = uuid.uuid4()
    for department, answer in ((km, "tak"), (km2, "nie")):
        employee = add_employee(
            db, {"department_id": department, "first_name": "Jan", "last_name": "Kowal"}, "t"
        )
        for day in range(1, 7):
            add_observation(
                db,
                department=department,
                employee=employee,
                observer=observer,
                at=datetime(2026, 10, day, 10, 0),
                answers={"IDE-01": answer, "IDE-03": answer, "WYG-08": "tak"},
            )
        add_ratings(
            db,
            department,
            datetime(2026, 10, 2, 9, 0),
            [5 if answer == "tak" else 1] * 12,
            comment="Uprzejma obsługa",
            comment_status="approved",
        )
    october = Filters(date(2026, 10, 1), date(2026, 10, 31))

    # management sees both, told apart by code
    everyone = resolve_scope(db, october, None)
    monthly = queries.monthly_scores(db, everyone)
    assert summaries.department_labels(monthly) == {
        km: "Wydział Komunikacji (KM)",
        km2: "Wydział Komunikacji (KM2)",
    }
    assert len(queries.department_standard(db, everyone)["department_id"].unique()) == 2
    heat = figures.heatmap(queries.department_standard(db, everyone), {"identyfikacja": "Identyfikacja"})
    assert list(heat.data[0].y) == ["Wydział Komunikacji (KM)", "Wydział Komunikacji (KM2)"]

    # the supervisor of KM: nothing of KM2 on any view
    scoped = resolve_scope(db, october, [km])
    frames = {
        "monthly_scores": queries.monthly_scores(db, scoped),
        "monthly_satisfaction": queries.monthly_satisfaction(db, scoped),
        "department_standard": queries.department_standard(db, scoped),
        "coverage": queries.coverage(db, scoped),
        "critical_breaches": queries.critical_breaches(db, scoped),
        "employee_scores": queries.employee_scores(db, scoped),
        "approved_comments": queries.approved_comments(db, scoped),
        "item_observations": queries.item_observations(db, scoped, "IDE-01", with_names=True),
    }
    for name, frame in frames.items():
        assert set(frame["department_id"]) <= {km}, name
    assert len(frames["approved_comments"]) == 12
    assert set(frames["department_standard"]["department_id"]) == {km}
    assert set(queries.item_observations(db, scoped, "IDE-01", with_names=False)["answer"]) == {"tak"}
    assert int(queries.item_results(db, scoped).set_index("item_id").loc["IDE-01", "not_met"]) == 0
    figures_km = headline.headline_figures(db, scoped, CHECKLISTS.version)
    assert (figures_km["observations"].value, figures_km["ratings"].value) == (6, 12)
    assert figures_km["score"].value == 1.0  # KM2's "nie" answers are not mixed in
    # a department code in the URL of another department is dropped from the supervisor's scope
    assert resolve_scope(db, Filters(october.start, october.end, ("KM2",)), [km]).department_ids == ()
