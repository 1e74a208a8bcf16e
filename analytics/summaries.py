"""What the dashboard shows, computed from query results: headline tiles with their change
against the previous period, tables with n and intervals, coverage gaps, calibration."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, repeat

import pandas as pd

from analytics import queries
from analytics.queries import Scope
from analytics.statistics import cohen_kappa, landis_koch, mean_ci_from_summary, proportion
from i18n import format_number, format_percent
from storage.db import Database

TOO_FEW = "za mało danych"


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    delta: str | None  # change against the previous period of the same length
    detail: str  # n and interval
    lower_is_better: bool = False


def share_text(successes: float, n: float) -> tuple[str, str]:
    """('87,3%', 'n = 120; 95% CI 80,2%–92,1%'), or ('za mało danych', 'n = 4')."""
    p = proportion(successes, n)
    count = f"n = {format_number(n, decimals=0)}"
    if not p.enough:
        return TOO_FEW, count
    return format_percent(p.value), f"{count}; 95% CI {format_percent(p.low)}–{format_percent(p.high)}"


def _share_delta(now_s: float, now_n: float, before_s: float, before_n: float) -> str | None:
    current, previous = proportion(now_s, now_n), proportion(before_s, before_n)
    if not (current.enough and previous.enough):
        return None
    return f"{format_number((current.value - previous.value) * 100, decimals=1)} pp"


def _count_delta(now: float, before: float) -> str:
    return f"{'+' if now >= before else ''}{format_number(now - before, decimals=0)}"


def _score_share(headline: dict) -> tuple[float, float]:
    """The weighted score as (successes, n) over scored items, as standard_table counts it:
    the minimum-n rule counts items, whatever their weights."""
    items, scored = float(headline["scored_items"] or 0), float(headline["scored_weight"] or 0)
    return (float(headline["met_weight"] or 0) / scored * items if scored else 0.0), items


def _mean_rating(headline: dict):
    return mean_ci_from_summary(headline["mean_rating"], headline["sd_rating"], int(headline["ratings"]))


def tiles(db: Database, scope: Scope, handbook_version: str) -> list[Tile]:
    now, before = (
        queries.headline(db, scope, handbook_version),
        queries.headline(db, scope.previous(), handbook_version),
    )
    score, score_detail = share_text(*_score_share(now))
    satisfied, satisfied_detail = share_text(now["satisfied"], now["ratings"])
    acknowledged, ack_detail = share_text(now["acknowledged"], now["employees"])
    mean_now, mean_before = _mean_rating(now), _mean_rating(before)
    mean_rating = format_number(mean_now.mean) if mean_now.enough else TOO_FEW
    mean_detail = f"skala 1–5; n = {format_number(mean_now.n, decimals=0)}"
    if mean_now.enough and mean_now.low is not None:
        mean_detail += (
            f"; 95% CI {format_number(mean_now.low, decimals=2)}–{format_number(mean_now.high, decimals=2)}"
        )
    mean_delta = (
        format_number(mean_now.mean - mean_before.mean, decimals=2)
        if mean_now.enough and mean_before.enough
        else None
    )
    return [
        Tile(
            "Obserwacje",
            format_number(now["observations"], decimals=0),
            _count_delta(now["observations"], before["observations"]),
            "wysłane w okresie",
        ),
        Tile(
            "Średni wynik obserwacji",
            score,
            _share_delta(*_score_share(now), *_score_share(before)),
            score_detail + " (waga pozycji)",
        ),
        Tile(
            "Zadowoleni (oceny 4–5)",
            satisfied,
            _share_delta(now["satisfied"], now["ratings"], before["satisfied"], before["ratings"]),
            satisfied_detail,
        ),
        Tile("Średnia ocena Klientów", mean_rating, mean_delta, mean_detail),
        Tile(
            "Oceny Klientów",
            format_number(now["ratings"], decimals=0),
            _count_delta(now["ratings"], before["ratings"]),
            "ankiety z kiosków i kodów QR",
        ),
        Tile(
            "Naruszenia krytyczne",
            format_number(now["critical"] or 0, decimals=0),
            _count_delta(now["critical"] or 0, before["critical"] or 0),
            "odpowiedzi „nie” na pozycjach krytycznych",
            lower_is_better=True,
        ),
        Tile("Potwierdzenia", acknowledged, None, ack_detail + " (stan obecny)"),
    ]


def standard_table(cells: pd.DataFrame, standard_names: dict[str, str]) -> pd.DataFrame:
    """One department's scores per standard, with n and interval (n counts scored items)."""
    rows = []
    for standard_id, name in standard_names.items():
        part = cells[cells["standard_id"] == standard_id]
        items = float(part["scored_items"].sum())
        scored = float(part["scored_weight"].sum())
        successes = float(part["met_weight"].sum()) / scored * items if scored else 0.0
        value, detail = share_text(successes, items)
        rows.append({"Standard": name, "Wynik": value, "n i przedział": detail, "_id": standard_id})
    return pd.DataFrame(rows)


