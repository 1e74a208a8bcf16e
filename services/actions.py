"""Improvement actions (działania doskonalące / korygujące): a finding – an item not met, a weak
cell of the heat map, a client's comment, a conversation goal – becomes work that an owner does
by a due date, and is closed with a note on what was done (ISO 9001, 10.2).

Scopes: management sees and edits every action, a supervisor those of their departments. The
owner must be a supervisor of the department or management, so an employee never owns an action;
an employee sees, read only in their own view, the actions raised for them (own_actions).

An action keeps its source (why it exists): an observation, a conversation, a client's comment or
case by id, a heat-map cell by its period. A source given by id must exist and lie in the user's
scope; an action may also be for one employee of its department.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from accounts.roles import Role
from accounts.service import CurrentUser
from checklists.loading import ChecklistSet
from services.organisation import InputError, clean_text
from storage import actions, departments, employees
from storage.db import Database, now

SOURCE_KINDS = (
    "observation_item",
    "heatmap_cell",
    "client_comment",
    "conversation_goal",
    "client_case",
    "other",
)
# A link's `zrodlo` parameter (Polish, in the URL) -> the stored source kind.
SOURCE_PARAMS = {
    "obserwacja": "observation_item",
    "rozmowa": "conversation_goal",
    "opinia": "client_comment",
    "sprawa": "client_case",
    "mapa": "heatmap_cell",
}
SOURCES_BY_ID = ("observation_item", "conversation_goal", "client_comment", "client_case")
DUE_SOON = timedelta(days=7)  # "due this week" on the home page
STATUSES = ("open", "in_progress", "closed", "cancelled")
ACTIVE = ("open", "in_progress")  # not yet done: may be overdue
# Where each status may go next; closed and cancelled are final.
NEXT = {"open": ("in_progress", "cancelled"), "in_progress": ("closed", "cancelled")}
TITLE_MIN, TITLE_MAX, TEXT_MAX = 3, 200, 2000


class ActionError(InputError):
    """An improvement action refused; the message is Polish."""


def _edits(user: CurrentUser, department_id) -> bool:
    """Management: every department (and a client's rating or case without one); a supervisor:
    their own departments."""
    return user.role == Role.MANAGEMENT or (
        user.role == Role.SUPERVISOR and department_id is not None and department_id in user.department_ids
    )


@dataclass(frozen=True)
class Source:
    """Where an action comes from: its kind, its id, and the department, employee and moment it is of."""

    kind: str
    ref: str
    department_id: uuid.UUID | None
    employee_id: uuid.UUID | None
    happened_at: datetime


def source_for(db: Database, user: CurrentUser, kind: str, ref) -> Source | None:
    """The source of this kind and id if it exists and lies in the user's scope, else None."""
    if kind not in SOURCES_BY_ID:
        return None
    try:
        source_id = uuid.UUID(str(ref))
    except ValueError:
        return None
    row = actions.source(db, kind, source_id)
    if row is None or not _edits(user, row["department_id"]):
        return None
    return Source(kind, str(source_id), row["department_id"], row["employee_id"], row["happened_at"])


def employees_for(db: Database, user: CurrentUser, department_id) -> list[dict]:
    """The active employees of a department in the user's scope, whom an action may be for."""
    if department_id is None or not _edits(user, department_id):
        return []
    return employees.list_employees(db, department_ids=[department_id])


@dataclass(frozen=True)
class Offer:
    """An item not met in an observation, and the actions page's link parameters for it."""

    item_id: str
    critical: bool
    params: dict[str, str]


def observation_offers(db: Database, checklists: ChecklistSet, observation: dict) -> list[Offer]:
    """For a sent observation, each item answered "nie": the parameters of a link that raises an
    action on it (department code, standard, item, employee, the observation as the source),
    critical breaches first."""
    if observation["status"] != "sent":
        return []
    department = departments.get_department(db, observation["department_id"])
    offers = []
    for answer in observation["answers"]:
        if answer["answer"] != "nie" or not checklists.has_item(answer["item_id"]):
            continue
        params = {
            "wydzial": department["code"],
            "standard": checklists.entry(answer["item_id"]).standard.id,
            "pozycja": answer["item_id"],
            "zrodlo": "obserwacja",
            "ref": str(observation["id"]),
        }
        if observation["employee_id"] is not None:
            params["pracownik"] = str(observation["employee_id"])
        offers.append(Offer(answer["item_id"], bool(answer["critical"]), params))
    return sorted(offers, key=lambda offer: not offer.critical)


def departments_for(db: Database, user: CurrentUser) -> list[dict]:
    """The active departments this user may raise actions in."""
    return [d for d in departments.list_departments(db, active_only=True) if _edits(user, d["id"])]


def department_by_code(db: Database, user: CurrentUser, code: str) -> dict | None:
    """The department of this code if the user may raise actions in it (a link's parameter)."""
    department = departments.get_by_code(db, code)
    return department if department is not None and _edits(user, department["id"]) else None


def owners_for(db: Database, user: CurrentUser, department_id) -> list[dict]:
    """Who may own an action of this department (empty outside the user's scope)."""
    return actions.eligible_owners(db, department_id) if _edits(user, department_id) else []


def list_for(db: Database, user: CurrentUser, today: date) -> list[dict]:
    """The actions this user sees, each with `overdue` (due before `today`, not yet done)."""
    if user.role == Role.MANAGEMENT:
        rows = actions.listing(db, None)
    elif user.role == Role.SUPERVISOR:
        rows = actions.listing(db, list(user.department_ids))
    else:
        rows = []
    for row in rows:
        row["overdue"] = row["status"] in ACTIVE and row["due_date"] < today
    return rows


def due_soon(rows: list[dict], user: CurrentUser, today: date) -> tuple[list[dict], list[dict]]:
    """The user's own active actions: those overdue, and those due within a week."""
    mine = [row for row in rows if row["owner_id"] == user.id and row["status"] in ACTIVE]
    return (
        [row for row in mine if row["overdue"]],
        [row for row in mine if not row["overdue"] and row["due_date"] <= today + DUE_SOON],
    )


def counts_for(db: Database, user: CurrentUser, today: date, department_ids: tuple | None) -> Counts:
    """The counts of the actions this user sees, within these departments (None: all they see)."""
    rows = list_for(db, user, today)
    if department_ids is not None:
        rows = [row for row in rows if row["department_id"] in set(department_ids)]
    return counts(rows, today)


def own_actions(db: Database, user: CurrentUser) -> list[dict]:
    """An employee's own view: the actions raised for them (not cancelled); nobody else's."""
    if user.role != Role.EMPLOYEE or user.employee_id is None:
        return []
    return actions.of_employee(db, user.employee_id)


@dataclass(frozen=True)
class Counts:
    open: int
    overdue: int
    closed_this_quarter: int


def counts(rows: list[dict], today: date) -> Counts:
    """Open (not yet done), overdue, and closed since the quarter of `today` began."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return Counts(
        open=sum(row["status"] in ACTIVE for row in rows),
        overdue=sum(row["overdue"] for row in rows),
        closed_this_quarter=sum(
            row["status"] == "closed" and row["closed_at"].date() >= quarter_start for row in rows
        ),
    )


def create(
    db: Database,
    checklists: ChecklistSet,
    user: CurrentUser,
    *,
    department_id,
    title,
    reason,
    owner_id,
    due_date: date | None,
    standard_id: str | None = None,
    item_id: str | None = None,
    employee_id=None,
    source_kind: str = "other",
    source_ref: str | None = None,
) -> uuid.UUID:
    if department_id is None or departments.get_department(db, department_id) is None:
        raise ActionError("Wybierz wydział.")
    if not _edits(user, department_id):
        raise ActionError("Ten wydział nie należy do Twoich wydziałów.")
    if source_kind not in SOURCE_KINDS:
        raise ActionError("Nieznane źródło działania.")
    standard_id, item_id = _standard_and_item(checklists, standard_id, item_id)
    if employee_id is not None and employee_id not in {
        e["id"] for e in employees_for(db, user, department_id)
    }:
        raise ActionError("Wybrany pracownik nie należy do tego wydziału.")
    if source_kind in SOURCES_BY_ID:
        source = source_for(db, user, source_kind, source_ref)
        if source is None or source.department_id not in (None, department_id):
            raise ActionError("Źródło działania nie istnieje albo nie należy do tego wydziału.")
        source_ref = source.ref
    action_id = uuid.uuid4()
    actions.insert(
        db,
        {
            "id": action_id,
            "title": _title(title),
            "reason": _reason(reason),
            "source_kind": source_kind,
            "source_ref": clean_text(source_ref, field="Źródło", max_length=200, required=False),
            "department_id": department_id,
            "standard_id": standard_id,
            "item_id": item_id,
            "employee_id": employee_id,
            "owner_id": _owner(db, department_id, owner_id),
            "due_date": _due(due_date),
            "status": "open",
            "closing_note": None,
        },
        user.login,
    )
    return action_id


def update(
    db: Database,
    user: CurrentUser,
    action_id,
    *,
    owner_id=None,
    due_date: date | None = None,
    status: str | None = None,
    title=None,
    reason=None,
) -> None:
    """Change what is given (None: unchanged). Closing and cancelling need a text: close(), cancel()."""
    action = _editable(db, user, action_id)
    changes: dict = {}
    if title is not None:
        changes["title"] = _title(title)
    if reason is not None:
        changes["reason"] = _reason(reason)
    if owner_id is not None and owner_id != action["owner_id"]:
        changes["owner_id"] = _owner(db, action["department_id"], owner_id)
    if due_date is not None and due_date != action["due_date"]:
        changes["due_date"] = _due(due_date)
    if status is not None and status != action["status"]:
        if status in ("closed", "cancelled"):
            raise ActionError("Zamknięcie wymaga notatki, a anulowanie – powodu.")
        changes["status"] = _next_status(action, status)
    if changes:
        _store(db, user, action, changes)


def close(db: Database, user: CurrentUser, action_id, note) -> None:
    """Close a started action with a note on what was done."""
    _finish(db, user, action_id, "closed", clean_text(note, field="Notatka zamknięcia", max_length=TEXT_MAX))


def cancel(db: Database, user: CurrentUser, action_id, reason) -> None:
    _finish(
        db, user, action_id, "cancelled", clean_text(reason, field="Powód anulowania", max_length=TEXT_MAX)
    )


def _finish(db: Database, user: CurrentUser, action_id, status: str, text: str) -> None:
    action = _editable(db, user, action_id)
    _store(
        db, user, action, {"status": _next_status(action, status), "closing_note": text, "closed_at": now()}
    )


def _store(db: Database, user: CurrentUser, action: dict, changes: dict) -> None:
    """Write `changes`, checked against `action` as read: refused if its status changed meanwhile
    (two people closing or cancelling the same action at once)."""
    if not actions.update(db, action["id"], changes, user.login, status_was=action["status"]):
        raise ActionError("Ktoś właśnie zmienił to działanie. Odśwież stronę i spróbuj ponownie.")


def _editable(db: Database, user: CurrentUser, action_id) -> dict:
    action = actions.get(db, action_id)
    if action is None or not _edits(user, action["department_id"]):
        raise ActionError("To działanie nie należy do Twoich wydziałów.")
    if action["status"] not in NEXT:
        raise ActionError("To działanie jest już zamknięte lub anulowane – nie można go zmieniać.")
    return action


def _next_status(action: dict, status: str) -> str:
    if status not in NEXT[action["status"]]:
        raise ActionError(
            "Niedozwolona zmiana statusu: działanie otwarte przechodzi do realizacji albo zostaje "
            "anulowane; zamknąć można działanie w realizacji."
        )
    return status


def _title(value) -> str:
    title = clean_text(value, field="Co zrobić", max_length=TITLE_MAX)
    if len(title) < TITLE_MIN:
        raise ActionError(f"Pole „Co zrobić” musi mieć co najmniej {TITLE_MIN} znaki.")
    return title


def _reason(value) -> str:
    return clean_text(value, field="Dlaczego", max_length=TEXT_MAX, multiline=True)


def _due(value: date | None) -> date:
    if value is None:
        raise ActionError("Podaj termin realizacji.")
    if value < now().date():
        raise ActionError("Termin realizacji nie może być w przeszłości.")
    return value


def _owner(db: Database, department_id, owner_id) -> uuid.UUID:
    if owner_id not in {row["id"] for row in actions.eligible_owners(db, department_id)}:
        raise ActionError(
            "Odpowiedzialnym może być tylko aktywne konto kierownictwa albo przełożony tego wydziału."
        )
    return owner_id


def _standard_and_item(checklists: ChecklistSet, standard_id, item_id) -> tuple[str | None, str | None]:
    if standard_id is not None and standard_id not in {s.id for s in checklists.standards}:
        raise ActionError("Nieznany standard.")
    if item_id is not None and (
        not checklists.has_item(item_id) or checklists.entry(item_id).standard.id != standard_id
    ):
        raise ActionError("Wybrana pozycja nie należy do wybranego standardu.")
    return standard_id, item_id
