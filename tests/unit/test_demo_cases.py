"""The demo's client cases (data/demo_cases.py) on a small generated office: a few dozen over the
months, most closed in time, some open and overdue, contact data deleted for old closed cases
and present (an e-mail or a phone) for the rest. Checked with plain SQL on the table."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from data.demo_cases import add_cases
from services import client_cases
from tests.stores import store_demo

END = datetime(2026, 11, 18, 11, 20)
TODAY = END.date()


@pytest.fixture(scope="module")
def cases(request, tmp_path_factory):
    options = {"months": 9, "ratings": 3000, "observations": 100, "seed": 5, "end": END}
    with store_demo(request, tmp_path_factory.mktemp("demo_cases"), **options) as database:
        yield database, add_cases(database, np.random.default_rng(5), TODAY)


def test_a_few_dozen_cases_spread_over_the_months(cases):
    db, added = cases
    assert 30 <= added <= 60 and db.scalar("SELECT count(*) FROM client_cases") == added
    months = db.scalar("SELECT count(DISTINCT date_trunc('month', created_at)) FROM client_cases")
    assert months >= 8
    assert db.scalar("SELECT count(*) FROM client_cases WHERE created_at > ?", [END]) == 0
    origins = dict(db.query("SELECT origin, count(*) FROM client_cases GROUP BY origin"))
    assert origins["form"] > origins.get("paper", 0) + origins.get("phone", 0) > 0


def test_most_are_closed_in_time_and_some_are_overdue(cases):
    db, _ = cases
    closed = db.query_dicts("SELECT * FROM client_cases WHERE status = 'closed'")
    in_time = [c for c in closed if c["replied_on"] <= c["due_date"]]
    assert len(in_time) > 0.7 * len(closed) and len(closed) > len(in_time)  # and a few late
    assert all(c["reply"] and c["created_at"] < c["closed_at"] for c in closed)
    assert all(c["closed_at"].date() <= TODAY for c in closed)
    overdue = client_cases.overdue_cases(db, TODAY)
    assert overdue and all(c["due_date"] < TODAY and c["status"] == "open" for c in overdue)


def test_contact_data_are_gone_from_old_closed_cases_only(cases):
    db, _ = cases
    rows = db.query_dicts("SELECT * FROM client_cases")
    cutoff = datetime.combine(TODAY, datetime.min.time()) - timedelta(days=30)
    old = [r for r in rows if r["closed_at"] is not None and r["closed_at"] < cutoff]
    assert old and all(
        (r["contact_name"], r["contact_email"], r["contact_phone"]) == (None, None, None)
        and r["contact_deleted_at"] is not None
        for r in old
    )
    kept = [r for r in rows if r not in old]
    assert kept and all(
        (r["contact_email"] or r["contact_phone"]) and not r["contact_deleted_at"] for r in kept
    )
    assert all(r["contact_email"].endswith("@poczta.example") for r in kept if r["contact_email"])
