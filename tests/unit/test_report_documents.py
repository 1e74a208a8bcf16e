"""The report's renderers (reports/pdf.py, reports/docx.py, reports/charts.py) on a hand-made
report: Polish letters in every kind of text, and text that would be markup to Typst, HTML or
XML, which must print as typed.

The PDF is read back with pypdf: tagged (/MarkInfo, /StructTreeRoot), language pl, title in
the metadata, every font embedded, every heading and table cell extractable exactly, every
chart a /Figure with its alt text; pages stay A4 whatever the text says. The DOCX is read back
with python-docx: Word's heading styles, the tables' cells, the header row repeated, the
pictures' descriptions. The charts' SVG keeps the category labels as text. Expected values are
the hand-made model's own texts.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime

import docx
import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from reports.charts import TOO_FEW, chart_png, chart_svg
from reports.docx import report_docx
from reports.model import Bullets, Chart, Paragraph, Report, Section, Series, Table
from reports.pdf import report_pdf

POLISH = "ąęłóśżźćń ĄĘŁÓŚŻŹĆŃ"
HOSTILE = "#set page(width: 1pt) *x* $ <script>alert(1)</script> ] _y_ @ref"
A4 = (595.28, 841.89)  # points; Typst rounds to these

BARS = Chart(
    title="Odsetek zadowolonych według wydziałów",
    alt="Wykres słupkowy: odsetek zadowolonych. Wydział Komunikacji i Transportu 87,3% (n = 412); "
    "Wydział Geodezji za mało danych; Biuro 55,0% (n = 40).",
    kind="bars",
    categories=(
        "Wydział Komunikacji i Transportu",
        "Wydział Geodezji, Kartografii, Katastru i Gospodarki Nieruchomościami",
        "Biuro " + HOSTILE,
    ),
    series=(Series("Zadowoleni", (0.873, None, 0.55), (0.84, None, 0.40), (0.90, None, 0.70)),),
)
LINE = Chart(
    title="Średnia ocena w kolejnych miesiącach",
    alt="Wykres liniowy: średnia ocena ogólna, styczeń 4,2, luty za mało danych, marzec 4,5.",
    kind="line",
    categories=("sty 2027", "lut 2027", "mar 2027"),
    series=(Series("Średnia ocena", (4.2, None, 4.5), (4.0, None, 4.3), (4.4, None, 4.7)),),
    unit="score",
)
DEPARTMENTS = Table(
    caption="Odsetek zadowolonych według wydziałów – zażółć gęślą jaźń",
    columns=("Wydział", "Zadowoleni (oceny 4–5)", "Podstawa i przedział"),
    rows=tuple(
        (f"Wydział {number} – {POLISH}", f"{80 + number % 10},3%", f"{100 + number} ocen; przedział 95%")
        for number in range(60)  # more than a page: the header row repeats
    ),
)
COMMENTS = Table(
    caption="Uwagi Klientów",
    columns=("Data", "Komentarz"),
    rows=(("12.03.2027", HOSTILE), ("13.03.2027", "Bardzo miła obsługa, dziękuję – Łódź.")),
)
REPORT = Report(
    title="Raport z badania satysfakcji klientów – zażółć",
    subtitle="Badanie satysfakcji – marzec 2027",
    office="Starostwo Powiatowe w Grójcu",
    period="1.03.2027 – 31.03.2027",
    made_on="2.04.2027",
    sections=(
        Section(
            "Podstawa i założenia badania",
            (
                Paragraph(f"Badanie przeprowadzono zgodnie z zarządzeniem Starosty: {POLISH}."),
                Bullets(("kiosk", HOSTILE)),
            ),
        ),
        Section("Wyniki według wydziałów – źródła", (DEPARTMENTS, BARS)),
        Section(
            "Uwagi i opinie klientów",
            (Paragraph(HOSTILE), COMMENTS),
            subsections=(
                Section("Trend – ćwierć wieku", (LINE,)),
                Section("Wnioski i rekomendacje", (Paragraph("Wniosek."),)),
            ),
        ),
    ),
)
HEADINGS = [
    (1, "Podstawa i założenia badania"),
    (1, "Wyniki według wydziałów – źródła"),
    (1, "Uwagi i opinie klientów"),
    (2, "Trend – ćwierć wieku"),
    (2, "Wnioski i rekomendacje"),
]
CHARTS = [BARS, LINE]
TABLES = [DEPARTMENTS, COMMENTS]


@pytest.fixture(scope="module")
def pdf() -> PdfReader:
    return PdfReader(io.BytesIO(report_pdf(REPORT, made_at=datetime(2027, 4, 2, tzinfo=UTC))))


@pytest.fixture(scope="module")
def word() -> docx.document.Document:
    return docx.Document(io.BytesIO(report_docx(REPORT)))


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def unbroken(text: str) -> str:
    """`text` without its white space: a table cell may wrap at a space or after a dash."""
    return re.sub(r"\s+", "", text)


def structure(node, found: list[DictionaryObject]) -> list[DictionaryObject]:
    """Every element of the PDF's structure tree below `node`, in reading order."""
    node = node.get_object()
    if isinstance(node, ArrayObject):
        for child in node:
            structure(child, found)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append(node)
        if "/K" in node:
            structure(node["/K"], found)
    return found


