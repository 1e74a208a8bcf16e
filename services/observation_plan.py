"""The observation plan (the handbook's cyclical observation): management sets, per department and
quarter, how many observations of each kind every employee is to have (a premises audit has no
employee: its number is for the department). Supervisors see their departments' progress, who is
due next (least recently observed first) and which standards were never observed.

How progress is counted:
- only sent observations count, not calibration repeats, by the moment they were observed;
- per employee and kind at most the planned number counts, so five observations of one employee
  never make up for a colleague never observed ("18 z 24": 18 of the 24 planned are done);
- the department's active employees are planned, each for the whole quarter, also one who joined
  in the middle of it (kept simple on purpose);
- a standard counts as observed when an observation had at least one of its items answered tak
  or nie.

Scopes: management sees and edits every department; a supervisor sees their departments, read
only; nobody else sees any. Other parts call quarter_of, progress, behind and office_completion.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time

from accounts.roles import Role
from accounts.service import CurrentUser
from checklists.loading import current_checklists
from checklists.schema import Kind
from services.organisation import InputError
from storage import departments, employees
from storage import observation_plan as storage
from storage.db import Database, now

KINDS = tuple(kind.value for kind in Kind)
PER_EMPLOYEE = (Kind.IN_PERSON.value, Kind.PHONE.value)  # planned for every employee
PER_DEPARTMENT = Kind.PREMISES.value  # planned once for the department
MAX_PER_KIND = 20
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PlanError(InputError):
    """A plan change refused; the message is Polish."""


@dataclass(frozen=True)
class DueEmployee:
    id: uuid.UUID
    name: str
    done: int
    planned: int
    last_observed_at: datetime | None  # before the quarter's end; None: never observed


@dataclass(frozen=True)
class DepartmentProgress:
    department_id: uuid.UUID
    code: str
    name: str
    done: int  # counted observations, capped per employee and kind
    planned: int
    plan: dict[str, int]  # {kind: planned per employee (per department for premises)}
    employees: int  # active employees the plan counts
    due: list[DueEmployee]  # below their plan, least recently observed first
    never_observed_standards: list[str]  # standard ids never observed up to the quarter's end
    unobserved_in_quarter: list[str]  # standard ids not observed in the quarter


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """The quarter's first day and the next quarter's first day."""
    return date(year, 3 * quarter - 2, 1), date(year + quarter // 4, 3 * (quarter % 4) + 1, 1)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def quarter_name(year: int, quarter: int) -> str:
    """ "IV kwartał 2026": how the office names a quarter (in messages of this service)."""
    return f"{ROMAN[quarter]} kwartał {year}"


def may_edit(user: CurrentUser) -> bool:
    return user.role == Role.MANAGEMENT


def progress(db: Database, user: CurrentUser, year: int, quarter: int) -> list[DepartmentProgress]:
    """The progress of every active department in the user's scope, by department name."""
    scope = _scope(user)
    return [] if scope == [] else _progress(db, scope, year, quarter)


def office_completion(db: Database, user: CurrentUser, year: int, quarter: int) -> tuple[int, int]:
    """(done, planned) over the user's departments: the dashboard's "18 z 24"."""
    rows = progress(db, user, year, quarter)
    return sum(row.done for row in rows), sum(row.planned for row in rows)


def behind(db: Database, today: date) -> list[DepartmentProgress]:
    """Departments (all, for the notifier, which runs without a user) with a plan this quarter whose
    done is below the planned share of the days already over (before `today`), rounded down."""
    year, quarter = quarter_of(today)
    start, end = quarter_bounds(year, quarter)
    elapsed, length = (today - start).days, (end - start).days
    return [
        row
        for row in _progress(db, None, year, quarter)
        if row.planned > 0 and row.done < row.planned * elapsed // length
    ]


def set_plan(
    db: Database, user: CurrentUser, department_id, year: int, quarter: int, counts: dict[str, int]
) -> bool:
    """Make the department's plan for the quarter `counts` ({kind: n}, a kind left out: 0).
    False when nothing changed (nothing is written then)."""
    _check_editor(user)
    _check_quarter(year, quarter)
    if department_id is None:
        raise PlanError("Wybierz wydział.")
    department = departments.get_department(db, department_id)
    if department is None or not department["active"]:
        raise PlanError("Nie ma takiego aktywnego wydziału.")
    return storage.replace(db, department["id"], year, quarter, _counts(counts), user.login)


