"""The kiosks page under AppTest (issue 13): the public address set on the page, posters and kiosk
registration withheld until it is usable, the environment's address shown as the one in force,
and "Wyłącz" asking first, with "Włącz" to undo; each change says so after the rerun and is in
the audit log."""

from __future__ import annotations

import pytest

from services import links
from storage import audit, kiosks
from tests.apptest.driver import form, form_ids, texts
from tests.apptest.test_people import open_as

ADDRESS = "Adres publiczny aplikacji"


@pytest.fixture(autouse=True)
def no_address_in_the_environment(monkeypatch):
    monkeypatch.delenv(links.ENV_VARIABLE, raising=False)


def buttons(at) -> list[str]:
    return [b.label for b in at.button]


def save_address(at, value: str):
    address_form = form(at, "public_address")
    [field] = [w for w in address_form.text_input if w.label == ADDRESS]
    field.input(value)
    [save] = [b for b in address_form.button if b.label == "Zapisz adres"]
    save.click()
    return at.run()


def test_without_a_public_address_posters_and_new_kiosks_are_withheld_until_it_is_set(db, office):
    at = open_as(db, office, "admin", "kioski")
    assert not at.exception
    [warning] = texts(at.warning)
    assert warning.startswith("Adres publiczny nie jest ustawiony.")
    assert "add_kiosk" not in form_ids(at)
    assert not at.get("download_button")
    assert texts(at.info) == ["Najpierw ustaw adres publiczny aplikacji (wyżej)."] * 2

    at = save_address(at, "http://localhost:8501")
    assert texts(at.error)[0].startswith("To adres tego komputera (localhost)")
    at = save_address(at, "https://jakosc.grojec.local?x=1")
    assert texts(at.error) == ["Adres nie może zawierać parametrów (po znaku ?) ani kotwicy (po znaku #)."]
    assert links.public_address(db).problem == "unset"

    at = save_address(at, "https://jakosc.grojec.local/")
    assert not at.exception
    assert "Zapisano adres publiczny: https\\://jakosc.grojec.local" in [
        s.replace("\u2060", "") for s in texts(at.success)
    ]
    assert not at.warning
    assert len(at.get("download_button")) == 2  # one poster per department
    form(at, "add_kiosk")
    assert links.public_address(db).url == "https://jakosc.grojec.local"


def test_the_environment_variable_overrides_the_stored_address_and_the_page_says_so(db, office, monkeypatch):
    monkeypatch.setenv(links.ENV_VARIABLE, "http://127.0.0.1:8501")
    at = open_as(db, office, "admin", "kioski")
    assert not at.exception
    [info, *_] = texts(at.info)
    assert info.startswith("Adres ustawia zmienna środowiskowa JAKOSC_PUBLIC_URL")
    [warning] = texts(at.warning)
    assert warning.startswith("Adres publiczny http")
    assert "wskazuje na ten komputer (localhost)" in warning
    assert not at.get("download_button")


def test_switching_a_kiosk_off_asks_first_and_can_be_undone(db, office):
    kiosk_id, token = kiosks.add_kiosk(db, "Kiosk parter", office["departments"]["KM"], "admin")
    at = open_as(db, office, "admin", "kioski")
    at.button(key=f"revoke_{kiosk_id}").click().run()
    assert kiosks.by_token(db, token)["active"]  # nothing switched off yet
    [question] = [w for w in texts(at.warning) if w.startswith("Wyłączyć kiosk")]
    assert "Kiosk parter" in question
    at.button(key=f"revoke_no_{kiosk_id}").click().run()
    assert kiosks.by_token(db, token)["active"]
    assert not [w for w in texts(at.warning) if w.startswith("Wyłączyć kiosk")]

    at.button(key=f"revoke_{kiosk_id}").click().run()
    at.button(key=f"revoke_yes_{kiosk_id}").click().run()
    assert not at.exception
    assert not kiosks.by_token(db, token)["active"]
    [done] = texts(at.success)
    assert done.startswith("Kiosk „Kiosk parter” wyłączony")
    assert "Włącz" in buttons(at)

    at.button(key=f"restore_{kiosk_id}").click().run()
    assert kiosks.by_token(db, token)["active"]
    [done] = texts(at.success)
    assert done.startswith("Kiosk „Kiosk parter” włączony ponownie")
    assert [(e["actor"], e["action"]) for e in audit.entries(db, entity="kiosk")][:2] == [
        ("admin", "restore"),
        ("admin", "revoke"),
    ]
