"""Addresses of the client form: the app's public address, a kiosk's secret URL and a department's
QR address.

The public address is what a client's phone or a kiosk opens, so it is printed on QR posters and
in kiosk links. The administrator stores it in the app (table app_settings); $JAKOSC_PUBLIC_URL,
when set, overrides the stored one. An address of this computer (localhost, 127.0.0.1) or no
address at all would print links that open nowhere else, so such links are refused.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from accounts.roles import Role
from accounts.service import CurrentUser
from services.organisation import InputError
from storage import settings
from storage.db import Database

ENV_VARIABLE = "JAKOSC_PUBLIC_URL"
SETTING = "public_url"
MAX_LENGTH = 200
EXAMPLE = "https://jakosc.grojec.local"
_HOST = re.compile(r"^[\w.-]+$")


@dataclass(frozen=True)
class PublicAddress:
    """The address links use (`url`, None when unset), where it comes from ("env", "database" or
    "unset"), the administrator's stored one, and what stops it being used (`problem`: None,
    "unset", "local" or "invalid", with `error` saying why an invalid one is refused)."""

    url: str | None
    source: str
    stored: str | None
    problem: str | None
    error: str | None = None

    @property
    def usable(self) -> bool:
        return self.problem is None


def is_local(url: str) -> bool:
    """Whether `url` points at the computer that opens it (localhost, 127.x.x.x, ::1, 0.0.0.0)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def validate(raw: str | None) -> str:
    """`raw` as a public address (http or https, a host, optionally a port and a path; no login,
    password, query or fragment), normalised without a trailing slash; InputError in Polish."""
    text = (raw or "").strip()
    if not text:
        raise InputError(f"Podaj adres aplikacji, np. {EXAMPLE}.")
    if len(text) > MAX_LENGTH:
        raise InputError(f"Adres jest za długi (najwyżej {MAX_LENGTH} znaków).")
    if any(character.isspace() for character in text):
        raise InputError("Adres nie może zawierać spacji.")
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"Adres musi zaczynać się od https:// albo http://, np. {EXAMPLE}.")
    if parts.username is not None or parts.password is not None:
        raise InputError("Adres nie może zawierać loginu ani hasła.")
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise InputError("Adres nie może zawierać parametrów (po znaku ?) ani kotwicy (po znaku #).")
    host = parts.hostname or ""
    if not host or not (_HOST.match(host) or _is_ip(host)):
        raise InputError(f"W adresie brakuje poprawnej nazwy serwera, np. {EXAMPLE}.")
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when it is read
    except ValueError:
        raise InputError("Numer portu w adresie jest nieprawidłowy.") from None
    if is_local(text):
        raise InputError(
            "To adres tego komputera (localhost) – telefony Klientów i kioski go nie otworzą. "
            "Podaj adres, pod którym aplikacja jest widoczna w sieci urzędu."
        )
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def public_address(db: Database) -> PublicAddress:
    """The address for links: $JAKOSC_PUBLIC_URL when set, else the administrator's stored one."""
    stored = settings.get(db, SETTING)
    from_env = os.environ.get(ENV_VARIABLE, "").strip()
    if not from_env and not stored:
        return PublicAddress(None, "unset", None, "unset")
    raw, source = (from_env, "env") if from_env else (stored, "database")
    try:
        return PublicAddress(validate(raw), source, stored, None)
    except InputError as error:
        problem = "local" if urlsplit(raw).hostname and is_local(raw) else "invalid"
        return PublicAddress(raw.rstrip("/"), source, stored, problem, str(error))


def save_public_address(db: Database, user: CurrentUser, raw: str) -> str:
    """The administrator sets the public address; returns it as stored (the change is audited)."""
    if user.role != Role.ADMIN:
        raise InputError("Adres publiczny ustawia administrator.")
    url = validate(raw)
    if url != settings.get(db, SETTING):
        settings.put(db, SETTING, url, user.login)
    return url


def usable_base(db: Database, explicit: str | None = None) -> str:
    """The address to print in a link: `explicit` (validated) or the public address; InputError
    saying what to do while there is no usable one."""
    if explicit:
        return validate(explicit)
    address = public_address(db)
    if address.usable:
        return address.url
    raise InputError(refusal(address))


def refusal(address: PublicAddress) -> str:
    """Why links cannot be printed with `address`, in Polish, with what to do about it."""
    if address.source == "env":
        where = f"Zmienna {ENV_VARIABLE} ma wartość „{address.url}”."
    elif address.url:
        where = f"Zapisany adres publiczny to „{address.url}”."
    else:
        where = "Adres publiczny aplikacji nie jest ustawiony."
    return " ".join(
        part
        for part in (
            where,
            address.error,
            "Kod QR i adres kiosku nie otworzyłyby ankiety na telefonie Klienta ani na kiosku. Ustaw adres "
            f"na stronie „Kioski i plakaty QR”, w zmiennej {ENV_VARIABLE} albo opcją --base-url.",
        )
        if part
    )


def kiosk_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}/?{urlencode({'kiosk': token})}"


def department_form_url(base: str, code: str) -> str:
    return f"{base.rstrip('/')}/?{urlencode({'dzial': code})}"


def suggestion(seen_as: str | None) -> str | None:
    """The address the admin's browser used (scheme and host), offered when no address is stored
    and it is a usable one."""
    if not seen_as:
        return None
    parts = urlsplit(seen_as)
    try:
        return validate(f"{parts.scheme}://{parts.netloc}")
    except InputError:
        return None
