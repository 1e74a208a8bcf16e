"""The client satisfaction form's service: the visit (a tap stored at once, completed by the
send in the same row), validation, scrubbing, anti-abuse, channels, storage, and the moderation of
comments. Time is simulated by replacing services.survey.now."""

from __future__ import annotations

import json
import shutil
import uuid
from datetime import date, datetime, timedelta

import pytest

from accounts.service import CurrentUser
from analytics import queries
from analytics.filters import Filters
from analytics.queries import Scope
from services import moderation, survey
from services.organisation import InputError
from services.survey import (
    BURST_LIMIT,
    BURST_WINDOW,
    COMMENT_MAX,
    MIN_GAP,
    RESUME_WITHIN,
    Channel,
    SurveyError,
    Visit,
)
from storage import audit, kiosks, ratings, users
from storage import db as storage_db
from storage.db import Database
from storage.departments import add_department, update_department
from storage.moderation import decide_comments

T0 = datetime(2025, 3, 12, 10, 0, 0)
SECOND = timedelta(seconds=1)


class Clock:
    """services.survey.now, moved by hand."""

    def __init__(self, start: datetime = T0):
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, delta: timedelta) -> None:
        self.moment += delta


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(survey, "now", fake)
    return fake


@pytest.fixture
def depts(db):
    """Two departments (no accounts: their password hashing is slow and not needed here)."""
    return {
        "KM": add_department(db, "KM", "Wydział Komunikacji", "test"),
        "GK": add_department(db, "GK", "Wydział Geodezji i Kartografii", "test"),
    }


@pytest.fixture
def kiosk(db, depts):
    """An active kiosk not bound to a department: (channel, token, kiosk id)."""
    kiosk_id, token = kiosks.add_kiosk(db, "Hol główny", None, "test")
    channel = survey.kiosk_channel(db, token)
    assert channel is not None
    return channel, token, kiosk_id


def answers(**overrides) -> dict:
    raw = {"id": uuid.uuid4(), "language": "pl", "overall": 4}
    raw.update(overrides)
    return raw


def stored_rows(db) -> list[dict]:
    return db.query_dicts("SELECT * FROM client_ratings ORDER BY created_at")


# --- storing a rating ------------------------------------------------------------------------


def test_a_valid_rating_is_stored_with_its_fields(db, depts, clock):
    gk = depts["GK"]
    raw = answers(
        language="uk",
        overall=5,
        rating_time=4,
        rating_manner=5,
        rating_conditions=3,
        rating_forms=2,
        rating_information=1,
        settled="partly",
        department_id=gk,
        comment="Wszystko sprawnie.",
    )
    outcome = survey.submit(db, Channel("qr"), raw)
    assert outcome.stored and outcome.reason == "stored" and not outcome.burst
    row = ratings.get_rating(db, raw["id"])
    expected = {key: value for key, value in raw.items() if key != "comment"}
    assert {key: row[key] for key in expected} == expected
    assert row["comment"] == "Wszystko sprawnie."
    assert row["comment_status"] == "pending"
    assert row["created_at"] == T0
    assert row["channel"] == "qr" and row["kiosk_id"] is None
    assert row["burst"] is False


def test_only_the_overall_rating_is_required(db, depts, clock):
    raw = answers(overall=2)
    survey.submit(db, Channel("qr"), raw)
    row = ratings.get_rating(db, raw["id"])
    assert row["overall"] == 2
    assert [row[c] for c in ratings.CRITERIA] == [None] * len(ratings.CRITERIA)
    assert row["settled"] is None and row["department_id"] is None
    assert row["comment"] is None and row["comment_status"] == "none"


def test_a_retry_of_the_same_form_is_stored_once(db, depts, clock):
    raw = answers()
    first = survey.submit(db, Channel("qr"), raw)
    clock.advance(MIN_GAP * 2)
    again = survey.submit(db, Channel("qr"), {**raw, "overall": 1})
    assert (first.stored, first.reason) == (True, "stored")
    assert (again.stored, again.reason) == (False, "retry")
    rows = stored_rows(db)
    assert len(rows) == 1 and rows[0]["overall"] == raw["overall"]


