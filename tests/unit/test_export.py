"""The Excel export (analytics/export.py) and `jakosc export`: what the workbook contains, in which
Excel types, and that text from clients and staff can never become a formula.

The office is a small demo (data.demo.generate: three months, 800 ratings, 80 observations) plus
hostile client comments (approved, and one left pending), a hostile employee surname and a
hostile answer comment, built once per module into a template file and copied to each test's
$JAKOSC_DB. Expected counts and values come from plain SQL on that file or are written out
literally here, never from analytics.export.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import uuid
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from openpyxl.chart import LineChart
from scipy import stats

from analytics import export
from analytics.filters import Filters
from analytics.queries import resolve_scope
from analytics.statistics import wilson_interval
from checklists.loading import current_checklists
from checklists.schema import Kind
from cli.main import main
from data import demo
from storage import ratings
from storage.db import Database, open_database
from storage.moderation import decide_comments
from storage.postgres import PostgresDatabase
from tests.stores import copy_template, filled_template

END = datetime(2026, 3, 18, 11, 20)
START_DAY, END_DAY = date(2025, 12, 18), date(2026, 3, 18)
SHEETS = [
    "Podsumowanie",
    "Trendy",
    "Obserwacje",
    "Odpowiedzi",
    "Oceny Klientów",
    "Komentarze",
    "Listy kontrolne",
]
DATA_SHEETS = SHEETS[1:]
# raw comment as stored -> the text the cell must hold (written out here, not computed)
HOSTILE = {
    '=HYPERLINK("http://evil","klik")': '\'=HYPERLINK("http://evil","klik")',
    "+cmd|' /C calc'!A0": "'+cmd|' /C calc'!A0",
    "@SUM(1)": "'@SUM(1)",
    "-2+3": "'-2+3",
    "\tTAB": "'\tTAB",
    "\rCR": "'\rCR",
    "przed\x00po": "przedpo",
    "\x00=1+1": "'=1+1",
    "dzwonek\x07 i pionowy\x0b tab": "dzwonek i pionowy tab",
    "Super obsługa 👍🏽🎉": "Super obsługa 👍🏽🎉",
    "שלום עליכם – مرحبا": "שלום עליכם – مرحبا",
}
PENDING = "=NIEZATWIERDZONY()"


def storable(store: str) -> dict[str, str]:
    """HOSTILE as the store can hold it: PostgreSQL text cannot contain NUL, so there those
    comments never reach the database (the services strip control characters before storing on
    both stores); safe_text's removal of NUL is tested on its own."""
    return {raw: cell for raw, cell in HOSTILE.items() if store != "postgresql" or "\x00" not in raw}


HOSTILE_SURNAME = "=cmd|' /C calc'!A0"
HOSTILE_ANSWER_COMMENT = "@SUM(A1:A9)"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"


def build_office(database) -> dict:
    """The demo office with the hostile texts; returns facts the tests check against."""
    demo.generate(database, months=3, ratings=800, observations=80, seed=5, end=END)
    km = database.scalar("SELECT id FROM departments WHERE code = 'KM'")
    moderator = uuid.uuid4()
    for index, comment in enumerate([*storable(database.store), PENDING]):
        rating_id = uuid.uuid4()
        database.write(
            lambda cursor, rating_id=rating_id, index=index, comment=comment: ratings.insert_rating(
                cursor,
                {
                    "id": rating_id,
                    "created_at": datetime(2026, 3, 10, 9, 0) + timedelta(minutes=index),
                    "channel": "qr",
                    "department_id": km,
                    "language": "pl",
                    "overall": 1 + index % 5,
                    "comment": comment,
                },
            )
        )
        if comment != PENDING:
            decide_comments(database, [rating_id], "approved", None, moderator, "test")
    employee = database.scalar(
        "SELECT employee_id FROM observations WHERE status = 'sent' AND employee_id IS NOT NULL "
        "ORDER BY observed_at LIMIT 1"
    )
    database.write(
        lambda cursor: cursor.execute(
            "UPDATE employees SET last_name = ? WHERE id = ?", [HOSTILE_SURNAME, employee]
        )
    )
    answer = database.query(
        "SELECT a.observation_id, a.item_id FROM observation_answers a JOIN observations o "
        "ON o.id = a.observation_id WHERE o.status = 'sent' ORDER BY o.observed_at, a.position LIMIT 1"
    )[0]
    database.write(
        lambda cursor: cursor.execute(
            "UPDATE observation_answers SET comment = ? WHERE observation_id = ? AND item_id = ?",
            [HOSTILE_ANSWER_COMMENT, *answer],
        )
    )
    return {"counts": counts(database), "names": employee_names(database)}


