"""The demo's improvement actions (data/demo_actions.py) on a small generated office: every action
is owned by its department's observer and points at a real source, the closed ones carry a note,
some are overdue, the dashboard's counts and the effectiveness check have something to show, and
the same seed gives the same actions."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from analytics.effectiveness import effectiveness
from checklists.loading import current_checklists
from data import demo
from data.demo_actions import add_actions
from storage.db import Database

END = datetime(2026, 11, 20, 11, 0)
CHECKLISTS = current_checklists()


def generated(path, seed: int = 4) -> Database:
    db = Database(path)
    demo.generate(db, months=9, ratings=200, observations=900, seed=seed, end=END, improvement_loop=False)
    add_actions(db, CHECKLISTS, np.random.default_rng(seed), END.date())
    return db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    database = generated(tmp_path_factory.mktemp("demo_actions") / "demo.duckdb")
    yield database
    database.close()


def test_every_action_has_its_departments_observer_as_owner_and_a_real_source(db):
    actions = db.query_dicts("SELECT * FROM improvement_actions")
    assert len(actions) >= 8
    observers = {
        (row[0], row[1])
        for row in db.query(
            "SELECT DISTINCT department_id, observer_id FROM observations WHERE calibration_of IS NULL"
        )
    }
    assert all((a["department_id"], a["owner_id"]) in observers for a in actions)
    breaches = [a for a in actions if a["source_kind"] == "observation_item"]
    cells = [a for a in actions if a["source_kind"] == "heatmap_cell"]
    assert breaches and cells and len(breaches) + len(cells) == len(actions)
    for action in breaches:  # the observation of this employee had this critical item "nie"
        assert db.query(
            "SELECT count(*) FROM observations o JOIN observation_answers a ON a.observation_id = o.id "
            "WHERE o.id = ?::UUID AND o.employee_id = ? AND a.item_id = ? AND a.critical AND a.answer = 'nie'",
            [action["source_ref"], action["employee_id"], action["item_id"]],
        ) == [(1,)]
    assert all(a["standard_id"] and a["source_ref"] for a in actions)


def test_statuses_notes_overdue_and_effectiveness_have_something_to_show(db):
    actions = db.query_dicts("SELECT * FROM improvement_actions")
    statuses = {a["status"] for a in actions}
    assert {"open", "closed"} <= statuses or {"in_progress", "closed"} <= statuses
    assert all((a["closing_note"] is not None) == (a["status"] in ("closed", "cancelled")) for a in actions)
    assert all(a["closed_at"] is None or a["created_at"] < a["closed_at"] < END for a in actions)
    assert any(a["status"] in ("open", "in_progress") and a["due_date"] < END.date() for a in actions)
    checked = [effectiveness(db, a, END) for a in actions if a["status"] == "closed"]
    assert checked and any(c.verdict != "too_few" for c in checked)
    assert db.query("SELECT count(*) FROM audit_log WHERE entity = 'improvement_action'") == [(1,)]


def test_the_same_seed_gives_the_same_actions(db, tmp_path):
    again = generated(tmp_path / "again.duckdb")
    try:
        columns = "id, title, status, due_date, source_ref, closed_at"
        order = " ORDER BY id"
        assert again.query(f"SELECT {columns} FROM improvement_actions{order}") == db.query(
            f"SELECT {columns} FROM improvement_actions{order}"
        )
    finally:
        again.close()
