"""The database server stopped while the app runs (issue 17, "Bad input"): a page says so in
Polish (the client form in the client's language) instead of failing, waits for the server, and
comes back by itself once it answers; nothing typed is lost and nothing acknowledged is lost.

On a database of the worker's throw-away PostgreSQL cluster whatever the store: the server is
really stopped and started again (tests/postgres.py). The pool waits 2 s for a connection here
(production: JAKOSC_DB_CONNECT_TIMEOUT, 10 s), so a stopped server fails a run quickly. What was
stored is read over a connection of the test's own (plain psycopg).
"""

from __future__ import annotations

import threading

import psycopg
import pytest
from streamlit.testing.v1 import AppTest

from accounts.service import CurrentUser, create_account, start_session
from i18n import MESSAGES
from storage import db as storage_db
from storage import kiosks, postgres, users
from storage.departments import add_department
from storage.employees import add_employee
from tests.apptest.driver import PROJECT, fill, form, open_url_path, screen_text, sign_in, start, submit
from tests.conftest import PASSWORD
from tests.seeding import add_account, start_draft
from ui import outage

pytestmark = pytest.mark.own_stores

UNAVAILABLE = MESSAGES["app.db_unavailable"]


@pytest.fixture
def server(postgres_cluster, monkeypatch, tmp_path):
    """The app's database on the cluster; the cluster is running again after every test."""
    monkeypatch.setattr(postgres, "CONNECT_TIMEOUT", 2.0)
    monkeypatch.setattr(outage, "POLL", 0.5)
    url = postgres_cluster.new_database()
    monkeypatch.setenv("JAKOSC_DATABASE_URL", url)
    monkeypatch.setenv("JAKOSC_DB", str(tmp_path / "unused.duckdb"))
    storage_db.shared_database()
    yield postgres_cluster, url
    if not (postgres_cluster.folder / "data" / "postmaster.pid").exists():
        postgres_cluster.start_server()
    with storage_db._shared_lock:
        for opened in storage_db._shared.values():
            opened.close()
        storage_db._shared.clear()
    postgres_cluster.drop_database(url)


def stored(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchall()


def signed_in_admin(url: str) -> AppTest:
    create_account(
        storage_db.shared_database(),
        login="admin",
        password=PASSWORD,
        role="admin",
        display_name="Admin",
        actor="test",
    )
    at = sign_in(start(), "admin", PASSWORD)
    return open_url_path(at, "wydzialy")


def test_a_form_sent_while_the_server_restarts_waits_for_it_and_keeps_the_typed_text(server):
    cluster, url = server
    add_department(storage_db.shared_database(), "KM", "Wydział Komunikacji", "test")
    at = signed_in_admin(url)
    fill(form(at, "edit_department"), Nazwa="Wydział Komunikacji i Transportu")
    cluster.stop_server()
    # Back after longer than the pool's 2 s wait: the send meets the outage, not a slow connection.
    later = threading.Timer(4.0, cluster.start_server)
    later.start()
    try:
        at = submit(at, "edit_department", "Zapisz")  # waits for the server, then the page again
    finally:
        later.join()

    assert not at.exception and not at.error
    assert [w.value for w in form(at, "edit_department").text_input] == ["Wydział Komunikacji i Transportu"]
    assert stored(url, "SELECT name FROM departments") == [("Wydział Komunikacji",)]  # one more tap
    at = submit(at, "edit_department", "Zapisz")
    assert stored(url, "SELECT name FROM departments") == [("Wydział Komunikacji i Transportu",)]


def test_a_server_down_for_long_shows_a_polish_message_and_a_retry_not_an_error(server, monkeypatch):
    cluster, url = server
    at = signed_in_admin(url)
    monkeypatch.setattr(outage, "PATIENCE", 1.0)  # production: 5 minutes of waiting
    cluster.stop_server()

    at = at.run()

    assert not at.exception
    assert [e.value for e in at.error] == [UNAVAILABLE["pl"]]
    assert "Wystąpił nieoczekiwany błąd" not in screen_text(at)  # not a page error with a code
    assert [b.label for b in at.button] == ["Spróbuj ponownie"]
    cluster.start_server()
    at = at.button(key="outage_retry").click().run()
    assert not at.exception and not at.error
    assert form(at, "add_department")


def test_a_kiosk_send_that_could_not_be_stored_says_so_in_english_and_keeps_the_answers(server, monkeypatch):
    cluster, url = server
    db = storage_db.shared_database()
    add_department(db, "KM", "Wydział Komunikacji", "test")
    _, token = kiosks.add_kiosk(db, "Hol główny", None, "test")
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.query_params["kiosk"] = token
    at = at.run()
    at.button_group(key="survey_language").set_value("en").run()
    at = at.button(key="survey_overall_2").click().run()  # stored at the tap
    at.button_group(key="survey_field_rating_time").set_value(1)
    at.text_area(key="survey_field_comment").input("Długo czekałem w kolejce.")
    monkeypatch.setattr(outage, "PATIENCE", 0.0)
    cluster.stop_server()

    at = at.button(key="survey_send").click().run()

    assert not at.exception
    assert [e.value for e in at.error] == [UNAVAILABLE["en"]]
    cluster.start_server()
    at = at.button(key="outage_retry").click().run()
    assert [e.value for e in at.error] == [MESSAGES["survey.error.unavailable"]["en"]]
    comment = at.text_area(key="survey_field_comment")
    assert (comment.value, comment.proto.value, comment.proto.set_value) == (
        "Długo czekałem w kolejce.",
        "Długo czekałem w kolejce.",
        True,  # the browser is told the kept text, not only the server
    )
    assert at.button_group(key="survey_field_rating_time").value == 1
    assert stored(url, "SELECT overall, completed_at IS NULL FROM client_ratings") == [(2, True)]

    at = at.button(key="survey_send").click().run()
    assert [t.value for t in at.title] == [MESSAGES["survey.thanks_title"]["en"]]
    assert stored(url, "SELECT overall, rating_time, comment FROM client_ratings") == [
        (2, 1, "Długo czekałem w kolejce.")
    ]


def test_an_answer_tapped_while_the_server_restarts_is_stored_once_it_is_back(server):
    """The tap's callback runs before the page's run, outside its guard: the same message and
    wait, no Streamlit error, and the answer stored when the server answers (ui/outage.callback)."""
    cluster, url = server
    db = storage_db.shared_database()
    km = add_department(db, "KM", "Wydział Komunikacji", "test")
    employee = add_employee(db, {"department_id": km, "first_name": "Anna", "last_name": "Nowak"}, "test")
    account = add_account(db, "kierownik.km", "supervisor", "Kierownik KM", [km])
    draft = start_draft(db, account, km, employee)
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.session_state["auth_token"] = start_session(db, CurrentUser.from_row(users.get_user(db, account)))[0]
    at.query_params["obserwacja"] = str(draft)
    at = open_url_path(at, "obserwacja")
    [first, *_] = [b for b in at.button_group if b.key and b.key.startswith(f"answer_{draft}_")]
    item = first.key.removeprefix(f"answer_{draft}_")
    cluster.stop_server()
    later = threading.Timer(4.0, cluster.start_server)
    later.start()
    try:
        at = first.set_value("nie_zaobserwowano").run()  # waits for the server, then the page again
    finally:
        later.join()

    assert not at.exception and not at.error
    assert stored(url, f"SELECT answer FROM observation_answers WHERE item_id = '{item}'") == [
        ("nie_zaobserwowano",)
    ]
    assert at.button_group(key=first.key).value == "nie_zaobserwowano"
