"""The PostgreSQL store, selected by JAKOSC_DATABASE_URL=postgresql://…: several app processes
(on one or more machines) and every `jakosc` command share one database server.

The rest of the app does not know which store it talks to: `PostgresDatabase` keeps the
interface of storage.db.Database, and its cursors the part of DuckDB's cursor interface the
repositories use (execute, fetchone, fetchall, description, df, begin/commit/rollback, close).
Statements are written in DuckDB's SQL and translated by storage.dialect.

Connections come from a psycopg pool, checked before each use, so a restarted server costs the
sessions nothing but a new connection. Write transactions run at REPEATABLE READ, the snapshot
isolation DuckDB gives: a concurrent update of the same row fails with a serialization error and
Database.write tries the work again, exactly as on DuckDB.

Data versions (analytics.cache) must move for every process, not only the writer: they are
PostgreSQL sequences, advanced after each commit (never inside the transaction: a reader could
otherwise see the new version before the data and keep an old figure under it).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from contextlib import contextmanager

import pandas as pd
import psycopg
import psycopg_pool
import pyarrow as pa
from psycopg import errors, sql
from psycopg.adapt import Loader

from storage import dialect
from storage.db import EVERYTHING, OBSERVATIONS, RATINGS, Database, DatabaseUnavailableError, migrate

POOL_SIZE = int(os.environ.get("JAKOSC_DB_POOL_SIZE", "20"))
CONNECT_TIMEOUT = float(os.environ.get("JAKOSC_DB_CONNECT_TIMEOUT", "10"))
# s a statement waits for a lock another session holds (a transaction left open in psql, a
# restore, retention's VACUUM FULL) before it gives up with BUSY, instead of waiting for ever.
LOCK_TIMEOUT = float(os.environ.get("JAKOSC_DB_LOCK_TIMEOUT", "30"))
BUSY = (
    "Baza danych jest zajęta przez inną operację (np. przywracanie kopii, porządkowanie danych "
    "osobowych albo otwartą transakcję administratora). Spróbuj ponownie za chwilę."
)
MIGRATION_LOCK = 74_658_021  # pg_advisory_lock key: one process migrates, the others wait
_VERSION_SEQUENCES = {EVERYTHING: "data_version_all", RATINGS: "data_version_ratings"}
_VERSION_SEQUENCES[OBSERVATIONS] = "data_version_observations"


def safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        parts = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "(nieczytelny adres)"
    host, port, name = parts.get("host", "localhost"), parts.get("port", "5432"), parts.get("dbname", "")
    return f"postgresql://{parts.get('user', '')}@{host}:{port}/{name}"


class _NumericLoader(Loader):
    """numeric as DuckDB gives it: a whole number as int (sum of integers), else float (avg)."""

    def load(self, data) -> int | float:
        text = bytes(data).decode()
        return float(text) if any(mark in text for mark in ".eEN") else int(text)


def _configure(connection: psycopg.Connection) -> None:
    connection.adapters.register_loader("numeric", _NumericLoader)
    # The office's clock: timestamps are stored naive in office time (storage.db.now).
    connection.execute("SET TIME ZONE 'Europe/Warsaw'")
    connection.execute(
        sql.SQL("SET lock_timeout = {}").format(sql.Literal(f"{round(LOCK_TIMEOUT * 1000)}ms"))
    )


def _take(pool: psycopg_pool.ConnectionPool) -> psycopg.Connection:
    """A connection from the pool; none free within the pool's timeout: the Polish message."""
    try:
        return pool.getconn()
    except psycopg_pool.PoolTimeout as error:
        raise DatabaseUnavailableError(unavailable_message(pool.conninfo)) from error


@contextmanager
def _borrowed(pool: psycopg_pool.ConnectionPool) -> Iterator[psycopg.Connection]:
    """A connection for a few statements of the store itself (data versions, the migration lock)."""
    connection = _take(pool)
    try:
        yield connection
    finally:
        pool.putconn(connection)


@contextmanager
def _busy_said_in_polish() -> Iterator[None]:
    """A lock not granted within LOCK_TIMEOUT: DatabaseUnavailableError(BUSY), which the pages
    show as an outage (wait, then retry) and the commands print."""
    try:
        yield
    except errors.LockNotAvailable as error:
        raise DatabaseUnavailableError(BUSY) from error


