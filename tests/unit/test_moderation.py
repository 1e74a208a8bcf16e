"""Comment moderation one or many at a time (services/moderation.py, storage/moderation.py): only
waiting comments are decided, each with its own audit entry, and only by a moderator."""

from __future__ import annotations

from datetime import timedelta

import pytest

from accounts.service import CurrentUser
from services import moderation as service
from services.moderation import ModerationError
from storage import users
from storage.db import now
from tests.seeding import add_ratings


def user(db, office, login) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"][login]))


def pending(db, office, count: int) -> list[str]:
    return add_ratings(
        db,
        office["departments"]["KM"],
        now() - timedelta(hours=1),
        [5] * count,
        comment=[f"Komentarz {n}" for n in range(count)],
        comment_status="pending",
    )


def moderation_entries(db) -> list[tuple]:
    return db.query(
        "SELECT entity_id, actor, json_extract_string(before, '$.status'), json_extract_string(after, '$.status'), "
        "json_extract_string(after, '$.reason') FROM audit_log WHERE action = 'moderate' ORDER BY entity_id"
    )


def test_a_second_decision_on_the_same_comments_changes_nothing(db, office):
    ids = pending(db, office, 3)
    starosta, admin = user(db, office, "starosta"), user(db, office, "admin")
    assert service.approve_comments(db, starosta, ids[:2]) == 2
    # a second moderator (or a second click) on a list that was on screen before
    assert service.hide_comments(db, admin, ids, "Spam.") == 1
    rows = dict(db.query("SELECT id::VARCHAR, comment_status FROM client_ratings"))
    assert rows == {ids[0]: "approved", ids[1]: "approved", ids[2]: "hidden"}
    assert moderation_entries(db) == sorted(
        [
            (ids[0], "starosta", "pending", "approved", None),
            (ids[1], "starosta", "pending", "approved", None),
            (ids[2], "admin", "pending", "hidden", "Spam."),
        ]
    )


def test_an_empty_choice_a_missing_reason_and_a_supervisor_are_refused_in_polish(db, office):
    ids = pending(db, office, 1)
    starosta = user(db, office, "starosta")
    with pytest.raises(ModerationError, match=r"^Zaznacz co najmniej jeden komentarz\.$"):
        service.approve_comments(db, starosta, [])
    with pytest.raises(ValueError, match=r"^Pole „Powód ukrycia” jest wymagane\.$"):
        service.hide_comments(db, starosta, ids, "  ")
    with pytest.raises(ModerationError, match=r"^Moderację prowadzi administrator albo kierownictwo\.$"):
        service.approve_comments(db, user(db, office, "kierownik.km"), ids)
    assert db.scalar("SELECT comment_status FROM client_ratings") == "pending"
    assert moderation_entries(db) == []
