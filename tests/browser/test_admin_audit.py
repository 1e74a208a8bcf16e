"""The administrator's audit log and kiosks page in Chromium at a laptop's 1366 x 768 and a
tablet's 1024 x 768 (issue 13): the log reads as Polish words with names, pages through a long
log and filters by action; "Wyłącz" asks before switching a kiosk off and "Włącz" undoes it; a
department's QR poster downloads as a PDF.
Nothing is wider than the screen and every button of the page is at least 44 x 44 CSS px. Screenshots go to
test-artifacts/admin_audit_<size>.png and admin_kiosks_<size>*.png."""

from __future__ import annotations

import re
from datetime import timedelta

import pypdf
import pytest

from accounts.service import create_account
from services import links
from storage import departments, kiosks, settings
from storage.db import now
from storage.employees import add_employee
from tests.browser.conftest import no_horizontal_scroll, screenshot, sign_in, wait_for_app
from tests.conftest import PASSWORD

SIZES = {"laptop": {"width": 1366, "height": 768}, "tablet": {"width": 1024, "height": 768}}
ENGLISH = ("Choose an option", "Choose options", "No results", "Select all", "Press Enter")


def seed(server) -> None:
    """The test office, a renamed department, a kiosk, the public address and 60 failed sign-ins
    from one address (more than one page of the log)."""
    db = server.open_database()
    try:
        km = departments.add_department(db, "KM", "Wydział Komunikacji", "test")
        gk = departments.add_department(db, "GK", "Wydział Geodezji i Kartografii", "test")
        for department, first, last in ((km, "Anna", "Kowalska"), (gk, "Piotr", "Zieliński")):
            add_employee(db, {"department_id": department, "first_name": first, "last_name": last}, "admin")
        create_account(db, login="admin", password=PASSWORD, role="admin", display_name="Admin", actor="test")
        departments.update_department(
            db, km, name="Wydział Komunikacji i Transportu", active=True, actor="admin"
        )
        kiosks.add_kiosk(db, "Kiosk parter", km, "admin")
        settings.put(db, links.SETTING, "https://jakosc.grojec.local", "admin")
        moments = [now() - timedelta(minutes=minutes) for minutes in range(1, 61)]  # older than the above
        db.write(
            lambda c: c.executemany(
                "INSERT INTO audit_log VALUES (uuid(), ?, 'nieznany', 'sign_in_failure', 'user', NULL, NULL, ?)",
                [[at, '{"client": "10.0.0.7", "login": "nieznany"}'] for at in moments],
            )
        )
    finally:
        db.close()


def assert_poster_downloads(page, main) -> None:
    """The first poster arrives as a PDF whose text (read with pypdf) leads to its department."""
    with page.expect_download(timeout=60_000) as started:
        main.get_by_role("button", name="Pobierz plakat (PDF)").first.click()
    poster = started.value
    code = re.fullmatch(r"plakat-ankieta-(KM|GK)\.pdf", poster.suggested_filename).group(1)
    text = " ".join(pypdf.PdfReader(poster.path()).pages[0].extract_text().split())
    assert text.startswith("Oceń naszą obsługę")
    assert text.endswith(f"https://jakosc.grojec.local/?dzial={code}")


