"""Plotly figures of the dashboard, with Polish labels and number formats (1 234,5; 87,3%).

Every percentage carries its n and 95 % Wilson interval in the hover text; below the
minimum n a point is left out of trend lines and a cell says "za mało danych".
"""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date
from plotly.subplots import make_subplots

from analytics.statistics import default_min_n, p_chart, proportion
from i18n import format_number, format_percent

TOO_FEW = "za mało danych"
WEEKDAYS = ["pon.", "wt.", "śr.", "czw.", "pt.", "sob.", "niedz."]
BLUE, RED, GREY = "#1F4E79", "#B00020", "#6B6B6B"


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


def month_label(month) -> str:
    return format_date(pd.Timestamp(month).date(), "LLL yyyy", locale="pl")


def _interval_text(successes: float, n: float) -> str:
    p = proportion(successes, n)
    if not p.enough:
        return f"{TOO_FEW} (n = {format_number(n, decimals=0)})"
    return (
        f"{format_percent(p.value)} (95% CI {format_percent(p.low)}–{format_percent(p.high)}; "
        f"n = {format_number(n, decimals=0)})"
    )


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Department names as plotly text: its labels read a few HTML tags, names must show as typed."""
    return frame.assign(department=frame["department"].map(html.escape))


def score_trend(monthly: pd.DataFrame) -> go.Figure:
    """Observation score per department and month, p-chart limits per point, outliers marked."""
    monthly = _as_text(monthly)
    monthly = monthly[monthly["scored_items"] > 0]  # a month of only "n/a" answers has no score
    departments = list(dict.fromkeys(monthly["department"]))
    columns = 2
    rows = max(1, math.ceil(len(departments) / columns))
    monthly_rows = []
    # In pixels: a panel, and the gap below it that holds its slanted month labels and the
    # next panel's title (a fraction of the figure would shrink the gap as departments grow).
    panel, gap = 190, 100
    plot_height = rows * panel + (rows - 1) * gap
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=departments,
        shared_yaxes=True,
        vertical_spacing=gap / plot_height if rows > 1 else 0.0,
    )
    outside_in_legend = False
    for index, department in enumerate(departments):
        part = monthly[monthly["department"] == department].sort_values("month")
        # The p-chart counts scored items (met or not met); its p is the weighted score.
        chart = p_chart(
            [
                (month_label(m), p * n, n)
                for m, p, n in zip(
                    part["month"],
                    part["met_weight"] / part["scored_weight"],
                    part["scored_items"],
                    strict=True,
                )
            ]
        )
        monthly_rows.extend(chart)
        labels = [row.label for row in chart]
        row, col = index // columns + 1, index % columns + 1
        hover = [
            _interval_text(r.p * r.n, r.n) + f"<br>granice: {format_percent(r.lcl)}–{format_percent(r.ucl)}"
            for r in chart
        ]
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=[r.p for r in chart],
                mode="lines+markers",
                name=department,
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
                    x=labels,
                    y=[limit(r) for r in chart],
                    mode="lines",
                    line={"color": GREY, "dash": "dot", "shape": "hvh"},
                    hoverinfo="skip",
                    legendgroup="limits",
                    showlegend=first and index == 0,
                    name="granice kontrolne (3σ)",
                ),
                row,
                col,
            )
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=[r.centre for r in chart],
                mode="lines",
                line={"color": GREY, "width": 1},
                hoverinfo="skip",
                legendgroup="centre",
                showlegend=index == 0,
                name="średnia (p̄)",
            ),
            row,
            col,
        )
        outside = [r for r in chart if r.out_of_control]
        if outside:
            fig.add_trace(
                go.Scatter(
                    x=[r.label for r in outside],
                    y=[r.p for r in outside],
                    mode="markers",
                    marker={"color": RED, "size": 12, "symbol": "diamond"},
                    name="poza granicami",
                    legendgroup="outside",
                    showlegend=not outside_in_legend,  # once, not once per department
                    hoverinfo="skip",
                ),
                row,
                col,
            )
            outside_in_legend = True
    lowest = min((v for r in monthly_rows for v in (r.p, r.lcl) if v is not None), default=0.0)
    fig.update_yaxes(tickformat=".0%", range=[max(0.0, math.floor(lowest * 10) / 10 - 0.05), 1.02])
    fig.update_xaxes(tickangle=-45, tickfont={"size": 11})
    fig = _style(fig, height=plot_height + 50)
    fig.update_layout(legend={"y": -70 / plot_height})  # just below the last row's month labels
    return fig


def satisfaction_trend(monthly: pd.DataFrame) -> go.Figure:
    fig = go.Figure()
    for department, part in _as_text(monthly).groupby("department", sort=True):
        part = part.sort_values("month")
        shares, hovers = [], []
        for satisfied, n in zip(part["satisfied"], part["ratings"], strict=True):
            p = proportion(satisfied, n)
            shares.append(p.value if p.enough else None)
            hovers.append(f"{department}<br>oceny 4–5: {_interval_text(satisfied, n)}")
        fig.add_trace(
            go.Scatter(
                x=[month_label(m) for m in part["month"]],
                y=shares,
                mode="lines+markers",
                name=department,
                hovertext=hovers,
                hoverinfo="text",
            )
        )
    fig.update_yaxes(tickformat=".0%", title="odsetek ocen 4–5")
    return _style(fig, height=420)


def criteria_bars(criteria: pd.DataFrame) -> go.Figure:
    values, lows, highs, texts = [], [], [], []
    for satisfied, n in zip(criteria["satisfied"], criteria["ratings"], strict=True):
        p = proportion(satisfied, n)
        values.append(p.value if p.enough else 0)
        lows.append(p.value - p.low if p.enough else 0)
        highs.append(p.high - p.value if p.enough else 0)
        texts.append(format_percent(p.value) if p.enough else TOO_FEW)
    hover = [
        f"{label}<br>oceny 4–5: {_interval_text(s, n)}<br>średnia: {format_number(m)}"
        for label, s, n, m in zip(
            criteria["label"],
            criteria["satisfied"],
            criteria["ratings"],
            criteria["mean_rating"],
            strict=True,
        )
    ]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=criteria["label"],
            orientation="h",
            marker_color=BLUE,
            text=texts,
            textposition="inside",
            error_x={"type": "data", "symmetric": False, "array": highs, "arrayminus": lows, "color": GREY},
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.update_xaxes(tickformat=".0%", range=[0, 1], title="odsetek ocen 4–5 (95% przedział Wilsona)")
    fig.update_yaxes(autorange="reversed")
    return _style(fig, height=340)


def heatmap(cells: pd.DataFrame, standard_names: dict[str, str]) -> go.Figure:
    cells = _as_text(cells)
    departments = sorted(cells["department"].unique())
    standards = [s for s in standard_names if s in set(cells["standard_id"])]
    z, text, hover = [], [], []
    for department in departments:
        row_z, row_text, row_hover = [], [], []
        for standard in standards:
            cell = cells[(cells["department"] == department) & (cells["standard_id"] == standard)]
            met = float(cell["met_weight"].sum()) if len(cell) else 0.0
            scored = float(cell["scored_weight"].sum()) if len(cell) else 0.0
            items = float(cell["scored_items"].sum()) if len(cell) else 0.0
            p = proportion(met / scored * items if scored else 0, items)
            row_z.append(p.value if p.enough else None)
            row_text.append(format_percent(p.value, decimals=0) if p.enough else "za mało<br>danych")
            row_hover.append(
                f"{department}<br>{standard_names[standard]}<br>{_interval_text(p.value * items if items else 0, items)}"
            )
        z.append(row_z)
        text.append(row_text)
        hover.append(row_hover)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[standard_names[s] for s in standards],
            y=departments,
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
    unmet: pd.DataFrame, total_not_met: int, labels: dict[str, str], sources: dict[str, str]
) -> go.Figure:
    """The top unmet items; the cumulative line is their share of ALL unmet answers in scope."""
    cumulative = unmet["not_met"].cumsum() / total_not_met if total_not_met else unmet["not_met"] * 0
    names = [labels.get(i, i) for i in unmet["item_id"]]
    hover = [
        f"<b>{labels.get(i, i)}</b><br>„{_wrap(sources.get(i, ''))}”<br>niespełnione: {n} z {s}"
        for i, n, s in zip(unmet["item_id"], unmet["not_met"], unmet["scored"], strict=True)
    ]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Bar(
            x=names,
            y=unmet["not_met"],
            marker_color=RED,
            name="niespełnione",
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=names,
            y=cumulative,
            mode="lines+markers",
            name="skumulowany udział",
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


def hour_weekday(hours: pd.DataFrame) -> go.Figure:
    hour_range = list(range(int(hours["hour"].min()), int(hours["hour"].max()) + 1)) if len(hours) else []
    z, hover = [], []
    for day in range(1, 8):
        row_z, row_hover = [], []
        for hour in hour_range:
            cell = hours[(hours["weekday"] == day) & (hours["hour"] == hour)]
            n = int(cell["ratings"].sum())
            mean = float(cell["mean_rating"].iloc[0]) if n else None
            row_z.append(mean if n >= default_min_n() else None)
            row_hover.append(f"{WEEKDAYS[day - 1]} {hour}:00<br>średnia: {format_number(mean)} (n = {n})")
        z.append(row_z)
        hover.append(row_hover)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[f"{h}:00" for h in hour_range],
            y=WEEKDAYS,
            hovertext=hover,
            hoverinfo="text",
            colorscale="RdYlGn",
            zmin=1,
            zmax=5,
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _style(fig, height=340)