def test_a_retry_from_a_kiosk_after_the_gap_is_still_one_rating(db, kiosk, clock):
    channel, _, _ = kiosk
    raw = answers()
    survey.submit(db, channel, raw)
    clock.advance(MIN_GAP * 2)
    again = survey.submit(db, channel, raw)
    assert (again.stored, again.reason) == (False, "retry")
    assert len(stored_rows(db)) == 1


# --- one visit, one row: the tap, then the send ------------------------------------------------


def tap(db, channel: Channel, rating_id, overall: int, language: str = "pl", **options):
    return survey.tap(db, channel, {"id": rating_id, "language": language, "overall": overall}, **options)


def test_a_tap_is_stored_at_once_and_the_send_completes_the_same_row(db, depts, clock):
    rating_id = uuid.uuid4()
    outcome = tap(db, Channel("qr", department_id=depts["KM"]), rating_id, 2)
    assert (outcome.stored, outcome.reason) == (True, "stored")
    [row] = db.query_dicts("SELECT * FROM client_ratings")  # plain SQL: a client who walks away counts
    assert (row["id"], row["overall"], row["language"], row["department_id"]) == (
        rating_id,
        2,
        "pl",
        depts["KM"],
    )
    assert [row[c] for c in ratings.CRITERIA] == [None] * 5 and row["comment"] is None
    assert row["created_at"] == T0 and row["completed_at"] is None

    clock.advance(timedelta(seconds=40))
    raw = answers(id=rating_id, overall=2, rating_time=1, settled="no", comment="Długo czekałem.")
    sent = survey.submit(db, Channel("qr", department_id=depts["KM"]), raw)
    assert (sent.stored, sent.reason) == (True, "updated")
    [row] = db.query_dicts("SELECT * FROM client_ratings")
    assert (row["id"], row["overall"], row["rating_time"], row["settled"]) == (rating_id, 2, 1, "no")
    assert (row["comment"], row["comment_status"]) == ("Długo czekałem.", "pending")
    assert row["created_at"] == T0  # the visit's moment is the tap
    assert row["completed_at"] == T0 + timedelta(seconds=40)


def test_a_second_tap_on_the_same_visit_changes_its_rating_however_soon(db, kiosk, clock):
    channel, _, _ = kiosk
    rating_id = uuid.uuid4()
    tap(db, channel, rating_id, 2)
    clock.advance(SECOND)  # well within MIN_GAP: the same visit is no double tap
    again = tap(db, channel, rating_id, 4, "uk")
    assert (again.stored, again.reason) == (True, "updated")
    assert db.query("SELECT id, overall, language FROM client_ratings") == [(rating_id, 4, "uk")]
    survey.submit(db, channel, answers(id=rating_id, overall=5, language="en"))
    assert db.query("SELECT overall, language FROM client_ratings") == [(5, "en")]


def test_a_sent_visit_is_not_changed_by_a_second_send_or_tap(db, kiosk, clock):
    channel, _, _ = kiosk
    rating_id = uuid.uuid4()
    tap(db, channel, rating_id, 3)
    survey.submit(db, channel, answers(id=rating_id, overall=3, comment="Pierwszy"))
    clock.advance(MIN_GAP * 2)
    second = survey.submit(db, channel, answers(id=rating_id, overall=1, comment="Drugi"))
    late_tap = tap(db, channel, rating_id, 1)
    assert [(o.stored, o.reason) for o in (second, late_tap)] == [(False, "retry"), (False, "retry")]
    assert db.query("SELECT overall, comment FROM client_ratings") == [(3, "Pierwszy")]


