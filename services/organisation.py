"""Departments and employees: validated changes and the bulk import of an employee list."""

from __future__ import annotations

import csv
import io
import itertools
import re
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import openpyxl
import pandas as pd

from i18n.formatting import format_number
from services.scrubbing import strip_control
from storage import departments, employees
from storage.db import Database

CODE_PATTERN = re.compile(r"^[A-Z0-9]{1,10}$")
NAME_MAX = 120
MAX_IMPORT_ROWS = 5000
MAX_IMPORT_BYTES = 5 * 2**20  # a 5,000-row list takes well under 1 MB
MAX_IMPORT_UNPACKED = 25 * 2**20  # an .xlsx once unpacked: its sheets, shared strings and styles
MAX_IMPORT_COLUMNS = 50  # only these are read: a list has five


class InputError(ValueError):
    """Input that cannot be saved; the message is Polish and safe to show."""


def clean_text(
    value: object, *, field: str, max_length: int, required: bool = True, multiline: bool = False
) -> str | None:
    """Trimmed text without control characters (line breaks kept when `multiline`), or
    InputError naming the field."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    text = strip_control(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    text = text.strip()
    if not text:
        if required:
            raise InputError(f"Pole „{field}” jest wymagane.")
        return None
    if len(text) > max_length:
        raise InputError(f"Pole „{field}” może mieć najwyżej {max_length} znaków.")
    return text


def add_department(db: Database, code: str, name: str, actor: str) -> uuid.UUID:
    code = (clean_text(code, field="Kod", max_length=10) or "").upper()
    if not CODE_PATTERN.match(code):
        raise InputError("Kod wydziału: 1–10 wielkich liter lub cyfr, bez polskich znaków (np. KM).")
    name = clean_text(name, field="Nazwa", max_length=NAME_MAX)
    if departments.get_by_code(db, code):
        raise InputError(f"Wydział o kodzie {code} już istnieje.")
    return departments.add_department(db, code, name, actor)


def list_departments(db: Database, *, active_only: bool = False, ids: list | None = None) -> list[dict]:
    """Departments by name; only the given ids when `ids` is not None (a supervisor's scope)."""
    return departments.list_departments(db, active_only=active_only, ids=ids)


def list_employees(
    db: Database, *, department_ids: list | None = None, active_only: bool = True
) -> list[dict]:
    """Employees by name, of the given departments when `department_ids` is not None."""
    return employees.list_employees(db, department_ids=department_ids, active_only=active_only)


def get_employee(db: Database, employee_id) -> dict | None:
    return employees.get_employee(db, employee_id)


def update_department(db: Database, department_id: uuid.UUID, name: str, active: bool, actor: str) -> None:
    """Rename a department or switch it on or off; the name is cleaned as when adding one."""
    name = clean_text(name, field="Nazwa", max_length=NAME_MAX)
    if departments.get_department(db, department_id) is None:
        raise InputError("Nieznany wydział.")
    departments.update_department(db, department_id, name=name, active=bool(active), actor=actor)


def employee_fields(db: Database, raw: dict) -> dict:
    """Validated employee fields from a form or an import row."""
    email = clean_text(raw.get("email"), field="E-mail", max_length=120, required=False)
    if email and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        raise InputError("Nieprawidłowy adres e-mail.")
    department_id = raw.get("department_id")
    if department_id is None or departments.get_department(db, department_id) is None:
        raise InputError("Nieznany wydział.")
    return {
        "department_id": department_id,
        "first_name": clean_text(raw.get("first_name"), field="Imię", max_length=60),
        "last_name": clean_text(raw.get("last_name"), field="Nazwisko", max_length=80),
        "position": clean_text(raw.get("position"), field="Stanowisko", max_length=120, required=False),
        "email": email,
    }


def add_employee(db: Database, raw: dict, actor: str) -> uuid.UUID:
    return employees.add_employee(db, employee_fields(db, raw), actor)


def update_employee(db: Database, employee_id, raw: dict, active: bool, actor: str) -> None:
    """Change an employee's fields (validated and cleaned as when adding one) and activity."""
    if employees.get_employee(db, employee_id) is None:
        raise InputError("Nieznany pracownik.")
    employees.update_employee(db, employee_id, {**employee_fields(db, raw), "active": bool(active)}, actor)


@dataclass(frozen=True)
class Rejection:
    row: int  # as the user sees it in the spreadsheet: header is row 1
    reason: str


@dataclass(frozen=True)
class ImportReport:
    added: int
    rejected: list[Rejection]


_COLUMN_NAMES = {
    "first_name": {"imię", "imie", "first name", "first_name"},
    "last_name": {"nazwisko", "last name", "last_name", "surname"},
    "department": {"wydział", "wydzial", "komórka", "komórka organizacyjna", "department"},
    "position": {"stanowisko", "position"},
    "email": {"e-mail", "email", "adres e-mail"},
}


def _limited(rows: Iterable[Sequence]) -> list[Sequence]:
    """The header and at most MAX_IMPORT_ROWS rows, refused as soon as one more row is read:
    the rest of the file is never read."""
    taken = list(itertools.islice(rows, MAX_IMPORT_ROWS + 2))
    if len(taken) > MAX_IMPORT_ROWS + 1:
        raise InputError(f"Plik ma więcej niż {MAX_IMPORT_ROWS} wierszy.")
    return taken


def _xlsx_rows(content: bytes) -> list[Sequence]:
    # An .xlsx is a zip: a few kilobytes can unpack to gigabytes. The sizes its directory declares
    # bind the reading too (zipfile stops at the declared size), so checking them is enough.
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        unpacked = sum(item.file_size for item in archive.infolist())
    if unpacked > MAX_IMPORT_UNPACKED:
        raise InputError(
            f"Arkusz po rozpakowaniu zajmuje ponad {MAX_IMPORT_UNPACKED // 2**20} MB, "
            "a lista pracowników jest dużo mniejsza. Zapisz ją ponownie albo jako .csv."
        )
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    try:
        sheet = book.worksheets[0]
        if (sheet.max_row or 0) > MAX_IMPORT_ROWS + 1:  # from the sheet's <dimension>, before any row
            raise InputError(
                f"Plik ma więcej niż {MAX_IMPORT_ROWS} wierszy: arkusz sięga wiersza {sheet.max_row}. "
                "Usuń puste wiersze z końca arkusza albo podziel plik."
            )
        # A missing or understated <dimension> must neither cut rows off nor let a cell at XFD2
        # widen every row to 16,384 cells: rows are counted while reading, columns capped.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(max_col=MAX_IMPORT_COLUMNS, values_only=True)
        header = next(rows, ())
        # Rows come padded to MAX_IMPORT_COLUMNS; only the header's columns are kept.
        width = max((index + 1 for index, value in enumerate(header) if value is not None), default=0)
        return _limited(itertools.chain([header], (row[:width] for row in rows)))
    finally:
        book.close()


def _csv_rows(content: bytes) -> list[Sequence]:
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", errors="replace", newline="")
    try:
        delimiter = csv.Sniffer().sniff(text.readline(), delimiters=";,\t|").delimiter
    except csv.Error:  # a single column: the missing ones are reported by name
        delimiter = ";"
    text.seek(0)
    # Blank lines stay as empty rows, so row numbers match what the user sees.
    return _limited(csv.reader(text, delimiter=delimiter))


def read_employee_file(name: str, content: bytes) -> list[dict]:
    """The rows of an .xlsx or .csv file (a blank row as an empty dict, so each keeps its number)
    keyed by field name. The file's size and a sheet's declared size are checked before any row
    is read, and reading stops at the row limit."""
    if len(content) > MAX_IMPORT_BYTES:
        raise InputError(
            f"Plik ma {format_number(len(content) / 2**20)} MB, a można zaimportować najwyżej "
            f"{MAX_IMPORT_BYTES // 2**20} MB."
        )
    try:
        if name.lower().endswith(".xlsx"):
            header, *rows = _xlsx_rows(content) or [()]
        elif name.lower().endswith(".csv"):
            header, *rows = _csv_rows(content) or [()]
        else:
            raise InputError("Obsługiwane są pliki .xlsx i .csv.")
    except InputError:
        raise
    except Exception as error:
        raise InputError(f"Nie można odczytać pliku: {type(error).__name__}.") from error
    columns: dict[str, int] = {}
    for index, column in enumerate(header):
        key = str(column).strip().lower() if column is not None else ""
        for field, names in _COLUMN_NAMES.items():
            if key in names:
                columns.setdefault(field, index)
    missing = [f for f in ("first_name", "last_name", "department") if f not in columns]
    if missing:
        labels = {"first_name": "imię", "last_name": "nazwisko", "department": "wydział"}
        raise InputError("Brak kolumn: " + ", ".join(labels[m] for m in missing) + ".")
    return [
        {field: row[index] for field, index in columns.items() if index < len(row) and row[index] is not None}
        for row in rows
    ]


def import_employees(db: Database, name: str, content: bytes, actor: str) -> ImportReport:
    """Add every valid row; report each rejected row with its reason. Duplicates are rejected."""
    records = read_employee_file(name, content)
    by_key = {}
    for department in departments.list_departments(db):
        by_key[department["code"].lower()] = department["id"]
        by_key[department["name"].lower()] = department["id"]
    accepted, rejected, seen = [], [], set()
    for index, record in enumerate(records, start=2):
        if not any(str(value).strip() for value in record.values()):
            continue  # a blank row: skipped, but it keeps its number
        try:
            label = clean_text(record.get("department"), field="Wydział", max_length=NAME_MAX)
            department_id = by_key.get(label.lower())
            if department_id is None:
                raise InputError(f"Nieznany wydział „{label}”.")
            fields = employee_fields(db, {**record, "department_id": department_id})
            key = (department_id, fields["first_name"].lower(), fields["last_name"].lower())
            if key in seen or employees.find_employee(
                db, department_id, fields["first_name"], fields["last_name"]
            ):
                raise InputError("Taki pracownik już jest w tym wydziale.")
            seen.add(key)
            accepted.append(fields)
        except InputError as error:
            rejected.append(Rejection(index, str(error)))

    def work(cursor):
        for fields in accepted:
            employees.insert_employee(cursor, fields, actor)

    if accepted:
        db.write(work)
    return ImportReport(added=len(accepted), rejected=rejected)
