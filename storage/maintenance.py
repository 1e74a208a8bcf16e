"""Whole-database operations: row counts, backup to one file, restore from one."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

import duckdb

from storage.db import Database, now

TABLES = (
    "departments",
    "employees",
    "users",
    "user_departments",
    "observations",
    "observation_answers",
    "observation_standard_scores",
    "observation_comments",
    "kiosks",
    "client_ratings",
    "acknowledgements",
    "conversations",
    "audit_log",
)


class RestoreRefused(RuntimeError):
    """Restoring over a database that already holds data, without --force."""


def row_counts(db: Database) -> dict[str, int]:
    return {table: db.scalar(f"SELECT count(*) FROM {table}") for table in TABLES}


def is_empty(db: Database) -> bool:
    return not any(row_counts(db).values())


def backup(db: Database, target: Path) -> None:
    """A consistent copy of the whole database in a new DuckDB file (which must not exist yet)."""
    target = Path(target).resolve()
    if target.exists():
        raise FileExistsError(f"Plik {target} już istnieje.")
    target.parent.mkdir(parents=True, exist_ok=True)
    cursor = db.cursor()
    try:
        cursor.execute(f"ATTACH '{_quoted(target)}' AS backup_target")
        try:
            cursor.execute(f"COPY FROM DATABASE {_database_name(cursor)} TO backup_target")
        finally:
            cursor.execute("DETACH backup_target")
    finally:
        cursor.close()


def backup_rotating(db: Database, directory: Path, keep: int) -> Path:
    """A dated backup in `directory`, keeping the newest `keep` backups there (older are removed)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"jakosc-{now():%Y%m%d-%H%M%S}.duckdb"
    backup(db, target)
    for old in sorted(directory.glob("jakosc-*.duckdb"))[:-keep]:
        old.unlink()
    return target


def backup_token_file(database_file: Path) -> Path:
    return Path(database_file).with_name(Path(database_file).name + ".backup-token")


def new_backup_token(database_file: Path) -> str:
    """A secret the running server accepts from `jakosc backup` on the same machine (file mode 600)."""
    token = secrets.token_urlsafe(32)
    path = backup_token_file(database_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.write_text(token, encoding="ascii")
    return token


def restore(backup_file: Path, target: Path, *, force: bool = False) -> None:
    """Put a backup file in place of the database at `target` (which no process may have open)."""
    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise FileNotFoundError(f"Nie ma pliku kopii {backup_file}.")
    _check_backup(backup_file)
    target = Path(target)
    if target.exists():
        current = Database(target)
        try:
            empty = is_empty(current)
        finally:
            current.close()
        if not empty and not force:
            raise RestoreRefused(
                f"Baza {target} zawiera dane. Użyj --force, aby ją zastąpić (bieżąca zostanie zachowana "
                f"obok, z dopiskiem .before-restore i datą)."
            )
        shutil.move(target, target.with_name(f"{target.name}.before-restore-{now():%Y%m%d-%H%M%S}"))
        wal = target.with_name(target.name + ".wal")
        if wal.exists():
            wal.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(backup_file, target)


def _check_backup(path: Path) -> None:
    """Open the backup read-only: a broken or foreign file fails before anything changes,
    and the backup itself is never modified."""
    try:
        connection = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        raise RestoreRefused(f"Plik {path} nie jest bazą DuckDB: {error}") from error
    try:
        connection.execute("SELECT max(version) FROM schema_migrations").fetchone()
    except duckdb.Error as error:
        raise RestoreRefused(f"Plik {path} nie jest kopią bazy Jakość Obsługi.") from error
    finally:
        connection.close()


def _database_name(cursor) -> str:
    return cursor.execute("SELECT current_database()").fetchone()[0]


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
