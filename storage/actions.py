"""Improvement actions: the register's rows, the accounts that may own one, and every change
written together with its audit entry. Actions are in no dashboard figure (NO_FIGURES)."""

from __future__ import annotations

from storage import audit
from storage.db import NO_FIGURES, Database, now

# Where each source kind's row lives: its table, the column of its moment, and how it reaches
# a department and an employee (a conversation's department is its employee's).
_SOURCES = {
    "observation_item": (
        "SELECT o.department_id, o.employee_id, o.observed_at AS happened_at FROM observations o "
        "WHERE o.id = ? AND o.status = 'sent'"
    ),
    "conversation_goal": (
        "SELECT e.department_id, c.employee_id, c.held_on::TIMESTAMP AS happened_at FROM conversations c "
        "JOIN employees e ON e.id = c.employee_id WHERE c.id = ?"
    ),
    "client_comment": (
        "SELECT r.department_id, NULL::UUID AS employee_id, r.created_at AS happened_at FROM client_ratings r "
        "WHERE r.id = ? AND r.comment IS NOT NULL"
    ),
    "client_case": (
        "SELECT k.department_id, NULL::UUID AS employee_id, k.created_at AS happened_at FROM client_cases k "
        "WHERE k.id = ?"
    ),
}
_SOURCE_MOMENT = " ".join(
    f"WHEN '{kind}' THEN (SELECT s.happened_at FROM ({sql.replace('?', 'TRY_CAST(a.source_ref AS UUID)')}) s)"
    for kind, sql in _SOURCES.items()
)
_SELECT = (
    "SELECT a.*, d.code AS department_code, d.name AS department_name, u.display_name AS owner_name, "
    "e.first_name || ' ' || e.last_name AS employee_name, "
    f"CASE a.source_kind {_SOURCE_MOMENT} END AS source_at, "
    "(SELECT o.observer_id FROM observations o WHERE a.source_kind = 'observation_item' "
    "AND o.id = TRY_CAST(a.source_ref AS UUID)) AS source_observer_id "
    "FROM improvement_actions a LEFT JOIN departments d ON d.id = a.department_id "
    "LEFT JOIN users u ON u.id = a.owner_id LEFT JOIN employees e ON e.id = a.employee_id"
)


def get(db: Database, action_id) -> dict | None:
    rows = db.query_dicts(f"{_SELECT} WHERE a.id = ?", [action_id])
    return rows[0] if rows else None


def listing(db: Database, department_ids: list | None) -> list[dict]:
    """Actions of these departments (None: all), the nearest due date first."""
    sql, params = _SELECT, []
    if department_ids is not None:
        if not department_ids:
            return []
        sql += " WHERE a.department_id IN (SELECT unnest(?::UUID[]))"
        params.append(list(department_ids))
    return db.query_dicts(sql + " ORDER BY a.due_date, a.created_at", params)


def of_employee(db: Database, employee_id) -> list[dict]:
    """Actions raised for this employee, cancelled ones left out, the nearest due date first."""
    return db.query_dicts(
        f"{_SELECT} WHERE a.employee_id = ? AND a.status <> 'cancelled' ORDER BY a.due_date, a.created_at",
        [employee_id],
    )


def source(db: Database, kind: str, ref) -> dict | None:
    """The department, employee (or None) and moment of an action's source of this kind, if it
    exists: a sent observation, a conversation, a client's rating with a comment, a client case."""
    rows = db.query_dicts(_SOURCES[kind], [ref])
    return rows[0] if rows else None


def eligible_owners(db: Database, department_id) -> list[dict]:
    """Active accounts that may own an action of this department: management, and the
    supervisors of the department."""
    return db.query_dicts(
        "SELECT u.id, u.display_name, u.role FROM users u WHERE u.active AND (u.role = 'management' "
        "OR (u.role = 'supervisor' AND EXISTS (SELECT 1 FROM user_departments ud "
        "WHERE ud.user_id = u.id AND ud.department_id = ?))) ORDER BY u.display_name",
        [department_id],
    )


def insert(db: Database, action: dict, actor: str) -> None:
    """Store a new action (every column but the moments, which are set here)."""
    moment = now()
    row = {**action, "created_by": actor, "created_at": moment, "updated_at": moment, "closed_at": None}

    def work(cursor):
        columns = ", ".join(row)
        cursor.execute(
            f"INSERT INTO improvement_actions ({columns}) VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
        audit.record(cursor, actor, "create", "improvement_action", row["id"], None, row)

    db.write(work, changes=NO_FIGURES)


def update(db: Database, action_id, changes: dict, actor: str, *, status_was: str) -> bool:
    """Change some columns of an action that still has the status `status_was` (the one its
    changes were checked against); the audit entry keeps them before and after. False when
    someone changed its status meanwhile: nothing is written."""
    return audit.update_if_status(
        db, "improvement_actions", "improvement_action", action_id, changes, actor, status_was=status_was
    )
