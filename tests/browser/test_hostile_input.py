"""Hostile input in a real browser (issue 8, item 3): what the server sends must stay text.

The office is seeded before the server starts with HTML, script, Markdown links to
"javascript:", Plotly's HTML-like tags, Excel formulas, right-to-left text, emoji and SQL in
department and employee names and in client comments. Management opens the moderation page and
the dashboard's client tab; a client types a hostile comment on a kiosk and sends it. Throughout,
no JavaScript dialog may open (an alert() that ran), no <img> with onerror and no javascript:
link may appear, the texts must be visible literally and no Python traceback may be shown.
Broken URLs get a Polish message. Last, the Excel export of the same data has no formula.
Screenshots go to test-artifacts/hostile_*.png.
"""

from __future__ import annotations

import io
import re
import uuid
from datetime import timedelta
from urllib.parse import quote

import openpyxl
import pytest

from accounts.service import CurrentUser, create_account
from analytics.export import write_workbook
from analytics.filters import Filters
from analytics.queries import resolve_scope
from checklists.loading import current_checklists
from checklists.schema import Answer, Kind
from i18n import MESSAGES
from services import observations as observation_service
from services import survey
from services.observations import StartRequest
from services.survey import Channel
from storage import kiosks, users
from storage.db import now
from storage.departments import add_department
from storage.employees import add_employee
from storage.moderation import decide_comments
from tests.browser.conftest import screenshot, sign_in, wait_for_app
from tests.conftest import PASSWORD
from tests.seeding import add_account

CHECKLISTS = current_checklists()
NAME = "<img src=x onerror=alert(1)> **Bold** [link](javascript:alert(1))"
DEPARTMENT = "# Heading <img src=x onerror=alert(2)> [dział](javascript:alert(2))"
# Plotly draws department names in its charts and reads a few HTML-like tags there itself.
PLOTLY_DEPARTMENT = '<a href="javascript:alert(3)">Geodezja</a> <b onmouseover=alert(3)>GK</b>'
COMMENTS = [
    "<img src=x onerror=alert(4)> **super** [klik](javascript:alert(4))",
    '=HYPERLINK("http://evil.example","klik")',
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "-2+3",
    "שלום עליכם – مرحبا بكم 👍🏽🎉",
    "'); DROP TABLE client_ratings; --",
]
PENDING = "<script>alert(5)</script> # oczekuje [x](javascript:alert(5))"
ITEM_COMMENT = "=cmd|' /C calc'!A0 <img src=x onerror=alert(6)>"
TYPED = "<img src=x onerror=alert(7)><script>alert(8)</script> **Dziękuję** 👍🏽🎉 שלום مرحبا"
TRACEBACK = ("Traceback", 'File "')


def seed(server) -> dict:
    """Two departments with hostile names, an employee with a hostile surname and a sent
    observation of her with a critical breach, approved and pending hostile client comments,
    a kiosk, and accounts for management and the supervisor; closed before the server starts."""
    db = server.open_database()
    try:
        km = add_department(db, "KM", DEPARTMENT, "test")
        gk = add_department(db, "GK", PLOTLY_DEPARTMENT, "test")
        employee = add_employee(db, {"department_id": km, "first_name": "Anna", "last_name": NAME}, "test")
        add_employee(db, {"department_id": gk, "first_name": "Jan", "last_name": "Nowak"}, "test")
        create_account(db, login="admin", password=PASSWORD, role="admin", display_name="Admin", actor="test")
        create_account(
            db, login="zarzad", password=PASSWORD, role="management", display_name="Zarząd", actor="test"
        )
        supervisor_id = add_account(db, "kierownik", "supervisor", "Kierownik", [km, gk])
        supervisor = CurrentUser.from_row(users.get_user(db, supervisor_id))
        observation_id = observation_service.start(
            db,
            CHECKLISTS,
            supervisor,
            StartRequest(
                observation_id=uuid.uuid4(),
                kind=Kind.IN_PERSON,
                department_id=km,
                employee_id=employee,
                observed_at=now() - timedelta(hours=2),
            ),
        )
        answers = observation_service.load_own(db, supervisor, observation_id)["answers"]
        critical = next(a["item_id"] for a in answers if a["critical"])
        observation_service.record_answer(
            db, CHECKLISTS, supervisor, observation_id, critical, Answer.NOT_MET, ITEM_COMMENT
        )
        observation_service.mark_rest_not_observed(db, CHECKLISTS, supervisor, observation_id)
        assert observation_service.send(db, CHECKLISTS, supervisor, observation_id)
        for index, comment in enumerate([*COMMENTS, PENDING]):
            rating_id = uuid.uuid4()
            department = km if index % 2 == 0 or comment == PENDING else gk
            raw = {"id": rating_id, "language": "pl", "overall": 1 + index % 5, "comment": comment}
            assert survey.submit(db, Channel("qr", department_id=department), raw).stored
            if comment != PENDING:
                decide_comments(db, [rating_id], "approved", None, supervisor_id, "test")
        _, token = kiosks.add_kiosk(db, "Kiosk <b>parter</b>", km, "test")
    finally:
        db.close()
    return {"token": token, "km": km}


