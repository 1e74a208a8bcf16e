"""Demo survey campaigns for `jakosc demo`: on an office filled by data.demo, the two latest whole
months of March or September within the demo's ratings that ended before a running campaign (the
office's spring and autumn studies), and one running now (two weeks back, two weeks ahead) when
the ratings reach today. Targets are allocated as the service does; the rows go through storage,
audited as written by "demo".
"""

from __future__ import annotations

import calendar
import uuid
from datetime import date, timedelta

import numpy as np
from babel.dates import format_date

from analytics.sampling import sample_size
from services.campaigns import allocation
from storage import campaigns as storage

ACTOR = "demo"
STUDY_MONTHS = (3, 9)  # March and September
RUNNING_HALF = timedelta(days=14)
# The demo's ratings reach today when the last is at most a week old: the office is closed at
# weekends and on holidays, and early in the morning nobody has rated yet.
REACHES_TODAY = timedelta(days=7)


def _name(start: date) -> str:
    return f"Badanie satysfakcji – {format_date(start, 'LLLL yyyy', locale='pl_PL')}"


def _study_months(first: date, last: date) -> list[tuple[date, date]]:
    """Whole March and September months from `first` to `last`, latest first."""
    months = []
    for year in range(last.year, first.year - 1, -1):
        for month in reversed(STUDY_MONTHS):
            start = date(year, month, 1)
            end = date(year, month, calendar.monthrange(year, month)[1])
            if first <= start and end <= last:
                months.append((start, end))
    return months


def add_campaigns(db, rng: np.random.Generator, today: date) -> int:
    """Add the campaigns (module docstring); returns how many were added."""
    first, last = db.query("SELECT min(created_at)::DATE, max(created_at)::DATE FROM client_ratings")[0]
    if first is None:
        return 0
    periods = []
    if last >= today - REACHES_TODAY:
        periods.append((today - RUNNING_HALF, today + RUNNING_HALF))
    ended_before = min((start for start, _ in periods), default=today)
    periods += _study_months(first, min(last, ended_before - timedelta(days=1)))[:2]
    yearly_clients = int(rng.integers(15, 40)) * 1000  # the office's own count, given for the FPC
    for index, (start, end) in enumerate(sorted(periods)):
        # the first study without the yearly count, later ones with it (the office learnt it)
        settings = {
            "id": uuid.UUID(bytes=rng.bytes(16), version=4),  # the same seed, the same rows
            "name": _name(start),
            "start_date": start,
            "end_date": end,
            "margin": 0.05,
            "confidence": 0.95,
            "yearly_clients": None if index == 0 else yearly_clients,
        }
        total = sample_size(settings["margin"], settings["confidence"], settings["yearly_clients"])
        storage.insert(db, settings, allocation(db, start, total), ACTOR)
    return len(periods)
