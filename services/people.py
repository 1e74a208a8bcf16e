"""The handbook's people processes (PODSUMOWANIE): every employee acknowledges the current
handbook version; supervisors hold periodic conversations that set quality goals, assess
progress and arrange training; employees see their own observations and may comment.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from accounts.roles import Role
from accounts.service import CurrentUser
from analytics import queries
from analytics.statistics import ObservationScore, ScoreSums, observation_score
from checklists.loading import ChecklistSet
from services import audit_trail, client_cases
from services.organisation import InputError, clean_text
from storage import employees, maintenance, observations, people, training
from storage.db import Database, now

# The statement of the handbook's Załącznik nr 1, verbatim: what employees sign on paper.
ACKNOWLEDGEMENT_TEXT = (
    "Oświadczam, że zapoznałem/łam się z „Podręcznikiem Standardów Jakości Obsługi Klienta” oraz "
    "podręcznikiem „Dobre praktyki w obsłudze klientów z niepełnosprawnościami” i przyjmuję oba do "
    "realizacji i stosowania."
)
GOAL_RESULTS = {"met": "osiągnięty", "partly": "częściowo", "not_met": "nieosiągnięty"}
TRAINING_OPTIONS = ("szkolenie stanowiskowe", "szkolenie zewnętrzne", "wsparcie przełożonego (coaching)")
MAX_GOALS = 3
DEFAULT_INTERVAL = timedelta(days=182)


class PeopleError(InputError):
    """A people-process action refused; the message is Polish."""


def _employee_in_scope(db: Database, user: CurrentUser, employee_id) -> dict:
    employee = employees.get_employee(db, employee_id)
    if (
        employee is None
        or not user.may_see_department(employee["department_id"])
        or user.role == Role.EMPLOYEE
    ):
        raise PeopleError("Ten pracownik nie należy do Twoich wydziałów.")
    return employee


# acknowledgements ------------------------------------------------------------------------------


def acknowledge_self(db: Database, checklists: ChecklistSet, user: CurrentUser) -> bool:
    """The signed-in employee confirms the current version; False if already confirmed."""
    if user.employee_id is None:
        raise PeopleError("Twoje konto nie jest powiązane z kartą pracownika. Poproś administratora.")
    return people.record_acknowledgement(
        db, user.employee_id, checklists.version, now().date(), "self", user.id, user.login
    )


def record_paper_acknowledgement(
    db: Database, checklists: ChecklistSet, user: CurrentUser, employee_id, signed_on: date
) -> bool:
    """A supervisor records the paper form (Załącznik nr 1) with the date it was signed."""
    if user.role != Role.SUPERVISOR:
        raise PeopleError("Potwierdzenie z formularza papierowego wpisuje przełożony pracownika.")
    _employee_in_scope(db, user, employee_id)
    if signed_on > now().date():
        raise PeopleError("Data podpisu nie może być w przyszłości.")
    return people.record_acknowledgement(
        db, employee_id, checklists.version, signed_on, "paper", user.id, user.login
    )


def register(db: Database, checklists: ChecklistSet, user: CurrentUser) -> list[dict]:
    return people.acknowledgement_register(db, checklists.version, user.visible_department_ids())


def coverage_by_department(rows: list[dict]) -> list[dict]:
    """Acknowledgements per department (by id; the register is complete, so these are counts)."""
    summary: dict = {}
    for row in rows:
        entry = summary.setdefault(
            row["department_id"],
            {
                "department_id": row["department_id"],
                "department": row["department_name"],
                "department_code": row["department_code"],
                "employees": 0,
                "acknowledged": 0,
            },
        )
        entry["employees"] += 1
        entry["acknowledged"] += row["acknowledged_on"] is not None
    return list(summary.values())


# conversations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prefill:
    """What the supervisor sees when opening a conversation with an employee."""

    employee: dict
    since: date | None  # the last conversation, or None for the first one
    observations: list[dict]
    score: ObservationScore  # the employee's score over those observations (the minimum-n rule applies)
    standard_scores: list[dict]
    weakest_items: list[dict]
    department_ratings: dict
    open_goals: list[dict]  # goals set last time, to be assessed now
    training: list[dict]  # held or decided since the last conversation, and requests still waiting


def prefill(db: Database, user: CurrentUser, employee_id) -> Prefill:
    """The employee's results since the last conversation; the opening is in the audit log."""
    employee = _employee_in_scope(db, user, employee_id)
    audit_trail.record_view(
        db, user, audit_trail.CONVERSATION_PREFILL, employee_id, {}, employee_id=employee_id
    )
    history = people.conversations_of(db, employee_id)
    last = history[0] if history else None
    since = datetime.combine(last["held_on"], time.min) if last else None
    observed = people.observations_since(db, employee_id, since)
    return Prefill(
        employee=employee,
        since=last["held_on"] if last else None,
        observations=observed,
        score=_score(observed),
        standard_scores=queries.employee_standard_scores(db, employee_id, since),
        weakest_items=people.weakest_items_since(db, employee_id, since),
        department_ratings=people.department_ratings_since(db, employee["department_id"], since),
        open_goals=last["goals"] if last else [],
        training=training.of_employee(db, employee_id, last["held_on"] if last else None),
    )


