"""The client satisfaction form: validation, scrubbing, anti-abuse and storage of one rating.

Anonymous by design: no account, no IP address, nothing that ties two ratings to one person.
A kiosk's second send within MIN_GAP of its last is not stored (a double tap). A burst – from
BURST_LIMIT sends within BURST_WINDOW on, from one kiosk or (QR form) one client address – is
stored but flagged for review, every send of it, never dropped; flagged ratings count in no
figure until a moderator approves them. Client addresses are only counted in memory, as keyed
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
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from services.scrubbing import normalise, scrub
from storage import departments, kiosks, ratings
from storage.db import Database, now

COMMENT_MAX = 500
MIN_GAP = timedelta(seconds=3)
BURST_LIMIT = 6  # sends from one kiosk within BURST_WINDOW that look like abuse
BURST_WINDOW = timedelta(seconds=60)

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
    stored: bool
    reason: Literal["stored", "retry", "too_soon"]
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
    department = departments.get_by_code(db, code.upper()) if code and len(code) <= 10 else None
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
    """The QR form's sends of the last BURST_WINDOW per client, in this process's memory only.

    A client is a keyed hash of its network: the IPv4 address, or the /64 of an IPv6 one (one
    phone or home gets a whole /64). The key is random per process, so the hashes cannot be
    matched to addresses, and entries older than the window are forgotten."""

    MAX_CLIENTS = 10_000  # beyond this, clients quiet for a whole window are forgotten at once

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)
        self._sends: dict[bytes, list[tuple[datetime, uuid.UUID]]] = {}
        self._lock = threading.Lock()

    def add(self, address: str, moment: datetime, rating_id: uuid.UUID) -> list[uuid.UUID]:
        """Count this send (once per rating id: a retry is the same send); returns the ids of
        the client's sends within the window, this one included."""
        client = hmac.new(self._key, _network(address).encode(), hashlib.sha256).digest()
        since = moment - BURST_WINDOW
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


def submit(
    db: Database,
    channel: Channel,
    raw: dict,
    *,
    session_last_send: datetime | None = None,
    client_address: str | None = None,
) -> Outcome:
    """Validate, scrub and store one rating, applying the anti-abuse rules. `client_address` is
    the QR form client's address (see the module's note): counted, never stored. The form always
    passes one; a caller without a client (seeding, scripts) passes None and nothing is counted."""
    submission = validate(raw)
    moment = now()
    if session_last_send is not None and moment - session_last_send < MIN_GAP:
        return Outcome(stored=False, reason="too_soon")
    department_id = channel.department_id or submission.department_id
    if department_id is not None:
        department = departments.get_department(db, department_id)
        if department is None or not department["active"]:
            raise SurveyError("survey.error.invalid")
    comment, found = scrub(submission.comment) if submission.comment else (None, set())
    rating = {
        **submission.model_dump(exclude={"department_id", "comment"}),
        "created_at": moment,
        "channel": channel.name,
        "kiosk_id": channel.kiosk_id,
        "department_id": department_id,
        "comment": comment,
    }
    counted = channel.kiosk_id is None and client_address is not None
    client_sends = _qr_sends.add(client_address, moment, submission.id) if counted else []

    def work(cursor):
        window = client_sends
        if channel.kiosk_id is not None:
            last, earlier = ratings.kiosk_activity(cursor, channel.kiosk_id, moment - BURST_WINDOW)
            if last is not None and moment - last < MIN_GAP:
                return Outcome(stored=False, reason="too_soon")
            window = list({*earlier, submission.id})  # a retry is the same send
        burst = len(window) >= BURST_LIMIT
        stored = ratings.insert_rating(cursor, {**rating, "burst": burst})
        if burst:  # the whole burst: its first sends are no more trustworthy than the last
            ratings.flag_burst(cursor, window)
        return Outcome(
            stored=stored, reason="stored" if stored else "retry", burst=burst, scrubbed=frozenset(found)
        )

    return db.write(work)


def idle_seconds() -> tuple[int, int, int]:
    """(idle before the warning, warning before the reset, thank-you screen), in seconds; env-tunable."""
    return (
        int(os.environ.get("JAKOSC_KIOSK_IDLE_SECONDS", "60")),
        int(os.environ.get("JAKOSC_KIOSK_WARNING_SECONDS", "20")),
        int(os.environ.get("JAKOSC_KIOSK_THANKS_SECONDS", "8")),
    )
