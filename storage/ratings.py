"""Client ratings from kiosks and phones, the moderation of their comments and the review of
ratings flagged as part of a burst."""

from __future__ import annotations

from datetime import datetime

from storage import audit
from storage.db import RATINGS, Database, dict_rows, now

CRITERIA = ("rating_time", "rating_manner", "rating_conditions", "rating_forms", "rating_information")


def counted(alias: str = "r") -> str:
    """SQL condition of a rating that counts in figures: a rating flagged as part of a burst
    (services/survey.py) counts only once a moderator approved it."""
    return f"(NOT {alias}.burst OR {alias}.burst_review = 'approved')"


def insert_rating(cursor, rating: dict) -> None:
    """Insert inside the caller's transaction. The caller has looked the id up (visit()) in the
    same transaction: a retry of a stored visit never reaches here (the id is the primary key)."""
    cursor.execute(
        "INSERT INTO client_ratings (id, created_at, channel, kiosk_id, department_id, language, overall, "
        "rating_time, rating_manner, rating_conditions, rating_forms, rating_information, settled, comment, "
        "comment_status, burst, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            _comment_status(rating.get("comment")),
            rating.get("burst", False),
            rating.get("completed_at"),
        ],
    )


def _comment_status(comment: str | None) -> str:
    """A new comment waits for moderation; no comment has nothing to moderate."""
    return "pending" if comment else "none"


_VISIT = "SELECT id, channel, kiosk_id, language, overall, created_at, completed_at FROM client_ratings WHERE id = ?"


def visit(cursor, rating_id) -> dict | None:
    """Where a rating came from and whether its visit is complete (sent), inside the caller's
    transaction; None when no rating has this id."""
    rows = dict_rows(cursor.execute(_VISIT, [rating_id]))
    return rows[0] if rows else None


def get_visit(db: Database, rating_id) -> dict | None:
    """visit(), read outside a transaction."""
    rows = db.query_dicts(_VISIT, [rating_id])
    return rows[0] if rows else None


# What a client may still change on an open visit: the tap's rating and language, then the send's answers.
_VISIT_FIELDS = ("language", "overall", *CRITERIA, "settled", "department_id", "comment", "completed_at")


def update_open_visit(cursor, rating_id, changes: dict) -> bool:
    """Change a rating whose visit was not sent yet (completed_at is NULL), inside the caller's
    transaction; a new comment waits for moderation. False when the visit was complete already."""
    unknown = set(changes) - set(_VISIT_FIELDS)
    if unknown:
        raise ValueError(f"not a field of a client's visit: {sorted(unknown)}")
    columns = [c for c in _VISIT_FIELDS if c in changes]
    values = [changes[c] for c in columns]
    if "comment" in changes:
        columns.append("comment_status")
        values.append(_comment_status(changes["comment"]))
    updated = cursor.execute(
        f"UPDATE client_ratings SET {', '.join(f'{c} = ?' for c in columns)} "
        "WHERE id = ? AND completed_at IS NULL RETURNING id",
        [*values, rating_id],
    ).fetchall()
    return bool(updated)


def kiosk_activity(cursor, kiosk_id, since: datetime) -> tuple[datetime | None, list]:
    """The kiosk's latest rating time and the ids of the ratings it sent since `since`."""
    last, ids = cursor.execute(
        "SELECT max(created_at), list(id) FILTER (WHERE created_at >= ?) FROM client_ratings WHERE kiosk_id = ?",
        [since, kiosk_id],
    ).fetchone()
    return last, ids or []


def flag_burst(cursor, rating_ids: list) -> None:
    """Flag these ratings as part of a burst (inside the caller's transaction): out of every
    figure until a moderator approves them."""
    cursor.execute(
        "UPDATE client_ratings SET burst = TRUE WHERE id IN (SELECT unnest(?::UUID[])) AND NOT burst",
        [list(rating_ids)],
    )


def flagged(db: Database, limit: int = 500) -> list[dict]:
    """Burst-flagged ratings waiting for a moderator's review, oldest first."""
    return db.query_dicts(
        "SELECT r.id, r.created_at, r.channel, r.overall, r.comment_status, d.name AS department_name, "
        "k.name AS kiosk_name FROM client_ratings r LEFT JOIN departments d ON d.id = r.department_id "
        "LEFT JOIN kiosks k ON k.id = r.kiosk_id WHERE r.burst AND r.burst_review IS NULL "
        "ORDER BY r.created_at, r.id LIMIT ?",
        [limit],
    )


def review_burst(db: Database, rating_ids: list, decision: str, reviewer_id, actor: str) -> int:
    """Approve (count in figures) or reject (keep, never count) flagged ratings still waiting;
    one audit entry per rating. Returns how many were reviewed."""

    def work(cursor):
        reviewed = cursor.execute(
            "UPDATE client_ratings SET burst_review = ?, burst_reviewed_by = ?, burst_reviewed_at = ? "
            "WHERE id IN (SELECT unnest(?::UUID[])) AND burst AND burst_review IS NULL RETURNING id",
            [decision, reviewer_id, now(), list(rating_ids)],
        ).fetchall()
        for (rating_id,) in reviewed:
            audit.record(
                cursor, actor, "review_burst", "client_rating", rating_id, None, {"burst_review": decision}
            )
        return len(reviewed)

    return db.write(work, changes=(RATINGS,))


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


def burst_count(db: Database) -> int:
    return db.scalar("SELECT count(*) FROM client_ratings WHERE burst")
