"""The report as a document model: sections of headings, paragraphs, lists, tables and charts,
every text already formatted in Polish (the figures by the dashboard's own functions). The
content (reports/content.py) fills it; the renderers (reports/pdf.py, reports/docx.py) only
lay it out, so the PDF and the DOCX say exactly the same.

    >>> Report(
    ...     title="Badanie satysfakcji klientów – marzec 2027",
    ...     office="Starostwo Powiatowe w Grójcu",
    ...     period="1.03.2027 – 31.03.2027",
    ...     made_on="2.04.2027",
    ...     sections=(Section("Wyniki ogółem", (Paragraph("Zadowolonych: 87,3 %."),)),),
    ... ).sections[0].heading
    'Wyniki ogółem'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal
from uuid import UUID


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of formatted cells; `caption` says what it holds (and serves as its summary)."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Series:
    """One series of a chart: a value per category (None: withheld, below the minimum n), with
    its 95 % interval when it has one."""

    name: str
    values: tuple[float | None, ...]
    lows: tuple[float | None, ...] | None = None
    highs: tuple[float | None, ...] | None = None


@dataclass(frozen=True)
class Chart:
    """A static chart. `alt` is its alternative text: what it shows, in words, with the figures
    (read aloud to a screen-reader user instead of the picture). `unit` "percent" takes values
    0..1 shown as %, "score" a mean on the 1–5 scale."""

    title: str
    alt: str
    kind: Literal["bars", "line"]
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: Literal["percent", "score"] = "percent"


Block = Paragraph | Bullets | Table | Chart


@dataclass(frozen=True)
class Section:
    """A numbered section (heading level 1) with its blocks and subsections (level 2)."""

    heading: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = field(default=())


@dataclass(frozen=True)
class Report:
    title: str
    office: str
    period: str  # formatted, e.g. "1.03.2027 – 31.03.2027"
    made_on: str  # formatted date of making
    sections: tuple[Section, ...]
    subtitle: str = ""  # e.g. the campaign's name


@dataclass(frozen=True)
class ReportRequest:
    """What a report is about: a campaign (its dates) or any period, for every department or some
    (ids), with the office's own conclusions when it wrote them (None: the pre-filled ones)."""

    start: date
    end: date  # inclusive
    department_ids: tuple | None = None  # None: every department
    campaign_id: UUID | None = None
    conclusions: str | None = None
