"""Disclosure audit (issue 12, findings 5 and 13): exports and openings of named results are in
the audit log with who, when and what scope; named downloads leave Streamlit's media storage
when their session ends or their time is up."""

from __future__ import annotations

import io
import json
import sys
import uuid
from datetime import date, datetime

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from accounts.service import CurrentUser
from analytics.filters import Filters
from analytics.queries import Scope
from checklists.loading import current_checklists
from checklists.schema import Kind
from cli.main import main
from services import audit_trail, campaigns, observations, people
from services.observations import StartRequest
from storage import audit, departments, kiosks, settings, users
from storage.db import open_database
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
    db = open_database()
    add_department(db, "KM", "Wydział Komunikacji", "test")
    db.close()
    out = tmp_path / "raport.xlsx"
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    args = ["export", "--out", str(out), "--od", "2026-01-01", "--do", "2026-03-31", "--dzial", "km"]
    assert main([*args, "--rodzaj", "phone", "--imiennie"]) == 0
    assert main(args) == 0
    db = open_database()
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


def test_an_export_split_by_channel_records_the_channels_and_one_of_every_channel_does_not(db):
    january = Filters(date(2026, 1, 1), date(2026, 1, 31))
    paper = Filters(date(2026, 1, 1), date(2026, 1, 31), channels=("paper",))
    assert "kanaly" not in audit_trail.describe_scope(db, Scope(january, None))
    assert audit_trail.describe_scope(db, Scope(paper, None))["kanaly"] == ["paper"]


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
    paper = audit_trail.summary(
        {"od": "2026-01-01", "do": "2026-01-31", "kanaly": ["qr", "paper"]}, "pl", kinds={}, employees={}
    )
    assert paper == "okres 01.01.2026 – 31.01.2026; kanały: kod QR, papier"
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


# --- the audit screen in words (issue 13) -----------------------------------------------------
# Each expected text is written by hand from the row the code records: the field names in
# Polish, old → new, objects named instead of their ids.


def read(db, office, filters=None, page=1, language="pl"):
    admin = signed_in(db, office, "admin")
    return audit_trail.read_log(db, admin, filters or audit_trail.LogFilters(), page, language)


def described(db, office, **filters) -> list[tuple[str, str, str, list[str]]]:
    """(who, action, object, details) of the newest entries matching `filters`."""
    return [
        (e.who, e.action, e.subject, e.details)
        for e in read(db, office, audit_trail.LogFilters(**filters)).entries
    ]


def test_a_department_created_then_renamed_and_closed_reads_as_words(db, office):
    department = add_department(db, "OR", "Wydział Ochrony Środowiska", "admin")
    departments.update_department(db, department, name="Wydział Rolnictwa", active=False, actor="admin")
    changed, created = described(db, office, entity="department", actor="admin")
    assert changed == (
        "admin",
        "zmiana",
        "wydział: Wydział Rolnictwa",
        ["aktywny: tak → nie", "nazwa: Wydział Ochrony Środowiska → Wydział Rolnictwa"],
    )
    assert created == (
        "admin",
        "utworzenie",
        "wydział: Wydział Rolnictwa",
        ["kod: OR", "nazwa: Wydział Ochrony Środowiska"],
    )


def test_a_campaigns_margin_and_confidence_read_as_on_its_screen(db, office):
    """Stored as shares (0.05, 0.95); the audit screen says them as the campaign screen offers them."""
    manager = signed_in(db, office, "starosta")
    settings = {"name": "Jesień", "start": date(2026, 10, 1), "end": date(2026, 11, 30)}
    campaign = campaigns.create(db, manager, **settings, margin=0.05, confidence=0.95)
    campaigns.update(db, manager, campaign, **settings, margin=0.03, confidence=0.99)
    [changed, created] = described(db, office, entity="survey_campaign")
    assert "margines błędu: ±5 pp → ±3 pp" in changed[3]
    assert "poziom ufności: 95% → 99%" in changed[3]
    assert {"margines błędu: ±5 pp", "poziom ufności: 95%"} <= set(created[3])


