"""Departments and employees: validation with Polish messages, and the import of an employee
list from .xlsx or .csv where every rejected row is reported by its spreadsheet row number."""

from __future__ import annotations

import io
import json
import re
import uuid

import pytest
from openpyxl import Workbook

from services.organisation import (
    MAX_IMPORT_ROWS,
    InputError,
    add_department,
    add_employee,
    import_employees,
    update_department,
)
from storage import audit, departments, employees

HEADER = ["Imię", "Nazwisko", "Wydział", "Stanowisko", "E-mail"]

# One valid row after another, then one row per reason for rejection. Row 1 is the header.
ROWS = [
    ["Marek", "Lis", "KM", "Inspektor", "marek.lis@grojec.pl"],  # 2: by department code
    ["Ołga", "Szewczenko", "Wydział Geodezji i Kartografii", "", ""],  # 3: by department name
    ["Tomasz", "Wrona", "XX", "", ""],  # 4: unknown department
    ["Beata", "", "KM", "", ""],  # 5: no surname
    ["Cezary", "Kruk", "km", "", "cezary@"],  # 6: bad e-mail
    ["Marek", "LIS", "KM", "", ""],  # 7: same person as row 2
    ["Anna", "Kowalska", "KM", "", ""],  # 8: already in the database (office fixture)
    ["Anna", "Kowalska", "GK", "Referent", ""],  # 9: same name, other department: valid
]
EXPECTED_REJECTIONS = [
    (4, "Nieznany wydział „XX”."),
    (5, "Pole „Nazwisko” jest wymagane."),
    (6, "Nieprawidłowy adres e-mail."),
    (7, "Taki pracownik już jest w tym wydziale."),
    (8, "Taki pracownik już jest w tym wydziale."),
]


def exactly(message: str) -> str:
    """A pytest.raises pattern for exactly this message."""
    return f"^{re.escape(message)}$"


def starting(prefix: str) -> str:
    """A pytest.raises pattern for a message starting with this text."""
    return f"^{re.escape(prefix)}"


def _xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([cell if cell != "" else None for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(rows, header=HEADER, separator=";") -> bytes:
    lines = [separator.join(header), *(separator.join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def _names(db):
    return {(e["first_name"], e["last_name"], e["department_name"]) for e in employees.list_employees(db)}


# --- departments -----------------------------------------------------------------------------


def test_department_is_added_with_its_code_in_capitals(db):
    department_id = add_department(db, " km ", "  Wydział Komunikacji ", "admin")
    stored = departments.get_department(db, department_id)
    assert (stored["code"], stored["name"], stored["active"]) == ("KM", "Wydział Komunikacji", True)


@pytest.mark.parametrize("code", ["K-M", "ŁÓ", "K M", "KM!"])
def test_department_code_must_match_the_pattern(db, code):
    with pytest.raises(InputError, match=starting("Kod wydziału: 1–10 wielkich liter lub cyfr")):
        add_department(db, code, "Wydział", "admin")
    assert departments.list_departments(db) == []


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [
        ("", "Wydział", "Pole „Kod” jest wymagane."),
        ("ABCDEFGHIJK", "Wydział", "Pole „Kod” może mieć najwyżej 10 znaków."),
        ("KM", "   ", "Pole „Nazwa” jest wymagane."),
        ("KM", "x" * 121, "Pole „Nazwa” może mieć najwyżej 120 znaków."),
    ],
)
def test_department_fields_are_required_and_limited(db, code, name, message):
    with pytest.raises(InputError, match=exactly(message)):
        add_department(db, code, name, "admin")


def test_duplicate_department_code_is_refused(db):
    add_department(db, "KM", "Wydział Komunikacji", "admin")
    with pytest.raises(InputError, match=exactly("Wydział o kodzie KM już istnieje.")):
        add_department(db, "km", "Inny wydział", "admin")
    assert len(departments.list_departments(db)) == 1


# Issue 12, finding 14: a name typed into the edit form with NUL, a bidi override and zero-width
# characters (a zero-width space and a byte-order mark) around and inside it.
HOSTILE_NAME = " \u202eWydział\x00 Komu\u200bnikacji i Transportu\ufeff "


def test_department_edit_cleans_the_name_as_adding_does(db, office):
    km = office["departments"]["KM"]
    update_department(db, km, HOSTILE_NAME, False, "admin")
    stored = departments.get_department(db, km)
    assert (stored["code"], stored["name"], stored["active"]) == (
        "KM",
        "Wydział Komunikacji i Transportu",
        False,
    )
    [entry] = audit.entries(db, entity="department", action="update")
    assert (entry["actor"], json.loads(entry["after"])) == (
        "admin",
        {"name": "Wydział Komunikacji i Transportu", "active": False},
    )
    added = add_department(db, "KT", HOSTILE_NAME, "admin")
    assert departments.get_department(db, added)["name"] == stored["name"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("  \u200b\x00 ", "Pole „Nazwa” jest wymagane."),
        ("x" * 121, "Pole „Nazwa” może mieć najwyżej 120 znaków."),
    ],
)
def test_department_edit_refuses_an_empty_or_long_name(db, office, name, message):
    km = office["departments"]["KM"]
    with pytest.raises(InputError, match=exactly(message)):
        update_department(db, km, name, True, "admin")
    assert departments.get_department(db, km)["name"] == "Wydział Komunikacji"


def test_department_edit_refuses_an_unknown_department(db, office):
    with pytest.raises(InputError, match=exactly("Nieznany wydział.")):
        update_department(db, uuid.uuid4(), "Wydział", True, "admin")


# --- employees one by one --------------------------------------------------------------------


def test_employee_is_added_with_cleaned_fields(db, office):
    employee_id = add_employee(
        db,
        {
            "department_id": office["departments"]["KM"],
            "first_name": " Marek\t",
            "last_name": "Lis\n",
            "position": "",
            "email": "marek.lis@grojec.pl",
        },
        "admin",
    )
    stored = employees.get_employee(db, employee_id)
    assert (stored["first_name"], stored["last_name"], stored["position"]) == ("Marek", "Lis", None)
    assert stored["email"] == "marek.lis@grojec.pl"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"first_name": ""}, "Pole „Imię” jest wymagane."),
        ({"last_name": None}, "Pole „Nazwisko” jest wymagane."),
        ({"email": "nie-adres"}, "Nieprawidłowy adres e-mail."),
        ({"department_id": None}, "Nieznany wydział."),
        ({"first_name": "x" * 61}, "Pole „Imię” może mieć najwyżej 60 znaków."),
    ],
)
def test_employee_form_is_validated(db, office, changes, message):
    raw = {"department_id": office["departments"]["KM"], "first_name": "Marek", "last_name": "Lis", **changes}
    with pytest.raises(InputError, match=exactly(message)):
        add_employee(db, raw, "admin")
    assert ("Marek", "Lis", "Wydział Komunikacji") not in _names(db)


