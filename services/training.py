"""The training register (rejestr szkoleń): workplace training held by a supervisor or
management (szkolenie stanowiskowe) and requests for external training (wniosek o szkolenie,
requested → held or rejected with a reason), one record per employee, on one or more of the
handbook's standards, optionally serving an improvement action or a goal set in a periodic
conversation. The handbook asks supervisors to organise workplace training or to request it.

Scopes: management sees and records training of every employee, a supervisor of the employees
of their departments; an employee sees their own (read only).
"""

from __future__ import annotations

import uuid
from datetime import date

from accounts.roles import Role
from accounts.service import CurrentUser
from checklists.loading import ChecklistSet
from services import actions as action_service
from services.organisation import InputError, clean_text
from storage import actions, departments, employees, people, training
from storage.db import Database, now

KINDS = ("workplace", "request")
STATUSES = ("requested", "held", "rejected")
TOPIC_MIN, TOPIC_MAX, NOTES_MAX = 3, 200, 2000


class TrainingError(InputError):
    """A training record refused; the message is Polish."""


def _edits(user: CurrentUser, department_id) -> bool:
    return user.role == Role.MANAGEMENT or (
        user.role == Role.SUPERVISOR and department_id in user.department_ids
    )


def _visible(user: CurrentUser, row: dict) -> bool:
    """Whether this user may see this record: its employee is in their scope, or it is their own."""
    own = (
        user.role == Role.EMPLOYEE and user.employee_id is not None and row["employee_id"] == user.employee_id
    )
    return own or _edits(user, row["department_id"])


# reading ---------------------------------------------------------------------------------------


def register(db: Database, user: CurrentUser) -> list[dict]:
    """The records this user may manage (the register page), the latest first."""
    if user.role == Role.MANAGEMENT:
        return training.listing(db, None)
    if user.role == Role.SUPERVISOR:
        return training.listing(db, list(user.department_ids))
    return []


def training_for_employee(db: Database, user: CurrentUser, employee_id) -> list[dict]:
    """One employee's training, the latest first; empty outside the user's scope (an employee
    sees only their own)."""
    return [row for row in training.of_employee(db, employee_id) if _visible(user, row)]


def training_for_action(db: Database, user: CurrentUser, action_id) -> list[dict]:
    """The training recorded for an improvement action, the latest first; only what the user may see."""
    return [row for row in training.of_action(db, action_id) if _visible(user, row)]


def departments_for(db: Database, user: CurrentUser) -> list[dict]:
    """The departments whose employees' training this user manages."""
    return [d for d in departments.list_departments(db) if _edits(user, d["id"])]


def employees_for(db: Database, user: CurrentUser) -> list[dict]:
    """Active employees this user may record training for, by name."""
    if user.role == Role.MANAGEMENT:
        return employees.list_employees(db)
    if user.role == Role.SUPERVISOR:
        return employees.list_employees(db, department_ids=list(user.department_ids))
    return []


def trainers_for(db: Database, user: CurrentUser, employee_ids: list) -> list[dict]:
    """Who may have held a workplace training for all these employees: active management
    accounts and the supervisors of their department (the accounts that may own an action)."""
    department_ids = _departments_of(db, user, employee_ids)
    if not department_ids:
        return []
    eligible = [actions.eligible_owners(db, department_id) for department_id in department_ids]
    common = set.intersection(*({row["id"] for row in rows} for rows in eligible))
    return [row for row in eligible[0] if row["id"] in common]


def actions_for(db: Database, user: CurrentUser, employee_ids: list, today: date) -> list[dict]:
    """The open improvement actions a training of these employees may serve: those of their
    department (none when they are of different departments)."""
    department_ids = _departments_of(db, user, employee_ids)
    if len(department_ids) != 1:
        return []
    return [
        row
        for row in action_service.list_for(db, user, today)
        if row["department_id"] in department_ids and row["status"] in action_service.ACTIVE
    ]


