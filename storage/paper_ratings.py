"""Paper questionnaires entered by staff (services.paper_survey): who entered which one is kept
in the audit log only (action ENTERED, entity "client_rating"), never beside the rating, so no
figure can show it. These read it there, inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from storage.db import dict_rows

ENTERED = "enter_paper"  # the audit log's action for a questionnaire entered by staff
PAPER = "paper"


def entered_since(cursor, actor: str, since: datetime) -> int:
    """How many questionnaires `actor` entered from `since` on."""
    return cursor.execute(
        "SELECT count(*) FROM audit_log WHERE actor = ? AND action = ? AND entity = 'client_rating' "
        "AND happened_at >= ?",
        [actor, ENTERED, since],
    ).fetchone()[0]


def entered_by(cursor, rating_id, actor: str) -> dict | None:
    """The paper rating `rating_id` if it still exists and `actor` entered it; else None."""
    rows = dict_rows(
        cursor.execute(
            "SELECT r.id, r.created_at, r.department_id, r.overall FROM client_ratings r "
            "WHERE r.id = ? AND r.channel = ? AND EXISTS (SELECT 1 FROM audit_log a WHERE a.actor = ? "
            "AND a.action = ? AND a.entity = 'client_rating' AND a.entity_id = r.id::VARCHAR)",
            [rating_id, PAPER, actor, ENTERED],
        )
    )
    return rows[0] if rows else None


def delete(cursor, rating_id) -> None:
    """Remove a paper rating, inside the caller's transaction (the caller checked it is one)."""
    cursor.execute("DELETE FROM client_ratings WHERE id = ? AND channel = ?", [rating_id, PAPER])