class PostgresCursor:
    """One pooled connection for as long as the cursor is open (a transaction, or a few reads)."""

    def __init__(self, pool: psycopg_pool.ConnectionPool):
        self._pool = pool
        self.connection = _take(pool)
        self._cursor = self.connection.cursor()
        self._counted: list[tuple] | None = None  # see _count_rows
        self._registered: list[str] = []

    @property
    def description(self):
        return self._cursor.description

    def execute(self, query: str, params: list | tuple | dict | None = None) -> PostgresCursor:
        statements = dialect.postgres(query)
        with _busy_said_in_polish():
            for statement in statements[:-1]:  # a migration file: several statements, no parameters
                self._cursor.execute(statement, ())
            # Parameters always given, also when empty: psycopg then reads `%%` as `%`.
            self._cursor.execute(statements[-1], params if params is not None else ())
        self._count_rows()
        return self

    def executemany(self, query: str, rows) -> PostgresCursor:
        (statement,) = dialect.postgres(query)
        with _busy_said_in_polish():
            self._cursor.executemany(statement, rows)
        self._count_rows()
        return self

    def _count_rows(self) -> None:
        """DuckDB answers an INSERT, UPDATE or DELETE without RETURNING with one row, the number
        of rows it changed (a statement such as CREATE with none): the same rows here."""
        self._counted = None
        if self._cursor.description is None:
            self._counted = [(self._cursor.rowcount,)] if self._cursor.rowcount >= 0 else []

    def fetchone(self):
        if self._counted is not None:
            return self._counted.pop(0) if self._counted else None
        return self._cursor.fetchone()

    def fetchall(self) -> list[tuple]:
        if self._counted is not None:
            rows, self._counted = self._counted, []
            return rows
        return self._cursor.fetchall()

    def fetchmany(self, size: int) -> list[tuple]:
        if self._counted is not None:
            rows, self._counted = self._counted[:size], self._counted[size:]
            return rows
        return self._cursor.fetchmany(size)

    def df(self) -> pd.DataFrame:
        """The rows as DuckDB's df() gives them: columns typed by the SQL type (see _frame_type)."""
        description = self._cursor.description
        rows = self._cursor.fetchall()
        frame = pd.DataFrame.from_records(rows, columns=[column.name for column in description])
        for position, column in enumerate(description):
            info = self.connection.adapters.types.get(column.type_code)
            values = frame.iloc[:, position]
            dtype = _frame_type(info.name if info else "", values.isna().any())
            if dtype is not None:
                frame[frame.columns[position]] = values.astype(dtype)
            elif info is not None and info.name == "uuid":  # DuckDB: a missing UUID is pd.NA
                frame[frame.columns[position]] = values.astype(object).where(values.notna(), pd.NA)
        return frame

    def begin(self) -> None:
        self._cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")

    def commit(self) -> None:
        self._cursor.execute("COMMIT")

    def rollback(self) -> None:
        if self.connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            self._cursor.execute("ROLLBACK")

    def copy_frame(self, table: str, frame: pd.DataFrame) -> None:
        """Append a frame's rows to `table` by column name with COPY (bulk loading)."""
        columns = sql.SQL(", ").join(sql.Identifier(column) for column in frame.columns)
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), columns)
        with self._cursor.copy(statement) as copy:
            for row in frame.itertuples(index=False, name=None):
                copy.write_row([None if _missing(value) else value for value in row])

    def register(self, name: str, frame: pd.DataFrame) -> None:
        """DuckDB's `register` (a frame as a table for this cursor's statements): a TEMP table of
        this connection filled by COPY, dropped when the cursor closes (the connection is pooled)."""
        columns = sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(column), sql.SQL(_column_type(frame[column])))
            for column in frame.columns
        )
        self._cursor.execute(sql.SQL("CREATE TEMP TABLE {} ({})").format(sql.Identifier(name), columns))
        self._registered.append(name)
        self.copy_frame(name, frame)

    def sql(self, query: str, params: list | tuple | None = None) -> _ArrowQuery:
        """DuckDB's `sql(...)` for the one use the export makes of it: `.to_arrow_reader(rows)`."""
        return _ArrowQuery(self.connection, query, params)

    def close(self) -> None:
        try:
            if not self.connection.closed:
                self.rollback()  # before closing the cursor it runs on
                for name in self._registered:
                    drop = sql.SQL("DROP TABLE IF EXISTS pg_temp.{}").format(sql.Identifier(name))
                    self.connection.execute(drop)
            self._cursor.close()
        except psycopg.Error:
            pass  # a broken connection: the pool checks and replaces it
        finally:
            self._pool.putconn(self.connection)


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str | bytes | list | tuple) and pd.isna(value))


_INTEGERS = {"int2": "int16", "int4": "int32", "int8": "int64"}
_FLOATS = {"float4": "float32", "float8": "float64", "numeric": "float64"}  # DuckDB: DECIMAL, HUGEINT


def _frame_type(type_name: str, has_nulls: bool) -> str | None:
    """The pandas dtype DuckDB's df() gives a column of this PostgreSQL type (None: as inferred,
    text, UUID, JSON and lists): integers as int32/int64, as Int32/Int64 with NULLs; numeric as
    float64; dates and timestamps as datetime64[us]; booleans as bool, as boolean with NULLs."""
    if type_name in _INTEGERS:
        return _INTEGERS[type_name].capitalize() if has_nulls else _INTEGERS[type_name]
    if type_name in _FLOATS:
        return _FLOATS[type_name]
    if type_name in ("date", "timestamp"):
        return "datetime64[us]"
    if type_name == "bool":
        return "boolean" if has_nulls else "bool"
    return None


