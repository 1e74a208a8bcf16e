"""E-mail notifications: what is to be told to whom (the sweep), and sending it (deliver_due).

The events are read from the tables, so a crash between a write and its e-mail loses nothing and
no other service has to call this one:
- an improvement action assigned (in the last week; once per action and owner) and overdue (once
  per action and due date) -> its owner;
- a client case opened (in the last week) and overdue (once per case and due date) -> who answers
  it (services.client_cases.recipients: the department's supervisors, else management);
- an observation plan falling behind -> the department's supervisors, once a week per quarter;
- employees who have not acknowledged the current handbook -> their supervisors, once a week.
Accounts without an e-mail address are skipped. With the daily digest on, the sweep holds the
messages and deliver_due sends each recipient one message with all of them at the digest hour.

Sending runs in a daemon thread of the server (run_sender), never in a page run. A message that
cannot be sent (server down, a refusal) stays queued and is tried again after 1, 2, 4 … minutes,
at most an hour apart, and is given up only after GIVE_UP_AFTER, with its last error kept.
Messages done with are deleted after KEPT_FOR (an action still overdue then is reminded of again).
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from checklists.loading import current_checklists
from i18n import format_date
from services import client_cases, links, mail_settings, observation_plan
from services.mail_settings import MailSettings
from storage import mail, people, users
from storage.db import Database, now

SWEEP_ENV, TIMEOUT_ENV = "JAKOSC_MAIL_SWEEP_SECONDS", "JAKOSC_SMTP_TIMEOUT"
FIRST_RETRY, LONGEST_RETRY = timedelta(minutes=1), timedelta(hours=1)
GIVE_UP_AFTER = timedelta(days=3)
RECENT = timedelta(days=7)  # how far back "assigned" and "opened" are told (not the whole history)
KEPT_FOR = timedelta(days=90)  # messages done with are deleted after this (they name employees)
BATCH = 50
GREETING = "Dzień dobry,\n\n"
FOOTER = (
    "\n\n-- \nWiadomość wysłana automatycznie przez aplikację Jakość Obsługi. Prosimy na nią nie odpowiadać."
)
ORIGINS = {"form": "formularz oceny", "paper": "pismo", "phone": "telefon"}
log = logging.getLogger("jakosc.mail")


@dataclass(frozen=True)
class Event:
    """One thing to tell one account: `key` makes it once only; `page` is where to act on it."""

    key: str
    recipient_id: uuid.UUID
    kind: str
    subject: str
    text: str
    page: tuple[str, str]  # (URL path, page name)


# ---- the sweep: events -> queued (or held) messages


def sweep(db: Database, today: date) -> int:
    """Queue a message for every new event (none while notifications are off); how many."""
    settings = mail_settings.load(db)
    if not settings.enabled:
        return 0
    events = [
        *_action_events(db, today),
        *_case_events(db, today),
        *_plan_events(db, today),
        *_acknowledgement_events(db, today),
    ]
    known = mail.known_keys(db, [event.key for event in events])
    fresh = [event for event in events if event.key not in known]
    addresses = {row["id"]: row["email"] for row in mail.recipients(db, {e.recipient_id for e in fresh})}
    base = _base(db)
    messages = [
        message(event, addresses[event.recipient_id], base)
        for event in fresh
        if event.recipient_id in addresses
    ]
    return mail.enqueue(db, messages, state="held" if settings.digest else "queued")


ACTIONS_PAGE = ("dzialania", "Działania")


def action_assigned(action: dict) -> Event:
    """An action (id, title, owner_id, due_date, department_name) told to its owner."""
    return Event(
        f"action_assigned:{action['id']}:{action['owner_id']}",
        action["owner_id"],
        "action_assigned",
        f"Przydzielono Ci działanie: {action['title']}",
        f"Odpowiadasz za działanie doskonalące „{action['title']}” ({action['department_name']}). "
        f"Termin realizacji: {format_date(action['due_date'])}.",
        ACTIONS_PAGE,
    )


def action_overdue(action: dict) -> Event:
    return Event(
        f"action_overdue:{action['id']}:{action['due_date']}",
        action["owner_id"],
        "action_overdue",
        f"Działanie po terminie: {action['title']}",
        f"Minął termin realizacji działania „{action['title']}” ({action['department_name']}): "
        f"{format_date(action['due_date'])}. Zamknij je z notatką albo ustal nowy termin.",
        ACTIONS_PAGE,
    )


def _action_events(db: Database, today: date) -> list[Event]:
    recent = datetime.combine(today, datetime.min.time()) - RECENT
    events = []
    for action in mail.active_actions(db):
        if action["updated_at"] >= recent:
            events.append(action_assigned(action))
        if action["due_date"] < today:
            events.append(action_overdue(action))
    return events


def _case_events(db: Database, today: date) -> list[Event]:
    events = []
    page = ("sprawy-klientow", "Sprawy klientów")
    recent = datetime.combine(today, datetime.min.time()) - RECENT
    for case in mail.open_cases(db):
        department = case["department_name"] or "bez wskazanego wydziału"
        due = format_date(case["due_date"])
        # No client data in the e-mail: the request and the contact stay in the app.
        for account_id in client_cases.recipients(db, case["department_id"]):
            if case["created_at"] >= recent:
                events.append(
                    Event(
                        f"case_opened:{case['id']}:{account_id}",
                        account_id,
                        "case_opened",
                        f"Nowa sprawa Klienta – {department}",
                        f"Klient prosi o odpowiedź (zgłoszenie: {ORIGINS.get(case['origin'], case['origin'])}, "
                        f"{format_date(case['created_at'].date())}). Termin odpowiedzi: {due}.",
                        page,
                    )
                )
            if case["due_date"] < today:
                events.append(
                    Event(
                        f"case_overdue:{case['id']}:{case['due_date']}:{account_id}",
                        account_id,
                        "case_overdue",
                        f"Sprawa Klienta po terminie – {department}",
                        f"Minął termin odpowiedzi Klientowi ({due}) na sprawę z "
                        f"{format_date(case['created_at'].date())}.",
                        page,
                    )
                )
    return events


def _week(today: date) -> str:
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def _plan_events(db: Database, today: date) -> list[Event]:
    year, quarter = observation_plan.quarter_of(today)
    name = observation_plan.quarter_name(year, quarter)
    return [
        Event(
            f"plan_behind:{row.department_id}:{year}Q{quarter}:{_week(today)}:{account_id}",
            account_id,
            "plan_behind",
            f"Plan obserwacji opóźniony – {row.name}",
            f"W wydziale {row.name} wykonano {row.done} z {row.planned} obserwacji zaplanowanych na "
            f"{name}; o tej porze kwartału powinno ich być więcej.",
            ("plan-obserwacji", "Plan obserwacji"),
        )
        for row in observation_plan.behind(db, today)
        for account_id in users.supervisors_of(db, row.department_id)
    ]


def _acknowledgement_events(db: Database, today: date) -> list[Event]:
    version = current_checklists().version
    pending: dict = defaultdict(list)
    for row in people.acknowledgement_register(db, version, None):
        if row["acknowledged_on"] is None:
            for account_id in users.supervisors_of(db, row["department_id"]):
                pending[account_id].append(
                    f"- {row['first_name']} {row['last_name']} ({row['department_name']})"
                )
    return [
        Event(
            f"acknowledgement_pending:{account_id}:{_week(today)}",
            account_id,
            "acknowledgement_pending",
            f"Pracownicy bez potwierdzenia zapoznania ze standardami: {len(names)}",
            f"Nie potwierdzili jeszcze zapoznania z aktualną wersją standardów obsługi ({version}):\n"
            + "\n".join(names),
            ("potwierdzenia", "Potwierdzenia"),
        )
        for account_id, names in pending.items()
    ]


def _base(db: Database) -> str | None:
    address = links.public_address(db)
    return address.url if address.usable else None


def message(event: Event, address: str, base: str | None) -> dict:
    """The outbox row of `event` for `address`; `base`: the app's public address for the link."""
    path, name = event.page
    where = (
        f"Otwórz w aplikacji: {base}/{path}"
        if base
        else f"Otwórz w aplikacji Jakość Obsługi stronę „{name}”."
    )
    return {
        "dedupe_key": event.key,
        "recipient_id": event.recipient_id,
        "recipient": address,
        "subject": event.subject,
        "body": f"{GREETING}{event.text}\n\n{where}{FOOTER}",
        "kind": event.kind,
    }


