"""The observation plan (services/observation_plan.py): progress counted against a pandas oracle
on a demo office and against hand-counted numbers on a small one, the cap per employee, who is
due and in which order, standards never observed, departments behind, scopes, validation with
Polish messages, copying the previous quarter, the audit entries and the demo plans.

The office's date is fixed (TODAY, in the fourth quarter of 2026). Expected values come from
plain SQL and pandas on the tables or from counting by hand, never from the code under test.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from accounts.roles import Role
from accounts.service import CurrentUser
from checklists.loading import current_checklists
from data import demo_plan
from services import audit_trail
from services import observation_plan as service
from services.observation_plan import PlanError
from services.organisation import InputError
from storage import users
from storage.departments import add_department, update_department
from storage.employees import add_employee, update_employee
from tests.seeding import NA, NO, N, T, add_observation, demo_database

CHECKLISTS = current_checklists()
TODAY = date(2026, 11, 20)  # Q4 2026: 1 October – 31 December, 92 days, 50 of them over
Q4 = datetime(2026, 10, 1)
STANDARDS = [s.id for s in CHECKLISTS.standards]
FIRST, SECOND = CHECKLISTS.standards[0], CHECKLISTS.standards[1]


@pytest.fixture(autouse=True)
def office_clock(monkeypatch):
    monkeypatch.setattr(service, "now", lambda: datetime.combine(TODAY, datetime.min.time()).replace(hour=9))


def user(db, office, login) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"][login]))


def plan(db, office, department, login="starosta", year=2026, quarter=4, **counts) -> bool:
    return service.set_plan(
        db, user(db, office, login), office["departments"][department], year, quarter, counts
    )


def observe(db, office, employee, at, *, kind="in_person", status="sent", calibration_of=None, answers=None):
    """A sent observation of `employee` (None: a premises audit of KM) with one item answered."""
    department = "GK" if employee in ("wisniewska", "zielinski") else "KM"
    return add_observation(
        db,
        department=office["departments"][department],
        employee=None if employee is None else office["employees"][employee],
        observer=office["accounts"][f"kierownik.{department.lower()}"],
        at=at,
        answers=answers or {FIRST.items[0].id: T},
        kind=kind,
        status=status,
        calibration_of=calibration_of,
    )


def by_code(rows) -> dict:
    return {row.code: row for row in rows}


# --- quarters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 1), (2026, 1)),
        (date(2026, 3, 31), (2026, 1)),
        (date(2026, 4, 1), (2026, 2)),
        (date(2026, 9, 30), (2026, 3)),
        (date(2026, 12, 31), (2026, 4)),
    ],
)
def test_quarter_of(day, expected):
    assert service.quarter_of(day) == expected


def test_quarter_bounds_and_the_previous_quarter():
    assert service.quarter_bounds(2026, 4) == (date(2026, 10, 1), date(2027, 1, 1))
    assert service.quarter_bounds(2027, 1) == (date(2027, 1, 1), date(2027, 4, 1))
    assert service.previous_quarter(2027, 1) == (2026, 4)
    assert service.previous_quarter(2026, 3) == (2026, 2)


# --- counting on a small office, by hand --------------------------------------------------


@pytest.fixture
def observed(db, office):
    """KM: 2 in person + 1 phone per employee, 1 premises audit; GK: 1 in person per employee.

    Observations of Q4 that count: Kowalska 5 in person (2 count: the cap) and 1 phone, Nowak
    none (his last was in Q3), 2 premises audits of KM (1 counts), Wiśniewska 1 in person.
    Not counted: a draft and a deleted observation of Nowak, a calibration repeat of Nowak's Q3
    observation made in Q4, Q3's observations."""
    plan(db, office, "KM", in_person=2, phone=1, premises=1)
    plan(db, office, "GK", in_person=1)
    for day in range(5):
        observe(db, office, "kowalska", Q4 + timedelta(days=3 + day, hours=9))
    observe(db, office, "kowalska", Q4 + timedelta(days=20, hours=10), kind="phone")
    observe(db, office, None, Q4 + timedelta(days=4, hours=9), kind="premises")
    observe(db, office, None, Q4 + timedelta(days=30, hours=9), kind="premises")
    nowak_q3 = observe(db, office, "nowak", datetime(2026, 8, 12, 10))
    observe(db, office, "nowak", Q4 + timedelta(days=6, hours=9), status="draft")
    observe(db, office, "nowak", Q4 + timedelta(days=7, hours=9), status="deleted")
    observe(db, office, "nowak", Q4 + timedelta(days=8, hours=9), calibration_of=nowak_q3)
    observe(db, office, "wisniewska", Q4 + timedelta(days=15, hours=11))
    observe(db, office, "zielinski", datetime(2026, 9, 29, 12))