def test_a_visit_is_completed_only_where_it_was_tapped(db, depts, kiosk, clock):
    channel, _, _ = kiosk
    rating_id = uuid.uuid4()
    tap(db, channel, rating_id, 3)
    _, other_token = kiosks.add_kiosk(db, "Inny kiosk", None, "test")
    for elsewhere in (survey.kiosk_channel(db, other_token), Channel("qr")):
        outcome = survey.submit(db, elsewhere, answers(id=rating_id, overall=1, comment="Cudzy"))
        assert (outcome.stored, outcome.reason) == (False, "retry")
    assert db.query("SELECT overall, comment, completed_at FROM client_ratings") == [(3, None, None)]


def test_a_tap_is_a_new_rating_for_the_double_tap_guard(db, kiosk, clock):
    """Another visit's tap on the same kiosk within MIN_GAP of the last tap is not stored; its
    send, later, is stored as the visit's one row."""
    channel, _, _ = kiosk
    tap(db, channel, uuid.uuid4(), 5)
    clock.advance(MIN_GAP - SECOND)
    refused_id = uuid.uuid4()
    assert (tap(db, channel, refused_id, 1).reason) == "too_soon"
    clock.advance(MIN_GAP)
    sent = survey.submit(db, channel, answers(id=refused_id, overall=1, rating_time=2))
    assert (sent.stored, sent.reason) == (True, "stored")
    assert db.query(
        "SELECT overall, rating_time, completed_at IS NOT NULL FROM client_ratings ORDER BY created_at"
    ) == [
        (5, None, False),
        (1, 2, True),
    ]


def test_taps_are_ratings_for_the_burst_rule_and_sends_do_not_count_again(db, depts, clock, qr_sends):
    """BURST_LIMIT - 1 whole visits (tap and send) from one address are no burst; one more tap is."""
    channel = Channel("qr")
    for _ in range(BURST_LIMIT - 1):
        rating_id = uuid.uuid4()
        assert not tap(db, channel, rating_id, 1, client_address=ATTACKER).burst
        assert not survey.submit(db, channel, answers(id=rating_id, overall=1), client_address=ATTACKER).burst
        clock.advance(SECOND)
    assert tap(db, channel, uuid.uuid4(), 1, client_address=ATTACKER).burst
    assert db.query("SELECT count(*), count(*) FILTER (WHERE burst) FROM client_ratings") == [
        (BURST_LIMIT, BURST_LIMIT)
    ]


def test_a_tapped_rating_counts_in_the_figures_like_a_sent_one(db, office, clock):
    channel = Channel("qr", department_id=office["departments"]["KM"])
    tap(db, channel, uuid.uuid4(), 2)
    survey.submit(db, channel, answers(overall=4))
    assert _figures(db) == (2, 3.0)


def test_an_open_visit_is_resumed_where_it_was_tapped(db, depts, kiosk, clock):
    channel, _, _ = kiosk
    rating_id = uuid.uuid4()
    tap(db, channel, rating_id, 2, "uk")
    assert survey.resume(db, channel, str(rating_id)) == Visit(rating_id, "uk", 2, complete=False)
    _, other_token = kiosks.add_kiosk(db, "Inny kiosk", None, "test")
    assert survey.resume(db, survey.kiosk_channel(db, other_token), str(rating_id)) is None
    assert survey.resume(db, Channel("qr"), str(rating_id)) is None
    for broken in (None, "", "nie-uuid", "1" * 10_000, str(uuid.uuid4())):
        assert survey.resume(db, channel, broken) is None

    survey.submit(db, channel, answers(id=rating_id, overall=2, language="uk"))
    assert survey.resume(db, channel, str(rating_id)) == Visit(rating_id, "uk", 2, complete=True)
    clock.advance(RESUME_WITHIN + SECOND)
    assert survey.resume(db, channel, str(rating_id)) is None


