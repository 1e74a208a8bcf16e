"""The report's download on the dashboard (pages/report_download.py) under AppTest: management
sees it, a supervisor does not; nothing is computed until "Przygotuj raport"; the conclusions'
text area is pre-filled with reports.content.default_conclusions for what was chosen (the
filters' period, or a campaign's dates with the filters' departments); then a PDF and a DOCX
button.

The office is a small demo (data.demo.generate, fixed end) with a campaign, built once per
module and copied to each test's $JAKOSC_DB (on PostgreSQL moved into its database). Which
request the text belongs to is checked by calling default_conclusions for the dates the test set
itself.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from streamlit.testing.v1 import AppTest

from accounts.service import CurrentUser, start_session
from checklists.loading import current_checklists
from reports.content import default_conclusions
from reports.model import ReportRequest
from services import campaigns
from storage import users
from tests.apptest.driver import PROJECT, open_url_path
from tests.seeding import add_account, demo_database

END = datetime(2026, 10, 20, 16, 0)  # before the real today: the dashboard refuses future dates
TODAY = END.date()
CAMPAIGN = {
    "name": "Badanie satysfakcji – wrzesień 2026",
    "start": date(2026, 9, 1),
    "end": date(2026, 9, 30),
}
HEADING = "Raport z badania satysfakcji"
PREPARE = "Przygotuj raport"
BASIS = "Zakres raportu"
CONCLUSIONS = "Wnioski i rekomendacje"
BUTTONS = ["Pobierz raport (PDF)", "Pobierz raport (DOCX)"]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("report-download") / "template.duckdb"
    database = demo_database(path, months=3, ratings=1_500, observations=150, seed=16, end=END)
    try:
        department = dict(database.query("SELECT code, id FROM departments"))
        accounts = {
            "zarzad": add_account(database, "zarzad", "management", "Zofia Zarząd"),
            "kierownik": add_account(database, "kierownik", "supervisor", "Kierownik", [department["KM"]]),
        }
        manager = CurrentUser.from_row(users.get_user(database, accounts["zarzad"]))
        campaign_id = campaigns.create(database, manager, **CAMPAIGN, margin=0.05, confidence=0.95)
    finally:
        database.close()
    return path, accounts, department, campaign_id


@pytest.fixture
def office(template, app_database_from, monkeypatch):
    path, accounts, department, campaign_id = template
    database = app_database_from(path)  # tests/apptest/conftest.py: the app's shared Database
    monkeypatch.setattr("pages.report_download.now", lambda: END)
    return {"db": database, "accounts": accounts, "department": department, "campaign_id": campaign_id}


def open_dashboard(office, login: str, **query) -> AppTest:
    db = office["db"]
    token, _ = start_session(db, CurrentUser.from_row(users.get_user(db, office["accounts"][login])))
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=120)
    at.session_state["auth_token"] = token
    at.query_params.update(query)
    return open_url_path(at, "pulpit")


def test_management_prepares_the_report_of_the_filters_period(office):
    at = open_dashboard(office, "zarzad", od="2026-08-01", do="2026-10-20", dzialy="KM")
    assert HEADING in [s.value for s in at.subheader]
    assert not at.text_area, "nothing is computed before the manager asks for it"
    [basis] = [s for s in at.selectbox if s.label == BASIS]
    assert basis.options == [
        "Okres z filtrów (01.08.2026 – 20.10.2026)",
        f"Kampania „{CAMPAIGN['name']}” (01.09.2026 – 30.09.2026)",
    ]

    at = next(b for b in at.button if b.label == PREPARE).click().run()
    [text] = at.text_area
    assert text.label == CONCLUSIONS
    request = ReportRequest(date(2026, 8, 1), date(2026, 10, 20), (office["department"]["KM"],))
    assert text.value == default_conclusions(office["db"], current_checklists(), request, today=TODAY)
    assert [b.label for b in at.get("download_button")] == BUTTONS


def test_a_campaign_gives_its_dates_and_keeps_the_filters_departments(office):
    at = open_dashboard(office, "zarzad", od="2026-08-01", do="2026-10-20")
    [basis] = [s for s in at.selectbox if s.label == BASIS]
    at = basis.select_index(1).run()
    at = next(b for b in at.button if b.label == PREPARE).click().run()
    request = ReportRequest(CAMPAIGN["start"], CAMPAIGN["end"], None, office["campaign_id"])
    assert at.text_area[0].value == default_conclusions(
        office["db"], current_checklists(), request, today=TODAY
    )


def test_a_supervisor_sees_no_report(office):
    at = open_dashboard(office, "kierownik", od="2026-08-01", do="2026-10-20")
    assert not at.exception
    assert HEADING not in [s.value for s in at.subheader]
    assert PREPARE not in [b.label for b in at.button]
    assert not [b for b in at.get("download_button") if "raport" in b.label]
