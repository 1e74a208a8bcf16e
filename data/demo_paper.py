"""Demo paper questionnaires for a database already filled by data.demo: a few hundred over the
demo's months, most of them in March and September (the office's survey campaigns), entered a
few working days after the visit, as the paper entry screen stores them (services.paper_survey):
channel "paper", the questionnaire's day at noon, the entry's moment as completed_at, and an audit
entry of the entry (its actor "demo", as every row the demo writes: the demo has no accounts).

Answers follow each department's own ratings: the overall rating is drawn from the department's
kiosk and QR ratings, the criteria lie near it, a few questions are left blank and a few forms
carry a comment (approved by the moderator, or still waiting when recent).
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from data.demo import polish_holidays
from services.paper_survey import NOON
from storage import bulk
from storage.db import Database
from storage.paper_ratings import ENTERED, PAPER
from storage.ratings import CRITERIA

PER_DAY = 1.2  # questionnaires per working day on average: about 25 a month
CAMPAIGN_MONTHS = (3, 9)
CAMPAIGN_WEIGHT = 10  # a campaign day collects ten times an ordinary day's questionnaires
BLANK = 0.1  # a criterion left unanswered on paper
COMMENTED = 0.06
PENDING_DAYS = 10  # comments entered this recently still wait for the moderator
COMMENTS = (
    "Pani w okienku bardzo pomocna, wszystko wytłumaczyła.",
    "Za długo czekałem na swoją kolej.",
    "Brakuje krzeseł na korytarzu.",
    "Sprawa załatwiona szybko, dziękuję.",
    "Nie wiedziałam, do którego okienka podejść – brak oznaczeń.",
    "Druki powinny leżeć przy wejściu.",
)


def add_paper(db: Database, rng: np.random.Generator, today: date) -> int:
    """Add the demo's paper questionnaires over the period of its ratings; returns how many."""
    first = db.scalar("SELECT min(created_at) FROM client_ratings")
    if first is None:
        return 0
    days = _working_days(first.date(), today - timedelta(days=2))  # each entered a day later at least
    shares = db.query(
        "SELECT department_id, overall, count(*) FROM client_ratings WHERE department_id IS NOT NULL "
        "AND channel <> ? GROUP BY ALL ORDER BY ALL",
        [PAPER],
    )
    if not days or not shares:
        return 0
    departments = sorted({row[0] for row in shares})
    ratings = np.zeros((len(departments), 5))
    for department_id, overall, count in shares:
        ratings[departments.index(department_id), overall - 1] = count
    # The most frequent moderator, ties to the first by name: the same on both stores (mode() is not).
    moderator = db.scalar(
        "SELECT moderated_by FROM client_ratings WHERE moderated_by IS NOT NULL "
        "GROUP BY moderated_by ORDER BY count(*) DESC, moderated_by LIMIT 1"
    )

    weight = np.array([CAMPAIGN_WEIGHT if day.month in CAMPAIGN_MONTHS else 1 for day in days], dtype=float)
    n = max(1, round(PER_DAY * len(days)))
    day = np.sort(rng.choice(len(days), size=n, p=weight / weight.sum()))
    department = rng.choice(len(departments), size=n, p=ratings.sum(axis=1) / ratings.sum())
    rows, entries = [], []
    for index in range(n):
        visited = days[day[index]]
        department_id = departments[department[index]]
        spread = ratings[department[index]]
        overall = int(rng.choice(5, p=spread / spread.sum())) + 1
        entered = datetime.combine(
            min(visited + timedelta(days=int(rng.integers(1, 6))), today - timedelta(days=1)),
            time(int(rng.integers(9, 15)), int(rng.integers(0, 60))),
        )
        rating_id = uuid.UUID(bytes=rng.bytes(16), version=4)  # the same seed, the same rows
        comment = COMMENTS[int(rng.integers(len(COMMENTS)))] if rng.random() < COMMENTED else None
        pending = comment is not None and entered.date() >= today - timedelta(days=PENDING_DAYS)
        approved = comment is not None and not pending
        rows.append(
            {
                "id": rating_id,
                "created_at": datetime.combine(visited, NOON),
                "completed_at": entered,
                "channel": PAPER,
                "department_id": department_id,
                "language": "pl",
                "overall": overall,
                **{c: _near(rng, overall) for c in CRITERIA},
                "settled": None if rng.random() < BLANK else _settled(rng, overall),
                "comment": comment,
                "comment_status": "pending" if pending else "approved" if approved else "none",
                "moderated_by": moderator if approved else None,
                "moderated_at": entered + timedelta(days=1) if approved else None,
                "burst": False,
            }
        )
        entries.append(
            {
                "id": uuid.UUID(bytes=rng.bytes(16), version=4),
                "happened_at": entered,
                "actor": "demo",
                "action": ENTERED,
                "entity": "client_rating",
                "entity_id": str(rating_id),
                "before": None,
                "after": json.dumps(
                    {"channel": PAPER, "department_id": str(department_id), "on": visited.isoformat()},
                    sort_keys=True,
                ),
            }
        )
    frame = pd.DataFrame(rows)
    for column in CRITERIA:
        frame[column] = pd.array(frame[column], dtype="Int64")
    bulk.insert_frames(db, [("client_ratings", frame), ("audit_log", pd.DataFrame(entries))])
    return n


def _working_days(first: date, last: date) -> list[date]:
    holidays = {day for year in range(first.year, last.year + 1) for day in polish_holidays(year)}
    count = (last - first).days + 1
    every = (first + timedelta(days=offset) for offset in range(max(count, 0)))
    return [day for day in every if day.weekday() < 5 and day not in holidays]


def _near(rng: np.random.Generator, overall: int) -> int | None:
    """A criterion's rating close to the overall one, or None (left blank)."""
    if rng.random() < BLANK:
        return None
    return int(np.clip(overall + rng.choice([-1, 0, 0, 0, 1]), 1, 5))


def _settled(rng: np.random.Generator, overall: int) -> str:
    if overall >= 4:
        return "yes" if rng.random() < 0.9 else "partly"
    if overall == 3:
        return "partly" if rng.random() < 0.6 else "yes"
    return "no" if rng.random() < 0.7 else "partly"
