"""Kiosks for the administrator: registering a client-form device (its secret URL is shown once)
and switching it off and on again. Every write is checked here: the actor's role, a cleaned
name, a known department, a kiosk that exists."""

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
    """Switch a kiosk off: its URL stops opening the form (restore() switches it on again)."""
    if _kiosk(db, user, kiosk_id)["active"]:
        kiosks.revoke(db, kiosk_id, user.login)


def restore(db: Database, user: CurrentUser, kiosk_id: uuid.UUID) -> None:
    """Switch a revoked kiosk on again: the same URL opens the form again."""
    if not _kiosk(db, user, kiosk_id)["active"]:
        kiosks.restore(db, kiosk_id, user.login)


def _kiosk(db: Database, user: CurrentUser, kiosk_id: uuid.UUID) -> dict:
    """The kiosk an administrator's write is about; a second click on the same button changes nothing."""
    _require_admin(user)
    found = [k for k in kiosks.list_kiosks(db) if k["id"] == kiosk_id]
    if not found:
        raise InputError("Nie ma takiego kiosku.")
    return found[0]


def listing(db: Database) -> list[dict]:
    """Every kiosk, active first, with its department's name."""
    return kiosks.list_kiosks(db)


def _require_admin(user: CurrentUser) -> None:
    if user.role != Role.ADMIN:
        raise InputError("Kioski rejestruje i wyłącza administrator.")