def period_params(start: date = START_DAY, end: date = END_DAY) -> list:
    return [datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)]


def counts(db, codes=(), kind: str | None = None) -> dict[str, int]:
    """Rows each sheet must have, counted directly in the tables."""
    observation_filter = (
        "o.status = 'sent' AND o.calibration_of IS NULL AND o.observed_at >= ? AND o.observed_at < ?"
    )
    rating_filter = "r.created_at >= ? AND r.created_at < ?"
    extra_o, extra_r, args_o, args_r = "", "", [], []
    if codes:
        marks = ", ".join("?" for _ in codes)
        extra_o = f" AND o.department_id IN (SELECT id FROM departments WHERE code IN ({marks}))"
        extra_r = f" AND r.department_id IN (SELECT id FROM departments WHERE code IN ({marks}))"
        args_o, args_r = list(codes), list(codes)
    if kind:
        extra_o += " AND o.kind = ?"
        args_o.append(kind)
    return {
        "Obserwacje": db.scalar(
            f"SELECT count(*) FROM observations o WHERE {observation_filter}{extra_o}",
            period_params() + args_o,
        ),
        "Odpowiedzi": db.scalar(
            "SELECT count(*) FROM observation_answers a JOIN observations o ON o.id = a.observation_id "
            f"WHERE {observation_filter}{extra_o} AND a.answer IS NOT NULL",
            period_params() + args_o,
        ),
        "Oceny Klientów": db.scalar(
            f"SELECT count(*) FROM client_ratings r WHERE {rating_filter}{extra_r}", period_params() + args_r
        ),
        "Komentarze": db.scalar(
            f"SELECT count(*) FROM client_ratings r WHERE {rating_filter}{extra_r} "
            "AND r.comment_status = 'approved'",
            period_params() + args_r,
        ),
    }


def employee_names(db) -> set[str]:
    rows = db.query("SELECT first_name, last_name FROM employees")
    return {form for first, last in rows for form in (f"{first} {last}", f"{last} {first}")}


@pytest.fixture(scope="module")
def template(request, tmp_path_factory):
    """The office on the store of the run: (its file or URL, its facts)."""
    yield from filled_template(request, tmp_path_factory.mktemp("export"), build_office)


@pytest.fixture(scope="module")
def shared(template, tmp_path_factory):
    """The default export of the whole period, without and with names, read by many tests."""
    directory = tmp_path_factory.mktemp("shared_export")
    if isinstance(template[0], Path):
        shutil.copy(template[0], directory / "office.duckdb")
        database = Database(directory / "office.duckdb")
    else:  # only read: the template itself
        database = PostgresDatabase(template[0])
    try:
        return {
            "plain": write(database, directory / "plain", made_by="Anna Kierownik"),
            "named": write(database, directory / "named", with_names=True, made_by="Anna Kierownik"),
        }
    finally:
        database.close()


@pytest.fixture
def db(request, db_path, template):
    """Overrides tests/conftest.py: the template office as this test's own database."""
    copy_template(request, template[0], db_path)
    database = open_database()
    yield database
    database.close()


def scope_of(db, codes=(), kind: Kind | None = None, start=START_DAY, end=END_DAY):
    return resolve_scope(db, Filters(start, end, tuple(codes), kind), None)


def write(db, directory, *, scope=None, with_names=False, made_by="Jan Testowy", progress=None):
    directory.mkdir(exist_ok=True)
    path = directory / "eksport.xlsx"
    export.write_workbook(
        db,
        scope or scope_of(db),
        path,
        checklists=current_checklists(),
        made_by=made_by,
        with_names=with_names,
        progress=progress,
    )
    return openpyxl.load_workbook(path), path


