"""The dashboard's charts (analytics.figures): in the viewer's language, with the rule they use,
a score trend that does not flag ordinary months on clustered data, and legible at tablet width:
every heat-map cell clickable, two coloured lines in the satisfaction trend, Pareto labels whole.
The score trend draws each department's Laney p′ chart (analytics.figures.monthly_chart) in two
traces and a centre line, and names each kind of line or marker once in the legend.

The office is a small demo (data.demo.generate), so the months vary between employees as a real
office does. Expected counts come from plain SQL or from the textbook p chart over item answers
(analytics.statistics.p_chart, itself tested against NIST's published wafer example).
"""

from __future__ import annotations

import html
from datetime import date, datetime

import pytest

from analytics import figures, headline, queries, summaries
from analytics.filters import Filters
from analytics.queries import resolve_scope
from analytics.statistics import p_chart
from checklists.loading import current_checklists
from i18n import format_percent
from tests.stores import store_demo

CHECKLISTS = current_checklists()
STANDARDS = {s.id: s.short for s in CHECKLISTS.standards}
END = datetime(2026, 10, 31, 15, 0)
YEAR = Filters(date(2025, 11, 1), date(2026, 10, 31))


@pytest.fixture(scope="module")
def year_db(request, tmp_path_factory):
    options = {"months": 12, "ratings": 4000, "observations": 2000, "seed": 5, "end": END}
    with store_demo(request, tmp_path_factory.mktemp("charts"), **options) as database:
        yield database


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
    scores, withheld_cells, clickable = heat.data
    withheld = [
        (department, standard)
        for department, row in zip(withheld_cells.y, withheld_cells.text, strict=True)
        for standard, text in zip(withheld_cells.x, row, strict=True)
        if text == "–"
    ]
    # each is grey, with the reason where the pointer (or a tap) reads it, and without a number
    too_few = [hover for hover in clickable.hovertext if "za mało obserwacji" in hover]
    none = [hover for hover in clickable.hovertext if "brak ocenionych obserwacji" in hover]
    numbers = {
        (department, standard): text
        for department, row in zip(scores.y, scores.text, strict=True)
        for standard, text in zip(scores.x, row, strict=True)
    }
    # plain SQL: department-standard cells of October scored in fewer than five observations
    expected = year_db.scalar(
        "SELECT count(*) FROM (SELECT o.department_id, s.standard_id FROM observation_standard_scores s "
        "JOIN observations o ON o.id = s.observation_id WHERE o.status = 'sent' AND o.calibration_of IS NULL "
        "AND o.observed_at >= ? AND o.observed_at < ? AND s.met_weight + s.not_met_weight > 0 "
        "GROUP BY ALL HAVING count(*) < 5)",
        [datetime(2026, 10, 1), datetime(2026, 11, 1)],
    )
    assert expected > 0
    assert len(too_few) == expected
    assert len(withheld) == expected + len(none)
    assert all(numbers[cell] == "" for cell in withheld)


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


# --- legible at tablet and laptop widths (issue 13) ---------------------------------------------------


def test_every_heat_map_cell_can_be_clicked_and_names_its_department_and_standard(year_db):
    scope = resolve_scope(year_db, Filters(date(2026, 8, 1), date(2026, 10, 31)), None)
    cells = queries.department_standard(year_db, scope)
    names = summaries.department_labels(cells)
    chosen = (sorted(names, key=names.get)[1], "wiedza")
    heat = figures.heatmap(cells, STANDARDS, chosen=chosen)
    clickable = heat.data[-1]
    assert clickable.type == "scatter"  # a heatmap cannot be selected; a scatter point can
    cells_shown = len(names) * len(set(cells["standard_id"]))
    assert len({tuple(data) for data in clickable.customdata}) == len(clickable.hovertext) == cells_shown
    for (department, standard), hover in zip(clickable.customdata, clickable.hovertext, strict=True):
        department_name, standard_name = hover.split("<br>")[:2]
        assert names[next(d for d in names if str(d) == department)] == department_name
        assert STANDARDS[standard] == standard_name
    # the cell the detail shows is outlined: one shape around the chosen department and standard
    [outline] = heat.layout.shapes
    row = sorted(names, key=names.get).index(chosen[0])
    column = [s for s in STANDARDS if s in set(cells["standard_id"])].index("wiedza")
    assert (outline.x0 + outline.x1) / 2 == column and (outline.y0 + outline.y1) / 2 == row


def test_the_satisfaction_trend_draws_two_coloured_lines_whatever_the_number_of_departments(year_db):
    scope = resolve_scope(year_db, YEAR, None)
    monthly = queries.monthly_satisfaction(year_db, scope)
    names = summaries.department_labels(monthly[monthly["department_id"].notna()])
    assert len(names) >= 10
    highlighted = sorted(names, key=names.get)[0]
    chart = figures.satisfaction_trend(monthly, "pl", highlighted)
    grey = [trace for trace in chart.data if trace.line.color == figures.CONTEXT]
    coloured = [trace for trace in chart.data if trace.line.color != figures.CONTEXT]
    assert [trace.name for trace in coloured] == ["wszystkie wydziały na wykresie", names[highlighted]]
    assert len({trace.line.color for trace in coloured}) == 2
    assert len(grey) == len(names) - 1 + (len(monthly) > len(monthly.dropna(subset=["department_id"])))
    legend = [trace.name for trace in chart.data if trace.showlegend is not False]
    assert legend == ["pozostałe wydziały", *(trace.name for trace in coloured)]
    # the line of all departments together: every rating of the month, from plain SQL
    october = year_db.query(
        "SELECT count(*) FILTER (WHERE overall >= 4) / count(*) FROM client_ratings "
        "WHERE created_at >= ? AND created_at < ? AND (NOT burst OR burst_review = 'approved')",
        [datetime(2026, 10, 1), datetime(2026, 11, 1)],
    )[0][0]
    together = coloured[0]
    assert together.y[list(together.x).index("paź 2026")] == pytest.approx(october)
    # one department: its own line, nothing grey
    alone = monthly[monthly["department_id"] == highlighted]
    assert [trace.name for trace in figures.satisfaction_trend(alone, "pl").data] == [names[highlighted]]


