"""The satisfaction report downloaded from the dashboard in a real browser, as a manager does it:
prepare, edit the conclusions, download the PDF and the DOCX. The PDF's pages are rendered to
PNG (pdftoppm, 100 dpi: A4 at about 100 % on a screen) into test-artifacts/ to be looked at; the
text typed into the conclusions is in both files, and each download is in the audit log."""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import docx
import pytest
from pypdf import PdfReader

from storage import audit
from tests.browser.conftest import ARTIFACTS, screenshot, sign_in, wait_for_app
from tests.seeding import demo_office_for_a_server

TYPED = "Wniosek wpisany przez urząd: więcej dyżurów w piątki – zażółć gęślą jaźń."


def download(page, label: str) -> bytes:
    with page.expect_download(timeout=120_000) as started:
        page.get_by_role("button", name=label).click()
    return open(started.value.path(), "rb").read()


def test_a_manager_downloads_the_report_with_the_conclusions_typed(live_server, open_page):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is missing: scripts/test installs it")
    demo_office_for_a_server(live_server, months=3, ratings=1_500, observations=150, seed=16)
    live_server.start(timeout=90)
    page = open_page("desktop")
    page.set_default_timeout(90_000)
    sign_in(page, live_server.url, "zarzad")
    page.goto(f"{live_server.url}/pulpit")
    wait_for_app(page)
    page.get_by_role("button", name="Przygotuj raport").click()
    conclusions = page.get_by_label("Wnioski i rekomendacje")
    conclusions.wait_for()
    assert conclusions.input_value().strip(), "the conclusions are pre-filled from the data"
    conclusions.fill(TYPED)
    conclusions.press("Control+Enter")  # Streamlit's text area applies on Ctrl+Enter or leaving it
    page.get_by_role("heading", name="Raport z badania satysfakcji").scroll_into_view_if_needed()
    screenshot(page, "report-download-section")

    pdf = download(page, "Pobierz raport (PDF)")
    word = download(page, "Pobierz raport (DOCX)")

    reader = PdfReader(io.BytesIO(pdf))
    assert str(reader.trailer["/Root"]["/Lang"]).startswith("pl")
    assert TYPED in " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert TYPED in [p.text for p in docx.Document(io.BytesIO(word)).paragraphs]

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report.pdf").write_bytes(pdf)
    (ARTIFACTS / "report.docx").write_bytes(word)
    for old in ARTIFACTS.glob("report-page-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", str(ARTIFACTS / "report.pdf"), str(ARTIFACTS / "report-page")],
        check=True,
    )
    assert len(list(ARTIFACTS.glob("report-page-*.png"))) == len(reader.pages)

    live_server.stop()
    db = live_server.open_database()
    try:
        entries = [e for e in audit.entries(db, action="export") if e["entity"] == "report"]
    finally:
        db.close()
    assert sorted((e["actor"], json.loads(e["after"])["plik"]) for e in entries) == [
        ("zarzad", "docx"),
        ("zarzad", "pdf"),
    ]