def header(ws) -> list:
    return [cell.value for cell in next(ws.iter_rows(min_row=1, max_row=1))]


def column(ws, name: str) -> list:
    index = header(ws).index(name)
    return [row[index] for row in ws.iter_rows(min_row=2)]


def data_rows(ws) -> int:
    return ws.max_row - 1


def summary_value(ws, label: str, offset: int = 1):
    for row in ws.iter_rows():
        if row[0].value == label:
            return row[offset].value
    raise AssertionError(f"{label} not on the summary sheet")


# --- layout and types ------------------------------------------------------------------------------


def test_sheets_in_order_with_frozen_header_row_and_autofilter(shared):
    workbook, _ = shared["plain"]

    assert workbook.sheetnames == SHEETS
    for name in SHEETS:
        assert workbook[name].freeze_panes == "A2", name
    for name in DATA_SHEETS:
        ws = workbook[name]
        last = openpyxl.utils.get_column_letter(len(header(ws)))
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}", name
        assert all(isinstance(h, str) and h for h in header(ws)), name
        widths = [
            ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width
            for i in range(1, len(header(ws)) + 1)
        ]
        assert all(6 <= w <= 62 for w in widths), (name, widths)


def test_every_record_sheet_has_one_row_per_database_row(shared, template):
    workbook, _ = shared["plain"]

    expected = template[1]["counts"]
    assert expected["Komentarze"] >= len(HOSTILE)
    for name, count in expected.items():
        assert data_rows(workbook[name]) == count, name


def test_dates_are_dates_and_numbers_are_numbers(db, shared):
    workbook, _ = shared["plain"]
    first = db.query_dicts(
        "SELECT o.observed_at, o.score, o.n_met, d.name FROM observations o JOIN departments d "
        "ON d.id = o.department_id WHERE o.status = 'sent' AND o.calibration_of IS NULL AND o.observed_at >= ? AND o.observed_at < ? "
        "ORDER BY o.observed_at, o.id LIMIT 1",
        period_params(),
    )[0]

    observations = workbook["Obserwacje"]
    row = dict(zip(header(observations), next(observations.iter_rows(min_row=2, max_row=2)), strict=True))
    assert row["Nr obserwacji"].value == 1
    assert row["Data i godzina"].is_date and row["Data i godzina"].number_format == DATETIME_FORMAT
    assert abs(row["Data i godzina"].value - first["observed_at"]) < timedelta(seconds=1)
    assert row["Wydział"].value == first["name"]
    assert row["Wynik"].data_type == "n" and row["Wynik"].number_format == "0.0%"
    assert row["Wynik"].value == pytest.approx(first["score"])
    assert row["Spełnione"].value == first["n_met"]
    for cell in (c for r in observations.iter_rows(min_row=2) for c in r):
        assert cell.data_type in ("n", "s", "d"), cell.coordinate

    for name, heading in (
        ("Odpowiedzi", "Data i godzina obserwacji"),
        ("Oceny Klientów", "Data i godzina"),
        ("Komentarze", "Data i godzina"),
    ):
        cells = column(workbook[name], heading)
        assert cells and all(isinstance(c.value, datetime) for c in cells), name
        assert all(c.is_date and c.number_format == DATETIME_FORMAT for c in cells), name
    overall = column(workbook["Oceny Klientów"], "Ocena ogólna")
    assert {cell.value for cell in overall} <= {1, 2, 3, 4, 5}
    assert all(cell.data_type == "n" for cell in overall)

    trends = workbook["Trendy"]
    months = column(trends, "Miesiąc")
    assert months and all(c.is_date and c.number_format == "MM.YYYY" and c.value.day == 1 for c in months)
    scores = [c for c in column(trends, "Wynik obserwacji") if c.value is not None]
    assert scores and all(
        c.data_type == "n" and c.number_format == "0.0%" and 0 <= c.value <= 1 for c in scores
    )

    summary = workbook["Podsumowanie"]
    made = summary_value(summary, "Sporządzono")
    assert isinstance(made, datetime)
    assert summary_value(summary, "Okres od") == datetime.combine(START_DAY, time.min)


