"""Settings the administrator changes in the app (table app_settings), each change in the audit log."""

from __future__ import annotations

from storage import audit
from storage.db import Database, now

SECRET_MASK = "***"


def get(db: Database, name: str) -> str | None:
    return db.scalar("SELECT value FROM app_settings WHERE name = ?", [name])


def put(db: Database, name: str, value: str, actor: str, *, secret: bool = False) -> None:
    """Store `value` under `name`, replacing the old one, and record the change with both values
    (a `secret`, such as a password, only as "***": the log never holds it)."""

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
            None if row is None else {"value": SECRET_MASK if secret else row[0]},
            {"value": SECRET_MASK if secret else value},
        )

    db.write(work)