class Watch:
    """Every JavaScript dialog the page opens (each would be an alert() from our data)."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        page.on("dialog", self._seen)

    def _seen(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def assert_inert(page, watch: Watch) -> str:
    """No dialog, no image, handler or javascript: link from our data, no traceback; returns
    the page's visible text."""
    page.wait_for_timeout(500)  # an onerror would fire as soon as the image failed to load
    assert watch.dialogs == []
    found = page.evaluate(
        """() => ({
            onerror: document.querySelectorAll('img[onerror], img[src="x"]').length,
            handlers: [...document.querySelectorAll('[data-testid="stMain"] *')]
                .filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
            jsLinks: [...document.querySelectorAll('a[href], [*|href]')]
                .filter(a => (a.getAttribute('href') || a.getAttribute('xlink:href') || '')
                    .trim().toLowerCase().startsWith('javascript')).length,
            scripts: [...document.querySelectorAll('script')]
                .filter(s => s.textContent.includes('alert(')).length,
        })"""
    )
    assert found == {"onerror": 0, "handlers": 0, "jsLinks": 0, "scripts": 0}
    text = page.locator("body").inner_text()
    for marker in TRACEBACK:
        assert marker not in text
    return text


def visible_text(text: str) -> str:
    """innerText without the invisible word joiners ui.text.plain puts into some words."""
    return text.replace("\u2060", "").replace("\u00a0", " ")


