"""The `jakosc` command, run in-process the way an administrator runs it.

Only the CLI touches the database file here: DuckDB lets one process hold a file, and two
connections of one process with different settings conflict, so no test keeps a Database
open beside it. JAKOSC_DB points at a fresh file per test (the db_path fixture).
"""

from __future__ import annotations

import io
import json
import sys

import pytest

from accounts.service import LoginError, authenticate
from cli.main import main
from storage.db import Database

PASSWORD = "Bardzo-Tajne-Haslo-1"
DEMO = ["demo", "--months", "1", "--ratings", "400", "--observations", "40", "--seed", "5"]


@pytest.fixture
def jakosc(capsys, monkeypatch):
    """Run one command; returns (exit code, standard output, standard error)."""

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def stats(jakosc) -> dict[str, int]:
    code, out, _ = jakosc("stats", "--json")
    assert code == 0
    return json.loads(out)


def test_init_creates_the_database(jakosc, db_path):
    code, out, _ = jakosc("init")
    assert code == 0
    assert db_path.exists()
    assert "Baza gotowa" in out and "podręcznik" in out


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
    """One sign-in attempt on the file, closed again before the CLI runs."""
    db = Database(db_path)
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


def test_backup_restored_into_a_new_file_gives_the_same_counts(jakosc, db_path, tmp_path, monkeypatch):
    assert (
        jakosc("user", "add", "--login", "admin", "--role", "admin", "--password-stdin", stdin=PASSWORD)[0]
        == 0
    )
    assert jakosc(*DEMO)[0] == 0
    original = stats(jakosc)
    backup = tmp_path / "kopie" / "kopia.duckdb"
    code, out, _ = jakosc("backup", "--out", str(backup))
    assert code == 0 and backup.exists() and "Kopia zapisana" in out

    monkeypatch.setenv("JAKOSC_DB", str(tmp_path / "nowa" / "jakosc.duckdb"))
    code, out, _ = jakosc("restore", str(backup))
    assert code == 0 and "Przywrócono" in out
    assert stats(jakosc) == original


def test_backup_refuses_to_overwrite_a_file(jakosc, db_path, tmp_path):
    jakosc("init")
    target = tmp_path / "kopia.duckdb"
    target.write_bytes(b"")
    code, _, err = jakosc("backup", "--out", str(target))
    assert code == 2 and "już istnieje" in err


def test_restore_refuses_a_database_with_data_unless_forced(jakosc, db_path, tmp_path):
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
    assert list(db_path.parent.glob(db_path.name + ".before-restore-*")), (
        "the replaced database is kept aside"
    )


def test_restore_of_a_missing_file_says_so(jakosc, db_path, tmp_path):
    code, _, err = jakosc("restore", str(tmp_path / "nie-ma.duckdb"))
    assert code == 2 and "Nie ma pliku kopii" in err
