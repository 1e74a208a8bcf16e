"""What the dashboard shows, as text and tables in the viewer's language: the headline tiles
(formatted from analytics.headline), per-standard, per-item and per-employee tables with n and
intervals, coverage gaps and calibration agreement.

Nothing here computes a figure twice: observation scores come from
analytics.statistics.observation_score, rating shares from analytics.statistics.proportion, and
every withheld figure says why ("za mało obserwacji: 3 z wymaganych 5").
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from itertools import chain, repeat

import pandas as pd

from analytics.headline import Figure
from analytics.statistics import (
    ObservationScore,
    Proportion,
    ScoreSums,
    cohen_kappa,
    default_min_n,
    gwet_ac1,
    landis_koch,
    min_observations,
    observation_score,
    proportion,
)
from checklists.schema import Answer
from i18n import format_count, format_number, format_percent, t

ANSWERS = tuple(Answer)
"""Every answer a checklist item can get: the categories of Gwet's AC1."""


def department_ids(frame: pd.DataFrame) -> list:
    """The `department_id` column as keys, row by row: the missing id of ratings left without a
    department is None."""
    return [None if pd.isna(value) else value for value in frame["department_id"].astype(object)]


def department_labels(frame: pd.DataFrame) -> dict[Hashable | None, str]:
    """Display label per department id: the name, and the name with its code where two
    departments in `frame` share a name ("Wydział Komunikacji (KM)")."""
    if frame.empty:
        return {}
    unique = frame.assign(department_id=department_ids(frame)).drop_duplicates("department_id")
    repeated = unique["department"].duplicated(keep=False)
    return {
        department_id: f"{name} ({code})" if twice and isinstance(code, str) else name
        for department_id, name, code, twice in zip(
            unique["department_id"], unique["department"], unique["department_code"], repeated, strict=True
        )
    }


def score_of(record: Mapping) -> ObservationScore:
    """The observation score of a query row carrying analytics.queries.score_sums columns."""
    return observation_score(ScoreSums.from_record(record))


def withheld_text(n: int, required: int, unit: str, language: str = "pl") -> str:
    """ "za mało obserwacji: 3 z wymaganych 5", or "brak ocenionych obserwacji" when there are none."""
    if n == 0:
        return t(f"fig.no_{unit}s", language)
    return t(f"fig.too_few_{unit}s", language, count=format_number(n, language, 0), required=required)


def interval_text(low: float, high: float, language: str = "pl", *, percent: bool = True) -> str:
    """ "przedział ufności 95%: 82,4–89,7%" (a percentage) or "…: 4,12–4,30" (a mean rating)."""
    if percent:
        bounds = f"{format_number(low * 100, language)}–{format_percent(high, language)}"
    else:
        bounds = f"{format_number(low, language, 2)}–{format_number(high, language, 2)}"
    return t("fig.interval", language, bounds=bounds)


def estimate_text(
    value: float | None,
    n: int,
    unit: str,
    language: str = "pl",
    *,
    enough: bool,
    min_n: int,
    low: float | None = None,
    high: float | None = None,
    employees: int | None = None,
    percent: bool = True,
) -> tuple[str, str]:
    """Any sample figure as (value, basis): ('87,3%', '25 obserwacji, 9 pracowników; przedział
    ufności 95%: 82,1–91,0%'), or below the minimum ('—', 'za mało obserwacji: 3 z wymaganych 5').
    A mean (percent=False) reads '4,05' with its interval in two decimals."""
    if not enough:
        return "—", withheld_text(n, min_n, unit, language)
    basis = format_count(n, unit, language)
    if employees is not None:
        basis += ", " + format_count(employees, "employee", language)
    if low is not None:
        basis += "; " + interval_text(low, high, language, percent=percent)
    shown = format_percent(value, language) if percent else format_number(value, language, 2)
    return shown, basis


def score_text(score: ObservationScore, language: str = "pl") -> tuple[str, str]:
    """An observation score as (value, basis); see estimate_text."""
    return estimate_text(
        score.value,
        score.n,
        "observation",
        language,
        enough=score.enough,
        min_n=score.min_n,
        low=score.low,
        high=score.high,
        employees=score.employees,
    )


def share_text(share: Proportion, unit: str = "rating", language: str = "pl") -> tuple[str, str]:
    """A share of independent answers (Wilson interval) as (value, basis); see estimate_text."""
    return estimate_text(
        share.value,
        int(share.n),
        unit,
        language,
        enough=share.enough,
        min_n=share.min_n,
        low=share.low,
        high=share.high,
    )


def rating_share_text(satisfied: float, ratings: int, language: str = "pl") -> tuple[str, str]:
    """The share of client ratings 4–5 (one rating per visit): ('87,3%', '120 ocen; przedział…')."""
    return share_text(proportion(satisfied, ratings), "rating", language)


