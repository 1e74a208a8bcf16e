"""Plotly figures of the dashboard, in the viewer's language (Polish number formats for
Polish: 1 234,5; 87,3%).

Every figure carries its n and 95 % interval in the hover text, computed by the one function
for its kind (observation scores: analytics.statistics.observation_score; client ratings:
analytics.statistics.proportion). Below the minimum n a point is left out of trend lines and a
cell is grey, its hover saying why. Departments are keyed by id and labelled by
analytics.summaries.department_labels.

Made to be read on a 1024 px tablet: long names wrap instead of being cut, a chart draws at most
two coloured lines (the satisfaction trend highlights one department against grey others; the
score trend has a panel per department), and heat-map cells can be clicked.
"""

from __future__ import annotations

import html
import math
from collections.abc import Hashable, Sequence

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date
from plotly.subplots import make_subplots

from analytics.headline import Figure
from analytics.statistics import LaneyChart, ObservationScore, default_min_n, laney_p_chart, proportion
from analytics.summaries import (
    department_ids,
    department_labels,
    figure_text,
    score_of,
    score_text,
    share_text,
)
from i18n import format_count, format_number, format_percent, t

BLUE, RED, GREY = "#1F4E79", "#B00020", "#6B6B6B"
INK, WITHHELD = "#1A1A1A", "#E3E3E3"
ORANGE, CONTEXT = "#C25700", "#C9C9C9"  # a highlighted line; the grey lines behind it
ROW = 50  # a heat-map row, in pixels: room for a two-line department name
CHAR_PX = 6.5  # the average width of a character of the charts' 13 px sans-serif (5.5-6), generously


