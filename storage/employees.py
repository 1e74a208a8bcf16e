"""Employees (pracownicy) of the departments."""

from __future__ import annotations

import uuid

from storage import audit
from storage.db import Database, now

COLUMNS = "e.id, e.department_id, e.first_name, e.last_name, e.position, e.email, e.active, e.anonymised"


def list_employees(
    db: Database, *, department_ids: list | None = None, active_only: bool = True
) -> list[dict]:
    sql = f"SELECT {COLUMNS}, d.name AS department_name FROM employees e JOIN departments d ON d.id = e.department_id WHERE 1=1"
    params: list = []
    if active_only:
        sql += " AND e.active"
    if department_ids is not None:
        if not department_ids:
            return []
        sql += f" AND e.department_id IN ({', '.join('?' for _ in department_ids)})"
        params.extend(department_ids)
    return db.query_dicts(sql + " ORDER BY e.last_name, e.first_name", params)


def get_employee(db: Database, employee_id) -> dict | None:
    rows = db.query_dicts(f"SELECT {COLUMNS} FROM employees e WHERE e.id = ?", [employee_id])
    return rows[0] if rows else None


def find_employee(db: Database, department_id, first_name: str, last_name: str) -> dict | None:
    rows = db.query_dicts(
        f"SELECT {COLUMNS} FROM employees e WHERE e.department_id = ? "
        "AND lower(e.first_name) = lower(?) AND lower(e.last_name) = lower(?)",
        [department_id, first_name, last_name],
    )
    return rows[0] if rows else None


def insert_employee(cursor, employee: dict, actor: str) -> uuid.UUID:
    """Insert inside the caller's transaction (used by the form and by the bulk import)."""
    employee_id = uuid.uuid4()
    cursor.execute(
        "INSERT INTO employees VALUES (?, ?, ?, ?, ?, ?, TRUE, FALSE, ?)",
        [
            employee_id,
            employee["department_id"],
            employee["first_name"],
            employee["last_name"],
            employee.get("position"),
            employee.get("email"),
            now(),
        ],
    )
    audit.record(cursor, actor, "create", "employee", employee_id, None, employee)
    return employee_id


def add_employee(db: Database, employee: dict, actor: str) -> uuid.UUID:
    return db.write(lambda cursor: insert_employee(cursor, employee, actor))


def update_employee(db: Database, employee_id, changes: dict, actor: str) -> None:
    allowed = {"department_id", "first_name", "last_name", "position", "email", "active"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown employee fields: {sorted(unknown)}")
    before = get_employee(db, employee_id)

    def work(cursor):
        assignments = ", ".join(f"{column} = ?" for column in changes)
        cursor.execute(f"UPDATE employees SET {assignments} WHERE id = ?", [*changes.values(), employee_id])
        audit.record(
            cursor, actor, "update", "employee", employee_id, {k: before[k] for k in changes}, changes
        )

    db.write(work)
