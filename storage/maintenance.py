"""Whole-database operations: row counts, backup to one file, restore from one, and rewriting
the stored data so that removed data leaves no bytes behind.

On DuckDB the database is one file: a backup is a copy of it made by DuckDB, a restore puts the
copy in its place, and the rewrite swaps in a fresh copy. On PostgreSQL (JAKOSC_DATABASE_URL) the
engine's own tools do it: a backup is `pg_dump -Fc` (one file, owner-only), a restore is
`pg_restore --clean --single-transaction` (all or nothing), and the rewrite is VACUUM FULL of the
tables retention removes personal data from. The tools are Debian's postgresql-client (PATH, or
/usr/lib/postgresql/*/bin); the password goes to them in PGPASSWORD, never on a command line.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import subprocess
import time
from pathlib import Path

import duckdb

from storage.db import (
    Database,
    DatabaseUnavailableError,
    database_path,
    now,
    owner_only,
    private_folder,
)

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
    """Restoring over a database that already holds data (or, on PostgreSQL, that other processes
    use) without --force, or from a file that is no backup of this app."""


class ToolFailed(RuntimeError):
    """pg_dump or pg_restore is missing or failed: a Polish message."""


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


BUSY = "Baza danych jest zajęta (trwa inna operacja, np. eksport). Spróbuj ponownie za kilka minut."
REWRITE_WAIT = 30.0  # s: how long a rewrite waits for the app's other queries to finish


# The tables retention removes or blanks personal data in (storage.people.anonymise_before,
# storage.client_cases.forget_contacts): on PostgreSQL these are rewritten by VACUUM FULL.
PERSONAL_TABLES = (
    "observations",
    "observation_answers",
    "observation_comments",
    "conversations",
    "training_records",
    "client_cases",
    "audit_log",
)


def rewrite_file(db: Database, wait: float = REWRITE_WAIT) -> None:
    """Rewrite the database into a fresh file and swap it in, so that removed rows leave no bytes.

    On PostgreSQL: VACUUM FULL of PERSONAL_TABLES (vacuum_personal_tables).

    DuckDB keeps the old blocks of updated and deleted rows in the file after CHECKPOINT (VACUUM
    does not clear them, VACUUM FULL is not implemented): only a copy of the live data is free of
    them. The app owns one connection; the swap happens on it, with the database detached for a
    moment. New queries wait on the connection's lock meanwhile, and the rewrite starts only when
    no other query is open, so no write can land in the old file after the copy was taken.
    """
    if db.store == "postgresql":
        vacuum_personal_tables(db, wait)
        return
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


def vacuum_personal_tables(db: Database, wait: float = REWRITE_WAIT) -> None:
    """PostgreSQL keeps a deleted or updated row's old version in the table's data files until
    VACUUM FULL writes the table anew: after it, the removed values are in no data file of the
    tables (the write-ahead log keeps them until the server recycles its segments, a few
    checkpoints later, and earlier backups keep them as on DuckDB). Each table is locked while it is
    rewritten; a table that other work keeps busy for more than `wait` seconds ends it with
    DatabaseBusy (the tables done so far stay done, a rerun does the rest)."""
    from psycopg import errors, sql

    cursor = db.cursor()
    try:
        connection = cursor.connection  # VACUUM runs outside a transaction, untranslated
        connection.execute(sql.SQL("SET lock_timeout = {}").format(sql.Literal(f"{int(wait * 1000)}ms")))
        try:
            for table in PERSONAL_TABLES:
                connection.execute(sql.SQL("VACUUM FULL {}").format(sql.Identifier(table)))
        except errors.LockNotAvailable as error:
            raise DatabaseBusy(BUSY) from error
        finally:
            connection.execute("RESET lock_timeout")
    finally:
        cursor.close()


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
            raise DatabaseBusy(BUSY)
        time.sleep(0.05)


def location(db: Database) -> str:
    """Where the database is, as it may be printed: its file, or its server's URL without the password."""
    if db.store == "postgresql":
        from storage.postgres import safe_url

        return safe_url(db.url)
    return str(db.path)


def row_counts(db: Database) -> dict[str, int]:
    return {table: db.scalar(f"SELECT count(*) FROM {table}") for table in TABLES}


def is_empty(db: Database) -> bool:
    return not any(row_counts(db).values())


def backup(db: Database, target: Path) -> None:
    """A consistent copy of the whole database in a new file (which must not exist yet): a DuckDB
    file, or on PostgreSQL pg_dump's custom format (one transaction's snapshot)."""
    target = Path(target).resolve()
    if target.exists():
        raise FileExistsError(f"Plik {target} już istnieje.")
    writable_folder(target.parent, target)
    if db.store == "postgresql":
        _dump(db.url, target)
        return
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
    suffix = ".dump" if db.store == "postgresql" else ".duckdb"
    target = directory / f"jakosc-{now():%Y%m%d-%H%M%S}{suffix}"
    backup(db, target)
    for old in sorted(directory.glob(f"jakosc-*{suffix}"))[:-keep]:
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


RESTORE_WHILE_CONNECTED = (
    "Z bazą {where} pracują teraz inne procesy (połączenia: {count}) – zapewne działająca aplikacja. "
    "Przywrócenie kopii zastąpiłoby dane pod nimi: zalogowani użytkownicy straciliby sesje, a to, co "
    "zapisali od czasu kopii, przepadłoby. Zatrzymaj aplikację i uruchom jakosc restore ponownie "
    "albo użyj --force. Baza nie została zmieniona."
)