def _style(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        separators=", ",  # decimal comma, thin-space thousands: Polish
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        font={"family": "sans-serif", "size": 13},
        plot_bgcolor="white",
        hoverlabel={"bgcolor": "white"},
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_xaxes(gridcolor="#E5E5E5")
    fig.update_yaxes(gridcolor="#E5E5E5")
    return fig


def _label_px(labels: Sequence[str]) -> int:
    """Pixels the longest line of `labels` (plotly text: lines broken by <br>, HTML entities) takes.
    Margins set from it spare plotly its automatic margins, which draw a chart, measure its labels
    and draw it again: the heat map and the Pareto drew in half the time."""
    lines = (html.unescape(line) for label in labels for line in label.split("<br>"))
    return math.ceil(max((len(line) for line in lines), default=0) * CHAR_PX) + 16


def month_label(month, language: str = "pl") -> str:
    return format_date(pd.Timestamp(month).date(), "LLL yyyy", locale="pl" if language == "pl" else "en_GB")


def _labels(frame: pd.DataFrame) -> dict[Hashable, str]:
    """Department labels by id as plotly text: its labels read a few HTML tags, names must show as typed."""
    return {key: html.escape(label) for key, label in department_labels(frame).items()}


def _score_hover(score: ObservationScore, language: str) -> str:
    value, detail = score_text(score, language)
    return f"{value}<br>{detail}" if score.enough else detail


def monthly_chart(
    records: Sequence[dict], language: str = "pl"
) -> tuple[LaneyChart[str], list[ObservationScore]]:
    """One department's months (queries.monthly_scores rows, in month order) as Laney's p′ chart.

    Each month is its observation score; months below the minimum number of observations are
    left out (their score is withheld). n per point is the month's observations and the centre
    line is the department's score over the months shown, so the limits widen with the variation
    between months actually seen instead of assuming independent item answers."""
    scores = [score_of(record) for record in records]
    shown = [(record, score) for record, score in zip(records, scores, strict=True) if score.enough]
    met = sum(float(record["met"]) for record, _ in shown)
    scored = sum(float(record["scored"]) for record, _ in shown)
    chart = laney_p_chart(
        [(month_label(record["month"], language), score.value * score.n, score.n) for record, score in shown],
        centre=met / scored if scored else None,
    )
    return chart, [score for _, score in shown]


_IN_CONTROL = {"color": BLUE, "size": 6, "symbol": "circle"}  # plotly's own marker, in blue
_OUTSIDE = {"color": RED, "size": 12, "symbol": "diamond"}  # a month outside its control limits


def score_trend(monthly: pd.DataFrame, language: str = "pl") -> go.Figure:
    """Observation score per department and month on Laney p′ charts, one panel per department,
    points outside the limits marked.

    Few traces, as each costs the server (validation, JSON) and the browser (drawing): per panel
    one score line whose months outside the limits carry their own marker, and one trace for both
    limits; the centre line is a layout shape. The legend names each kind once."""
    labels = _labels(monthly)
    columns = 2
    rows = max(1, math.ceil(len(labels) / columns))
    # In pixels: a panel, and the gap below it that holds its slanted month labels and the
    # next panel's title (a fraction of the figure would shrink the gap as departments grow).
    panel, gap = 190, 100
    plot_height = rows * panel + (rows - 1) * gap
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[_wrap(label, 34) for label in labels.values()],  # wrapped, not cut
        shared_yaxes=True,
        vertical_spacing=gap / plot_height if rows > 1 else 0.0,
    )
    lowest = 1.0
    any_outside = False
    centres = []  # set at once: fig.add_shape copies all shapes every time
    for index, (department_id, label) in enumerate(labels.items()):
        records = monthly[monthly["department_id"] == department_id].sort_values("month").to_dict("records")
        chart, scores = monthly_chart(records, language)
        points = chart.rows
        months = [point.label for point in points]
        row, col = index // columns + 1, index % columns + 1
        fig.add_trace(
            go.Scatter(  # the upper limits, a gap, the lower limits: one trace under the score line
                x=[*months, None, *months],
                y=[*(point.ucl for point in points), None, *(point.lcl for point in points)],
                mode="lines",
                line={"color": GREY, "dash": "dot", "shape": "hvh"},
                hoverinfo="skip",
                legendgroup="limits",
                legendrank=1,
                showlegend=index == 0,
                name=t("chart.limits", language),
            ),
            row,
            col,
        )
        fig.add_trace(
            go.Scatter(
                x=months,
                y=[point.p for point in points],
                mode="lines+markers",
                name=label,
                line={"color": BLUE},
                marker={
                    **{
                        key: [_OUTSIDE[key] if point.out_of_control else value for point in points]
                        for key, value in _IN_CONTROL.items()
                    },
                    # sizes per point make plotly draw bubbles (see-through, outlined): solid marks instead
                    "opacity": 1,
                    "line": {"width": 0},
                },
                hovertext=_trend_hover(label, chart, scores, language),
                hoverinfo="text",
                showlegend=False,
            ),
            row,
            col,
        )
        if points and points[0].centre is not None:
            centres.append(  # from the first month shown to the last, as the line through them was
                {
                    "type": "line",
                    "xref": fig.data[-1].xaxis,  # the panel's axes, as make_subplots named them
                    "yref": fig.data[-1].yaxis,
                    "x0": 0,  # on a category axis a shape's x is the category's position
                    "x1": len(points) - 1,
                    "y0": points[0].centre,
                    "y1": points[0].centre,
                    "line": {"color": GREY, "width": 1},
                    "name": t("chart.centre", language),
                    "legendgroup": "centre",
                    "legendrank": 2,
                    "showlegend": not centres,  # once, on the first panel that has one
                }
            )
        any_outside = any_outside or any(point.out_of_control for point in points)
        lowest = min([lowest, *(v for point in points for v in (point.p, point.lcl) if v is not None)])
    if any_outside:  # the red diamonds sit on the score lines; this trace only names them in the legend
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker=_OUTSIDE,
                name=t("chart.outside", language),
                legendrank=3,
            )
        )
    fig.update_layout(shapes=centres)
    fig.update_yaxes(tickformat=".0%", range=[max(0.0, math.floor(lowest * 10) / 10 - 0.05), 1.02])
    fig.update_xaxes(tickangle=-45, tickfont={"size": 11})
    fig = _style(fig, height=plot_height + 50)
    fig.update_layout(legend={"y": -70 / plot_height})  # just below the last row's month labels
    return fig


