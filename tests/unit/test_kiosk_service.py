"""services.kiosks: the administrator's kiosk registry checks who writes and what is written."""

from __future__ import annotations

import uuid

import pytest

from accounts.service import CurrentUser
from services import kiosks as kiosk_service
from services.organisation import InputError
from storage import kiosks, users


def as_user(db, office, login: str) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"][login]))


def test_the_administrator_registers_a_kiosk_with_a_cleaned_name_and_gets_its_token(db, office):
    admin = as_user(db, office, "admin")
    token = kiosk_service.register(db, admin, "  Hol\u202e główny\u200b ", office["departments"]["KM"])
    [kiosk] = kiosks.list_kiosks(db)
    assert kiosk["name"] == "Hol główny"  # bidi override and zero-width space removed, trimmed
    assert kiosks.by_token(db, token)["id"] == kiosk["id"]
    kiosk_service.revoke(db, admin, kiosk["id"])
    assert not kiosks.list_kiosks(db)[0]["active"]


@pytest.mark.parametrize("login", ["starosta", "kierownik.km", "kowalska"])
def test_only_the_administrator_writes_kiosks(db, office, login):
    with pytest.raises(InputError, match="administrator"):
        kiosk_service.register(db, as_user(db, office, login), "Hol", None)
    assert kiosks.list_kiosks(db) == []


def test_an_empty_name_an_unknown_department_and_an_unknown_kiosk_are_refused(db, office):
    admin = as_user(db, office, "admin")
    with pytest.raises(InputError, match="wymagane"):
        kiosk_service.register(db, admin, " \u200b ", None)
    with pytest.raises(InputError, match="wydział"):
        kiosk_service.register(db, admin, "Hol", uuid.uuid4())
    with pytest.raises(InputError, match="kiosku"):
        kiosk_service.revoke(db, admin, uuid.uuid4())
    assert kiosks.list_kiosks(db) == []
