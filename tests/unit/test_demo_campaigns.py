"""The demo's survey campaigns (data/demo_campaigns.py) on a small generated office: the two
latest whole Marches or Septembers within the demo's ratings, and one running today when the
ratings reach today; targets summing to the sample size; never overlapping. Checked with plain
SQL on the tables."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest

from data import demo
from data.demo_campaigns import add_campaigns
from services import campaigns
from storage.db import Database
from tests.stores import store_demo

END = datetime(2026, 11, 18, 11, 20)
TODAY = END.date()


@pytest.fixture(scope="module")
def database(request, tmp_path_factory):
    options = {"months": 15, "ratings": 3000, "observations": 100, "seed": 5, "end": END}
    with store_demo(request, tmp_path_factory.mktemp("demo_campaigns"), **options) as db:
        yield db


def rows(db) -> list[tuple]:
    return db.query("SELECT name, start_date, end_date FROM survey_campaigns ORDER BY start_date")


def test_two_past_studies_and_one_running_when_the_ratings_reach_today(database):
    assert add_campaigns(database, np.random.default_rng(5), TODAY) == 3
    assert rows(database) == [
        ("Badanie satysfakcji – marzec 2026", date(2026, 3, 1), date(2026, 3, 31)),
        ("Badanie satysfakcji – wrzesień 2026", date(2026, 9, 1), date(2026, 9, 30)),
        ("Badanie satysfakcji – listopad 2026", date(2026, 11, 4), date(2026, 12, 2)),
    ]
    assert campaigns.running(database, TODAY).name == "Badanie satysfakcji – listopad 2026"
    for campaign in campaigns.list_campaigns(database):
        assert campaign.target_total == campaign.required  # 385, or fewer with the yearly clients
        assert min(campaign.targets.values()) >= 1
        assert len(campaign.targets) == database.scalar("SELECT count(*) FROM departments WHERE active")
    assert (
        database.scalar("SELECT count(*) FROM audit_log WHERE entity = 'survey_campaign' AND actor = 'demo'")
        == 3
    )
    # the past studies counted the demo's ratings of their months
    march = campaigns.list_campaigns(database)[-1]
    expected = database.scalar(
        "SELECT count(*) FROM client_ratings WHERE created_at::DATE BETWEEN '2026-03-01' AND '2026-03-31' "
        "AND (NOT burst OR burst_review = 'approved')"
    )
    assert campaigns.total(campaigns.progress(database, march)).answers == expected > 0


def test_no_running_campaign_when_the_ratings_end_before_today(tmp_path):
    db = Database(tmp_path / "demo.duckdb")
    try:
        demo.generate(db, months=7, ratings=800, observations=20, seed=7, end=END, improvement_loop=False)
        assert add_campaigns(db, np.random.default_rng(7), date(2027, 2, 1)) == 1  # only September fits
        assert [(start, end) for _, start, end in rows(db)] == [(date(2026, 9, 1), date(2026, 9, 30))]
        assert campaigns.running(db, date(2027, 2, 1)) is None
    finally:
        db.close()