def open_path(page, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/{path}")
    wait_for_app(page)
    page.locator('[data-testid="stMain"] h1').first.wait_for()
    wait_for_app(page)


def full_shot(page, name: str) -> None:
    """Streamlit scrolls inside its main area: a whole-page shot needs a viewport as tall as it."""
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_function("h => window.innerHeight === h", arg=height)
    screenshot(page, name)
    page.set_viewport_size(size)


def assert_fits(page) -> None:
    assert no_horizontal_scroll(page)
    main = page.locator('[data-testid="stMain"]')
    text = main.inner_text()
    assert not [word for word in ENGLISH if word in text]
    small = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] button[data-testid^="stBaseButton"]')]
            .filter(b => b.offsetParent !== null)
            .map(b => [b.innerText, b.getBoundingClientRect()])
            .filter(([_, r]) => r.width < 44 || r.height < 44)
            .map(([t, r]) => `${t} ${r.width}x${r.height}`)"""
    )
    assert not small, small
    table = page.locator('[data-testid="stTable"]')
    if table.count():
        box = table.first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


@pytest.mark.parametrize("size", SIZES)
def test_the_audit_log_reads_in_polish_pages_and_filters(live_server, open_page, monkeypatch, size):
    monkeypatch.delenv(links.ENV_VARIABLE, raising=False)
    seed(live_server)
    live_server.start()
    page = open_page("desktop")
    page.set_viewport_size(SIZES[size])
    sign_in(page, live_server.url, "admin")
    open_path(page, live_server.url, "dziennik")
    main = page.locator('[data-testid="stMain"]')
    # 68 seeded (2 departments, 2 employees, the account, the rename, the kiosk, the address, 60
    # failed sign-ins), the admin's sign-in and this reading of the log
    main.get_by_text("70 wpisów · strona 1 z 2").wait_for()
    table = main.locator('[data-testid="stTable"]')
    table.get_by_text("wydział: Wydział Komunikacji i Transportu").first.wait_for()
    assert table.get_by_text("nazwa: Wydział Komunikacji → Wydział Komunikacji i Transportu").count() == 1
    assert table.get_by_text("ustawienie: adres publiczny aplikacji").count() == 1
    assert table.get_by_text("kiosk: Kiosk parter").count() == 1
    assert "UUID" not in table.inner_text() and "{" not in table.inner_text()
    assert_fits(page)
    full_shot(page, f"admin_audit_{size}")

    main.get_by_role("button", name="Starsze wpisy").click()
    main.get_by_text("strona 2 z 2").wait_for()
    wait_for_app(page)
    # the oldest 20 entries: failed sign-ins, newest first
    assert table.locator("tbody tr td:nth-child(3)").all_inner_texts() == ["logowanie nieudane"] * 20

    action = page.locator('[data-testid="stSelectbox"]').filter(has_text="Rodzaj czynności")
    action.locator("input").press_sequentially("logowanie n")  # typing opens the list every time
    page.get_by_role("option", name="logowanie nieudane", exact=True).click()
    main.get_by_text("60 wpisów · strona 1 z 2").wait_for()
    wait_for_app(page)
    actions = table.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert actions == ["logowanie nieudane"] * 50
    assert_fits(page)
    full_shot(page, f"admin_audit_{size}_filtered")


@pytest.mark.parametrize("size", SIZES)
def test_a_kiosk_is_switched_off_after_a_question_and_on_again(live_server, open_page, monkeypatch, size):
    monkeypatch.delenv(links.ENV_VARIABLE, raising=False)
    seed(live_server)
    live_server.start()
    page = open_page("desktop")
    page.set_viewport_size(SIZES[size])
    sign_in(page, live_server.url, "admin")
    open_path(page, live_server.url, "kioski")
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Plakaty i adresy kiosków prowadzą do").wait_for()
    assert main.get_by_role("button", name="Pobierz plakat (PDF)").count() == 2
    assert_poster_downloads(page, main)
    assert_fits(page)
    full_shot(page, f"admin_kiosks_{size}")

    main.get_by_role("button", name="Wyłącz", exact=True).click()
    main.get_by_text("Wyłączyć kiosk „Kiosk parter”?").wait_for()
    wait_for_app(page)
    assert_fits(page)
    full_shot(page, f"admin_kiosks_{size}_question")
    main.get_by_role("button", name="Tak, wyłącz").click()
    page.get_by_text("Kiosk „Kiosk parter” wyłączony").wait_for()
    wait_for_app(page)
    full_shot(page, f"admin_kiosks_{size}_off")
    main.get_by_role("button", name="Włącz", exact=True).click()
    page.get_by_text("Kiosk „Kiosk parter” włączony ponownie").wait_for()
    wait_for_app(page)
    assert main.get_by_role("button", name="Wyłącz", exact=True).count() == 1

    main.get_by_role("textbox", name="Adres publiczny aplikacji").fill("http://localhost:8501")
    main.get_by_role("button", name="Zapisz adres").click()
    main.get_by_text("To adres tego komputera (localhost)").wait_for()
    wait_for_app(page)
    in_use = main.get_by_text("Plakaty i adresy kiosków prowadzą do").inner_text().replace("\u2060", "")
    assert in_use == "Plakaty i adresy kiosków prowadzą do: https://jakosc.grojec.local"  # unchanged
    assert_fits(page)
    full_shot(page, f"admin_kiosks_{size}_localhost_refused")
