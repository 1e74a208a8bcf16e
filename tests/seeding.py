"""Test data stored exactly as the app stores it, for every test module that builds an office by
hand: observations with their answer rows and per-standard tallies, client ratings and
acknowledgements (bulk inserts, so a test can place them at any moment), and a demo office from
the demo generator. Weights and critical flags come from the checklists themselves.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

from accounts.service import CurrentUser, LoginError, authenticate, create_account
from checklists.loading import current_checklists
from checklists.schema import Kind
from data import demo
from services import observations
from storage import bulk, departments, users
from storage.db import Database, now
from tests.conftest import PASSWORD

CHECKLISTS = current_checklists()
VERSION = CHECKLISTS.version
T, N, NA, NO = "tak", "nie", "nie_dotyczy", "nie_zaobserwowano"


def fill_demo(database: Database, **options) -> Database:
    """`database` filled by data.demo.generate(**options), and returned. Without the improvement
    loop's rows unless `improvement_loop=True` is passed: most tests count their own actions,
    cases and messages."""
    demo.generate(database, **{"improvement_loop": False, **options})
    return database


def demo_database(path: Path, **options) -> Database:
    """A new DuckDB database at `path` filled by fill_demo(**options); the caller closes it."""
    return fill_demo(Database(path), **options)


def demo_office_for_a_server(server, **options) -> None:
    """A demo office (data.demo.generate(**options)) in the database of `server` (a browser test's
    LiveServer, not started yet) with an administrator "admin" (else the first start asks for one)
    and a manager "zarzad", closed before the server opens it."""
    database = fill_demo(server.open_database(), **options)
    try:
        create_account(
            database, login="admin", password=PASSWORD, role="admin", display_name="Admin", actor="test"
        )
        create_account(
            database,
            login="zarzad",
            password=PASSWORD,
            role="management",
            display_name="Zofia Zarząd",
            actor="test",
        )
    finally:
        database.close()


PAUSED_CLIENT = "10.0.0.66"  # the address paused_admin's wrong passwords came from


def paused_admin(db: Database, password: str = PASSWORD) -> None:
    """Department KM and the administrator "admin" (`password`), whose sign-ins from PAUSED_CLIENT
    are paused by five wrong passwords: what `jakosc user unlock` lifts."""
    departments.add_department(db, "KM", "Wydział Komunikacji", "test")
    create_account(db, login="admin", password=password, role="admin", display_name="Admin", actor="test")
    for _ in range(5):
        try:
            authenticate(db, "admin", "Zle-haslo-123", client=PAUSED_CLIENT)
        except LoginError:
            continue
        raise AssertionError("a wrong password signed in")


def start_draft(db: Database, supervisor_id, department_id, employee_id) -> uuid.UUID:
    """An in-person observation draft started now (to the minute) through the service by the
    supervisor account `supervisor_id`, as the tablet starts one."""
    return observations.start(
        db,
        CHECKLISTS,
        CurrentUser.from_row(users.get_user(db, supervisor_id)),
        observations.StartRequest(
            observation_id=uuid.uuid4(),
            kind=Kind.IN_PERSON,
            department_id=department_id,
            employee_id=employee_id,
            observed_at=now().replace(second=0, microsecond=0),
        ),
    )


def add_account(db, login: str, role: str, name: str, department_ids=()) -> uuid.UUID:
    """An account with the tests' password (PASSWORD), created by "test"; a supervisor's departments."""
    return create_account(
        db,
        login=login,
        password=PASSWORD,
        role=role,
        display_name=name,
        actor="test",
        department_ids=list(department_ids),
    )


def add_observation(
    db,
    *,
    department,
    employee,
    observer,
    at: datetime,
    answers: dict[str, str | None],
    status: str = "sent",
    kind: str = "in_person",
    modules: str = "",
    version: str = VERSION,
    calibration_of=None,
    comments: dict[str, str] | None = None,
):
    """One observation with its answer rows and per-standard tallies, as the app stores them."""
    observation_id = uuid.uuid4()
    comments = comments or {}
    answer_rows, tallies = [], {}
    for position, (item_id, answer) in enumerate(answers.items()):
        entry = CHECKLISTS.entry(item_id)
        standard_id, weight, critical = entry.standard.id, entry.item.weight, entry.item.critical
        answer_rows.append(
            {
                "observation_id": str(observation_id),
                "item_id": item_id,
                "standard_id": standard_id,
                "position": position,
                "weight": weight,
                "critical": critical,
                "answer": answer,
                "comment": comments.get(item_id),
            }
        )
        tally = tallies.setdefault(
            standard_id, {"met_weight": 0.0, "not_met_weight": 0.0, T: 0, N: 0, NA: 0, NO: 0}
        )
        if answer == T:
            tally["met_weight"] += weight
        elif answer == N:
            tally["not_met_weight"] += weight
        if answer is not None:
            tally[answer] += 1

    def summed(key):
        return sum(t[key] for t in tallies.values())

    met, not_met = summed("met_weight"), summed("not_met_weight")
    critical = sum(
        1 for item_id, answer in answers.items() if answer == N and CHECKLISTS.entry(item_id).item.critical
    )
    observation = {
        "id": str(observation_id),
        "status": status,
        "kind": kind,
        "department_id": str(department),
        "employee_id": None if employee is None else str(employee),
        "observer_id": str(observer),
        "observed_at": at,
        "modules": modules,
        "handbook_version": version,
        "calibration_of": None if calibration_of is None else str(calibration_of),
        "score": met / (met + not_met) if met + not_met else None,
        "met_weight": met,
        "not_met_weight": not_met,
        "n_met": summed(T),
        "n_not_met": summed(N),
        "n_not_applicable": summed(NA),
        "n_not_observed": summed(NO),
        "n_critical": critical,
        "created_at": at,
        "updated_at": at,
        "sent_at": None if status == "draft" else at,
        "deleted_at": at + timedelta(hours=1) if status == "deleted" else None,
    }
    standard_rows = [
        {
            "observation_id": str(observation_id),
            "standard_id": standard_id,
            "met_weight": t["met_weight"],
            "not_met_weight": t["not_met_weight"],
            "n_met": t[T],
            "n_not_met": t[N],
            "n_not_applicable": t[NA],
            "n_not_observed": t[NO],
            "score": t["met_weight"] / (t["met_weight"] + t["not_met_weight"])
            if t["met_weight"] + t["not_met_weight"]
            else None,
        }
        for standard_id, t in tallies.items()
    ]
    bulk.insert_frames(
        db,
        [
            ("observations", pd.DataFrame([observation])),
            ("observation_answers", pd.DataFrame(answer_rows)),
            ("observation_standard_scores", pd.DataFrame(standard_rows)),
        ],
    )
    return observation_id


def add_ratings(db, department, at: datetime, overall: list[int], **columns) -> list[str]:
    """Client ratings one minute apart from `at`; `columns` give per-rating lists (or one value)."""
    rows = []
    for index, value in enumerate(overall):
        row = {
            "id": str(uuid.uuid4()),
            "created_at": at + timedelta(minutes=index),
            "channel": "kiosk",
            "department_id": None if department is None else str(department),
            "language": "pl",
            "overall": value,
            "comment_status": "none",
            "burst": False,
        }
        for name, values in columns.items():
            row[name] = values[index] if isinstance(values, list) else values
        rows.append(row)
    frame = pd.DataFrame(rows)
    for name in ("rating_time", "rating_manner", "rating_conditions", "rating_forms", "rating_information"):
        frame[name] = pd.array(frame[name] if name in frame else [None] * len(frame), dtype="Int64")
    bulk.insert_frame(db, "client_ratings", frame)
    return list(frame["id"])


def add_acknowledgement(db, employee, version: str = VERSION) -> None:
    moment = datetime(2026, 1, 15, 10, 0)
    bulk.insert_frame(
        db,
        "acknowledgements",
        pd.DataFrame(
            [
                {
                    "id": str(uuid.uuid4()),
                    "employee_id": str(employee),
                    "handbook_version": version,
                    "acknowledged_on": moment.date(),
                    "method": "paper",
                    "created_at": moment,
                }
            ]
        ),
    )
