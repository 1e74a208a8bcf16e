"""Client cases (answering clients): a client who wants an answer asks for one on the rating form
("Chcę otrzymać odpowiedź"), or staff enter a complaint made on paper or by phone. A case has a
department (none: management answers), a due date JAKOSC_CASE_DUE_DAYS (14) days after it was
opened, the reply with its date, and closure. Contact data (name, e-mail, phone; at least one
of e-mail and phone) are deleted by the retention run JAKOSC_CASE_CONTACT_DAYS (30) days after
closure, and the texts scrubbed of personal data.

The rating stays anonymous: a case is a separate write with no link to the rating. The form's
case id is made when the client opens the request, so a double tap or a retry stores one case.
The form's requests are throttled per client address (in memory, as for the QR form's ratings).

Scopes: management sees and answers every case (those without a department too), a supervisor
those of their departments. Every change is audited; every opening of a case's contact data too.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from accounts.roles import Role
from accounts.service import CurrentUser
from i18n import CLIENT_LANGUAGES, t
from services import audit_trail, survey
from services.organisation import InputError, clean_text
from services.scrubbing import normalise, scrub
from storage import client_cases, departments, users
from storage.db import Database, now

log = logging.getLogger("jakosc.cases")

STAFF_ORIGINS = ("paper", "phone")  # the form's cases have origin "form"
STATUSES = ("open", "closed")
REQUEST_MAX, REPLY_MAX, NAME_MAX, EMAIL_MAX, PHONE_MAX = 2000, 4000, 200, 254, 40
CONSENT_VERSION = "2026-11"  # the consent text's version, stored with the case (with the days it names)
CASE_LIMIT = 5  # form requests from one client address within CASE_WINDOW; more are refused
CASE_WINDOW = timedelta(hours=1)
CONTACT_VIEW = "client_case_contact"  # the audit entity of an opened case's contact data

# The form's requests per client address, in this process's memory only (survey's counter).
_form_requests = survey._RecentSends(window=CASE_WINDOW)


class CaseError(InputError):
    """A case refused; `key` names the message in every language of the client form, the text
    itself is Polish (what staff screens show)."""

    def __init__(self, key: str, **values):
        super().__init__(t(key, "pl", **values))
        self.key = key
        self.values = values

    def text(self, language: str) -> str:
        return t(self.key, language, **self.values)


def due_days() -> int:
    return int(os.environ.get("JAKOSC_CASE_DUE_DAYS", "14"))


def contact_days() -> int:
    return int(os.environ.get("JAKOSC_CASE_CONTACT_DAYS", "30"))


def consent_text(language: str) -> str:
    """The RODO information the client accepts with the consent box."""
    return t("survey.reply.consent_text", language, days=contact_days())


# --- the client form ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    """The client's request as stored: its case and due date; `new` False for a repeated send."""

    case_id: uuid.UUID
    due_date: date
    new: bool


def request_reply(
    db: Database, channel: survey.Channel, raw: dict, *, client_address: str | None = None
) -> Receipt:
    """The form's request (raw: id, language, request, name, email, phone, consent and, when the
    channel has no department, the department the client chose). `client_address` is counted in
    memory, never stored; None (scripts, tests) counts nothing."""
    try:
        case_id = uuid.UUID(str(raw.get("id")))
    except ValueError as error:
        raise CaseError("survey.reply.error.invalid") from error
    language = raw.get("language")
    if language not in CLIENT_LANGUAGES:
        raise CaseError("survey.reply.error.invalid")
    known = client_cases.get(db, case_id)
    if known is not None:  # the same request again: a double tap, a retry or a reload
        return Receipt(case_id, known["due_date"], new=False)
    request = _request(raw.get("request"))
    contact = _contact(raw.get("name"), raw.get("email"), raw.get("phone"))
    if raw.get("consent") is not True:
        raise CaseError("survey.reply.error.consent_missing")
    department_id = channel.department_id or raw.get("department_id")
    if department_id is not None:
        department = departments.get_department(db, department_id)
        department_id = department["id"] if department is not None and department["active"] else None
    moment = now()
    if client_address is not None and len(_form_requests.add(client_address, moment, case_id)) > CASE_LIMIT:
        raise CaseError("survey.reply.error.too_many")
    due = moment.date() + timedelta(days=due_days())
    new = client_cases.insert(
        db,
        {
            "id": case_id,
            "origin": "form",
            "department_id": department_id,
            "request": request,
            **contact,
            "consent_version": f"{CONSENT_VERSION}/{contact_days()}",
            "language": language,
            "status": "open",
            "due_date": due,
            "reply": None,
            "replied_on": None,
            "replied_by": None,
        },
        "client",
    )
    return Receipt(case_id, due, new)


