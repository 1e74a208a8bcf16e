"""The dashboard's charts (analytics.figures): in the viewer's language, with the rule they use,
and a score trend that does not flag ordinary months on clustered data.

The office is a small demo (data.demo.generate), so the months vary between employees as a real
office does. Expected counts come from plain SQL or from the textbook p chart over item answers
(analytics.statistics.p_chart, itself tested against NIST's published wafer example).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from analytics import figures, headline, queries, summaries
from analytics.filters import Filters
from analytics.queries import resolve_scope
from analytics.statistics import p_chart
from checklists.loading import current_checklists
from tests.seeding import demo_database

CHECKLISTS = current_checklists()
STANDARDS = {s.id: s.short for s in CHECKLISTS.standards}
END = datetime(2026, 10, 31, 15, 0)
YEAR = Filters(date(2025, 11, 1), date(2026, 10, 31))


@pytest.fixture(scope="module")
def year_db(tmp_path_factory):
    database = demo_database(
        tmp_path_factory.mktemp("charts") / "demo.duckdb",
        months=12,
        ratings=4000,
        observations=2000,
        seed=5,
        end=END,
    )
    yield database
    database.close()


def _text(figure) -> str:
    """Every string of a plotly figure (titles, axes, legend, hover and cell text), one per line."""

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
            for item in value.tolist() if hasattr(value, "tolist") else value:
                yield from strings(item)

    return "\n".join(strings(figure.to_plotly_json()))


def test_charts_follow_the_viewers_language(year_db):
    scope = resolve_scope(year_db, YEAR, None)
    monthly = queries.monthly_scores(year_db, scope)
    cells = queries.department_standard(year_db, scope)
    english = {
        "trend": figures.score_trend(monthly, "en"),
        "satisfaction": figures.satisfaction_trend(queries.monthly_satisfaction(year_db, scope), "en"),
        "heat map": figures.heatmap(cells, STANDARDS, "en"),
        "hours": figures.hour_weekday(queries.rating_hours(year_db, scope), "en"),
        "criteria": figures.criteria_bars(
            headline.criterion_figures(year_db, scope),
            {f"satisfied.{c}": c for c in queries.CRITERIA},
            "en",
        ),
    }
    trend = _text(english["trend"])
    assert "control limits (Laney p′)" in trend and "department score for the whole period" in trend
    assert "observations" in trend and "95% confidence interval" in trend
    assert "Oct 2026" in trend
    assert "share of ratings 4–5" in _text(english["satisfaction"])
    assert "Mon" in _text(english["hours"]) and "rating" in _text(english["hours"])
    assert "95% confidence interval" in _text(english["criteria"])
    polish_words = ("obserwacji", "przedział", "granice", "odsetek", "średnia", "pon.", "paź")
    for name, figure in english.items():
        text = _text(figure).lower()
        assert not [w for w in polish_words if w in text], name
    polish = _text(figures.score_trend(monthly, "pl"))
    assert "granice kontrolne (Laney p′)" in polish and "przedział ufności 95%" in polish


def test_the_heat_map_withholds_cells_below_five_observations(year_db):
    scope = resolve_scope(year_db, Filters(date(2026, 10, 1), date(2026, 10, 31)), None)
    cells = queries.department_standard(year_db, scope)
    heat = figures.heatmap(cells, STANDARDS)
    withheld = [
        (department, standard)
        for department, row in zip(heat.data[0].y, heat.data[0].text, strict=True)
        for standard, text in zip(heat.data[0].x, row, strict=True)
        if text == "za mało<br>obserwacji"
    ]
    # plain SQL: department-standard cells of October scored in fewer than five observations
    expected = year_db.scalar(
        "SELECT count(*) FROM (SELECT o.department_id, s.standard_id FROM observation_standard_scores s "
        "JOIN observations o ON o.id = s.observation_id WHERE o.status = 'sent' AND o.calibration_of IS NULL "
        "AND o.observed_at >= ? AND o.observed_at < ? AND s.met_weight + s.not_met_weight > 0 "
        "GROUP BY ALL HAVING count(*) < 5)",
        [datetime(2026, 10, 1), datetime(2026, 11, 1)],
    )
    assert expected > 0
    assert len(withheld) == expected


def test_laney_flags_fewer_months_than_the_item_p_chart_on_a_year_of_demo_data(year_db):
    scope = resolve_scope(year_db, YEAR, None)
    monthly = queries.monthly_scores(year_db, scope)
    # the chart the dashboard used to draw: p over item answers as if they were independent
    items = year_db.query(
        "SELECT o.department_id, date_trunc('month', o.observed_at) AS month, sum(o.n_met), "
        "sum(o.n_met + o.n_not_met) FROM observations o WHERE o.status = 'sent' AND o.calibration_of IS NULL "
        "AND o.observed_at >= ? AND o.observed_at < ? GROUP BY ALL ORDER BY 1, 2",
        [datetime(2025, 11, 1), datetime(2026, 11, 1)],
    )
    item_flags = 0
    for department_id in {row[0] for row in items}:
        points = [(row[1], row[2], row[3]) for row in items if row[0] == department_id]
        item_flags += sum(point.out_of_control for point in p_chart(points))
    laney_flags, months_charted = 0, 0
    for department_id in summaries.department_labels(monthly):
        records = monthly[monthly["department_id"] == department_id].sort_values("month").to_dict("records")
        chart, _ = figures.monthly_chart(records)
        laney_flags += sum(row.out_of_control for row in chart.rows)
        months_charted += len(chart.rows)
    assert months_charted >= 100
    assert laney_flags < item_flags
