"""Logging in, lock-out after repeated failures, sessions, and creating accounts."""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts.passwords import hash_password, password_problem, verify_password
from accounts.roles import SEES_ALL_DEPARTMENTS, Role
from services.organisation import InputError, clean_text
from storage import users
from storage.db import Database, now

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
LOGIN_PATTERN = re.compile(r"^[a-z0-9._-]{3,40}$")


def session_idle_limit() -> timedelta:
    """How long a login session may sit idle: $JAKOSC_SESSION_IDLE_MINUTES, default 60."""
    return timedelta(minutes=int(os.environ.get("JAKOSC_SESSION_IDLE_MINUTES", "60")))


class LoginError(Exception):
    """Login refused; the message is Polish and safe to show."""


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message is Polish."""


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


def authenticate(db: Database, login: str, password: str, *, at: datetime | None = None) -> CurrentUser:
    """Check a login and password; count failures and lock the account after MAX_FAILURES."""
    moment = at or now()
    row = users.get_by_login(db, login.strip())
    if row is None or not row["active"]:
        verify_password(_DUMMY_HASH, password)  # same work as a real check: no timing hint
        raise LoginError("Nieprawidłowy login lub hasło.")
    if row["locked_until"] is not None and row["locked_until"] > moment:
        raise LoginError(
            f"Konto jest zablokowane po {MAX_FAILURES} nieudanych próbach. "
            f"Spróbuj ponownie po {row['locked_until']:%H:%M} lub poproś administratora o odblokowanie."
        )
    if not verify_password(row["password_hash"], password):
        until = users.record_login_failure(db, row["id"], max_failures=MAX_FAILURES, lock_for=LOCK_FOR)
        if until is not None:
            raise LoginError(
                f"Konto zostało zablokowane do {until:%H:%M} po {MAX_FAILURES} nieudanych próbach logowania."
            )
        raise LoginError("Nieprawidłowy login lub hasło.")
    users.record_login_success(db, row["id"])
    return CurrentUser.from_row(users.get_user(db, row["id"]))


_DUMMY_HASH = hash_password("not-a-real-password-0")


def validate_new_account(login: str, password: str, role: str, department_ids: list) -> str:
    """Normalised login, or AccountError with a Polish reason."""
    login = login.strip().lower()
    if not LOGIN_PATTERN.match(login):
        raise AccountError("Login: 3–40 znaków, małe litery bez polskich znaków, cyfry, kropka, myślnik.")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
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


def set_password(db: Database, user_id, password: str, actor: str) -> None:
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    users.update_user(db, user_id, {"password_hash": hash_password(password)}, actor)


def unlock(db: Database, user_id, actor: str) -> None:
    users.update_user(db, user_id, {"locked_until": None, "failed_attempts": 0}, actor)


def start_session(db: Database, user: CurrentUser) -> tuple[str, str]:
    """A new session token and the one-time ticket that lets the browser store it as a cookie."""
    token = users.create_session(db, user.id)
    return token, users.create_login_ticket(db, token)


def user_for_session(db: Database, token: str | None) -> CurrentUser | None:
    user_id = users.session_user(db, token or "", idle=session_idle_limit())
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
) -> None:
    """An administrator's edit of an account; the last active administrator keeps the role."""
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
        problem = password_problem(new_password)
        if problem:
            raise AccountError(problem)
        changes["password_hash"] = hash_password(new_password)
    users.update_user(db, user_id, changes, actor)