def item_table(items: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    rows = []
    for item_id, not_met, scored in zip(items["item_id"], items["not_met"], items["scored"], strict=True):
        value, detail = share_text(scored - not_met, scored)
        rows.append(
            {
                "Pozycja": labels.get(item_id, item_id),
                "Spełnione": value,
                "n i przedział": detail,
                "Niespełnione": int(not_met),
                "_id": item_id,
            }
        )
    return pd.DataFrame(rows)


def coverage_gaps(
    coverage: pd.DataFrame,
    module_use: pd.DataFrame,
    departments: list[str],
    standard_names: dict[str, str],
    module_names: dict[str, str],
) -> pd.DataFrame:
    """Per department: standards never scored and modules never switched on in the period."""
    rows = []
    for department in departments:
        scored = coverage[(coverage["department"] == department) & (coverage["scored"] > 0)]
        part = coverage[coverage["department"] == department]
        seen = set(scored["standard_id"])
        used = set(module_use[module_use["department"] == department]["module"])
        asked = float(part["scored"].sum() + part["not_observed"].sum())
        rows.append(
            {
                "Wydział": department,
                "Standardy nigdy nieocenione": ", ".join(
                    n for s, n in standard_names.items() if s not in seen
                )
                or "—",
                "Trudne sytuacje nieobserwowane": ", ".join(
                    n for m, n in module_names.items() if m not in used
                )
                or "—",
                "Odsetek „nie zaobserwowano”": share_text(float(part["not_observed"].sum()), asked)[0],
            }
        )
    return pd.DataFrame(rows)


def calibration_table(pairs: pd.DataFrame, standard_names: dict[str, str]) -> pd.DataFrame:
    """Agreement of paired observations per standard: percent agreement and Cohen's kappa.

    `pairs` counts answer pairs (queries.calibration_pairs: standard_id, answer_a, answer_b, pairs)."""
    rows = []
    for standard_id, name in standard_names.items():
        part = pairs[pairs["standard_id"] == standard_id]
        if part.empty:
            continue
        counted = zip(part["answer_a"], part["answer_b"], part["pairs"], strict=True)
        result = cohen_kappa(chain.from_iterable(repeat((a, b), int(n)) for a, b, n in counted))
        band = landis_koch(result.kappa) if result.kappa is not None else None
        enough = proportion(0, result.n).enough
        rows.append(
            {
                "Standard": name,
                "Pary odpowiedzi": result.n,
                "Zgodność": format_percent(result.observed) if enough else TOO_FEW,
                "Kappa Cohena": format_number(result.kappa, decimals=2)
                if enough and result.kappa is not None
                else "—",
                "Interpretacja (Landis–Koch)": band.label if enough and band else "—",
            }
        )
    return pd.DataFrame(rows)
