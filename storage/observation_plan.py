"""The observation plan: how many observations of each kind per employee (per department for a
premises audit) each department is to have in a quarter, and the counts it is measured against.

A plan row with 0 is never stored: no row means nothing planned. Only observations that count
are read: sent ones (status 'sent'), not calibration repeats. The plan is in no dashboard figure
cached by analytics.cache, so its writes declare NO_FIGURES.
"""

from __future__ import annotations

from datetime import datetime

from storage import audit
from storage.db import NO_FIGURES, Database, now

ENTITY = "observation_plan"
# The observations a plan counts: sent, and not an independent repeat made for calibration.
_COUNTED = "o.status = 'sent' AND o.calibration_of IS NULL"


def plan(db: Database, year: int, quarter: int) -> dict:
    """{department_id: {kind: per_employee}} of every department with a plan in this quarter."""
    found: dict = {}
    for department_id, kind, per_employee in db.query(
        "SELECT department_id, kind, per_employee FROM observation_plan WHERE year = ? AND quarter = ?",
        [year, quarter],
    ):
        found.setdefault(department_id, {})[kind] = per_employee
    return found


def replace(db: Database, department_id, year: int, quarter: int, counts: dict[str, int], actor: str) -> bool:
    """Make the department's plan for the quarter `counts` ({kind: n}; a kind left out or 0 is not
    planned), with an audit entry. False, and nothing written, when it was so already."""
    return db.write(
        lambda cursor: _replace(cursor, department_id, year, quarter, counts, actor), changes=NO_FIGURES
    )


def fill_from(
    db: Database, source: tuple[int, int], target: tuple[int, int], department_ids: list, actor: str
) -> int:
    """Give each of `department_ids` without a plan in `target` the plan it had in `source`, in one
    transaction (each department audited); returns how many departments got one."""

    def work(cursor) -> int:
        filled = 0
        for department_id in department_ids:
            previous = _read(cursor, department_id, *source)
            if previous and not _read(cursor, department_id, *target):
                filled += _replace(cursor, department_id, *target, previous, actor)
        return filled

    return db.write(work, changes=NO_FIGURES)


def _read(cursor, department_id, year: int, quarter: int) -> dict[str, int]:
    cursor.execute(
        "SELECT kind, per_employee FROM observation_plan WHERE department_id = ? AND year = ? AND quarter = ?",
        [department_id, year, quarter],
    )
    return dict(cursor.fetchall())


def _replace(cursor, department_id, year: int, quarter: int, counts: dict[str, int], actor: str) -> bool:
    before = _read(cursor, department_id, year, quarter)
    after = {kind: n for kind, n in counts.items() if n}
    if after == before:
        return False
    cursor.execute(
        "DELETE FROM observation_plan WHERE department_id = ? AND year = ? AND quarter = ?",
        [department_id, year, quarter],
    )
    moment = now()
    for kind, per_employee in after.items():
        cursor.execute(
            "INSERT INTO observation_plan VALUES (?, ?, ?, ?, ?, ?, ?)",
            [department_id, year, quarter, kind, per_employee, actor, moment],
        )
    # The department and the quarter appear only in `after`, so the audit screen names them
    # (it shows what was set where nothing stood); the kinds show as "plan …: old → new".
    audit.record(
        cursor,
        actor,
        "update",
        ENTITY,
        None,
        {f"plan_{kind}": n for kind, n in before.items()},
        {"department_id": str(department_id), "quarter": f"{year}-Q{quarter}"}
        | {f"plan_{kind}": after.get(kind, 0) for kind in sorted({*before, *after})},
    )
    return True


def employee_counts(db: Database, start: datetime, end: datetime) -> dict:
    """{(employee_id, kind): number} of counted observations observed in [start, end)."""
    return {
        (employee_id, kind): n
        for employee_id, kind, n in db.query(
            f"SELECT o.employee_id, o.kind, count(*) FROM observations o WHERE {_COUNTED} "
            "AND o.employee_id IS NOT NULL AND o.observed_at >= ? AND o.observed_at < ? GROUP BY ALL",
            [start, end],
        )
    }


def department_counts(db: Database, kind: str, start: datetime, end: datetime) -> dict:
    """{department_id: number} of counted observations of `kind` observed in [start, end)."""
    return dict(
        db.query(
            f"SELECT o.department_id, count(*) FROM observations o WHERE {_COUNTED} AND o.kind = ? "
            "AND o.observed_at >= ? AND o.observed_at < ? GROUP BY ALL",
            [kind, start, end],
        )
    )


def last_observed(db: Database, before: datetime) -> dict:
    """{employee_id: moment} of each employee's latest counted observation before `before`."""
    return dict(
        db.query(
            f"SELECT o.employee_id, max(o.observed_at) FROM observations o WHERE {_COUNTED} "
            "AND o.employee_id IS NOT NULL AND o.observed_at < ? GROUP BY ALL",
            [before],
        )
    )


def observed_standards(db: Database, start: datetime, end: datetime) -> dict:
    """{department_id: {standard_id: observed in [start, end)}} of the standards that a counted
    observation before `end` observed: at least one of its items answered tak or nie (the
    per-standard tallies hold these counts, so the answer rows need not be read)."""
    rows = db.query_dicts(
        "SELECT o.department_id, s.standard_id, bool_or(o.observed_at >= ?) AS in_period "
        "FROM observations o JOIN observation_standard_scores s ON s.observation_id = o.id "
        f"WHERE {_COUNTED} AND s.n_met + s.n_not_met > 0 AND o.observed_at < ? GROUP BY ALL",
        [start, end],
    )
    found: dict = {}
    for row in rows:
        found.setdefault(row["department_id"], {})[row["standard_id"]] = row["in_period"]
    return found
