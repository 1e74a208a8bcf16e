"""Departments and employees: validated changes and the bulk import of an employee list."""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass

import pandas as pd

from services.scrubbing import strip_control
from storage import departments, employees
from storage.db import Database

CODE_PATTERN = re.compile(r"^[A-Z0-9]{1,10}$")
NAME_MAX = 120
MAX_IMPORT_ROWS = 5000


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


def read_employee_file(name: str, content: bytes) -> pd.DataFrame:
    """The rows of an .xlsx or .csv file as text, with columns renamed to field names."""
    try:
        if name.lower().endswith(".xlsx"):
            frame = pd.read_excel(io.BytesIO(content), dtype=str, engine="openpyxl")
        elif name.lower().endswith(".csv"):
            text = content.decode("utf-8-sig", errors="replace")
            # Blank lines stay as empty rows, so row numbers match what the user sees.
            frame = pd.read_csv(
                io.StringIO(text), dtype=str, sep=None, engine="python", skip_blank_lines=False
            )
        else:
            raise InputError("Obsługiwane są pliki .xlsx i .csv.")
    except InputError:
        raise
    except Exception as error:
        raise InputError(f"Nie można odczytać pliku: {type(error).__name__}.") from error
    renames = {}
    for column in frame.columns:
        key = str(column).strip().lower()
        for field, names in _COLUMN_NAMES.items():
            if key in names:
                renames[column] = field
    frame = frame.rename(columns=renames)
    missing = [f for f in ("first_name", "last_name", "department") if f not in frame.columns]
    if missing:
        labels = {"first_name": "imię", "last_name": "nazwisko", "department": "wydział"}
        raise InputError("Brak kolumn: " + ", ".join(labels[m] for m in missing) + ".")
    if len(frame) > MAX_IMPORT_ROWS:
        raise InputError(f"Plik ma więcej niż {MAX_IMPORT_ROWS} wierszy.")
    return frame


def import_employees(db: Database, name: str, content: bytes, actor: str) -> ImportReport:
    """Add every valid row; report each rejected row with its reason. Duplicates are rejected."""
    frame = read_employee_file(name, content)
    by_key = {}
    for department in departments.list_departments(db):
        by_key[department["code"].lower()] = department["id"]
        by_key[department["name"].lower()] = department["id"]
    accepted, rejected, seen = [], [], set()
    for index, record in enumerate(frame.to_dict("records"), start=2):
        if all(pd.isna(value) or not str(value).strip() for value in record.values()):
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
