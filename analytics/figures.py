"""Plotly figures of the dashboard, in the viewer's language (Polish number formats for
Polish: 1 234,5; 87,3%).

Every figure carries its n and 95 % interval in the hover text, computed by the one function
for its kind (observation scores: analytics.statistics.observation_score; client ratings:
analytics.statistics.proportion). Below the minimum n a point is left out of trend lines and a
cell says why. Departments are keyed by id and labelled by analytics.summaries.department_labels.
"""

from __future__ import annotations

import html
import math
from collections.abc import Hashable, Sequence

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date
from plotly.colors import qualitative
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
PALETTE = qualitative.Dark24  # 24 distinct colours: one per department line, none repeated


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


def score_trend(monthly: pd.DataFrame, language: str = "pl") -> go.Figure:
    """Observation score per department and month on Laney p′ charts, one panel per department,
    points outside the limits marked."""
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
        subplot_titles=list(labels.values()),
        shared_yaxes=True,
        vertical_spacing=gap / plot_height if rows > 1 else 0.0,
    )
    lowest = 1.0
    outside_in_legend = False
    for index, (department_id, label) in enumerate(labels.items()):
        records = monthly[monthly["department_id"] == department_id].sort_values("month").to_dict("records")
        chart, scores = monthly_chart(records, language)
        points = chart.rows
        months = [point.label for point in points]
        row, col = index // columns + 1, index % columns + 1
        hover = [
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
            for point, score in zip(points, scores, strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=months,
                y=[point.p for point in points],
                mode="lines+markers",
                name=label,
                line={"color": BLUE},
                hovertext=hover,
                hoverinfo="text",
                showlegend=False,
            ),
            row,
            col,
        )
        for limit, first in ((lambda r: r.ucl, True), (lambda r: r.lcl, False)):
            fig.add_trace(
                go.Scatter(
                    x=months,
                    y=[limit(point) for point in points],
                    mode="lines",
                    line={"color": GREY, "dash": "dot", "shape": "hvh"},
                    hoverinfo="skip",
                    legendgroup="limits",
                    showlegend=first and index == 0,
                    name=t("chart.limits", language),
                ),
                row,
                col,
            )
        fig.add_trace(
            go.Scatter(
                x=months,
                y=[point.centre for point in points],
                mode="lines",
                line={"color": GREY, "width": 1},
                hoverinfo="skip",
                legendgroup="centre",
                showlegend=index == 0,
                name=t("chart.centre", language),
            ),
            row,
            col,
        )
        outside = [point for point in points if point.out_of_control]
        if outside:
            fig.add_trace(
                go.Scatter(
                    x=[point.label for point in outside],
                    y=[point.p for point in outside],
                    mode="markers",
                    marker={"color": RED, "size": 12, "symbol": "diamond"},
                    name=t("chart.outside", language),
                    legendgroup="outside",
                    showlegend=not outside_in_legend,  # once, not once per department
                    hoverinfo="skip",
                ),
                row,
                col,
            )
            outside_in_legend = True
        lowest = min([lowest, *(v for point in points for v in (point.p, point.lcl) if v is not None)])
    fig.update_yaxes(tickformat=".0%", range=[max(0.0, math.floor(lowest * 10) / 10 - 0.05), 1.02])
    fig.update_xaxes(tickangle=-45, tickfont={"size": 11})
    fig = _style(fig, height=plot_height + 50)
    fig.update_layout(legend={"y": -70 / plot_height})  # just below the last row's month labels
    return fig


