"""The printable QR poster: an A4 page at 150 dpi whose QR code leads to the department's form.

The QR code is read back with zxing-cpp, a decoder independent of segno (which draws it), so
the test proves a phone camera's view of the poster, not the drawing code's own idea of it.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from services.links import department_form_url
from services.posters import department_poster

OFFICE = "Starostwo Powiatowe w Grójcu"
MM_PER_INCH = 25.4
A4_MM = (210, 297)
DPI = 150


def poster(department: str, url: str) -> Image.Image:
    return Image.open(io.BytesIO(department_poster(OFFICE, department, url)))


def only_qr_code(image: Image.Image):
    found = zxingcpp.read_barcodes(image.convert("L"))
    assert len(found) == 1, f"expected one code, found {[(b.format, b.text) for b in found]}"
    code = found[0]
    assert code.format == zxingcpp.BarcodeFormat.QRCode and code.valid
    return code


def test_the_poster_is_an_a4_page_at_150_dpi():
    image = poster("Wydział Komunikacji", "https://ankieta.example.pl/?dzial=KM")
    assert image.format == "PNG"
    assert image.size == tuple(round(mm / MM_PER_INCH * DPI) for mm in A4_MM)  # 1240 x 1754
    # PNG stores pixels per metre, so 150 dpi reads back as 150.01.
    assert image.info["dpi"] == pytest.approx((DPI, DPI), abs=0.05)


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
def test_the_qr_code_decodes_to_the_department_form(base, code, expected):
    url = department_form_url(base, code)
    assert url == expected
    decoded = only_qr_code(poster("Wydział Komunikacji", url))
    assert decoded.text == expected


def test_each_department_gets_its_own_address():
    texts = {
        only_qr_code(poster(name, department_form_url("https://ankieta.example.pl", code))).text
        for code, name in (("KM", "Wydział Komunikacji"), ("GK", "Wydział Geodezji"), ("OS", "Ochrona"))
    }
    assert texts == {f"https://ankieta.example.pl/?dzial={code}" for code in ("KM", "GK", "OS")}


def test_the_qr_code_sits_centred_and_whole_on_the_page_with_a_long_name():
    name = "Wydział Geodezji, Kartografii, Katastru i Gospodarki Nieruchomościami oraz Ochrony Środowiska"
    url = "https://jakosc-obslugi.starostwo-powiatowe.grojec.pl/ankieta/formularz/?dzial=GKKGN"
    image = poster(name, url)
    decoded = only_qr_code(image)
    assert decoded.text == url
    corners = decoded.position
    left, right = corners.top_left.x, corners.top_right.x
    top, bottom = corners.top_left.y, corners.bottom_left.y
    width, height = image.size
    assert 0 < left < right < width and 0 < top < bottom < height
    assert abs((left + right) / 2 - width / 2) <= 3  # centred
    assert right - left >= width / 3  # big enough to scan from a step away
    # No text runs off the page: below the coloured top bar, a 10 px frame round the page is blank.
    pixels = np.asarray(image.convert("L"))[30:]
    assert (pixels[-10:, :] > 200).all()
    assert (pixels[:, :10] > 200).all() and (pixels[:, -10:] > 200).all()


def quiet_zone_intrusions(image: Image.Image) -> int:
    """Dark pixels within four modules around the symbol (ISO/IEC 18004 asks for a blank
    quiet zone of four modules on every side)."""
    decoded = only_qr_code(image)
    version = int(decoded.extra["Version"])
    modules = 17 + 4 * version
    corners = decoded.position
    left, top = corners.top_left.x, corners.top_left.y
    right, bottom = corners.bottom_right.x, corners.bottom_right.y
    zone = round(4 * (right - left + 1) / modules)
    pixels = np.asarray(image.convert("L"))[top - zone : bottom + zone + 1, left - zone : right + zone + 1]
    ring = np.ones(pixels.shape, dtype=bool)
    ring[zone:-zone, zone:-zone] = False
    return int((pixels[ring] < 128).sum())


def test_the_qr_code_has_its_quiet_zone():
    assert quiet_zone_intrusions(poster("Wydział Komunikacji", "https://ankieta.example.pl/?dzial=KM")) == 0
