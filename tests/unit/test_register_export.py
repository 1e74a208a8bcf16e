"""The acknowledgement register as an Excel file: real dates, plain text, a usable sheet."""

from __future__ import annotations

import io
from datetime import date

import openpyxl

from analytics.export import register_workbook

ROWS = [
    {
        "last_name": '=HYPERLINK("http://x")',
        "first_name": "Anna",
        "position": None,
        "department_name": "KM",
        "acknowledged_on": date(2026, 1, 2),
        "method": "paper",
        "unacknowledged_observations": 0,
    },
    {
        "last_name": "Nowak",
        "first_name": "Jan",
        "position": "Inspektor",
        "department_name": "KM",
        "acknowledged_on": None,
        "method": None,
        "unacknowledged_observations": 2,
    },
]


def test_register_export_is_a_filterable_sheet_with_real_dates_and_no_formulas():
    sheet = openpyxl.load_workbook(io.BytesIO(register_workbook(ROWS, "2021.1"))).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G3"
    assert sheet["E2"].is_date and sheet["E2"].value.date() == date(2026, 1, 2)
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("'=")
    assert sheet["F2"].value == "formularz papierowy"
    assert sheet["F3"].value == "BRAK" and sheet["E3"].value is None
    assert sheet["G3"].value == 2
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