def conversation_goals(db: Database, user: CurrentUser, employee_id) -> list[dict]:
    """Every goal set in this employee's periodic conversations, the latest conversation first:
    conversation_id, held_on, supervisor_name, index, standard_id, text, employee_id and
    department_code (for links). Empty outside the user's scope."""
    employee = employees.get_employee(db, employee_id)
    if employee is None or not _edits(user, employee["department_id"]):
        return []
    code = departments.get_department(db, employee["department_id"])["code"]
    return [
        {
            "conversation_id": conversation["id"],
            "held_on": conversation["held_on"],
            "supervisor_name": conversation["supervisor_name"],
            "index": index,
            "standard_id": goal["standard_id"],
            "text": goal["text"],
            "employee_id": employee_id,
            "department_code": code,
        }
        for conversation in people.conversations_of(db, employee_id)
        for index, goal in enumerate(conversation["goals"])
    ]


def _departments_of(db: Database, user: CurrentUser, employee_ids: list) -> set:
    """The departments of these employees, all of them in the user's scope (else empty)."""
    found = set()
    for employee_id in employee_ids:
        employee = employees.get_employee(db, employee_id)
        if employee is None or not _edits(user, employee["department_id"]):
            return set()
        found.add(employee["department_id"])
    return found


# writing ---------------------------------------------------------------------------------------


def record(
    db: Database,
    checklists: ChecklistSet,
    user: CurrentUser,
    *,
    kind: str,
    employee_ids: list,
    on: date | None,
    standard_ids: list[str],
    topic,
    notes=None,
    held_by=None,
    action_id=None,
    conversation_id=None,
    goal_index: int | None = None,
) -> list[uuid.UUID]:
    """Record a workplace training held on `on` by `held_by`, or a request for training made
    on `on`, for each of `employee_ids` (one record each, all or none). Returns their ids."""
    if kind not in KINDS:
        raise TrainingError("Wybierz rodzaj: szkolenie stanowiskowe albo wniosek o szkolenie.")
    staff = _employees(db, user, employee_ids)
    workplace = kind == "workplace"
    if on is None:
        raise TrainingError("Podaj datę szkolenia." if workplace else "Podaj datę złożenia wniosku.")
    if on > now().date():
        raise TrainingError(
            "Data szkolenia nie może być w przyszłości – zapisz szkolenie, które już się odbyło."
            if workplace
            else "Data złożenia wniosku nie może być w przyszłości."
        )
    standard_ids = _standards(checklists, standard_ids)
    topic = _topic(topic)
    notes = clean_text(notes, field="Uwagi", max_length=NOTES_MAX, required=False, multiline=True)
    if workplace and held_by not in {row["id"] for row in trainers_for(db, user, list(staff))}:
        raise TrainingError(
            "Wskaż, kto przeprowadził szkolenie: aktywne konto kierownictwa albo przełożonego tego wydziału."
        )
    if action_id is not None:
        _check_action(db, user, action_id, staff)
    if conversation_id is not None or goal_index is not None:
        _check_goal(db, conversation_id, goal_index, staff)
    records = [
        {
            "id": uuid.uuid4(),
            "kind": kind,
            "employee_id": employee_id,
            "standard_ids": standard_ids,
            "topic": topic,
            "notes": notes,
            "on_date": on,
            "held_by": held_by if workplace else None,
            "status": "held" if workplace else "requested",
            "decided_on": None,
            "rejection_reason": None,
            "action_id": action_id,
            "conversation_id": conversation_id,
            "goal_index": goal_index,
        }
        for employee_id in staff
    ]
    training.insert(db, records, user.login)
    return [row["id"] for row in records]


def mark_held(db: Database, user: CurrentUser, training_id, held_on: date | None) -> None:
    """A request's external training took place on `held_on`."""
    request = _pending_request(db, user, training_id)
    if held_on is None:
        raise TrainingError("Podaj datę szkolenia.")
    if held_on > now().date():
        raise TrainingError(
            "Data szkolenia nie może być w przyszłości – zapisz szkolenie, które już się odbyło."
        )
    if held_on < request["on_date"]:
        raise TrainingError("Szkolenie nie mogło odbyć się przed złożeniem wniosku.")
    _store(db, user, request, {"status": "held", "decided_on": held_on})


