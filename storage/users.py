"""User accounts, their department scope, and login sessions."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from storage import audit
from storage.db import NO_FIGURES, Database, now

COLUMNS = (
    "id, login, password_hash, role, display_name, employee_id, language, active, created_at, last_login_at"
)
# Sign-in attempts older than this are removed: the address of a past success is what lets its
# owner in while an account is under attack from elsewhere (accounts/throttle.py).
ATTEMPTS_KEPT_FOR = timedelta(days=90)


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


def supervisors_of(db: Database, department_id) -> list:
    """Ids of the active supervisor accounts of a department, by name."""
    return [
        row[0]
        for row in db.query(
            "SELECT u.id FROM users u JOIN user_departments ud ON ud.user_id = u.id "
            "WHERE u.active AND u.role = 'supervisor' AND ud.department_id = ? ORDER BY u.display_name",
            [department_id],
        )
    ]


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
    """Change role, name, employee link, activity, language, password hash or department scope.
    A new password hash ends every session of the account: a stolen session dies with the old password."""
    before = get_user(db, user_id)
    scope = changes.pop("department_ids", None)

    def work(cursor):
        if changes:
            assignments = ", ".join(f"{column} = ?" for column in changes)
            cursor.execute(f"UPDATE users SET {assignments} WHERE id = ?", [*changes.values(), user_id])
        if "password_hash" in changes:
            cursor.execute("UPDATE sessions SET revoked = TRUE WHERE user_id = ?", [user_id])
        if scope is not None:
            cursor.execute("DELETE FROM user_departments WHERE user_id = ?", [user_id])
            for department_id in scope:
                cursor.execute("INSERT INTO user_departments VALUES (?, ?)", [user_id, department_id])
        after = {**before, **changes, **({"department_ids": scope} if scope is not None else {})}
        audit.record(cursor, actor, "update", "user", user_id, _public(before), _public(after))

    db.write(work)


def add_attempt(db: Database, *, login: str, client: str, outcome: str, at: datetime) -> uuid.UUID:
    """A sign-in (or current-password) attempt, stored before its password is checked: it counts as
    a failure (or as throttled) until settle_attempt says otherwise."""
    attempt_id = uuid.uuid4()

    def work(cursor):
        cursor.execute("DELETE FROM sign_in_attempts WHERE attempted_at < ?", [at - ATTEMPTS_KEPT_FOR])
        cursor.execute(
            "INSERT INTO sign_in_attempts VALUES (?, ?, ?, ?, ?)", [attempt_id, at, login, client, outcome]
        )

    db.write(work, changes=NO_FIGURES)
    return attempt_id


def settle_attempt(
    db: Database, attempt_id, *, purpose: str, login: str, client: str, outcome: str, user_id, at: datetime
) -> None:
    """The outcome of an attempt and its audit record, together. `purpose` is sign_in or
    password_check; `outcome` success, failure or throttled."""

    def work(cursor):
        cursor.execute("UPDATE sign_in_attempts SET outcome = ? WHERE id = ?", [outcome, attempt_id])
        if outcome == "success" and purpose == "sign_in":
            cursor.execute("UPDATE users SET last_login_at = ? WHERE id = ?", [at, user_id])
        after = {"login": login, "client": client}
        audit.record(cursor, login, f"{purpose}_{outcome}", "user", user_id, None, after)

    db.write(work, changes=NO_FIGURES)


def failures_since(
    db: Database, since: datetime, *, login: str | None = None, client: str | None = None
) -> int:
    """Failed attempts after `since`, for one login, one client address, or both."""
    sql = "SELECT count(*) FROM sign_in_attempts WHERE outcome = 'failure' AND attempted_at > ?"
    params: list = [since]
    for column, value in (("login", login), ("client", client)):
        if value is not None:
            sql += f" AND {column} = ?"
            params.append(value)
    return db.scalar(sql, params)


def last_success(db: Database, login: str, client: str) -> datetime | None:
    return db.scalar(
        "SELECT max(attempted_at) FROM sign_in_attempts WHERE outcome = 'success' AND login = ? AND client = ?",
        [login, client],
    )


def clear_failures(db: Database, login: str, actor: str) -> int:
    """Forget the failed attempts of a login (an administrator's unlock); how many were forgotten."""

    def work(cursor):
        cleared = cursor.execute(
            "DELETE FROM sign_in_attempts WHERE login = ? AND outcome = 'failure' RETURNING 1", [login]
        ).fetchall()
        user = cursor.execute("SELECT id FROM users WHERE login = ?", [login]).fetchone()
        audit.record(
            cursor, actor, "unlock", "user", user and user[0], None, {"login": login, "cleared": len(cleared)}
        )
        return len(cleared)

    return db.write(work, changes=NO_FIGURES)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_session(db: Database, user_id) -> str:
    """A new login session; returns the token the browser keeps (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    moment = now()
    db.write(
        lambda cursor: cursor.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, FALSE)", [_hash(token), user_id, moment, moment]
        ),
        changes=NO_FIGURES,
    )
    return token


def session_user(db: Database, token: str, *, idle: timedelta, lifetime: timedelta) -> uuid.UUID | None:
    """The user of a live session, touching its last-seen time; None if unknown, revoked, idle, or
    older than `lifetime` however busy (a stolen session does not live for ever)."""
    if not token:
        return None
    token_hash = _hash(token)
    rows = db.query(
        "SELECT user_id, created_at, last_seen_at, revoked FROM sessions WHERE token_hash = ?", [token_hash]
    )
    if not rows:
        return None
    user_id, created, last_seen, revoked = rows[0]
    moment = now()
    if revoked or moment - last_seen > idle or moment - created > lifetime:
        return None
    if moment - last_seen > timedelta(minutes=1):
        db.write(
            lambda c: c.execute(
                "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", [moment, token_hash]
            ),
            changes=NO_FIGURES,
        )
    return user_id


def revoke_session(db: Database, token: str) -> None:
    db.write(
        lambda c: c.execute("UPDATE sessions SET revoked = TRUE WHERE token_hash = ?", [_hash(token)]),
        changes=NO_FIGURES,
    )


def create_login_ticket(db: Database, token: str, *, valid_for: timedelta = timedelta(minutes=2)) -> str:
    """A one-time ticket the browser trades at /auth/session for the HttpOnly session cookie."""
    ticket = secrets.token_urlsafe(32)
    db.write(
        lambda c: c.execute(
            "INSERT INTO login_tickets VALUES (?, ?, ?, FALSE)", [_hash(ticket), token, now() + valid_for]
        ),
        changes=NO_FIGURES,
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

    return db.write(work, changes=NO_FIGURES)