def request_due(db: Database, case_id: uuid.UUID) -> date | None:
    """The due date of the form's request with this id, once stored (a reload of the form)."""
    case = client_cases.get(db, case_id)
    return None if case is None else case["due_date"]


def _request(value) -> str:
    text = normalise(str(value or "")).strip()  # measured as stored: NFKC can lengthen text
    if len(text) > REQUEST_MAX:
        raise CaseError("survey.reply.error.request_too_long", limit=REQUEST_MAX)
    try:
        return clean_text(text, field="Treść sprawy", max_length=REQUEST_MAX, multiline=True)
    except InputError as error:
        raise CaseError("survey.reply.error.request_missing") from error


def _contact(name, email, phone) -> dict:
    """Name, e-mail and phone checked and cleaned: at least one of e-mail and phone."""
    name = _short(name, NAME_MAX, "survey.reply.error.name_too_long")
    email = _short(email, EMAIL_MAX, "survey.reply.error.email_invalid")
    phone = _short(phone, PHONE_MAX, "survey.reply.error.phone_invalid")
    if email is None and phone is None:
        raise CaseError("survey.reply.error.contact_missing")
    if email is not None:
        try:  # syntax only: no DNS look-up from the office's server
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError as error:
            raise CaseError("survey.reply.error.email_invalid") from error
    if phone is not None:
        try:
            number = phonenumbers.parse(phone, "PL")
        except phonenumbers.NumberParseException as error:
            raise CaseError("survey.reply.error.phone_invalid") from error
        if not phonenumbers.is_valid_number(number):
            raise CaseError("survey.reply.error.phone_invalid")
        phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return {"contact_name": name, "contact_email": email, "contact_phone": phone}


def _short(value, limit: int, too_long: str) -> str | None:
    try:
        return clean_text(normalise(str(value or "")), field="", max_length=limit, required=False)
    except InputError as error:
        raise CaseError(too_long, limit=limit) from error


# --- staff --------------------------------------------------------------------------------------


def _answers(user: CurrentUser, department_id) -> bool:
    """Whether `user` sees and answers the cases of this department (None: management's)."""
    return user.role == Role.MANAGEMENT or (
        user.role == Role.SUPERVISOR and department_id is not None and department_id in user.department_ids
    )


def departments_for(db: Database, user: CurrentUser) -> list[dict]:
    """The active departments this user may open cases in."""
    return [d for d in departments.list_departments(db, active_only=True) if _answers(user, d["id"])]


def list_for(db: Database, user: CurrentUser, today: date) -> list[dict]:
    """The cases this user sees, without contact data, each with `overdue` (open, due before today)."""
    if user.role == Role.MANAGEMENT:
        rows = client_cases.listing(db, None)
    elif user.role == Role.SUPERVISOR:
        rows = client_cases.listing(db, list(user.department_ids))
    else:
        rows = []
    for row in rows:
        row["overdue"] = row["status"] == "open" and row["due_date"] < today
    return rows


def open_case(
    db: Database, user: CurrentUser, *, origin: str, department_id, request, name=None, email=None, phone=None
) -> Receipt:
    """A complaint made on paper or by phone, entered by staff (None as the department: management
    answers it). Like the form's, it needs an e-mail or a phone to answer to."""
    if origin not in STAFF_ORIGINS:
        raise CaseError("cases.error.origin")
    if (department_id is None and user.role != Role.MANAGEMENT) or (
        department_id is not None and departments.get_department(db, department_id) is None
    ):
        raise CaseError("cases.error.department")
    if not _answers(user, department_id):
        raise CaseError("cases.error.scope")
    receipt = Receipt(uuid.uuid4(), now().date() + timedelta(days=due_days()), new=True)
    client_cases.insert(
        db,
        {
            "id": receipt.case_id,
            "origin": origin,
            "department_id": department_id,
            "request": _request(request),
            **_contact(name, email, phone),
            "consent_version": None,
            "language": "pl",
            "status": "open",
            "due_date": receipt.due_date,
            "reply": None,
            "replied_on": None,
            "replied_by": None,
        },
        user.login,
    )
    return receipt


