"""Issue 12, finding 15: an employee file is measured before it is read, and read only up to
the row limit.

The crafted .xlsx files are written as XML in a zip by hand (the Office Open XML parts a
spreadsheet needs: content types, relationships, workbook, one sheet with inline strings), so
the sheet's <dimension> element can be missing or say anything. Memory is measured with
tracemalloc: the peak while refusing a file must stay far below what reading the whole file
would take.
"""

from __future__ import annotations

import csv
import io
import tracemalloc
import zipfile

import pytest

from services.organisation import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    MAX_IMPORT_UNPACKED,
    InputError,
    import_employees,
    read_employee_file,
)
from storage import employees

BIG_ROWS = 100_000

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Pracownicy" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
</Relationships>"""


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def row(number: int, *values: str) -> str:
    cells = "".join(cell(f"{column}{number}", value) for column, value in zip("ABC", values, strict=False))
    return f'<row r="{number}">{cells}</row>'


def sheet_xml(rows: list[str], dimension: str | None) -> str:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{declared}<sheetData>{''.join(rows)}</sheetData></worksheet>"
    )


def xlsx(sheet: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


HEADER_ROW = row(1, "Imię", "Nazwisko", "Wydział")
# The file: a header, one cell at the last column (XFD) of row 2, one in the last row.
FAR_CELLS = [
    HEADER_ROW,
    f'<row r="2">{cell("XFD2", "x")}</row>',
    f'<row r="1048576">{cell("A1048576", "x")}</row>',
]


def refusal(action) -> tuple[str, int]:
    """The Polish reason `action` is refused with, and the most memory (bytes) allocated at once
    while it ran."""
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as refused:
            action()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return str(refused.value), peak


def test_a_tiny_sheet_declaring_the_whole_grid_is_refused_before_any_row_is_read(db, office):
    content = xlsx(sheet_xml(FAR_CELLS, "A1:XFD1048576"))
    assert len(content) < 2048  # as small as the 1.8 KB file
    message, peak = refusal(lambda: import_employees(db, "lista.xlsx", content, "admin"))
    assert message == (
        f"Plik ma więcej niż {MAX_IMPORT_ROWS} wierszy: arkusz sięga wiersza 1048576. "
        "Usuń puste wiersze z końca arkusza albo podziel plik."
    )
    # The grid it declares is 16,384 × 1,048,576 cells; a full read needs gigabytes.
    assert peak < 2 * 2**20


def test_the_same_cells_without_a_dimension_stop_at_the_row_limit(db, office):
    content = xlsx(sheet_xml(FAR_CELLS, None))
    message, peak = refusal(lambda: import_employees(db, "lista.xlsx", content, "admin"))
    assert message == f"Plik ma więcej niż {MAX_IMPORT_ROWS} wierszy."
    assert peak < 4 * 2**20


def test_a_sheet_understating_its_rows_is_counted_while_reading(db, office):
    rows = [HEADER_ROW, *(row(n, "Jan", f"Kowalski{n}", "KM") for n in range(2, BIG_ROWS + 2))]
    sheet = sheet_xml(rows, "A1:C3")
    content = xlsx(sheet)
    assert len(content) <= MAX_IMPORT_BYTES and len(sheet) <= MAX_IMPORT_UNPACKED  # only the rows decide
    before = len(employees.list_employees(db))
    message, peak = refusal(lambda: import_employees(db, "lista.xlsx", content, "admin"))
    assert message == f"Plik ma więcej niż {MAX_IMPORT_ROWS} wierszy."
    assert peak < len(sheet) / 4
    assert len(employees.list_employees(db)) == before


def test_a_csv_of_100000_rows_stops_at_the_row_limit(db, office):
    lines = ["Imię;Nazwisko;Wydział", *(f"Małgorzata;Kowalska-Wiśniewska{n};KM" for n in range(BIG_ROWS))]
    content = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    assert len(content) <= MAX_IMPORT_BYTES  # only the rows decide
    before = len(employees.list_employees(db))
    message, peak = refusal(lambda: import_employees(db, "lista.csv", content, "admin"))
    assert message == f"Plik ma więcej niż {MAX_IMPORT_ROWS} wierszy."
    # Reading every row, as the import did before, holds all 100,000 rows at once.
    tracemalloc.start()
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"), newline=""), delimiter=";"))
    whole = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(rows) == BIG_ROWS + 1
    assert peak < whole / 10
    assert len(employees.list_employees(db)) == before


@pytest.mark.parametrize("name", ["lista.csv", "lista.xlsx"])
def test_a_file_over_the_size_limit_is_refused_unread(db, office, name):
    content = b"Imi\xc4\x99;Nazwisko;Wydzia\xc5\x82\r\n" + b"x" * MAX_IMPORT_BYTES
    with pytest.raises(InputError) as refused:
        import_employees(db, name, content, "admin")
    assert str(refused.value) == "Plik ma 5,0 MB, a można zaimportować najwyżej 5 MB."


def test_a_sheet_that_unpacks_to_too_much_is_refused_before_parsing(db, office):
    padding = " " * (MAX_IMPORT_UNPACKED + 1)  # whitespace between XML elements: compresses to kilobytes
    content = xlsx(sheet_xml([HEADER_ROW, padding, row(2, "Jan", "Kos", "KM")], "A1:C2"))
    assert len(content) < 100_000
    message, peak = refusal(lambda: import_employees(db, "lista.xlsx", content, "admin"))
    assert message == (
        "Arkusz po rozpakowaniu zajmuje ponad 25 MB, a lista pracowników jest dużo mniejsza. "
        "Zapisz ją ponownie albo jako .csv."
    )
    assert peak < 2**20


def test_a_sheet_of_exactly_the_row_limit_is_read_whole():
    rows = [HEADER_ROW, *(row(n, "Jan", f"Kowalski{n}", "KM") for n in range(2, MAX_IMPORT_ROWS + 2))]
    records = read_employee_file("lista.xlsx", xlsx(sheet_xml(rows, f"A1:C{MAX_IMPORT_ROWS + 1}")))
    assert len(records) == MAX_IMPORT_ROWS
    assert records[-1] == {
        "first_name": "Jan",
        "last_name": f"Kowalski{MAX_IMPORT_ROWS + 1}",
        "department": "KM",
    }


def test_a_stray_cell_far_to_the_right_does_not_stop_an_import(db, office):
    rows = [HEADER_ROW, row(2, "Marek", "Lis", "KM").replace("</row>", cell("XFD2", "uwaga") + "</row>")]
    report = import_employees(db, "lista.xlsx", xlsx(sheet_xml(rows, "A1:XFD2")), "admin")
    assert (report.added, report.rejected) == (1, [])
    assert ("Marek", "Lis") in {(e["first_name"], e["last_name"]) for e in employees.list_employees(db)}