def reject(db: Database, user: CurrentUser, training_id, reason) -> None:
    """A request turned down, with the reason (the employee sees it)."""
    request = _pending_request(db, user, training_id)
    reason = clean_text(reason, field="Powód odrzucenia", max_length=NOTES_MAX, multiline=True)
    _store(db, user, request, {"status": "rejected", "decided_on": now().date(), "rejection_reason": reason})


def _store(db: Database, user: CurrentUser, request: dict, changes: dict) -> None:
    if not training.update(db, request["id"], changes, user.login, status_was=request["status"]):
        raise TrainingError("Ktoś właśnie rozpatrzył ten wniosek. Odśwież stronę i spróbuj ponownie.")


def _pending_request(db: Database, user: CurrentUser, training_id) -> dict:
    row = training.get(db, training_id)
    if row is None or not _edits(user, row["department_id"]):
        raise TrainingError("Ten wpis nie dotyczy pracownika Twoich wydziałów.")
    if row["kind"] != "request" or row["status"] != "requested":
        raise TrainingError("Rozpatrzyć można tylko wniosek o szkolenie, który czeka na decyzję.")
    return row


def _employees(db: Database, user: CurrentUser, employee_ids) -> dict:
    """The chosen employees by id, in the order given, each active and in the user's scope."""
    chosen: dict = {}
    for employee_id in employee_ids or []:
        employee = employees.get_employee(db, employee_id)
        if employee is None or not employee["active"] or not _edits(user, employee["department_id"]):
            raise TrainingError("Ten pracownik nie należy do Twoich wydziałów.")
        chosen[employee_id] = employee
    if not chosen:
        raise TrainingError("Wybierz co najmniej jednego pracownika.")
    return chosen


def _standards(checklists: ChecklistSet, standard_ids) -> list[str]:
    """The chosen standards in the handbook's order, each once."""
    chosen = set(standard_ids or [])
    if not chosen:
        raise TrainingError("Wybierz co najmniej jeden standard podręcznika, którego dotyczy szkolenie.")
    known = [s.id for s in checklists.standards]
    if not chosen <= set(known):
        raise TrainingError("Nieznany standard.")
    return [standard_id for standard_id in known if standard_id in chosen]


def _topic(value) -> str:
    topic = clean_text(value, field="Temat", max_length=TOPIC_MAX)
    if len(topic) < TOPIC_MIN:
        raise TrainingError(f"Pole „Temat” musi mieć co najmniej {TOPIC_MIN} znaki.")
    return topic


def _check_action(db: Database, user: CurrentUser, action_id, staff: dict) -> None:
    action = actions.get(db, action_id)
    if action is None or not _edits(user, action["department_id"]):
        raise TrainingError("To działanie nie należy do Twoich wydziałów.")
    if action["status"] not in action_service.ACTIVE:
        raise TrainingError("To działanie jest już zamknięte lub anulowane – wybierz otwarte działanie.")
    if any(employee["department_id"] != action["department_id"] for employee in staff.values()):
        raise TrainingError("Działanie dotyczy innego wydziału niż wybrany pracownik.")


def _check_goal(db: Database, conversation_id, goal_index, staff: dict) -> None:
    if conversation_id is None or goal_index is None:
        raise TrainingError("Wskaż rozmowę okresową i cel z tej rozmowy.")
    conversations = people.conversations_of(db, next(iter(staff))) if len(staff) == 1 else []
    conversation = next((c for c in conversations if c["id"] == conversation_id), None)
    if conversation is None:
        raise TrainingError("Cel z rozmowy okresowej można powiązać tylko ze szkoleniem tego pracownika.")
    if not 0 <= goal_index < len(conversation["goals"]):
        raise TrainingError("Nieznany cel rozmowy.")
