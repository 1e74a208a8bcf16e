"""Moderators' decisions on client comments, one or many at a time: only comments still waiting
are decided (a second moderator, or a second click, changes nothing), in one transaction with one
audit entry per comment."""

from __future__ import annotations

from storage import audit
from storage.db import RATINGS, Database, now


def decide_comments(
    db: Database, rating_ids: list, status: str, reason: str | None, moderator_id, actor: str
) -> int:
    """Set the comments of these ratings that are still pending to `status` ("approved" or
    "hidden", with the reason for hiding); returns how many were decided."""

    def work(cursor):
        decided = cursor.execute(
            "UPDATE client_ratings SET comment_status = ?, moderation_reason = ?, moderated_by = ?, "
            "moderated_at = ? WHERE id IN (SELECT unnest(?::UUID[])) AND comment_status = 'pending' RETURNING id",
            [status, reason, moderator_id, now(), list(rating_ids)],
        ).fetchall()
        for (rating_id,) in decided:
            audit.record(
                cursor,
                actor,
                "moderate",
                "client_rating",
                rating_id,
                {"status": "pending", "reason": None},
                {"status": status, "reason": reason},
            )
        return len(decided)

    return db.write(work, changes=(RATINGS,))
