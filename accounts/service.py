"""Signing in (throttled per client address, see accounts/throttle.py), sessions, and accounts."""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts import throttle
from accounts.passwords import hash_password, password_problem, verify_nothing, verify_password
from accounts.roles import SEES_ALL_DEPARTMENTS, Role
from i18n import STAFF_LANGUAGES
from services.addresses import clean_address
from services.organisation import InputError, clean_text
from storage import mail, users
from storage.db import Database, now

LOGIN_PATTERN = re.compile(r"^[a-z0-9._-]{3,40}$")
# One answer for a wrong login, a wrong password and a throttled attempt: none tells which.
SIGN_IN_REFUSED = (
    "Nieprawidłowy login lub hasło. Po kilku nieudanych próbach logowanie z tego komputera "
    "jest wstrzymane na 15 minut."
)


def session_idle_limit() -> timedelta:
    """How long a login session may sit idle: $JAKOSC_SESSION_IDLE_MINUTES, default 60."""
    return timedelta(minutes=int(os.environ.get("JAKOSC_SESSION_IDLE_MINUTES", "60")))


def session_lifetime() -> timedelta:
    """How long a login session lives however busy: $JAKOSC_SESSION_MAX_HOURS, default a working day."""
    return timedelta(hours=float(os.environ.get("JAKOSC_SESSION_MAX_HOURS", "10")))


class LoginError(Exception):
    """Login refused; the message is Polish and safe to show."""


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message is Polish."""


class CurrentPasswordError(AccountError):
    """The current password given to change one's own was wrong, or there were too many tries."""


@dataclass(frozen=True)
class CurrentUser:
    id: uuid.UUID
    login: str
    role: Role
    display_name: str
    employee_id: uuid.UUID | None
    department_ids: tuple[uuid.UUID, ...]
    language: str

    @classmethod
    def from_row(cls, row: dict) -> CurrentUser:
        return cls(
            id=row["id"],
            login=row["login"],
            role=Role(row["role"]),
            display_name=row["display_name"],
            employee_id=row["employee_id"],
            department_ids=tuple(row["department_ids"]),
            language=row["language"],
        )

    @property
    def sees_all_departments(self) -> bool:
        return self.role in SEES_ALL_DEPARTMENTS

    def may_see_department(self, department_id) -> bool:
        return self.sees_all_departments or department_id in self.department_ids

    def visible_department_ids(self) -> list | None:
        """None means every department."""
        return None if self.sees_all_departments else list(self.department_ids)


def _attempt_key(login: str) -> str:
    """The login as counted and logged: printable, lower case, no longer than a login can be."""
    return "".join(c for c in login.strip().lower() if c.isprintable())[:40]


def _check(db: Database, purpose: str, login: str, password: str, client: str, moment: datetime):
    """The account row if `password` is right and `client` is not throttled, else None. The same
    work on every path (one argon2 check, the same queries and writes), so timing tells nothing."""
    row = users.get_by_login(db, login)
    attempt_id, refused = throttle.begin_attempt(db, login, client, moment)
    if refused:
        verify_nothing(password)
        outcome = "throttled"
    elif row is None or not row["active"]:
        verify_nothing(password)
        outcome = "failure"
    else:
        outcome = "success" if verify_password(row["password_hash"], password) else "failure"
    user_id = row["id"] if row else None
    users.settle_attempt(
        db,
        attempt_id,
        purpose=purpose,
        login=login,
        client=client,
        outcome=outcome,
        user_id=user_id,
        at=moment,
    )
    return row if outcome == "success" else None


def authenticate(
    db: Database, login: str, password: str, *, client: str, at: datetime | None = None
) -> CurrentUser:
    """Check a login and password from the client address `client`; LoginError with one generic
    message for a wrong login, a wrong password or a throttled client."""
    row = _check(db, "sign_in", _attempt_key(login), password, client, at or now())
    if row is None:
        raise LoginError(SIGN_IN_REFUSED)
    return CurrentUser.from_row(users.get_user(db, row["id"]))


def validate_new_account(login: str, password: str, role: str, department_ids: list) -> str:
    """Normalised login, or AccountError with a Polish reason."""
    login = login.strip().lower()
    if not LOGIN_PATTERN.match(login):
        raise AccountError("Login: 3–40 znaków, małe litery bez polskich znaków, cyfry, kropka, myślnik.")
    _check_new_password(password, login)
    try:
        Role(role)
    except ValueError as error:
        raise AccountError(f"Nieznana rola: {role}.") from error
    if role == Role.SUPERVISOR and not department_ids:
        raise AccountError("Przełożony musi mieć przypisany co najmniej jeden wydział.")
    return login


def create_account(
    db: Database,
    *,
    login: str,
    password: str,
    role: str,
    display_name: str,
    actor: str,
    department_ids: list | None = None,
    employee_id=None,
) -> uuid.UUID:
    department_ids = list(department_ids or [])
    login = validate_new_account(login, password, role, department_ids)
    if users.get_by_login(db, login) is not None:
        raise AccountError(f"Login „{login}” jest już zajęty.")
    return users.insert_user(
        db,
        {
            "login": login,
            "password_hash": hash_password(password),
            "role": role,
            "display_name": _display_name(display_name) or login,
            "employee_id": employee_id,
            "department_ids": department_ids,
        },
        actor,
    )