def test_an_account_change_names_its_departments_and_role_and_leaves_out_what_did_not_change(db, office):
    account = office["accounts"]["kowalska"]
    users.update_user(
        db, account, {"role": "supervisor", "department_ids": [office["departments"]["KM"]]}, "admin"
    )
    [entry] = described(db, office, entity="user", actor="admin")
    assert entry == (
        "admin",
        "zmiana",
        "konto: Anna Kowalska (kowalska)",
        ["wydziały: — → Wydział Komunikacji", "rola: Pracownik → Przełożony"],
    )


def test_a_deleted_employee_is_named_from_the_entry_that_created_them_and_said_to_be_deleted(db, office):
    gone = office["employees"]["zielinski"]
    db.write(lambda c: c.execute("DELETE FROM employees WHERE id = ?", [gone]))
    stranger = str(uuid.uuid4())  # never created through the app, so no name is known
    db.write(
        lambda c: audit.record(
            c, "admin", "update", "employee", stranger, {"active": True}, {"active": False}
        )
    )
    entries = described(db, office, entity="employee")
    assert entries[0] == ("admin", "zmiana", "pracownik: (usunięto)", ["aktywny: tak → nie"])
    assert (
        "test",
        "utworzenie",
        "pracownik: Piotr Zieliński (usunięto)",
        ["wydział: Wydział Geodezji i Kartografii", "imię: Piotr", "nazwisko: Zieliński"],
    ) in entries


def test_sign_ins_kiosks_answers_and_the_public_address_read_as_words(db, office):
    kiosk = office["departments"]["KM"]
    kiosk_id, _ = kiosks.add_kiosk(db, "Kiosk parter", kiosk, "admin")
    kiosks.revoke(db, kiosk_id, "admin")
    kiosks.restore(db, kiosk_id, "admin")
    settings.put(db, "public_url", "https://jakosc.grojec.local", "admin")
    settings.put(db, "public_url", "https://ankieta.grojec.pl", "admin")
    observation = str(uuid.uuid4())
    db.write(
        lambda c: (
            audit.record(
                c,
                "nieznany",
                "sign_in_failure",
                "user",
                None,
                None,
                {"login": "nieznany", "client": "10.0.0.7"},
            ),
            # as storage.observations records a correction, of an observation deleted since
            audit.record(
                c,
                "kierownik.km",
                "edit_answer",
                "observation",
                observation,
                {"item_id": "IDE-02", "answer": "tak", "comment": None},
                {"item_id": "IDE-02", "answer": "nie_dotyczy", "comment": "Klient\nodszedł wcześniej"},
            ),
        )
    )
    entries = described(db, office)
    assert entries[0] == ("admin", "wgląd w dane imienne", "dziennik zmian", ["cały dziennik, bez filtrów"])
    assert entries[1:8] == [
        (
            "kierownik.km",
            "poprawka odpowiedzi",
            "obserwacja: (usunięto)",
            [
                "pozycja listy: IDE-02 Bez krytyki Urzędu",
                "odpowiedź: Tak → Nie dotyczy",
                "komentarz: — → Klient odszedł wcześniej",
            ],
        ),
        (
            "nieznany",
            "logowanie nieudane",
            "konto: nieznany",
            ["adres komputera: 10.0.0.7", "login: nieznany"],
        ),
        (
            "admin",
            "zmiana",
            "ustawienie: adres publiczny aplikacji",
            ["wartość: https://jakosc.grojec.local → https://ankieta.grojec.pl"],
        ),
        (
            "admin",
            "zmiana",
            "ustawienie: adres publiczny aplikacji",
            ["wartość: https://jakosc.grojec.local"],
        ),
        ("admin", "ponowne włączenie", "kiosk: Kiosk parter", ["aktywny: nie → tak"]),
        ("admin", "wyłączenie", "kiosk: Kiosk parter", ["aktywny: tak → nie"]),
        (
            "admin",
            "utworzenie",
            "kiosk: Kiosk parter",
            ["wydział: Wydział Komunikacji", "nazwa: Kiosk parter"],
        ),
    ]


