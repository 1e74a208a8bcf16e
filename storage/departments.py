"""Departments (komórki organizacyjne)."""

from __future__ import annotations

import uuid

from storage import audit
from storage.db import Database, now

COLUMNS = "id, code, name, active, created_at"


def list_departments(db: Database, *, active_only: bool = False, ids: list | None = None) -> list[dict]:
    sql = f"SELECT {COLUMNS} FROM departments WHERE 1=1"
    params: list = []
    if active_only:
        sql += " AND active"
    if ids is not None:
        if not ids:
            return []
        sql += f" AND id IN ({', '.join('?' for _ in ids)})"
        params.extend(ids)
    return db.query_dicts(sql + " ORDER BY name", params)


def get_department(db: Database, department_id) -> dict | None:
    rows = db.query_dicts(f"SELECT {COLUMNS} FROM departments WHERE id = ?", [department_id])
    return rows[0] if rows else None


def get_by_code(db: Database, code: str) -> dict | None:
    rows = db.query_dicts(f"SELECT {COLUMNS} FROM departments WHERE code = ?", [code])
    return rows[0] if rows else None


def add_department(db: Database, code: str, name: str, actor: str) -> uuid.UUID:
    department_id = uuid.uuid4()

    def work(cursor):
        cursor.execute(
            "INSERT INTO departments VALUES (?, ?, ?, TRUE, ?)", [department_id, code, name, now()]
        )
        audit.record(cursor, actor, "create", "department", department_id, None, {"code": code, "name": name})

    db.write(work)
    return department_id


def update_department(db: Database, department_id, *, name: str, active: bool, actor: str) -> None:
    before = get_department(db, department_id)

    def work(cursor):
        cursor.execute(
            "UPDATE departments SET name = ?, active = ? WHERE id = ?", [name, active, department_id]
        )
        audit.record(
            cursor,
            actor,
            "update",
            "department",
            department_id,
            {"name": before["name"], "active": before["active"]},
            {"name": name, "active": active},
        )

    db.write(work)