def _display_name(raw: str) -> str | None:
    try:
        return clean_text(raw, field="Imię i nazwisko", max_length=100, required=False)
    except InputError as error:
        raise AccountError(str(error)) from error


def needs_first_admin(db: Database) -> bool:
    return users.count_active_admins(db) == 0


def create_first_admin(db: Database, *, login: str, password: str, display_name: str) -> uuid.UUID:
    """The first administrator, allowed only while the database has none."""
    if not needs_first_admin(db):
        raise AccountError("Administrator już istnieje. Zaloguj się.")
    return create_account(
        db, login=login, password=password, role=Role.ADMIN, display_name=display_name, actor="first-run"
    )


def _check_new_password(password: str, *context: str) -> None:
    problem = password_problem(password, context=context)
    if problem:
        raise AccountError(problem)


def set_password(db: Database, user_id, password: str, actor: str) -> None:
    """A new password; every session of the account ends (the caller starts a fresh one if needed)."""
    account = users.get_user(db, user_id)
    _check_new_password(password, account["login"], account["display_name"])
    users.update_user(db, user_id, {"password_hash": hash_password(password)}, actor)


def change_own_password(db: Database, user: CurrentUser, current: str, new: str, *, client: str) -> None:
    """The signed-in user's own change: the current password is checked and throttled like a sign-in."""
    if _check(db, "password_check", user.login, current, client, now()) is None:
        raise CurrentPasswordError("Obecne hasło jest nieprawidłowe.")
    set_password(db, user.id, new, user.login)


def _email(raw) -> str | None:
    try:
        return clean_address(raw)
    except InputError as error:
        raise AccountError(str(error)) from error


def email_of(db: Database, user_id) -> str | None:
    """The account's address for e-mail notifications (None: it gets none)."""
    return mail.email_of(db, user_id)


def set_own_email(db: Database, user: CurrentUser, raw) -> str | None:
    """The signed-in user's address for notifications (empty: none); audited. Returns it as stored."""
    address = _email(raw)
    mail.set_email(db, user.id, address, user.login)
    return address


def set_language(db: Database, user: CurrentUser, language: str) -> None:
    if language not in STAFF_LANGUAGES:
        raise AccountError(f"Nieznany język: {language}.")
    users.update_user(db, user.id, {"language": language}, user.login)


def unlock(db: Database, login: str, actor: str) -> int:
    """Forget the failed sign-ins of a login, from every address; how many were forgotten."""
    return users.clear_failures(db, _attempt_key(login), actor)


def unlocked_message(login: str, cleared: int) -> str:
    """What `jakosc user unlock` says, whether it ran here or through the running app."""
    return f"Odblokowano logowanie na konto {_attempt_key(login)} (usunięte nieudane próby: {cleared})."


def list_accounts(db: Database) -> list[dict]:
    """Every account with its department scope and e-mail address, by login (the administrator's screen)."""
    addresses = mail.emails(db)
    return [{**account, "email": addresses.get(account["id"])} for account in users.list_users(db)]


def start_session(db: Database, user: CurrentUser) -> tuple[str, str]:
    """A new session token and the one-time ticket that lets the browser store it as a cookie."""
    token = users.create_session(db, user.id)
    return token, users.create_login_ticket(db, token)


def user_for_session(db: Database, token: str | None) -> CurrentUser | None:
    user_id = users.session_user(db, token or "", idle=session_idle_limit(), lifetime=session_lifetime())
    if user_id is None:
        return None
    row = users.get_user(db, user_id)
    if row is None or not row["active"]:
        return None
    return CurrentUser.from_row(row)


def change_account(
    db: Database,
    user_id,
    *,
    role: str,
    display_name: str,
    active: bool,
    department_ids: list,
    employee_id,
    new_password: str,
    actor: str,
    email: str | None = None,
) -> None:
    """An administrator's edit of an account; the last active administrator keeps the role.
    A new password ends every session of the account. `email`: None keeps the address, "" removes it."""
    address = None if email is None else _email(email)
    before = users.get_user(db, user_id)
    loses_admin = before["role"] == Role.ADMIN and before["active"] and (role != Role.ADMIN or not active)
    if loses_admin and users.count_active_admins(db) <= 1:
        raise AccountError("Nie można odebrać uprawnień ostatniemu aktywnemu administratorowi.")
    if role == Role.SUPERVISOR and not department_ids:
        raise AccountError("Przełożony musi mieć przypisany co najmniej jeden wydział.")
    changes: dict = {
        "role": Role(role).value,
        "display_name": _display_name(display_name) or before["login"],
        "active": active,
        "employee_id": employee_id,
        "department_ids": list(department_ids),
    }
    if new_password:
        _check_new_password(new_password, before["login"], changes["display_name"])
        changes["password_hash"] = hash_password(new_password)
    users.update_user(db, user_id, changes, actor)
    if email is not None:
        mail.set_email(db, user_id, address, actor)