def test_ratings_stored_before_the_tap_was_counted_are_complete(db_path, tmp_path, monkeypatch):
    """Migration 005 on a file of the version before: every earlier row was stored by its send."""
    before = tmp_path / "migrations"
    before.mkdir()
    for number, path in storage_db.migrations():
        if number < 5:
            shutil.copy(path, before / path.name)
    monkeypatch.setattr(storage_db, "MIGRATIONS_DIR", before)
    old = Database(db_path)
    old.query(
        "INSERT INTO client_ratings (id, created_at, channel, language, overall) VALUES (?, ?, 'qr', 'pl', 4)",
        [uuid.uuid4(), T0],
    )
    old.close()
    monkeypatch.setattr(storage_db, "MIGRATIONS_DIR", storage_db.PROJECT_DIR / "storage" / "migrations")
    new = Database(db_path)
    try:
        assert new.query("SELECT overall, created_at, completed_at FROM client_ratings") == [(4, T0, T0)]
    finally:
        new.close()


# --- anti-abuse ------------------------------------------------------------------------------


def test_a_kiosks_second_send_within_the_gap_is_not_stored(db, kiosk, clock):
    channel, _, _ = kiosk
    first = survey.submit(db, channel, answers())
    clock.advance(MIN_GAP - SECOND)
    second = survey.submit(db, channel, answers())
    assert first.stored
    assert (second.stored, second.reason) == (False, "too_soon")
    assert len(stored_rows(db)) == 1


def test_after_the_gap_the_kiosk_stores_again(db, kiosk, clock):
    channel, _, _ = kiosk
    survey.submit(db, channel, answers())
    clock.advance(MIN_GAP + SECOND)
    later = survey.submit(db, channel, answers(overall=1))
    assert (later.stored, later.reason) == (True, "stored")
    assert [row["overall"] for row in stored_rows(db)] == [4, 1]


def test_the_gap_is_measured_from_the_database_not_the_clock_of_this_process(db, kiosk, clock):
    """Moving the stored row back in time (another process's send long ago) lets the next one in."""
    channel, _, kiosk_id = kiosk
    survey.submit(db, channel, answers())
    assert survey.submit(db, channel, answers()).reason == "too_soon"
    db.query("UPDATE client_ratings SET created_at = ? WHERE kiosk_id = ?", [T0 - MIN_GAP * 2, kiosk_id])
    assert survey.submit(db, channel, answers()).reason == "stored"


def test_the_gap_of_one_kiosk_does_not_block_another(db, depts, kiosk, clock):
    channel, _, _ = kiosk
    _, other_token = kiosks.add_kiosk(db, "Wydział Komunikacji", None, "test")
    other = survey.kiosk_channel(db, other_token)
    survey.submit(db, channel, answers())
    assert survey.submit(db, other, answers()).stored
    assert survey.submit(db, Channel("qr"), answers()).stored


def test_a_phone_sessions_second_send_within_the_gap_is_not_stored(db, depts, clock):
    survey.submit(db, Channel("qr"), answers())
    last_send = clock.moment
    clock.advance(MIN_GAP - SECOND)
    quick = survey.submit(db, Channel("qr"), answers(), session_last_send=last_send)
    assert (quick.stored, quick.reason) == (False, "too_soon")
    clock.advance(SECOND * 2)
    assert survey.submit(db, Channel("qr"), answers(), session_last_send=last_send).stored
    assert len(stored_rows(db)) == 2


def test_a_burst_is_stored_in_full_and_flagged(db, kiosk, clock):
    """BURST_LIMIT + 2 sends, each just over MIN_GAP apart, all within BURST_WINDOW: every one
    is stored; the BURST_LIMIT-th send in the window makes it a burst, and every send of the
    window is flagged, the first ones too. A send after the window has passed is not flagged."""
    channel, _, _ = kiosk
    step = MIN_GAP + SECOND
    sends = BURST_LIMIT + 2
    assert step * (sends - 1) < BURST_WINDOW  # the whole series falls within one window
    outcomes = []
    for _ in range(sends):
        outcomes.append(survey.submit(db, channel, answers()))
        clock.advance(step)
    assert all(o.stored for o in outcomes)
    expected_flags = [n >= BURST_LIMIT for n in range(1, sends + 1)]
    assert [o.burst for o in outcomes] == expected_flags
    rows = stored_rows(db)
    assert len(rows) == sends
    assert [row["burst"] for row in rows] == [True] * sends
    assert ratings.burst_count(db) == sends

    clock.advance(BURST_WINDOW)  # a quiet minute later
    calm = survey.submit(db, channel, answers())
    assert calm.stored and not calm.burst
    assert len(stored_rows(db)) == sends + 1


