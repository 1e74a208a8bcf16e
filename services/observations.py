"""A supervisor's observation from start to send, and its later edit or deletion.

The rules live here, not in the page: who may observe whom, which items an observation asks,
that every answer is saved as it is given, that a critical "nie" carries a comment, that a
send is idempotent, and that a sent observation may be edited only within the edit window.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts.roles import Role
from accounts.service import CurrentUser
from checklists.loading import ChecklistSet
from checklists.schema import Answer, Kind
from checklists.scoring import ObservationScore, Tally, score_observation
from i18n import format_count
from services.organisation import InputError, clean_text
from storage import employees, observations
from storage.db import Database, now

COMMENT_MAX = 1000
NOTES_MAX = 4000
NOT_A_DRAFT = "Ta obserwacja jest już wysłana – nie jest szkicem i nie można jej tu usunąć."


class ObservationError(InputError):
    """The observation cannot be started, changed or sent as asked; the message is Polish."""


def edit_window() -> timedelta:
    """How long a sent observation stays editable: $JAKOSC_EDIT_WINDOW_HOURS, default 48."""
    return timedelta(hours=float(os.environ.get("JAKOSC_EDIT_WINDOW_HOURS", "48")))


@dataclass(frozen=True)
class StartRequest:
    observation_id: uuid.UUID  # made when the start form opens: a double tap cannot make two
    kind: Kind
    department_id: uuid.UUID
    employee_id: uuid.UUID | None
    observed_at: datetime
    modules: frozenset[str] = frozenset()
    calibration_of: uuid.UUID | None = None


def _require_supervisor_of(user: CurrentUser, department_id) -> None:
    if user.role != Role.SUPERVISOR or department_id not in user.department_ids:
        raise ObservationError("Możesz obserwować tylko pracowników swoich wydziałów.")


def start(db: Database, checklists: ChecklistSet, user: CurrentUser, request: StartRequest) -> uuid.UUID:
    """Create the draft with one answer row per item the kind and modules ask."""
    _require_supervisor_of(user, request.department_id)
    if request.kind is Kind.PREMISES:
        employee_id = None
    else:
        if request.employee_id is None:
            raise ObservationError("Wybierz obserwowanego pracownika.")
        employee = employees.get_employee(db, request.employee_id)
        if employee is None or employee["department_id"] != request.department_id or not employee["active"]:
            raise ObservationError("Ten pracownik nie należy do wybranego wydziału.")
        employee_id = request.employee_id
    known_modules = {m.id for m in checklists.modules()}
    if not request.modules <= known_modules:
        raise ObservationError("Nieznana trudna sytuacja.")
    if request.kind is Kind.PREMISES and request.modules:
        raise ObservationError("Trudne sytuacje dotyczą obsługi Klienta, nie audytu stanowiska.")
    if request.observed_at > now() + timedelta(minutes=5):
        raise ObservationError("Data obserwacji nie może być w przyszłości.")
    if request.calibration_of is not None:
        partner = observations.get_observation(db, request.calibration_of)
        if (
            partner is None
            or partner["department_id"] != request.department_id
            or partner["observer_id"] == user.id
            or partner["kind"] != request.kind
        ):
            raise ObservationError(
                "Obserwacja kalibracyjna musi dotyczyć tej samej wizyty innego przełożonego."
            )
    entries = checklists.entries_for(request.kind, request.modules)
    items = [
        {
            "item_id": entry.item.id,
            "standard_id": entry.standard.id,
            "position": position,
            "weight": entry.item.weight,
            "critical": entry.item.critical,
        }
        for position, entry in enumerate(entries)
    ]
    header = {
        "id": request.observation_id,
        "kind": request.kind.value,
        "department_id": request.department_id,
        "employee_id": employee_id,
        "observer_id": user.id,
        "observed_at": request.observed_at,
        "modules": sorted(request.modules),
        "handbook_version": checklists.version,
        "calibration_of": request.calibration_of,
        "employee_acknowledged": (
            None
            if employee_id is None
            else observations.employee_acknowledged(db, employee_id, checklists.version)
        ),
    }
    observations.create_draft(db, header, items)
    return request.observation_id


def load_own(db: Database, user: CurrentUser, observation_id) -> dict:
    """An observation of this supervisor, or ObservationError (others' observations stay hidden)."""
    try:
        observation = observations.get_observation(db, uuid.UUID(str(observation_id)))
    except ValueError:
        observation = None
    if observation is None or observation["observer_id"] != user.id or observation["status"] == "deleted":
        raise ObservationError("Nie znaleziono takiej obserwacji wśród Twoich obserwacji.")
    return observation


def editable(observation: dict, at: datetime | None = None) -> bool:
    if observation["status"] == "draft":
        return True
    if observation["status"] != "sent" or observation["sent_at"] is None:
        return False
    return (at or now()) - observation["sent_at"] <= edit_window()


def _require_editable(observation: dict) -> None:
    if not editable(observation):
        hours = int(edit_window().total_seconds() // 3600)
        raise ObservationError(f"Obserwację można zmieniać tylko przez {hours} godz. od wysłania.")


def record_answer(
    db: Database,
    checklists: ChecklistSet,
    user: CurrentUser,
    observation_id,
    item_id: str,
    answer: Answer | None,
    comment: str | None,
) -> None:
    """Save one answer as soon as it is given. Changes to a sent observation are audited and rescored."""
    observation = load_own(db, user, observation_id)
    _require_editable(observation)
    comment = clean_text(comment, field="Komentarz", max_length=COMMENT_MAX, required=False)
    if item_id not in {a["item_id"] for a in observation["answers"]}:
        raise ObservationError("Ta pozycja nie należy do tej obserwacji.")
    sent = observation["status"] == "sent"
    if sent and answer is None:
        raise ObservationError("W wysłanej obserwacji każda pozycja musi mieć odpowiedź.")
    if sent and answer is Answer.NOT_MET and checklists.entry(item_id).item.critical and not comment:
        raise ObservationError("Naruszenie krytyczne wymaga komentarza.")
    observations.save_answer(
        db,
        observation["id"],
        item_id,
        None if answer is None else answer.value,
        comment,
        user.login,
        audited=sent,
    )
    if sent:
        _rescore(db, checklists, observation["id"])


def record_notes(
    db: Database, user: CurrentUser, observation_id, notes_good: str, notes_improve: str
) -> None:
    observation = load_own(db, user, observation_id)
    _require_editable(observation)
    good = clean_text(
        notes_good, field="Co poszło dobrze", max_length=NOTES_MAX, required=False, multiline=True
    )
    improve = clean_text(
        notes_improve, field="Co poprawić", max_length=NOTES_MAX, required=False, multiline=True
    )
    observations.save_notes(
        db, observation["id"], good, improve, user.login, audited=observation["status"] == "sent"
    )


def answer_rest(
    db: Database,
    checklists: ChecklistSet,
    user: CurrentUser,
    observation_id,
    answer: Answer,
    standard_id: str | None = None,
) -> list[str]:
    """Give every unanswered item of one standard (or of the whole observation) the same answer in
    one deliberate action; answers already given are never overwritten. The answers record that
    they were set together. Returns the item ids answered."""
    observation = load_own(db, user, observation_id)
    _require_editable(observation)
    if answer is Answer.NOT_MET:
        raise ObservationError("„Nie” zaznacza się przy każdej pozycji osobno.")
    if standard_id is not None and standard_id not in {a["standard_id"] for a in observation["answers"]}:
        raise ObservationError("Ten standard nie należy do tej obserwacji.")
    answered = observations.answer_unanswered(db, observation["id"], answer.value, standard_id)
    if answered and observation["status"] == "sent":
        _rescore(db, checklists, observation["id"])
    return answered


def mark_rest_not_observed(db: Database, checklists: ChecklistSet, user: CurrentUser, observation_id) -> int:
    """Answer every unanswered item with "nie zaobserwowano" in one write; returns how many."""
    return len(answer_rest(db, checklists, user, observation_id, Answer.NOT_OBSERVED))


def score_of(checklists: ChecklistSet, observation: dict) -> ObservationScore:
    answers = {a["item_id"]: a["answer"] for a in observation["answers"]}
    return score_observation(checklists, [a["item_id"] for a in observation["answers"]], answers)


def _as_row(tally: Tally) -> dict:
    return {
        "score": tally.score,
        "met_weight": tally.met_weight,
        "not_met_weight": tally.not_met_weight,
        "met": tally.met,
        "not_met": tally.not_met,
        "not_applicable": tally.not_applicable,
        "not_observed": tally.not_observed,
    }


def _score_rows(score: ObservationScore) -> tuple[dict, dict[str, dict]]:
    overall = {**_as_row(score.overall), "critical": len(score.critical_breaches)}
    return overall, {standard_id: _as_row(tally) for standard_id, tally in score.by_standard.items()}


def _rescore(db: Database, checklists: ChecklistSet, observation_id) -> None:
    observation = observations.get_observation(db, observation_id)
    observations.rescore(db, observation_id, *_score_rows(score_of(checklists, observation)))


def problems_before_send(checklists: ChecklistSet, observation: dict) -> list[str]:
    """Polish reasons why the observation cannot be sent yet (empty when it can)."""
    problems = []
    unanswered = [a for a in observation["answers"] if a["answer"] is None]
    if unanswered:
        problems.append(
            f"Bez odpowiedzi: {format_count(len(unanswered), 'item')} – odpowiedz w ich standardach."
        )
    for answer in observation["answers"]:
        if answer["answer"] == Answer.NOT_MET and answer["critical"] and not answer["comment"]:
            label = checklists.entry(answer["item_id"]).item.label
            problems.append(f"Naruszenie krytyczne „{label}” wymaga komentarza.")
    return problems


def send(db: Database, checklists: ChecklistSet, user: CurrentUser, observation_id) -> bool:
    """Send a complete draft with its scores. Returns False if it had already been sent (a retry)."""
    observation = load_own(db, user, observation_id)
    if observation["status"] == "sent":
        return False
    problems = problems_before_send(checklists, observation)
    if problems:
        raise ObservationError(" ".join(problems))
    return observations.mark_sent(db, observation["id"], *_score_rows(score_of(checklists, observation)))


def delete(db: Database, user: CurrentUser, observation_id, reason: str) -> None:
    """Delete a sent observation within the edit window (its author), or a draft (see
    delete_draft); the reason is required and goes to the audit log with the deletion."""
    observation = load_own(db, user, observation_id)
    if observation["status"] == "draft":
        delete_draft(db, user, observation_id, reason)
        return
    _require_editable(observation)
    reason = clean_text(reason, field="Powód usunięcia", max_length=500)
    observations.mark_deleted(db, observation["id"], reason, user.login, status="sent")


def delete_draft(db: Database, user: CurrentUser, observation_id, reason: str) -> None:
    """Delete an unfinished observation: only its author or an administrator, only while it is a
    draft (a sent observation is deleted through delete), always with a reason, audited."""
    try:
        observation = observations.get_observation(db, uuid.UUID(str(observation_id)))
    except ValueError:
        observation = None
    if observation is None or observation["status"] == "deleted":
        raise ObservationError("Nie znaleziono takiego szkicu obserwacji.")
    if observation["observer_id"] != user.id and user.role != Role.ADMIN:
        raise ObservationError("Szkic obserwacji może usunąć tylko jego autor albo administrator.")
    if observation["status"] != "draft":
        raise ObservationError(NOT_A_DRAFT)
    reason = clean_text(reason, field="Powód usunięcia", max_length=500)
    if not observations.mark_deleted(db, observation["id"], reason, user.login, status="draft"):
        raise ObservationError(NOT_A_DRAFT)


def list_observations(db: Database, **filters) -> list[dict]:
    """Observation headers for the supervisor's list (storage.observations.list_observations filters)."""
    return observations.list_observations(db, **filters)


def calibration_candidates(db: Database, **where) -> list[dict]:
    """Other supervisors' observations that may be the same visit (headers only, never answers)."""
    return observations.calibration_candidates(db, **where)


def calibration_pair(db: Database, observation_id) -> list[dict]:
    """The observations linked to this one by calibration, in either direction."""
    return observations.calibration_pair(db, observation_id)


def drafts_of(db: Database, user: CurrentUser) -> list[dict]:
    return observations.list_observations(db, observer_id=user.id, statuses=("draft",))


def calibration_view(db: Database, user: CurrentUser, observation: dict) -> list[dict] | None:
    """The linked observations of the same visit, shown only once this one and they are all sent."""
    pair = observations.calibration_pair(db, observation["id"])
    if not pair or observation["status"] != "sent" or any(p["status"] != "sent" for p in pair):
        return None
    return [observations.get_observation(db, p["id"]) for p in pair]