def satisfaction_trend(monthly: pd.DataFrame, language: str = "pl") -> go.Figure:
    """Share of client ratings 4–5 per department and month (Wilson intervals in the hover)."""
    fig = go.Figure()
    monthly = monthly.assign(department_id=department_ids(monthly))
    labels = _labels(monthly)
    for index, (department_id, label) in enumerate(sorted(labels.items(), key=lambda item: item[1])):
        part = monthly[[d == department_id for d in monthly["department_id"]]].sort_values("month")
        shares, hovers = [], []
        for satisfied, n in zip(part["satisfied"], part["ratings"], strict=True):
            share = proportion(satisfied, n)
            shares.append(share.shown)
            value, detail = share_text(share, "rating", language)
            hovers.append(f"{label}<br>{t('chart.ratings_4_5', language)}: {value}<br>{detail}")
        fig.add_trace(
            go.Scatter(
                x=[month_label(m, language) for m in part["month"]],
                y=shares,
                mode="lines+markers",
                name=label,
                line={"color": PALETTE[index % len(PALETTE)]},
                hovertext=hovers,
                hoverinfo="text",
            )
        )
    fig.update_yaxes(tickformat=".0%", title=t("chart.share_4_5", language))
    return _style(fig, height=420)


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
            error_x={"type": "data", "symmetric": False, "array": highs, "arrayminus": lows, "color": GREY},
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.update_xaxes(tickformat=".0%", range=[0, 1], title=t("chart.criteria_axis", language))
    fig.update_yaxes(autorange="reversed")
    return _style(fig, height=340)


def heatmap(cells: pd.DataFrame, standard_names: dict[str, str], language: str = "pl") -> go.Figure:
    """Department × standard scores; n per cell counts the observations that scored the standard."""
    labels = _labels(cells)
    departments = sorted(labels, key=labels.get)
    standards = [s for s in standard_names if s in set(cells["standard_id"])]
    by_cell = {(r["department_id"], r["standard_id"]): r for r in cells.to_dict("records")}
    z, text, hover = [], [], []
    for department_id in departments:
        row_z, row_text, row_hover = [], [], []
        for standard in standards:
            score = score_of(by_cell.get((department_id, standard), {}))
            row_z.append(score.shown)
            row_text.append(
                format_percent(score.value, language, 0)
                if score.enough
                else t("chart.too_few_cell" if score.n else "chart.none_cell", language)
            )
            row_hover.append(
                f"{labels[department_id]}<br>{standard_names[standard]}<br>{_score_hover(score, language)}"
            )
        z.append(row_z)
        text.append(row_text)
        hover.append(row_hover)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[standard_names[s] for s in standards],
            y=[labels[d] for d in departments],
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hoverinfo="text",
            colorscale="RdYlGn",
            zmin=0.5,
            zmax=1,
            colorbar={"tickformat": ".0%"},
            textfont={"size": 13},
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _style(fig, height=120 + 48 * len(departments))


def pareto(
    unmet: pd.DataFrame,
    total_not_met: int,
    labels: dict[str, str],
    sources: dict[str, str],
    language: str = "pl",
) -> go.Figure:
    """The top unmet items; the cumulative line is their share of ALL unmet answers in scope.
    An item is answered once per observation, so "3 z 40" reads as 3 of 40 observations."""
    cumulative = unmet["not_met"].cumsum() / total_not_met if total_not_met else unmet["not_met"] * 0
    names = [labels.get(i, i) for i in unmet["item_id"]]
    hover = [
        f"<b>{labels.get(i, i)}</b><br>„{_wrap(sources.get(i, ''))}”<br>"
        + t("chart.not_met_of", language, not_met=n, observations=format_count(s, "observation", language))
        for i, n, s in zip(unmet["item_id"], unmet["not_met"], unmet["scored"], strict=True)
    ]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Bar(
            x=names,
            y=unmet["not_met"],
            marker_color=RED,
            name=t("chart.not_met", language),
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=names,
            y=cumulative,
            mode="lines+markers",
            name=t("chart.cumulative", language),
            line={"color": GREY},
            hoverinfo="skip",
        ),
        secondary_y=True,
    )
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05], dtick=0.2, secondary_y=True)
    fig.update_xaxes(tickangle=-35)
    _style(fig, height=520)
    fig.update_layout(legend={"orientation": "h", "y": 1.08})
    return fig


def _wrap(text: str, width: int = 60) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
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
