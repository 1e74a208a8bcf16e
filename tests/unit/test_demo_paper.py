"""The demo's paper questionnaires (data/demo_paper.py) on a small generated office of twelve
months: a few hundred, most in March and September, on working days at noon, entered after the
visit by the departments' fictional supervisors (each with its audit entry), answers near each
department's own ratings. Checked with plain SQL on the tables."""

from __future__ import annotations

from datetime import datetime, time

import numpy as np
import pytest

from data.demo_paper import add_paper
from tests.stores import store_demo

END = datetime(2026, 11, 18, 11, 20)
TODAY = END.date()


@pytest.fixture(scope="module")
def paper(request, tmp_path_factory):
    options = {"months": 12, "ratings": 3000, "observations": 150, "seed": 5, "end": END}
    with store_demo(request, tmp_path_factory.mktemp("demo_paper"), **options) as database:
        yield database, add_paper(database, np.random.default_rng(5), TODAY)


def test_a_few_hundred_mostly_in_the_campaign_months(paper):
    db, added = paper
    assert 200 <= added <= 400
    assert db.scalar("SELECT count(*) FROM client_ratings WHERE channel = 'paper'") == added
    in_campaigns = db.scalar(
        "SELECT count(*) FROM client_ratings WHERE channel = 'paper' AND month(created_at) IN (3, 9)"
    )
    assert in_campaigns > added / 2
    assert (
        db.scalar("SELECT count(DISTINCT month(created_at)) FROM client_ratings WHERE channel = 'paper'")
        >= 10
    )


def test_on_working_days_at_noon_entered_afterwards_and_audited(paper):
    db, added = paper
    rows = db.query_dicts("SELECT * FROM client_ratings WHERE channel = 'paper'")
    assert {r["created_at"].time() for r in rows} == {time(12)}
    assert all(r["created_at"].weekday() < 5 and r["created_at"].date() < TODAY for r in rows)
    assert all(r["created_at"] < r["completed_at"] < END for r in rows)
    assert all(r["language"] == "pl" and r["kiosk_id"] is None and not r["burst"] for r in rows)
    entries = db.query(
        "SELECT a.actor, r.department_id FROM audit_log a JOIN client_ratings r ON r.id::VARCHAR = a.entity_id "
        "WHERE a.action = 'enter_paper' AND a.entity = 'client_rating'"
    )
    assert len(entries) == added
    assert {actor for actor, _ in entries} == {"demo"}  # as every row the demo writes


def test_answers_follow_the_departments_ratings_with_some_left_blank(paper):
    db, _ = paper
    (close,) = db.query(
        "SELECT avg(abs(rating_time - overall)) FROM client_ratings WHERE channel = 'paper' "
        "AND rating_time IS NOT NULL"
    )[0]
    assert close < 1
    blank = db.scalar("SELECT avg((rating_forms IS NULL)::INT) FROM client_ratings WHERE channel = 'paper'")
    assert 0.03 < blank < 0.2
    mean = dict(db.query("SELECT channel = 'paper', avg(overall) FROM client_ratings GROUP BY 1"))
    assert abs(mean[True] - mean[False]) < 0.3
    statuses = dict(
        db.query(
            "SELECT comment_status, count(*) FROM client_ratings WHERE channel = 'paper' "
            "AND comment IS NOT NULL GROUP BY 1"
        )
    )
    assert statuses.get("approved", 0) > 0 and set(statuses) <= {"approved", "pending"}
