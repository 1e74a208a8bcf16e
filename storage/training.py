"""The training register: its rows with the employee, department, trainer, linked action and
conversation goal, and every change written together with its audit entry. Training is in no
dashboard figure (NO_FIGURES)."""

from __future__ import annotations

import json

from storage import audit
from storage.db import NO_FIGURES, Database, now

_SELECT = (
    "SELECT t.*, e.first_name, e.last_name, e.department_id, d.code AS department_code, "
    "d.name AS department_name, u.display_name AS held_by_name, a.title AS action_title, "
    "c.held_on AS conversation_held_on, c.goals AS conversation_goals "
    "FROM training_records t JOIN employees e ON e.id = t.employee_id "
    "JOIN departments d ON d.id = e.department_id "
    "LEFT JOIN users u ON u.id = t.held_by "
    "LEFT JOIN improvement_actions a ON a.id = t.action_id "
    "LEFT JOIN conversations c ON c.id = t.conversation_id"
)
_ORDER = " ORDER BY coalesce(t.decided_on, t.on_date) DESC, t.created_at DESC"


def _rows(db: Database, where: str, params: list) -> list[dict]:
    """Rows with the linked goal's text (None when no goal, or its conversation was removed)."""
    rows = db.query_dicts(f"{_SELECT} WHERE {where}{_ORDER}", params)
    for row in rows:
        goals = json.loads(row.pop("conversation_goals") or "[]")
        index = row["goal_index"]
        row["goal"] = goals[index] if index is not None and 0 <= index < len(goals) else None
    return rows


def get(db: Database, training_id) -> dict | None:
    rows = _rows(db, "t.id = ?", [training_id])
    return rows[0] if rows else None


def listing(db: Database, department_ids: list | None) -> list[dict]:
    """Training of the employees of these departments (None: all), the latest first."""
    if department_ids is None:
        return _rows(db, "TRUE", [])
    if not department_ids:
        return []
    return _rows(db, "e.department_id IN (SELECT unnest(?::UUID[]))", [list(department_ids)])


def of_employee(db: Database, employee_id, since=None) -> list[dict]:
    """One employee's training, the latest first; with `since` (a date) only what was held,
    requested or decided on that day or later, and every request still waiting for a decision."""
    if since is None:
        return _rows(db, "t.employee_id = ?", [employee_id])
    return _rows(
        db,
        "t.employee_id = ? AND (coalesce(t.decided_on, t.on_date) >= ? OR t.status = 'requested')",
        [employee_id, since],
    )


def of_action(db: Database, action_id) -> list[dict]:
    return _rows(db, "t.action_id = ?", [action_id])


def insert(db: Database, records: list[dict], actor: str) -> None:
    """Store new records (every column but the moments and the author, set here) in one
    transaction: a training for several employees is stored for all of them or for none."""
    moment = now()
    rows = [{**record, "created_by": actor, "created_at": moment, "updated_at": moment} for record in records]

    def work(cursor):
        for row in rows:
            cursor.execute(
                f"INSERT INTO training_records ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                list(row.values()),
            )
            audit.record(cursor, actor, "create", "training", row["id"], None, row)

    db.write(work, changes=NO_FIGURES)


def update(db: Database, training_id, changes: dict, actor: str, *, status_was: str) -> bool:
    """Change some columns of a record that still has the status `status_was`; the audit entry
    keeps them before and after. False when someone changed its status meanwhile."""
    return audit.update_if_status(
        db, "training_records", "training", training_id, changes, actor, status_was=status_was
    )


def delete_before(cursor, cutoff_date) -> list:
    """Inside the retention run's transaction: delete the records whose last date (held,
    requested or decided) is before `cutoff_date`; returns their ids."""
    return [
        r[0]
        for r in cursor.execute(
            "DELETE FROM training_records WHERE coalesce(decided_on, on_date) < ? RETURNING id", [cutoff_date]
        ).fetchall()
    ]