def test_trend_sheet_has_native_line_charts_one_line_per_department(shared):
    workbook, path = shared["plain"]

    trends = workbook["Trendy"]
    charts = trends._charts
    departments = {c.value for c in column(trends, "Wydział")}
    assert len(charts) == 2
    for chart in charts:
        assert isinstance(chart, LineChart)
        assert len(chart.series) == len(departments)
    with zipfile.ZipFile(path) as archive:
        charts_xml = [archive.read(n) for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts_xml) == 2 and all(b"lineChart" in x for x in charts_xml)


def observation_interval(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    """The 95% interval of an observation score from its observations' (met weight, scored
    weight) pairs, worked out here with numpy and scipy: R = Σy / Σx ± t(0.975; n − 1)·SE with
    SE = √(n/(n − 1)·Σ(y − R·x)²) / Σx, clipped to [0, 1]; when every observation has the same
    score there is no spread, and Wilson's interval counts each observation as one trial."""
    y, x = np.array(pairs, dtype=float).T
    n, ratio = len(y), y.sum() / x.sum()
    residual = np.sum((y - ratio * x) ** 2)
    if residual < 1e-9:
        return wilson_interval(ratio * n, n)
    error = np.sqrt(n / (n - 1) * residual) / x.sum()
    half = stats.t.ppf(0.975, n - 1) * error
    return max(0.0, ratio - half), min(1.0, ratio + half)


OBSERVATIONS_IN_PERIOD = (
    "FROM observations o JOIN departments d ON d.id = o.department_id "
    "WHERE o.status = 'sent' AND o.calibration_of IS NULL AND o.observed_at >= ? AND o.observed_at < ?"
)


def test_trend_figures_follow_the_database(db, shared):
    workbook, _ = shared["plain"]
    rows = db.query(
        "SELECT d.name, o.employee_id, o.met_weight, o.met_weight + o.not_met_weight "
        f"{OBSERVATIONS_IN_PERIOD} AND date_trunc('month', o.observed_at) = DATE '2026-02-01'",
        period_params(),
    )
    by_department: dict[str, list[tuple]] = {}
    for name, employee, met, scored in rows:
        by_department.setdefault(name, []).append((employee, met, scored))
    trends = workbook["Trendy"]
    names = header(trends)
    assert "n wyniku (ocenione obserwacje)" in names and "n (ocenione pozycje)" not in names
    shown = {
        r[1].value: dict(zip(names, (c.value for c in r), strict=True))
        for r in trends.iter_rows(min_row=2)
        if r[0].value == datetime(2026, 2, 1)
    }
    assert by_department
    withheld = enough = 0
    for department, observed in by_department.items():
        row = shown[department]
        pairs = [(met, scored) for _, met, scored in observed if scored > 0]
        assert row["Obserwacje"] == len(observed)
        # the score's n: observations with something scored ("nie dotyczy" only does not count)
        assert row["n wyniku (ocenione obserwacje)"] == len(pairs)
        notes = row["Uwagi"] or ""
        if len(pairs) >= 5:
            enough += 1
            assert row["Wynik obserwacji"] == pytest.approx(
                sum(m for m, _ in pairs) / sum(x for _, x in pairs)
            )
            low, high = observation_interval(pairs)
            assert row["Wynik – przedział ufności 95% od"] == pytest.approx(low)
            assert row["Wynik – przedział ufności 95% do"] == pytest.approx(high)
            assert "wynik:" not in notes
        else:
            withheld += 1
            assert row["Wynik obserwacji"] is None
            assert (
                row["Wynik – przedział ufności 95% od"] is None
                and row["Wynik – przedział ufności 95% do"] is None
            )
            assert f"wynik: za mało obserwacji: {len(pairs)} z wymaganych 5" in notes
    assert enough and withheld  # the demo's February has departments on both sides of the rule


# --- safety ---------------------------------------------------------------------------------------


def test_hostile_text_is_plain_text_and_no_cell_is_a_formula(shared, store):
    workbook, path = shared["named"]

    comments = column(workbook["Komentarze"], "Komentarz")
    by_value = {cell.value: cell for cell in comments}
    for raw, expected in storable(store).items():
        assert expected in by_value, (raw, expected)
        assert by_value[expected].data_type == "s"
    assert "'" + PENDING not in by_value and PENDING not in by_value

    surnames = {c.value for c in column(workbook["Obserwacje"], "Pracownik")}
    assert any(isinstance(s, str) and s.startswith("'" + HOSTILE_SURNAME) for s in surnames)
    answer_comments = {c.value for c in column(workbook["Odpowiedzi"], "Komentarz")}
    assert "'" + HOSTILE_ANSWER_COMMENT in answer_comments

    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), (ws.title, cell.value)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert not re.search(rb"<f[ >/]", archive.read(name)), name


