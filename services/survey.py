"""The client satisfaction form: validation, scrubbing, anti-abuse and storage of one rating.

One visit is one row. The client's first tap on an overall rating is stored at once (tap(): a
client who taps and walks away is counted); the send (submit()) completes the same row by its id
with the criteria, the department and the comment. A visit that was sent is complete: a repeated
send or tap changes nothing. The id travels in the form's address, so a reload or a restarted
server continues the same visit (resume()).

Anonymous by design: no account, no IP address, nothing that ties two ratings to one person.
A kiosk's new rating within MIN_GAP of its last is not stored (a double tap). A burst – from
BURST_LIMIT new ratings within BURST_WINDOW on, from one kiosk or (QR form) one client address – is
stored but flagged for review, every rating of it, never dropped; flagged ratings count in no
figure until a moderator approves them. A stored tap is a rating like any other for these rules;
completing a visit is not a new rating. Client addresses are only counted in memory, as keyed
hashes that live for BURST_WINDOW: never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
import threading
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from services.scrubbing import normalise, scrub
from storage import departments, kiosks, ratings
from storage.db import RATINGS, Database, now

COMMENT_MAX = 500
MIN_GAP = timedelta(seconds=3)
BURST_LIMIT = 6  # new ratings from one kiosk or address within BURST_WINDOW that look like abuse
BURST_WINDOW = timedelta(seconds=60)
RESUME_WITHIN = timedelta(minutes=30)  # how long after its tap an unsent visit can be continued

Score = int | None


class SurveyError(ValueError):
    """The form cannot be stored; `key` names the message in the client's language."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


class Submission(BaseModel):
    """One client's answers, as the form sends them."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID  # made when the form opens: a retry of the same form is one rating
    language: Literal["pl", "en", "uk"]
    overall: int = Field(ge=1, le=5)
    rating_time: Score = Field(default=None, ge=1, le=5)
    rating_manner: Score = Field(default=None, ge=1, le=5)
    rating_conditions: Score = Field(default=None, ge=1, le=5)
    rating_forms: Score = Field(default=None, ge=1, le=5)
    rating_information: Score = Field(default=None, ge=1, le=5)
    settled: Literal["yes", "no", "partly"] | None = None
    department_id: uuid.UUID | None = None
    comment: str | None = None

    @field_validator("comment")
    @classmethod
    def _comment(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = normalise(value).strip()  # measured as stored: NFKC can lengthen text many times
        if len(value) > COMMENT_MAX:
            raise ValueError("comment too long")
        return value or None


@dataclass(frozen=True)
class Channel:
    """Where the form runs: a registered kiosk, or a phone that scanned a department's QR code."""

    name: Literal["kiosk", "qr"]
    kiosk_id: uuid.UUID | None = None
    department_id: uuid.UUID | None = None  # preset: the client is not asked


@dataclass(frozen=True)
class Outcome:
    """stored: a new rating ("stored") or the visit's open row changed ("updated"); not stored:
    the visit was sent already ("retry") or a double tap ("too_soon")."""

    stored: bool
    reason: Literal["stored", "updated", "retry", "too_soon"]
    burst: bool = False
    scrubbed: frozenset[str] = frozenset()


def kiosk_channel(db: Database, token: str | None) -> Channel | None:
    """The channel of an active kiosk token; None for an unknown or revoked one."""
    if not token or len(token) > 100:
        return None
    kiosk = kiosks.by_token(db, token)
    if kiosk is None or not kiosk["active"]:
        return None
    return Channel("kiosk", kiosk_id=kiosk["id"], department_id=kiosk["department_id"])


def qr_channel(db: Database, code: str | None) -> Channel:
    # A code with control characters names no department (and PostgreSQL refuses a NUL in text).
    readable = code and len(code) <= 10 and code.isprintable()
    department = departments.get_by_code(db, code.upper()) if readable else None
    if department is None or not department["active"]:
        return Channel("qr")
    return Channel("qr", department_id=department["id"])


def validate(raw: dict) -> Submission:
    try:
        return Submission.model_validate(raw)
    except ValidationError as error:
        if any(e["loc"] == ("comment",) for e in error.errors()):
            raise SurveyError("survey.error.comment_too_long") from error
        if any(e["loc"] == ("overall",) for e in error.errors()):
            raise SurveyError("survey.error.overall_missing") from error
        raise SurveyError("survey.error.invalid") from error


class _RecentSends:
    """The QR form's sends of the last BURST_WINDOW (or `window`) per client, in this process's
    memory only; the client cases use one with a longer window for the form's reply requests.

    A client is a keyed hash of its network: the IPv4 address, or the /64 of an IPv6 one (one
    phone or home gets a whole /64). The key is random per process, so the hashes cannot be
    matched to addresses, and entries older than the window are forgotten."""

    MAX_CLIENTS = 10_000  # beyond this, clients quiet for a whole window are forgotten at once

    def __init__(self, window: timedelta = BURST_WINDOW) -> None:
        self._window = window
        self._key = secrets.token_bytes(32)
        self._sends: dict[bytes, list[tuple[datetime, uuid.UUID]]] = {}
        self._lock = threading.Lock()

    def add(self, address: str, moment: datetime, rating_id: uuid.UUID) -> list[uuid.UUID]:
        """Count this send (once per rating id: a retry is the same send); returns the ids of
        the client's sends within the window, this one included."""
        client = hmac.new(self._key, _network(address).encode(), hashlib.sha256).digest()
        since = moment - self._window
        with self._lock:
            if len(self._sends) > self.MAX_CLIENTS:
                self._sends = {k: v for k, v in self._sends.items() if v[-1][0] >= since}
            sends = [s for s in self._sends.get(client, []) if s[0] >= since and s[1] != rating_id]
            sends.append((moment, rating_id))
            self._sends[client] = sends
            return [rating for _, rating in sends]


