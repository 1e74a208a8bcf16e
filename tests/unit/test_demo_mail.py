"""The demo's e-mail history (data/demo_mail.py) on a small generated office with its actions:
one assignment message per action and one reminder per action that ran past its due date, counted
here with plain SQL on the actions; all to the reserved demo domain, one given up with its error;
and the keys are the sweep's, so a real sweep never tells the same event again."""

from __future__ import annotations

from datetime import datetime

import numpy as np

from checklists.loading import current_checklists
from data import demo
from data.demo_actions import add_actions
from data.demo_mail import REFUSED, add_mail
from storage.db import Database

END = datetime(2026, 3, 18, 11, 20)


def test_the_demo_history_tells_every_action_and_every_overdue_one(tmp_path):
    db = Database(tmp_path / "demo.duckdb")
    try:
        demo.generate(db, months=6, ratings=500, observations=400, seed=3, end=END, improvement_loop=False)
        today = END.date()
        add_actions(db, current_checklists(), np.random.default_rng(1), today)
        actions = db.scalar("SELECT count(*) FROM improvement_actions")
        late = db.scalar(
            "SELECT count(*) FROM improvement_actions WHERE status <> 'cancelled' "
            "AND due_date < least(coalesce(CAST(closed_at AS DATE), ?), ?)",
            [today, today],
        )
        assert actions > 0 and late > 0  # the check below means something
        added = add_mail(db, np.random.default_rng(2), today)
        assert added == actions + late
        rows = db.query_dicts("SELECT * FROM mail_outbox")
        assert len(rows) == added == len({row["dedupe_key"] for row in rows})
        assert {row["kind"] for row in rows} == {"action_assigned", "action_overdue"}
        assert sum(row["kind"] == "action_overdue" for row in rows) == late
        assert all(row["recipient"].endswith("@starostwo-grojec.example") for row in rows)
        assert sorted(row["state"] for row in rows).count("failed") == 1
        [failed] = [row for row in rows if row["state"] == "failed"]
        assert failed["last_error"] == REFUSED and failed["sent_at"] is None
        sent = [row for row in rows if row["state"] == "sent"]
        assert all(row["sent_at"] > row["created_at"] for row in sent)
        assert all(
            row["subject"].startswith(("Przydzielono Ci działanie: ", "Działanie po terminie: "))
            for row in rows
        )
        owners = {
            a: (o, due)
            for a, o, due in db.query("SELECT id::VARCHAR, owner_id, due_date FROM improvement_actions")
        }
        for row in rows:  # the sweep's keys: action id and owner (assigned) or due date (overdue)
            kind, action_id, rest = row["dedupe_key"].split(":", 2)
            owner, due = owners[action_id]
            assert kind == row["kind"] and row["recipient_id"] == owner
            assert rest == (str(owner) if kind == "action_assigned" else due.isoformat())
    finally:
        db.close()


def test_without_actions_nothing_is_added(tmp_path):
    db = Database(tmp_path / "empty.duckdb")
    try:
        assert add_mail(db, np.random.default_rng(0), END.date()) == 0
        assert db.scalar("SELECT count(*) FROM mail_outbox") == 0
    finally:
        db.close()