def copy_previous(db: Database, user: CurrentUser, year: int, quarter: int) -> int:
    """Give every active department without a plan for the quarter the plan it had in the quarter
    before; returns how many got one. Plans already set for the quarter are kept."""
    _check_editor(user)
    _check_quarter(year, quarter)
    source = previous_quarter(year, quarter)
    if not storage.plan(db, *source):
        raise PlanError(f"Poprzedni kwartał ({quarter_name(*source)}) nie ma planu do skopiowania.")
    active = [d["id"] for d in departments.list_departments(db, active_only=True)]
    return storage.fill_from(db, source, (year, quarter), active, user.login)


def _scope(user: CurrentUser) -> list | None:
    """None: every department; otherwise the department ids the user sees (maybe none)."""
    if user.role == Role.MANAGEMENT:
        return None
    return list(user.department_ids) if user.role == Role.SUPERVISOR else []


def _check_editor(user: CurrentUser) -> None:
    if not may_edit(user):
        raise PlanError("Plan obserwacji ustala kierownictwo – możesz go tylko przeglądać.")


def _check_quarter(year, quarter) -> None:
    if not (
        isinstance(year, int) and isinstance(quarter, int) and 2000 <= year <= 2100 and 1 <= quarter <= 4
    ):
        raise PlanError("Nieprawidłowy kwartał.")
    if (year, quarter) < quarter_of(now().date()):
        raise PlanError(
            f"{quarter_name(year, quarter)} już minął – planu minionego kwartału nie można zmieniać."
        )


def _counts(counts: dict[str, int]) -> dict[str, int]:
    kinds = current_checklists().handbook.kinds
    for kind, value in counts.items():
        if kind not in KINDS:
            raise PlanError("Nieznany rodzaj obserwacji.")
        # bool is an int in Python: a checkbox's True is not a number of observations
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_PER_KIND:
            raise PlanError(
                f"{kinds[Kind(kind)].title}: liczba obserwacji musi być liczbą całkowitą od 0 do {MAX_PER_KIND}."
            )
    return {kind: counts.get(kind, 0) for kind in KINDS}


def _progress(db: Database, department_ids: list | None, year: int, quarter: int) -> list[DepartmentProgress]:
    start, end = (datetime.combine(day, time()) for day in quarter_bounds(year, quarter))
    chosen = departments.list_departments(db, active_only=True, ids=department_ids)
    staff: dict = {}
    for employee in employees.list_employees(db, department_ids=[d["id"] for d in chosen]):
        staff.setdefault(employee["department_id"], []).append(employee)
    plans = storage.plan(db, year, quarter)
    counts = storage.employee_counts(db, start, end)
    premises = storage.department_counts(db, PER_DEPARTMENT, start, end)
    last = storage.last_observed(db, end)
    observed = storage.observed_standards(db, start, end)
    standards = [standard.id for standard in current_checklists().standards]
    result = []
    for department in chosen:
        plan = plans.get(department["id"], {})
        people = [
            DueEmployee(
                id=employee["id"],
                name=f"{employee['first_name']} {employee['last_name']}",
                done=sum(
                    min(counts.get((employee["id"], kind), 0), plan.get(kind, 0)) for kind in PER_EMPLOYEE
                ),
                planned=sum(plan.get(kind, 0) for kind in PER_EMPLOYEE),
                last_observed_at=last.get(employee["id"]),
            )
            for employee in staff.get(department["id"], [])
        ]
        audits = plan.get(PER_DEPARTMENT, 0)
        seen = observed.get(department["id"], {})
        result.append(
            DepartmentProgress(
                department_id=department["id"],
                code=department["code"],
                name=department["name"],
                done=sum(p.done for p in people) + min(premises.get(department["id"], 0), audits),
                planned=sum(p.planned for p in people) + audits,
                plan=plan,
                employees=len(people),
                # never observed first, then the longest ago; people listed by surname already
                due=sorted(
                    (p for p in people if p.done < p.planned),
                    key=lambda p: (p.last_observed_at is not None, p.last_observed_at or datetime.min),
                ),
                never_observed_standards=[s for s in standards if s not in seen],
                unobserved_in_quarter=[s for s in standards if not seen.get(s)],
            )
        )
    return result