def test_a_burst_built_by_moving_stored_rows_in_time(db, kiosk, clock):
    """The same rule when the earlier sends were made "before" by rewriting created_at."""
    channel, _, kiosk_id = kiosk
    step = MIN_GAP + SECOND
    for _ in range(BURST_LIMIT - 1):
        survey.submit(db, channel, answers())
        clock.advance(step)
    rows = stored_rows(db)
    assert not any(row["burst"] for row in rows)
    # Spread the stored rows so the oldest falls just outside the window: one fewer in it.
    oldest = rows[0]["id"]
    db.query(
        "UPDATE client_ratings SET created_at = ? WHERE id = ?",
        [clock.moment - BURST_WINDOW - SECOND, oldest],
    )
    assert not survey.submit(db, channel, answers()).burst
    clock.advance(step)
    assert survey.submit(db, channel, answers()).burst
    assert db.scalar("SELECT count(*) FROM client_ratings WHERE kiosk_id = ?", [kiosk_id]) == BURST_LIMIT + 1


# --- channels --------------------------------------------------------------------------------


def test_a_revoked_kiosk_has_no_channel(db, kiosk):
    _, token, kiosk_id = kiosk
    kiosks.revoke(db, kiosk_id, "test")
    assert survey.kiosk_channel(db, token) is None


@pytest.mark.parametrize("token", ["", None, "nie-ma-takiego", "x" * 101])
def test_an_unknown_kiosk_token_has_no_channel(db, kiosk, token):
    assert survey.kiosk_channel(db, token) is None


def test_a_kiosk_bound_to_a_department_forces_that_department(db, depts, clock):
    km, gk = depts["KM"], depts["GK"]
    _, token = kiosks.add_kiosk(db, "Kiosk KM", km, "test")
    channel = survey.kiosk_channel(db, token)
    assert channel.department_id == km and channel.name == "kiosk"
    raw = answers(department_id=gk)  # a forged choice is ignored
    survey.submit(db, channel, raw)
    row = ratings.get_rating(db, raw["id"])
    assert row["department_id"] == km
    assert row["channel"] == "kiosk" and row["kiosk_id"] == channel.kiosk_id


def test_an_unbound_kiosk_stores_the_clients_choice(db, depts, kiosk, clock):
    channel, _, _ = kiosk
    raw = answers(department_id=depts["GK"])
    survey.submit(db, channel, raw)
    assert ratings.get_rating(db, raw["id"])["department_id"] == depts["GK"]


@pytest.mark.parametrize("code", ["KM", "km"])
def test_the_qr_channel_comes_from_the_department_code(db, depts, clock, code):
    channel = survey.qr_channel(db, code)
    assert channel == Channel("qr", department_id=depts["KM"])
    raw = answers(department_id=depts["GK"])
    survey.submit(db, channel, raw)
    row = ratings.get_rating(db, raw["id"])
    assert row["department_id"] == depts["KM"] and row["channel"] == "qr"


def test_an_unknown_or_closed_department_code_asks_the_client(db, depts):
    assert survey.qr_channel(db, "XX") == Channel("qr")
    assert survey.qr_channel(db, None) == Channel("qr")
    assert survey.qr_channel(db, "K" * 11) == Channel("qr")
    closed = add_department(db, "ZAM", "Wydział zamknięty", "test")
    update_department(db, closed, name="Wydział zamknięty", active=False, actor="test")
    assert survey.qr_channel(db, "ZAM") == Channel("qr")


def test_a_closed_or_unknown_department_choice_is_refused(db, depts, clock):
    closed = add_department(db, "ZAM", "Wydział zamknięty", "test")
    update_department(db, closed, name="Wydział zamknięty", active=False, actor="test")
    for department_id in (closed, uuid.uuid4()):
        with pytest.raises(SurveyError) as error:
            survey.submit(db, Channel("qr"), answers(department_id=department_id))
        assert error.value.key == "survey.error.invalid"
    assert stored_rows(db) == []


