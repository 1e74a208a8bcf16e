"""Settings the administrator changes in the app (table app_settings), each change in the audit log."""

from __future__ import annotations

from storage import audit
from storage.db import Database, now


def get(db: Database, name: str) -> str | None:
    return db.scalar("SELECT value FROM app_settings WHERE name = ?", [name])


def put(db: Database, name: str, value: str, actor: str) -> None:
    """Store `value` under `name`, replacing the old one, and record the change with both values."""

    def work(cursor):
        row = cursor.execute("SELECT value FROM app_settings WHERE name = ?", [name]).fetchone()
        if row is None:
            cursor.execute("INSERT INTO app_settings VALUES (?, ?, ?, ?)", [name, value, now(), actor])
        else:
            cursor.execute(
                "UPDATE app_settings SET value = ?, updated_at = ?, updated_by = ? WHERE name = ?",
                [value, now(), actor, name],
            )
        audit.record(
            cursor,
            actor,
            "update",
            "setting",
            name,
            None if row is None else {"value": row[0]},
            {"value": value},
        )

    db.write(work)