def _core(body: str) -> str:
    """A message's own text, without the greeting and the footer (for the digest)."""
    return body.removeprefix(GREETING).removesuffix(FOOTER)


# ---- the digest


def make_digests(db: Database, settings: MailSettings, moment: datetime) -> int:
    """From the digest hour on, every recipient's held messages become one queued message
    (once a day per recipient; later ones wait for the next day). How many digests were queued."""
    if moment.hour < settings.digest_hour:
        return 0
    by_recipient: dict = defaultdict(list)
    for message in mail.held(db):
        by_recipient[(message["recipient_id"], message["recipient"])].append(message)
    made = 0
    day = format_date(moment.date())
    for (recipient_id, address), messages in by_recipient.items():
        parts = "\n\n".join(f"{n}. {m['subject']}\n{_core(m['body'])}" for n, m in enumerate(messages, 1))
        digest = {
            "dedupe_key": f"digest:{recipient_id}:{address}:{moment.date()}",
            "recipient_id": recipient_id,
            "recipient": address,
            "subject": f"Jakość Obsługi – zestawienie z {day} ({len(messages)})",
            "body": f"{GREETING}zestawienie powiadomień z dnia {day}:\n\n{parts}{FOOTER}",
        }
        made += mail.queue_digest(db, digest, [m["id"] for m in messages], moment)
    return made


