"""The printable vector PDFs (issue 16, points 2 and 5): the department's QR poster, the
acknowledgement form (Załącznik nr 1) and the paper questionnaire.

Read back with independent tools, never with the code that made them: pypdf for the text, the
tags and the page resources; Poppler's pdftoppm for the page as a phone camera or a printer
sees it (PNG at 150 dpi, kept in test-artifacts/printable_*.png to look at) and zxing-cpp, a QR
decoder other than segno, for the code. Expected texts are written out here as the form and
the handbook word them.
"""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from pathlib import Path

import numpy as np
import pypdf
import pytest
import zxingcpp
from PIL import Image
from pypdf.generic import ContentStream

from documents.acknowledgement import acknowledgement_forms
from documents.posters import department_poster
from documents.questionnaire import questionnaire_pdf
from services.links import department_form_url

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
OFFICE = "Starostwo Powiatowe w Grójcu"
DPI = 150
A4_POINTS = (595, 842)
A4_PIXELS = (1240, 1754)  # 210 x 297 mm at 150 dpi
HOSTILE = "Wydział #1 *Komunikacji* $x^2$ ] _a_ @ref <tag> \\ `kod` = // komentarz"
LONG_NAME = "Wydział Geodezji, Kartografii, Katastru i Gospodarki Nieruchomościami oraz Ochrony Środowiska"
# The paper questionnaire's texts, as the client form words them (pages/survey.py, survey.* messages).
QUESTIONS = [
    "1. Jak oceniasz dzisiejszą wizytę w Starostwie?",
    "2. Czas załatwienia sprawy",
    "3. Sposób obsługi",
    "4. Warunki obsługi (miejsce, wygoda)",
    "5. Dostępność druków i formularzy",
    "6. Pełna informacja o sprawie",
    "7. Czy Twoja sprawa została dziś załatwiona?",
    "8. Komentarz (opcjonalnie)",
]
OVERALL_OPTIONS = "1 – bardzo źle 2 – źle 3 – średnio 4 – dobrze 5 – bardzo dobrze"
SKIP_HINT = "Oceń od 1 (bardzo źle) do 5 (bardzo dobrze). Każde pytanie możesz pominąć."
COMMENT_HELP = (
    "Nie wpisuj danych osobowych: numery PESEL, telefonów i adresy e-mail usuwamy przed zapisaniem."
)
DEPARTMENTS = ["Wydział Komunikacji", "Wydział Geodezji i Kartografii", "Wydział Architektury i Budownictwa"]
PEN_BOX = 6 / 25.4 * 72  # 6 mm in points: room for a pen's X


# reading the PDFs back ------------------------------------------------------------------------


def reader(pdf: bytes) -> pypdf.PdfReader:
    assert pdf.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(pdf))


def words(page) -> str:
    """A page's text with line breaks and runs of spaces as single spaces (Typst wraps lines)."""
    return " ".join(page.extract_text().split())


def assert_accessible_a4(pdf: bytes, pages: int = 1) -> pypdf.PdfReader:
    """Tagged, Polish, titled, fonts embedded, A4 portrait pages."""
    document = reader(pdf)
    root = document.trailer["/Root"]
    assert str(root["/Lang"]).split("-")[0] == "pl"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert document.metadata.title
    assert len(document.pages) == pages
    for page in document.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
        fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
        assert fonts
        for font in fonts:
            assert "DejaVu" in font["/BaseFont"]
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor  # embedded
    return document


def raster_images(resources) -> list[str]:
    """The image XObjects a page draws, also inside its form XObjects."""
    found = []
    for xobject in (resources or {}).get("/XObject", {}).values():
        xobject = xobject.get_object()
        if xobject["/Subtype"] == "/Image":
            found.append(str(xobject.get("/Name", "image")))
        else:
            found += raster_images(xobject.get("/Resources"))
    return found


