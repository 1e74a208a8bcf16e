"""User accounts, their department scope, and login sessions."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from storage import audit
from storage.db import Database, now

COLUMNS = (
    "id, login, password_hash, role, display_name, employee_id, language, active, "
    "failed_attempts, locked_until, created_at, last_login_at"
)


def _one(db: Database, where: str, value) -> dict | None:
    rows = db.query_dicts(f"SELECT {COLUMNS} FROM users WHERE {where}", [value])
    if not rows:
        return None
    user = rows[0]
    user["department_ids"] = [
        row[0]
        for row in db.query("SELECT department_id FROM user_departments WHERE user_id = ?", [user["id"]])
    ]
    return user


def get_by_login(db: Database, login: str) -> dict | None:
    return _one(db, "lower(login) = lower(?)", login)


def get_user(db: Database, user_id) -> dict | None:
    return _one(db, "id = ?", user_id)


def list_users(db: Database) -> list[dict]:
    users = db.query_dicts(f"SELECT {COLUMNS} FROM users ORDER BY login")
    scopes: dict = {}
    for user_id, department_id in db.query("SELECT user_id, department_id FROM user_departments"):
        scopes.setdefault(user_id, []).append(department_id)
    for user in users:
        user["department_ids"] = scopes.get(user["id"], [])
    return users


def count_active_admins(db: Database) -> int:
    return db.scalar("SELECT count(*) FROM users WHERE role = 'admin' AND active")


def _public(user: dict) -> dict:
    """What the audit log keeps of an account: never the password hash."""
    return {
        k: user.get(k) for k in ("login", "role", "display_name", "employee_id", "active", "department_ids")
    }


def insert_user(db: Database, user: dict, actor: str) -> uuid.UUID:
    user_id = uuid.uuid4()

    def work(cursor):
        cursor.execute(
            "INSERT INTO users (id, login, password_hash, role, display_name, employee_id, language, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                user_id,
                user["login"],
                user["password_hash"],
                user["role"],
                user["display_name"],
                user.get("employee_id"),
                user.get("language", "pl"),
                now(),
            ],
        )
        for department_id in user.get("department_ids", []):
            cursor.execute("INSERT INTO user_departments VALUES (?, ?)", [user_id, department_id])
        audit.record(cursor, actor, "create", "user", user_id, None, _public({**user, "active": True}))

    db.write(work)
    return user_id


def update_user(db: Database, user_id, changes: dict, actor: str) -> None:
    """Change role, name, employee link, activity, language, password hash or department scope."""
    before = get_user(db, user_id)
    scope = changes.pop("department_ids", None)

    def work(cursor):
        if changes:
            assignments = ", ".join(f"{column} = ?" for column in changes)
            cursor.execute(f"UPDATE users SET {assignments} WHERE id = ?", [*changes.values(), user_id])
        if scope is not None:
            cursor.execute("DELETE FROM user_departments WHERE user_id = ?", [user_id])
            for department_id in scope:
                cursor.execute("INSERT INTO user_departments VALUES (?, ?)", [user_id, department_id])
        after = {**before, **changes, **({"department_ids": scope} if scope is not None else {})}
        audit.record(cursor, actor, "update", "user", user_id, _public(before), _public(after))

    db.write(work)


def record_login_failure(db: Database, user_id, *, max_failures: int, lock_for: timedelta) -> datetime | None:
    """Count a failed password; lock the account when the limit is reached. Returns the lock end."""

    def work(cursor):
        failures = cursor.execute(
            "UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ? RETURNING failed_attempts",
            [user_id],
        ).fetchone()[0]
        if failures >= max_failures:
            until = now() + lock_for
            cursor.execute(
                "UPDATE users SET locked_until = ?, failed_attempts = 0 WHERE id = ?", [until, user_id]
            )
            audit.record(cursor, "system", "lock", "user", user_id, None, {"locked_until": until})
            return until
        return None

    return db.write(work)


def record_login_success(db: Database, user_id) -> None:
    db.write(
        lambda cursor: cursor.execute(
            "UPDATE users SET failed_attempts = 0, locked_until = NULL, last_login_at = ? WHERE id = ?",
            [now(), user_id],
        )
    )


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_session(db: Database, user_id) -> str:
    """A new login session; returns the token the browser keeps (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    moment = now()
    db.write(
        lambda cursor: cursor.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, FALSE)", [_hash(token), user_id, moment, moment]
        )
    )
    return token


def session_user(db: Database, token: str, *, idle: timedelta) -> uuid.UUID | None:
    """The user of a live session, touching its last-seen time; None if unknown, revoked or idle."""
    if not token:
        return None
    token_hash = _hash(token)
    rows = db.query("SELECT user_id, last_seen_at, revoked FROM sessions WHERE token_hash = ?", [token_hash])
    if not rows:
        return None
    user_id, last_seen, revoked = rows[0]
    moment = now()
    if revoked or moment - last_seen > idle:
        return None
    if moment - last_seen > timedelta(minutes=1):
        db.write(
            lambda c: c.execute(
                "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", [moment, token_hash]
            )
        )
    return user_id


def revoke_session(db: Database, token: str) -> None:
    db.write(lambda c: c.execute("UPDATE sessions SET revoked = TRUE WHERE token_hash = ?", [_hash(token)]))


def create_login_ticket(db: Database, token: str, *, valid_for: timedelta = timedelta(minutes=2)) -> str:
    """A one-time ticket the browser trades at /auth/session for the HttpOnly session cookie."""
    ticket = secrets.token_urlsafe(32)
    db.write(
        lambda c: c.execute(
            "INSERT INTO login_tickets VALUES (?, ?, ?, FALSE)", [_hash(ticket), token, now() + valid_for]
        )
    )
    return ticket


def redeem_login_ticket(db: Database, ticket: str) -> str | None:
    """The session token for an unused, unexpired ticket, marking it used; otherwise None."""

    def work(cursor):
        row = cursor.execute(
            "UPDATE login_tickets SET used = TRUE WHERE ticket_hash = ? AND NOT used AND expires_at > ? "
            "RETURNING token",
            [_hash(ticket), now()],
        ).fetchone()
        return row[0] if row else None

    return db.write(work)