# ---- sending


def retry_delay(attempts: int) -> timedelta:
    """After the n-th failed attempt: 1 min, 2, 4, … never more than an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def _timeout() -> float:
    return float(os.environ.get(TIMEOUT_ENV, "10"))


def _connect(settings: MailSettings, password: str | None) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if settings.security == "ssl":
        server = smtplib.SMTP_SSL(settings.host, settings.port, timeout=_timeout(), context=context)
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=_timeout())
    try:
        if settings.security == "starttls":
            server.starttls(context=context)
        if settings.login:
            server.login(settings.login, password or "")
    except BaseException:
        server.close()
        raise
    return server


def _email(settings: MailSettings, message: dict) -> EmailMessage:
    email = EmailMessage()
    email["From"] = settings.sender
    email["To"] = message["recipient"]
    email["Subject"] = message["subject"]
    email["Date"] = formatdate(localtime=True)
    email["Message-ID"] = make_msgid(domain=settings.sender.rsplit("@", 1)[1])
    email.set_content(message["body"], charset="utf-8")
    return email


def _error_text(error: BaseException) -> str:
    """Why an attempt failed, for the administrator (never the password: smtplib's errors hold
    the server's answer, not what was sent)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, answer = next(iter(error.recipients.values()))
        return f"Serwer odrzucił odbiorcę: {code} {answer.decode(errors='replace')}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"Serwer odpowiedział: {error.smtp_code} {error.smtp_error.decode(errors='replace')}"
    if isinstance(error, ConnectionRefusedError):
        return "Serwer poczty nie przyjmuje połączeń (odmowa połączenia)."
    if isinstance(error, TimeoutError):
        return "Serwer poczty nie odpowiedział w czasie."
    return f"{type(error).__name__}: {error}"[:500]


def deliver_due(db: Database, moment: datetime) -> int:
    """Send the messages due at `moment` (the digests first made, or held ones released when
    the digest is off); how many were sent. Each is claimed first, so no other sender takes it."""
    settings = mail_settings.load(db)
    if not settings.enabled:
        return 0
    if settings.digest:
        make_digests(db, settings, moment)
    else:
        mail.release_held(db)
    claimed = mail.claim_due(db, moment, moment + timedelta(seconds=_timeout() * 3 + 60), BATCH)
    if not claimed:
        return 0
    try:
        server = _connect(settings, mail_settings.password(db))
    except (OSError, smtplib.SMTPException) as error:
        for message in claimed:
            _failed(db, message, moment, _error_text(error))
        return 0
    sent = 0
    try:
        for position, message in enumerate(claimed):
            try:
                server.send_message(_email(settings, message))
            except (OSError, smtplib.SMTPServerDisconnected) as error:  # the connection is gone
                for unsent in claimed[position:]:
                    _failed(db, unsent, moment, _error_text(error))
                break
            except smtplib.SMTPException as error:  # this message refused: the next may pass
                _failed(db, message, moment, _error_text(error))
            else:
                mail.mark_sent(db, message["id"], now())
                sent += 1
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()
    return sent


def _failed(db: Database, message: dict, moment: datetime, error: str) -> None:
    final = moment - message["created_at"] >= GIVE_UP_AFTER
    mail.mark_attempt_failed(db, message["id"], error, moment + retry_delay(message["attempts"]), final=final)


# ---- the server's thread


def sweep_seconds() -> float:
    return float(os.environ.get(SWEEP_ENV, "60"))


def run_sender(database: Callable[[], Database], stop: threading.Event | None = None) -> None:
    """Sweep and send every JAKOSC_MAIL_SWEEP_SECONDS until `stop` is set (the server's daemon
    thread). A failure is logged and tried again next round."""
    stop = stop or threading.Event()
    while True:
        try:
            db = database()
            moment = now()
            sweep(db, moment.date())
            deliver_due(db, moment)
            mail.forget_before(db, moment - KEPT_FOR)
        except Exception:
            log.exception("Powiadomienia e-mail: nieudany przebieg, ponowienie w następnym.")
        if stop.wait(sweep_seconds()):
            return