def fonts(resources, found: dict[str, DictionaryObject]) -> dict[str, DictionaryObject]:
    """Every font's descriptor used on a page, its charts (form XObjects) included."""
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is None:  # a composite font: the descriptor is its descendant's
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        found[str(font["/BaseFont"])] = descriptor.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if "/Resources" in xobject:
            fonts(xobject["/Resources"], found)
    return found


# --- PDF -------------------------------------------------------------------------------------------


def test_pdf_is_tagged_polish_with_its_title(pdf):
    catalog = pdf.trailer["/Root"]
    assert str(catalog["/Lang"]).lower().startswith("pl")
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert pdf.metadata.title == REPORT.title


def test_pdf_embeds_every_font(pdf):
    used: dict[str, DictionaryObject] = {}
    for page in pdf.pages:
        fonts(page["/Resources"], used)
    assert used, "no fonts found"
    assert {
        name: any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")) for name, d in used.items()
    } == {name: True for name in used}
    assert all("DejaVuSans" in name for name in used), used.keys()


def test_pdf_text_holds_every_heading_and_table_cell_exactly(pdf):
    text = one_line(" ".join(page.extract_text() for page in pdf.pages))
    for _, heading in HEADINGS:
        assert heading in text
    cells = unbroken(text)
    for table in TABLES:
        assert table.caption in text
        for cell in (*table.columns, *(cell for row in table.rows for cell in row)):
            assert unbroken(cell) in cells, cell
    for word in (REPORT.title, REPORT.subtitle, REPORT.office, REPORT.period, REPORT.made_on, POLISH):
        assert word in text


def test_pdf_prints_hostile_text_as_typed_and_stays_a4(pdf):
    text = one_line(" ".join(page.extract_text() for page in pdf.pages))
    assert text.count(HOSTILE) >= 3  # the paragraph, the list item and the comment's cell
    for page in pdf.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4


def test_pdf_headings_are_tagged_in_order_and_pages_numbered(pdf):
    elements = structure(pdf.trailer["/Root"]["/StructTreeRoot"], [])
    kinds = Counter(str(e["/S"]) for e in elements)
    assert kinds["/H2"] == 2
    assert kinds["/H1"] >= 3  # the sections (and the table of contents' title)
    pages = len(pdf.pages)
    assert f"Strona 2 z {pages}" in pdf.pages[1].extract_text()
    assert f"Strona {pages} z {pages}" in pdf.pages[-1].extract_text()


