"""Rewriting the database file (storage/maintenance.rewrite_file), which retention runs so that
removed text leaves no bytes on disk: the swapped-in file holds the same schema and rows, the
app's connection goes on working, and an open query makes it wait, then give up untouched."""

from __future__ import annotations

import os

import duckdb
import pytest

from storage import maintenance
from storage.db import Database

pytestmark = pytest.mark.duckdb_only  # the file itself; PostgreSQL's VACUUM FULL: test_postgres_operations

GONE = "Zdanie usunięte przed przepisaniem pliku, którego nie może już być na dysku."


def test_the_rewritten_file_has_the_schema_and_rows_but_not_the_removed_bytes(db, db_path):
    db.write(lambda cursor: cursor.execute("CREATE INDEX settings_value ON settings (value)"))
    db.write(lambda cursor: cursor.execute("INSERT INTO settings VALUES ('a', ?), ('b', 'zostaje')", [GONE]))
    db.query("CHECKPOINT")
    db.write(lambda cursor: cursor.execute("DELETE FROM settings WHERE key = 'a'"))
    db.query("CHECKPOINT")
    assert GONE.encode() in db_path.read_bytes()  # DuckDB keeps the old block after a checkpoint
    os.chmod(db_path, 0o600)
    migrations = db.query("SELECT * FROM schema_migrations ORDER BY version")

    maintenance.rewrite_file(db)

    assert db.query("SELECT * FROM settings") == [("b", "zostaje")]
    assert db.query("SELECT * FROM schema_migrations ORDER BY version") == migrations
    assert db.query("SELECT index_name FROM duckdb_indexes()") == [("settings_value",)]
    with pytest.raises(duckdb.ConstraintException):  # the primary key came along
        db.write(lambda cursor: cursor.execute("INSERT INTO settings VALUES ('b', 'drugi')"))
    db.write(lambda cursor: cursor.execute("INSERT INTO settings VALUES ('c', 'po przepisaniu')"))
    db.close()
    assert GONE.encode() not in db_path.read_bytes()
    assert os.stat(db_path).st_mode & 0o777 == 0o600
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]
    reopened = Database(db_path)
    try:
        assert reopened.query("SELECT key FROM settings ORDER BY key") == [("b",), ("c",)]
    finally:
        reopened.close()


def test_an_open_query_makes_the_rewrite_give_up_and_leave_the_file_as_it_was(db, db_path):
    db.write(lambda cursor: cursor.execute("INSERT INTO settings VALUES ('a', 'jest')"))
    busy = db.cursor()  # e.g. an export in progress
    try:
        with pytest.raises(maintenance.DatabaseBusy, match="zajęta"):
            maintenance.rewrite_file(db, wait=0.2)
    finally:
        busy.close()
    assert db.query("SELECT * FROM settings") == [("a", "jest")]
    assert not db_path.with_name(db_path.name + ".rewrite").exists()
    maintenance.rewrite_file(db)  # once the query is done, it goes through
    assert db.query("SELECT * FROM settings") == [("a", "jest")]