def squares(document: pypdf.PdfReader, page) -> list[float]:
    """The sides (pt) of the closed axis-aligned squares drawn on a page: the boxes to tick."""
    sides, points = [], []
    for operands, operator in ContentStream(page.get_contents(), document).operations:
        if operator == b"m":
            points = [tuple(map(float, operands))]
        elif operator == b"l":
            points.append(tuple(map(float, operands)))
        elif operator == b"h" and len(points) == 4:
            xs, ys = {round(x, 2) for x, _ in points}, {round(y, 2) for _, y in points}
            if len(xs) == len(ys) == 2 and abs((max(xs) - min(xs)) - (max(ys) - min(ys))) < 0.01:
                sides.append(max(xs) - min(xs))
    return sides


def pen_boxes(document: pypdf.PdfReader) -> int:
    """The boxes of at least 6 mm on the first page."""
    return sum(side >= PEN_BOX - 0.01 for side in squares(document, document.pages[0]))


def png(pdf: bytes, name: str, page: int = 1) -> Image.Image:
    """The page rendered by Poppler at 150 dpi, kept as test-artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(DPI),
            "-png",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            "-",
            str(target),
        ],
        input=pdf,
        check=True,
        timeout=60,
    )
    return Image.open(target.with_suffix(".png")).convert("L")


def blank_frame(image: Image.Image, mm: float, skip_top: int = 0) -> bool:
    """Nothing printed within `mm` of the page's edges (below `skip_top` pixels): nothing cut."""
    edge = round(mm / 25.4 * DPI)
    pixels = np.asarray(image)[skip_top:]
    return bool(
        (pixels[:edge] > 200).all()
        and (pixels[-edge:] > 200).all()
        and (pixels[:, :edge] > 200).all()
        and (pixels[:, -edge:] > 200).all()
    )


# the QR poster --------------------------------------------------------------------------------


def poster_png(department: str, url: str, name: str) -> Image.Image:
    return png(department_poster(OFFICE, department, url), name)


def only_qr_code(image: Image.Image):
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, f"expected one code, found {[(b.format, b.text) for b in found]}"
    code = found[0]
    assert code.format == zxingcpp.BarcodeFormat.QRCode and code.valid
    return code


def test_the_poster_is_one_tagged_a4_page_of_selectable_text_and_vector_graphics():
    url = "https://ankieta.example.pl/?dzial=KM"
    pdf = department_poster(OFFICE, "Wydział Komunikacji", url)
    document = assert_accessible_a4(pdf)
    assert document.metadata.title == "Oceń naszą obsługę – Wydział Komunikacji"
    assert words(document.pages[0]) == (
        "Oceń naszą obsługę Rate our service · Оцініть наше обслуговування "
        "Zeskanuj kod telefonem – ankieta jest anonimowa i zajmie pół minuty. "
        f"Wydział Komunikacji {OFFICE} {url}"
    )
    assert raster_images(document.pages[0]["/Resources"]) == []
    assert alt_texts(document) == [f"Kod QR prowadzący do ankiety: {url}"]


