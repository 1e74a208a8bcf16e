"""A satisfaction study from end to end in Chromium, as the office runs one (issue 16): the
manager defines a campaign (target from the margin of error with the office's yearly clients),
types three paper questionnaires with the keyboard alone, sees them in the campaign's progress,
and downloads the campaign's report from the dashboard. The report's pages are rendered to PNG
(pdftoppm at 96 dpi: A4 at 100 % on a screen) into test-artifacts/ to be looked at."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from storage import ratings
from storage.db import now
from tests.browser.conftest import ARTIFACTS, screenshot, sign_in, wait_for_app
from tests.browser.staff_office import open_path
from tests.browser.test_paper_entry import ANSWERS, FOCUSED_ANSWERS, Keyboard
from tests.browser.test_polish_text import MAIN
from tests.browser.test_report_download import download
from tests.seeding import demo_office_for_a_server

NAME = "Badanie satysfakcji – jesień"
PAPER = ("544535t", "3-4433n", "55555-c")  # as written on three questionnaires
YEARLY_CLIENTS = 10_000  # ±5 pp at 95 %: 370 answers with the finite-population correction


def ratings_since_today(server) -> int:
    """The demo's counted ratings of today (the campaign starts today): a plain SQL oracle."""
    db = server.open_database()
    try:
        return db.scalar(
            f"SELECT count(*) FROM client_ratings r WHERE created_at >= ? AND {ratings.counted('r')}",
            [now().date()],
        )
    finally:
        db.close()


def test_a_campaign_with_paper_questionnaires_ends_in_its_published_report(live_server, open_page):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is missing: scripts/test installs it")
    demo_office_for_a_server(live_server, months=3, ratings=1_500, observations=150, seed=16)
    before = ratings_since_today(live_server)
    live_server.start(timeout=90)
    page = open_page("desktop")
    page.set_default_timeout(90_000)
    sign_in(page, live_server.url, "zarzad")
    main = page.locator(MAIN)

    # 1. the campaign: a name and the office's yearly clients; dates and margin as offered
    open_path(page, live_server.url, "kampanie")
    main.get_by_text("Nie określono jeszcze żadnej kampanii.").wait_for()
    name = main.get_by_label("Nazwa kampanii")
    expect(name).to_be_visible()  # with no campaign yet, the new one's form is open
    name.fill(NAME)
    main.get_by_label("Roczna liczba klientów", exact=False).fill(str(YEARLY_CLIENTS))
    main.get_by_role("button", name="Utwórz kampanię").click()
    main.get_by_text("Utworzono kampanię.").wait_for()
    wait_for_app(page)

    # 2. three paper questionnaires for the Wydział Komunikacji, by keyboard
    open_path(page, live_server.url, "ankiety-papierowe")
    department = main.get_by_role("combobox", name="Wydział", exact=True)
    department.click()
    department.fill("Wydział Komunikacji")
    page.get_by_role("option", name="Wydział Komunikacji").first.click()
    wait_for_app(page)
    page.locator(ANSWERS).click()
    keyboard = Keyboard(page)
    for count, answers in enumerate(PAPER, start=1):
        page.wait_for_function(FOCUSED_ANSWERS)
        keyboard.type(answers)
        keyboard.press("Enter")
        main.get_by_text(f"Ankiety zapisane w tej sesji: {count}.").wait_for()
        wait_for_app(page)
    assert keyboard.keys == sum(len(a) + 1 for a in PAPER)  # the answers and Enter, nothing else
    screenshot(page, "study_1_paper_entered")

    # 3. the campaign counts them
    open_path(page, live_server.url, "kampanie")
    main.get_by_text(f"Razem: {before + len(PAPER)} z 370").wait_for()
    screenshot(page, "study_2_campaign_progress")

    # 4. the campaign's report from the dashboard
    open_path(page, live_server.url, "pulpit")
    basis = main.get_by_role("combobox", name="Zakres raportu", exact=True)
    basis.scroll_into_view_if_needed()
    basis.click()
    page.get_by_role("option", name=f"Kampania „{NAME}”", exact=False).first.click()
    wait_for_app(page)
    page.get_by_role("button", name="Przygotuj raport").click()
    page.get_by_label("Wnioski i rekomendacje").wait_for()
    pdf = download(page, "Pobierz raport (PDF)")

    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert str(reader.trailer["/Root"]["/Lang"]).startswith("pl")
    assert NAME in " ".join(text.split())
    assert "papier" in text and "Kwestionariusz" in text

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "study_report.pdf").write_bytes(pdf)
    for old in ARTIFACTS.glob("study_report-*.png"):
        old.unlink()
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "96",
            "-png",
            str(ARTIFACTS / "study_report.pdf"),
            str(ARTIFACTS / "study_report"),
        ],
        check=True,
    )
    assert len(list(ARTIFACTS.glob("study_report-*.png"))) == len(reader.pages)