def test_safe_text():
    assert export.safe_text("=1+1") == "'=1+1"
    assert export.safe_text("a\x00b\x1f\ufffe") == "ab"
    assert export.safe_text("zwykły tekst – 5") == "zwykły tekst – 5"
    assert export.safe_text("'=już") == "'=już"
    emoji = "😀" * 20_000  # 40 000 UTF-16 code units
    cut = export.safe_text(emoji)
    assert len(cut.encode("utf-16-le")) // 2 <= 32_767 and set(cut) == {"😀"}


# --- names, filters, checklists, summary ----------------------------------------------------------


def all_text(workbook) -> set[str]:
    return {
        c.value for ws in workbook.worksheets for r in ws.iter_rows() for c in r if isinstance(c.value, str)
    }


def test_employee_names_only_when_allowed(db, shared, template):
    names = template[1]["names"]
    without, _ = shared["plain"]
    assert "Pracownik" not in header(without["Obserwacje"])
    texts = all_text(without)
    assert not any(name in text for text in texts for name in names if "cmd" not in name)
    assert not any(HOSTILE_SURNAME in text for text in texts)

    named, _ = shared["named"]
    expected = [
        row[0]
        for row in db.query(
            "SELECT CASE WHEN e.id IS NULL THEN NULL ELSE e.last_name || ' ' || e.first_name END "
            "FROM observations o LEFT JOIN employees e ON e.id = o.employee_id "
            "WHERE o.status = 'sent' AND o.calibration_of IS NULL AND o.observed_at >= ? AND o.observed_at < ? ORDER BY o.observed_at, o.id",
            period_params(),
        )
    ]
    shown = [c.value for c in column(named["Obserwacje"], "Pracownik")]
    assert [s.removeprefix("'") if s else None for s in shown] == expected
    assert any(expected)


def test_filters_narrow_every_sheet(db, tmp_path):
    scope = scope_of(db, codes=["KM"], kind=Kind.IN_PERSON)
    workbook, _ = write(db, tmp_path, scope=scope)
    km = db.scalar("SELECT name FROM departments WHERE code = 'KM'")

    expected = counts(db, codes=["KM"], kind="in_person")
    for name, count in expected.items():
        assert data_rows(workbook[name]) == count, name
    assert {c.value for c in column(workbook["Obserwacje"], "Wydział")} == {km}
    assert {c.value for c in column(workbook["Obserwacje"], "Rodzaj obserwacji")} == {"Obsługa bezpośrednia"}
    assert {c.value for c in column(workbook["Oceny Klientów"], "Wydział")} == {km}
    assert {c.value for c in column(workbook["Trendy"], "Wydział")} == {km}
    summary = workbook["Podsumowanie"]
    assert summary_value(summary, "Wydziały") == km
    assert summary_value(summary, "Rodzaj obserwacji") == "Obsługa bezpośrednia"