def test_counts_are_capped_per_employee_and_kind(db, office, observed):
    rows = by_code(service.progress(db, user(db, office, "starosta"), 2026, 4))
    # KM: Kowalska 2 (of 5) in person + 1 phone, Nowak 0, premises 1 (of 2); planned 2·(2+1) + 1
    assert (rows["KM"].done, rows["KM"].planned) == (4, 7)
    assert (rows["GK"].done, rows["GK"].planned) == (1, 2)
    assert rows["KM"].plan == {"in_person": 2, "phone": 1, "premises": 1}
    assert rows["KM"].employees == 2


def test_who_is_due_never_observed_first_then_the_longest_ago(db, office, observed):
    rows = by_code(service.progress(db, user(db, office, "starosta"), 2026, 4))
    [nowak] = rows["KM"].due  # Kowalska has done her plan
    assert (nowak.name, nowak.done, nowak.planned) == ("Jan Nowak", 0, 3)
    assert nowak.last_observed_at == datetime(2026, 8, 12, 10)  # the calibration repeat is not his
    [zielinski] = rows["GK"].due
    assert zielinski.last_observed_at == datetime(2026, 9, 29, 12)
    # a new GK employee never observed comes before Zieliński, observed in September
    add_employee(
        db, {"department_id": office["departments"]["GK"], "first_name": "Ola", "last_name": "Adamska"}, "t"
    )
    due = by_code(service.progress(db, user(db, office, "starosta"), 2026, 4))["GK"].due
    assert [(p.name, p.last_observed_at) for p in due] == [
        ("Ola Adamska", None),
        ("Piotr Zieliński", datetime(2026, 9, 29, 12)),
    ]
    # and she counts in the plan for the whole quarter, though she joined in its middle
    assert by_code(service.progress(db, user(db, office, "starosta"), 2026, 4))["GK"].planned == 3


def test_inactive_employees_and_departments_are_not_planned(db, office, observed):
    update_employee(db, office["employees"]["nowak"], {"active": False}, "t")
    update_department(
        db, office["departments"]["GK"], name="Wydział Geodezji i Kartografii", active=False, actor="t"
    )
    rows = by_code(service.progress(db, user(db, office, "starosta"), 2026, 4))
    assert set(rows) == {"KM"}
    assert (rows["KM"].done, rows["KM"].planned, rows["KM"].due) == (4, 4, [])


def test_a_past_quarter_shows_its_own_counts(db, office, observed):
    """Q3 has no plan: nothing planned, nothing due; the observations of Q3 are not Q4's."""
    rows = by_code(service.progress(db, user(db, office, "starosta"), 2026, 3))
    assert (rows["KM"].done, rows["KM"].planned, rows["KM"].due) == (0, 0, [])
    assert rows["KM"].plan == {}


def test_standards_never_observed_need_an_answer_tak_or_nie(db, office):
    """KM: FIRST observed in Q3 only (tak), SECOND only answered "nie dotyczy" and "nie
    zaobserwowano" (not observed); the third standard answered "nie" in Q4."""
    third = CHECKLISTS.standards[2]
    observe(db, office, "kowalska", datetime(2026, 8, 3, 9), answers={FIRST.items[0].id: T})
    observe(
        db,
        office,
        "kowalska",
        Q4 + timedelta(days=10, hours=9),
        answers={SECOND.items[0].id: NA, SECOND.items[1].id: NO, third.items[0].id: N},
    )
    observe(db, office, "wisniewska", Q4 + timedelta(days=10, hours=9), answers={SECOND.items[0].id: T})
    rows = by_code(service.progress(db, user(db, office, "starosta"), 2026, 4))
    assert rows["KM"].never_observed_standards == [s for s in STANDARDS if s not in (FIRST.id, third.id)]
    assert rows["KM"].unobserved_in_quarter == [s for s in STANDARDS if s != third.id]
    assert rows["GK"].never_observed_standards == [s for s in STANDARDS if s != SECOND.id]
    # the same from the answer rows themselves
    seen_ever = {
        s
        for (s,) in db.query(
            "SELECT DISTINCT a.standard_id FROM observation_answers a JOIN observations o ON o.id = a.observation_id "
            "WHERE o.department_id = ? AND a.answer IN ('tak', 'nie')",
            [office["departments"]["KM"]],
        )
    }
    assert rows["KM"].never_observed_standards == [s for s in STANDARDS if s not in seen_ever]


