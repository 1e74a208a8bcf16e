"""Client cases: the rows of client_cases, every change written with its audit entry, and the
deletion of contact data by the retention run. Cases are in no dashboard figure (NO_FIGURES).

The audit log never holds a client's contact data: an entry says which of name, e-mail and
phone were given (True), not what they are, so the retention run has only the case's row to
clear. The request and reply texts are kept in the log and scrubbed with the row.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime

from storage import audit
from storage.db import NO_FIGURES, Database, dict_rows, now

CONTACT = ("contact_name", "contact_email", "contact_phone")
TEXTS = ("request", "reply")
ENTITY = "client_case"

_SELECT = (
    "SELECT c.*, d.code AS department_code, d.name AS department_name "
    "FROM client_cases c LEFT JOIN departments d ON d.id = c.department_id"
)
# The register's columns: everything but the contact data, which only an opened case shows.
_LISTED = (
    "SELECT c.id, c.origin, c.department_id, c.request, c.language, c.status, c.due_date, c.reply, "
    "c.replied_on, c.replied_by, c.created_by, c.created_at, c.closed_at, c.contact_deleted_at, "
    "d.code AS department_code, d.name AS department_name "
    "FROM client_cases c LEFT JOIN departments d ON d.id = c.department_id"
)


def _audited(values: dict) -> dict:
    """What the audit entry keeps of these columns: contact data only as "given"."""
    return {key: (value is not None if key in CONTACT else value) for key, value in values.items()}


def get(db: Database, case_id) -> dict | None:
    """One case with its contact data (the service audits who reads them)."""
    rows = db.query_dicts(f"{_SELECT} WHERE c.id = ?", [case_id])
    return rows[0] if rows else None


def exists(db: Database, case_id) -> bool:
    return db.scalar("SELECT count(*) FROM client_cases WHERE id = ?", [case_id]) > 0


def listing(db: Database, department_ids: list | None) -> list[dict]:
    """Cases of these departments (None: all, those with no department too) without contact
    data: open ones first, the nearest due date first."""
    sql, params = _LISTED, []
    if department_ids is not None:
        sql += " WHERE c.department_id IN (SELECT unnest(?::UUID[]))"
        params.append(list(department_ids))
    return db.query_dicts(sql + " ORDER BY c.status = 'closed', c.due_date, c.created_at", params)


def overdue(db: Database, today: date) -> list[dict]:
    """Open cases due before `today`, of every department, without contact data or texts."""
    return db.query_dicts(
        "SELECT c.id, c.origin, c.department_id, c.status, c.due_date, c.created_at, c.contact_deleted_at, "
        "d.code AS department_code, d.name AS department_name FROM client_cases c "
        "LEFT JOIN departments d ON d.id = c.department_id "
        "WHERE c.status = 'open' AND c.due_date < ? ORDER BY c.due_date, c.created_at",
        [today],
    )


def management(db: Database) -> list:
    return [
        row[0]
        for row in db.query("SELECT id FROM users WHERE active AND role = 'management' ORDER BY display_name")
    ]


def insert(db: Database, case: dict, actor: str) -> bool:
    """Store a new case (every column but the moments, set here). False when a case with its id
    exists already (a double tap or a retry): nothing is written."""
    row = {**case, "created_by": actor, "created_at": now(), "closed_at": None, "contact_deleted_at": None}

    def work(cursor) -> bool:
        if cursor.execute("SELECT 1 FROM client_cases WHERE id = ?", [row["id"]]).fetchone():
            return False
        cursor.execute(
            f"INSERT INTO client_cases ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
        audit.record(cursor, actor, "create", ENTITY, row["id"], None, _audited(row))
        return True

    return db.write(work, changes=NO_FIGURES, keyed_by_caller=True)


def update(db: Database, case_id, changes: dict, actor: str) -> bool:
    """Change some columns of a case that is still open; the audit entry keeps them before and
    after. False when it was closed meanwhile: nothing is written."""

    def work(cursor) -> bool:
        cursor.execute(
            f"SELECT {', '.join(changes)} FROM client_cases WHERE id = ? AND status = 'open'", [case_id]
        )
        row = cursor.fetchone()
        if row is None:
            return False
        before = dict(zip(changes, row, strict=True))
        assignments = ", ".join(f"{column} = ?" for column in changes)
        cursor.execute(f"UPDATE client_cases SET {assignments} WHERE id = ?", [*changes.values(), case_id])
        audit.record(cursor, actor, "update", ENTITY, case_id, _audited(before), _audited(changes))
        return True

    return db.write(work, changes=NO_FIGURES)


def forget_contacts(
    db: Database,
    closed_before: datetime,
    clean: Callable[[str], str],
    actor: str,
    *,
    audit_empty: bool = True,
) -> int:
    """The retention run: set the contact data of cases closed before `closed_before` to NULL and
    pass their request and reply, also in their audit entries, through `clean`; one audit entry
    with the count records the run (a run that found nothing only with `audit_empty`). Returns how
    many cases lost their contact data."""

    def work(cursor) -> int:
        cases = dict_rows(
            cursor.execute(
                "SELECT id, request, reply FROM client_cases WHERE status = 'closed' AND closed_at < ? "
                "AND contact_deleted_at IS NULL",
                [closed_before],
            )
        )
        moment = now()
        for case in cases:
            cursor.execute(
                "UPDATE client_cases SET contact_name = NULL, contact_email = NULL, contact_phone = NULL, "
                "request = ?, reply = ?, contact_deleted_at = ? WHERE id = ?",
                [clean(case["request"]), _clean(clean, case["reply"]), moment, case["id"]],
            )
        _clean_audit(cursor, [case["id"] for case in cases], clean)
        if not cases and not audit_empty:
            return 0
        audit.record(
            cursor,
            actor,
            "retention",
            "client_cases",
            None,
            None,
            {"cutoff": closed_before, "case_contacts": len(cases)},
        )
        return len(cases)

    return db.write(work, changes=NO_FIGURES)


def _clean(clean: Callable[[str], str], text: str | None) -> str | None:
    return None if text is None else clean(text)


def _clean_audit(cursor, case_ids: list, clean: Callable[[str], str]) -> None:
    entries = cursor.execute(
        "SELECT id, before, after FROM audit_log WHERE entity = ? AND entity_id IN (SELECT unnest(?::VARCHAR[]))",
        [ENTITY, [str(i) for i in case_ids]],
    ).fetchall()
    for entry_id, *texts in entries:
        cleaned = []
        for text in texts:
            values = json.loads(text) if text else None
            if values is not None:
                values = {k: _clean(clean, v) if k in TEXTS else v for k, v in values.items()}
            cleaned.append(None if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True))
        cursor.execute("UPDATE audit_log SET before = ?, after = ? WHERE id = ?", [*cleaned, entry_id])
