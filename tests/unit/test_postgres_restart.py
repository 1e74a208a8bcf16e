"""A PostgreSQL restart while the app runs: the same Database (its pool) reconnects, every
acknowledged write is there, and a write made while the server is stopped fails with a Polish
DatabaseUnavailableError instead of hanging or losing itself.

On a database of the worker's throw-away cluster whatever the store (the cluster is restarted;
each test starts it again before it ends). What was stored is checked over a connection of its
own (plain psycopg), not through the Database under test.
"""

from __future__ import annotations

import time

import psycopg
import pytest

from storage import postgres
from storage.db import DatabaseUnavailableError
from storage.departments import add_department
from storage.postgres import PostgresDatabase

pytestmark = pytest.mark.own_stores


@pytest.fixture
def database(postgres_cluster, monkeypatch):
    # A stopped server fails a write after the pool's wait: 2 s here, not the production 10 s.
    monkeypatch.setattr(postgres, "CONNECT_TIMEOUT", 2.0)
    url = postgres_cluster.new_database()
    db = PostgresDatabase(url)
    yield db, url
    db.close()
    postgres_cluster.drop_database(url)


def stored_codes(url: str) -> list[str]:
    with psycopg.connect(url) as connection:
        return [row[0] for row in connection.execute("SELECT code FROM departments ORDER BY code")]


def test_a_restart_loses_no_acknowledged_write_and_the_same_database_writes_again(postgres_cluster, database):
    db, url = database
    add_department(db, "KM", "Wydział Komunikacji", "test")

    postgres_cluster.restart_server()  # every connection of the pool is cut

    assert db.query("SELECT code FROM departments") == [("KM",)]
    add_department(db, "GK", "Wydział Geodezji i Kartografii", "test")
    assert stored_codes(url) == ["GK", "KM"]


def test_a_write_while_the_server_is_stopped_fails_in_polish_and_works_once_it_is_back(
    postgres_cluster, database
):
    db, url = database
    add_department(db, "KM", "Wydział Komunikacji", "test")
    postgres_cluster.stop_server()
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailableError) as refused:
            add_department(db, "GK", "Wydział Geodezji i Kartografii", "test")
        assert time.monotonic() - started < 10  # the pool's wait, not a hang
        assert "Nie można połączyć się z bazą danych PostgreSQL" in str(refused.value)
        assert "JAKOSC_DATABASE_URL" in str(refused.value)
    finally:
        postgres_cluster.start_server()

    add_department(db, "GK", "Wydział Geodezji i Kartografii", "test")
    assert stored_codes(url) == ["GK", "KM"]


def test_a_write_blocked_by_a_transaction_left_open_gives_up_in_polish(database, monkeypatch):
    """An administrator's psql session holding a lock (an open transaction): the app's write waits
    JAKOSC_DB_LOCK_TIMEOUT, then fails with a Polish message instead of waiting for ever; once the
    lock is gone the same database writes."""
    _, url = database
    monkeypatch.setattr(postgres, "LOCK_TIMEOUT", 0.5)  # production: 30 s
    db = PostgresDatabase(url)  # its connections take the timeout when they are made
    try:
        with psycopg.connect(url) as administrator:
            administrator.execute("LOCK TABLE departments IN ACCESS EXCLUSIVE MODE")  # left open
            started = time.monotonic()
            with pytest.raises(DatabaseUnavailableError) as refused:
                add_department(db, "KM", "Wydział Komunikacji", "test")
            assert 0.5 <= time.monotonic() - started < 10
            assert str(refused.value) == postgres.BUSY
        add_department(db, "KM", "Wydział Komunikacji", "test")
    finally:
        db.close()
    assert stored_codes(url) == ["KM"]
