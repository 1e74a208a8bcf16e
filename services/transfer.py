"""Moving a whole database between the stores (`jakosc przenies --z … --do …`): the DuckDB file
to a PostgreSQL server, back, or between two of either.

Both ends are opened as the app opens them (each is migrated to this version's schema) and must
then have the same migrations applied: a store migrated by a newer version of the app is refused.
Every table but schema_migrations is copied, parents before the tables whose foreign keys point
at them, in chunks of CHUNK rows ordered by the primary key (memory holds one chunk), from one
snapshot of the source into one transaction on the target. Before that transaction commits, the
row count of every table and the dashboard's headline figures (the last 12 months and the 12
before, all departments) are compared with the source's: any difference rolls the copy back.
The target must hold no rows unless `force`; then its rows are deleted in the same transaction.

This is store-level work (bulk loading through Database.insert_frame: DuckDB's frame scan or
PostgreSQL's COPY), so it reads the catalog itself, in SQL both engines accept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from graphlib import TopologicalSorter
from pathlib import Path

import pandas as pd

from analytics.filters import Filters
from analytics.headline import Figure, headline_figures
from analytics.queries import Scope
from checklists.loading import load_checklists
from storage.db import Database, now

CHUNK = 50_000
MIGRATIONS = "schema_migrations"

_TABLES = (
    "SELECT table_name FROM information_schema.tables "
    "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
)
_PRIMARY_KEYS = (
    "SELECT k.table_name, k.column_name FROM information_schema.table_constraints c "
    "JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name "
    "AND k.constraint_schema = c.constraint_schema AND k.table_name = c.table_name "
    "WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema() "
    "ORDER BY k.table_name, k.ordinal_position"
)
_FOREIGN_KEYS = (
    "SELECT child.table_name, parent.table_name FROM information_schema.referential_constraints r "
    "JOIN information_schema.table_constraints child ON child.constraint_name = r.constraint_name "
    "AND child.constraint_schema = r.constraint_schema "
    "JOIN information_schema.table_constraints parent ON parent.constraint_name = r.unique_constraint_name "
    "AND parent.constraint_schema = r.unique_constraint_schema "
    "WHERE child.table_schema = current_schema()"
)


class MoveRefused(RuntimeError):
    """The move was not made (or was rolled back): a Polish message saying why."""


@dataclass(frozen=True)
class MoveResult:
    rows: dict[str, int]  # rows copied per table, in the order they were copied
    figures: dict[str, Figure]  # the headline figures, equal on both stores
    start: date
    end: date


def is_server_address(spec: str) -> bool:
    return spec.split("://", 1)[0] in ("postgresql", "postgres")


def open_store(spec: str) -> Database:
    """The database `spec` names: a postgresql:// URL, or the path of a DuckDB file."""
    if is_server_address(spec):
        from storage.postgres import PostgresDatabase

        return PostgresDatabase(spec)
    if "://" in spec:
        raise MoveRefused(
            f"Nieznany rodzaj adresu „{spec.split('://', 1)[0]}://”: podaj ścieżkę pliku bazy DuckDB "
            "albo adres postgresql://użytkownik:hasło@host:port/nazwa_bazy."
        )
    return Database(Path(spec))


def describe(spec: str) -> str:
    """`spec` as it may be printed: a URL without its password."""
    if is_server_address(spec):
        from storage.postgres import safe_url

        return safe_url(spec)
    return str(Path(spec).resolve())