# --- counting on a demo office, against pandas ----------------------------------------------


@pytest.fixture(scope="module")
def demo_office(tmp_path_factory):
    database = demo_database(
        tmp_path_factory.mktemp("plan") / "demo.duckdb",
        months=5,
        ratings=0,
        observations=600,
        seed=21,
        end=datetime(2026, 11, 20, 15, 0),
    )
    demo_plan.add_plans(database, CHECKLISTS, np.random.default_rng(4), TODAY)
    yield database
    database.close()


def oracle(db, year: int, quarter: int) -> dict:
    """{department code: (done, planned)} from the tables with pandas: each employee's counted
    observations per kind, capped at the plan, plus the department's capped premises audits."""
    start = pd.Timestamp(year, 3 * quarter - 2, 1)
    end = start + pd.DateOffset(months=3)
    cursor = db.cursor()
    observations = cursor.execute("SELECT * FROM observations").df()
    employees = cursor.execute("SELECT id, department_id FROM employees WHERE active").df()
    departments = cursor.execute("SELECT id, code FROM departments WHERE active").df()
    plans = cursor.execute(
        "SELECT * FROM observation_plan WHERE year = ? AND quarter = ?", [year, quarter]
    ).df()
    cursor.close()
    counted = observations[
        (observations.status == "sent")
        & observations.calibration_of.isna()
        & (observations.observed_at >= start)
        & (observations.observed_at < end)
    ]
    result = {}
    for department in departments.itertuples():
        kinds = dict(
            plans.loc[plans.department_id == department.id, ["kind", "per_employee"]].itertuples(index=False)
        )
        staff = employees[employees.department_id == department.id]
        done = planned = 0
        for kind in ("in_person", "phone"):
            per_employee = kinds.get(kind, 0)
            n = counted[counted.kind == kind].groupby("employee_id").size()
            done += sum(min(n.get(e, 0), per_employee) for e in staff.id)
            planned += per_employee * len(staff)
        audits = kinds.get("premises", 0)
        done += min(((counted.kind == "premises") & (counted.department_id == department.id)).sum(), audits)
        result[department.code] = (int(done), int(planned + audits))
    return result


@pytest.mark.parametrize("quarter", [3, 4])
def test_progress_matches_a_pandas_oracle_on_a_demo_office(demo_office, quarter):
    manager = CurrentUser(
        id=None,
        login="m",
        role=Role.MANAGEMENT,
        display_name="M",
        employee_id=None,
        department_ids=(),
        language="pl",
    )
    rows = service.progress(demo_office, manager, 2026, quarter)
    expected = oracle(demo_office, 2026, quarter)
    assert {row.code: (row.done, row.planned) for row in rows} == expected
    assert len(expected) == 10 and all(planned > 0 for _, planned in expected.values())
    assert any(done < planned for done, planned in expected.values())  # something is still due
    assert service.office_completion(demo_office, manager, 2026, quarter) == tuple(
        map(sum, zip(*expected.values(), strict=True))
    )


def test_the_demo_writes_a_plan_for_this_quarter_and_the_one_before(demo_office):
    for year, quarter in ((2026, 3), (2026, 4)):
        rows = demo_office.query(
            "SELECT d.code, count(*), min(p.per_employee), max(p.per_employee) FROM observation_plan p "
            "JOIN departments d ON d.id = p.department_id WHERE year = ? AND quarter = ? GROUP BY ALL",
            [year, quarter],
        )
        assert len(rows) == 10  # every demo department
        assert all(n >= 2 and low >= 1 and high <= 3 for _, n, low, high in rows)
    assert demo_office.scalar("SELECT count(DISTINCT (year, quarter)) FROM observation_plan") == 2