# --- validation ------------------------------------------------------------------------------


def test_a_comment_over_the_limit_is_refused(db, depts, clock):
    with pytest.raises(SurveyError) as error:
        survey.submit(db, Channel("qr"), answers(comment="a" * (COMMENT_MAX + 1)))
    assert error.value.key == "survey.error.comment_too_long"
    assert COMMENT_MAX == 500
    raw = answers(comment="a" * COMMENT_MAX)
    assert survey.submit(db, Channel("qr"), raw).stored
    assert len(ratings.get_rating(db, raw["id"])["comment"]) == COMMENT_MAX


def test_the_limit_counts_the_comment_as_stored_after_normalisation(db, depts, clock):
    # U+FDFA (one character) becomes 18 letters under NFKC (Unicode's decomposition table): 30 of
    # them are 540 characters as stored, over the limit of 500, though only 30 were typed
    with pytest.raises(SurveyError) as error:
        survey.submit(db, Channel("qr"), answers(comment="\ufdfa" * 30))
    assert error.value.key == "survey.error.comment_too_long"
    assert ratings.burst_count(db) == 0 and db.scalar("SELECT count(*) FROM client_ratings") == 0


def test_control_characters_do_not_count_towards_the_limit(db, depts, clock):
    raw = answers(comment="b" * COMMENT_MAX + "\x00" * 10)
    survey.submit(db, Channel("qr"), raw)
    assert ratings.get_rating(db, raw["id"])["comment"] == "b" * COMMENT_MAX


@pytest.mark.parametrize("overall", ["missing", None, 0, 6, -1])
def test_an_overall_rating_outside_one_to_five_is_refused(db, depts, clock, overall):
    raw = answers()
    if overall == "missing":
        del raw["overall"]
    else:
        raw["overall"] = overall
    with pytest.raises(SurveyError) as error:
        survey.submit(db, Channel("qr"), raw)
    assert error.value.key == "survey.error.overall_missing"
    assert stored_rows(db) == []


@pytest.mark.parametrize(
    "field, value",
    [("rating_time", 0), ("rating_manner", 6), ("settled", "maybe"), ("language", "de"), ("ip", "1.2.3.4")],
)
def test_other_invalid_answers_are_refused(db, depts, clock, field, value):
    with pytest.raises(SurveyError) as error:
        survey.submit(db, Channel("qr"), answers(**{field: value}))
    assert error.value.key == "survey.error.invalid"
    assert stored_rows(db) == []


def test_a_blank_comment_is_no_comment(db, depts, clock):
    raw = answers(comment=" \n\x00\t ")
    survey.submit(db, Channel("qr"), raw)
    row = ratings.get_rating(db, raw["id"])
    assert row["comment"] is None and row["comment_status"] == "none"


# --- privacy ---------------------------------------------------------------------------------


def test_the_comment_is_scrubbed_before_storage_and_waits_for_moderation(db, depts, clock):
    pesel = "44051401359"  # check digit worked by hand in tests/unit/test_scrubbing.py
    comment = f"Pani była miła. PESEL {pesel}, tel. +48 600 123 456, mail jan.k+urzad@poczta.example.pl"
    raw = answers(comment=comment)
    outcome = survey.submit(db, Channel("qr"), raw)
    assert outcome.scrubbed == {"pesel", "phone", "email"}
    row = ratings.get_rating(db, raw["id"])
    assert row["comment"].startswith("Pani była miła.")
    for secret in (pesel, "600 123 456", "600123456", "jan.k", "poczta.example.pl", "@"):
        assert secret not in row["comment"]
    assert row["comment_status"] == "pending"
    # Nor is the original anywhere else in the row.
    assert not any(isinstance(v, str) and pesel in v for v in row.values())


