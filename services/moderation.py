"""Moderation of the client form: comments, one or many at a time (no comment is shown to staff
before approval), and ratings flagged as part of a burst (counted in no figure until approved; a
rejected one stays stored, never counted, never deleted). Every decision is in the audit log."""

from __future__ import annotations

from accounts.permissions import may_open
from accounts.service import CurrentUser
from services.organisation import InputError, clean_text
from storage import moderation, ratings
from storage.db import Database


class ModerationError(InputError):
    """A moderation action refused; the message is Polish."""


def _require_moderator(user: CurrentUser) -> None:
    if not may_open(user.role, "moderation"):
        raise ModerationError("Moderację prowadzi administrator albo kierownictwo.")


def pending_comments(db: Database, user: CurrentUser) -> list[dict]:
    _require_moderator(user)
    return ratings.comments(db, status="pending")


def approve_comments(db: Database, user: CurrentUser, rating_ids: list) -> int:
    """Show these comments in the analyses; returns how many were still waiting and are now approved."""
    _require_moderator(user)
    if not rating_ids:
        raise ModerationError("Zaznacz co najmniej jeden komentarz.")
    return moderation.decide_comments(db, rating_ids, "approved", None, user.id, user.login)


def hide_comments(db: Database, user: CurrentUser, rating_ids: list, reason: str | None) -> int:
    """Hide these comments for good, with one reason for all; returns how many were still waiting."""
    _require_moderator(user)
    if not rating_ids:
        raise ModerationError("Zaznacz co najmniej jeden komentarz.")
    reason = clean_text(reason, field="Powód ukrycia", max_length=300)
    return moderation.decide_comments(db, rating_ids, "hidden", reason, user.id, user.login)


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