# --- behind the plan ---------------------------------------------------------------------


def test_behind_compares_with_the_share_of_the_quarter_already_over(db, office, observed):
    """On 20 November 50 of Q4's 92 days are over: KM is to have ⌊7·50/92⌋ = 3 (has 4), GK
    ⌊2·50/92⌋ = 1 (has 1). With 3 per employee in GK it is to have ⌊6·50/92⌋ = 3 and has 1."""
    assert service.behind(db, TODAY) == []
    plan(db, office, "GK", in_person=3)
    [late] = service.behind(db, TODAY)
    assert (late.code, late.done, late.planned) == ("GK", 1, 6)
    assert service.behind(db, date(2026, 10, 1)) == []  # nothing is over on the first day
    # on the last day KM, at 4 of 7, is to have ⌊7·91/92⌋ = 6 as well
    assert {row.code for row in service.behind(db, date(2026, 12, 31))} == {"GK", "KM"}


def test_a_department_without_a_plan_is_never_behind(db, office):
    observe(db, office, "kowalska", Q4 + timedelta(days=3, hours=9))
    assert service.behind(db, date(2026, 12, 31)) == []


# --- scopes ------------------------------------------------------------------------------


def test_a_supervisor_sees_only_their_departments_and_others_none(db, office, observed):
    assert [r.code for r in service.progress(db, user(db, office, "kierownik.km"), 2026, 4)] == ["KM"]
    assert service.office_completion(db, user(db, office, "kierownik.km"), 2026, 4) == (4, 7)
    assert service.office_completion(db, user(db, office, "starosta"), 2026, 4) == (5, 9)
    for login in ("kowalska", "admin"):
        assert service.progress(db, user(db, office, login), 2026, 4) == []
        assert service.office_completion(db, user(db, office, login), 2026, 4) == (0, 0)


# --- setting the plan ----------------------------------------------------------------------


def stored_plan(db) -> list[tuple]:
    return db.query(
        "SELECT department_id, year, quarter, kind, per_employee FROM observation_plan ORDER BY ALL"
    )


def plan_entries(db) -> list[dict]:
    return db.query_dicts(
        "SELECT actor, action, before, after FROM audit_log WHERE entity = 'observation_plan' ORDER BY happened_at"
    )


def test_management_sets_a_plan_stored_and_audited(db, office):
    km = office["departments"]["KM"]
    assert plan(db, office, "KM", year=2027, quarter=1, in_person=2, phone=0, premises=1) is True
    assert stored_plan(db) == [(km, 2027, 1, "in_person", 2), (km, 2027, 1, "premises", 1)]  # 0: no row
    [entry] = plan_entries(db)
    assert (entry["actor"], entry["action"], json.loads(entry["before"])) == ("starosta", "update", {})
    assert json.loads(entry["after"]) == {
        "department_id": str(km),
        "quarter": "2027-Q1",
        "plan_in_person": 2,
        "plan_premises": 1,
    }
    assert plan(db, office, "KM", year=2027, quarter=1, in_person=2, premises=1) is False  # unchanged
    assert len(plan_entries(db)) == 1
    assert plan(db, office, "KM", year=2027, quarter=1, in_person=3) is True
    assert stored_plan(db) == [(km, 2027, 1, "in_person", 3)]
    second = plan_entries(db)[1]
    assert json.loads(second["before"]) == {"plan_in_person": 2, "plan_premises": 1}
    assert json.loads(second["after"])["plan_premises"] == 0


def test_the_audit_log_names_the_department_the_quarter_and_the_numbers(db, office):
    plan(db, office, "KM", year=2027, quarter=1, in_person=2)
    plan(db, office, "KM", year=2027, quarter=1, in_person=3, premises=1)
    admin = user(db, office, "admin")
    filters = audit_trail.LogFilters(entity="observation_plan")
    changed, created = audit_trail.read_log(db, admin, filters, 1, "pl").entries
    assert (created.who, created.action, created.subject) == ("starosta", "zmiana", "plan obserwacji")
    assert changed.details == [
        "wydział: Wydział Komunikacji",
        "plan: obsługa bezpośrednia (na pracownika): 2 → 3",
        "plan: audyt stanowiska i informacji (na wydział): 1",
        "kwartał: 2027-Q1",
    ]