def move(source: Database, target: Database, *, force: bool = False) -> MoveResult:
    """Copy every row of `source` into `target` and verify it (module docstring)."""
    versions = [_migrations(db) for db in (source, target)]
    if versions[0] != versions[1]:
        raise MoveRefused(
            f"Bazy mają różne wersje schematu (migracje źródła: {_listed(versions[0])}; celu: "
            f"{_listed(versions[1])}). Uruchom na obu tę samą wersję aplikacji (jakosc init). "
            "Nic nie zostało skopiowane."
        )
    tables = _copy_order(source)
    if set(tables) != set(_copy_order(target)):
        raise MoveRefused("Bazy mają różne tabele mimo tych samych migracji. Nic nie zostało skopiowane.")
    keys = _primary_keys(source)
    end = now().date()
    scope = Scope(Filters(start=end - timedelta(days=364), end=end), None)
    version = load_checklists().version

    reader = source.cursor()
    try:
        reader.begin()  # one snapshot of the source for every table, its counts and figures
        with target.transaction() as writer:
            held = {table: _count(writer, table) for table in tables}
            if any(held.values()) and not force:
                filled = ", ".join(f"{table}: {count}" for table, count in held.items() if count)
                raise MoveRefused(
                    f"Baza docelowa zawiera dane ({filled}). Przenosić można tylko do pustej bazy; "
                    "użyj --force, aby zastąpić jej dane. Nic nie zostało skopiowane."
                )
            for table in reversed(tables):
                writer.execute(f"DELETE FROM {table}")
            for table in tables:
                _copy_table(reader, writer, target, table, keys[table])
            rows = {table: _count(reader, table) for table in tables}
            copied = {table: _count(writer, table) for table in tables}
            _same("Liczby wierszy", rows, copied)
            figures = headline_figures(_InTransaction(reader), scope, version)
            _same("Wskaźniki pulpitu", figures, headline_figures(_InTransaction(writer), scope, version))
    finally:
        reader.rollback()
        reader.close()
    return MoveResult(rows, figures, scope.filters.start, end)


def _copy_table(reader, writer, target: Database, table: str, key: list[str]) -> None:
    order = ", ".join(key)
    offset = 0
    while True:
        # Chunks by primary key within one snapshot: each row exactly once, one chunk in memory.
        result = reader.execute(f"SELECT * FROM {table} ORDER BY {order} LIMIT {CHUNK} OFFSET {offset}")
        names = [column[0] for column in result.description]
        chunk = result.fetchall()
        if not chunk:
            return
        # object columns keep each value as the driver gave it (no int → float for a NULL)
        target.insert_frame(writer, table, pd.DataFrame(chunk, columns=names, dtype=object))
        offset += len(chunk)


def _same(what: str, source: dict, target: dict) -> None:
    differing = [key for key in source if source[key] != target.get(key)]
    if differing:
        details = "; ".join(f"{key}: źródło {source[key]}, cel {target.get(key)}" for key in differing)
        raise MoveRefused(f"{what} różnią się po skopiowaniu ({details}). Przeniesienie wycofane.")


def _count(cursor, table: str) -> int:
    return cursor.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _migrations(db: Database) -> list[int]:
    return [version for (version,) in db.query(f"SELECT version FROM {MIGRATIONS} ORDER BY version")]


def _listed(versions: list[int]) -> str:
    return ", ".join(map(str, versions)) or "brak"


def _primary_keys(db: Database) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for table, column in db.query(_PRIMARY_KEYS):
        keys.setdefault(table, []).append(column)
    return keys


def _copy_order(db: Database) -> list[str]:
    """The tables to copy, each after the tables its foreign keys point at."""
    graph: dict[str, set[str]] = {table: set() for (table,) in db.query(_TABLES) if table != MIGRATIONS}
    for child, parent in db.query(_FOREIGN_KEYS):
        if child != parent and child in graph:
            graph[child].add(parent)
    return list(TopologicalSorter(graph).static_order())


class _InTransaction:
    """A database as one open transaction sees it: the headline figures read through its cursor,
    so the copy is checked before it commits."""

    def __init__(self, cursor):
        self._cursor = cursor

    def cursor(self) -> _Kept:
        return _Kept(self._cursor)

    query = Database.query
    query_dicts = Database.query_dicts
    scalar = Database.scalar


class _Kept:
    """The transaction's cursor, which a reader's close() must not end."""

    def __init__(self, cursor):
        self._cursor = cursor

    def __getattr__(self, name: str):
        return getattr(self._cursor, name)

    def close(self) -> None:
        """The transaction closes it."""
