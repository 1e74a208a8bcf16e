"""The database: which store (the embedded DuckDB file by default, or a PostgreSQL server named by
JAKOSC_DATABASE_URL: storage.postgres), transactions, retries, data versions, migrations.

On DuckDB one process owns the file. It keeps one connection and hands out a cursor per call, because
a DuckDB connection must not be shared across threads. Writes run in short transactions that
are retried when DuckDB reports a conflict with a concurrent writer.

Every committed write advances the data versions it declares (`changes`): the dashboard keeps
its results until the version of the data they read moves (analytics.cache). A write that
declares nothing advances every version, so a new kind of write can never leave a stale figure.
"""

from __future__ import annotations

import itertools
import os
import stat
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import duckdb

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PATH = PROJECT_DIR / "data" / "jakosc.duckdb"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
OFFICE_TZ = ZoneInfo("Europe/Warsaw")

T = TypeVar("T")

# What a write changes, for the versions of Database.data_version. Client ratings (the kiosk's
# taps and sends, moderation) arrive every few seconds in office hours: they must not throw away
# the observation figures, which change a few times an hour.
RATINGS, OBSERVATIONS = "ratings", "observations"
EVERYTHING: None = None  # the default: any figure may have changed
NO_FIGURES: tuple[str, ...] = ()  # sessions, sign-in attempts, audit entries, drafts: in no figure
_identities = itertools.count(1)


class DatabaseLockedError(RuntimeError):
    """Another process already has the database file open."""


class DatabaseUnavailableError(RuntimeError):
    """The database server cannot be reached (PostgreSQL down, a wrong address): a Polish message."""


def database_path() -> Path:
    """The file the app and the CLI use: $JAKOSC_DB, or data/jakosc.duckdb."""
    return Path(os.environ.get("JAKOSC_DB") or DEFAULT_PATH)


def database_url() -> str | None:
    """$JAKOSC_DATABASE_URL (postgresql://user:password@host:port/name) when set: the server store."""
    url = os.environ.get("JAKOSC_DATABASE_URL", "").strip()
    if url and url.split("://", 1)[0] not in ("postgresql", "postgres"):
        raise DatabaseUnavailableError(
            "Zmienna JAKOSC_DATABASE_URL musi być adresem bazy PostgreSQL "
            "(postgresql://użytkownik:hasło@host:port/nazwa_bazy) albo pusta (plik DuckDB)."
        )
    return url or None


def open_database() -> Database:
    """The configured store, opened and migrated: PostgreSQL when JAKOSC_DATABASE_URL is set,
    else the DuckDB file of database_path()."""
    url = database_url()
    if url:
        from storage.postgres import PostgresDatabase  # psycopg only where PostgreSQL is used

        return PostgresDatabase(url)
    return Database(database_path())


def now() -> datetime:
    """Current local office time, naive, to the microsecond (how timestamps are stored)."""
    return datetime.now(OFFICE_TZ).replace(tzinfo=None)


def owner_only(path: Path) -> None:
    """Take group and other access away from a file or folder this user owns (0600, 0700): it
    holds personal data. Shared folders are left as they are: sticky ones such as /tmp, and every
    folder when running as root, which owns system folders such as /var/lib."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    if info.st_uid != os.getuid():
        return
    if stat.S_ISDIR(info.st_mode) and (os.getuid() == 0 or info.st_mode & stat.S_ISVTX):
        return
    if info.st_mode & 0o077:
        path.chmod(stat.S_IMODE(info.st_mode) & 0o700)


def private_folder(folder: Path) -> Path:
    """`folder`, created when missing, accessible to this user only."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    owner_only(folder)
    return folder


