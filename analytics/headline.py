"""The headline figures of a period: one function computes each, with its n, interval, change
against the previous period of the same length, and whether it is withheld.

The dashboard tiles (analytics.summaries.tiles), the Excel summary sheet (analytics.export) and
any report only format a `Figure`; none of them computes a headline number itself.

- observation score: the observation is the unit (analytics.statistics.observation_score);
- client satisfaction and criteria: one rating per visit, Wilson interval, minimum n of ratings;
- mean client rating: Student t interval;
- counts (observations, ratings, critical breaches) and the acknowledgement register are complete
  counts of what happened, not samples: no interval, and the register reads "5 z 6".
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics import queries
from analytics.queries import Scope
from analytics.statistics import (
    ScoreSums,
    default_min_n,
    mean_ci_from_summary,
    observation_score,
    proportion,
)
from storage.db import Database


@dataclass(frozen=True)
class Figure:
    """One headline figure. `value` is None when there is nothing to show (withheld or no data)."""

    key: str  # "observations", "score", …, or "satisfied.<criterion>"
    kind: str  # "count", "score" (observations), "share" (ratings 4–5), "mean" (1–5), "register"
    value: float | None
    n: int  # what the figure rests on: observations, ratings, or employees (register)
    unit: str  # the noun of n: "observation", "rating" or "employee" (i18n.format_count)
    low: float | None = None  # 95 % interval, where the figure is a sample estimate
    high: float | None = None
    employees: int | None = None  # distinct employees behind an observation score
    min_n: int | None = None  # the minimum-n rule applied; None for counts and registers
    total: int | None = None  # a register's whole ("5 z 6": value 5, total 6)
    delta: float | None = None  # value − previous period's value, when both are shown
    previous_empty: bool = False  # the previous period had no data: no change can be told

    @property
    def withheld(self) -> bool:
        """Below the minimum-n rule: the figure says why instead of showing a number."""
        return self.min_n is not None and self.n < self.min_n


def headline_figures(db: Database, scope: Scope, handbook_version: str) -> dict[str, Figure]:
    """The dashboard's headline figures for `scope`, keyed by name, in the order the tiles show them."""
    now = queries.headline(db, scope, handbook_version)
    before = queries.headline(db, scope.previous(), handbook_version)
    figures = [
        _count("observations", now["observations"], before["observations"], "observation"),
        _score(now, before),
        _share("satisfied", now["satisfied"], now["ratings"], before["satisfied"], before["ratings"]),
        _mean(now, before),
        _count("ratings", now["ratings"], before["ratings"], "rating"),
        _count(
            "critical",
            now["critical"] or 0,
            before["critical"] or 0,
            "observation",
            n=now["observations"],
            previous_empty=not before["observations"],
        ),
        Figure(
            "acknowledged",
            "register",
            now["acknowledged"],
            n=now["active_employees"],
            unit="employee",
            total=now["active_employees"],
        ),
    ]
    return {figure.key: figure for figure in figures}


def criterion_figures(db: Database, scope: Scope) -> list[Figure]:
    """Client satisfaction (share of ratings 4–5) per criterion of the form, overall first."""
    criteria = queries.satisfaction_by_criterion(db, scope)
    return [
        _share(f"satisfied.{record['criterion']}", record["satisfied"], record["ratings"])
        for record in criteria.to_dict("records")
    ]


def _count(
    key: str,
    value: int,
    previous: int,
    unit: str,
    *,
    n: int | None = None,
    previous_empty: bool | None = None,
) -> Figure:
    empty = (not previous) if previous_empty is None else previous_empty
    return Figure(
        key,
        "count",
        int(value or 0),
        n=int(value or 0) if n is None else int(n),
        unit=unit,
        delta=None if empty else int(value or 0) - int(previous or 0),
        previous_empty=empty,
    )


def _score(now: dict, before: dict) -> Figure:
    current = observation_score(ScoreSums.from_record(now))
    previous = observation_score(ScoreSums.from_record(before))
    return Figure(
        "score",
        "score",
        current.shown,
        n=current.n,
        unit="observation",
        low=current.low if current.enough else None,
        high=current.high if current.enough else None,
        employees=current.employees,
        min_n=current.min_n,
        delta=current.shown - previous.shown if current.enough and previous.enough else None,
        previous_empty=previous.n == 0,
    )


def _share(
    key: str, satisfied: float, ratings: int, before_satisfied: float = 0, before_ratings: int | None = None
) -> Figure:
    current = proportion(satisfied or 0, ratings or 0)
    previous = None if before_ratings is None else proportion(before_satisfied or 0, before_ratings)
    return Figure(
        key,
        "share",
        current.shown,
        n=int(ratings or 0),
        unit="rating",
        low=current.low if current.enough else None,
        high=current.high if current.enough else None,
        min_n=current.min_n,
        delta=current.value - previous.value if previous and current.enough and previous.enough else None,
        previous_empty=previous is not None and previous.n == 0,
    )


def _mean(now: dict, before: dict) -> Figure:
    current = mean_ci_from_summary(now["mean_rating"], now["sd_rating"], int(now["ratings"]))
    previous = mean_ci_from_summary(before["mean_rating"], before["sd_rating"], int(before["ratings"]))
    return Figure(
        "mean_rating",
        "mean",
        current.shown,
        n=current.n,
        unit="rating",
        low=current.low if current.enough else None,
        high=current.high if current.enough else None,
        min_n=default_min_n(),
        delta=current.mean - previous.mean if current.enough and previous.enough else None,
        previous_empty=previous.n == 0,
    )