def test_checklists_sheet_lists_every_item_with_its_verbatim_source(shared):
    workbook, _ = shared["plain"]
    ws = workbook["Listy kontrolne"]
    names = header(ws)
    shown = {r[0].value: dict(zip(names, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=2)}

    entries = current_checklists().all_entries()
    assert data_rows(ws) == len(entries) == len(shown)
    for entry in entries:
        row = shown[entry.item.id]
        assert row["Źródło w podręczniku"] == entry.item.source
        assert row["Treść pozycji"] == entry.item.text
        assert row["Etykieta"] == entry.item.label
        assert row["Standard"] == entry.standard.short
        assert row["Waga"] == entry.item.weight
        assert row["Krytyczna"] == ("tak" if entry.item.critical else "nie")


def test_answers_carry_item_labels_and_handbook_sources(db, shared):
    workbook, _ = shared["plain"]
    checklists = current_checklists()
    ws = workbook["Odpowiedzi"]
    names = header(ws)
    labels = {
        "tak": "tak",
        "nie": "nie",
        "nie_dotyczy": "nie dotyczy",
        "nie_zaobserwowano": "nie zaobserwowano",
    }
    expected = db.query(
        "SELECT a.item_id, a.answer FROM observation_answers a JOIN observations o ON o.id = a.observation_id "
        "WHERE o.status = 'sent' AND o.calibration_of IS NULL AND o.observed_at >= ? AND o.observed_at < ? AND a.answer IS NOT NULL "
        "ORDER BY o.observed_at, o.id, a.position LIMIT 300",
        period_params(),
    )
    for (item_id, answer), cells in zip(expected, ws.iter_rows(min_row=2, max_row=301), strict=True):
        row = dict(zip(names, (c.value for c in cells), strict=False))
        item = checklists.entry(item_id).item
        assert row["Id pozycji"] == item_id
        assert row["Pozycja"] == item.label
        assert row["Źródło w podręczniku"] == item.source
        assert row["Odpowiedź"] == labels[answer]


def test_summary_names_author_time_filters_and_headline_figures(db, shared):
    workbook, _ = shared["plain"]
    summary = workbook["Podsumowanie"]

    assert summary["A1"].value == export.TITLE
    assert summary_value(summary, "Sporządził(a)") == "Anna Kierownik"
    assert summary_value(summary, "Okres do") == datetime.combine(END_DAY, time.min)
    assert summary_value(summary, "Wydziały") == "wszystkie"
    assert summary_value(summary, "Minimalna liczba obserwacji dla wyniku") == 5
    assert summary_value(summary, "Minimalna liczba ocen Klientów dla odsetka") == 10
    (headings,) = [[c.value for c in row] for row in summary.iter_rows() if row[0].value == "Wskaźnik"]
    assert headings == [
        "Wskaźnik",
        "Wartość",
        "n",
        "Czego dotyczy n",
        "Przedział ufności 95% – od",
        "Przedział ufności 95% – do",
        "Zmiana wobec poprzedniego okresu",
        "Uwagi",
    ]
    # the demo starts on 18.12.2025: the period before holds nothing, no change can be told
    no_previous = "brak danych z poprzedniego okresu"

    # a count is complete, not a sample: no n, no interval
    assert summary_value(summary, "Obserwacje") == counts(db)["Obserwacje"]
    assert [summary_value(summary, "Obserwacje", i) for i in (2, 3, 4, 5)] == [None, None, None, None]
    assert summary_value(summary, "Obserwacje", 6) == no_previous

    # the observation score: the observation is the unit
    pairs = db.query(
        f"SELECT o.met_weight, o.met_weight + o.not_met_weight {OBSERVATIONS_IN_PERIOD} "
        "AND o.met_weight + o.not_met_weight > 0",
        period_params(),
    )
    label = "Średni wynik obserwacji"
    assert len(pairs) >= 5
    assert summary_value(summary, label) == pytest.approx(sum(m for m, _ in pairs) / sum(x for _, x in pairs))
    assert summary_value(summary, label, 2) == len(pairs)
    assert summary_value(summary, label, 3) == "obserwacje"
    low, high = observation_interval(pairs)
    assert summary_value(summary, label, 4) == pytest.approx(low)
    assert summary_value(summary, label, 5) == pytest.approx(high)
    assert summary_value(summary, label, 6) == no_previous

    total, satisfied = db.query(
        "SELECT count(*), count(*) FILTER (WHERE overall >= 4) FROM client_ratings "
        "WHERE created_at >= ? AND created_at < ?",
        period_params(),
    )[0]
    label = "Zadowoleni Klienci (oceny 4–5)"
    assert summary_value(summary, label) == pytest.approx(satisfied / total)
    assert summary_value(summary, label, 2) == total
    assert summary_value(summary, label, 3) == "oceny Klientów"
    low, high = wilson_interval(satisfied, total)
    assert summary_value(summary, label, 4) == pytest.approx(low)
    assert summary_value(summary, label, 5) == pytest.approx(high)
    assert summary_value(summary, "Oceny Klientów") == total
    made = summary_value(summary, "Sporządzono")
    assert abs(made - datetime.now()) < timedelta(hours=26)  # office time, to the minute


def test_too_few_data_shows_the_words_not_a_number(db, tmp_path, monkeypatch):
    monkeypatch.delenv("JAKOSC_MIN_OBSERVATIONS", raising=False)
    monkeypatch.setenv("JAKOSC_MIN_N", "100000")
    workbook, _ = write(db, tmp_path / "ratings")
    summary = workbook["Podsumowanie"]
    total = db.scalar(
        "SELECT count(*) FROM client_ratings WHERE created_at >= ? AND created_at < ?", period_params()
    )
    assert 0 < total < 1000  # written below without a thousands separator
    for label in ("Zadowoleni Klienci (oceny 4–5)", "Średnia ocena Klientów"):
        assert summary_value(summary, label) == f"za mało ocen: {total} z wymaganych 100000"
        assert summary_value(summary, label, 2) == total
        assert summary_value(summary, label, 4) is None and summary_value(summary, label, 5) is None
    assert all(c.value is None for c in column(workbook["Trendy"], "Zadowoleni (oceny 4–5)"))
    # the observation score has its own minimum ($JAKOSC_MIN_OBSERVATIONS), untouched: still a number
    assert isinstance(summary_value(summary, "Średni wynik obserwacji"), float)
    assert any(c.value is not None for c in column(workbook["Trendy"], "Wynik obserwacji"))

    monkeypatch.setenv("JAKOSC_MIN_OBSERVATIONS", "100000")
    workbook, _ = write(db, tmp_path / "observations")
    summary = workbook["Podsumowanie"]
    scored = db.query(
        "SELECT d.name, date_trunc('month', o.observed_at)::DATE, "
        f"count(*) FILTER (WHERE o.met_weight + o.not_met_weight > 0) {OBSERVATIONS_IN_PERIOD} GROUP BY ALL",
        period_params(),
    )
    everything = sum(n for _, _, n in scored)
    assert summary_value(summary, "Średni wynik obserwacji") == (
        f"za mało obserwacji: {everything} z wymaganych 100000"
    )
    assert summary_value(summary, "Średni wynik obserwacji", 4) is None
    assert summary_value(summary, "Minimalna liczba obserwacji dla wyniku") == 100000
    trends = workbook["Trendy"]
    assert all(c.value is None for c in column(trends, "Wynik obserwacji"))
    names = header(trends)
    notes = {
        (r[1].value, r[0].value.date()): r[names.index("Uwagi")].value or ""
        for r in trends.iter_rows(min_row=2)
    }
    assert scored
    for department, month, n in scored:
        assert f"wynik: za mało obserwacji: {n} z wymaganych 100000" in notes[(department, month)]


# --- size limit, progress, streaming -------------------------------------------------------------


def test_a_sheet_longer_than_excel_allows_continues_on_numbered_sheets(db, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "MAX_ROWS", 1000)
    workbook, _ = write(db, tmp_path)
    total = counts(db)["Odpowiedzi"]
    parts = -(-total // 999)
    assert parts >= 3

    names = ["Odpowiedzi"] + [f"Odpowiedzi ({n})" for n in range(2, parts + 1)]
    start = workbook.sheetnames.index("Odpowiedzi")
    assert workbook.sheetnames[start : start + parts] == names
    assert workbook.sheetnames[start + parts] == "Oceny Klientów"
    numbers = []
    for name in names:
        ws = workbook[name]
        assert ws.max_row <= 1000 and ws.freeze_panes == "A2" and ws.auto_filter.ref
        assert header(ws)[0] == "Nr obserwacji"
        numbers += [c.value for c in column(ws, "Nr obserwacji")]
    assert len(numbers) == total and numbers == sorted(numbers)
    notes = " ".join(
        c.value for (c,) in workbook["Podsumowanie"].iter_rows(max_col=1) if isinstance(c.value, str)
    )
    assert f"„Odpowiedzi ({parts})”" in notes


def test_progress_goes_from_zero_to_one(db, tmp_path):
    calls = []
    write(db, tmp_path, progress=lambda fraction, text: calls.append((fraction, text)))

    fractions = [f for f, _ in calls]
    assert fractions[0] == 0 and fractions[-1] == 1
    assert fractions == sorted(fractions) and all(0 <= f <= 1 for f in fractions)
    assert all(isinstance(text, str) and text for _, text in calls)
    assert any("Odpowiedzi" in text for _, text in calls)


def test_rows_are_written_in_order(shared):
    _, path = shared["plain"]
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                numbers = [int(n) for n in re.findall(rb'<row r="(\d+)"', archive.read(name))]
                assert numbers == list(range(1, len(numbers) + 1)), name


def test_writes_to_a_binary_file(db):
    buffer = io.BytesIO()
    export.write_workbook(
        db, scope_of(db), buffer, checklists=current_checklists(), made_by="test", with_names=False
    )
    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert workbook.sheetnames == SHEETS
    data = export.workbook_bytes(
        db, scope_of(db), checklists=current_checklists(), made_by="test", with_names=False
    )
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == SHEETS


# --- jakosc export --------------------------------------------------------------------------------


@pytest.fixture
def office_file(request, db_path, template):
    """The template as the test's database, not opened here: the command opens it itself."""
    copy_template(request, template[0], db_path)
    return template[1]


def jakosc(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_export_writes_the_workbook(office_file, tmp_path, capsys, monkeypatch):
    out = tmp_path / "raport.xlsx"
    code, stdout, _ = jakosc(
        capsys,
        monkeypatch,
        "export",
        "--out",
        str(out),
        "--od",
        START_DAY.isoformat(),
        "--do",
        END_DAY.isoformat(),
    )
    assert code == 0 and str(out) in stdout
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == SHEETS
    for name, count in office_file["counts"].items():
        assert data_rows(workbook[name]) == count, name
    assert "Pracownik" not in header(workbook["Obserwacje"])
    assert summary_value(workbook["Podsumowanie"], "Sporządził(a)") == "cli"

    code, _, _ = jakosc(
        capsys,
        monkeypatch,
        "export",
        "--out",
        str(out),
        "--od",
        START_DAY.isoformat(),
        "--do",
        END_DAY.isoformat(),
        "--dzial",
        "km",
        "--rodzaj",
        "in_person",
        "--imiennie",
    )
    assert code == 0
    workbook = openpyxl.load_workbook(out)
    assert "Pracownik" in header(workbook["Obserwacje"])
    assert {c.value for c in column(workbook["Obserwacje"], "Rodzaj obserwacji")} == {"Obsługa bezpośrednia"}
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--od", "2026-02-30"], "Nieprawidłowa data --od „2026-02-30”"),
        (["--do", "18.03.2026"], "Nieprawidłowa data --do „18.03.2026”"),
        (["--od", "2026-03-01", "--do", "2026-02-01"], "Początek okresu (--od) jest po jego końcu"),
        (["--dzial", "XYZ"], "Nie ma wydziału o kodzie XYZ."),
        (["--rodzaj", "wideo"], "Nieznany rodzaj obserwacji „wideo”"),
    ],
)
def test_cli_export_refuses_bad_input_in_polish(office_file, tmp_path, capsys, monkeypatch, args, message):
    out = tmp_path / "raport.xlsx"
    code, _, stderr = jakosc(capsys, monkeypatch, "export", "--out", str(out), *args)
    assert code == 2
    assert message in stderr
    assert not out.exists()