def test_the_current_quarter_may_be_set(db, office):
    assert plan(db, office, "KM", year=2026, quarter=4, in_person=20) is True


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"year": 2026, "quarter": 3, "in_person": 2}, "III kwartał 2026 już minął"),
        ({"year": 2025, "quarter": 4, "in_person": 2}, "już minął"),
        ({"in_person": -1}, "Obsługa bezpośrednia: liczba obserwacji musi być liczbą całkowitą od 0 do 20."),
        ({"phone": 21}, "Rozmowa telefoniczna: liczba obserwacji musi być liczbą całkowitą od 0 do 20."),
        ({"premises": 1.5}, "liczbą całkowitą"),
        ({"premises": "2"}, "liczbą całkowitą"),
        ({"in_person": True}, "liczbą całkowitą"),
        ({"lunch": 1}, "Nieznany rodzaj obserwacji."),
        ({"quarter": 5, "in_person": 1}, "Nieprawidłowy kwartał."),
        ({"login": "kierownik.km", "in_person": 1}, "Plan obserwacji ustala kierownictwo"),  # own department
        (
            {"login": "kierownik.gk", "department": "KM", "in_person": 1},
            "ustala kierownictwo",
        ),  # outside scope
        ({"login": "kowalska", "in_person": 1}, "ustala kierownictwo"),
        ({"login": "admin", "in_person": 1}, "ustala kierownictwo"),
    ],
)
def test_bad_input_is_refused_in_polish_and_nothing_is_stored(db, office, arguments, message):
    arguments = {"department": "KM"} | arguments
    with pytest.raises(InputError, match=message):
        plan(db, office, **arguments)
    assert stored_plan(db) == [] and plan_entries(db) == []


def test_the_department_must_exist_and_be_active(db, office):
    manager = user(db, office, "starosta")
    with pytest.raises(PlanError, match="Wybierz wydział"):
        service.set_plan(db, manager, None, 2026, 4, {"in_person": 1})
    with pytest.raises(PlanError, match="Nie ma takiego aktywnego wydziału"):
        service.set_plan(
            db, manager, office["accounts"]["starosta"], 2026, 4, {"in_person": 1}
        )  # not a department
    closed = add_department(db, "ZZ", "Wydział zlikwidowany", "t")
    update_department(db, closed, name="Wydział zlikwidowany", active=False, actor="t")
    with pytest.raises(PlanError, match="Nie ma takiego aktywnego wydziału"):
        service.set_plan(db, manager, closed, 2026, 4, {"in_person": 1})
    assert stored_plan(db) == []


# --- copying the previous quarter ---------------------------------------------------------


def test_copy_fills_departments_without_a_plan_and_keeps_those_with_one(db, office):
    km, gk = office["departments"]["KM"], office["departments"]["GK"]
    plan(db, office, "KM", in_person=2, premises=1)
    plan(db, office, "GK", in_person=1, phone=1)
    plan(db, office, "GK", year=2027, quarter=1, in_person=4)  # already set: stays
    assert service.copy_previous(db, user(db, office, "starosta"), 2027, 1) == 1
    assert {row for row in stored_plan(db) if row[1:3] == (2027, 1)} == {
        (km, 2027, 1, "in_person", 2),
        (km, 2027, 1, "premises", 1),
        (gk, 2027, 1, "in_person", 4),
    }
    assert len(plan_entries(db)) == 4  # three plans set, one department copied
    assert service.copy_previous(db, user(db, office, "starosta"), 2027, 1) == 0  # nothing left to fill


def test_copy_is_refused_without_a_previous_plan_for_supervisors_and_into_the_past(db, office):
    with pytest.raises(
        PlanError, match=r"Poprzedni kwartał \(IV kwartał 2026\) nie ma planu do skopiowania."
    ):
        service.copy_previous(db, user(db, office, "starosta"), 2027, 1)
    plan(db, office, "KM", in_person=2)
    with pytest.raises(PlanError, match="ustala kierownictwo"):
        service.copy_previous(db, user(db, office, "kierownik.km"), 2027, 1)
    with pytest.raises(PlanError, match="już minął"):
        service.copy_previous(db, user(db, office, "starosta"), 2026, 3)
    assert len(stored_plan(db)) == 1
