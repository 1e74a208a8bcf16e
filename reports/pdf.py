"""The report as a PDF for publication: the model as data.json and every chart as an SVG file
beside it, typeset by documents/templates/report.typ through documents.pdf.render (tagged
PDF/UA-1, language pl, title, embedded DejaVu fonts, alt text on every chart).

    >>> report_pdf(Report("Raport", "Starostwo", "1.03.2027 – 31.03.2027", "2.04.2027", ()))[:5]  # doctest: +SKIP
    b'%PDF-'
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from documents.pdf import render
from reports.charts import chart_svg
from reports.model import Block, Bullets, Chart, Paragraph, Report, Section, Table

TEMPLATE = "report.typ"
SHORT, WRAP_AT = 16, 40  # characters: a column's texts up to SHORT never wrap, beyond WRAP_AT always


def report_pdf(report: Report, *, made_at: datetime | None = None) -> bytes:
    charts: dict[str, bytes] = {}
    data = {
        "title": report.title,
        "subtitle": report.subtitle,
        "office": report.office,
        "period": report.period,
        "made_on": report.made_on,
        "sections": [_section(section, charts) for section in report.sections],
    }
    return render(TEMPLATE, data, charts, made_at=made_at)


def _section(section: Section, charts: dict[str, bytes]) -> dict[str, Any]:
    return {
        "heading": section.heading,
        "blocks": [_block(block, charts) for block in section.blocks],
        "subsections": [_section(sub, charts) for sub in section.subsections],
    }


def _block(block: Block, charts: dict[str, bytes]) -> dict[str, Any]:
    """One block as data; a chart's SVG goes into `charts` under a name of its own."""
    match block:
        case Paragraph(text=text):
            return {"kind": "paragraph", "text": text}
        case Bullets(items=items):
            return {"kind": "bullets", "items": list(items)}
        case Table(caption=caption, columns=columns, rows=rows):
            return {
                "kind": "table",
                "caption": caption,
                "columns": list(columns),
                "rows": [list(r) for r in rows],
                "widths": _widths(columns, rows),
            }
        case Chart():
            name = f"wykres-{len(charts) + 1}.svg"
            charts[name] = chart_svg(block)
            return {"kind": "chart", "file": name, "alt": block.alt, "caption": block.title}
    raise TypeError(f"Nieznany element raportu: {type(block).__name__}")


def _widths(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[int]:
    """Each column's width for the template: 0 for a column of short texts (dates, figures: as
    wide as its text, never wrapped), else its share of the rest of the page, by its longest text
    up to WRAP_AT characters (longer texts wrap). The table spans the page; a long comment does
    not squeeze a date."""
    widths = []
    for column in zip(columns, *rows, strict=True):
        longest = max(map(len, column))
        widths.append(0 if longest <= SHORT else min(WRAP_AT, longest))
    return widths
