"""The report's charts (reports.model.Chart) as static pictures: SVG for the PDF, PNG for the DOCX.

Drawn with matplotlib's object API (a Figure of its own per chart, no pyplot: the server draws
in several threads at once) in the dashboard's colours (analytics.figures). The SVG keeps its
words as text in DejaVu Sans (svg.fonttype "none"), so Typst sets them in the PDF's embedded
font and a reader can select and copy them. Bars carry their 95 % interval as whiskers; a
withheld value (None: below the minimum n) is an empty grey slot saying "za mało danych", never
a zero. Numbers on the axes are Polish (87,3%; 4,5).

    >>> svg = chart_svg(Chart("Zadowoleni", "…", "bars", ("KM",), (Series("Zadowoleni", (0.873,)),)))
    >>> b"KM" in svg
    True
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from analytics.figures import BLUE, GREY, INK, ORANGE, WITHHELD
from i18n import format_number, format_percent
from reports.model import Chart, Series

# Read when a figure is saved, so they are set once here and never changed per chart (changing
# rcParams while another thread saves would not be safe). "none": words stay text in the SVG; the
# salt and the missing date make two drawings of the same chart byte-identical.
matplotlib.rcParams.update(
    {"svg.fonttype": "none", "svg.hashsalt": "jakosc-raport", "font.family": "DejaVu Sans", "font.size": 9}
)

TOO_FEW = "za mało danych"
COLOURS = (BLUE, ORANGE, GREY, INK)
WIDTH_INCHES = 6.3  # 16 cm: the text width of an A4 page with 2 cm margins, less a little
MAX_HEIGHT_INCHES = 7.5  # with its caption, a chart fits on one A4 page (many bars get thinner)
LABEL_CHARACTERS = 28  # category labels wrap at this width, between words
PNG_DPI = 200


def chart_svg(chart: Chart) -> bytes:
    return _save(_figure(chart), "svg")


def chart_png(chart: Chart, dpi: int = PNG_DPI) -> bytes:
    return _save(_figure(chart), "png", dpi=dpi)


def _save(figure: Figure, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None, **options)
    return buffer.getvalue()


def _figure(chart: Chart) -> Figure:
    if chart.kind == "bars":
        return _bars(chart)
    return _lines(chart)


def _value_text(value: float, unit: str) -> str:
    return format_percent(value) if unit == "percent" else format_number(value)


def _axis_range(unit: str) -> tuple[float, float]:
    return (0.0, 1.0) if unit == "percent" else (1.0, 5.0)


def _ticks(axis, unit: str) -> None:
    """Every 20 % (no decimals) or every half point of the 1–5 scale (one decimal: 4,5)."""
    if unit == "percent":
        axis.set_ticks([step / 5 for step in range(6)])
        axis.set_major_formatter(FuncFormatter(lambda value, _: format_percent(value, decimals=0)))
    else:
        axis.set_ticks([1 + step / 2 for step in range(9)])
        axis.set_major_formatter(FuncFormatter(lambda value, _: format_number(value, decimals=1)))


def _bars(chart: Chart) -> Figure:
    """Horizontal bars, a group per category (one bar per series), categories top to bottom in
    their order, the value written beside each bar's whisker."""
    labels = [textwrap.fill(label, LABEL_CHARACTERS) for label in chart.categories]
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    count = len(chart.series)
    group = max(0.26 * count, 0.16 * lines) + 0.14  # inches a category takes
    height = min(MAX_HEIGHT_INCHES, 0.7 + group * max(len(labels), 1) + 0.3 * (count > 1))
    figure = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
    axes = figure.add_subplot()
    low_end, high_end = _axis_range(chart.unit)
    span = high_end - low_end
    height = 0.8 / count
    for index, series in enumerate(chart.series):
        colour = COLOURS[index % len(COLOURS)]
        offset = (index - (count - 1) / 2) * height
        for position, value in enumerate(series.values):
            y = position + offset
            if value is None:
                axes.barh(y, span, left=low_end, height=height * 0.9, color=WITHHELD, edgecolor="none")
                axes.text(low_end + span / 2, y, TOO_FEW, va="center", ha="center", color=INK)
                continue
            axes.barh(
                y,
                value - low_end,
                left=low_end,
                height=height * 0.9,
                color=colour,
                label=series.name if position == _first_shown(series) else None,
            )
            end = value
            low, high = _interval(series, position)
            if low is not None and high is not None:
                axes.errorbar(
                    value,
                    y,
                    xerr=[[value - low], [high - value]],
                    fmt="none",
                    ecolor=INK,
                    elinewidth=1,
                    capsize=3,
                )
                end = high
            axes.text(end + span * 0.01, y, _value_text(value, chart.unit), va="center", ha="left", color=INK)
    axes.set_yticks(range(len(labels)), labels)
    axes.invert_yaxis()  # the first category on top, as the tables list them
    axes.set_xlim(low_end, high_end + span * 0.14)  # room for the value beside a full bar
    _ticks(axes.xaxis, chart.unit)
    axes.grid(axis="x", color="#E5E5E5")
    axes.set_axisbelow(True)
    _finish(figure, axes, count > 1)
    return figure


def _lines(chart: Chart) -> Figure:
    """A line per series over the categories (months, campaigns) left to right; its interval a
    light band; a withheld point a gap in the line, named at the bottom of its slot."""
    figure = Figure(figsize=(WIDTH_INCHES, 3.2), layout="constrained")
    axes = figure.add_subplot()
    low_end, high_end = _axis_range(chart.unit)
    positions = range(len(chart.categories))
    nan = float("nan")
    for index, series in enumerate(chart.series):
        colour = COLOURS[index % len(COLOURS)]
        values = [nan if value is None else value for value in series.values]
        axes.plot(positions, values, color=colour, marker="o", label=series.name)
        if series.lows is not None and series.highs is not None:
            lows = [nan if value is None else value for value in series.lows]
            highs = [nan if value is None else value for value in series.highs]
            axes.fill_between(positions, lows, highs, color=colour, alpha=0.15, linewidth=0)
    withheld = {p for s in chart.series for p, value in enumerate(s.values) if value is None}
    for position in sorted(withheld):
        axes.axvspan(position - 0.4, position + 0.4, color=WITHHELD, zorder=0)
        middle = (low_end + high_end) / 2
        axes.text(position, middle, TOO_FEW, rotation=90, ha="center", va="center", color=INK)
    labels = [textwrap.fill(label, 12) for label in chart.categories]
    axes.set_xticks(list(positions), labels)
    axes.set_xlim(-0.5, len(labels) - 0.5)
    axes.set_ylim(low_end, high_end)
    _ticks(axes.yaxis, chart.unit)
    axes.grid(axis="y", color="#E5E5E5")
    _finish(figure, axes, len(chart.series) > 1)
    return figure


def _first_shown(series: Series) -> int | None:
    """The first drawn bar of a series: the one that names the series in the legend."""
    return next((position for position, value in enumerate(series.values) if value is not None), None)


def _interval(series: Series, position: int) -> tuple[float | None, float | None]:
    lows: Sequence[float | None] = series.lows or ()
    highs: Sequence[float | None] = series.highs or ()
    return (
        lows[position] if position < len(lows) else None,
        highs[position] if position < len(highs) else None,
    )


def _finish(figure: Figure, axes, legend: bool) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if legend:
        figure.legend(loc="outside lower center", ncols=4, frameon=False)