def test_no_column_can_hold_an_ip_address_or_a_browser(db):
    columns = {
        name.lower()
        for (name,) in db.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'client_ratings'"
        )
    }
    assert {"id", "overall", "comment"} <= columns  # the query does read this table
    forbidden = {"ip", "agent", "browser", "address", "addr", "host", "user", "session", "cookie", "device"}
    for column in columns:
        words = set(column.split("_"))
        assert not words & forbidden, column


# --- moderation ------------------------------------------------------------------------------


def test_moderation_approves_and_hides_with_the_audit_log(db, office, clock):
    moderator = office["accounts"]["starosta"]
    kept, hidden, untouched = (answers(comment=text) for text in ("Dobrze", "Obraźliwy wpis", "Czeka"))
    for raw in (kept, hidden, untouched):
        survey.submit(db, Channel("qr"), raw)
        clock.advance(SECOND)
    decide_comments(db, [kept["id"]], "approved", None, moderator, "starosta")
    decide_comments(db, [hidden["id"]], "hidden", "wulgaryzmy", moderator, "starosta")

    approved_row = ratings.get_rating(db, kept["id"])
    assert approved_row["comment_status"] == "approved" and approved_row["moderated_by"] == moderator
    assert approved_row["moderated_at"] is not None
    hidden_row = ratings.get_rating(db, hidden["id"])
    assert hidden_row["comment_status"] == "hidden" and hidden_row["moderation_reason"] == "wulgaryzmy"
    assert hidden_row["comment"] == "Obraźliwy wpis"  # hidden, never deleted

    for raw, status, reason in ((kept, "approved", None), (hidden, "hidden", "wulgaryzmy")):
        entries = audit.entries(db, entity="client_rating", entity_id=raw["id"])
        assert len(entries) == 1
        entry = entries[0]
        assert entry["actor"] == "starosta" and entry["action"] == "moderate"
        assert json.loads(entry["before"]) == {"status": "pending", "reason": None}
        assert json.loads(entry["after"]) == {"status": status, "reason": reason}
    assert audit.entries(db, entity="client_rating", entity_id=untouched["id"]) == []

    approved = ratings.comments(db, status="approved")
    assert [row["id"] for row in approved] == [kept["id"]]
    assert {row["id"] for row in ratings.comments(db, status="pending")} == {untouched["id"]}
    assert {row["id"] for row in ratings.comments(db, status="hidden")} == {hidden["id"]}


# --- bursts on the QR form (per client address) ------------------------------------------------

ATTACKER = "203.0.113.7"  # TEST-NET-3 (RFC 5737): never a real client


@pytest.fixture
def qr_sends(monkeypatch):
    """The QR form's in-memory counter, fresh for this test (it lives as long as the process)."""
    monkeypatch.setattr(survey, "_qr_sends", survey._RecentSends())


def attack(db, channel: Channel, address: str, clock, sends: int = 12, within=timedelta(seconds=2.5)) -> list:
    """`sends` ratings of 1 from fresh sessions (no session_last_send) within `within`."""
    ids = []
    for _ in range(sends):
        raw = answers(overall=1)
        assert survey.submit(db, channel, raw, client_address=address).stored  # never dropped
        ids.append(raw["id"])
        clock.advance(within / sends)
    return ids


def test_twelve_qr_ratings_in_two_and_a_half_seconds_from_one_address_are_stored_and_flagged(
    db, depts, clock, qr_sends
):
    channel = Channel("qr", department_id=depts["KM"])
    honest = answers(overall=5)
    assert not survey.submit(db, channel, honest, client_address="198.51.100.20").burst
    attacked = attack(db, channel, ATTACKER, clock)
    neighbour = answers(overall=4)  # another client in the same moment is not caught up in it
    assert not survey.submit(db, channel, neighbour, client_address="198.51.100.21").burst

    flags = {row["id"]: row["burst"] for row in stored_rows(db)}
    assert len(flags) == 14
    assert [flags[i] for i in attacked] == [True] * 12  # the whole burst, its first sends too
    assert (flags[honest["id"]], flags[neighbour["id"]]) == (False, False)
    # The address is counted in memory only: no stored value holds it.
    for row in stored_rows(db):
        assert not any(ATTACKER in str(value) for value in row.values())


