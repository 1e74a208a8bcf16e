"""Whole-database operations: row counts, backup to one file, restore from one, and rewriting
the file so that removed data leaves no bytes behind."""

from __future__ import annotations

import os
import secrets
import shutil
import time
from pathlib import Path

import duckdb

from storage.db import Database, database_path, now, owner_only, private_folder

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
    "improvement_actions",
    "training_records",
    "observation_plan",
    "client_cases",
    "mail_outbox",
    "survey_campaigns",
    "survey_campaign_targets",
    "audit_log",
)


class RestoreRefused(RuntimeError):
    """Restoring over a database that already holds data, without --force."""


KEEP_AT_LEAST_ONE = "Liczba zachowywanych kopii (--keep) musi wynosić co najmniej 1."


class OutsideFolder(ValueError):
    """A backup or export path outside the folder the running app writes such files to."""


class CannotWrite(ValueError):
    """A backup or export that could not be written (no folder, no permission, no space)."""

    def __init__(self, path: Path | str):
        super().__init__(
            f"Nie można zapisać pliku {path}: sprawdź, czy katalog istnieje, czy aplikacja może w nim "
            "pisać i czy jest miejsce na dysku."
        )


def backup_folder() -> Path:
    """Where the running app writes backups: $JAKOSC_BACKUP_DIR, or backups/ beside the database."""
    return Path(os.environ.get("JAKOSC_BACKUP_DIR") or database_path().parent / "backups")


def export_folder() -> Path:
    """Where the running app writes exports: $JAKOSC_EXPORT_DIR, or exports/ beside the database."""
    return Path(os.environ.get("JAKOSC_EXPORT_DIR") or database_path().parent / "exports")


def inside(folder: Path, out: str | Path) -> Path:
    """`out` (taken relative to `folder` unless absolute) with every symbolic link resolved, if it
    lies within `folder`: a caller of the running app cannot make it write anywhere else."""
    folder = Path(folder).resolve()
    target = (folder / out).resolve()
    if not target.is_relative_to(folder):
        raise OutsideFolder(
            f"Działająca aplikacja zapisuje kopie i eksporty tylko w katalogu {folder} "
            f"(ustawienia JAKOSC_BACKUP_DIR i JAKOSC_EXPORT_DIR); {target} jest poza nim."
        )
    return target


class DatabaseBusy(RuntimeError):
    """The file could not be rewritten: other work kept the database open for too long."""


REWRITE_WAIT = 30.0  # s: how long a rewrite waits for the app's other queries to finish


def rewrite_file(db: Database, wait: float = REWRITE_WAIT) -> None:
    """Rewrite the database into a fresh file and swap it in, so that removed rows leave no bytes.

    DuckDB keeps the old blocks of updated and deleted rows in the file after CHECKPOINT (VACUUM
    does not clear them, VACUUM FULL is not implemented): only a copy of the live data is free of
    them. The app owns one connection; the swap happens on it, with the database detached for a
    moment. New queries wait on the connection's lock meanwhile, and the rewrite starts only when
    no other query is open, so no write can land in the old file after the copy was taken.
    """
    if str(db.path) == ":memory:":
        return
    path = db.path.resolve()
    fresh = path.with_name(path.name + ".rewrite")
    fresh.unlink(missing_ok=True)
    # New cursors wait meanwhile; queries already running hold cursors of their own, counted by
    # DuckDB, and are let finish first.
    with db.exclusive() as connection:
        _wait_for_sole_connection(connection, wait)
        database = _database_name(connection)
        name = _identifier(database)
        connection.execute("CHECKPOINT")
        connection.execute(f"ATTACH '{_quoted(fresh)}' AS jakosc_rewrite")
        try:
            connection.execute(f"COPY FROM DATABASE {name} TO jakosc_rewrite")
            if _shape(connection, "jakosc_rewrite") != _shape(connection, database):
                raise RuntimeError("Kopia bazy różni się od oryginału: plik bazy nie został zastąpiony.")
        except BaseException:
            connection.execute("DETACH jakosc_rewrite")
            fresh.unlink()
            raise
        connection.execute("DETACH jakosc_rewrite")  # checkpoints the copy: no WAL stays behind
        os.chmod(fresh, path.stat().st_mode & 0o777)  # as private as the original
        connection.execute("ATTACH ':memory:' AS jakosc_holding")
        connection.execute("USE jakosc_holding")
        try:
            connection.execute(f"DETACH {name}")
            try:
                os.replace(fresh, path)
                path.with_name(path.name + ".wal").unlink(missing_ok=True)
            finally:
                connection.execute(f"ATTACH '{_quoted(path)}' AS {name}")
        finally:
            connection.execute(f"USE {name}")  # also the default of every later cursor
            connection.execute("DETACH jakosc_holding")


def _shape(connection, database: str) -> list:
    """What must survive a copy: every table's columns, constraints, indexes and row count."""
    catalog = [
        connection.execute(
            f"SELECT * EXCLUDE (database_name, database_oid, schema_oid{extra}) FROM {function}() "
            "WHERE database_name = ? ORDER BY ALL",
            [database],
        ).fetchall()
        for function, extra in (
            ("duckdb_columns", ", table_oid"),
            ("duckdb_constraints", ", table_oid, constraint_index, constraint_name"),
            ("duckdb_indexes", ", index_oid, table_oid"),
        )
    ]
    tables = connection.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY ALL", [database]
    ).fetchall()
    counts = [
        connection.execute(
            f"SELECT count(*) FROM {_identifier(database)}.{_identifier(schema)}.{_identifier(table)}"
        ).fetchone()[0]
        for schema, table in tables
    ]
    return [*catalog, tables, counts]


def _wait_for_sole_connection(connection, wait: float) -> None:
    deadline = time.monotonic() + wait
    while connection.execute("SELECT * FROM duckdb_connection_count()").fetchone()[0] > 1:
        if time.monotonic() > deadline:
            raise DatabaseBusy(
                "Baza danych jest zajęta (trwa inna operacja, np. eksport). Spróbuj ponownie za kilka minut."
            )
        time.sleep(0.05)


def row_counts(db: Database) -> dict[str, int]:
    return {table: db.scalar(f"SELECT count(*) FROM {table}") for table in TABLES}


def is_empty(db: Database) -> bool:
    return not any(row_counts(db).values())


def backup(db: Database, target: Path) -> None:
    """A consistent copy of the whole database in a new DuckDB file (which must not exist yet)."""
    target = Path(target).resolve()
    if target.exists():
        raise FileExistsError(f"Plik {target} już istnieje.")
    writable_folder(target.parent, target)
    cursor = db.cursor()
    try:
        try:
            cursor.execute(f"ATTACH '{_quoted(target)}' AS backup_target")
        except duckdb.IOException as error:
            raise CannotWrite(target) from error
        try:
            cursor.execute(f"COPY FROM DATABASE {_database_name(cursor)} TO backup_target")
        finally:
            cursor.execute("DETACH backup_target")
    finally:
        cursor.close()


def writable_folder(folder: Path, target: Path) -> Path:
    """`folder` (owner-only, created when missing) for writing `target`, or CannotWrite."""
    try:
        return private_folder(folder)
    except OSError as error:  # e.g. a file where the folder should be, or no permission
        raise CannotWrite(target) from error


def backup_rotating(db: Database, directory: Path, keep: int) -> Path:
    """A dated backup in `directory`, keeping the newest `keep` backups there (older are removed)."""
    if keep < 1:
        raise ValueError(KEEP_AT_LEAST_ONE)
    directory = writable_folder(Path(directory), Path(directory))
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
    owner_only(path)  # also a token file left readable by an older version
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


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
