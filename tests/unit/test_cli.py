"""The `jakosc` command, run in-process the way an administrator runs it, on the store of the run:
a fresh DuckDB file per test (JAKOSC_DB, the db_path fixture), or with --store=postgresql a fresh
PostgreSQL database (JAKOSC_DATABASE_URL). Backup and restore use each store's own format; their
PostgreSQL specifics (pg_dump, pg_restore, refusals) are in test_postgres_operations.py.

Only the CLI touches the database here: DuckDB lets one process hold a file, and two
connections of one process with different settings conflict, so no test keeps a Database
open beside it.
"""

from __future__ import annotations

import json
import os

import pytest

from accounts.service import LoginError, authenticate
from storage.db import open_database
from tests.command import in_process

PASSWORD = "Bardzo-Tajne-Haslo-1"
DEMO = ["demo", "--months", "1", "--ratings", "400", "--observations", "40", "--seed", "5"]


@pytest.fixture
def jakosc(capsys, monkeypatch):
    """Run one command; returns (exit code, standard output, standard error)."""
    return in_process(capsys, monkeypatch)


@pytest.fixture
def new_database(store, tmp_path, monkeypatch, request):
    """Point the commands at another, new database of the same store (as a restore onto a new server)."""

    def switch() -> None:
        if store == "postgresql":
            cluster = request.getfixturevalue("postgres_cluster")
            url = cluster.new_database()
            request.addfinalizer(lambda: cluster.drop_database(url))
            monkeypatch.setenv("JAKOSC_DATABASE_URL", url)
        else:
            monkeypatch.setenv("JAKOSC_DB", str(tmp_path / "nowa" / "jakosc.duckdb"))

    return switch


def stats(jakosc) -> dict[str, int]:
    code, out, _ = jakosc("stats", "--json")
    assert code == 0
    return json.loads(out)


def test_init_creates_the_database(jakosc, db_path, store):
    code, out, _ = jakosc("init")
    assert code == 0
    # the file, or the server's address (the test cluster's has no password to leave out)
    where = db_path if store == "duckdb" else os.environ["JAKOSC_DATABASE_URL"]
    assert out.startswith(f"Baza gotowa: {where} (podręcznik ")
    assert db_path.exists() == (store == "duckdb")


def test_user_add_reads_the_password_from_standard_input(jakosc, db_path):
    code, out, err = jakosc(
        "user", "add", "--login", "Admin", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert (code, err) == (0, "")
    assert "Utworzono konto admin (admin)." in out
    assert stats(jakosc)["users"] == 1


def test_user_add_refuses_without_password_stdin(jakosc, db_path):
    code, _, err = jakosc("user", "add", "--login", "admin", "--role", "admin", stdin=PASSWORD + "\n")
    assert code == 2
    assert "--password-stdin" in err
    assert stats(jakosc)["users"] == 0


@pytest.mark.parametrize(
    ("password", "why"),
    [("krotkie", "co najmniej 12 znaków"), ("Starostwo2026!", "To hasło łatwo odgadnąć")],
)
def test_user_add_refuses_a_short_or_guessable_password(jakosc, db_path, password, why):
    code, _, err = jakosc(
        "user", "add", "--login", "admin", "--role", "admin", "--password-stdin", stdin=password + "\n"
    )
    assert code == 2
    assert why in err
    assert stats(jakosc)["users"] == 0


def _sign_in(db_path, password: str, client: str) -> bool:
    """One sign-in attempt on the database, closed again before the CLI runs."""
    db = open_database()
    try:
        return authenticate(db, "admin", password, client=client).login == "admin"
    except LoginError:
        return False
    finally:
        db.close()


def test_user_unlock_lets_a_throttled_address_sign_in_again(jakosc, db_path):
    jakosc("user", "add", "--login", "admin", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    for _ in range(5):
        _sign_in(db_path, "Zle-haslo-123", "10.0.0.66")
    assert not _sign_in(db_path, PASSWORD, "10.0.0.66")
    code, out, err = jakosc("user", "unlock", "--login", "Admin")
    assert (code, err) == (0, "")
    assert out == "Odblokowano logowanie na konto admin (usunięte nieudane próby: 5).\n"
    assert _sign_in(db_path, PASSWORD, "10.0.0.66")


def test_demo_prints_what_it_created_and_stats_counts_it(jakosc, db_path):
    code, out, _ = jakosc(*DEMO)
    assert code == 0
    summary = json.loads(out)
    counts = stats(jakosc)
    assert counts["observations"] == summary["observations"] == 40
    assert counts["client_ratings"] == summary["client_ratings"] == 400 + summary["paper_ratings"]
    for table in ("departments", "employees", "kiosks", "observation_answers", "observation_standard_scores"):
        assert counts[table] == summary[table] > 0, table


def test_demo_refuses_a_database_that_has_data(jakosc, db_path):
    assert jakosc(*DEMO)[0] == 0
    code, _, err = jakosc(*DEMO)
    assert code == 2
    assert "Baza zawiera już obserwacje lub oceny" in err


def test_backup_restored_into_a_new_database_gives_the_same_counts(jakosc, db_path, tmp_path, new_database):
    assert (
        jakosc("user", "add", "--login", "admin", "--role", "admin", "--password-stdin", stdin=PASSWORD)[0]
        == 0
    )
    assert jakosc(*DEMO)[0] == 0
    original = stats(jakosc)
    backup = tmp_path / "kopie" / "kopia.duckdb"
    code, out, _ = jakosc("backup", "--out", str(backup))
    assert code == 0 and backup.exists() and "Kopia zapisana" in out

    new_database()
    code, out, _ = jakosc("restore", str(backup))
    assert code == 0 and "Przywrócono" in out
    assert stats(jakosc) == original


def test_backup_refuses_to_overwrite_a_file(jakosc, db_path, tmp_path):
    jakosc("init")
    target = tmp_path / "kopia.duckdb"
    target.write_bytes(b"")
    code, _, err = jakosc("backup", "--out", str(target))
    assert code == 2 and "już istnieje" in err


def test_restore_refuses_a_database_with_data_unless_forced(jakosc, db_path, tmp_path, store):
    assert jakosc(*DEMO)[0] == 0
    backup = tmp_path / "kopia.duckdb"
    assert jakosc("backup", "--out", str(backup))[0] == 0
    assert (
        jakosc("user", "add", "--login", "po.kopii", "--role", "admin", "--password-stdin", stdin=PASSWORD)[0]
        == 0
    )
    assert stats(jakosc)["users"] == 1

    code, _, err = jakosc("restore", str(backup))
    assert code == 2 and "--force" in err
    assert stats(jakosc)["users"] == 1, "refused: the database is untouched"

    code, _, _ = jakosc("restore", str(backup), "--force")
    assert code == 0
    assert stats(jakosc)["users"] == 0, "the backup was made before the account"
    kept = (
        db_path.parent.glob(db_path.name + ".before-restore-*")
        if store == "duckdb"
        else (db_path.parent / "backups").glob("before-restore-*.dump")  # the default backup folder
    )
    assert list(kept), "the replaced database is kept aside"


def test_restore_of_a_missing_file_says_so(jakosc, db_path, tmp_path):
    code, _, err = jakosc("restore", str(tmp_path / "nie-ma.duckdb"))
    assert code == 2 and "Nie ma pliku kopii" in err