def test_one_client_address_is_one_ipv6_network_and_the_window_passes(db, depts, clock, qr_sends):
    channel = Channel("qr")
    # Rotating the interface part of an IPv6 address within one /64 is still one client.
    for host in range(1, BURST_LIMIT):
        assert not survey.submit(db, channel, answers(), client_address=f"2001:db8:1:2::{host}").burst
    assert survey.submit(db, channel, answers(), client_address="2001:db8:1:2:ffff::9").burst
    assert not survey.submit(db, channel, answers(), client_address="2001:db8:1:3::1").burst
    clock.advance(BURST_WINDOW + SECOND)  # a quiet minute later the same network starts afresh
    assert not survey.submit(db, channel, answers(), client_address="2001:db8:1:2::1").burst


def test_a_retry_of_the_same_form_is_not_counted_twice(db, depts, clock, qr_sends):
    raw = answers()
    for _ in range(BURST_LIMIT + 1):
        outcome = survey.submit(db, Channel("qr"), raw, client_address=ATTACKER)
    assert (outcome.stored, outcome.reason, outcome.burst) == (False, "retry", False)
    assert ratings.burst_count(db) == 0


def _figures(db) -> tuple[int, float | None]:
    """What the dashboard's headline shows for March 2025: number of ratings and their mean."""
    scope = Scope(Filters(date(2025, 3, 1), date(2025, 3, 31)), None)
    head = queries.headline(db, scope, "2025.1")
    return head["ratings"], head["mean_rating"]


def _moderator(db, office) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"]["starosta"]))


def test_flagged_ratings_count_in_no_figure_until_a_moderator_approves_them(db, office, clock, qr_sends):
    channel = Channel("qr", department_id=office["departments"]["KM"])
    for number in range(3):
        survey.submit(db, channel, answers(overall=5), client_address=f"198.51.100.{number}")
    attacked = attack(db, channel, ATTACKER, clock)
    # Plain SQL: all 15 are stored; the figures hold the three honest fives only.
    assert db.scalar("SELECT count(*) FROM client_ratings") == 15
    assert _figures(db) == (3, 5.0)

    moderator = _moderator(db, office)
    waiting = moderation.flagged_ratings(db, moderator)
    assert sorted(row["id"] for row in waiting) == sorted(attacked)
    assert moderation.review_burst(db, moderator, attacked[:4], approve=True) == 4
    assert _figures(db) == (7, (3 * 5 + 4 * 1) / 7)
    assert moderation.review_burst(db, moderator, attacked[4:], approve=False) == 8
    assert _figures(db) == (7, (3 * 5 + 4 * 1) / 7)  # rejected: kept, never counted
    assert db.scalar("SELECT count(*) FROM client_ratings") == 15
    assert moderation.flagged_ratings(db, moderator) == []
    assert moderation.review_burst(db, moderator, attacked, approve=True) == 0  # decided once
    entries = audit.entries(db, entity="client_rating", action="review_burst")
    assert len(entries) == 12 and {e["actor"] for e in entries} == {"starosta"}
    assert (
        sorted(json.loads(e["after"])["burst_review"] for e in entries) == ["approved"] * 4 + ["rejected"] * 8
    )


def test_only_moderators_review_bursts(db, office, clock, qr_sends):
    attacked = attack(db, Channel("qr"), ATTACKER, clock)
    supervisor = CurrentUser.from_row(users.get_user(db, office["accounts"]["kierownik.km"]))
    with pytest.raises(InputError, match="Moderację prowadzi"):
        moderation.review_burst(db, supervisor, attacked, approve=True)
    with pytest.raises(InputError, match="Zaznacz co najmniej jedną"):
        moderation.review_burst(db, _moderator(db, office), [], approve=True)
    assert len(moderation.flagged_ratings(db, _moderator(db, office))) == 12
