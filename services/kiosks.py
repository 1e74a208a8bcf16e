"""Kiosks for the administrator: registering a client-form device (its secret URL is shown once)
and revoking it. Every write is checked here: the actor's role, a cleaned name, a known
department, a kiosk that exists."""

from __future__ import annotations

import uuid

from accounts.roles import Role
from accounts.service import CurrentUser
from services.organisation import InputError, clean_text
from storage import departments, kiosks
from storage.db import Database

NAME_LENGTH = 80


def register(db: Database, user: CurrentUser, name: str, department_id: uuid.UUID | None) -> str:
    """Register a kiosk, optionally bound to an active department; returns its secret token."""
    _require_admin(user)
    cleaned = clean_text(name, field="Nazwa", max_length=NAME_LENGTH)
    if department_id is not None and department_id not in {
        d["id"] for d in departments.list_departments(db, active_only=True)
    }:
        raise InputError("Wybierz aktywny wydział albo „dowolny wydział”.")
    _, token = kiosks.add_kiosk(db, cleaned, department_id, user.login)
    return token


def revoke(db: Database, user: CurrentUser, kiosk_id: uuid.UUID) -> None:
    """Switch a kiosk off: its URL stops opening the form."""
    _require_admin(user)
    if kiosk_id not in {k["id"] for k in kiosks.list_kiosks(db)}:
        raise InputError("Nie ma takiego kiosku.")
    kiosks.revoke(db, kiosk_id, user.login)


def listing(db: Database) -> list[dict]:
    """Every kiosk, active first, with its department's name."""
    return kiosks.list_kiosks(db)


def _require_admin(user: CurrentUser) -> None:
    if user.role != Role.ADMIN:
        raise InputError("Kioski rejestruje i wyłącza administrator.")
