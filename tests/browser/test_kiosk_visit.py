"""One visit, one row, in Chromium: the overall rating is stored at the client's first tap and the
send completes the same row, whatever happens between them.

- A client who double-taps a face, reloads the page, changes the rating and walks away (the idle
  reset) leaves exactly one row: the last rating tapped, never sent.
- kill -9 of the server between the tap and the send: a new server starts on the same port and
  file; the kiosk's page reconnects by itself and continues the same visit, and the send completes
  the tapped row (one row, with the criteria, the department and the comment).

Rows are read with plain SQL from the file after the server has stopped (it owns the file while
it runs). Screenshots: test-artifacts/kiosk_visit_*.png.
"""

from __future__ import annotations

import signal
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, screenshot, wait_for_app
from tests.browser.test_kiosk import (
    CRITERIA,
    answer,
    choose_department,
    choose_overall,
    heading,
    msg,
    open_form,
    seed,
    send,
    tap,
    timers,
    write_comment,
)


def rows(server: LiveServer, sql: str) -> list[tuple]:
    """Plain SQL on the server's file once the server has stopped."""
    server.stop()
    db = server.open_database()
    try:
        return db.query(sql)
    finally:
        db.close()


def visit_in_address(page) -> uuid.UUID:
    return uuid.UUID(parse_qs(urlparse(page.url).query)["ocena"][0])


def confirmed(page, value: int) -> None:
    """The details screen says the tapped rating is saved (the client's acknowledgement)."""
    heading(page, "survey.details_title").wait_for()
    saved = msg("survey.overall_chosen").format(value=value, label=msg(f"survey.scale.{value}"))
    expect(page.get_by_role("status")).to_contain_text(saved)


@pytest.mark.parametrize("viewport", ["kiosk", "phone"])
def test_a_tap_alone_is_one_rating_whatever_the_client_does_next(
    live_server, open_page, monkeypatch, viewport
):
    data = seed(live_server)
    timers(monkeypatch, idle="8", warning="3")
    live_server.start()
    page = open_page(viewport)
    path = f"/?kiosk={data['tokens']['pl']}" if viewport == "kiosk" else "/?dzial=KM"
    open_form(page, live_server.url + path)

    page.get_by_role("button", name=f"2 – {msg('survey.scale.2')}").dblclick()  # a double tap
    wait_for_app(page)
    confirmed(page, 2)
    visit = visit_in_address(page)

    page.reload()  # a new session with the same address: the same visit goes on
    wait_for_app(page)
    confirmed(page, 2)
    assert visit_in_address(page) == visit
    screenshot(page, f"kiosk_visit_{viewport}_reloaded")

    tap(page.get_by_role("button", name=msg("survey.change_overall")))
    choose_overall(page, 4)  # a change of mind changes the visit's row
    confirmed(page, 4)
    assert visit_in_address(page) == visit

    # The client walks away: the idle warning, then the reset to an empty start screen.
    page.locator(".st-key-kiosk_idle_warning").wait_for(timeout=60_000)
    heading(page, "survey.title").wait_for(timeout=60_000)
    wait_for_app(page)
    assert "ocena=" not in page.url
    screenshot(page, f"kiosk_visit_{viewport}_after_reset")

    stored = rows(live_server, "SELECT id, overall, comment, completed_at FROM client_ratings")
    assert stored == [(visit, 4, None, None)]  # counted, though never sent


def test_kill_9_between_the_tap_and_the_send_loses_nothing_acknowledged(
    live_server, open_page, monkeypatch, tmp_path
):
    data = seed(live_server)
    timers(monkeypatch)
    live_server.start()
    restarted = LiveServer(
        live_server.db_path, tmp_path / "restarted.log", database_url=live_server.database_url
    )
    restarted.port, restarted.url = live_server.port, live_server.url  # the kiosk's address stays
    page = open_page("kiosk")
    open_form(page, f"{live_server.url}/?kiosk={data['tokens']['pl']}")
    choose_overall(page, 2)
    confirmed(page, 2)  # acknowledged: the client may walk away now
    visit = visit_in_address(page)

    live_server.kill_9()
    assert live_server.process.wait(timeout=30) == -signal.SIGKILL
    screenshot(page, "kiosk_visit_server_killed")
    try:
        restarted.start(timeout=120)
        # The page reconnects by itself: a new session on the new server, the same address.
        page.wait_for_selector(
            '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', state="attached", timeout=90_000
        )
        wait_for_app(page)
        confirmed(page, 2)
        assert visit_in_address(page) == visit
        screenshot(page, "kiosk_visit_after_restart")

        answers = (2, 1, 3, 4, 2)
        for criterion, value in zip(CRITERIA, answers, strict=True):
            answer(page, msg(f"survey.criterion.{criterion}"), str(value))
        choose_department(page, "pl", "Wydział Geodezji i Kartografii")
        write_comment(page, "pl", "Po awarii serwera")
        send(page, "pl")
        stored = rows(
            restarted,
            "SELECT id, overall, rating_time, rating_manner, rating_conditions, rating_forms, "
            "rating_information, department_id, comment, completed_at IS NOT NULL FROM client_ratings",
        )
    finally:
        restarted.stop()
    assert stored == [(visit, 2, *answers, data["GK"], "Po awarii serwera", True)]
