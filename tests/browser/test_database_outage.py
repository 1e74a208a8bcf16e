"""The PostgreSQL server stopped while a supervisor's form or a kiosk's answers are on the screen
(issue 17, "Bad input"), in Chromium against `streamlit run server.py`: the send shows the message
(Polish; on the kiosk in the client's language), the typed text never leaves the field, and once
the server is back the page returns by itself and the same answers are stored with one more tap.
Screenshots: test-artifacts/outage_*.png.

On a database of the worker's throw-away cluster whatever the store; the server is really
stopped and started again. What was stored is read over a connection of the test's own.
"""

from __future__ import annotations

import psycopg
import pytest
from playwright.sync_api import expect

from i18n import MESSAGES
from storage import kiosks
from storage.departments import add_department
from storage.postgres import PostgresDatabase
from tests.browser.conftest import (
    VIEWPORTS,
    LiveServer,
    no_horizontal_scroll,
    screenshot,
    sign_in,
    wait_for_app,
)
from tests.browser.test_accessibility import audit
from tests.browser.test_kiosk import (
    answer,
    choose_language,
    choose_overall,
    msg,
    open_form,
    send,
    write_comment,
)
from tests.seeding import add_account

pytestmark = pytest.mark.own_stores

NEW_NAME = "Wydział Komunikacji i Transportu"


@pytest.fixture
def outage_server(postgres_cluster, tmp_path, monkeypatch):
    monkeypatch.setenv("JAKOSC_DB_CONNECT_TIMEOUT", "2")  # a stopped server fails a run in 2 s
    url = postgres_cluster.new_database()
    db = PostgresDatabase(url)
    add_department(db, "KM", "Wydział Komunikacji", "test")
    add_account(db, "admin", "admin", "Administrator")
    db.close()
    server = LiveServer(tmp_path / "unused.duckdb", tmp_path / "server.log", database_url=url).start()
    yield server, url
    server.stop()
    if not (postgres_cluster.folder / "data" / "postmaster.pid").exists():
        postgres_cluster.start_server()
    postgres_cluster.drop_database(url)


def test_a_form_sent_while_the_database_is_down_keeps_its_text_and_is_stored_once_it_is_back(
    outage_server, postgres_cluster, open_page
):
    server, url = outage_server
    page = open_page("tablet_landscape")
    sign_in(page, server.url, "admin")
    page.goto(server.url + "/wydzialy")
    wait_for_app(page)
    name = page.locator('[data-testid="stForm"]').filter(has_text="Zapisz").get_by_label("Nazwa")
    name.fill(NEW_NAME)

    postgres_cluster.stop_server()
    try:
        page.get_by_role("button", name="Zapisz").click()
        message = page.get_by_text(MESSAGES["app.db_unavailable"]["pl"])
        expect(message).to_be_visible()
        expect(name).to_have_value(NEW_NAME)  # the page waits with the form as it was
        message.scroll_into_view_if_needed()
        screenshot(page, "outage_waiting_tablet")
        audit(page, "the outage message on the departments page")
        for size in ("tablet_portrait", "phone"):
            page.set_viewport_size(VIEWPORTS[size])
            message.scroll_into_view_if_needed()
            expect(message).to_be_in_viewport()
            assert no_horizontal_scroll(page), size
            screenshot(page, f"outage_waiting_{size}")
        page.set_viewport_size(VIEWPORTS["tablet_landscape"])
    finally:
        postgres_cluster.start_server()

    expect(page.get_by_text(MESSAGES["app.db_unavailable"]["pl"])).to_have_count(0, timeout=30_000)
    wait_for_app(page)
    expect(name).to_have_value(NEW_NAME)
    page.get_by_role("button", name="Zapisz").click()
    wait_for_app(page)
    screenshot(page, "outage_back_tablet")
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT name FROM departments").fetchall() == [(NEW_NAME,)]


def test_a_kiosk_send_while_the_database_is_down_says_so_in_english_and_keeps_the_answers(
    outage_server, postgres_cluster, open_page
):
    server, url = outage_server
    with psycopg.connect(url) as connection:
        (department,) = connection.execute("SELECT id FROM departments").fetchone()
    db = PostgresDatabase(url)
    _, token = kiosks.add_kiosk(db, "Hol główny", department, "test")
    db.close()
    page = open_page("kiosk")
    open_form(page, f"{server.url}/?kiosk={token}")
    choose_language(page, "en")
    choose_overall(page, 2, "en")  # stored at the tap
    answer(page, msg("survey.criterion.rating_time", "en"), "1")
    write_comment(page, "en", "Długo czekałem w kolejce.")
    comment = page.get_by_label(msg("survey.comment", "en"), exact=True)

    postgres_cluster.stop_server()
    try:
        page.get_by_role("button", name=msg("survey.send", "en")).click()
        expect(page.get_by_text(MESSAGES["app.db_unavailable"]["en"])).to_be_visible()
        expect(comment).to_have_value("Długo czekałem w kolejce.")
        screenshot(page, "outage_kiosk_waiting")
        audit(page, "the outage message on the kiosk")
    finally:
        postgres_cluster.start_server()

    expect(page.get_by_text(msg("survey.error.unavailable", "en"))).to_be_visible(timeout=30_000)
    wait_for_app(page)
    expect(comment).to_have_value("Długo czekałem w kolejce.")
    screenshot(page, "outage_kiosk_back")
    send(page, "en")
    with psycopg.connect(url) as connection:
        rows = connection.execute("SELECT overall, rating_time, comment, language FROM client_ratings")
        assert rows.fetchall() == [(2, 1, "Długo czekałem w kolejce.", "en")]
