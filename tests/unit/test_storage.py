"""Storage: migrations recorded once, writes retried on a transaction conflict, the audit log,
and one process owning the database file."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import psycopg
import pytest

from accounts.service import LoginError, authenticate, change_account, create_account
from storage import audit, departments, employees, users
from storage import db as storage_db
from storage.db import Database, migrate, migrations, open_database
from tests.conftest import PASSWORD

PROJECT = Path(__file__).resolve().parents[2]


# --- migrations ------------------------------------------------------------------------------


def test_new_database_records_every_migration(db):
    recorded = db.query("SELECT version, name FROM schema_migrations ORDER BY version")
    assert recorded == [(number, path.name) for number, path in migrations()]
    assert recorded[0] == (1, "001_initial.sql")


def test_reopening_applies_nothing_again(db_path):
    first = open_database()
    first.write(lambda c: c.execute("INSERT INTO settings VALUES ('kept', 'yes')"))
    applied_at = first.query("SELECT version, applied_at FROM schema_migrations ORDER BY version")
    first.close()

    again = open_database()
    try:
        assert again.query("SELECT version, applied_at FROM schema_migrations ORDER BY version") == applied_at
        assert again.scalar("SELECT value FROM settings WHERE key = 'kept'") == "yes"
        assert migrate(again) == []
    finally:
        again.close()


def test_only_newer_migrations_are_applied(db_path, tmp_path, monkeypatch):
    open_database().close()
    folder = tmp_path / "migrations"
    shutil.copytree(storage_db.MIGRATIONS_DIR, folder)
    shipped = [(number, path.name) for number, path in migrations()]
    extra = shipped[-1][0] + 1
    (folder / f"{extra:03d}_extra.sql").write_text("CREATE TABLE extra (id INTEGER);", encoding="utf-8")
    monkeypatch.setattr(storage_db, "MIGRATIONS_DIR", folder)

    reopened = open_database()
    try:
        versions = reopened.query("SELECT version, name FROM schema_migrations ORDER BY version")
        assert versions == [*shipped, (extra, f"{extra:03d}_extra.sql")]
        assert reopened.scalar("SELECT count(*) FROM extra") == 0
        assert migrate(reopened) == []
    finally:
        reopened.close()


def test_a_failing_migration_leaves_no_trace(db_path, tmp_path, monkeypatch):
    open_database().close()
    folder = tmp_path / "migrations"
    shutil.copytree(storage_db.MIGRATIONS_DIR, folder)
    shipped = [number for number, _ in migrations()]
    (folder / f"{shipped[-1] + 1:03d}_broken.sql").write_text(
        "CREATE TABLE half (id INTEGER); SELECT * FROM no_such_table;", encoding="utf-8"
    )
    monkeypatch.setattr(storage_db, "MIGRATIONS_DIR", folder)
    with pytest.raises((duckdb.CatalogException, psycopg.errors.UndefinedTable)):
        open_database()
    gc.collect()  # the half-built Database holds a connection until collected

    monkeypatch.setattr(storage_db, "MIGRATIONS_DIR", storage_db.PROJECT_DIR / "storage" / "migrations")
    reopened = open_database()
    try:
        assert reopened.query("SELECT version FROM schema_migrations ORDER BY version") == [
            (number,) for number in shipped
        ]
        assert (
            reopened.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'half'") == 0
        )
    finally:
        reopened.close()


# --- transactions ----------------------------------------------------------------------------


def test_write_commits_and_returns_the_result(db):
    result = db.write(lambda c: c.execute("INSERT INTO settings VALUES ('a', '1') RETURNING key").fetchone())
    assert result == ("a",)
    assert db.scalar("SELECT value FROM settings WHERE key = 'a'") == "1"


def test_a_change_without_returning_answers_with_the_number_of_rows_changed(db):
    """As DuckDB does, on both stores: one row holding the count (PostgreSQL itself gives none)."""
    assert db.query("INSERT INTO settings VALUES ('a', '1'), ('b', '2')") == [(2,)]
    assert db.query("UPDATE settings SET value = 'x' WHERE key = 'none'") == [(0,)]
    assert db.write(lambda cursor: cursor.execute("DELETE FROM settings").fetchone()) == (2,)


def test_write_rolls_back_on_error(db):
    def work(cursor):
        cursor.execute("INSERT INTO settings VALUES ('half', 'done')")
        raise ValueError("stop")

    with pytest.raises(ValueError, match="stop"):
        db.write(work)
    assert db.scalar("SELECT count(*) FROM settings") == 0


def test_write_retries_a_transaction_conflict(db):
    attempts = []
    conflict = db.retryable(False)[0]  # the store's own conflict error

    def work(cursor):
        attempts.append(1)
        cursor.execute("INSERT INTO settings VALUES (?, 'x')", [f"try-{len(attempts)}"])
        if len(attempts) < 3:
            raise conflict("Conflict on update!")
        return "done"

    assert db.write(work) == "done"
    assert len(attempts) == 3
    # the failed attempts were rolled back: only the third insert is kept
    assert db.query("SELECT key FROM settings") == [("try-3",)]


def test_write_gives_up_after_the_retries(db):
    db.retries = 2
    conflict = db.retryable(False)[0]
    attempts = []

    def work(_cursor):
        attempts.append(1)
        raise conflict("Conflict on update!")

    with pytest.raises(conflict):
        db.write(work)
    assert len(attempts) == 3  # the first try and two retries


def test_other_errors_are_not_retried(db):
    attempts = []
    duplicate = db.retryable(True)[-1]  # retried only for a write keyed by its caller

    def work(_cursor):
        attempts.append(1)
        raise duplicate("duplicate key")

    with pytest.raises(duplicate):
        db.write(work)
    assert len(attempts) == 1


def test_concurrent_update_of_the_same_row_is_retried_until_it_succeeds(db):
    db.write(lambda c: c.execute("INSERT INTO settings VALUES ('counter', '0')"))
    increment = (
        "UPDATE settings SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR) WHERE key = 'counter'"
    )
    attempts = []
    errors = []

    def other_writer():
        def work(cursor):
            attempts.append(1)
            cursor.execute(increment)

        try:
            db.write(work)
        except Exception as error:  # reported by the assertion below
            errors.append(error)

    with db.transaction() as holder:
        holder.execute(increment)  # holds an uncommitted change to the row
        thread = threading.Thread(target=other_writer)
        thread.start()
        deadline = time.monotonic() + 5
        while len(attempts) < 2 and time.monotonic() < deadline:
            time.sleep(0.005)
    thread.join(timeout=30)

    assert not errors
    assert len(attempts) >= 2  # the first attempt conflicted with the open transaction
    assert db.scalar("SELECT value FROM settings WHERE key = 'counter'") == "2"


def _a_double_tap(db, write) -> tuple[list, list]:
    """Two writes of one caller-chosen key at once: this one looks the key up, then the other
    inserts it and commits, then this one inserts it. Returns the attempts and this one's result
    (or its error)."""
    attempts, outcome = [], []
    looked, committed = threading.Event(), threading.Event()

    def work(cursor):
        attempts.append(1)
        if cursor.execute("SELECT 1 FROM settings WHERE key = 'visit'").fetchone():
            return "found"
        if len(attempts) == 1:
            looked.set()
            committed.wait(timeout=10)
        cursor.execute("INSERT INTO settings VALUES ('visit', 'second')")
        return "inserted"

    def other_tap():
        looked.wait(timeout=10)
        db.write(lambda cursor: cursor.execute("INSERT INTO settings VALUES ('visit', 'first')"))
        committed.set()

    other = threading.Thread(target=other_tap)
    other.start()
    try:
        outcome.append(write(work))
    except (duckdb.Error, psycopg.Error) as error:
        outcome.append(error)
    other.join(timeout=30)
    return attempts, outcome


def test_the_same_caller_key_written_twice_at_once_is_one_row_and_no_error(db):
    attempts, outcome = _a_double_tap(db, lambda work: db.write(work, keyed_by_caller=True))

    assert outcome == ["found"]  # tried again, the write finds the other's row
    assert len(attempts) == 2
    assert db.query("SELECT value FROM settings WHERE key = 'visit'") == [("first",)]


def test_a_duplicate_key_is_an_error_for_a_write_not_keyed_by_its_caller(db):
    attempts, outcome = _a_double_tap(db, db.write)

    assert len(attempts) == 1
    assert [type(error) for error in outcome] == [db.retryable(True)[-1]]  # the duplicate key


# --- audit log -------------------------------------------------------------------------------


def _log(db, entity):
    return [
        {**row, "before": json.loads(row["before"] or "null"), "after": json.loads(row["after"] or "null")}
        for row in reversed(audit.entries(db, entity=entity))
    ]


def test_department_changes_are_logged_with_before_and_after(db):
    department_id = departments.add_department(db, "KM", "Wydział Komunikacji", "admin")
    departments.update_department(
        db, department_id, name="Wydział Komunikacji i Transportu", active=False, actor="jan"
    )
    created, updated = _log(db, "department")
    assert (created["actor"], created["action"], created["entity_id"]) == (
        "admin",
        "create",
        str(department_id),
    )
    assert created["before"] is None
    assert created["after"] == {"code": "KM", "name": "Wydział Komunikacji"}
    assert (updated["actor"], updated["action"]) == ("jan", "update")
    assert updated["before"] == {"name": "Wydział Komunikacji", "active": True}
    assert updated["after"] == {"name": "Wydział Komunikacji i Transportu", "active": False}


def test_employee_changes_are_logged_with_before_and_after(db, office):
    employee_id = office["employees"]["nowak"]
    employees.update_employee(db, employee_id, {"position": "Inspektor", "active": False}, "admin")
    entries = [e for e in _log(db, "employee") if e["entity_id"] == str(employee_id)]
    assert [e["action"] for e in entries] == ["create", "update"]
    assert entries[0]["after"]["last_name"] == "Nowak"
    assert entries[1]["before"] == {"position": None, "active": True}
    assert entries[1]["after"] == {"position": "Inspektor", "active": False}


def test_audit_log_of_accounts_never_holds_the_password_hash(db, office):
    user_id = create_account(
        db, login="nowy", password=PASSWORD, role="management", display_name="Nowy", actor="admin"
    )
    change_account(
        db,
        user_id,
        role="employee",
        display_name="Nowy Pracownik",
        active=True,
        department_ids=[],
        employee_id=office["employees"]["nowak"],
        new_password="Inne-haslo-2024",
        actor="admin",
    )
    entries = [e for e in _log(db, "user") if e["entity_id"] == str(user_id)]
    assert [e["action"] for e in entries] == ["create", "update"]
    assert entries[0]["after"]["role"] == "management"
    assert entries[1]["before"]["role"] == "management"
    assert entries[1]["after"]["role"] == "employee"
    assert entries[1]["after"]["display_name"] == "Nowy Pracownik"

    final_hash = users.get_user(db, user_id)["password_hash"]
    raw = db.query("SELECT coalesce(before, '') || coalesce(after, '') FROM audit_log")
    for (text,) in raw:
        assert "password" not in text
        assert "$argon2" not in text
        assert final_hash not in text


def test_failed_sign_in_is_logged_with_login_and_address(db, office):
    with pytest.raises(LoginError):
        authenticate(db, "kowalska", "Zle-haslo-123", client="10.0.0.7")
    failures = [e for e in _log(db, "user") if e["action"] == "sign_in_failure"]
    assert len(failures) == 1
    assert failures[0]["actor"] == "kowalska"
    assert failures[0]["entity_id"] == str(office["accounts"]["kowalska"])
    assert failures[0]["after"] == {"login": "kowalska", "client": "10.0.0.7"}


# --- one process owns the file ---------------------------------------------------------------

OPEN_FROM_ANOTHER_PROCESS = """
import sys
from storage.db import Database, DatabaseLockedError
try:
    Database(sys.argv[1])