def case_for(db: Database, user: CurrentUser, case_id) -> dict:
    """One case with its contact data, for a user who answers it; the opening is audited (once
    per person and case within audit_trail.VIEW_WINDOW) while the case still has contact data."""
    case = client_cases.get(db, case_id)
    if case is None or not _answers(user, case["department_id"]):
        raise CaseError("cases.error.scope")
    if case["contact_deleted_at"] is None:
        audit_trail.record_view(db, user, CONTACT_VIEW, case_id, {})
    return case


def save_reply(db: Database, user: CurrentUser, case_id, reply, replied_on: date | None) -> None:
    """Write (or correct) the reply of an open case, with the day it was given to the client."""
    _change(db, user, case_id, _reply(db, case_id, reply, replied_on, user))


def close(db: Database, user: CurrentUser, case_id, reply, replied_on: date | None) -> None:
    """Close an open case with its reply: closing needs the answer given to the client."""
    _change(
        db,
        user,
        case_id,
        {**_reply(db, case_id, reply, replied_on, user), "status": "closed", "closed_at": now()},
    )


def _reply(db: Database, case_id, reply, replied_on: date | None, user: CurrentUser) -> dict:
    text = clean_text(reply, field="Odpowiedź", max_length=REPLY_MAX, multiline=True)
    case = client_cases.get(db, case_id)
    if replied_on is None:
        raise CaseError("cases.error.reply_date")
    if replied_on > now().date() or (case is not None and replied_on < case["created_at"].date()):
        raise CaseError("cases.error.reply_date")
    return {"reply": text, "replied_on": replied_on, "replied_by": user.login}


def _change(db: Database, user: CurrentUser, case_id, changes: dict) -> None:
    case = client_cases.get(db, case_id)
    if case is None or not _answers(user, case["department_id"]):
        raise CaseError("cases.error.scope")
    if case["status"] != "open" or not client_cases.update(db, case_id, changes, user.login):
        raise CaseError("cases.error.closed")


# --- for the notifications and the retention run -------------------------------------------------


def overdue_cases(db: Database, today: date) -> list[dict]:
    """Open cases of every department whose due date is before `today` (no scope: for the
    notifications), without contact data or texts."""
    return client_cases.overdue(db, today)


def recipients(db: Database, department_id) -> list[uuid.UUID]:
    """Who answers the department's cases: its active supervisors (the department's head), or
    the active management accounts when it has none or there is no department."""
    found = users.supervisors_of(db, department_id) if department_id is not None else []
    return found or client_cases.management(db)


def contact_check_seconds() -> float:
    return float(os.environ.get("JAKOSC_CASE_CONTACT_CHECK_SECONDS", "3600"))


def run_contact_retention(database: Callable[[], Database], stop: threading.Event | None = None) -> None:
    """Delete the contact data that are due (forget_contacts) every JAKOSC_CASE_CONTACT_CHECK_SECONDS
    (hourly) until `stop` is set: the server's daemon thread, so the consent's promise holds without
    anyone starting the retention run. That run still rewrites the file, so the removed values leave
    the disk too. A failure is logged and tried again next time."""
    stop = stop or threading.Event()
    while True:
        try:
            forget_contacts(database(), "retencja", audit_empty=False)  # hourly: no entry for nothing
        except Exception:
            log.exception("Sprawy Klientów: nie udało się usunąć danych kontaktowych, ponowienie później.")
        if stop.wait(contact_check_seconds()):
            return


def forget_contacts(db: Database, actor: str, *, audit_empty: bool = True) -> int:
    """Delete the contact data of cases closed more than contact_days() ago and scrub their texts
    (services/scrubbing.py); returns how many cases. Part of the retention run (people.anonymise_old),
    which rewrites the database file afterwards."""
    return client_cases.forget_contacts(
        db,
        now() - timedelta(days=contact_days()),
        lambda text: scrub(text)[0],
        actor,
        audit_empty=audit_empty,
    )