def record_conversation(
    db: Database,
    checklists: ChecklistSet,
    user: CurrentUser,
    *,
    conversation_id: uuid.UUID,
    employee_id,
    held_on: date,
    assessments: list[str],
    goals: list[dict],
    training_needs: list[str],
    notes: str,
    next_on: date | None,
) -> bool:
    """Store a conversation (idempotent by id). Goals: 1–3, each tied to a standard."""
    if user.role != Role.SUPERVISOR:
        raise PeopleError("Rozmowę okresową prowadzi przełożony pracownika.")
    _employee_in_scope(db, user, employee_id)
    today = now().date()
    if held_on > today:
        raise PeopleError("Data rozmowy nie może być w przyszłości.")
    if next_on is not None and next_on <= held_on:
        raise PeopleError("Termin następnej rozmowy musi być po dacie tej rozmowy.")
    history = people.conversations_of(db, employee_id)
    if any(c["id"] == conversation_id for c in history):
        return False  # a double tap or a retry: already stored, and now the "previous" one
    previous = history[0]["goals"] if history else []
    if len(assessments) != len(previous) or any(a not in GOAL_RESULTS for a in assessments):
        raise PeopleError("Oceń każdy cel wyznaczony na poprzedniej rozmowie.")
    standard_ids = {s.id for s in checklists.standards}
    cleaned = []
    for goal in goals:
        text = clean_text(goal.get("text"), field="Cel", max_length=500, required=False)
        if not text:
            continue
        if goal.get("standard_id") not in standard_ids:
            raise PeopleError("Każdy cel musi być powiązany ze standardem podręcznika.")
        cleaned.append({"standard_id": goal["standard_id"], "text": text})
    if not 1 <= len(cleaned) <= MAX_GOALS:
        raise PeopleError(f"Wyznacz od 1 do {MAX_GOALS} celów.")
    needs = [
        clean_text(n, field="Potrzeby szkoleniowe", max_length=200) for n in training_needs if n and n.strip()
    ]
    return people.record_conversation(
        db,
        {
            "id": conversation_id,
            "employee_id": employee_id,
            "supervisor_id": user.id,
            "held_on": held_on,
            "goals": cleaned,
            "goal_assessments": [
                {"goal": g, "result": r} for g, r in zip(previous, assessments, strict=True)
            ],
            "training_needs": "; ".join(needs) or None,
            "notes": clean_text(notes, field="Notatki", max_length=4000, required=False, multiline=True),
            "next_on": next_on,
        },
        user.login,
    )


def overdue(db: Database, user: CurrentUser, today: date) -> list[dict]:
    """Employees whose planned conversation date has passed, or who never had one."""
    rows = people.conversation_status(db, user.visible_department_ids(), today)
    return [
        r for r in rows if r["last_held_on"] is None or (r["next_on"] is not None and r["next_on"] < today)
    ]


# the employee's own view -----------------------------------------------------------------------


def own_acknowledgement(db: Database, user: CurrentUser, version: str) -> dict | None:
    """The signed-in employee's acknowledgement of `version`, or None."""
    return None if user.employee_id is None else people.acknowledgement_of(db, user.employee_id, version)


def own_conversations(db: Database, user: CurrentUser) -> list[dict]:
    """The signed-in employee's periodic conversations, newest first."""
    return [] if user.employee_id is None else people.conversations_of(db, user.employee_id)


def comments_on_own_observation(db: Database, user: CurrentUser, observation_id) -> list[dict]:
    """Comments on one of the signed-in employee's own sent observations (none on anyone else's)."""
    observation = observations.get_observation(db, observation_id)
    if observation is None or user.employee_id is None or observation["employee_id"] != user.employee_id:
        return []
    return people.observation_comments(db, observation_id)


@dataclass(frozen=True)
class OwnObservation:
    """One sent observation of the signed-in employee, as the employee sees it."""

    id: uuid.UUID
    observed_at: datetime
    kind: str
    score: float | None  # this observation's own score: a result, not an estimate
    critical: int  # critical breaches: the observation fails whatever its score
    observer: str | None
    notes_good: str | None
    notes_improve: str | None
    not_met: list[dict]  # item_id, standard_id, critical, comment: in checklist order


