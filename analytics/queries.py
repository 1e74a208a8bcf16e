"""Dashboard queries. Every one aggregates inside DuckDB and returns a few rows; no whole
table is ever loaded into pandas. Only sent observations count.

`Scope` is what a query may see: the period and filters, resolved to department ids the
viewer is allowed to see (None = all departments). Departments are keyed by id: every query
that groups by department returns `department_id` beside the display `department` name and its
`department_code` (names need not be unique; analytics.summaries.department_labels tells them
apart). Observation scores come as the sums of `score_sums`, from which
analytics.statistics.observation_score makes the score, its n (observations) and interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from analytics.filters import CHANNELS, Filters
from storage import ratings as stored_ratings
from storage.db import Database
from storage.paper_ratings import PAPER
from storage.people import BEGINNING


@dataclass(frozen=True)
class Scope:
    filters: Filters
    department_ids: tuple | None  # None: every department

    def previous(self) -> Scope:
        return Scope(self.filters.previous(), self.department_ids)


def resolve_scope(db: Database, filters: Filters, visible_ids: list | None) -> Scope:
    """Intersect the chosen departments with those the viewer may see."""
    ids = None
    if filters.department_codes:
        placeholders = ", ".join("?" for _ in filters.department_codes)
        ids = [
            r[0]
            for r in db.query(
                f"SELECT id FROM departments WHERE code IN ({placeholders})", list(filters.department_codes)
            )
        ]
    if visible_ids is not None:
        ids = [i for i in (ids if ids is not None else visible_ids) if i in set(visible_ids)]
    return Scope(filters, None if ids is None else tuple(ids))


DEPARTMENT = "d.id AS department_id, d.name AS department, d.code AS department_code"
NO_DEPARTMENT = "(nie podano)"
RATING_DEPARTMENT = (
    f"d.id AS department_id, coalesce(d.name, '{NO_DEPARTMENT}') AS department, d.code AS department_code"
)
"""A client may leave the department unset: such ratings group under NO_DEPARTMENT, id NULL."""


def _named(rows: str, order: str = "department, department_id", *, ratings: bool = False) -> str:
    """The rows of `rows` (a GROUP BY, or the top rows of a list, with a department_id column)
    with the department's name and code joined only then: grouping by one UUID, or sorting a
    few columns, is cheaper than carrying id, name and code through. Ratings keep the rows
    without a department (RATING_DEPARTMENT)."""
    columns, join = (RATING_DEPARTMENT, "LEFT JOIN") if ratings else (DEPARTMENT, "JOIN")
    return (
        f"SELECT {columns}, g.* EXCLUDE (department_id) FROM ({rows}) g "
        f"{join} departments d ON d.id = g.department_id ORDER BY {order}"
    )


def score_sums(alias: str = "o", employees: bool = False) -> str:
    """SQL aggregates that analytics.statistics.ScoreSums.from_record reads, over rows of `alias`
    (observations, or observation_standard_scores for one standard): each row is one observation
    with its met weight y and scored weight x. `employees` adds the distinct employees observed
    (needs the observations table as `o`; a distinct count per group costs, so only where shown)."""
    y, x = f"{alias}.met_weight", f"({alias}.met_weight + {alias}.not_met_weight)"
    sql = (
        f"count(*) FILTER (WHERE {x} > 0) AS scored_observations, sum({y}) AS met, sum({x}) AS scored, "
        f"sum({y} * {y}) AS met_sq, sum({x} * {x}) AS scored_sq, sum({x} * {y}) AS cross_sum"
    )
    if employees:
        sql += f", count(DISTINCT o.employee_id) FILTER (WHERE {x} > 0) AS employees"
    return sql


def _observation_where(scope: Scope, alias: str = "o") -> tuple[str, list]:
    f = scope.filters
    # A calibration repeat is the same visit seen by a second supervisor: it counts only in calibration.
    sql = (
        f"{alias}.status = 'sent' AND {alias}.calibration_of IS NULL "
        f"AND {alias}.observed_at >= ? AND {alias}.observed_at < ?"
    )
    params: list = [f.since, f.until]
    if scope.department_ids is not None:
        sql += f" AND {alias}.department_id IN (SELECT unnest(?::UUID[]))"
        params.append(list(scope.department_ids))
    if f.kind is not None:
        sql += f" AND {alias}.kind = ?"
        params.append(f.kind.value)
    if f.handbook_version:
        sql += f" AND {alias}.handbook_version = ?"
        params.append(f.handbook_version)
    return sql, params


def _rating_where(scope: Scope, alias: str = "r") -> tuple[str, list]:
    """The client ratings every rating figure counts: the period, the departments and the chosen
    channels (Filters.channels; none chosen: every channel)."""
    f = scope.filters
    sql = f"{alias}.created_at >= ? AND {alias}.created_at < ? AND {stored_ratings.counted(alias)}"
    params: list = [f.since, f.until]
    if scope.department_ids is not None:
        sql += f" AND {alias}.department_id IN (SELECT unnest(?::UUID[]))"
        params.append(list(scope.department_ids))
    if f.channels:
        sql += f" AND {alias}.channel IN (SELECT unnest(?::VARCHAR[]))"
        params.append(list(f.channels))
    return sql, params


def _frame(db: Database, sql: str, params: list) -> pd.DataFrame:
    cursor = db.cursor()
    try:
        return cursor.execute(sql, params).df()
    finally:
        cursor.close()


def headline(db: Database, scope: Scope, handbook_version: str) -> dict:
    """The tiles' counts and sums in one statement (one round trip): observations with their
    score sums and distinct employees, critical breaches, client ratings (count, satisfied, mean,
    standard deviation), and the active employees who acknowledged `handbook_version`."""
    observation_where, observation_params = _observation_where(scope)
    rating_where, rating_params = _rating_where(scope)
    employees_where = "e.active"
    employee_params: list = [handbook_version]
    if scope.department_ids is not None:
        employees_where += " AND e.department_id IN (SELECT unnest(?::UUID[]))"
        employee_params.append(list(scope.department_ids))
    row = db.query_dicts(
        f"SELECT * FROM (SELECT count(*) AS observations, {score_sums(employees=True)}, "
        f"sum(o.n_critical) AS critical FROM observations o WHERE {observation_where}) seen, "
        f"(SELECT count(*) AS ratings, count(*) FILTER (WHERE overall >= 4) AS satisfied, "
        f"sum(overall) AS rating_sum, sum(overall * overall) AS rating_squares FROM client_ratings r "
        f"WHERE {rating_where}) rated, "
        f"(SELECT count(*) AS active_employees, count(a.id) AS acknowledged FROM employees e "
        f"LEFT JOIN acknowledgements a ON a.employee_id = e.id AND a.handbook_version = ? "
        f"WHERE {employees_where}) acknowledged",
        [*observation_params, *rating_params, *employee_params],
    )[0]
    # Mean and sample standard deviation of the 1–5 ratings from exact integer sums: a third of
    # the time of DuckDB's avg() and stddev_samp() over a year of ratings.
    n, total, squares = row.pop("ratings"), row.pop("rating_sum"), row.pop("rating_squares")
    mean = total / n if n else None
    sd = math.sqrt((n * squares - total * total) / (n * (n - 1))) if n > 1 else None
    return {**row, "ratings": n, "mean_rating": mean, "sd_rating": sd}


def monthly_scores(db: Database, scope: Scope) -> pd.DataFrame:
    """Per department and month: observations sent and the score sums (see score_sums)."""
    where, params = _observation_where(scope)
    return _frame(
        db,
        _named(
            f"SELECT o.department_id, date_trunc('month', o.observed_at)::DATE AS month, "
            f"count(*) AS observations, {score_sums()} FROM observations o WHERE {where} GROUP BY ALL",
            "department, department_id, month",
        ),
        params,
    )


def monthly_satisfaction(db: Database, scope: Scope) -> pd.DataFrame:
    where, params = _rating_where(scope)
    return _frame(
        db,
        _named(
            f"SELECT r.department_id, date_trunc('month', r.created_at)::DATE AS month, count(*) AS ratings, "
            f"count(*) FILTER (WHERE r.overall >= 4) AS satisfied, avg(r.overall) AS mean_rating "
            f"FROM client_ratings r WHERE {where} GROUP BY ALL",
            "department, department_id, month",
            ratings=True,
        ),
        params,
    )


CRITERIA = {
    "overall": "Ocena ogólna",
    "rating_time": "Czas załatwienia sprawy",
    "rating_manner": "Sposób obsługi",
    "rating_conditions": "Warunki obsługi",
    "rating_forms": "Dostępność druków",
    "rating_information": "Pełna informacja",
}


def satisfaction_by_criterion(db: Database, scope: Scope) -> pd.DataFrame:
    where, params = _rating_where(scope)
    selects = ", ".join(
        f"count({c}) AS n_{c}, count(*) FILTER (WHERE {c} >= 4) AS satisfied_{c}, avg({c}) AS mean_{c}"
        for c in CRITERIA
    )
    row = db.query_dicts(f"SELECT {selects} FROM client_ratings r WHERE {where}", params)[0]
    return pd.DataFrame(
        [
            {
                "criterion": c,
                "label": label,
                "ratings": row[f"n_{c}"],
                "satisfied": row[f"satisfied_{c}"],
                "mean_rating": row[f"mean_{c}"],
            }
            for c, label in CRITERIA.items()
        ]
    )


def rating_distribution(db: Database, scope: Scope) -> dict[int, int]:
    """How many overall ratings of each value 1–5 (a value nobody gave: 0), for the report."""
    where, params = _rating_where(scope)
    counts = dict(
        db.query(f"SELECT r.overall, count(*) FROM client_ratings r WHERE {where} GROUP BY 1", params)
    )
    return {value: counts.get(value, 0) for value in range(1, 6)}


def department_standard(db: Database, scope: Scope) -> pd.DataFrame:
    """Heat map cells: the score sums of each standard per department (one row per standard asked
    in an observation, so n counts the observations that scored the standard)."""
    where, params = _observation_where(scope)
    return _frame(
        db,
        _named(
            f"SELECT o.department_id, s.standard_id, {score_sums('s')} "
            f"FROM observation_standard_scores s JOIN observations o ON o.id = s.observation_id "
            f"WHERE {where} GROUP BY ALL",
            "department, department_id, standard_id",
        ),
        params,
    )


def item_results(
    db: Database, scope: Scope, *, standard_id: str | None = None, limit: int = 15
) -> pd.DataFrame:
    """Items by how often they were unmet (the Pareto), optionally within one standard:
    item_id, standard_id, not_met, scored (answers "tak" or "nie"), most often unmet first.

    A year holds millions of answers. Across all standards the ranking is found from the "nie"
    answers alone (about a tenth of them), and only the listed items' answers are then counted
    in full. Within one standard (a few dozen items, usually all listed), or when fewer items
    than `limit` were ever unmet, every answer is counted in one pass."""
    where, params = _observation_where(scope)
    if standard_id:
        where += " AND a.standard_id = ?"
        params.append(standard_id)
    answers = f"FROM observation_answers a JOIN observations o ON o.id = a.observation_id WHERE {where}"
    top = (
        None
        if standard_id
        else _frame(
            db,
            f"SELECT a.item_id, count(*) AS not_met {answers} AND a.answer = 'nie' "
            f"GROUP BY a.item_id ORDER BY not_met DESC, a.item_id LIMIT ?",
            [*params, limit],
        )
    )
    if top is None or len(top) < limit:
        return _frame(
            db,
            f"SELECT a.item_id, min(a.standard_id) AS standard_id, "
            f"count(*) FILTER (WHERE a.answer = 'nie') AS not_met, "
            f"count(*) FILTER (WHERE a.answer IN ('tak', 'nie')) AS scored {answers} "
            f"GROUP BY a.item_id ORDER BY not_met DESC, a.item_id LIMIT ?",
            [*params, limit],
        )
    scored = _frame(
        db,
        f"SELECT a.item_id, min(a.standard_id) AS standard_id, "
        f"count(*) FILTER (WHERE a.answer IN ('tak', 'nie')) AS scored {answers} "
        f"AND a.item_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY a.item_id",
        [*params, list(top["item_id"])],
    )
    return top.merge(scored, on="item_id", how="left")[["item_id", "standard_id", "not_met", "scored"]]


def total_not_met(db: Database, scope: Scope) -> int:
    where, params = _observation_where(scope)
    return db.scalar(f"SELECT sum(n_not_met) FROM observations o WHERE {where}", params) or 0


def rating_hours(db: Database, scope: Scope) -> pd.DataFrame:
    """Client ratings by ISO weekday (1 = Monday) and hour of day. Paper questionnaires are left
    out: they carry a date only and are stored at noon (services.paper_survey), which would pile
    them up at 12:00."""
    where, params = _rating_where(scope)
    return _frame(
        db,
        f"SELECT CAST(extract(isodow FROM r.created_at) AS BIGINT) AS weekday, "
        f"CAST(extract(hour FROM r.created_at) AS BIGINT) AS hour, count(*) AS ratings, "
        f"avg(r.overall) AS mean_rating, count(*) FILTER (WHERE r.overall >= 4) AS satisfied "
        f"FROM client_ratings r WHERE {where} AND r.channel <> '{PAPER}' GROUP BY ALL ORDER BY weekday, hour",
        params,
    )


def ratings_by_channel(db: Database, scope: Scope) -> pd.DataFrame:
    """Counted ratings per channel in the scope (columns channel, ratings): a row for each channel
    of the filter (every channel when none is chosen), in CHANNELS order, 0 for a channel unused."""
    where, params = _rating_where(scope)
    counts = dict(
        db.query(f"SELECT r.channel, count(*) FROM client_ratings r WHERE {where} GROUP BY 1", params)
    )
    channels = scope.filters.channels or CHANNELS
    return pd.DataFrame({"channel": list(channels), "ratings": [counts.get(c, 0) for c in channels]})


def coverage(db: Database, scope: Scope) -> pd.DataFrame:
    """Per department and standard: scored answers (0 = never observed) and 'not observed' answers.

    Summed from the per-standard tallies stored with each sent observation (one row per
    standard asked) rather than counted in its answers: the same numbers from a table
    about eight times smaller."""
    where, params = _observation_where(scope)
    return _frame(
        db,
        _named(
            f"SELECT o.department_id, s.standard_id, sum(s.n_met + s.n_not_met) AS scored, "
            f"sum(s.n_not_observed) AS not_observed "
            f"FROM observation_standard_scores s JOIN observations o ON o.id = s.observation_id "
            f"WHERE {where} GROUP BY ALL",
            "department, department_id, standard_id",
        ),
        params,
    )


def module_use(db: Database, scope: Scope) -> pd.DataFrame:
    """How many observations per department switched each difficult-situation module on."""
    where, params = _observation_where(scope)
    return _frame(
        db,
        _named(
            f"SELECT o.department_id, m.module, count(*) AS observations FROM observations o, "
            f"unnest(string_split(o.modules, ',')) AS m(module) WHERE {where} AND o.modules <> '' GROUP BY ALL",
            "department, department_id, module",
        ),
        params,
    )


def calibration_pairs(db: Database, scope: Scope) -> pd.DataFrame:
    """How often each pair of answers (first observer, second observer) was given to the same
    item of the same visit, per standard: columns standard_id, answer_a, answer_b, pairs.

    The linked observations are found first and only their answers are read; the pairs are
    counted in the database (a year holds some 200 000 item pairs)."""
    where, params = _observation_where(scope, "o1")
    return _frame(
        db,
        f"WITH linked AS MATERIALIZED ("
        f"SELECT o1.id AS first_id, o2.id AS second_id FROM observations o2 "
        f"JOIN observations o1 ON o1.id = o2.calibration_of WHERE {where} AND o2.status = 'sent'), "
        f"answers AS MATERIALIZED ("
        f"SELECT observation_id, item_id, standard_id, answer FROM observation_answers "
        f"WHERE answer IS NOT NULL "
        f"AND observation_id IN (SELECT first_id FROM linked UNION ALL SELECT second_id FROM linked)) "
        f"SELECT a1.standard_id, a1.answer AS answer_a, a2.answer AS answer_b, count(*) AS pairs "
        f"FROM linked l JOIN answers a1 ON a1.observation_id = l.first_id "
        f"JOIN answers a2 ON a2.observation_id = l.second_id AND a2.item_id = a1.item_id "
        f"GROUP BY ALL ORDER BY ALL",
        params,
    )


def critical_breaches(db: Database, scope: Scope, limit: int = 200) -> pd.DataFrame:
    """Critical breaches with date, department and item; no names (department-level screen)."""
    where, params = _observation_where(scope)
    return _frame(
        db,
        _named(
            f"SELECT o.observed_at, o.department_id, a.item_id, a.comment FROM observation_answers a "
            f"JOIN observations o ON o.id = a.observation_id "
            f"WHERE {where} AND a.critical AND a.answer = 'nie' ORDER BY o.observed_at DESC LIMIT ?",
            "observed_at DESC",
        ),
        [*params, limit],
    )


def item_observations(
    db: Database, scope: Scope, item_id: str, *, with_names: bool, limit: int = 200
) -> pd.DataFrame:
    """Drill-down: the observations behind one item. Names only when the viewer may see them."""
    where, params = _observation_where(scope)
    name = "e.first_name || ' ' || e.last_name" if with_names else "NULL"
    return _frame(  # the newest answers first, then their department and employee (as _named)
        db,
        f"SELECT g.observed_at, {DEPARTMENT}, {name} AS employee, g.answer, g.comment FROM ("
        f"SELECT o.observed_at, o.department_id, o.employee_id, a.answer, a.comment "
        f"FROM observation_answers a JOIN observations o ON o.id = a.observation_id "
        f"WHERE {where} AND a.item_id = ? AND a.answer IS NOT NULL ORDER BY o.observed_at DESC LIMIT ?) g "
        f"JOIN departments d ON d.id = g.department_id LEFT JOIN employees e ON e.id = g.employee_id "
        f"ORDER BY g.observed_at DESC",
        [*params, item_id, limit],
    )


def employee_scores(db: Database, scope: Scope) -> pd.DataFrame:
    """Per-employee results (score sums of the employee's observations): only for management and
    the employee's own supervisor."""
    where, params = _observation_where(scope)
    return _frame(
        db,
        f"SELECT g.employee_id, e.last_name || ' ' || e.first_name AS employee, {DEPARTMENT}, "
        f"g.* EXCLUDE (employee_id, department_id) FROM ("
        f"SELECT o.employee_id, o.department_id, count(*) AS observations, {score_sums()}, "
        f"sum(o.n_critical) AS critical FROM observations o WHERE {where} AND o.employee_id IS NOT NULL "
        f"GROUP BY ALL) g JOIN employees e ON e.id = g.employee_id JOIN departments d ON d.id = g.department_id "
        f"ORDER BY department, department_id, employee, employee_id",
        params,
    )


def employee_standard_scores(db: Database, employee_id, since: datetime | None) -> list[dict]:
    """One employee's score sums per standard over sent observations since a moment (all when
    None), for the conversation form: the minimum-n rule then counts that employee's observations."""
    return db.query_dicts(
        f"SELECT s.standard_id, {score_sums('s')} "
        "FROM observation_standard_scores s JOIN observations o ON o.id = s.observation_id "
        "WHERE o.employee_id = ? AND o.status = 'sent' AND o.calibration_of IS NULL AND o.observed_at >= ? "
        "GROUP BY s.standard_id ORDER BY s.standard_id",
        [employee_id, since or BEGINNING],
    )


def approved_comments(
    db: Database, scope: Scope, overall: list[int] | None = None, limit: int = 200
) -> pd.DataFrame:
    where, params = _rating_where(scope)
    if overall:
        where += " AND r.overall IN (SELECT unnest(?::INTEGER[]))"
        params.append(list(overall))
    # Ties broken by the rating's id: paper questionnaires of one day share their moment (noon), and
    # the same filter must list the same comments in the same order at every load.
    return _frame(
        db,
        _named(
            f"SELECT r.created_at, r.department_id, r.overall, r.comment, r.id AS rating_id "
            f"FROM client_ratings r WHERE {where} AND r.comment_status = 'approved' "
            f"ORDER BY r.created_at DESC, r.id LIMIT ?",
            "created_at DESC, rating_id",
            ratings=True,
        ),
        [*params, limit],
    ).drop(columns="rating_id")


def handbook_versions(db: Database) -> list[str]:
    return [r[0] for r in db.query("SELECT DISTINCT handbook_version FROM observations ORDER BY 1")]