def _trend_hover(
    label: str, chart: LaneyChart[str], scores: Sequence[ObservationScore], language: str
) -> list[str]:
    """Per month of a score trend panel: department, month, score with its n and interval, limits."""
    return [
        f"{label}, {point.label}<br>{_score_hover(score, language)}"
        + (
            "<br>"
            + t(
                "chart.limits_hover",
                language,
                low=format_percent(point.lcl, language),
                high=format_percent(point.ucl, language),
            )
            if point.ucl is not None
            else ""
        )
        for point, score in zip(chart.rows, scores, strict=True)
    ]


def satisfaction_trend(
    monthly: pd.DataFrame, language: str = "pl", highlight: Hashable | None = None
) -> go.Figure:
    """Share of client ratings 4–5 per month (Wilson intervals in the hover). Two coloured lines
    whatever the number of departments: all departments shown together and the `highlight`ed
    one; the others are thin grey lines for context, one legend entry for all of them."""
    monthly = monthly.assign(department_id=department_ids(monthly))
    labels = _labels(monthly)
    if len(labels) == 1:
        highlight = next(iter(labels))
    fig = go.Figure()
    others = [d for d in sorted(labels, key=labels.get) if d != highlight]
    for index, department_id in enumerate(others):
        part = monthly[[d == department_id for d in monthly["department_id"]]]
        fig.add_trace(
            _share_line(
                part,
                labels[department_id],
                language,
                line={"color": CONTEXT, "width": 1},
                mode="lines",
                name=t("chart.other_departments", language),
                legendgroup="others",
                showlegend=index == 0,
            )
        )
    if len(labels) > 1:
        total = monthly.groupby("month", as_index=False)[["satisfied", "ratings"]].sum()
        fig.add_trace(
            _share_line(total, t("chart.all_shown", language), language, line={"color": BLUE, "width": 3})
        )
    if highlight in labels:
        part = monthly[[d == highlight for d in monthly["department_id"]]]
        fig.add_trace(_share_line(part, labels[highlight], language, line={"color": ORANGE, "width": 3}))
    months = sorted(monthly["month"].unique())
    fig.update_xaxes(categoryorder="array", categoryarray=[month_label(m, language) for m in months])
    fig.update_yaxes(tickformat=".0%", title=t("chart.share_4_5", language))
    _style(fig, height=440)
    # the legend above the plot, clear of the months, with room for a second row on a narrow screen
    fig.update_layout(legend={"y": 1.02, "yanchor": "bottom"}, margin={"t": 80})
    return fig


def _share_line(part: pd.DataFrame, label: str, language: str, **style) -> go.Scatter:
    """One line of shares of ratings 4–5 (rows with month, satisfied, ratings), in month order,
    named `label` unless `style` names it otherwise; its hover always names `label`."""
    part = part.sort_values("month")
    shares, hovers = [], []
    for satisfied, n in zip(part["satisfied"], part["ratings"], strict=True):
        share = proportion(satisfied, n)
        shares.append(share.shown)
        value, detail = share_text(share, "rating", language)
        hovers.append(f"{label}<br>{t('chart.ratings_4_5', language)}: {value}<br>{detail}")
    return go.Scatter(
        x=[month_label(m, language) for m in part["month"]],
        y=shares,
        hovertext=hovers,
        hoverinfo="text",
        **{"mode": "lines+markers", "name": label, **style},
    )