def _column_type(column: pd.Series) -> str:
    """The PostgreSQL type of a registered frame's column (PostgresCursor.register)."""
    if pd.api.types.is_bool_dtype(column):
        return "BOOLEAN"
    if pd.api.types.is_integer_dtype(column):
        return "BIGINT"
    if pd.api.types.is_float_dtype(column):
        return "DOUBLE PRECISION"
    if pd.api.types.is_datetime64_any_dtype(column):
        return "TIMESTAMP"
    return "TEXT"


class _ArrowQuery:
    """A query whose rows are read in Arrow record batches from a server-side cursor: the
    server keeps the result, Python holds one batch (as DuckDB's to_arrow_reader)."""

    def __init__(self, connection: psycopg.Connection, query: str, params):
        self._connection, self._query, self._params = connection, query, params

    def to_arrow_reader(self, rows: int) -> Iterator[pa.RecordBatch]:
        (statement,) = dialect.postgres(self._query)
        # A server-side cursor lives in a transaction.
        with self._connection.transaction(), self._connection.cursor(name="jakosc_arrow_reader") as cursor:
            cursor.execute(statement, self._params if self._params is not None else ())
            names = [column.name for column in cursor.description]
            while batch := cursor.fetchmany(rows):
                arrays = [pa.array(values) for values in zip(*batch, strict=True)]
                yield pa.RecordBatch.from_arrays(arrays, names=names)


def unavailable_message(url: str) -> str:
    return (
        f"Nie można połączyć się z bazą danych PostgreSQL {safe_url(url)}. Sprawdź, czy serwer bazy "
        "działa i czy adres w zmiennej JAKOSC_DATABASE_URL (host, port, nazwa bazy, użytkownik, hasło) "
        "jest poprawny."
    )


class PostgresDatabase(Database):
    """The database on a PostgreSQL server, with its schema migrated to the newest version."""

    store = dialect.POSTGRESQL

    def __init__(self, url: str, *, retries: int = 8):  # not super().__init__: it opens a DuckDB file
        self.url = url
        self.path = None
        self.retries = retries
        self._pool = psycopg_pool.ConnectionPool(
            url,
            min_size=1,
            max_size=POOL_SIZE,
            kwargs={"autocommit": True, "connect_timeout": max(1, int(CONNECT_TIMEOUT))},
            configure=_configure,
            check=psycopg_pool.ConnectionPool.check_connection,
            timeout=CONNECT_TIMEOUT,
            # A server that stays down: the pool's retries back off (1, 2, 4 … s) up to this, then
            # stop; the next request tries at once. With psycopg's 5 minutes a server back up
            # after a minute's outage would wait up to a minute more for its first connection.
            reconnect_timeout=CONNECT_TIMEOUT,
            open=False,
            name="jakosc",
        )
        try:
            self._pool.open(wait=True, timeout=CONNECT_TIMEOUT)
        except (psycopg_pool.PoolTimeout, psycopg.Error) as error:
            self._pool.close()
            raise DatabaseUnavailableError(unavailable_message(url)) from error
        self.identity = Database.new_identity()
        with self._migration_lock():
            migrate(self)

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """Two processes starting at once: one migrates, the other waits and finds nothing to do."""
        with _borrowed(self._pool) as connection:
            connection.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
            try:
                for sequence in _VERSION_SEQUENCES.values():
                    connection.execute(
                        sql.SQL("CREATE SEQUENCE IF NOT EXISTS {}").format(sql.Identifier(sequence))
                    )
                yield
            finally:
                connection.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))

    def cursor(self) -> PostgresCursor:
        return PostgresCursor(self._pool)

    def close(self) -> None:
        self._pool.close()

    def retryable(self, keyed_by_caller: bool) -> tuple[type[BaseException], ...]:
        conflicts = (errors.SerializationFailure, errors.DeadlockDetected)
        return (*conflicts, errors.UniqueViolation) if keyed_by_caller else conflicts

    def data_version(self, *kinds: str) -> tuple[int, ...]:
        names = [_VERSION_SEQUENCES[EVERYTHING], *(_VERSION_SEQUENCES[kind] for kind in kinds)]
        select = sql.SQL(", ").join(
            # A sequence never advanced shows last_value 1, as after its first nextval: count it 0.
            sql.SQL("(SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {})").format(
                sql.Identifier(n)
            )
            for n in names
        )
        with _borrowed(self._pool) as connection:
            return tuple(connection.execute(sql.SQL("SELECT ") + select).fetchone())

    def _changed(self, changes: Collection[str] | None) -> None:
        kinds = [EVERYTHING] if changes is EVERYTHING else list(changes)
        if not kinds:
            return
        advance = sql.SQL(", ").join(
            sql.SQL("nextval({})").format(sql.Literal(_VERSION_SEQUENCES[k])) for k in kinds
        )
        with _borrowed(self._pool) as connection:
            connection.execute(sql.SQL("SELECT ") + advance)

    def insert_frame(self, cursor: PostgresCursor, table: str, frame: pd.DataFrame) -> None:
        cursor.copy_frame(table, frame)

    @contextmanager
    def exclusive(self):
        raise NotImplementedError("PostgreSQL: the server manages its own files (no file rewrite)")