def test_pdf_tables_have_header_rows_repeated_on_later_pages(pdf):
    elements = structure(pdf.trailer["/Root"]["/StructTreeRoot"], [])
    kinds = Counter(str(e["/S"]) for e in elements)
    assert kinds["/Table"] == len(TABLES)
    assert kinds["/TH"] == sum(len(t.columns) for t in TABLES)
    continued = [p.extract_text() for p in pdf.pages if "Wydział 59" in p.extract_text()]
    assert continued and unbroken("Zadowoleni (oceny 4–5)") in unbroken(continued[0])


def test_every_chart_is_a_figure_with_its_alt_text(pdf):
    elements = structure(pdf.trailer["/Root"]["/StructTreeRoot"], [])
    figures = [str(e.get("/Alt")) for e in elements if str(e["/S"]) == "/Figure"]
    assert figures == [chart.alt for chart in CHARTS]


# --- DOCX ------------------------------------------------------------------------------------------


def test_docx_properties_are_the_title_and_polish(word):
    assert word.core_properties.title == REPORT.title
    assert word.core_properties.language == "pl-PL"
    language = word.styles.element.find(".//" + docx.oxml.ns.qn("w:rPrDefault")).find(
        ".//" + docx.oxml.ns.qn("w:lang")
    )
    assert language.get(docx.oxml.ns.qn("w:val")) == "pl-PL"


def test_docx_headings_use_words_heading_styles(word):
    headings = [
        (int(p.style.name.removeprefix("Heading ")), p.text)
        for p in word.paragraphs
        if p.style.name.startswith("Heading ")
    ]
    assert headings == HEADINGS
    assert [p.text for p in word.paragraphs if p.style.name == "Title"] == [REPORT.title]


def test_docx_tables_hold_the_models_cells_with_a_repeated_header(word):
    assert len(word.tables) == len(TABLES)
    for table, model in zip(word.tables, TABLES, strict=True):
        cells = [tuple(cell.text for cell in row.cells) for row in table.rows]
        assert cells == [model.columns, *model.rows]
        header = table.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader"))
        assert header is not None and header.get(docx.oxml.ns.qn("w:val")) == "true"
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    assert captions == [DEPARTMENTS.caption, BARS.title, COMMENTS.caption, LINE.title]  # in reading order


def test_docx_pictures_carry_the_charts_alt_text(word):
    pictures = word.inline_shapes
    assert [shape._inline.docPr.get("descr") for shape in pictures] == [chart.alt for chart in CHARTS]


def test_docx_keeps_hostile_text_as_typed(word):
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs.count(HOSTILE) == 2  # the list item and the paragraph; the third is a cell


# --- charts ----------------------------------------------------------------------------------------


def svg_text(svg: bytes) -> str:
    """The SVG's words in document order, wrapped lines joined by a space."""
    root = ET.fromstring(svg)
    return one_line(" ".join(e.text or "" for e in root.iter() if e.tag.endswith("}text")))


@pytest.mark.parametrize("chart", CHARTS, ids=["bars", "line"])
def test_charts_keep_their_words_as_text(chart):
    text = svg_text(chart_svg(chart))
    for label in chart.categories:
        assert one_line(label) in text
    assert TOO_FEW in text


def test_bars_show_polish_numbers_and_withheld_values_as_words():
    text = svg_text(chart_svg(BARS))
    assert "87,3%" in text and "55,0%" in text and "100%" in text
    assert "0,0%" not in text  # the withheld value is no zero bar


def test_score_axis_is_the_one_to_five_scale_in_polish():
    text = svg_text(chart_svg(LINE))
    assert "4,5" in text and "1,0" in text and "5,0" in text


def test_png_for_the_docx_is_200_dpi():
    image = Image.open(io.BytesIO(chart_png(BARS)))
    assert [round(value) for value in image.info["dpi"]] == [200, 200]
    assert image.width == pytest.approx(6.3 * 200, abs=2)


def test_the_same_chart_draws_the_same_svg():
    assert chart_svg(BARS) == chart_svg(BARS)
