"""Named downloads in a real browser (issue 12, findings 5 and 13): the file a signed-in manager
downloads is at a /media/… URL that anyone could fetch without signing in; it must stop being
served when the session that made it ends, or a short time after the click, and every download
must be in the audit log (who, what scope, with names or not)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

from storage import audit
from tests.browser.conftest import sign_in, wait_for_app
from tests.seeding import demo_office_for_a_server


def seed(server) -> None:
    demo_office_for_a_server(server, months=3, ratings=300, observations=80, seed=7)


def anonymous_status(url: str) -> int:
    """What a client without any cookie gets at `url`."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def status_after(url: str, seconds: float, expected: int) -> int:
    deadline = time.monotonic() + seconds
    status = anonymous_status(url)
    while status != expected and time.monotonic() < deadline:
        time.sleep(0.5)
        status = anonymous_status(url)
    return status


def download(page, label: str):
    with page.expect_download(timeout=60_000) as started:
        page.get_by_role("button", name=label).click()
    return started.value


def exports(live_server) -> list[dict]:
    """The audit log's export entries, read after the server (which holds the file) stopped."""
    live_server.stop()
    db = live_server.open_database()
    try:
        return audit.entries(db, action="export")
    finally:
        db.close()


def test_a_named_export_is_not_served_after_its_session_ends(live_server, open_page, monkeypatch):
    monkeypatch.setenv("JAKOSC_DOWNLOAD_SECONDS", "600")  # the session's end, not the time, removes it
    seed(live_server)
    live_server.start(timeout=90)
    page = open_page("desktop")
    page.set_default_timeout(45_000)
    sign_in(page, live_server.url, "zarzad")
    page.goto(f"{live_server.url}/pulpit")
    wait_for_app(page)
    page.get_by_role("button", name="Przygotuj plik Excela").click()
    file = download(page, "Pobierz plik Excela")
    assert file.suggested_filename.startswith("jakosc-obslugi_")
    assert "/media/" in file.url
    assert anonymous_status(file.url) == 200  # the URL alone is enough while the session runs…

    page.context.close()  # the browser leaves: the Streamlit session ends
    assert status_after(file.url, 15, 404) == 404  # …and no longer after

    [entry] = exports(live_server)
    assert (entry["actor"], entry["entity"]) == ("zarzad", "dashboard_export")
    details = json.loads(entry["after"])
    assert (details["plik"], details["imiennie"], details["dzialy"]) == ("xlsx", True, None)


def test_a_named_register_is_not_served_a_short_time_after_the_click(live_server, open_page, monkeypatch):
    monkeypatch.setenv("JAKOSC_DOWNLOAD_SECONDS", "3")
    seed(live_server)
    live_server.start(timeout=90)
    page = open_page("desktop")
    sign_in(page, live_server.url, "zarzad")
    page.goto(f"{live_server.url}/potwierdzenia")
    wait_for_app(page)
    file = download(page, "Pobierz rejestr (Excel)")
    assert "/media/" in file.url
    # the page stays open, the session runs: the time alone removes the file
    assert status_after(file.url, 15, 404) == 404
    page.get_by_role("heading", name="Rejestr potwierdzeń zapoznania się z podręcznikiem").wait_for()

    [entry] = exports(live_server)
    assert (entry["actor"], entry["entity"]) == ("zarzad", "ack_register")
    assert json.loads(entry["after"])["imiennie"] is True