@dataclass(frozen=True)
class OwnResults:
    """Everything "Moje wyniki" shows of the employee's observations, scored as the dashboard
    scores them: the observation is the unit and the minimum-n rule counts observations."""

    overall: ObservationScore
    critical: int  # critical breaches over all the observations
    failed: int  # observations with at least one critical breach
    standards: list[tuple[str, ObservationScore]]  # every standard of the checklists, in their order
    trend: list[tuple[tuple[int, int], ObservationScore]]  # (year, quarter), oldest first
    observations: list[OwnObservation]  # newest first


def _quarter(moment: datetime) -> tuple[int, int]:
    return moment.year, (moment.month - 1) // 3 + 1


def own_results(db: Database, checklists: ChecklistSet, user: CurrentUser) -> OwnResults | None:
    """The signed-in employee's results (None without an employee record). The trend is per
    quarter: an employee is observed a few times a month, so a month would rarely reach the
    minimum number of observations."""
    if user.employee_id is None:
        return None
    observed = people.observations_since(db, user.employee_id, None)
    not_met: dict = {}
    for answer in people.not_met_answers(db, [o["id"] for o in observed]):
        not_met.setdefault(answer["observation_id"], []).append(answer)
    by_standard = {
        row["standard_id"]: observation_score(ScoreSums.from_record(row))
        for row in queries.employee_standard_scores(db, user.employee_id, None)
    }
    empty = observation_score(ScoreSums.of([]))
    by_quarter: dict = {}
    for o in sorted(observed, key=lambda o: o["observed_at"]):
        by_quarter.setdefault(_quarter(o["observed_at"]), []).append(o)
    return OwnResults(
        overall=_score(observed),
        critical=sum(o["n_critical"] or 0 for o in observed),
        failed=sum(1 for o in observed if o["n_critical"]),
        standards=[(s.id, by_standard.get(s.id, empty)) for s in checklists.standards],
        trend=[(quarter, _score(rows)) for quarter, rows in by_quarter.items()],
        observations=[
            OwnObservation(
                id=o["id"],
                observed_at=o["observed_at"],
                kind=o["kind"],
                score=o["score"],
                critical=o["n_critical"] or 0,
                observer=o["observer"],
                notes_good=o["notes_good"],
                notes_improve=o["notes_improve"],
                not_met=[a for a in not_met.get(o["id"], []) if checklists.has_item(a["item_id"])],
            )
            for o in observed
        ],
    )


def _score(observed: list[dict]) -> ObservationScore:
    """The score of these observations (analytics.statistics, as on the dashboard)."""
    return observation_score(
        ScoreSums.of((o["met_weight"], o["met_weight"] + o["not_met_weight"]) for o in observed)
    )


def comment_on_own_observation(db: Database, user: CurrentUser, observation_id, body: str) -> None:
    observation = observations.get_observation(db, observation_id)
    if (
        observation is None
        or user.employee_id is None
        or observation["employee_id"] != user.employee_id
        or observation["status"] != "sent"  # drafts and deleted ones are not shown to the employee
    ):
        raise PeopleError("Możesz komentować tylko obserwacje, które dotyczą Ciebie.")
    body = clean_text(body, field="Komentarz", max_length=2000, multiline=True)
    people.add_observation_comment(db, observation_id, user.id, body, user.login)


# retention -------------------------------------------------------------------------------------


def retention_months() -> int:
    return int(os.environ.get("JAKOSC_RETENTION_MONTHS", "24"))


@dataclass(frozen=True)
class RetentionResult:
    observations: int  # anonymised now
    conversations: int  # removed
    training: int  # training records removed
    audit_entries: int  # whose texts were removed
    case_contacts: int  # client cases whose contact data were deleted (services/client_cases.py)
    file_rewritten: bool  # False: the database was busy; the removed text may stay in the file until a rerun


def anonymise_old(db: Database, user: CurrentUser, months: int | None = None) -> RetentionResult:
    """Remove named data older than the retention period, then rewrite the database file so
    the removed text is gone from it too (a rerun with nothing left to remove rewrites it again).
    Client cases lose their contact data after their own period (client_cases.contact_days())."""
    if user.role != Role.ADMIN:
        raise PeopleError("Anonimizację danych wykonuje administrator.")
    months = months or retention_months()
    cutoff = now() - timedelta(days=round(months * 30.44))
    counts = {
        **people.anonymise_before(db, cutoff, user.login),
        "case_contacts": client_cases.forget_contacts(db, user.login),
    }
    try:
        maintenance.rewrite_file(db)
    except maintenance.DatabaseBusy:
        return RetentionResult(**counts, file_rewritten=False)
    return RetentionResult(**counts, file_rewritten=True)