class Database:
    """An open database file with its schema migrated to the newest version.

    The file, its write-ahead log and its folder are made owner-only on every open, also when an
    older version or a looser umask created them readable by others."""

    store = "duckdb"  # storage.dialect.DUCKDB; storage.postgres.PostgresDatabase says "postgresql"

    def __init__(self, path: Path | str, *, retries: int = 8):
        self.path = Path(path)
        self.retries = retries
        on_disk = str(path) != ":memory:"
        if on_disk:
            private_folder(self.path.parent)
        try:
            self._connection = duckdb.connect(str(path))
        except duckdb.IOException as error:
            if "lock" in str(error).lower():
                raise DatabaseLockedError(
                    f"Baza danych {path} jest już otwarta przez inny proces aplikacji. "
                    "Zatrzymaj tamten proces albo wskaż inny plik zmienną JAKOSC_DB."
                ) from error
            raise
        self._lock = threading.Lock()
        self.identity = self.new_identity()
        self._versions: Counter[str | None] = Counter()
        migrate(self)
        if on_disk:
            for file in (self.path, self.path.with_name(self.path.name + ".wal")):
                owner_only(file)

    @staticmethod
    def new_identity() -> int:
        """Distinct for every database opened by this process (the results cache's key)."""
        return next(_identities)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self._connection.cursor()

    def close(self) -> None:
        self._connection.close()

    def data_version(self, *kinds: str) -> tuple[int, ...]:
        """How often the data of `kinds` (RATINGS, OBSERVATIONS) changed since the database was
        opened, writes of every kind included: equal versions, equal figures.

        >>> db = Database(":memory:")
        >>> before = db.data_version(OBSERVATIONS)
        >>> db.write(lambda cursor: None, changes=(RATINGS,))
        >>> db.data_version(OBSERVATIONS) == before, db.data_version(RATINGS) == before
        (True, False)
        """
        return (self._versions[EVERYTHING], *(self._versions[kind] for kind in kinds))

    def _changed(self, changes: Collection[str] | None) -> None:
        with self._lock:
            for kind in [EVERYTHING] if changes is EVERYTHING else changes:
                self._versions[kind] += 1

    @contextmanager
    def exclusive(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection itself, while no new cursor is handed out (cursors already open run on):
        for maintenance that must swap the file under the app's one connection (every figure
        may change)."""
        try:
            with self._lock:
                yield self._connection
        finally:
            self._changed(EVERYTHING)

    @contextmanager
    def transaction(
        self, *, changes: Collection[str] | None = EVERYTHING
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """One short transaction on its own cursor: committed on success, rolled back on error.
        A commit advances the data versions of `changes` (module docstring)."""
        cursor = self.cursor()
        try:
            cursor.begin()
            try:
                yield cursor
            except BaseException:
                cursor.rollback()
                raise
            cursor.commit()
        finally:
            cursor.close()
        self._changed(changes)

    def write(
        self,
        work: Callable[[duckdb.DuckDBPyConnection], T],
        *,
        changes: Collection[str] | None = EVERYTHING,
        keyed_by_caller: bool = False,
    ) -> T:
        """Run `work` in a transaction, retrying it when a concurrent writer conflicts.

        `keyed_by_caller`: `work` inserts a row under a key the client chose (a visit's id, a
        request's id) after looking it up. The same key sent twice at once (a double tap, two
        tabs) meets the other insert's key before that one commits, which DuckDB reports as a
        duplicate key, not as a conflict: tried again, `work` finds the row. A duplicate that
        persists is raised after the retries."""
        conflicts = self.retryable(keyed_by_caller)
        for attempt in range(self.retries + 1):
            try:
                with self.transaction(changes=changes) as cursor:
                    return work(cursor)
            except conflicts:
                if attempt == self.retries:
                    raise
                time.sleep(0.005 * 2**attempt)
        raise AssertionError("unreachable")

    def retryable(self, keyed_by_caller: bool) -> tuple[type[BaseException], ...]:
        """The errors after which Database.write tries its work again (see write)."""
        if keyed_by_caller:
            return (duckdb.TransactionException, duckdb.ConstraintException)
        return (duckdb.TransactionException,)

    def insert_frame(self, cursor, table: str, frame) -> None:
        """Append a pandas frame's rows to `table`, columns matched by name (storage.bulk)."""
        cursor.register("bulk_frame", frame)
        try:
            cursor.execute(f"INSERT INTO {table} BY NAME SELECT * FROM bulk_frame")
        finally:
            cursor.unregister("bulk_frame")

    def query(self, sql: str, params: list | tuple | dict | None = None) -> list[tuple]:
        cursor = self.cursor()
        try:
            return cursor.execute(sql, params).fetchall()
        finally:
            cursor.close()

    def query_dicts(self, sql: str, params: list | tuple | dict | None = None) -> list[dict]:
        cursor = self.cursor()
        try:
            return dict_rows(cursor.execute(sql, params))
        finally:
            cursor.close()

    def scalar(self, sql: str, params: list | tuple | dict | None = None):
        rows = self.query(sql, params)
        return rows[0][0] if rows else None


def dict_rows(result: duckdb.DuckDBPyConnection) -> list[dict]:
    """The rows of an executed query as {column: value} dicts (Database.query_dicts, or a
    repository reading inside the caller's transaction)."""
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def migrations() -> list[tuple[int, Path]]:
    """Numbered migration files, in order: NNN_name.sql."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        number = int(path.name.split("_", 1)[0])
        found.append((number, path))
    return found


def migrate(db: Database) -> list[int]:
    """Apply every migration newer than the database's version; return those applied."""
    cursor = db.cursor()
    try:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )
        done = {row[0] for row in cursor.execute("SELECT version FROM schema_migrations").fetchall()}
    finally:
        cursor.close()
    applied = []
    for number, path in migrations():
        if number in done:
            continue
        with db.transaction() as tx:
            tx.execute(path.read_text(encoding="utf-8"))
            tx.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [number, path.name, now()])
        applied.append(number)
    return applied


_shared: dict[Path | str, Database] = {}
_shared_lock = threading.Lock()


def shared_database() -> Database:
    """The process-wide database of the configured store, opened (and migrated) once."""
    key = database_url() or database_path().resolve()
    with _shared_lock:
        if key not in _shared:
            _shared[key] = open_database()
        return _shared[key]