def figure_text(figure: Figure, language: str = "pl") -> tuple[str, str]:
    """A headline figure of a sample (score, share or mean) as (value, basis); see estimate_text."""
    return estimate_text(
        figure.value,
        figure.n,
        figure.unit,
        language,
        enough=not figure.withheld,
        min_n=figure.min_n or 0,
        low=figure.low,
        high=figure.high,
        employees=figure.employees,
        percent=figure.kind != "mean",
    )


def register_text(count: int, total: int, language: str = "pl") -> str:
    """A complete register is a count, not a sample: "5 z 6"."""
    return t(
        "fig.of", language, count=format_number(count, language, 0), total=format_number(total, language, 0)
    )


def weakest_cell(cells: pd.DataFrame, standard_names: Mapping[str, str]) -> tuple[Hashable, str] | None:
    """Where help is needed first: the (department id, standard id) of the heat-map cell
    (queries.department_standard rows) with the lowest observation score among those with
    enough observations; ties go to the department's label, then the handbook's order. None
    when no cell has enough observations."""
    labels = department_labels(cells)
    order = {standard_id: index for index, standard_id in enumerate(standard_names)}
    candidates = []
    for record in cells.to_dict("records"):
        score = score_of(record)
        if score.enough and record["standard_id"] in order:
            department_id, standard_id = record["department_id"], record["standard_id"]
            candidates.append(
                (score.value, labels[department_id], order[standard_id], department_id, standard_id)
            )
    return tuple(min(candidates)[3:]) if candidates else None


def lowest_satisfaction(monthly: pd.DataFrame) -> Hashable | None:
    """The department (queries.monthly_satisfaction rows) whose share of ratings 4–5 over the
    whole period is lowest, among those with enough ratings; ties go to the label."""
    frame = monthly.assign(department_id=department_ids(monthly))
    frame = frame[[department_id is not None for department_id in frame["department_id"]]]
    if frame.empty:
        return None
    labels = department_labels(frame)
    sums = frame.groupby("department_id")[["satisfied", "ratings"]].sum()
    candidates = []
    for department_id, row in sums.iterrows():
        share = proportion(row["satisfied"], row["ratings"])
        if share.enough:
            candidates.append((share.value, labels[department_id], department_id))
    return min(candidates)[2] if candidates else None


# --- headline tiles ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    delta: str | None  # change against the previous period of the same length
    detail: str  # n and interval, or why the figure is withheld
    help: str  # "co to znaczy": what the figure means, one click away
    lower_is_better: bool = False
    delta_is_change: bool = True  # False: the delta line is a note or no change, not a rise or fall


def tiles(figures: Mapping[str, Figure], language: str = "pl") -> list[Tile]:
    """The dashboard's tiles, in the order of the figures."""
    return [_tile(figure, language) for figure in figures.values()]


def _tile(figure: Figure, language: str) -> Tile:
    label = t(f"fig.{figure.key}", language)
    help_text = t(f"fig.help.{figure.key}", language, min_n=figure.min_n or min_observations())
    if figure.kind == "register":
        value = register_text(figure.value or 0, figure.total or 0, language)
        return Tile(label, value, None, t("fig.detail.acknowledged", language), help_text)
    if figure.kind == "count":
        value, detail = format_number(figure.value, language, 0), t(f"fig.detail.{figure.key}", language)
    else:
        value, detail = figure_text(figure, language)
        if figure.kind == "mean" and not figure.withheld:
            detail = t("fig.scale", language) + "; " + detail
    if figure.previous_empty:
        return Tile(label, value, t("fig.no_previous", language), detail, help_text, delta_is_change=False)
    return Tile(
        label,
        value,
        _delta_text(figure, language),
        detail,
        help_text,
        lower_is_better=figure.key == "critical",
        delta_is_change=figure.delta != 0,  # no change: neither a rise nor a fall
    )


def _delta_text(figure: Figure, language: str) -> str | None:
    """ "+2", "-0,03" or "+1,2 pp" (a share's change in percentage points)."""
    if figure.delta is None:
        return None
    sign = "+" if figure.delta >= 0 else ""
    if figure.kind in ("count", "mean"):
        return sign + format_number(figure.delta, language, 0 if figure.kind == "count" else 2)
    return f"{sign}{format_number(figure.delta * 100, language, 1)} pp"


# --- tables --------------------------------------------------------------------------------------


def standard_table(cells: pd.DataFrame, standard_names: dict[str, str], language: str = "pl") -> pd.DataFrame:
    """One department's score per standard (cells: queries.department_standard rows of it);
    n counts the observations that scored the standard."""
    rows = []
    for standard_id, name in standard_names.items():
        part = cells[cells["standard_id"] == standard_id]
        record = part.iloc[0].to_dict() if len(part) else {}
        value, detail = score_text(score_of(record), language)
        rows.append(
            {
                t("observe.standard", language): name,
                t("fig.column.score", language): value,
                t("fig.column.basis", language): detail,
                "_id": standard_id,
            }
        )
    return pd.DataFrame(rows)