def _network(address: str) -> str:
    """Who counts as one client: the address, or an IPv6 address's /64; anything that is not an
    address is one client too."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


_qr_sends = _RecentSends()


def tap(
    db: Database,
    channel: Channel,
    raw: dict,
    *,
    session_last_send: datetime | None = None,
    client_address: str | None = None,
) -> Outcome:
    """The client's tap on an overall rating (raw: id, language, overall): stored at once as a
    new rating, or, on the same visit, its rating changed. The visit stays open for the send."""
    submission = validate({key: raw.get(key) for key in ("id", "language", "overall")})
    return _store(db, channel, submission, False, session_last_send, client_address)


def submit(
    db: Database,
    channel: Channel,
    raw: dict,
    *,
    session_last_send: datetime | None = None,
    client_address: str | None = None,
) -> Outcome:
    """The send: validate and scrub the answers and complete the visit's row (stored as a new
    rating when its tap was not). `client_address` is the QR form client's address (see the
    module's note): counted, never stored. The form always passes one; a caller without a client
    (seeding, scripts) passes None and nothing is counted."""
    return _store(db, channel, validate(raw), True, session_last_send, client_address)


def _store(
    db: Database,
    channel: Channel,
    submission: Submission,
    send: bool,
    session_last_send: datetime | None,
    client_address: str | None,
) -> Outcome:
    moment = now()
    values = {"language": submission.language, "overall": submission.overall}
    found: set[str] = set()
    if send:
        department_id = channel.department_id or submission.department_id
        if department_id is not None:
            department = departments.get_department(db, department_id)
            if department is None or not department["active"]:
                raise SurveyError("survey.error.invalid")
        comment, found = scrub(submission.comment) if submission.comment else (None, set())
        values |= {
            **{criterion: getattr(submission, criterion) for criterion in ratings.CRITERIA},
            "settled": submission.settled,
            "department_id": department_id,
            "comment": comment,
            "completed_at": moment,
        }

    def work(cursor):
        known = ratings.visit(cursor, submission.id)
        if known is not None:  # this visit's row: an open one is changed, a sent one stays as sent
            same_place = (known["channel"], known["kiosk_id"]) == (channel.name, channel.kiosk_id)
            if same_place and ratings.update_open_visit(cursor, submission.id, values):
                return Outcome(stored=True, reason="updated")
            return Outcome(stored=False, reason="retry")
        return _new_rating(cursor, channel, submission.id, values, moment, session_last_send, client_address)

    outcome = db.write(work, changes=(RATINGS,), keyed_by_caller=True)
    return replace(outcome, scrubbed=frozenset(found)) if outcome.stored else outcome


def _new_rating(
    cursor,
    channel: Channel,
    rating_id: uuid.UUID,
    values: dict,
    moment: datetime,
    session_last_send: datetime | None,
    client_address: str | None,
) -> Outcome:
    """A new visit's row, inside the caller's transaction, under the double-tap and burst rules."""
    if session_last_send is not None and moment - session_last_send < MIN_GAP:
        return Outcome(stored=False, reason="too_soon")
    if channel.kiosk_id is not None:
        last, earlier = ratings.kiosk_activity(cursor, channel.kiosk_id, moment - BURST_WINDOW)
        if last is not None and moment - last < MIN_GAP:
            return Outcome(stored=False, reason="too_soon")
        window = list({*earlier, rating_id})
    elif client_address is not None:
        window = _qr_sends.add(client_address, moment, rating_id)
    else:
        window = []
    burst = len(window) >= BURST_LIMIT
    ratings.insert_rating(
        cursor,
        {
            "department_id": channel.department_id,
            **values,
            "id": rating_id,
            "created_at": moment,
            "channel": channel.name,
            "kiosk_id": channel.kiosk_id,
            "burst": burst,
        },
    )
    if burst:  # the whole burst: its first ratings are no more trustworthy than the last
        ratings.flag_burst(cursor, window)
    return Outcome(stored=True, reason="stored", burst=burst)


@dataclass(frozen=True)
class Visit:
    """An unsent visit found by the id in the form's address, or a sent one ("complete")."""

    id: uuid.UUID
    language: str
    overall: int
    complete: bool


def resume(db: Database, channel: Channel, rating_id: str | None) -> Visit | None:
    """The visit whose id the form's address holds (after a reload or a server restart), when it
    was rated here within RESUME_WITHIN; None for anything else, a malformed id too."""
    try:
        wanted = uuid.UUID(str(rating_id))
    except ValueError:
        return None
    known = ratings.get_visit(db, wanted)
    if known is None or (known["channel"], known["kiosk_id"]) != (channel.name, channel.kiosk_id):
        return None
    if now() - known["created_at"] > RESUME_WITHIN:
        return None
    return Visit(wanted, known["language"], known["overall"], known["completed_at"] is not None)


def idle_seconds() -> tuple[int, int, int]:
    """(idle before the warning, warning before the reset, thank-you screen), in seconds; env-tunable."""
    return (
        int(os.environ.get("JAKOSC_KIOSK_IDLE_SECONDS", "60")),
        int(os.environ.get("JAKOSC_KIOSK_WARNING_SECONDS", "20")),
        int(os.environ.get("JAKOSC_KIOSK_THANKS_SECONDS", "8")),
    )
