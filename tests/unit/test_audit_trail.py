"""Disclosure audit (issue 12, findings 5 and 13): exports and openings of named results are in
the audit log with who, when and what scope; named downloads leave Streamlit's media storage
when their session ends or their time is up."""

from __future__ import annotations

import io
import json
import sys

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from accounts.service import CurrentUser
from cli.main import main
from services import audit_trail, people
from storage import audit, users
from storage.db import Database
from storage.departments import add_department
from ui.downloads import Expiry


def signed_in(db, office, login: str) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"][login]))


def views(db) -> list[dict]:
    return audit.entries(db, action="view")


# --- named views -----------------------------------------------------------------------------------


def test_a_supervisor_opening_an_employees_results_for_a_conversation_is_recorded_once(db, office):
    supervisor = signed_in(db, office, "kierownik.km")
    employee = office["employees"]["kowalska"]
    people.prefill(db, supervisor, employee)
    people.prefill(db, supervisor, employee)  # the page reruns: still one viewing
    [entry] = views(db)
    assert (entry["actor"], entry["entity"], entry["entity_id"]) == (
        "kierownik.km",
        "conversation_prefill",
        str(employee),
    )
    assert json.loads(entry["after"]) == {"pracownik_id": str(employee)}


def test_the_same_view_is_recorded_again_after_the_window(db, office):
    manager = signed_in(db, office, "starosta")
    details = {"od": "2026-01-01", "do": "2026-03-31", "dzialy": None}
    assert audit_trail.record_view(db, manager, "employee_scores", None, details)
    assert not audit_trail.record_view(db, manager, "employee_scores", None, details)
    # another scope is another viewing
    assert audit_trail.record_view(db, manager, "employee_scores", None, {**details, "dzialy": ["KM"]})
    db.write(lambda c: c.execute("UPDATE audit_log SET happened_at = happened_at - INTERVAL 31 MINUTE"))
    assert audit_trail.record_view(db, manager, "employee_scores", None, details)
    assert len(views(db)) == 3


def test_an_employee_looking_at_their_own_results_is_not_recorded(db, office):
    own = signed_in(db, office, "kowalska")
    assert not audit_trail.record_view(
        db, own, "observation", "some-observation", {}, employee_id=office["employees"]["kowalska"]
    )
    assert views(db) == []


# --- exports -----------------------------------------------------------------------------------


def test_jakosc_export_with_names_is_recorded_with_its_scope_and_file(db_path, tmp_path, capsys, monkeypatch):
    """The command opens the file itself: nothing else holds it open meanwhile."""
    db = Database(db_path)
    add_department(db, "KM", "Wydział Komunikacji", "test")
    db.close()
    out = tmp_path / "raport.xlsx"
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    args = ["export", "--out", str(out), "--od", "2026-01-01", "--do", "2026-03-31", "--dzial", "km"]
    assert main([*args, "--rodzaj", "phone", "--imiennie"]) == 0
    assert main(args) == 0
    db = Database(db_path)
    try:
        named, anonymous = audit.entries(db, action="export")[::-1]
    finally:
        db.close()
    assert (named["actor"], named["entity"]) == ("cli", "period_export")
    assert json.loads(named["after"]) == {
        "od": "2026-01-01",
        "do": "2026-03-31",
        "dzialy": ["KM"],
        "rodzaj": "phone",
        "wersja": None,
        "plik": "xlsx",
        "imiennie": True,
        "sciezka": str(out.resolve()),
    }
    assert json.loads(anonymous["after"])["imiennie"] is False
    assert json.loads(anonymous["after"])["rodzaj"] is None


def test_the_audit_screen_summary_reads_polish():
    details = {
        "od": "2026-01-01",
        "do": "2026-03-31",
        "dzialy": ["AB", "KM"],
        "rodzaj": "phone",
        "wersja": None,
        "pracownicy": ["a", "b", "c"],
        "plik": "xlsx",
        "imiennie": True,
    }
    text = audit_trail.summary(details, "pl", kinds={"phone": "Obsługa telefoniczna"}, employees={})
    assert text == (
        "okres 01.01.2026 – 31.03.2026; wydziały: AB, KM; rodzaj: Obsługa telefoniczna; pracowników: 3; "
        "plik XLSX; z nazwiskami"
    )
    viewed = audit_trail.summary({"pracownik_id": "e1"}, "pl", kinds={}, employees={"e1": "Anna Kowalska"})
    assert viewed == "pracownik: Anna Kowalska"


# --- named downloads expire ----------------------------------------------------------------------

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def media():
    """Streamlit's own media manager and memory storage, as the server runs them; sessions and
    the clock are the test's."""
    storage = MemoryMediaFileStorage("/media")
    active = {"session-1"}
    clock = [1000.0]
    expiry = Expiry(MediaFileManager(storage), active.__contains__, clock=lambda: clock[0])
    yield storage, expiry, active, clock
    clock[0] += 10_000  # past every deadline: the sweeper thread finds nothing left and ends
    expiry.sweep()


def download(storage, expiry, data: bytes) -> str:
    """A click on a deferred download button: Streamlit runs the callable, stores the file and
    returns its URL; the callable hands the file to `expiry` as ui.downloads does."""

    def make() -> bytes:
        expiry.add(data, MIME, "raport.xlsx", "session-1")
        return data

    placeholder = expiry.manager.add_deferred(make, MIME, "coordinates", file_name="raport.xlsx")
    url = expiry.manager.execute_deferred(placeholder)
    name = url.rsplit("/", 1)[1]
    assert storage.get_file(name).content == data
    return name


def test_a_download_leaves_the_media_storage_when_its_session_ends(media):
    storage, expiry, active, _ = media
    name = download(storage, expiry, b"named workbook")
    expiry.sweep()
    assert storage.get_file(name).content == b"named workbook"  # the session still runs
    active.clear()
    expiry.sweep()
    with pytest.raises(MediaFileStorageError):
        storage.get_file(name)


def test_a_download_leaves_the_media_storage_when_its_time_is_up(media, monkeypatch):
    monkeypatch.setenv("JAKOSC_DOWNLOAD_SECONDS", "60")
    storage, expiry, _, clock = media
    name = download(storage, expiry, b"another workbook")
    clock[0] += 59
    assert expiry.sweep() == 1
    assert storage.get_file(name)
    clock[0] += 2
    assert expiry.sweep() == 0
    with pytest.raises(MediaFileStorageError):
        storage.get_file(name)
