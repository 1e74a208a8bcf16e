"""Who saw whose evaluation (issue 12, finding 5) through the pages: the dashboard's named table
only when asked for, a supervisor opening an observation, and the audit screen showing these
entries in Polish with a filter by kind of action."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from services import audit_trail
from storage import audit, kiosks
from tests.apptest.driver import texts
from tests.apptest.test_hostile_input import KIOSK, shown, unescaped
from tests.apptest.test_people import observe, open_as, user

UNESCAPE = re.compile(r"\\(.)")


def views(db) -> list[dict]:
    return audit.entries(db, action="view")


def test_the_dashboard_sends_names_only_when_asked_and_records_each_asking(db, office):
    observed = {office["employees"][name] for name in ("kowalska", "nowak")}
    for name in ("kowalska", "nowak"):
        observe(db, office, name, days_ago=3)
    at = open_as(db, office, "starosta", "pulpit")
    assert not at.exception
    at.session_state["dash_tab"] = "Pracownicy"  # a tap on the tab
    at.run()
    [employees_tab] = [tab for tab in at.tabs if tab.label == "Pracownicy"]
    assert not employees_tab.dataframe
    assert views(db) == []

    at.toggle(key="dash_show_names").set_value(True).run()
    [employees_tab] = [tab for tab in at.tabs if tab.label == "Pracownicy"]
    [table] = employees_tab.dataframe
    assert set(table.value["Pracownik"]) == {"Kowalska Anna", "Nowak Jan"}
    [entry] = views(db)
    assert (entry["actor"], entry["entity"], entry["entity_id"]) == ("starosta", "employee_scores", None)
    details = json.loads(entry["after"])
    assert set(details["pracownicy"]) == {str(e) for e in observed}
    assert details["dzialy"] is None  # the management sees every department

    at.run()  # any click reruns the page: the same viewing
    assert len(views(db)) == 1


def test_a_supervisor_opening_an_observation_of_a_named_employee_is_recorded(db, office):
    observation_id = observe(db, office, "kowalska", days_ago=1)
    at = open_as(db, office, "kierownik.km", "moje-obserwacje")
    assert not at.exception
    [entry] = views(db)
    assert (entry["actor"], entry["entity"], entry["entity_id"]) == (
        "kierownik.km",
        "observation",
        str(observation_id),
    )
    assert json.loads(entry["after"]) == {"pracownik_id": str(office["employees"]["kowalska"])}


def test_the_audit_screen_shows_exports_and_views_in_polish_filtered_by_kind(db, office):
    audit_trail.record_export(
        db,
        "starosta",
        audit_trail.DASHBOARD_EXPORT,
        details={"od": "2026-01-01", "do": "2026-03-31", "dzialy": ["KM"], "rodzaj": None, "wersja": None},
        with_names=True,
        file_kind="xlsx",
    )
    audit_trail.record_view(
        db,
        user(db, office, "kierownik.km"),
        audit_trail.CONVERSATION_PREFILL,
        office["employees"]["kowalska"],
        {},
        employee_id=office["employees"]["kowalska"],
    )
    at = open_as(db, office, "admin", "dziennik")
    assert not at.exception
    action = at.selectbox(key="audit_action")
    assert {"eksport / pobranie pliku", "wgląd w dane imienne", "utworzenie"} <= set(action.options)

    action.set_value("export").run()
    [row] = table(at)
    assert (row["Kto"], row["Czynność"], row["Obiekt"]) == (
        "starosta",
        "eksport / pobranie pliku",
        "eksport z pulpitu",
    )
    assert row["Szczegóły"] == "okres 01.01.2026 – 31.03.2026; wydziały: KM; plik XLSX; z nazwiskami"

    at.selectbox(key="audit_action").set_value("view").run()
    [prefill] = [row for row in table(at) if row["Kto"] == "kierownik.km"]
    assert prefill["Czynność"] == "wgląd w dane imienne"
    assert prefill["Obiekt"] == "wyniki pracownika do rozmowy okresowej: Anna Kowalska"
    assert prefill["Szczegóły"] == "pracownik: Anna Kowalska"


def table(at) -> list[dict]:
    """The audit screen's rows as a reader sees them (the cells escape Markdown with backslashes)."""
    return [
        {column: UNESCAPE.sub(r"\1", str(value)).replace("\u2060", "") for column, value in row.items()}
        for row in at.table[0].value.to_dict("records")
    ]


def test_the_audit_screen_pages_filters_by_period_and_says_so_in_polish(db, office):
    db.write(
        lambda c: c.executemany(
            "INSERT INTO audit_log VALUES (uuid(), ?, 'admin', 'update', 'kiosk', NULL, NULL, NULL)",
            [[datetime(2026, 3, 1, 12, minute)] for minute in range(55)],
        )
    )
    at = open_as(db, office, "admin", "dziennik")
    assert not at.exception
    placeholders = {box.label: box.proto.placeholder for box in at.selectbox}
    assert placeholders == {
        "Obiekt": "wszystkie obiekty",
        "Rodzaj czynności": "wszystkie czynności",
        "Kto": "wszyscy",
    }
    total = db.scalar("SELECT count(*) FROM audit_log")  # with this reading of the log
    assert position(at) == f"{total} wpisów · strona 1 z 2"
    assert len(table(at)) == 50
    [newer] = [b for b in at.button if b.label == "Nowsze wpisy"]
    assert newer.disabled

    [older] = [b for b in at.button if b.label == "Starsze wpisy"]
    older.click().run()
    assert position(at) == f"{total} wpisów · strona 2 z 2"
    assert table(at)[-1]["Kiedy"] == "01.03.2026 12:00"  # the oldest entry last

    at.date_input(key="audit_period").set_value((date(2026, 3, 1), date(2026, 3, 1))).run()
    assert position(at) == "55 wpisów · strona 1 z 2"  # other filters: the newest page again
    assert {row["Obiekt"] for row in table(at)} == {"kiosk"}
    at.date_input(key="audit_period").set_value((date(2026, 2, 1), date(2026, 2, 28))).run()
    assert texts(at.info) == ["Brak danych."]
    # each filter set read is one entry of its own
    readings = [json.loads(e["after"] or "{}") for e in views(db) if e["entity"] == "audit_log"]
    assert {"od": "2026-03-01", "do": "2026-03-01"} in readings and {} in readings


def position(at) -> str:
    """The caption saying how many entries match and which page is shown."""
    [caption] = [text for text in texts(at.caption) if " · strona " in text]
    return caption


def test_names_and_values_in_the_log_show_as_typed_never_as_markdown(db, office):
    """The table's cells read Markdown: a hostile kiosk name is escaped, so it shows as typed."""
    kiosks.add_kiosk(db, KIOSK, office["departments"]["KM"], "admin")
    at = open_as(db, office, "admin", "dziennik")
    at.selectbox(key="audit_entity").set_value("kiosk").run()
    [row] = at.table[0].value.to_dict("records")
    for cell in row.values():
        active = unescaped(str(cell)).lower()
        assert not [danger for danger in ("<img", "javascript:", "](", "**") if danger in active], cell
    assert shown(row["Obiekt"]) == f"kiosk: {KIOSK}"
    assert shown(row["Szczegóły"]) == f"wydział: Wydział Komunikacji\nnazwa: {KIOSK}"