def open_path(page, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/{path}")
    wait_for_app(page)


def grid_text(page) -> str:
    """The cells of the dataframes on screen: the grid draws on a canvas and keeps the cells
    it shows in an accessible table beside it."""
    return "\n".join(page.locator('[data-testid="stDataFrame"] table').all_inner_texts())


def test_moderation_and_dashboard_show_hostile_text_literally(live_server, open_page):
    seed(live_server)
    live_server.start()
    page = open_page("desktop")
    page.set_default_timeout(45_000)  # two shared cores
    watch = Watch(page)
    sign_in(page, live_server.url, "zarzad")

    open_path(page, live_server.url, "moderacja")
    main = page.locator('[data-testid="stMain"]')
    main.get_by_role("heading", name="Moderacja komentarzy Klientów").wait_for()
    text = visible_text(assert_inert(page, watch))
    assert PENDING in text  # the comment, as typed
    assert DEPARTMENT in text  # the department line, escaped for Markdown
    assert main.locator("h1").count() == 1  # "# Heading" made no heading
    screenshot(page, "hostile_moderation")

    open_path(page, live_server.url, "pulpit")
    main.get_by_role("heading", name="Pulpit jakości obsługi").wait_for()
    page.get_by_role("tab", name="Klienci").click()
    wait_for_app(page)
    main.get_by_role("heading", name=MESSAGES["dash.comments"]["pl"]).wait_for()
    page.wait_for_timeout(1000)  # the charts and the grid draw after the run
    assert_inert(page, watch)
    cells = visible_text(grid_text(page))
    for comment in COMMENTS:
        assert comment in cells
    assert PENDING not in cells
    # Plotly reads <a> and <b> in its texts: the department whose name holds them, highlighted in
    # the trend, is written as text, no link, no element with a handler
    highlight = main.get_by_role("combobox", name=re.compile(MESSAGES["dash.highlight"]["pl"]))
    highlight.scroll_into_view_if_needed()
    highlight.click()
    page.keyboard.type("Geodezja")  # the list filtered to the one department
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.wait_for_timeout(1000)
    assert_inert(page, watch)
    legend = visible_text(" ".join(page.locator(".js-plotly-plot").all_inner_texts()))
    assert "Geodezja" in legend
    main.get_by_role("heading", name=MESSAGES["dash.comments"]["pl"]).scroll_into_view_if_needed()
    screenshot(page, "hostile_dashboard_clients")

    page.get_by_role("tab", name="Naruszenia krytyczne").click()
    wait_for_app(page)
    page.wait_for_timeout(1000)
    assert_inert(page, watch)
    assert DEPARTMENT in visible_text(grid_text(page))
    page.get_by_role("tab", name="Pracownicy").click()
    page.get_by_text(MESSAGES["dash.show_names"]["pl"]).click()  # names only when asked for
    wait_for_app(page)
    page.wait_for_timeout(1000)
    assert_inert(page, watch)
    assert NAME in visible_text(grid_text(page))


def test_a_hostile_comment_typed_on_a_kiosk_is_sent_and_stored_as_text(live_server, open_page, monkeypatch):
    data = seed(live_server)
    monkeypatch.setenv("JAKOSC_KIOSK_IDLE_SECONDS", "3600")
    monkeypatch.setenv("JAKOSC_KIOSK_THANKS_SECONDS", "3600")
    live_server.start()
    page = open_page("kiosk")
    page.set_default_timeout(45_000)
    watch = Watch(page)
    page.goto(f"{live_server.url}/?kiosk={data['token']}")
    wait_for_app(page)
    page.get_by_role("button", name=f"2 – {MESSAGES['survey.scale.2']['pl']}").click()
    wait_for_app(page)
    box = page.get_by_label(MESSAGES["survey.comment"]["pl"], exact=True)
    box.fill(TYPED)
    box.blur()
    wait_for_app(page)
    assert box.input_value() == TYPED
    assert_inert(page, watch)
    screenshot(page, "hostile_kiosk_typed")
    page.get_by_role("button", name=MESSAGES["survey.send"]["pl"]).click()
    page.get_by_role("heading", name=MESSAGES["survey.thanks_title"]["pl"]).wait_for()
    assert_inert(page, watch)

    live_server.stop()
    db = live_server.open_database()
    try:
        stored = db.query_dicts(
            "SELECT comment, comment_status, channel FROM client_ratings WHERE channel = 'kiosk'"
        )
    finally:
        db.close()
    assert stored == [{"comment": TYPED, "comment_status": "pending", "channel": "kiosk"}]


BROKEN = [
    ("kierownik", "obserwacja?obserwacja=not-a-uuid", "Nie znaleziono takiej obserwacji"),
    (
        "kierownik",
        "obserwacja?obserwacja=0b7d3c9e-1f2a-4c5d-9e8f-123456789abc",
        "Nie znaleziono takiej obserwacji",
    ),
    (
        "kierownik",
        "obserwacja?pracownik=" + quote("'; DROP TABLE employees; --"),
        "nie należy do Twoich wydziałów",
    ),
    ("kierownik", "obserwacja?obserwacja=" + "A" * 10_000, "Nie znaleziono takiej obserwacji"),
    (
        "zarzad",
        "pulpit?od=2026-13-45&do=abc&dzialy=" + quote("<script>,XX") + "&rodzaj=zzz&wersja=%00",
        "Pominięto nieznane lub niedostępne wydziały: <script>, XX.",
    ),
    (
        "zarzad",
        "pulpit?od=" + quote("[x](javascript:alert(9))"),
        "Nieprawidłowa data „[x](javascript:al”",
    ),
    (None, "?kiosk=" + quote("<script>alert(1)</script>"), "Kiosk nieaktywny"),
    (None, "?kiosk=", "Kiosk nieaktywny"),
    (None, "?kiosk=" + "A" * 10_000, "Kiosk nieaktywny"),
    (None, "?dzial=" + quote("' OR 1=1 --"), "Jak oceniasz dzisiejszą wizytę w Starostwie?"),
]


def test_broken_urls_get_a_polish_message_and_no_traceback(live_server, open_page):
    seed(live_server)
    live_server.start()
    pages = {}
    for login, path, message in BROKEN:
        if login not in pages:
            pages[login] = open_page("desktop")
            pages[login].set_default_timeout(45_000)
            if login:
                sign_in(pages[login], live_server.url, login)
        page = pages[login]
        watch = Watch(page)
        open_path(page, live_server.url, path)
        page.wait_for_timeout(300)
        text = visible_text(assert_inert(page, watch))
        assert message in text, (path[:80], text[:500])
    screenshot(pages["zarzad"], "hostile_broken_url")


# --- the Excel export --------------------------------------------------------------------------


@pytest.fixture
def workbook(live_server):
    """The export of the hostile office, written in the test's process (no server started)."""
    seed(live_server)
    db = live_server.open_database()
    try:
        today = now().date()
        scope = resolve_scope(db, Filters(today - timedelta(days=30), today), None)
        out = io.BytesIO()
        write_workbook(db, scope, out, checklists=CHECKLISTS, made_by=NAME, with_names=True)
    finally:
        db.close()
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


def test_the_excel_export_of_hostile_data_has_no_formula(workbook):
    values = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                if isinstance(cell.value, str):
                    values.append(cell.value)
    assert not [v for v in values if v.startswith(("=", "+", "-", "@", "\t", "\r"))]
    text = "\n".join(values)
    for comment in COMMENTS:
        shown = "'" + comment if comment.startswith(("=", "+", "-", "@")) else comment
        assert shown in text
    assert PENDING not in text  # not approved: not exported
    assert "'" + ITEM_COMMENT in text
    assert NAME in text and DEPARTMENT in text and PLOTLY_DEPARTMENT in text
