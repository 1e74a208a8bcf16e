"""`jakosc raport`, run as the office's scheduler runs it: the command in a process of its own on a
database file, and again while the app's server owns that file (then through /internal/report,
only inside the export folder). The refusals run the command's main() in the test's process,
as the export's tests do (a process each would take seconds to import the app).

The office is a small demo (data.demo.generate, fixed end) with one campaign defined through the
campaigns service. What the files say is the renderers' and the content's business (their own
tests); here: the right format from the extension, the campaign's dates and the departments
asked for (read back from the audit entry each file leaves), and every refusal in Polish with
nothing written.
"""

from __future__ import annotations

import io
import json
import shutil
import uuid
from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from accounts.service import CurrentUser
from cli.main import main
from reports import publish
from services import campaigns
from storage import users
from storage.db import Database
from tests.browser.conftest import LiveServer
from tests.command import jakosc
from tests.seeding import add_account, demo_database

END = datetime(2027, 4, 20, 16, 0)
CAMPAIGN = {"name": "Badanie satysfakcji – marzec 2027", "start": date(2027, 3, 1), "end": date(2027, 3, 31)}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report-cli") / "template.duckdb"
    database = demo_database(path, months=3, ratings=1_500, observations=150, seed=16, end=END)
    try:
        manager = add_account(database, "zarzad", "management", "Zofia Zarząd")
        campaigns.create(
            database,
            CurrentUser.from_row(users.get_user(database, manager)),
            **CAMPAIGN,
            margin=0.05,
            confidence=0.95,
        )
    finally:
        database.close()
    return path


@pytest.fixture
def office(template, tmp_path) -> Path:
    path = tmp_path / "data" / "jakosc.duckdb"
    path.parent.mkdir()
    shutil.copy(template, path)
    return path


def report_entries(db_path: Path) -> list[dict]:
    """The audit entries of the reports made, oldest first."""
    database = Database(db_path)
    try:
        rows = database.query(
            "SELECT actor, after FROM audit_log WHERE action = 'export' AND entity = 'report' ORDER BY happened_at"
        )
    finally:
        database.close()
    return [{"actor": actor, **json.loads(after)} for actor, after in rows]


def test_pdf_for_a_period_and_docx_for_a_campaign_and_a_department(office, tmp_path):
    pdf = tmp_path / "raport.pdf"
    result = jakosc(office, "raport", "--od", "2027-02-01", "--do", "2027-04-20", "--out", str(pdf))
    assert result.returncode == 0, result.stderr
    assert str(pdf) in result.stdout
    reader = PdfReader(pdf)
    assert str(reader.trailer["/Root"]["/Lang"]).startswith("pl") and reader.metadata.title

    word_file = tmp_path / "Raport.DOCX"  # the extension's letter case does not matter
    result = jakosc(
        office, "raport", "--kampania", CAMPAIGN["name"].upper(), "--dzial", "km", "--out", str(word_file)
    )
    assert result.returncode == 0, result.stderr
    document = docx.Document(io.BytesIO(word_file.read_bytes()))
    assert document.core_properties.language == "pl-PL"
    assert CAMPAIGN["name"] in [p.text for p in document.paragraphs]  # the cover's subtitle
    assert any(p.style.name == "Heading 1" for p in document.paragraphs)
    assert not list(tmp_path.glob("*.part"))

    period, campaign = report_entries(office)
    assert period == {
        "actor": "cli",
        "od": "2027-02-01",
        "do": "2027-04-20",
        "dzialy": None,
        "kampania": None,
        "sciezka": str(pdf),
        "plik": "pdf",
        "imiennie": False,
    }
    assert (campaign["od"], campaign["do"], campaign["dzialy"], campaign["kampania"], campaign["plik"]) == (
        "2027-03-01",
        "2027-03-31",
        ["KM"],
        CAMPAIGN["name"],
        "docx",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "{tmp}/raport.txt"], "„raport.txt” ma inne rozszerzenie"),
        (["--out", "{tmp}/raport"], "albo .docx (do edycji)"),
        (["--kampania", "Wiosna 1999", "--out", "{tmp}/r.pdf"], "Nie ma kampanii „Wiosna 1999”"),
        (["--kampania", "x", "--od", "2027-03-01", "--out", "{tmp}/r.pdf"], "Podaj albo --kampania"),
        (["--od", "2027-02-30", "--out", "{tmp}/r.pdf"], "Nieprawidłowa data --od „2027-02-30”"),
        (
            ["--od", "2027-04-01", "--do", "2027-03-01", "--out", "{tmp}/r.pdf"],
            "Początek okresu (--od) jest po",
        ),
        (["--dzial", "XYZ", "--out", "{tmp}/r.pdf"], "Nie ma wydziału o kodzie XYZ."),
        (["--out", "{tmp}/nie-ma/r.pdf"], "Nie ma katalogu"),
    ],
)
def test_refusals_are_polish_and_write_nothing(office, tmp_path, args, message, capsys, monkeypatch):
    monkeypatch.setenv("JAKOSC_DB", str(office))
    capsys.readouterr()
    assert main(["raport", *(arg.format(tmp=tmp_path) for arg in args)]) == 2  # in this process: quicker
    assert message in capsys.readouterr().err
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.parent != office.parent]
    assert report_entries(office) == []


@pytest.mark.duckdb_only  # the route for the app's own file; on PostgreSQL: test_cli_while_running_postgres
def test_while_the_app_runs_the_server_writes_it_in_the_export_folder(office, tmp_path):
    server = LiveServer(office, tmp_path / "server.log")
    server.start(timeout=120)
    try:
        exports = office.parent / "exports"
        result = jakosc(
            office,
            "raport",
            "--kampania",
            CAMPAIGN["name"],
            "--out",
            str(exports / "r.pdf"),
            port=server.port,
        )
        assert result.returncode == 0, result.stderr + server.log_path.read_text()[-3000:]
        assert "Zapisane przez działającą aplikację" in result.stdout
        assert PdfReader(exports / "r.pdf").metadata.title

        refused = jakosc(
            office, "raport", "--kampania", "Jesień", "--out", str(exports / "x.pdf"), port=server.port
        )
        assert refused.returncode == 2 and "Nie ma kampanii „Jesień”" in refused.stderr, refused.stderr
        outside = jakosc(office, "raport", "--out", str(tmp_path / "r.docx"), port=server.port)
        assert outside.returncode == 2 and "tylko w katalogu" in outside.stderr, outside.stderr
        assert not (exports / "x.pdf").exists() and not (tmp_path / "r.docx").exists()
    finally:
        server.stop()
    [entry] = report_entries(office)
    assert (entry["kampania"], entry["od"], entry["do"]) == (CAMPAIGN["name"], "2027-03-01", "2027-03-31")


def test_a_campaign_is_found_by_its_id_or_its_name_in_any_letter_case(office):
    database = Database(office)
    try:
        [campaign] = campaigns.list_campaigns(database)
        assert publish.find_campaign(database, f" {campaign.id} ") == campaign
        assert publish.find_campaign(database, CAMPAIGN["name"].lower()) == campaign
        with pytest.raises(publish.ReportRefused, match=f"Zapisane kampanie: „{CAMPAIGN['name']}”"):
            publish.find_campaign(database, str(uuid.uuid4()))
    finally:
        database.close()
