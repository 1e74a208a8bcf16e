"""Sign-in throttling that nobody can turn against a colleague, and the client address it keys on.

Failures are counted per client address and login together: five wrong passwords from one
computer stop that computer, for that login, for 15 minutes, while the account's owner still signs
in from their own desk. An address failing on many logins (password spraying) is stopped for all
of them; a login failing from very many addresses (a distributed attack) stays open only to the
addresses that signed in to it successfully before. A success clears the count of its address.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import threading
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta

from storage import users
from storage.db import Database

WINDOW = timedelta(minutes=15)
PER_CLIENT_AND_LOGIN = 5
PER_CLIENT = 20
PER_LOGIN = 50
KNOWN_CLIENT_FOR = timedelta(days=90)
LOOPBACK = "127.0.0.1"
log = logging.getLogger(__name__)
# One process owns the database (storage/db.py), so a process lock makes "check, then count" one
# step: parallel attempts from one client cannot all see four failures and all try a fifth.
_counting = threading.Lock()


def begin_attempt(db: Database, login: str, client: str, moment: datetime) -> tuple[uuid.UUID, bool]:
    """Count an attempt before its password is checked; its id and whether it is refused."""
    with _counting:
        refuse = refused(db, login, client, moment)
        outcome = "throttled" if refuse else "failure"
        return users.add_attempt(db, login=login, client=client, outcome=outcome, at=moment), refuse


def refused(db: Database, login: str, client: str, moment: datetime) -> bool:
    """Whether an attempt on `login` from `client` is to be refused without checking the password."""
    since = moment - WINDOW
    success = users.last_success(db, login, client)
    pair_since = max(since, success) if success else since
    if users.failures_since(db, pair_since, login=login, client=client) >= PER_CLIENT_AND_LOGIN:
        return True
    if users.failures_since(db, since, client=client) >= PER_CLIENT:
        return True
    known_client = success is not None and success > moment - KNOWN_CLIENT_FOR
    return not known_client and users.failures_since(db, since, login=login) >= PER_LOGIN


def is_throttled_anywhere(db: Database, login: str, moment: datetime) -> bool:
    """Whether failures of `login` currently stop some address (shown to administrators)."""
    return users.failures_since(db, moment - WINDOW, login=login) >= PER_CLIENT_AND_LOGIN


def _trusted_proxy(peer: str) -> bool:
    """JAKOSC_TRUSTED_PROXY: unset or 0 trusts no proxy; 1 a proxy on this machine (nginx in front,
    as in the README); otherwise a comma-separated list of the proxies' addresses."""
    setting = os.environ.get("JAKOSC_TRUSTED_PROXY", "0").strip()
    if setting in ("", "0"):
        return False
    if setting == "1":
        try:
            return ipaddress.ip_address(peer).is_loopback
        except ValueError:
            return False
    return peer in {address.strip() for address in setting.split(",")}


def client_address(peer: str | None, headers: Mapping[str, str]) -> str:
    """The address of the client: the TCP peer, or behind a trusted proxy the address the proxy puts
    in JAKOSC_PROXY_HEADER (default X-Forwarded-For; its last entry, the one the proxy appended,
    as the earlier ones come from the client). Streamlit reports no peer for loopback."""
    peer = peer or LOOPBACK
    name = os.environ.get("JAKOSC_PROXY_HEADER", "X-Forwarded-For").lower()
    value = next((v for k, v in headers.items() if k.lower() == name), "")
    if not _trusted_proxy(peer):
        if value and peer == LOOPBACK:
            # Behind a proxy every client looks like this machine: one throttle for the whole office.
            log.warning("Żądanie przez serwer pośredniczący, a JAKOSC_TRUSTED_PROXY nie jest ustawione.")
        return peer
    candidate = value.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return peer
