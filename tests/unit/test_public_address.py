"""The public address printed on QR posters and in kiosk links (issue 13): set by the administrator
and stored in the database, overridden by $JAKOSC_PUBLIC_URL, validated with Polish messages, and
refused while it is unset or points at this computer – in the service and in `jakosc kiosk add`."""

from __future__ import annotations

import io
import sys

import pytest

from accounts.service import CurrentUser
from cli.main import main
from services import kiosks as kiosk_service
from services import links
from services.organisation import InputError
from storage import audit, kiosks, users
from storage.db import open_database
from storage.departments import add_department


def as_user(db, office, login: str) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"][login]))


@pytest.fixture(autouse=True)
def no_address_in_the_environment(monkeypatch):
    monkeypatch.delenv(links.ENV_VARIABLE, raising=False)


@pytest.mark.parametrize(
    "raw, stored",
    [
        ("https://jakosc.grojec.local", "https://jakosc.grojec.local"),
        ("  HTTPS://Jakosc.Grojec.PL/ankieta/  ", "https://jakosc.grojec.pl/ankieta"),
        ("http://192.168.10.5:8501/", "http://192.168.10.5:8501"),
        ("http://[fd00::5]:8501", "http://[fd00::5]:8501"),
    ],
)
def test_a_valid_address_is_stored_normalised(raw, stored):
    assert links.validate(raw) == stored


@pytest.mark.parametrize(
    "raw, message",
    [
        ("", "Podaj adres aplikacji, np. https://jakosc.grojec.local."),
        (
            "jakosc.grojec.local",
            "Adres musi zaczynać się od https:// albo http://, np. https://jakosc.grojec.local.",
        ),
        (
            "ftp://jakosc.grojec.local",
            "Adres musi zaczynać się od https:// albo http://, np. https://jakosc.grojec.local.",
        ),
        ("https://admin:tajne@jakosc.grojec.local", "Adres nie może zawierać loginu ani hasła."),
        (
            "https://jakosc.grojec.local/?kiosk=1",
            "Adres nie może zawierać parametrów (po znaku ?) ani kotwicy (po znaku #).",
        ),
        (
            "https://jakosc.grojec.local/#start",
            "Adres nie może zawierać parametrów (po znaku ?) ani kotwicy (po znaku #).",
        ),
        ("https://", "W adresie brakuje poprawnej nazwy serwera, np. https://jakosc.grojec.local."),
        ("https://jakosc grojec.local", "Adres nie może zawierać spacji."),
        ("https://jakosc.grojec.local:99999", "Numer portu w adresie jest nieprawidłowy."),
        ("http://localhost:8501", "To adres tego komputera (localhost)"),
        ("http://127.0.0.1:8501", "To adres tego komputera (localhost)"),
        ("http://[::1]:8501", "To adres tego komputera (localhost)"),
        ("http://0.0.0.0:8501", "To adres tego komputera (localhost)"),
    ],
)
def test_an_invalid_or_local_address_is_refused_in_polish(raw, message):
    with pytest.raises(InputError) as refused:
        links.validate(raw)
    assert str(refused.value).startswith(message)


def test_the_administrator_sets_the_address_and_the_environment_overrides_it(db, office, monkeypatch):
    assert links.public_address(db) == links.PublicAddress(None, "unset", None, "unset")
    links.save_public_address(db, as_user(db, office, "admin"), "https://jakosc.grojec.local/")
    assert links.public_address(db).url == "https://jakosc.grojec.local"
    assert links.public_address(db).usable
    [entry] = audit.entries(db, entity="setting")
    assert (entry["actor"], entry["action"], entry["entity_id"], entry["after"]) == (
        "admin",
        "update",
        "public_url",
        '{"value": "https://jakosc.grojec.local"}',
    )
    monkeypatch.setenv(links.ENV_VARIABLE, "https://ankieta.grojec.pl")
    address = links.public_address(db)
    assert (address.url, address.source, address.stored, address.usable) == (
        "https://ankieta.grojec.pl",
        "env",
        "https://jakosc.grojec.local",
        True,
    )
    monkeypatch.setenv(links.ENV_VARIABLE, "http://127.0.0.1:8501")
    address = links.public_address(db)
    assert (address.url, address.problem) == ("http://127.0.0.1:8501", "local")
    with pytest.raises(InputError) as refused:
        links.usable_base(db)
    assert str(refused.value).startswith(
        "Zmienna JAKOSC_PUBLIC_URL ma wartość „http://127.0.0.1:8501”. To adres"
    )