def alt_texts(document: pypdf.PdfReader) -> list[str]:
    """Every alternative text (/Alt) in the structure tree."""
    found, stack = [], [document.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            stack.extend(node)
            continue
        if not isinstance(node, pypdf.generic.DictionaryObject):
            continue
        if "/Alt" in node:
            found.append(str(node["/Alt"]))
        if "/K" in node:
            stack.append(node["/K"])
    return found


@pytest.mark.parametrize(
    "base, code, expected",
    [
        ("https://ankieta.example.pl", "KM", "https://ankieta.example.pl/?dzial=KM"),
        ("http://localhost:8501/", "GK", "http://localhost:8501/?dzial=GK"),
        (
            "https://jakosc-obslugi.starostwo.grojec.pl/ankieta",
            "GKKGN",
            "https://jakosc-obslugi.starostwo.grojec.pl/ankieta/?dzial=GKKGN",
        ),
    ],
)
def test_the_posters_qr_code_decodes_to_the_department_form(base, code, expected):
    url = department_form_url(base, code)
    assert url == expected
    image = poster_png("Wydział Komunikacji", url, f"printable_poster_{code}")
    assert all(abs(got - a4) <= 1 for got, a4 in zip(image.size, A4_PIXELS, strict=True))  # 1240.2 px
    assert only_qr_code(image).text == expected


def test_each_department_gets_its_own_address():
    texts = {
        only_qr_code(
            poster_png(name, department_form_url("https://ankieta.example.pl", code), "printable_poster")
        ).text
        for code, name in (("KM", "Wydział Komunikacji"), ("GK", "Wydział Geodezji"), ("OS", "Ochrona"))
    }
    assert texts == {f"https://ankieta.example.pl/?dzial={code}" for code in ("KM", "GK", "OS")}


def test_the_qr_code_sits_centred_and_whole_on_one_page_with_a_long_name():
    url = "https://jakosc-obslugi.starostwo-powiatowe.grojec.pl/ankieta/formularz/?dzial=GKKGN"
    pdf = department_poster(OFFICE, LONG_NAME, url)
    assert_accessible_a4(pdf)
    image = png(pdf, "printable_poster_long_name")
    decoded = only_qr_code(image)
    assert decoded.text == url
    corners = decoded.position
    left, right = corners.top_left.x, corners.top_right.x
    top, bottom = corners.top_left.y, corners.bottom_left.y
    width, height = image.size
    assert 0 < left < right < width and 0 < top < bottom < height
    assert abs((left + right) / 2 - width / 2) <= 3  # centred
    assert right - left >= width / 3  # big enough to scan from a step away
    assert blank_frame(image, mm=8, skip_top=round(4 / 25.4 * DPI) + 2)  # below the 4 mm coloured bar


def quiet_zone_intrusions(image: Image.Image) -> int:
    """Dark pixels within four modules around the symbol (ISO/IEC 18004 asks for a blank
    quiet zone of four modules on every side). The vector symbol's edge falls between pixels:
    the two pixels next to it are its own anti-aliased edge, not the zone."""
    decoded = only_qr_code(image)
    modules = 17 + 4 * int(decoded.extra["Version"])
    corners = decoded.position
    left, top = corners.top_left.x, corners.top_left.y
    right, bottom = corners.bottom_right.x, corners.bottom_right.y
    zone = round(4 * (right - left + 1) / modules)
    pixels = np.asarray(image)[top - zone : bottom + zone + 1, left - zone : right + zone + 1]
    ring = np.ones(pixels.shape, dtype=bool)
    edge = zone - 2
    ring[edge:-edge, edge:-edge] = False
    return int((pixels[ring] < 128).sum())


def test_the_qr_code_has_its_quiet_zone():
    image = poster_png("Wydział Komunikacji", "https://ankieta.example.pl/?dzial=KM", "printable_poster_KM")
    assert quiet_zone_intrusions(image) == 0


def test_hostile_names_print_on_the_poster_as_typed():
    pdf = department_poster(f"{OFFICE} #]", HOSTILE, "https://ankieta.example.pl/?dzial=KM")
    text = words(assert_accessible_a4(pdf).pages[0])
    assert HOSTILE in text and f"{OFFICE} #]" in text


# the acknowledgement form (Załącznik nr 1) ----------------------------------------------------

STATEMENT = (
    "Oświadczam, że zapoznałem/łam się z „Podręcznikiem Standardów Jakości Obsługi Klienta” oraz "
    "podręcznikiem „Dobre praktyki w obsłudze klientów z niepełnosprawnościami” i przyjmuję oba do "
    "realizacji i stosowania."
)
EMPLOYEES = [
    {
        "first_name": "Anna",
        "last_name": "Kowalska-Źdźbło",
        "position": "inspektor",
        "department_name": "Wydział Komunikacji",
    },
    {"first_name": "Jan #*", "last_name": "$Nowak]", "position": None, "department_name": HOSTILE},
    {
        "first_name": "Łucja",
        "last_name": "Wiśniewska",
        "position": "podinspektor",
        "department_name": "Wydział Geodezji",
    },
]


def test_the_acknowledgement_forms_are_one_tagged_page_per_employee_with_the_statement():
    pdf = acknowledgement_forms(EMPLOYEES, OFFICE, "2026.1", date(2026, 3, 9))
    document = assert_accessible_a4(pdf, pages=3)
    for page, employee in zip(document.pages, EMPLOYEES, strict=True):
        text = words(page)
        assert text.startswith(
            "Załącznik nr 1 Potwierdzenie zapoznania się z Podręcznikiem Standardów Obsługi Klienta "
            f"{OFFICE} · wersja podręcznika 2026.1 "
            f"Imię i nazwisko pracownika {employee['first_name']} {employee['last_name']} Stanowisko "
        )
        assert f"Komórka organizacyjna {employee['department_name']} {STATEMENT}" in text
        assert text.endswith("data i podpis pracownika Grójec, wydrukowano 09.03.2026")
        assert raster_images(page["/Resources"]) == []
    assert "Stanowisko ....." in words(document.pages[1])  # no position: a line to write it on
    for number in (1, 2):
        assert blank_frame(png(pdf, f"printable_acknowledgement_{number}", page=number), mm=8)


# the paper questionnaire ----------------------------------------------------------------------


def test_the_questionnaire_is_one_tagged_vector_page_with_the_forms_questions_in_entry_order():
    pdf = questionnaire_pdf(OFFICE, DEPARTMENTS)
    document = assert_accessible_a4(pdf)
    assert document.metadata.title == f"Ankieta satysfakcji klienta – {OFFICE}"
    page = document.pages[0]
    text = words(page)
    assert text.startswith(f"{OFFICE} Ankieta satysfakcji klienta ")
    assert "Ankieta jest anonimowa" in text and "Wypełnioną ankietę wrzuć do skrzynki" in text
    assert f"Który wydział odwiedziłeś/aś? {' '.join(DEPARTMENTS)}" in text
    positions = [text.index(question) for question in QUESTIONS]
    assert positions == sorted(positions)  # numbered in the order staff type them
    assert f"{QUESTIONS[0]} {OVERALL_OPTIONS} {SKIP_HINT}" in text
    assert "nie dotyczy" in text
    assert f"{QUESTIONS[6]} Tak Częściowo Nie {QUESTIONS[7]} {COMMENT_HELP}" in text
    assert "Data wizyty: ....." in text
    assert raster_images(page["/Resources"]) == []
    # A box per department, five for the overall rating, six (1-5, "nie dotyczy") per criterion,
    # three for "settled": each at least 6 mm.
    assert pen_boxes(document) == len(DEPARTMENTS) + 5 + 5 * 6 + 3
    assert blank_frame(png(pdf, "printable_questionnaire"), mm=10)


def test_twelve_two_line_department_names_fit_one_page_with_their_boxes():
    names = [
        f"Wydział Geodezji, Kartografii, Katastru i Gospodarki Nieruchomościami {n}" for n in range(1, 13)
    ]
    pdf = questionnaire_pdf(OFFICE, names)
    document = assert_accessible_a4(pdf)
    text = words(document.pages[0])
    assert all(name in text for name in names) and QUESTIONS[-1] in text and "Data wizyty" in text
    assert pen_boxes(document) == 12 + 5 + 5 * 6 + 3
    assert blank_frame(png(pdf, "printable_questionnaire_twelve_long_names"), mm=10)


@pytest.mark.parametrize(
    "case, names",
    [
        ("thirteen", [f"Wydział nr {number}" for number in range(1, 14)]),
        ("twelve_three_line_names", [f"{LONG_NAME} nr {number}" for number in range(1, 13)]),  # no room left
    ],
)
def test_a_long_list_of_departments_becomes_a_line_to_write_on(case, names):
    pdf = questionnaire_pdf(OFFICE, names)
    document = assert_accessible_a4(pdf)
    text = words(document.pages[0])
    assert "Który wydział odwiedziłeś/aś? Wydział: ....." in text
    assert not re.search(r" nr \d", text)
    assert pen_boxes(document) == 5 + 5 * 6 + 3
    assert blank_frame(png(pdf, f"printable_questionnaire_{case}"), mm=10)


def test_hostile_names_print_on_the_questionnaire_as_typed():
    document = assert_accessible_a4(questionnaire_pdf(f"{OFFICE} *#", [HOSTILE, "Biuro $Rady$"]))
    text = words(document.pages[0])
    assert text.startswith(f"{OFFICE} *# Ankieta satysfakcji klienta")
    assert f"{HOSTILE} Biuro $Rady$" in text
