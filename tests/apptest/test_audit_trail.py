"""Who saw whose evaluation (issue 12, finding 5) through the pages: the dashboard's named table
only when asked for, a supervisor opening an observation, and the audit screen showing these
entries in Polish with a filter by kind of action."""

from __future__ import annotations

import json

from services import audit_trail
from storage import audit
from tests.apptest.test_people import observe, open_as, user


def views(db) -> list[dict]:
    return audit.entries(db, action="view")


def test_the_dashboard_sends_names_only_when_asked_and_records_each_asking(db, office):
    observed = {office["employees"][name] for name in ("kowalska", "nowak")}
    for name in ("kowalska", "nowak"):
        observe(db, office, name, days_ago=3)
    at = open_as(db, office, "starosta", "pulpit")
    assert not at.exception
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
    assert {"eksport / pobranie pliku", "wgląd w wyniki imienne", "utworzenie"} <= set(action.options)

    action.set_value("export").run()
    [row] = at.dataframe[0].value.to_dict("records")
    assert (row["Kto"], row["Czynność"], row["Obiekt"]) == (
        "starosta",
        "eksport / pobranie pliku",
        "eksport z pulpitu",
    )
    assert row["Szczegóły"] == "okres 01.01.2026 – 31.03.2026; wydziały: KM; plik XLSX; z nazwiskami"

    at.selectbox(key="audit_action").set_value("view").run()
    [row] = at.dataframe[0].value.to_dict("records")
    assert (row["Kto"], row["Czynność"]) == ("kierownik.km", "wgląd w wyniki imienne")
    assert row["Obiekt"].startswith("wyniki pracownika do rozmowy okresowej ")
    assert row["Szczegóły"] == "pracownik: Anna Kowalska"