def restore_server(backup_file: Path, url: str, *, force: bool = False) -> Path | None:
    """Put a pg_dump backup in place of the PostgreSQL database at `url`, in one transaction
    (pg_restore --clean --single-transaction: all of it or nothing). Refused without `force` when
    the database holds data or other processes are connected to it; with `force`, the current
    data are first saved by backup() in the backup folder (returned).

    The data versions (analytics.cache) are not in a backup: they move on after the restore, so a
    running app process computes every figure anew instead of keeping the old data's."""
    from storage.postgres import PostgresDatabase, safe_url

    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise FileNotFoundError(f"Nie ma pliku kopii {backup_file}.")
    _check_dump(backup_file)
    others = _other_connections(url)  # before this process opens a pool of its own
    if others and not force:
        raise RestoreRefused(RESTORE_WHILE_CONNECTED.format(where=safe_url(url), count=others))
    db = PostgresDatabase(url)
    try:
        saved = None
        if not is_empty(db):
            if not force:
                raise RestoreRefused(
                    f"Baza {safe_url(url)} zawiera dane. Użyj --force, aby ją zastąpić (bieżące dane zostaną "
                    f"najpierw zapisane w katalogu kopii {backup_folder()})."
                )
            saved = backup_folder() / f"before-restore-{now():%Y%m%d-%H%M%S}.dump"
            backup(db, saved)
        arguments = ["--clean", "--if-exists", "--single-transaction", "--no-owner", "--no-privileges"]
        _run_tool("pg_restore", [*arguments, str(backup_file)], url)
    finally:
        db.close()
    restored = PostgresDatabase(url)  # migrates a backup of an older version
    try:
        restored.write(lambda cursor: None)  # every data version moves: no figure of the old data is kept
    finally:
        restored.close()
    return saved


def _other_connections(url: str) -> int:
    """How many sessions of other processes (app processes, commands) are connected to the database."""
    import psycopg

    from storage.postgres import CONNECT_TIMEOUT, unavailable_message

    try:
        with psycopg.connect(url, connect_timeout=max(1, int(CONNECT_TIMEOUT))) as connection:
            return connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            ).fetchone()[0]
    except psycopg.OperationalError as error:
        raise DatabaseUnavailableError(unavailable_message(url)) from error


def _dump(url: str, target: Path) -> None:
    """pg_dump of the whole database at `url` into `target`, owner-only. The data versions
    (sequences data_version_*) stay out: they count this server's changes, not the data."""
    try:
        _run_tool("pg_dump", ["--format=custom", "--exclude-table=data_version_*", f"--file={target}"], url)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    owner_only(target)


def _check_dump(path: Path) -> None:
    """pg_restore reads the file's table of contents (no server needed): a broken or foreign file
    is refused before anything changes."""
    postgres_tool("pg_restore")  # a missing program is said as such, not as a broken file
    try:
        contents = _run_tool("pg_restore", ["--list", str(path)])
    except ToolFailed as error:
        raise RestoreRefused(
            f"Plik {path} nie jest kopią bazy PostgreSQL zapisaną przez jakosc backup (pg_dump -Fc) "
            "albo jest uszkodzony. Baza nie została zmieniona."
        ) from error
    if " TABLE public schema_migrations " not in contents:
        raise RestoreRefused(f"Plik {path} nie jest kopią bazy Jakość Obsługi. Baza nie została zmieniona.")


def postgres_tool(name: str) -> str:
    """pg_dump or pg_restore: on PATH, else the newest of Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which(name) or max(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parent.parent.name),
        default=None,
    )
    if found is None:
        raise ToolFailed(
            f"Nie znaleziono programu {name}. Zainstaluj klienta PostgreSQL (w Debianie: "
            "apt-get install postgresql-client) w wersji co najmniej takiej jak serwer bazy."
        )
    return found


_REFUSED = ("connection to server", "could not connect")  # libpq: refused, unknown database, wrong password


def _run_tool(name: str, arguments: list[str], url: str | None = None) -> str:
    """Run pg_dump or pg_restore (on the database at `url`, its password in PGPASSWORD); its output,
    or ToolFailed / DatabaseUnavailableError with a Polish message."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from storage.postgres import CONNECT_TIMEOUT, unavailable_message

    # English messages from the tools, to tell a refused connection from a broken file.
    environment = {**os.environ, "LC_MESSAGES": "C", "LC_ALL": "C.UTF-8"}
    command = [postgres_tool(name), *arguments]
    if url is not None:
        parts = conninfo_to_dict(url)
        password = parts.pop("password", None)
        if password is not None:
            environment["PGPASSWORD"] = password
        environment["PGCONNECT_TIMEOUT"] = str(max(1, int(CONNECT_TIMEOUT)))
        command.append(f"--dbname={make_conninfo(**parts)}")
    result = subprocess.run(command, env=environment, capture_output=True, text=True, umask=0o077)
    if result.returncode == 0:
        return result.stdout
    said = result.stderr.strip()
    if url is not None and any(sign in said for sign in _REFUSED):
        raise DatabaseUnavailableError(unavailable_message(url))
    last = said.splitlines()[-1] if said else f"kod wyjścia {result.returncode}"
    raise ToolFailed(f"Program {name} zakończył się błędem: {last}")


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
