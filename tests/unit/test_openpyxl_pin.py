"""The Excel export streams its big sheets by subclassing openpyxl's writer and reaching into
private attributes (analytics/export.py, "How it is built"). Those are not openpyxl's public API
and may change in any release, so pyproject.toml pins the version they were checked on. This test
fails loudly when the installed openpyxl is not the pinned one, or when a private name the export
relies on has gone; the export's own tests (tests/unit/test_export.py, LibreOffice round trip)
then tell whether the files are still right."""

import re
import tomllib
from pathlib import Path

import openpyxl
from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.writer.excel import ExcelWriter

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def pinned_version() -> str:
    dependencies = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    [pin] = [d for d in dependencies if d.startswith("openpyxl")]
    match = re.fullmatch(r"openpyxl==([\d.]+)", pin)
    assert match, f"openpyxl must be pinned to one version (==), found {pin!r}: see this module's docstring"
    return match.group(1)


def test_the_installed_openpyxl_is_the_pinned_one():
    assert openpyxl.__version__ == pinned_version(), (
        f"openpyxl {openpyxl.__version__} is installed but {pinned_version()} is pinned: before moving "
        "the pin, check every private name in analytics/export.py against the new release"
    )


def test_the_private_names_the_export_uses_still_exist():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Arkusz")
    assert isinstance(sheet, WriteOnlyWorksheet)
    for name in ("_charts", "_images", "_writer", "closed"):
        assert hasattr(sheet, name), f"WriteOnlyWorksheet.{name} is gone"
    sheet.append(["komórka"])
    sheet.close()  # as the export's writer does before it splices the streamed rows in
    for name in ("_rels", "out"):
        assert hasattr(sheet._writer, name), f"the write-only sheet's writer lost {name}"
    assert sheet in workbook._sheets, "Workbook._sheets is gone"
    assert callable(getattr(workbook, "_add_sheet", None)), "Workbook._add_sheet is gone"
    assert callable(getattr(ExcelWriter, "write_worksheet", None)), "ExcelWriter.write_worksheet is gone"
