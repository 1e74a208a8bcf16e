"""Moderation of client comments in bulk under AppTest (issue 13): tick several comments or all
shown, choose one action, confirm a question that says how many; each decision is in the audit
log, and the success message survives the rerun. What the database holds is read with plain SQL."""

from __future__ import annotations

from datetime import timedelta

from streamlit.testing.v1 import AppTest

from accounts.service import CurrentUser, start_session
from storage import users
from storage.db import now
from tests.apptest.driver import PROJECT, open_url_path, texts
from tests.seeding import add_ratings

COMMENTS = [
    "Długo czekałam na numerek.",
    "Pani była bardzo pomocna.",
    "Brak długopisów przy stoliku.",
    "Szybko i sprawnie.",
    "Za mało miejsc siedzących.",
]


def seed_comments(db, office, count: int = len(COMMENTS)) -> list[str]:
    """Pending client comments, the oldest first (the page lists the newest first)."""
    return add_ratings(
        db,
        office["departments"]["KM"],
        now() - timedelta(hours=2),
        [4] * count,
        comment=COMMENTS[:count],
        comment_status="pending",
    )


def open_moderation(db, office) -> AppTest:
    token, _ = start_session(db, CurrentUser.from_row(users.get_user(db, office["accounts"]["starosta"])))
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.session_state["auth_token"] = token
    return open_url_path(at, "moderacja")


def statuses(db) -> dict[str, tuple[str, str | None]]:
    rows = db.query("SELECT comment, comment_status, moderation_reason FROM client_ratings")
    return {comment: (status, reason) for comment, status, reason in rows}


def audited(db) -> dict[str, str]:
    """Rating id -> the status its audit entry records, for every moderation entry."""
    rows = db.query(
        "SELECT entity_id, json_extract_string(after, '$.status') FROM audit_log "
        "WHERE action = 'moderate' AND entity = 'client_rating' AND actor = 'starosta'"
    )
    assert len(rows) == len({entity_id for entity_id, _ in rows}), "one entry per comment"
    return dict(rows)


def button(at: AppTest, label: str):
    matches = [b for b in at.button if b.label == label]
    assert len(matches) == 1, f"buttons: {[b.label for b in at.button]}"
    return matches[0]


def test_approve_several_comments_after_a_confirmation_that_counts_them(db, office):
    ids = seed_comments(db, office)
    at = open_moderation(db, office)
    assert not at.exception
    assert texts(at.text) == list(reversed(COMMENTS))
    assert button(at, "Zatwierdź zaznaczone (0)").disabled

    at.checkbox(key=f"pick_{ids[0]}").check()
    at.checkbox(key=f"pick_{ids[2]}").check()
    at.run()
    at = button(at, "Zatwierdź zaznaczone (2)").click().run()
    assert "Zatwierdzić 2 komentarze? Będą widoczne w analizach na pulpicie." in texts(at.warning)
    assert {s for s, _ in statuses(db).values()} == {"pending"}  # nothing until confirmed

    at = button(at, "Tak, zatwierdź 2 komentarze").click().run()
    assert not at.exception
    assert texts(at.success) == ["Zatwierdzono 2 komentarze."]
    assert statuses(db) == {
        comment: ("approved" if index in (0, 2) else "pending", None)
        for index, comment in enumerate(COMMENTS)
    }
    assert audited(db) == {ids[0]: "approved", ids[2]: "approved"}
    assert sorted(texts(at.text)) == sorted([COMMENTS[1], COMMENTS[3], COMMENTS[4]])
    assert not [c for c in at.checkbox if c.key and c.key.startswith("pick_") and c.value]
    at.run()  # the message was shown once
    assert not at.success


def test_hide_every_comment_shown_with_one_reason(db, office):
    ids = seed_comments(db, office)
    at = open_moderation(db, office)
    at = at.checkbox(key="comments_all").check().run()
    assert [c.label for c in at.checkbox if c.key == "comments_all"] == ["Zaznacz wszystkie (5 komentarzy)"]
    assert all(at.checkbox(key=f"pick_{rating_id}").value for rating_id in ids)
    at = button(at, "Ukryj zaznaczone (5)").click().run()
    assert any(w.startswith("Ukryć 5 komentarzy? ") for w in texts(at.warning))

    at = button(at, "Tak, ukryj 5 komentarzy").click().run()  # without a reason
    assert texts(at.error) == ["Pole „Powód ukrycia” jest wymagane."]
    assert {s for s, _ in statuses(db).values()} == {"pending"}

    at.text_input(key="bulk_reason").input("Komentarze z testu kiosku.")
    at = button(at, "Tak, ukryj 5 komentarzy").click().run()
    assert not at.exception
    assert texts(at.success) == ["Ukryto 5 komentarzy."]
    assert statuses(db) == {comment: ("hidden", "Komentarze z testu kiosku.") for comment in COMMENTS}
    assert audited(db) == dict.fromkeys(ids, "hidden")
    assert "Brak komentarzy do moderacji." in texts(at.info)


def test_cancel_leaves_the_comments_waiting(db, office):
    ids = seed_comments(db, office, 2)
    at = open_moderation(db, office)
    at = at.checkbox(key=f"pick_{ids[1]}").check().run()
    at = button(at, "Zatwierdź zaznaczone (1)").click().run()
    assert "Zatwierdzić 1 komentarz? Będą widoczne w analizach na pulpicie." in texts(at.warning)
    at = button(at, "Anuluj").click().run()
    assert not at.warning
    assert {s for s, _ in statuses(db).values()} == {"pending"}
    assert audited(db) == {}


def test_one_comment_is_still_approved_with_one_tap(db, office):
    ids = seed_comments(db, office, 1)
    at = open_moderation(db, office)
    at = at.button(key=f"approve_{ids[0]}").click().run()
    assert not at.exception
    assert texts(at.success) == ["Zatwierdzono 1 komentarz."]
    assert statuses(db) == {COMMENTS[0]: ("approved", None)}
    assert audited(db) == {ids[0]: "approved"}


def test_unticking_one_comment_clears_select_all(db, office):
    ids = seed_comments(db, office, 3)
    at = open_moderation(db, office)
    at = at.checkbox(key="comments_all").check().run()
    assert button(at, "Zatwierdź zaznaczone (3)")
    at = at.checkbox(key=f"pick_{ids[1]}").uncheck().run()
    assert at.checkbox(key="comments_all").value is False
    assert button(at, "Zatwierdź zaznaczone (2)")
    at = at.checkbox(key=f"pick_{ids[1]}").check().run()
    assert at.checkbox(key="comments_all").value is True
