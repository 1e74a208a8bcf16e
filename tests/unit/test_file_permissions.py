"""Files with personal data readable by the app's user only (issue 12, finding 10).

The `jakosc` command started with umask 022 (the usual default, which made every file 0644)
still creates the database, its WAL, backups and exports 0600 and its folders 0700; a database
file, WAL or backup token left readable by an older version is made private when opened; folders
shared with others (/tmp-like sticky ones, system folders when running as root) are left alone.
The server's own files (backup token, files written through /internal/*) are checked against a
live server in tests/browser/test_internal_routes.py; pg_dump backups on PostgreSQL in
test_postgres_operations.py. The file checks run on DuckDB only (--store=postgresql skips them).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from storage import maintenance
from storage.db import Database, owner_only
from tests.command import jakosc as run_jakosc

OTHER_USER = 1000  # any uid but root's


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def jakosc(db_path: Path, *args: str):
    """The command in a process of its own, started with the common umask 022."""
    return run_jakosc(db_path, *args, umask=0o022, timeout=300, check=True)


@pytest.mark.duckdb_only
def test_the_command_creates_every_file_owner_only_whatever_the_umask(tmp_path):
    data = tmp_path / "data"
    db_path = data / "jakosc.duckdb"
    jakosc(db_path, "demo", "--months", "1", "--ratings", "50", "--observations", "5", "--seed", "3")
    backups = tmp_path / "kopie"
    jakosc(db_path, "backup", "--out", str(backups), "--keep", "2")
    single = tmp_path / "jedna" / "kopia.duckdb"
    jakosc(db_path, "backup", "--out", str(single))
    reports = tmp_path / "raporty"
    reports.mkdir()
    jakosc(db_path, "export", "--out", str(reports / "raport.xlsx"), "--imiennie")

    files = [db_path, *backups.glob("jakosc-*.duckdb"), single, reports / "raport.xlsx"]
    files += [wal for wal in data.glob("*.wal")]
    assert len(files) >= 4
    assert {path.name: mode(path) for path in files} == {path.name: "0o600" for path in files}
    folders = (data, backups, single.parent)
    assert {path.name: mode(path) for path in folders} == {path.name: "0o700" for path in folders}


@pytest.mark.duckdb_only
def test_files_left_readable_by_an_older_version_are_made_private_on_open(tmp_path):
    db_path = tmp_path / "jakosc.duckdb"
    Database(db_path).close()
    token = maintenance.backup_token_file(db_path)
    token.write_text("old token", encoding="ascii")
    for path in (db_path, token):
        path.chmod(0o644)

    Database(db_path).close()
    maintenance.new_backup_token(db_path)
    assert (mode(db_path), mode(token)) == ("0o600", "0o600")


@pytest.mark.duckdb_only
def test_an_existing_database_folder_readable_by_others_is_made_private(tmp_path, monkeypatch):
    folder = tmp_path / "var-lib-jakosc"
    folder.mkdir()
    folder.chmod(0o755)
    if os.getuid() == 0:  # act as the folder's owner, an ordinary user (root leaves folders alone)
        os.chown(folder, OTHER_USER, OTHER_USER)
        monkeypatch.setattr(os, "getuid", lambda: OTHER_USER)
    Database(folder / "jakosc.duckdb").close()
    assert mode(folder) == "0o700"


def test_shared_folders_are_left_as_they_are(tmp_path):
    sticky = tmp_path / "tmp-like"
    sticky.mkdir()
    sticky.chmod(0o1777)
    owner_only(sticky)
    assert mode(sticky) == "0o1777"

    if os.getuid() == 0:  # root owns system folders such as /var/lib: never narrowed
        system = tmp_path / "var-lib"
        system.mkdir()
        system.chmod(0o755)
        owner_only(system)
        assert mode(system) == "0o755"
