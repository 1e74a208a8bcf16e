"""Paper questionnaires entered by staff: the answers typed as on paper, checked, and stored as a
client rating of channel "paper".

The answers are one line, in the order the paper form prints them: the overall rating, the five
criteria (time, manner, conditions, forms, information) as digits 1–5, then whether the matter
was settled (t = tak, n = nie, c = częściowo). 0 or - is a question left unanswered; spaces and
commas are optional ("5 4 4 5 3 5 t" or "544535t"). A typo is refused with a Polish message that
names it, so a slip of the finger never becomes a wrong rating.

A stored questionnaire is validated and its comment scrubbed exactly as the client form's
(services.survey.validate, services.scrubbing.scrub); its comment waits for moderation like any
other. Who entered it is recorded in the audit log only (storage.paper_ratings), never in the
rating: figures cannot show it. Management enters for every department, a supervisor for their
own. The page makes the rating's id before the first attempt and keeps it until it is saved, so
a second Enter, a double click or a retry never stores the same questionnaire twice.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from accounts.roles import Role
from accounts.service import CurrentUser
from i18n import t
from services import survey
from services.organisation import InputError
from services.scrubbing import scrub
from storage import audit, departments, paper_ratings, ratings
from storage.db import RATINGS, Database, now

QUESTIONS = ("overall", *ratings.CRITERIA, "settled")  # the order printed on the paper form
SETTLED = {"t": "yes", "n": "no", "c": "partly"}
NO_ANSWER = ("0", "-")
_SEPARATORS = re.compile(r"[\s,;]+")
# The paper form has a date and no hour: noon of that day is inside its office hours, so the
# rating lands on the right day in every period, and the hour × weekday chart leaves paper out.
NOON = time(12)
OLDEST = timedelta(days=365)  # questionnaires are entered within a year of being filled in
MAX_PER_MINUTE = 30  # more than one every two seconds is no person typing from paper


class PaperError(InputError):
    """A questionnaire that cannot be stored; the message is Polish and names the fault."""


@dataclass(frozen=True)
class Answers:
    overall: int
    criteria: tuple[int | None, ...]  # in ratings.CRITERIA order; None: left unanswered
    settled: str | None  # yes | no | partly | None


@dataclass(frozen=True)
class Entered:
    """A questionnaire as stored (`stored` False: this entry's id was saved already)."""

    id: uuid.UUID
    stored: bool
    answers: Answers
    department: str
    on: date
    scrubbed: frozenset[str]


def _question(index: int) -> str:
    """The question at `index` (0-based) in words, as the messages name it."""
    name = QUESTIONS[index]
    label = "czy sprawa została załatwiona" if name == "settled" else t(f"criterion.{name}", "pl").lower()
    return f"{index + 1}. odpowiedź ({label})"


def parse(text: str | None) -> Answers:
    """The answers typed from a paper form; PaperError naming the first fault found."""
    typed = _SEPARATORS.sub("", text or "").lower()
    if not typed:
        raise PaperError("Wpisz odpowiedzi z kwestionariusza, np. 5 4 4 5 3 5 t.")
    for position, character in enumerate(typed, start=1):
        if not (character.isascii() and character.isdigit()) and character not in (*SETTLED, "-"):
            raise PaperError(
                f"Nieznany znak „{character}” ({position}. odpowiedź). Wpisz cyfry 1–5, t, n albo c; "
                "brak odpowiedzi to 0 albo -."
            )
    if len(typed) != len(QUESTIONS):
        amount = "mało" if len(typed) < len(QUESTIONS) else "dużo"
        raise PaperError(
            f"Za {amount} odpowiedzi: {len(typed)} zamiast {len(QUESTIONS)} (ocena ogólna, pięć kryteriów, "
            "czy sprawa załatwiona). Brak odpowiedzi wpisz jako 0 albo -."
        )
    scores: list[int | None] = []
    for index, character in enumerate(typed[:-1]):
        if character in NO_ANSWER:
            scores.append(None)
        elif character.isdigit() and "1" <= character <= "5":
            scores.append(int(character))
        elif character.isdigit():
            raise PaperError(f"Ocena „{character}” poza skalą 1–5: {_question(index)}.")
        else:
            raise PaperError(
                f"Oczekiwano oceny 1–5 (albo 0 lub - przy braku), a wpisano „{character}”: {_question(index)}."
            )
    last = typed[-1]
    if last not in SETTLED and last not in NO_ANSWER:
        raise PaperError(
            f"Oczekiwano t, n albo c (albo 0 lub - przy braku), a wpisano „{last}”: {_question(len(typed) - 1)}."
        )
    if scores[0] is None:
        raise PaperError("Brak oceny ogólnej (1. odpowiedź): bez niej kwestionariusza nie można zapisać.")
    return Answers(scores[0], tuple(scores[1:]), SETTLED.get(last))


def _enters(user: CurrentUser, department_id) -> bool:
    """Management enters questionnaires of every department, a supervisor those of their own."""
    return user.role == Role.MANAGEMENT or (
        user.role == Role.SUPERVISOR and department_id in user.department_ids
    )


def departments_for(db: Database, user: CurrentUser) -> list[dict]:
    """The active departments this user may enter questionnaires for."""
    return [d for d in departments.list_departments(db, active_only=True) if _enters(user, d["id"])]


def date_range(today: date) -> tuple[date, date]:
    """The first and the last day a questionnaire may carry."""
    return today - OLDEST, today


def enter(
    db: Database,
    user: CurrentUser,
    *,
    entry_id: uuid.UUID,
    department_id,
    on: date | None,
    answers: str | None,
    comment: str | None = None,
) -> Entered:
    """Store one questionnaire as a client rating of channel "paper", dated `on` (at NOON), with
    an audit entry naming who entered it. The same `entry_id` again stores nothing."""
    department = departments.get_department(db, department_id) if department_id is not None else None
    if department is None or not department["active"]:
        raise PaperError("Wybierz wydział.")
    if not _enters(user, department_id):
        raise PaperError("Ten wydział nie należy do Twoich wydziałów.")
    moment = now()
    earliest, latest = date_range(moment.date())
    if on is None or not earliest <= on <= latest:
        raise PaperError(
            f"Data kwestionariusza musi być między {earliest:%d.%m.%Y} a dzisiaj ({latest:%d.%m.%Y})."
        )
    parsed = parse(answers)
    raw = {
        "id": entry_id,
        "language": "pl",  # the paper form is Polish
        "overall": parsed.overall,
        **dict(zip(ratings.CRITERIA, parsed.criteria, strict=True)),
        "settled": parsed.settled,
        "department_id": department_id,
        "comment": comment,
    }
    try:
        submission = survey.validate(raw)
    except survey.SurveyError as error:
        raise PaperError(t(error.key, "pl")) from error
    text, found = scrub(submission.comment) if submission.comment else (None, set())

    def work(cursor) -> bool:
        if ratings.visit(cursor, entry_id) is not None:
            return False  # saved already: a second Enter or click of the same entry
        if paper_ratings.entered_since(cursor, user.login, moment - timedelta(minutes=1)) >= MAX_PER_MINUTE:
            raise PaperError(
                f"Wpisano już {MAX_PER_MINUTE} kwestionariuszy w ciągu minuty. Odczekaj chwilę i zapisz ponownie."
            )
        ratings.insert_rating(
            cursor,
            {
                **raw,
                "comment": text,
                "created_at": datetime.combine(on, NOON),
                "completed_at": moment,  # when it was entered: the form's "sent"
                "channel": paper_ratings.PAPER,
            },
        )
        audit.record(
            cursor,
            user.login,
            paper_ratings.ENTERED,
            "client_rating",
            entry_id,
            None,
            {"channel": paper_ratings.PAPER, "department_id": str(department_id), "on": on.isoformat()},
        )
        return True

    stored = db.write(work, changes=(RATINGS,), keyed_by_caller=True)
    return Entered(entry_id, stored, parsed, department["name"], on, frozenset(found))


def undo(db: Database, user: CurrentUser, rating_id) -> None:
    """Delete a questionnaire this user entered (the page offers their last one), audited."""

    def work(cursor) -> None:
        row = paper_ratings.entered_by(cursor, rating_id, user.login)
        if row is None:
            raise PaperError(
                "Tego kwestionariusza nie można cofnąć: już go usunięto albo wpisał go ktoś inny."
            )
        paper_ratings.delete(cursor, rating_id)
        before = {
            "channel": paper_ratings.PAPER,
            "department_id": str(row["department_id"]),
            "on": row["created_at"].date().isoformat(),
            "overall": row["overall"],
        }
        audit.record(cursor, user.login, "delete", "client_rating", rating_id, before, None)

    db.write(work, changes=(RATINGS,))
