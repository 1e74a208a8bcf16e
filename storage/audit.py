"""The audit log: who changed what shared data, with the state before and after."""

from __future__ import annotations

import json
import uuid
from typing import Any

import duckdb

from storage.db import Database, now


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


def actions(db: Database) -> list[str]:
    """Every kind of action in the log, for the audit screen's filter."""
    return [row[0] for row in db.query("SELECT DISTINCT action FROM audit_log ORDER BY action")]


def entries(
    db: Database,
    *,
    entity: str | None = None,
    entity_id: object | None = None,
    action: str | None = None,
    limit: int = 200,
):
    sql = "SELECT happened_at, actor, action, entity, entity_id, before, after FROM audit_log WHERE 1=1"
    params: list[Any] = []
    if entity:
        sql += " AND entity = ?"
        params.append(entity)
    if entity_id is not None:
        sql += " AND entity_id = ?"
        params.append(str(entity_id))
    if action:
        sql += " AND action = ?"
        params.append(action)
    sql += " ORDER BY happened_at DESC LIMIT ?"
    params.append(limit)
    return db.query_dicts(sql, params)