def criteria_bars(criteria: Sequence[Figure], labels: dict[str, str], language: str = "pl") -> go.Figure:
    """Share of ratings 4–5 per criterion (analytics.headline.criterion_figures), with its interval."""
    values = [figure.value or 0 for figure in criteria]
    lows = [figure.value - figure.low if figure.value is not None else 0 for figure in criteria]
    highs = [figure.high - figure.value if figure.value is not None else 0 for figure in criteria]
    texts = [
        format_percent(figure.value, language)
        if figure.value is not None
        else t("chart.too_few_short", language)
        for figure in criteria
    ]
    names = [labels[figure.key] for figure in criteria]
    hover = []
    for figure, name in zip(criteria, names, strict=True):
        value, detail = figure_text(figure, language)
        hover.append(f"{name}<br>{t('chart.ratings_4_5', language)}: {value}<br>{detail}")
    fig = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            marker_color=BLUE,
            text=texts,
            textposition="inside",
            insidetextanchor="start",  # at the bar's start, clear of the interval's whisker at its end
            error_x={"type": "data", "symmetric": False, "array": highs, "arrayminus": lows, "color": GREY},
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.update_xaxes(tickformat=".0%", range=[0, 1], title=t("chart.criteria_axis", language))
    fig.update_yaxes(autorange="reversed")
    return _style(fig, height=340)


def heatmap(
    cells: pd.DataFrame,
    standard_names: dict[str, str],
    language: str = "pl",
    chosen: tuple[Hashable, str] | None = None,
) -> go.Figure:
    """Department × standard scores; n per cell counts the observations that scored the standard.
    A cell below the minimum is grey, the reason in its hover; the `chosen` cell (the one the
    detail below shows) is outlined.

    A plotly heatmap cannot be selected, so an invisible scatter point sits on each cell: a
    click anywhere in a cell selects its point (the nearest one, as hovering has no cut-off),
    and Streamlit's selection event carries the point's customdata [department id, standard id]."""
    labels = _labels(cells)
    departments = sorted(labels, key=labels.get)
    standards = [s for s in standard_names if s in set(cells["standard_id"])]
    by_cell = {(r["department_id"], r["standard_id"]): r for r in cells.to_dict("records")}
    rows = [_wrap(labels[d], 30) for d in departments]  # long names wrap instead of being cut
    columns = [html.escape(standard_names[s]) for s in standards]
    scores = [[score_of(by_cell.get((d, s), {})) for s in standards] for d in departments]
    grid = {"x": columns, "y": rows, "xgap": 2, "ygap": 2, "hoverinfo": "skip", "showscale": False}
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            z=[[score.shown for score in row] for row in scores],
            text=[
                [format_percent(score.value, language, 0) if score.enough else "" for score in row]
                for row in scores
            ],
            texttemplate="%{text}",
            textfont={"size": 13},
            colorscale="RdYlGn",
            zmin=0.5,
            zmax=1,
            **grid,
        )
    )
    fig.add_trace(  # the withheld cells, grey
        go.Heatmap(
            z=[[None if score.enough else 0 for score in row] for row in scores],
            text=[["" if score.enough else "–" for score in row] for row in scores],
            texttemplate="%{text}",
            colorscale=[[0, WITHHELD], [1, WITHHELD]],
            **grid,
        )
    )
    cell_list = [(i, j) for i in range(len(departments)) for j in range(len(standards))]
    fig.add_trace(
        go.Scatter(
            x=[columns[j] for _, j in cell_list],
            y=[rows[i] for i, _ in cell_list],
            mode="markers",
            marker={"opacity": 0, "size": 20},
            customdata=[[str(departments[i]), standards[j]] for i, j in cell_list],
            hovertext=[
                f"{labels[departments[i]]}<br>{html.escape(standard_names[standards[j]])}<br>"
                f"{_score_hover(scores[i][j], language)}"
                for i, j in cell_list
            ],
            hoverinfo="text",
            showlegend=False,
            selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}},
        )
    )
    if chosen in {(d, s) for d in departments for s in standards}:
        i, j = departments.index(chosen[0]), standards.index(chosen[1])
        fig.add_shape(
            type="rect",
            x0=j - 0.5,
            x1=j + 0.5,
            y0=i - 0.5,
            y1=i + 0.5,
            line={"color": INK, "width": 4},
        )
    axis = {"type": "category", "fixedrange": True, "showgrid": False, "automargin": False}
    fig.update_xaxes(**axis, side="top", categoryorder="array", categoryarray=columns, tickangle=-30)
    fig.update_yaxes(**axis, categoryorder="array", categoryarray=rows, autorange="reversed")
    slanted = [_label_px([column]) for column in columns] or [0]  # rising to the right at 30°
    _style(fig, height=130 + ROW * len(departments) + math.ceil(max(slanted) / 2))
    fig.update_layout(
        margin={
            "l": _label_px(rows),
            "t": math.ceil(max(slanted) / 2) + 30,  # and the text height and the gap above the axis
            "r": max(10, math.ceil(slanted[-1] * 0.87) - 20),  # rising from the last column's middle
        },
        dragmode=False,
        hovermode="closest",
        hoverdistance=-1,
    )
    return fig