def test_an_answer_correction_names_the_item_and_the_observed_employee(db, office):
    supervisor = signed_in(db, office, "kierownik.km")
    observation = observations.start(
        db,
        current_checklists(),
        supervisor,
        StartRequest(
            observation_id=uuid.uuid4(),
            kind=Kind.IN_PERSON,
            department_id=office["departments"]["KM"],
            employee_id=office["employees"]["kowalska"],
            observed_at=datetime(2026, 11, 12, 10, 30),
        ),
    )
    db.write(
        lambda c: audit.record(
            c,
            "kierownik.km",
            "edit_answer",
            "observation",
            observation,
            {"item_id": "IDE-02", "answer": "tak"},
            {"item_id": "IDE-02", "answer": "nie"},
        )
    )
    [entry] = described(db, office, action="edit_answer")
    # IDE-02 is labelled "Bez krytyki Urzędu" ("No criticism of the Office") in
    # checklists/standards/01_identyfikacja.yaml
    assert entry == (
        "kierownik.km",
        "poprawka odpowiedzi",
        "obserwacja: Anna Kowalska, 12.11.2026",
        ["pozycja listy: IDE-02 Bez krytyki Urzędu", "odpowiedź: Tak → Nie"],
    )
    english = read(db, office, audit_trail.LogFilters(action="edit_answer"), language="en").entries[0]
    assert (english.action, english.subject, english.details) == (
        "answer edited",
        "observation: Anna Kowalska, 12.11.2026",
        ["checklist item: IDE-02 No criticism of the Office", "answer: Yes → No"],
    )


def test_reading_the_log_is_recorded_with_its_filters_and_shows_in_words(db, office):
    filters = audit_trail.LogFilters(
        action="sign_in_failure", entity="user", start=date(2026, 11, 1), end=date(2026, 11, 30)
    )
    read(db, office, filters)
    read(db, office, filters)  # the page reruns: one reading
    [entry] = described(db, office, action="view")[1:]  # the newest is this very reading, unfiltered
    assert entry == (
        "admin",
        "wgląd w dane imienne",
        "dziennik zmian",
        ["okres 01.11.2026 – 30.11.2026; czynność: logowanie nieudane; obiekt: konto"],
    )


def test_a_large_log_is_read_a_page_at_a_time_newest_first(db, office):
    """100 000 entries: the first and the last page come back in order, and the period and the
    action filter the whole log, not only the page shown. (How fast: benchmarks, not a timed test.)"""
    db.write(
        lambda c: c.execute(
            "INSERT INTO audit_log SELECT uuid(), TIMESTAMP '2026-01-01' + to_minutes(i), 'admin', "
            "CASE WHEN i % 10 = 0 THEN 'delete' ELSE 'update' END, 'kiosk', NULL, NULL, NULL FROM range(100000) t(i)"
        )
    )
    first = read(db, office, audit_trail.LogFilters(entity="kiosk"))
    last = read(db, office, audit_trail.LogFilters(entity="kiosk"), page=10**6)  # past the end: the last page
    assert (first.total, first.pages, len(first.entries)) == (100_000, 2000, 50)
    assert first.entries[0].when == "11.03.2026 10:39"  # minute 99 999: 69 days, 10 h 39 min after 1 January
    assert (last.page, len(last.entries), last.entries[-1].when) == (2000, 50, "01.01.2026 00:00")
    day = read(
        db, office, audit_trail.LogFilters(action="delete", start=date(2026, 1, 2), end=date(2026, 1, 2))
    )
    assert day.total == 144  # 1 440 minutes of 2 January, every tenth a deletion
