"""The audit log: who changed what shared data, with the state before and after."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

import duckdb

from storage.db import NO_FIGURES, Database, now


def _json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def record(
    cursor: duckdb.DuckDBPyConnection,
    actor: str,
    action: str,
    entity: str,
    entity_id: object | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append one entry inside the caller's transaction, so the change and its log commit together."""
    cursor.execute(
        "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            uuid.uuid4(),
            now(),
            actor,
            action,
            entity,
            None if entity_id is None else str(entity_id),
            _json(before),
            _json(after),
        ],
    )


def update_if_status(
    db: Database, table: str, entity: str, row_id, changes: dict, actor: str, *, status_was: str
) -> bool:
    """Change some columns (and updated_at) of the row of `table` that still has the status
    `status_was` (the one its changes were checked against), with one audit entry keeping them
    before and after. False when someone changed its status meanwhile: nothing is written. The
    table and column names come from the storage modules, never from input."""
    changes = {**changes, "updated_at": now()}

    def work(cursor) -> bool:
        cursor.execute(
            f"SELECT {', '.join(changes)} FROM {table} WHERE id = ? AND status = ?", [row_id, status_was]
        )
        row = cursor.fetchone()
        if row is None:
            return False
        before = dict(zip(changes, row, strict=True))
        assignments = ", ".join(f"{column} = ?" for column in changes)
        cursor.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*changes.values(), row_id])
        record(cursor, actor, "update", entity, row_id, before, changes)
        return True

    return db.write(work, changes=NO_FIGURES)


def seen_since(
    cursor: duckdb.DuckDBPyConnection,
    actor: str,
    action: str,
    entity: str,
    entity_id: object | None,
    after: dict[str, Any] | None,
    since,
) -> bool:
    """Whether the same entry (actor, action, subject and details) was recorded after `since`."""
    return (
        cursor.execute(
            "SELECT 1 FROM audit_log WHERE happened_at >= ? AND actor = ? AND action = ? AND entity = ? "
            "AND entity_id IS NOT DISTINCT FROM ? AND after IS NOT DISTINCT FROM ? LIMIT 1",
            [since, actor, action, entity, None if entity_id is None else str(entity_id), _json(after)],
        ).fetchone()
        is not None
    )


def distinct(db: Database, column: str) -> list[str]:
    """Every value of `column` ("action", "actor" or "entity") in the log, for the screen's filters."""
    if column not in ("action", "actor", "entity"):
        raise ValueError(column)
    return [row[0] for row in db.query(f"SELECT DISTINCT {column} FROM audit_log ORDER BY {column}")]


def _where(
    entity: str | None,
    entity_id: object | None,
    action: str | None,
    actor: str | None,
    start: date | None,
    end: date | None,
) -> tuple[str, list[Any]]:
    sql, params = " WHERE 1=1", []
    for column, value in (("entity", entity), ("action", action), ("actor", actor)):
        if value:
            sql += f" AND {column} = ?"
            params.append(value)
    if entity_id is not None:
        sql += " AND entity_id = ?"
        params.append(str(entity_id))
    if start is not None:
        sql += " AND happened_at >= ?"
        params.append(datetime.combine(start, time.min))
    if end is not None:  # the whole last day
        sql += " AND happened_at < ?"
        params.append(datetime.combine(end + timedelta(days=1), time.min))
    return sql, params


def entries(
    db: Database,
    *,
    entity: str | None = None,
    entity_id: object | None = None,
    action: str | None = None,
    actor: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 200,
    offset: int = 0,
):
    """Entries newest first, optionally of one object, kind of object, action, actor or period."""
    where, params = _where(entity, entity_id, action, actor, start, end)
    return db.query_dicts(
        "SELECT happened_at, actor, action, entity, entity_id, before, after FROM audit_log"
        f"{where} ORDER BY happened_at DESC, id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )


def count(
    db: Database,
    *,
    entity: str | None = None,
    action: str | None = None,
    actor: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> int:
    where, params = _where(entity, None, action, actor, start, end)
    return db.scalar(f"SELECT count(*) FROM audit_log{where}", params)


# What names each kind of object in the log, read from its table (aliased x) by id.
_OBJECTS = {
    "employee": "SELECT x.id::VARCHAR AS id, x.first_name, x.last_name FROM employees x",
    "department": "SELECT x.id::VARCHAR AS id, x.code, x.name FROM departments x",
    "user": "SELECT x.id::VARCHAR AS id, x.login, x.display_name FROM users x",
    "kiosk": "SELECT x.id::VARCHAR AS id, x.name FROM kiosks x",
    "observation": "SELECT x.id::VARCHAR AS id, x.observed_at, x.status, e.first_name, e.last_name, "
    "d.name AS department_name FROM observations x LEFT JOIN employees e ON e.id = x.employee_id "
    "LEFT JOIN departments d ON d.id = x.department_id",
    "conversation": "SELECT x.id::VARCHAR AS id, x.held_on, e.first_name, e.last_name FROM conversations x "
    "LEFT JOIN employees e ON e.id = x.employee_id",
    "client_rating": "SELECT x.id::VARCHAR AS id, x.created_at, d.name AS department_name FROM client_ratings x "
    "LEFT JOIN departments d ON d.id = x.department_id",
}


def objects(db: Database, kind: str, ids: set[str]) -> dict[str, dict]:
    """The rows of the objects of `kind` with these ids (as text) that still exist, by id."""
    keys = sorted(_uuids(ids))
    if kind not in _OBJECTS or not keys:
        return {}
    rows = db.query_dicts(f"{_OBJECTS[kind]} WHERE x.id IN (SELECT unnest(?::UUID[]))", [keys])
    return {row["id"]: row for row in rows}


def _uuids(ids: set[str]) -> set[str]:
    """The ids that are UUIDs (an entry of another kind may carry any text as its id)."""
    found = set()
    for text in ids:
        try:
            found.add(str(uuid.UUID(text)))
        except (TypeError, ValueError):
            continue
    return found


def created(db: Database, entity: str, ids: set[str]) -> dict[str, dict]:
    """What the log recorded when these objects were created (their names, for objects deleted since)."""
    if not ids:
        return {}
    rows = db.query(
        "SELECT entity_id, after FROM audit_log WHERE action = 'create' AND entity = ? "
        "AND entity_id IN (SELECT unnest(?::VARCHAR[])) AND after IS NOT NULL",
        [entity, sorted(ids)],
    )
    return {entity_id: json.loads(after) for entity_id, after in rows}