def pareto(
    unmet: pd.DataFrame,
    total_not_met: int,
    labels: dict[str, str],
    sources: dict[str, str],
    language: str = "pl",
) -> go.Figure:
    """The top unmet items as horizontal bars, most often unmet on top, their labels whole
    (wrapped, never slanted and cut); the cumulative line (top axis) is their share of ALL
    unmet answers in scope. An item is answered once per observation, so "3 z 40" reads as 3 of
    40 observations."""
    cumulative = unmet["not_met"].cumsum() / total_not_met if total_not_met else unmet["not_met"] * 0
    names = [_wrap(html.escape(labels.get(i, i)), 34) for i in unmet["item_id"]]
    hover = [
        f"<b>{html.escape(labels.get(i, i))}</b><br>„{_wrap(html.escape(sources.get(i, '')))}”<br>"
        + t("chart.not_met_of", language, not_met=n, observations=format_count(s, "observation", language))
        for i, n, s in zip(unmet["item_id"], unmet["not_met"], unmet["scored"], strict=True)
    ]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=names,
            x=unmet["not_met"],
            orientation="h",
            marker_color=RED,
            name=t("chart.not_met", language),
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.add_trace(
        go.Scatter(
            y=names,
            x=cumulative,
            xaxis="x2",
            mode="lines+markers",
            name=t("chart.cumulative", language),
            line={"color": GREY},
            hoverinfo="skip",
        )
    )
    _style(fig, height=90 + 46 * len(names))
    # axis titles in the colour of their series instead of a legend that would crowd the top axis
    fig.update_layout(
        showlegend=False,
        margin={"t": 60, "l": _label_px(names), "b": 50},
        xaxis={"title": {"text": t("chart.not_met", language), "font": {"color": RED}}},
        xaxis2={
            "overlaying": "x",
            "side": "top",
            "tickformat": ".0%",
            "range": [0, 1.05],
            "dtick": 0.2,
            "showgrid": False,
            "title": {"text": t("chart.cumulative", language), "font": {"color": GREY}},
        },
        yaxis={"autorange": "reversed", "automargin": False, "type": "category"},
    )
    return fig


def _wrap(text: str, width: int = 60) -> str:
    """`text` in lines of at most `width` characters broken between words (a longer word keeps a
    line of its own), joined by plotly's <br>."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def hour_weekday(hours: pd.DataFrame, language: str = "pl") -> go.Figure:
    """Mean client rating by weekday and hour; a cell with fewer ratings than the minimum stays empty."""
    weekdays = t("chart.weekdays", language).split()
    hour_range = list(range(int(hours["hour"].min()), int(hours["hour"].max()) + 1)) if len(hours) else []
    z, hover = [], []
    for day in range(1, 8):
        row_z, row_hover = [], []
        for hour in hour_range:
            cell = hours[(hours["weekday"] == day) & (hours["hour"] == hour)]
            n = int(cell["ratings"].sum())
            mean = float(cell["mean_rating"].iloc[0]) if n else None
            row_z.append(mean if n >= default_min_n() else None)
            row_hover.append(
                f"{weekdays[day - 1]} {hour}:00<br>"
                + t(
                    "chart.mean_of",
                    language,
                    mean=format_number(mean, language),
                    ratings=format_count(n, "rating", language),
                )
            )
        z.append(row_z)
        hover.append(row_hover)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[f"{h}:00" for h in hour_range],
            y=weekdays,
            hovertext=hover,
            hoverinfo="text",
            colorscale="RdYlGn",
            zmin=1,
            zmax=5,
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _style(fig, height=340)
