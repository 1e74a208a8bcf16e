"""The report as a Word document (DOCX) the office edits before publishing: the same model as
the PDF (reports/model.py), laid out with python-docx in Word's own styles, so the navigation
pane lists the sections and an edit keeps the look.

Title and language (pl-PL) in the document's properties and its styles, so Word checks the
Polish spelling; sections as Heading 1, subsections as Heading 2; each table with its caption
above it and its header row repeated on every page; each chart a PNG with its alternative text
(the picture's description, read aloud by a screen reader); the conclusions ordinary paragraphs;
page numbers "Strona X z Y" in the footer.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from reports.charts import chart_png
from reports.model import Block, Bullets, Chart, Paragraph, Report, Section, Table

LANGUAGE = "pl-PL"
BLUE = RGBColor(0x1F, 0x4E, 0x79)
CHART_WIDTH = Cm(16)


def report_docx(report: Report) -> bytes:
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.author = report.office
    document.core_properties.language = LANGUAGE
    document.core_properties.subject = report.period
    _polish(document)
    _cover(document, report)
    for section in report.sections:
        _section(document, section, level=1)
    _page_numbers(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _polish(document) -> None:
    """Polish as the language of every style (the default run properties) and a font with
    every Polish letter."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), LANGUAGE)
    normal = document.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10.5)


def _cover(document, report: Report) -> None:
    document.add_heading(report.title, level=0)
    if report.subtitle:
        document.add_paragraph(report.subtitle, style="Subtitle")
    document.add_paragraph(report.office)
    document.add_paragraph(f"Okres badania: {report.period}")
    document.add_paragraph(f"Sporządzono: {report.made_on}")
    document.add_page_break()


def _section(document, section: Section, level: int) -> None:
    document.add_heading(section.heading, level=level)
    for block in section.blocks:
        _block(document, block)
    for sub in section.subsections:
        _section(document, sub, level + 1)


def _block(document, block: Block) -> None:
    match block:
        case Paragraph(text=text):
            document.add_paragraph(text)
        case Bullets(items=items):
            for item in items:
                document.add_paragraph(item, style="List Bullet")
        case Table():
            _table(document, block)
        case Chart():
            _chart(document, block)
        case _:
            raise TypeError(f"Nieznany element raportu: {type(block).__name__}")


def _table(document, table: Table) -> None:
    caption = document.add_paragraph(table.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = "Table Grid"
    header = grid.rows[0]
    _repeat_as_header(header)
    for cell, name in zip(header.cells, table.columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    for row, values in zip(grid.rows[1:], table.rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph()  # space after the table, and a place to type below it


def _repeat_as_header(row) -> None:
    """Word repeats a row marked tblHeader at the top of each page the table continues on."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _chart(document, chart: Chart) -> None:
    picture = document.add_picture(io.BytesIO(chart_png(chart)), width=CHART_WIDTH)
    picture._inline.docPr.set("descr", chart.alt)  # the picture's alternative text
    picture._inline.docPr.set("title", chart.title)
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    document.add_paragraph(chart.title, style="Caption").alignment = WD_ALIGN_PARAGRAPH.CENTER


def _page_numbers(document) -> None:
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Strona ")
    _field(footer, "PAGE")
    footer.add_run(" z ")
    _field(footer, "NUMPAGES")


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES): Word computes its value ("1" until then) when it lays out."""
    parts = (("w:fldChar", "begin"), ("w:instrText", f" {instruction} "), ("w:fldChar", "separate"))
    for tag, value in (*parts, ("w:t", "1"), ("w:fldChar", "end")):
        element = OxmlElement(tag)
        if tag == "w:fldChar":
            element.set(qn("w:fldCharType"), value)
        else:
            element.text = value
        paragraph.add_run()._r.append(element)
