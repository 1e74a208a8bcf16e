"""Bulk loading: many rows from pandas DataFrames in one statement per frame.

Used where rows come by the hundred thousand (the demo data generator); the app's own writes
go through the repositories row by row. A frame's columns are matched to the table's by
name, so a frame may leave out columns that have a default or may be NULL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from storage.db import Database

_TABLE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def insert_frame(db: Database, table: str, frame: pd.DataFrame) -> int:
    """Append the frame's rows to `table` in one transaction; returns the number of rows."""
    return insert_frames(db, [(table, frame)])[table]


def insert_frames(db: Database, frames: Iterable[tuple[str, pd.DataFrame]]) -> dict[str, int]:
    """Append every (table, frame) pair in one transaction: all rows or none.

    `frames` may be a generator, so frames are built one at a time while loading and
    memory holds one chunk, not the whole data set. Returns rows added per table.
    """
    added: dict[str, int] = {}
    with db.transaction() as cursor:
        for table, frame in frames:
            if not _TABLE_NAME.match(table):
                raise ValueError(f"invalid table name: {table!r}")
            db.insert_frame(cursor, table, frame)
            added[table] = added.get(table, 0) + len(frame)
    return added


def delete_rows(db: Database, deletions: Iterable[tuple[str, str | None, list | None]]) -> None:
    """Delete, in one transaction, per (table, column, values): the rows whose column is one of
    the values, or every row of the table when column is None."""
    with db.transaction() as cursor:
        for table, column, values in deletions:
            if not _TABLE_NAME.match(table) or (column is not None and not _TABLE_NAME.match(column)):
                raise ValueError(f"invalid table or column name: {table!r}, {column!r}")
            if column is None:
                cursor.execute(f"DELETE FROM {table}")
            elif values:
                # = ANY: PostgreSQL types the list by the column (unnest(?) of texts has no type there)
                cursor.execute(f"DELETE FROM {table} WHERE {column} = ANY(?)", [list(values)])