except DatabaseLockedError as error:
    print(error)
    sys.exit(3)
print("opened")
"""


def _open_elsewhere(path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", OPEN_FROM_ANOTHER_PROCESS, str(path)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.duckdb_only
def test_second_process_gets_a_clear_polish_message(db, db_path):
    result = _open_elsewhere(db_path)
    assert result.returncode == 3, result.stderr
    message = result.stdout.strip()
    assert message.startswith(f"Baza danych {db_path} jest już otwarta przez inny proces aplikacji.")
    assert "Zatrzymaj tamten proces albo wskaż inny plik zmienną JAKOSC_DB." in message


@pytest.mark.duckdb_only
def test_file_opens_in_another_process_once_closed(db_path):
    Database(db_path).close()
    result = _open_elsewhere(db_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "opened"


# --- PostgreSQL: connections from a pool -----------------------------------------------------


@pytest.fixture
def small_pool(postgres_cluster, monkeypatch):
    """A PostgreSQL database whose pool holds two connections and waits one second for one."""
    from storage import postgres

    monkeypatch.setattr(postgres, "POOL_SIZE", 2)
    monkeypatch.setattr(postgres, "CONNECT_TIMEOUT", 1.0)
    url = postgres_cluster.new_database()
    database = postgres.PostgresDatabase(url)
    yield database
    database.close()
    postgres_cluster.drop_database(url)


def _in_use(database) -> int:
    stats = database._pool.get_stats()
    return stats["pool_size"] - stats["pool_available"]


def test_every_cursor_goes_back_to_the_pool_also_after_an_error(small_pool):
    def failing(cursor):
        cursor.execute("INSERT INTO settings VALUES ('a', '1')")
        raise ValueError("stop")

    for _ in range(5):  # more rounds than connections: a connection kept would run the pool dry
        small_pool.write(
            lambda cursor: cursor.execute("INSERT INTO settings VALUES (gen_random_uuid(), 'x')")
        )
        with pytest.raises(ValueError):
            small_pool.write(failing)
        with pytest.raises(psycopg.errors.UndefinedTable):
            small_pool.query("SELECT * FROM no_such_table")
        assert small_pool.scalar("SELECT count(*) FROM settings") >= 1
    assert _in_use(small_pool) == 0
    assert small_pool.scalar("SELECT count(*) FROM settings WHERE key = 'a'") == 0


def test_a_pool_waiting_past_its_timeout_is_the_polish_unavailable_message(small_pool):
    held = [small_pool.cursor(), small_pool.cursor()]  # every connection of the pool taken
    try:
        started = time.monotonic()
        with pytest.raises(
            storage_db.DatabaseUnavailableError, match=r"^Nie można połączyć się z bazą danych"
        ):
            small_pool.query("SELECT 1")
        assert time.monotonic() - started < 10
        with pytest.raises(storage_db.DatabaseUnavailableError):  # the dashboard's data versions too
            small_pool.data_version(storage_db.RATINGS)
    finally:
        for cursor in held:
            cursor.close()
    assert small_pool.query("SELECT 1") == [(1,)]  # the connections given back serve again