def test_pareto_labels_are_whole_and_the_most_often_unmet_item_is_on_top(year_db):
    scope = resolve_scope(year_db, YEAR, None)
    unmet = queries.item_results(year_db, scope)
    labels = {e.item.id: e.item.label for e in CHECKLISTS.all_entries()}
    sources = {e.item.id: e.item.source for e in CHECKLISTS.all_entries()}
    chart = figures.pareto(unmet, queries.total_not_met(year_db, scope), labels, sources)
    bars = chart.data[0]
    assert bars.orientation == "h" and chart.layout.yaxis.autorange == "reversed"
    shown = [" ".join(label.split("<br>")) for label in bars.y]
    assert shown == [labels[item] for item in unmet["item_id"]]  # whole words, nothing cut or "…"
    assert all(len(line) <= 34 for label in bars.y for line in label.split("<br>"))
    assert list(bars.x) == sorted(bars.x, reverse=True)


# --- a score trend of few traces (issue 14) -------------------------------------------------------

LIMITS, CENTRE, OUTSIDE = "granice kontrolne (Laney p′)", "wynik wydziału za cały okres", "poza granicami"


def _department_chart(monthly, department_id):
    """The department's Laney p′ chart as analytics.figures.monthly_chart draws it from its rows."""
    records = monthly[monthly["department_id"] == department_id].sort_values("month").to_dict("records")
    chart, _ = figures.monthly_chart(records)
    return chart.rows


def _legend(figure) -> list[str]:
    """The legend's entries in the order plotly shows them (by legendrank): traces are in the
    legend unless they say otherwise, shapes only when they say so."""
    entries = [trace for trace in figure.data if trace.showlegend is not False]
    entries += [shape for shape in figure.layout.shapes if shape.showlegend]
    return [entry.name for entry in sorted(entries, key=lambda entry: entry.legendrank or 1000)]


def test_the_score_trend_draws_each_departments_chart_in_two_traces_and_a_centre_line(year_db):
    monthly = queries.monthly_scores(year_db, resolve_scope(year_db, YEAR, None))
    names = summaries.department_labels(monthly)
    trend = figures.score_trend(monthly)
    assert len(trend.data) <= 2 * len(names) + 1  # 43 traces before
    flagged = 0
    for department_id, name in names.items():
        rows = _department_chart(monthly, department_id)
        months = [row.label for row in rows]
        # the panel: the department's score line, and the limits and centre line on its axes
        [score] = [trace for trace in trend.data if trace.name == html.escape(name)]
        [limits] = [trace for trace in trend.data if trace.xaxis == score.xaxis and trace.name == LIMITS]
        [centre] = [shape for shape in trend.layout.shapes if shape.xref == score.xaxis]
        assert limits.yaxis == centre.yref == score.yaxis
        assert list(score.x) == months and list(score.y) == [row.p for row in rows]
        # the upper limits, a gap, the lower limits: one grey dotted line of steps
        assert list(limits.x) == [*months, None, *months]
        assert list(limits.y) == [*(row.ucl for row in rows), None, *(row.lcl for row in rows)]
        assert (limits.line.color, limits.line.dash, limits.line.shape) == (figures.GREY, "dot", "hvh")
        # the centre from the first month shown to the last (shapes count categories from 0)
        assert (centre.type, centre.x0, centre.x1) == ("line", 0, len(months) - 1)
        assert centre.y0 == centre.y1 == rows[0].centre
        # red diamonds exactly on the months outside the limits, blue dots elsewhere
        marks = list(zip(score.marker.color, score.marker.symbol, score.marker.size, strict=True))
        red = [
            month for month, mark in zip(months, marks, strict=True) if mark == (figures.RED, "diamond", 12)
        ]
        assert red == [row.label for row in rows if row.out_of_control]
        assert marks.count((figures.BLUE, "circle", 6)) == len(months) - len(red)
        assert (score.marker.opacity, score.marker.line.width) == (1, 0)  # solid, not plotly's bubbles
        # every month keeps its hover: department, month, score and (with limits) the limits
        for row, hover in zip(rows, score.hovertext, strict=True):
            assert hover.startswith(f"{html.escape(name)}, {row.label}<br>")
            limits_text = f"granice kontrolne: {format_percent(row.lcl)}–{format_percent(row.ucl)}"
            assert limits_text in hover
        flagged += len(red)
    assert flagged > 0  # the demo year has months outside the limits


def test_the_score_trend_legend_names_each_kind_once(year_db):
    monthly = queries.monthly_scores(year_db, resolve_scope(year_db, YEAR, None))
    trend = figures.score_trend(monthly)
    assert _legend(trend) == [LIMITS, CENTRE, OUTSIDE]
    [named] = [trace for trace in trend.data if trace.name == OUTSIDE]
    assert (named.marker.color, named.marker.symbol, named.marker.size) == (figures.RED, "diamond", 12)
    # a department without months outside its limits: no entry for them
    calm = next(
        d
        for d in summaries.department_labels(monthly)
        if not any(row.out_of_control for row in _department_chart(monthly, d))
    )
    alone = figures.score_trend(monthly[monthly["department_id"] == calm])
    assert len(alone.data) == 2 and len(alone.layout.shapes) == 1
    assert _legend(alone) == [LIMITS, CENTRE]
