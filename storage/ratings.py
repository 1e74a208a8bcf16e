"""Client ratings from kiosks and phones, and the moderation of their comments."""

from __future__ import annotations

from datetime import datetime

from storage import audit
from storage.db import Database, now

CRITERIA = ("rating_time", "rating_manner", "rating_conditions", "rating_forms", "rating_information")


def insert_rating(cursor, rating: dict) -> bool:
    """Insert inside the caller's transaction; False if this id was already stored (a retry)."""
    if cursor.execute("SELECT 1 FROM client_ratings WHERE id = ?", [rating["id"]]).fetchone():
        return False
    cursor.execute(
        "INSERT INTO client_ratings (id, created_at, channel, kiosk_id, department_id, language, overall, "
        "rating_time, rating_manner, rating_conditions, rating_forms, rating_information, settled, comment, "
        "comment_status, burst) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            rating["id"],
            rating["created_at"],
            rating["channel"],
            rating.get("kiosk_id"),
            rating.get("department_id"),
            rating["language"],
            rating["overall"],
            *(rating.get(c) for c in CRITERIA),
            rating.get("settled"),
            rating.get("comment"),
            "pending" if rating.get("comment") else "none",
            rating.get("burst", False),
        ],
    )
    return True


def kiosk_activity(cursor, kiosk_id, since: datetime) -> tuple[datetime | None, int]:
    """The kiosk's latest rating time and how many it sent since `since`."""
    row = cursor.execute(
        "SELECT max(created_at), count(*) FILTER (WHERE created_at >= ?) FROM client_ratings WHERE kiosk_id = ?",
        [since, kiosk_id],
    ).fetchone()
    return row[0], row[1]


def get_rating(db: Database, rating_id) -> dict | None:
    rows = db.query_dicts("SELECT * FROM client_ratings WHERE id = ?", [rating_id])
    return rows[0] if rows else None


def comments(
    db: Database,
    *,
    status: str,
    department_ids: list | None = None,
    overall: list[int] | None = None,
    limit: int = 200,
) -> list[dict]:
    sql = (
        "SELECT r.id, r.created_at, r.overall, r.comment, r.comment_status, r.moderation_reason, r.burst, "
        "r.language, d.name AS department_name FROM client_ratings r LEFT JOIN departments d "
        "ON d.id = r.department_id WHERE r.comment_status = ?"
    )
    params: list = [status]
    if department_ids:
        sql += f" AND r.department_id IN ({', '.join('?' for _ in department_ids)})"
        params.extend(department_ids)
    if overall:
        sql += f" AND r.overall IN ({', '.join('?' for _ in overall)})"
        params.extend(overall)
    sql += " ORDER BY r.created_at DESC LIMIT ?"
    params.append(limit)
    return db.query_dicts(sql, params)


def moderate(db: Database, rating_id, status: str, reason: str | None, moderator_id, actor: str) -> None:
    def work(cursor):
        before = cursor.execute(
            "SELECT comment_status, moderation_reason FROM client_ratings WHERE id = ?", [rating_id]
        ).fetchone()
        cursor.execute(
            "UPDATE client_ratings SET comment_status = ?, moderation_reason = ?, moderated_by = ?, "
            "moderated_at = ? WHERE id = ?",
            [status, reason, moderator_id, now(), rating_id],
        )
        audit.record(
            cursor,
            actor,
            "moderate",
            "client_rating",
            rating_id,
            {"status": before[0], "reason": before[1]},
            {"status": status, "reason": reason},
        )

    db.write(work)


def burst_count(db: Database) -> int:
    return db.scalar("SELECT count(*) FROM client_ratings WHERE burst")
