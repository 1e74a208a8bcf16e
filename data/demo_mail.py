"""Demo e-mail history for a database already filled by data.demo and data.demo_actions: the
notifications the office's server would have sent about the demo's improvement actions (each
action's assignment, and its overdue reminder when it ran past its due date), to the owners'
fictional addresses in a reserved domain no mail can reach. One reminder is shown as given up
after three days of refusals, so the administrator's "Poczta e-mail" page shows a failure too.
The demo sets no mail server: nothing is ever sent from it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from data.demo import OFFICE_DOMAIN
from services import notifications
from storage import bulk
from storage.db import Database

REFUSED = "Serwer odrzucił odbiorcę: 550 5.1.1 Skrzynka odbiorcy nie istnieje"


def add_mail(db: Database, rng: np.random.Generator, today: date) -> int:
    """Add the sent notifications of the demo's actions; returns how many messages."""
    actions = db.query_dicts(
        "SELECT a.id, a.title, a.owner_id, a.due_date, a.status, a.created_at, a.closed_at, "
        "d.code AS department_code, d.name AS department_name FROM improvement_actions a "
        "JOIN departments d ON d.id = a.department_id ORDER BY a.created_at, a.id"
    )
    rows = []
    for action in actions:
        address = f"kierownik.{action['department_code'].lower()}@{OFFICE_DOMAIN}"
        rows.append(_sent(notifications.action_assigned(action), address, action["created_at"], rng))
        finished = action["closed_at"].date() if action["closed_at"] else today
        if action["due_date"] < min(finished, today) and action["status"] != "cancelled":
            reminded = datetime.combine(action["due_date"] + timedelta(days=1), time(7, 0))
            rows.append(_sent(notifications.action_overdue(action), address, reminded, rng))
    if not rows:
        return 0
    given_up = rows[int(rng.integers(len(rows)))]
    given_up.update(state="failed", attempts=60, sent_at=None, last_error=REFUSED)
    given_up["next_attempt_at"] = given_up["created_at"] + timedelta(days=3)
    bulk.insert_frames(db, [("mail_outbox", pd.DataFrame(rows))])
    return len(rows)


def _sent(event: notifications.Event, address: str, moment: datetime, rng: np.random.Generator) -> dict:
    """The outbox row of `event` as sent a minute or two after `moment`."""
    sent_at = moment + timedelta(seconds=int(rng.integers(20, 180)))
    return {
        **notifications.message(event, address, None),
        "id": str(uuid.UUID(bytes=rng.bytes(16), version=4)),
        "recipient_id": str(event.recipient_id),
        "state": "sent",
        "attempts": 1,
        "next_attempt_at": moment,
        "last_error": None,
        "created_at": moment,
        "sent_at": sent_at,
    }
