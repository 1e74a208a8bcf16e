"""Kiosks: registered client-form devices, each known by the hash of its secret URL token."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from storage import audit
from storage.db import Database, now

COLUMNS = "k.id, k.name, k.department_id, k.active, k.created_at, k.revoked_at, d.name AS department_name, d.code AS department_code"
JOIN = "FROM kiosks k LEFT JOIN departments d ON d.id = k.department_id"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_kiosk(db: Database, name: str, department_id, actor: str) -> tuple[uuid.UUID, str]:
    """Register a kiosk; returns its id and the secret token (shown once, only its hash is kept)."""
    kiosk_id = uuid.uuid4()
    token = secrets.token_urlsafe(24)

    def work(cursor):
        cursor.execute(
            "INSERT INTO kiosks VALUES (?, ?, ?, ?, TRUE, ?, NULL)",
            [kiosk_id, name, department_id, token_hash(token), now()],
        )
        audit.record(
            cursor, actor, "create", "kiosk", kiosk_id, None, {"name": name, "department_id": department_id}
        )

    db.write(work)
    return kiosk_id, token


def list_kiosks(db: Database) -> list[dict]:
    return db.query_dicts(f"SELECT {COLUMNS} {JOIN} ORDER BY k.active DESC, k.name")


def by_token(db: Database, token: str) -> dict | None:
    rows = db.query_dicts(f"SELECT {COLUMNS} {JOIN} WHERE k.token_hash = ?", [token_hash(token)])
    return rows[0] if rows else None


def revoke(db: Database, kiosk_id, actor: str) -> None:
    _set_active(db, kiosk_id, False, "revoke", actor)


def restore(db: Database, kiosk_id, actor: str) -> None:
    """Switch a revoked kiosk on again: its old URL opens the form again."""
    _set_active(db, kiosk_id, True, "restore", actor)


def _set_active(db: Database, kiosk_id, active: bool, action: str, actor: str) -> None:
    def work(cursor):
        cursor.execute(
            "UPDATE kiosks SET active = ?, revoked_at = ? WHERE id = ?",
            [active, None if active else now(), kiosk_id],
        )
        audit.record(cursor, actor, action, "kiosk", kiosk_id, {"active": not active}, {"active": active})

    db.write(work)