@pytest.mark.parametrize("login", ["starosta", "kierownik.km", "kowalska"])
def test_only_the_administrator_sets_the_address(db, office, login):
    with pytest.raises(InputError, match="administrator"):
        links.save_public_address(db, as_user(db, office, login), "https://jakosc.grojec.local")
    assert links.public_address(db).problem == "unset"


def test_a_kiosk_is_switched_off_and_on_again_and_both_are_in_the_log(db, office):
    admin = as_user(db, office, "admin")
    token = kiosk_service.register(db, admin, "Hol", None)
    [kiosk] = kiosks.list_kiosks(db)
    kiosk_service.revoke(db, admin, kiosk["id"])
    kiosk_service.revoke(db, admin, kiosk["id"])  # a second click: nothing more happens
    assert kiosks.by_token(db, token)["active"] is False
    kiosk_service.restore(db, admin, kiosk["id"])
    restored = kiosks.by_token(db, token)
    assert (restored["active"], restored["revoked_at"]) == (True, None)
    assert [e["action"] for e in audit.entries(db, entity="kiosk")] == ["restore", "revoke", "create"]
    with pytest.raises(InputError, match="administrator"):
        kiosk_service.restore(db, as_user(db, office, "starosta"), kiosk["id"])


# --- jakosc kiosk add ---------------------------------------------------------------------------


def kiosk_add(db_path, monkeypatch, capsys, *extra: str) -> tuple[int, str, str, int]:
    """Run the command on a closed database; returns exit code, output, errors and kiosks registered."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    capsys.readouterr()
    code = main(["kiosk", "add", "--name", "Kiosk parter", "--department", "km", *extra])
    out, err = capsys.readouterr()
    db = open_database()
    try:
        return code, out, err, len(kiosks.list_kiosks(db))
    finally:
        db.close()


@pytest.fixture
def closed_office(db_path):
    db = open_database()
    add_department(db, "KM", "Wydział Komunikacji", "test")
    db.close()


def test_kiosk_add_refuses_while_the_address_is_unset_or_local(closed_office, db_path, monkeypatch, capsys):
    code, out, err, registered = kiosk_add(db_path, monkeypatch, capsys)
    assert (code, out, registered) == (2, "", 0)
    assert err.startswith(
        "Adres publiczny aplikacji nie jest ustawiony. Kod QR i adres kiosku nie otworzyłyby"
    )
    code, out, err, registered = kiosk_add(
        db_path, monkeypatch, capsys, "--base-url", "http://localhost:8501"
    )
    assert (code, out, registered) == (2, "", 0)
    assert "To adres tego komputera (localhost)" in err


def test_kiosk_add_prints_a_link_with_the_given_or_the_stored_address(
    closed_office, db_path, monkeypatch, capsys
):
    code, out, _, registered = kiosk_add(
        db_path, monkeypatch, capsys, "--base-url", "https://ankieta.grojec.pl/"
    )
    assert (code, registered) == (0, 1)
    assert out.startswith("https://ankieta.grojec.pl/?kiosk=")
    db = open_database()
    try:
        db.write(
            lambda c: c.execute(
                "INSERT INTO app_settings VALUES ('public_url', 'https://jakosc.grojec.local', now(), 'admin')"
            )
        )
    finally:
        db.close()
    code, out, _, registered = kiosk_add(db_path, monkeypatch, capsys)
    assert (code, registered) == (0, 2)
    assert out.startswith("https://jakosc.grojec.local/?kiosk=")
