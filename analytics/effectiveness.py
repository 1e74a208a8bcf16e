"""Did a closed improvement action work? The score its standard (or the share of its item met)
had in the 90 days before the action was raised, against the one from its closure on, for its
department, or for its employee when the action is for one (ISO 9001, 10.2: check that a
corrective action was effective).

Both windows are scored exactly as the dashboard scores observations (analytics.statistics:
the observation is the unit, the ratio estimator with its cluster-robust interval, the minimum
number of observations), so the check says nothing the figures would not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from analytics.queries import score_sums
from analytics.statistics import ObservationScore, ScoreSums, observation_score
from storage.db import Database

WINDOW = timedelta(days=90)
IMPROVED, NO_CHANGE, WORSE, TOO_FEW = "improved", "no_change", "worse", "too_few"

# One row per observation: its met and not-met weight in the standard (the tallies stored with
# it), or, for an item, 1 and 0 for "tak", 0 and 1 for "nie" (other answers are not scored). Through
# INTEGER: PostgreSQL casts a boolean to an integer but not to a float.
_STANDARD_ROWS = (
    "SELECT s.met_weight, s.not_met_weight FROM observation_standard_scores s "
    "JOIN observations o ON o.id = s.observation_id WHERE s.standard_id = ?"
)
_ITEM_ROWS = (
    "SELECT (a.answer = 'tak')::INTEGER::DOUBLE AS met_weight, (a.answer = 'nie')::INTEGER::DOUBLE AS not_met_weight "
    "FROM observation_answers a JOIN observations o ON o.id = a.observation_id WHERE a.item_id = ?"
)


@dataclass(frozen=True)
class Effectiveness:
    before: ObservationScore
    after: ObservationScore
    before_window: tuple[date, date]  # first and last day
    after_window: tuple[date, date]  # first day and the day the window ends (or ended)
    after_complete: bool  # False: the after-window is still running
    verdict: str  # IMPROVED, NO_CHANGE, WORSE or TOO_FEW


def effectiveness(db: Database, action: dict, now: datetime) -> Effectiveness | None:
    """The before/after comparison of a closed action with a standard (None for any other).

    Before: the 90 days before the action was created. After: from its closure for 90 days, or
    until `now` while those have not passed. Only sent observations count, without calibration
    repeats, as on the dashboard; for an action with an employee only that employee's.

    The verdict compares the two windows' 95 % intervals, the figures' own (there is no interval
    of a difference among the figures): "poprawa" (IMPROVED) when the after-window's interval
    lies entirely above the before-window's, "pogorszenie" (WORSE) when entirely below, else
    "bez zmian" (NO_CHANGE). Two 95 % intervals that do not overlap mean a difference significant
    at well under 5 %, so the rule is conservative: a small real change may read "bez zmian".
    "za mało obserwacji" (TOO_FEW) when either window has fewer observations than the
    figures' minimum ($JAKOSC_MIN_OBSERVATIONS).
    """
    if action["status"] != "closed" or action["standard_id"] is None or action["closed_at"] is None:
        return None
    created, closed = action["created_at"], action["closed_at"]
    after_end = min(closed + WINDOW, now)
    before = _score(db, action, created - WINDOW, created)
    after = _score(db, action, closed, after_end)
    return Effectiveness(
        before,
        after,
        ((created - WINDOW).date(), created.date()),  # up to the moment it was raised, that day included
        (closed.date(), (closed + WINDOW).date()),
        closed + WINDOW <= now,
        compare(before, after),
    )


class Estimate(Protocol):
    """A figure with its 95 % interval: an ObservationScore or a Proportion."""

    enough: bool
    low: float | None
    high: float | None


def compare(before: Estimate, after: Estimate) -> str:
    """The verdict of `effectiveness` for any two estimates (the report's comparison with the
    previous study uses it too): IMPROVED or WORSE when their intervals do not overlap, TOO_FEW
    when either is below its minimum, else NO_CHANGE."""
    if not (before.enough and after.enough):
        return TOO_FEW
    if None not in (before.low, after.low) and after.low > before.high:
        return IMPROVED
    if None not in (before.low, after.low) and after.high < before.low:
        return WORSE
    return NO_CHANGE


def _score(db: Database, action: dict, since: datetime, until: datetime) -> ObservationScore:
    rows, key = (
        (_ITEM_ROWS, action["item_id"]) if action["item_id"] else (_STANDARD_ROWS, action["standard_id"])
    )
    who, who_id = (
        ("o.employee_id", action["employee_id"])
        if action.get("employee_id")
        else ("o.department_id", action["department_id"])
    )
    record = db.query_dicts(
        f"SELECT {score_sums('w')} FROM ({rows} AND {who} = ? AND o.status = 'sent' "
        "AND o.calibration_of IS NULL AND o.observed_at >= ? AND o.observed_at < ?) w",
        [key, who_id, since, until],
    )[0]
    return observation_score(ScoreSums.from_record(record))
