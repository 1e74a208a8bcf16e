"""Moderation of the client form: comments (no comment is shown to staff before approval) and
ratings flagged as part of a burst (counted in no figure until approved; a rejected one stays
stored, never counted, never deleted). Every decision is in the audit log."""

from __future__ import annotations

from accounts.permissions import may_open
from accounts.service import CurrentUser
from services.organisation import InputError, clean_text
from storage import ratings
from storage.db import Database


class ModerationError(InputError):
    """A moderation action refused; the message is Polish."""


def _require_moderator(user: CurrentUser) -> None:
    if not may_open(user.role, "moderation"):
        raise ModerationError("Moderację prowadzi administrator albo kierownictwo.")


def pending_comments(db: Database, user: CurrentUser) -> list[dict]:
    _require_moderator(user)
    return ratings.comments(db, status="pending")


def approve_comment(db: Database, user: CurrentUser, rating_id) -> None:
    _require_moderator(user)
    ratings.moderate(db, rating_id, "approved", None, user.id, user.login)


def hide_comment(db: Database, user: CurrentUser, rating_id, reason: str | None) -> None:
    _require_moderator(user)
    reason = clean_text(reason, field="Powód ukrycia", max_length=300)
    ratings.moderate(db, rating_id, "hidden", reason, user.id, user.login)


def flagged_ratings(db: Database, user: CurrentUser) -> list[dict]:
    """Burst-flagged ratings waiting for a decision, oldest first."""
    _require_moderator(user)
    return ratings.flagged(db)


def review_burst(db: Database, user: CurrentUser, rating_ids: list, *, approve: bool) -> int:
    """Approve (the ratings count from now on) or reject (they stay stored, never counted)
    flagged ratings; returns how many were still waiting and are now decided."""
    _require_moderator(user)
    if not rating_ids:
        raise ModerationError("Zaznacz co najmniej jedną ocenę.")
    return ratings.review_burst(db, rating_ids, "approved" if approve else "rejected", user.id, user.login)