# --- import ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "build"), [("pracownicy.xlsx", _xlsx), ("pracownicy.csv", _csv)])
def test_import_adds_valid_rows_and_reports_each_rejected_row(db, office, name, build):
    before = len(employees.list_employees(db))
    report = import_employees(db, name, build(ROWS), "admin")

    assert [(r.row, r.reason) for r in report.rejected] == EXPECTED_REJECTIONS
    assert report.added == 3
    assert len(employees.list_employees(db)) == before + 3
    names = _names(db)
    assert ("Marek", "Lis", "Wydział Komunikacji") in names
    assert ("Ołga", "Szewczenko", "Wydział Geodezji i Kartografii") in names
    assert ("Anna", "Kowalska", "Wydział Geodezji i Kartografii") in names
    assert not any(last in {"Wrona", "Kruk"} for _, last, _ in names)
    lis = employees.find_employee(db, office["departments"]["KM"], "Marek", "Lis")
    assert (lis["position"], lis["email"]) == ("Inspektor", "marek.lis@grojec.pl")
    created = [e for e in audit.entries(db, entity="employee") if e["actor"] == "admin"]
    assert len(created) == 3


def test_csv_with_comma_separator_and_english_headers(db, office):
    content = _csv([["Marek", "Lis", "GK"]], header=["First name", "Surname", "Department"], separator=",")
    report = import_employees(db, "lista.CSV", content, "admin")
    assert (report.added, report.rejected) == (1, [])
    assert ("Marek", "Lis", "Wydział Geodezji i Kartografii") in _names(db)


def test_row_numbers_count_blank_lines_of_a_csv(db, office):
    content = "Imię;Nazwisko;Wydział\r\nMarek;Lis;KM\r\n\r\nJan;Kos;XX\r\n".encode("utf-8-sig")
    report = import_employees(db, "lista.csv", content, "admin")
    assert [(r.row, r.reason) for r in report.rejected] == [(4, "Nieznany wydział „XX”.")]
    assert report.added == 1


def test_blank_rows_of_a_sheet_are_skipped_but_counted(db, office):
    content = _xlsx([["Marek", "Lis", "KM", "", ""], ["", "", "", "", ""], ["Jan", "Kos", "XX", "", ""]])
    report = import_employees(db, "lista.xlsx", content, "admin")
    assert [(r.row, r.reason) for r in report.rejected] == [(4, "Nieznany wydział „XX”.")]
    assert report.added == 1


def test_nothing_is_added_when_every_row_is_rejected(db, office):
    before = _names(db)
    report = import_employees(db, "lista.csv", _csv([["Jan", "Kos", "XX", "", ""]]), "admin")
    assert (report.added, len(report.rejected)) == (0, 1)
    assert _names(db) == before


@pytest.mark.parametrize(("name", "build"), [("lista.xlsx", _xlsx), ("lista.csv", _csv)])
def test_missing_columns_are_refused(db, office, name, build):
    content = build([["Marek", "KM"]], header=["Imię", "Stanowisko"])
    with pytest.raises(InputError, match=exactly("Brak kolumn: nazwisko, wydział.")):
        import_employees(db, name, content, "admin")


@pytest.mark.parametrize("name", ["lista.xls", "lista.txt", "lista"])
def test_unknown_file_type_is_refused(db, office, name):
    with pytest.raises(InputError, match=exactly("Obsługiwane są pliki .xlsx i .csv.")):
        import_employees(db, name, _csv(ROWS), "admin")


def test_unreadable_file_is_refused_with_a_message(db, office):
    with pytest.raises(InputError, match=starting("Nie można odczytać pliku: ")):
        import_employees(db, "lista.xlsx", b"to nie jest arkusz", "admin")


def test_too_many_rows_are_refused(db, office):
    rows = [["Jan", f"Kos{i}", "KM"] for i in range(MAX_IMPORT_ROWS + 1)]
    with pytest.raises(InputError, match=exactly(f"Plik ma więcej niż {MAX_IMPORT_ROWS} wierszy.")):
        import_employees(db, "lista.csv", _csv(rows, header=HEADER[:3]), "admin")