def item_table(items: pd.DataFrame, labels: dict[str, str], language: str = "pl") -> pd.DataFrame:
    """Items with the share of observations that met them. An item is answered once per
    observation, so its answers are observations; the minimum-n rule counts them."""
    rows = []
    threshold = min_observations()
    for item_id, not_met, scored in zip(items["item_id"], items["not_met"], items["scored"], strict=True):
        value, detail = share_text(proportion(scored - not_met, scored, threshold), "observation", language)
        rows.append(
            {
                t("mine.item", language): labels.get(item_id, item_id),
                t("fig.column.met", language): value,
                t("fig.column.not_met", language): int(not_met),
                t("fig.column.basis", language): detail,  # longest last: a narrow table cuts only this
                "_id": item_id,
            }
        )
    return pd.DataFrame(rows)


def employee_table(rows: pd.DataFrame, language: str = "pl") -> list[dict]:
    """Named results (queries.employee_scores): the minimum-n rule counts that employee's observations."""
    labels = department_labels(rows)
    table = []
    for record in rows.to_dict("records"):
        value, detail = score_text(score_of(record), language)
        table.append(
            {
                t("common.employee", language): record["employee"],
                t("common.department", language): labels[record["department_id"]],
                t("fig.column.observations", language): int(record["observations"]),
                t("observe.score", language): value,
                t("fig.column.basis", language): detail,
                t("mine.critical", language): int(record["critical"] or 0),
            }
        )
    return table


def coverage_gaps(
    coverage: pd.DataFrame,
    module_use: pd.DataFrame,
    standard_names: dict[str, str],
    module_names: dict[str, str],
    language: str = "pl",
) -> pd.DataFrame:
    """Per department: standards never scored and modules never switched on in the period, and the
    share of answers "nie zaobserwowano" (a complete count of this period's answers, not a sample)."""
    rows = []
    labels = department_labels(coverage)
    for department_id, label in sorted(labels.items(), key=lambda item: item[1]):
        part = coverage[coverage["department_id"] == department_id]
        seen = set(part[part["scored"] > 0]["standard_id"])
        used = set(module_use[module_use["department_id"] == department_id]["module"])
        not_observed = int(part["not_observed"].sum())
        asked = int(part["scored"].sum()) + not_observed
        rows.append(
            {
                t("common.department", language): label,
                t("fig.column.never_scored", language): ", ".join(
                    n for s, n in standard_names.items() if s not in seen
                )
                or "—",
                t("fig.column.modules_unused", language): ", ".join(
                    n for m, n in module_names.items() if m not in used
                )
                or "—",
                t("fig.column.not_observed", language): format_percent(not_observed / asked, language)
                if asked
                else "—",
            }
        )
    return pd.DataFrame(rows)


def calibration_table(
    pairs: pd.DataFrame, standard_names: dict[str, str], language: str = "pl"
) -> pd.DataFrame:
    """Agreement of paired observations per standard: percent agreement, Cohen's kappa (with its
    Landis–Koch band) and Gwet's AC1. `pairs` counts answer pairs (queries.calibration_pairs:
    standard_id, answer_a, answer_b, pairs)."""
    rows = []
    threshold = default_min_n()  # answer pairs, as for other counted answers
    for standard_id, name in standard_names.items():
        part = pairs[pairs["standard_id"] == standard_id]
        if part.empty:
            continue
        counted = zip(part["answer_a"], part["answer_b"], part["pairs"], strict=True)
        answered = list(chain.from_iterable(repeat((a, b), int(n)) for a, b, n in counted))
        kappa, ac1 = cohen_kappa(answered), gwet_ac1(answered, ANSWERS)
        enough = kappa.n >= threshold
        band = landis_koch(kappa.kappa) if enough and kappa.kappa is not None else None
        rows.append(
            {
                t("observe.standard", language): name,
                t("fig.column.pairs", language): kappa.n,
                t("fig.column.agreement", language): format_percent(kappa.observed, language)
                if enough
                else withheld_text(kappa.n, threshold, "answer_pair", language),
                t("fig.column.ac1", language): format_number(ac1.ac1, language, 2)
                if enough and ac1.ac1 is not None
                else "—",
                t("fig.column.kappa", language): format_number(kappa.kappa, language, 2)
                if enough and kappa.kappa is not None
                else "—",
                t("fig.column.kappa_band", language): (band.label if language == "pl" else band.label_en)
                if band
                else "—",
            }
        )
    return pd.DataFrame(rows)
