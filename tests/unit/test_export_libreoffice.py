"""The exported workbook opens in LibreOffice (Debian's libreoffice-calc, run headless): every
sheet converts to CSV with the rows and texts it should hold, and a hostile comment arrives as
text, not as a formula's result.

scripts/test installs libreoffice-calc when `soffice` is missing; with CI set the test fails
rather than skips without it. Elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import uuid
from datetime import date, datetime

import pytest

from analytics import export
from analytics.filters import Filters
from analytics.queries import resolve_scope
from checklists.loading import current_checklists
from data import demo
from storage import ratings
from storage.db import Database
from storage.moderation import decide_comments

HOSTILE = '=HYPERLINK("http://evil","klik")'
NEUTRALISED = '\'=HYPERLINK("http://evil","klik")'
# CSV of every sheet (token 12 = -1), UTF-8, comma-separated, text quoted, cells as shown
ALL_SHEETS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing: scripts/test installs Debian's libreoffice-calc")
        pytest.skip("LibreOffice (soffice) is not installed; scripts/test installs libreoffice-calc")
    return found


@pytest.fixture
def workbook(tmp_path):
    """A small demo office with one approved hostile comment, exported with names."""
    database = Database(tmp_path / "office.duckdb")
    try:
        demo.generate(
            database, months=2, ratings=300, observations=30, seed=3, end=datetime(2026, 3, 18, 11, 20)
        )
        rating_id = uuid.uuid4()
        database.write(
            lambda cursor: ratings.insert_rating(
                cursor,
                {
                    "id": rating_id,
                    "created_at": datetime(2026, 3, 10, 9, 0),
                    "channel": "qr",
                    "language": "pl",
                    "overall": 1,
                    "comment": HOSTILE,
                },
            )
        )
        decide_comments(database, [rating_id], "approved", None, uuid.uuid4(), "test")
        scope = resolve_scope(database, Filters(date(2026, 1, 18), date(2026, 3, 18)), None)
        path = tmp_path / "eksport.xlsx"
        export.write_workbook(
            database, scope, path, checklists=current_checklists(), made_by="test", with_names=True
        )
        answers = database.scalar(
            "SELECT count(*) FROM observation_answers a JOIN observations o ON o.id = a.observation_id "
            "WHERE o.status = 'sent' AND o.calibration_of IS NULL AND o.observed_at >= ? AND o.observed_at < ? AND a.answer IS NOT NULL",
            [datetime(2026, 1, 18), datetime(2026, 3, 19)],
        )
    finally:
        database.close()
    return path, answers


def read_csv(path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def test_libreoffice_opens_every_sheet(workbook, tmp_path):
    path, answers = workbook
    out = tmp_path / "csv"
    done = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            ALL_SHEETS_CSV,
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr

    sheets = {name: out / f"eksport-{name}.csv" for name in export_sheet_names()}
    missing = [name for name, file in sheets.items() if not file.exists()]
    assert not missing, (missing, sorted(p.name for p in out.iterdir()), done.stdout, done.stderr)

    summary = read_csv(sheets["Podsumowanie"])
    assert summary[0][0] == export.TITLE
    assert summary[5][:2] == ["Sporządził(a)", "test"]

    rows = read_csv(sheets["Odpowiedzi"])
    assert rows[0][:3] == ["Nr obserwacji", "Data i godzina obserwacji", "Wydział"]
    assert len(rows) == answers + 1
    sources = {entry.item.source for entry in current_checklists().all_entries()}
    assert all(row[rows[0].index("Źródło w podręczniku")] in sources for row in rows[1:])
    assert all(row[1].count(".") == 2 and ":" in row[1] for row in rows[1:])  # DD.MM.YYYY HH:MM as shown

    comments = read_csv(sheets["Komentarze"])
    texts = [row[comments[0].index("Komentarz")] for row in comments[1:]]
    assert NEUTRALISED in texts
    assert "klik" not in texts


def export_sheet_names() -> list[str]:
    return [
        export.SUMMARY,
        export.TRENDS,
        export.OBSERVATIONS,
        export.ANSWERS,
        export.RATINGS,
        export.COMMENTS,
        export.CHECKLISTS,
    ]
