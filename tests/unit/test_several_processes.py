"""Several app processes on one PostgreSQL database: what each server process does on its own.

Two `PostgresDatabase` objects on one database stand for two processes (each has its own pool of
connections, so the server sees two clients, as with two processes): a rating written by one
moves the figures the other keeps in its results cache, from the very first write; the mail
sender's round (server.py's thread) run by both at once queues and sends every message exactly
once; the hourly pass over client contact data run by both at once clears a due case once, with
one audit entry. These tests need PostgreSQL whatever --store says (a throw-away cluster).
"""

from __future__ import annotations

import json
import threading
import uuid
from datetime import timedelta

import pytest

from analytics.cache import Results
from services import client_cases, notifications, survey
from storage.db import OBSERVATIONS, RATINGS, now
from storage.postgres import PostgresDatabase
from tests.mail_server import MailServer
from tests.unit.test_client_cases import ask, closed_days_ago, qr
from tests.unit.test_notifications import KM_ADDRESS, configure, raise_action, user, with_address

pytestmark = pytest.mark.own_stores


@pytest.fixture
def db_path(tmp_path, monkeypatch, postgres_cluster):
    """This module's `db` (tests/conftest.py) is always on PostgreSQL: a fresh database."""
    url = postgres_cluster.new_database()
    monkeypatch.setenv("JAKOSC_DATABASE_URL", url)
    yield tmp_path / "unused.duckdb"
    postgres_cluster.drop_database(url)


@pytest.fixture
def other(db):
    """The second process's view of the same database."""
    database = PostgresDatabase(db.url)
    yield database
    database.close()


def at_once(*works) -> None:
    threads = [threading.Thread(target=work) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)


def one_round(database) -> None:
    """One round of server.py's mail thread (notifications.run_sender) on `database`."""
    stop = threading.Event()
    stop.set()  # the round runs, then the wait for the next one ends at once
    notifications.run_sender(lambda: database, stop)


def test_a_rating_written_by_one_process_moves_the_figures_of_the_other_from_the_first_write(
    db, office, other
):
    results, runs = Results(), []

    def ratings_seen_by_other() -> int:
        runs.append(1)
        return other.scalar("SELECT count(*) FROM client_ratings")

    observations_before = other.data_version(OBSERVATIONS)
    assert results.get(other, (RATINGS,), "ratings", ratings_seen_by_other) == 0
    survey.submit(db, qr(office), {"id": uuid.uuid4(), "language": "pl", "overall": 5})  # the first ever
    assert results.get(other, (RATINGS,), "ratings", ratings_seen_by_other) == 1
    assert results.get(other, (RATINGS,), "ratings", ratings_seen_by_other) == 1
    assert len(runs) == 2  # kept until the next write, computed again after it
    assert other.data_version(OBSERVATIONS) == observations_before  # a rating leaves them alone


def test_two_processes_sending_mail_at_once_send_every_message_exactly_once(db, office, other, caplog):
    server = MailServer().start()
    try:
        configure(db, office, server.port)
        with_address(db, office, "kierownik.km", KM_ADDRESS)
        for n in range(8):
            raise_action(db, office, title=f"Działanie numer {n}")
        at_once(lambda: one_round(db), lambda: one_round(other))
        assert "nieudany przebieg" not in caplog.text  # neither round failed on the other's inserts
        one_round(other)  # what a round queues is due from the next one on
        received = sorted(got.message["Subject"] for got in server.received)
    finally:
        server.stop()
    # Every message once: the eight actions, and the reminder that KM's employees have not yet
    # acknowledged the handbook (an event of the same sweep).
    assert len(received) == len(set(received))
    assert {f"Przydzielono Ci działanie: Działanie numer {n}" for n in range(8)} <= set(received)
    assert db.query("SELECT count(*), count(DISTINCT dedupe_key) FROM mail_outbox WHERE state = 'sent'")[
        0
    ] == (
        len(received),
        len(received),
    )


def test_two_processes_clearing_contact_data_at_once_clear_a_due_case_once(db, office, other):
    case_id = ask(db, qr(office), email="stara.sprawa@example.pl").case_id
    client_cases.close(db, user(db, office, "starosta"), case_id, "Odpowiedziano.", now().date())
    closed_days_ago(db, case_id, client_cases.contact_days() + 31)
    stop = threading.Event()
    stop.set()
    at_once(
        lambda: client_cases.run_contact_retention(lambda: db, stop),
        lambda: client_cases.run_contact_retention(lambda: other, stop),
    )
    row = db.query_dicts("SELECT contact_email, contact_deleted_at FROM client_cases WHERE id = ?", [case_id])
    assert row[0]["contact_email"] is None and row[0]["contact_deleted_at"] is not None
    runs = db.query("SELECT after FROM audit_log WHERE entity = 'client_cases' AND action = 'retention'")
    assert [json.loads(after)["case_contacts"] for (after,) in runs] == [1]
    assert now() - row[0]["contact_deleted_at"] < timedelta(minutes=5)
