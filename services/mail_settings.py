"""The office's SMTP server for e-mail notifications, set by the administrator, and e-mail addresses.

Notifications are off until a server and a sender address are saved. The settings live in the
table app_settings: "mail" (JSON: server, port, security, login, sender, the daily digest) and
"mail_password" (the server password; never shown again, in the audit log only as "***").
$JAKOSC_SMTP_PASSWORD, when set, is used instead of the stored password.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import asdict, dataclass

from accounts.roles import Role
from services.addresses import clean_address
from services.links import is_local
from services.organisation import InputError, clean_text
from storage import mail, settings
from storage.db import Database

SETTING, PASSWORD_SETTING, PASSWORD_ENV = "mail", "mail_password", "JAKOSC_SMTP_PASSWORD"
SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
HOST_MAX, LOGIN_MAX, PASSWORD_MAX = 253, 200, 200
_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[?[0-9a-fA-F:.]+\]?$")


@dataclass(frozen=True)
class MailSettings:
    host: str | None = None
    port: int = DEFAULT_PORTS["starttls"]
    security: str = "starttls"
    login: str | None = None
    sender: str | None = None
    digest: bool = False
    digest_hour: int = 7

    @property
    def enabled(self) -> bool:
        """Notifications are sent only once the server and the sender are set."""
        return bool(self.host and self.sender)


def load(db: Database) -> MailSettings:
    stored = settings.get(db, SETTING)
    return MailSettings(**json.loads(stored)) if stored else MailSettings()


def password(db: Database) -> str | None:
    """The server password: $JAKOSC_SMTP_PASSWORD, else the stored one (None: none)."""
    return os.environ.get(PASSWORD_ENV) or settings.get(db, PASSWORD_SETTING) or None


def password_source(db: Database) -> str | None:
    """Where the password comes from: "env", "database" or None."""
    if os.environ.get(PASSWORD_ENV):
        return "env"
    return "database" if settings.get(db, PASSWORD_SETTING) else None


def save(
    db: Database,
    user,
    *,
    host,
    port,
    security: str,
    login,
    new_password: str | None,
    sender,
    digest: bool,
    digest_hour,
) -> MailSettings:
    """The administrator's settings, validated; an empty `new_password` keeps the stored one.
    Both changes are audited (the password masked). Returns what was stored."""
    if user.role != Role.ADMIN:
        raise InputError("Pocztę e-mail ustawia administrator.")
    host = clean_text(host, field="Serwer SMTP", max_length=HOST_MAX, required=False)
    if host is not None and not _HOST.match(host):
        raise InputError("Pole „Serwer SMTP” nie jest poprawną nazwą serwera (np. poczta.grojec.pl).")
    if security not in SECURITY:
        raise InputError("Wybierz zabezpieczenie połączenia: STARTTLS, SSL/TLS albo brak.")
    if security == "none" and host is not None and not is_local(f"smtp://{host}"):
        raise InputError(
            "Połączenie bez szyfrowania jest dozwolone tylko z serwerem na tym komputerze (localhost). "
            "Wybierz STARTTLS albo SSL/TLS."
        )
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise InputError("Port musi być liczbą od 1 do 65535 (zwykle 587 dla STARTTLS, 465 dla SSL/TLS).")
    if not isinstance(digest_hour, int) or isinstance(digest_hour, bool) or not 0 <= digest_hour <= 23:
        raise InputError("Godzina zestawienia musi być liczbą od 0 do 23.")
    login = clean_text(login, field="Login do serwera", max_length=LOGIN_MAX, required=False)
    new_password = new_password or None
    if new_password is not None and (len(new_password) > PASSWORD_MAX or not new_password.isprintable()):
        raise InputError(
            f"Hasło do serwera może mieć najwyżej {PASSWORD_MAX} znaków, bez znaków sterujących."
        )
    if login is not None and new_password is None and password(db) is None:
        raise InputError("Podaj hasło do serwera poczty (albo usuń login, jeśli serwer go nie wymaga).")
    chosen = MailSettings(
        host=host,
        port=port,
        security=security,
        login=login,
        sender=clean_address(sender, field="Adres nadawcy"),
        digest=bool(digest),
        digest_hour=digest_hour,
    )
    if (host is None) != (chosen.sender is None):
        raise InputError(
            "Podaj zarówno serwer SMTP, jak i adres nadawcy (albo żadne, by wyłączyć powiadomienia)."
        )
    value = json.dumps(asdict(chosen), sort_keys=True)
    if value != settings.get(db, SETTING):
        settings.put(db, SETTING, value, user.login)
    if new_password is not None:
        settings.put(db, PASSWORD_SETTING, new_password, user.login, secret=True)
    return chosen


def queue_test(db: Database, user, raw_address, link: str | None) -> str:
    """Queue a test message to `raw_address` (sent by the sender thread like every message);
    returns the address. Refused while notifications are off."""
    if user.role != Role.ADMIN:
        raise InputError("Wiadomość próbną wysyła administrator.")
    if not load(db).enabled:
        raise InputError("Najpierw zapisz serwer SMTP i adres nadawcy.")
    address = clean_address(raw_address, field="Adres odbiorcy wiadomości próbnej", required=True)
    lines = [
        "Dzień dobry,",
        "",
        "to wiadomość próbna aplikacji Jakość Obsługi. Skoro ją czytasz, powiadomienia e-mail działają.",
    ]
    if link:
        lines += ["", f"Aplikacja: {link}"]
    mail.enqueue(
        db,
        [
            {
                "dedupe_key": f"test:{uuid.uuid4()}",
                "recipient_id": user.id,
                "recipient": address,
                "subject": "Jakość Obsługi – wiadomość próbna",
                "body": "\n".join(lines),
                "kind": "test",
            }
        ],
        actor=user.login,
    )
    return address


def without_email(db: Database) -> list[str]:
    """Logins of the active accounts with no address: notifications skip them."""
    return mail.active_without_email(db)


def outbox(db: Database, limit: int = 50) -> list[dict]:
    """The newest messages with their state, attempts, next attempt and last error."""
    return mail.recent(db, limit)


def outbox_counts(db: Database) -> dict[str, int]:
    """How many messages are in each state (held, queued, sent, failed, in_digest)."""
    return mail.state_counts(db)
