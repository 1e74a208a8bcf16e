"""Excel export (issue 6): one .xlsx workbook of what the dashboard shows under the current filters.

Sheets, in this order:
- Podsumowanie: the dashboard's headline figures (analytics.headline, the same function as the
  tiles) with n, what n counts, the 95 % interval, the change against the previous period and the
  reason when a figure is withheld; the filters, when and by whom the file was made, row counts
  per sheet and notes (e.g. a sheet continued on "Odpowiedzi (2)");
- Trendy: per department and month the observation score (the observation is the unit, as on
  the dashboard's trend) and client satisfaction, with native Excel line charts of both;
- Obserwacje: one row per sent observation (employee names only when `with_names`);
- Odpowiedzi: one row per answered item, with the item's handbook source;
- Oceny Klientów: one row per client rating (no comments here);
- Komentarze: comments approved by a moderator, nothing else;
- Listy kontrolne: every checklist item with its handbook source, verbatim.
"Nr obserwacji" links Obserwacje and Odpowiedzi. Headers are Polish; dates, numbers and
percentages are real Excel values (formats DD.MM.YYYY HH:MM, 0.0%, #,##0 – Polish Excel shows
"1 234"); every sheet has a frozen header row, an autofilter over its data and column widths
estimated from the header and sample values.

Safety: every text cell goes through `safe_text`: characters XML does not allow (NUL and other
control characters) are removed, and text starting with =, +, -, @, a tab or a carriage return
gets a leading apostrophe, so no cell is ever a formula or a DDE link.

How it is built. openpyxl's write-only workbook makes the package: styles, the small sheets
(summary, trends, checklists), frozen panes, column widths, autofilters, and the charts
(WriteOnlyWorksheet.add_chart is Worksheet.add_chart in openpyxl 3.1; the drawing is written
when the workbook is saved). The record sheets can hold hundreds of thousands of rows (a year of
a busy office: 1.3 million answers), and openpyxl spends some 10 µs per cell: 300 000 answer
rows took 35 s even with lxml, so such a file would take minutes. Their rows are therefore
serialised here: DuckDB returns each row as numbers and small integer codes in Arrow batches of
10 000 rows (fetchmany(10_000) makes a Python tuple per row and costs six times as much); each
text a code stands for (department, item, answer, comment…) went through `safe_text` once into
the workbook's shared-strings table, so a row becomes a short `<row>` of `<c>` elements written
to a temporary file. When the workbook is saved, that file is spliced into the sheet's XML
after the header row that openpyxl wrote. These cells carry no `r` reference: the attribute is
optional (ECMA-376 Part 1, 18.3.1.4) and Excel, LibreOffice and openpyxl place such cells left
to right; an empty cell is written as `<c/>`. Python holds one batch and the distinct texts,
never a whole table (DuckDB sorts the rows in its own memory). Arrow (pyarrow) comes with
Streamlit. The zip is written with fast compression (level 1): the file is about a quarter larger
and compressing is nearly three times faster than at the default level.

A sheet longer than Excel's 1 048 576 rows continues on "Odpowiedzi (2)" and so on; the summary
says so.
"""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import LineChart, Reference, Series
from openpyxl.chart.axis import DateAxis
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.packaging.relationship import Relationship, RelationshipList
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import ARC_SHARED_STRINGS, ARC_WORKBOOK_RELS, SHARED_STRINGS
from openpyxl.xml.functions import fromstring, tostring

from analytics import headline, queries, summaries
from analytics.filters import CHANNELS, Filters
from analytics.queries import CRITERIA, NO_DEPARTMENT, Scope, resolve_scope
from analytics.statistics import default_min_n, min_observations, proportion
from checklists.loading import ChecklistSet, current_checklists
from checklists.schema import Kind
from i18n import t
from services import audit_trail
from storage import departments
from storage.db import Database, now

TITLE = "Jakość Obsługi – eksport danych"
OFFICE = "Starostwo Powiatowe w Grójcu"
SUMMARY, TRENDS, OBSERVATIONS, ANSWERS, RATINGS, COMMENTS, CHECKLISTS = (
    "Podsumowanie",
    "Trendy",
    "Obserwacje",
    "Odpowiedzi",
    "Oceny Klientów",
    "Komentarze",
    "Listy kontrolne",
)
MAX_ROWS = 1_048_576  # Excel's rows per sheet, header included
BATCH_ROWS = 10_000
MAX_WIDTH = 60
MAX_TEXT = 32_767  # characters (UTF-16 code units) Excel keeps in a cell
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FMT_DATE = "DD.MM.YYYY"
FMT_DATETIME = "DD.MM.YYYY HH:MM"
FMT_MONTH = "MM.YYYY"
FMT_PERCENT = "0.0%"
FMT_INT = "#,##0"
FMT_WEIGHT = "#,##0.0"
FMT_MEAN = "0.00"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")  # lone surrogates cannot be written as UTF-8
_EXCEL_EPOCH = "TIMESTAMP '1899-12-30'"
_VOCABULARY_VIEW = "jakosc_export_vocabulary"

ANSWER_LABELS = {
    "tak": "tak",
    "nie": "nie",
    "nie_dotyczy": "nie dotyczy",
    "nie_zaobserwowano": "nie zaobserwowano",
}
CHANNEL_LABELS = {channel: t(f"channel.{channel}", "pl") for channel in CHANNELS}
LANGUAGE_LABELS = {"pl": "polski", "en": "angielski", "uk": "ukraiński"}
SETTLED_LABELS = {"yes": "tak", "no": "nie", "partly": "częściowo"}

Progress = Callable[[float, str], None]


def safe_text(value: object) -> str:
    """Text as it may go into a cell: no character XML forbids, never read as a formula.

    Control characters other than tab, line feed and carriage return are removed (openpyxl's
    ILLEGAL_CHARACTERS_RE, plus U+FFFE/U+FFFF); then text starting with =, +, -, @, a tab or a
    carriage return gets a leading apostrophe ('), so Excel and LibreOffice show it as typed and
    never evaluate it (formula injection, DDE). Cut to the 32 767 characters a cell holds.
    """
    text = _NOT_XML.sub("", ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    if text.startswith(_FORMULA_START):
        text = "'" + text
    if len(text) > MAX_TEXT // 2 and len(text.encode("utf-16-le")) > 2 * MAX_TEXT:
        text = text.encode("utf-16-le")[: 2 * MAX_TEXT].decode("utf-16-le", errors="ignore")
    return text


@dataclass
class ExportResult:
    """What was written: data rows per sheet (continuations under their own names) and notes."""

    rows: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def write_workbook(
    db: Database,
    scope: Scope,
    out: str | os.PathLike | BinaryIO,
    *,
    checklists: ChecklistSet,
    made_by: str,
    with_names: bool,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the workbook for `scope` to `out` (a path, replaced only when complete, or a binary file).

    Employee names appear (sheet Obserwacje) only when `with_names`. `progress(fraction, text)` is
    called as the sheets are written, with fraction from 0 to 1.
    """
    if isinstance(out, (str, os.PathLike)):
        target = Path(out)
        partial = target.with_name(target.name + ".part")
        try:
            with open(partial, "wb") as file:
                result = write_workbook(
                    db,
                    scope,
                    file,
                    checklists=checklists,
                    made_by=made_by,
                    with_names=with_names,
                    progress=progress,
                )
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        return result
    return _Export(db, scope, checklists, made_by, with_names, progress).write(out)


def export_period(
    db: Database,
    out: str | os.PathLike,
    *,
    start: date,
    end: date,
    department_codes: Sequence[str] = (),
    kind: Kind | None = None,
    with_names: bool = False,
    made_by: str,
) -> ExportResult:
    """The management-level export of a period (jakosc export, also through the running server),
    recorded in the audit log with its scope and file. Raises ValueError with a Polish message for
    an unknown department code."""
    codes = []
    for code in department_codes:
        if departments.get_by_code(db, code.upper()) is None:
            raise ValueError(f"Nie ma wydziału o kodzie {code}.")
        codes.append(code.upper())
    scope = resolve_scope(db, Filters(start, end, tuple(dict.fromkeys(codes)), kind), None)
    result = write_workbook(
        db, scope, out, checklists=current_checklists(), made_by=made_by, with_names=with_names
    )
    details = {**audit_trail.describe_scope(db, scope), "sciezka": str(Path(out).resolve())}
    audit_trail.record_export(
        db, made_by, audit_trail.PERIOD_EXPORT, details=details, with_names=with_names, file_kind="xlsx"
    )
    return result


def workbook_bytes(
    db: Database,
    scope: Scope,
    *,
    checklists: ChecklistSet,
    made_by: str,
    with_names: bool,
    progress: Progress | None = None,
) -> bytes:
    """The workbook as bytes (for a download button)."""
    buffer = io.BytesIO()
    write_workbook(
        db, scope, buffer, checklists=checklists, made_by=made_by, with_names=with_names, progress=progress
    )
    return buffer.getvalue()


def file_name(scope: Scope) -> str:
    """jakosc-obslugi_2026-01-01_2026-03-31.xlsx"""
    return f"jakosc-obslugi_{scope.filters.start.isoformat()}_{scope.filters.end.isoformat()}.xlsx"


# --- the package: openpyxl's write-only workbook with streamed sheets and shared strings ----------


class _SharedStrings:
    """The workbook's shared-strings table (openpyxl 3.1 writes inline strings and keeps none)."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}

    def cell(self, value: object) -> str:
        """A text cell for `value` made safe; an empty cell for None or empty text."""
        if value is None:
            return "<c/>"
        text = safe_text(value)
        if not text:
            return "<c/>"
        index = self._index.setdefault(text, len(self._index))
        return f'<c t="s"><v>{index}</v></c>'

    def write(self, archive: zipfile.ZipFile) -> None:
        with archive.open(ARC_SHARED_STRINGS, "w") as part:
            part.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                + f'uniqueCount="{len(self._index)}">'.encode()
            )
            chunk: list[str] = []
            for text in self._index:  # dicts keep insertion order: index order
                body = escape(text).replace("\r", "&#13;")
                chunk.append(f'<si><t xml:space="preserve">{body}</t></si>')
                if len(chunk) >= 1000:
                    part.write("".join(chunk).encode())
                    chunk.clear()
            part.write("".join(chunk).encode() + b"</sst>")


class _SharedStringsPart:
    """The manifest entry (content type) of the shared-strings part."""

    path = "/" + ARC_SHARED_STRINGS
    mime_type = SHARED_STRINGS


class _StreamedSheet(WriteOnlyWorksheet):
    """A write-only sheet whose data rows are XML written to a temporary file (see the module notes)."""

    def __init__(self, parent: Workbook, title: str):
        super().__init__(parent, title)
        self.body = tempfile.TemporaryFile(prefix="jakosc-export-")  # noqa: SIM115 (closed when saved)
        self.rows = 1  # the header row, appended through openpyxl


class _Archive(zipfile.ZipFile):
    """The output zip; adds the shared-strings relationship to the workbook's relationships."""

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if zinfo_or_arcname == ARC_WORKBOOK_RELS:
            relationships = RelationshipList.from_tree(fromstring(data))
            relationships.append(Relationship(type="sharedStrings", Target="sharedStrings.xml"))
            data = tostring(relationships.to_tree())
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)


class _Writer(ExcelWriter):
    """openpyxl's writer, with the streamed sheets' rows spliced in and a shared-strings part."""

    def __init__(self, workbook: Workbook, archive: zipfile.ZipFile, strings: _SharedStrings):
        super().__init__(workbook, archive)
        self.strings = strings

    def write_data(self) -> None:
        self.manifest.append(_SharedStringsPart())
        super().write_data()
        self.strings.write(self._archive)

    def write_worksheet(self, ws) -> None:
        if not isinstance(ws, _StreamedSheet):
            super().write_worksheet(ws)
            return
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if not ws.closed:
            ws.close()
        writer = ws._writer
        ws._rels = writer._rels
        with open(writer.out, "rb") as skeleton:
            head, end, tail = skeleton.read().rpartition(b"</sheetData>")
        if not end:
            raise RuntimeError(f"arkusz {ws.title}: brak sekcji danych w XML")
        size = ws.body.tell()
        ws.body.seek(0)
        with self._archive.open(ws.path[1:], "w", force_zip64=size > 2**31) as part:
            part.write(head)
            shutil.copyfileobj(ws.body, part, 1 << 20)
            part.write(end + tail)
        ws.body.close()
        self.manifest.append(ws)
        writer.cleanup()


class _Book:
    """The workbook being built: styles, shared strings and sheets in their final order."""

    def __init__(self, made_by: str) -> None:
        self.workbook = Workbook(write_only=True)
        self.workbook.properties.creator = made_by[:200]
        self.workbook.properties.title = TITLE
        self.strings = _SharedStrings()
        self.summary = self.workbook.create_sheet(SUMMARY)  # first in the file, filled last
        self._styles: dict[str, int] = {}

    def style(self, number_format: str) -> int:
        """The cell-style index (the `s` attribute of a cell) for a number format."""
        if number_format not in self._styles:
            cell = WriteOnlyCell(self.summary)  # registers the style with the workbook; never written
            cell.number_format = number_format
            self._styles[number_format] = cell.style_id
        return self._styles[number_format]

    def sheet(self, title: str, *, after: WriteOnlyWorksheet | None = None) -> WriteOnlyWorksheet:
        index = None if after is None else self.workbook._sheets.index(after) + 1
        return self.workbook.create_sheet(title, index)

    def streamed(self, title: str, *, after: WriteOnlyWorksheet | None = None) -> _StreamedSheet:
        ws = _StreamedSheet(self.workbook, title)
        index = None if after is None else self.workbook._sheets.index(after) + 1
        self.workbook._add_sheet(ws, index)
        return ws

    def save(self, out: BinaryIO) -> None:
        self.workbook.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None, microsecond=0)
        with _Archive(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1) as archive:
            _Writer(self.workbook, archive, self.strings).save()

    def discard(self) -> None:
        """Remove the temporary files of a workbook that will not be saved."""
        for ws in self.workbook._sheets:
            if isinstance(ws, _StreamedSheet):
                ws.body.close()
            writer = getattr(ws, "_writer", None)
            if writer is not None:
                with suppress(Exception):
                    writer.xf.close()
                with suppress(OSError):
                    os.remove(writer.out)


def _cell(ws: WriteOnlyWorksheet, value: object, number_format: str | None = None, *, bold: bool = False):
    """An openpyxl cell for the small sheets; text made safe, numbers and dates as they are."""
    if isinstance(value, str):
        value = safe_text(value) or None
    elif isinstance(value, float) and not math.isfinite(value):
        value = None
    cell = WriteOnlyCell(ws, value=value)
    if number_format and value is not None and not isinstance(value, str):
        cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    return cell


def _width(value: object, number_format: str | None = None) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    if isinstance(value, (int, float)):
        if number_format == FMT_PERCENT:
            return 6
        return len(f"{value:,.2f}") if isinstance(value, float) else len(f"{value:,}")
    return len(str(value))


def _set_layout(ws: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    """Column widths and the frozen header row; must come before the first row (write-only)."""
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, max(6, width + 2))
    ws.freeze_panes = "A2"


def _table(
    ws: WriteOnlyWorksheet, headers: Sequence[str], formats: Sequence[str | None], rows: list[list]
) -> None:
    """A small sheet: header, rows, widths from the header and the values, autofilter."""
    widths = [len(h) + 1 for h in headers]
    for row in rows[:2000]:
        for index, (value, number_format) in enumerate(zip(row, formats, strict=True)):
            widths[index] = max(widths[index], _width(value, number_format))
    _set_layout(ws, widths)
    ws.append([_cell(ws, h, bold=True) for h in headers])
    for row in rows:
        ws.append([_cell(ws, v, f) for v, f in zip(row, formats, strict=True)])
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"


# --- streamed sheets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """One query column of a streamed sheet and the cells (one or more) it renders."""

    headers: tuple[str, ...]
    render: Callable[[list], list[str]]  # a batch of the column's values -> cells XML per row
    widths: tuple[float, ...]


def _values(array) -> list:
    if array.null_count == 0:
        return array.to_numpy(zero_copy_only=False).tolist()
    return array.to_pylist()


def _number(header: str, style: int, width: float = 10) -> _Column:
    head = f'<c s="{style}"><v>'
    memo: dict = {}  # runs of equal values are common (an observation's answers, ratings 1-5)

    def render(values: list) -> list[str]:
        cells = []
        for value in values:
            cell = memo.get(value)
            if cell is None:
                cell = f"{head}{value!r}</v></c>" if value is not None and math.isfinite(value) else "<c/>"
                if len(memo) >= 4096:
                    memo.clear()
                memo[value] = cell
            cells.append(cell)
        return cells

    return _Column((header,), render, (max(width, len(header) + 1),))


def _serial(expression: str) -> str:
    """SQL: a timestamp as an Excel serial day number (days since 1899-12-30, fraction = time)."""
    return f"date_diff('microsecond', {_EXCEL_EPOCH}, {expression}) / 86400000000.0"


class _Vocabulary:
    """Texts the streamed sheets refer to by integer codes; DuckDB joins on (domain, key) -> code."""

    def __init__(self, strings: _SharedStrings):
        self.strings = strings
        self.keys: list[tuple[str, str, int]] = []
        self.cells: dict[str, list[tuple[str, ...]]] = {}
        self.widths: dict[str, list[int]] = {}

    def add(self, domain: str, entries: Iterable[tuple[str, Sequence[object]]], arity: int = 1) -> None:
        """Code 0 of a domain is empty cells; entries get codes 1, 2, … in order."""
        cells = self.cells.setdefault(domain, [("<c/>",) * arity])
        widths = self.widths.setdefault(domain, [0] * arity)
        for key, texts in entries:
            cells.append(tuple(self.strings.cell(t) for t in texts))
            self.keys.append((domain, key, len(cells) - 1))
            if len(cells) <= 1000:  # a sample is enough for the widths
                for index, text in enumerate(texts):
                    widths[index] = max(widths[index], _width(None if text is None else safe_text(text)))

    def column(self, domain: str, headers: Sequence[str]) -> _Column:
        cells = ["".join(c) for c in self.cells[domain]]

        def render(values: list) -> list[str]:
            return [cells[v] for v in values]

        widths = tuple(max(len(h) + 1, w) for h, w in zip(headers, self.widths[domain], strict=True))
        return _Column(tuple(headers), render, widths)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.keys, columns=["domain", "key", "code"]).astype({"code": "int32"})


def _join(domain: str, alias: str, key_sql: str) -> str:
    return f"LEFT JOIN {_VOCABULARY_VIEW} {alias} ON {alias}.domain = '{domain}' AND {alias}.key = {key_sql}"


class _Export:
    def __init__(self, db, scope, checklists, made_by, with_names, progress):
        self.db, self.scope, self.checklists = db, scope, checklists
        self.made_by, self.with_names = made_by, with_names
        self.progress = progress or (lambda fraction, text: None)
        self.result = ExportResult()
        self.parts: dict[str, list[WriteOnlyWorksheet]] = {}
        self.done = 0
        self.total = 1

    # -- orchestration --

    def write(self, out: BinaryIO) -> ExportResult:
        made_at = now().replace(second=0, microsecond=0)
        self.progress(0.0, "Przygotowanie eksportu…")
        book = _Book(self.made_by)
        try:
            cursor = self.db.cursor()
            try:
                counts = self._counts(cursor)
                self.total = sum(counts.values()) + 3 * 1000
                self._trends(book)
                vocabulary = self._vocabulary(cursor, book)
                cursor.register(_VOCABULARY_VIEW, vocabulary.frame())
                self._observations(cursor, book, vocabulary)
                self._answers(cursor, book, vocabulary)
                self._ratings(cursor, book, vocabulary)
                self._comments(cursor, book, vocabulary)
            finally:
                cursor.close()
            self._checklists(book)
            self._summary(book.summary, made_at)
            self.progress(0.9, "Zapisywanie pliku…")
            book.save(out)
        except BaseException:
            book.discard()
            raise
        self.progress(1.0, "Plik gotowy.")
        return self.result

    def _advance(self, rows: int, text: str) -> None:
        self.done += rows
        self.progress(min(0.9, 0.9 * self.done / self.total), text)  # saving takes the last tenth

    def _counts(self, cursor) -> dict[str, int]:
        o_where, o_params = queries._observation_where(self.scope)
        r_where, r_params = queries._rating_where(self.scope)
        statements = {
            OBSERVATIONS: (f"SELECT count(*) FROM observations o WHERE {o_where}", o_params),
            ANSWERS: (
                "SELECT count(*) FROM observation_answers a JOIN observations o ON o.id = a.observation_id "
                f"WHERE {o_where} AND a.answer IS NOT NULL",
                o_params,
            ),
            RATINGS: (f"SELECT count(*) FROM client_ratings r WHERE {r_where}", r_params),
            COMMENTS: (
                f"SELECT count(*) FROM client_ratings r WHERE {r_where} AND r.comment_status = 'approved'",
                r_params,
            ),
        }
        return {name: cursor.execute(sql, params).fetchone()[0] for name, (sql, params) in statements.items()}

    # -- the vocabulary of the streamed sheets --

    def _rows(self, cursor, sql: str, params: list) -> Iterable[tuple]:
        result = cursor.execute(sql, params)
        while rows := result.fetchmany(BATCH_ROWS):
            yield from rows

    def _distinct(self, cursor, sql: str, params: list) -> Iterable[str]:
        return (row[0] for row in self._rows(cursor, sql, params))

    def _vocabulary(self, cursor, book: _Book) -> _Vocabulary:
        vocabulary = _Vocabulary(book.strings)
        o_where, o_params = queries._observation_where(self.scope)
        r_where, r_params = queries._rating_where(self.scope)
        departments = cursor.execute(
            "SELECT CAST(id AS VARCHAR), name FROM departments ORDER BY name"
        ).fetchall()
        vocabulary.add("department", [(key, (name,)) for key, name in departments])
        vocabulary.add("department", [("", (NO_DEPARTMENT,))])
        if self.with_names:
            employees = cursor.execute(
                "SELECT CAST(id AS VARCHAR), last_name || ' ' || first_name FROM employees ORDER BY 2"
            ).fetchall()
            vocabulary.add("employee", [(key, (name,)) for key, name in employees])
        kinds = self.checklists.handbook.kinds
        vocabulary.add(
            "kind",
            [
                (k, (_kind_title(kinds, k),))
                for k in self._distinct(
                    cursor, f"SELECT DISTINCT o.kind FROM observations o WHERE {o_where}", o_params
                )
            ],
        )
        vocabulary.add(
            "version",
            [
                (v, (v,))
                for v in self._distinct(
                    cursor,
                    f"SELECT DISTINCT o.handbook_version FROM observations o WHERE {o_where}",
                    o_params,
                )
            ],
        )
        answers_from = (
            f"FROM observation_answers a JOIN observations o ON o.id = a.observation_id WHERE {o_where} "
            "AND a.answer IS NOT NULL"
        )
        standards = {s.id: s.short for s in self.checklists.standards}
        items = []
        for item_id, standard_id in self._rows(
            cursor,
            f"SELECT a.item_id, min(a.standard_id) {answers_from} GROUP BY 1 ORDER BY 1",
            o_params,
        ):
            if self.checklists.has_item(item_id):
                entry = self.checklists.entry(item_id)
                texts = (
                    entry.standard.short,
                    item_id,
                    entry.item.label,
                    "tak" if entry.item.critical else "nie",
                    entry.item.source,
                )
            else:  # an item of another handbook version
                texts = (standards.get(standard_id, standard_id), item_id, None, None, None)
            items.append((item_id, texts))
        vocabulary.add("item", items, arity=5)
        vocabulary.add(
            "answer",
            [
                (a, (ANSWER_LABELS.get(a, a),))
                for a in self._distinct(cursor, f"SELECT DISTINCT a.answer {answers_from}", o_params)
            ],
        )
        vocabulary.add(
            "answer_comment",
            [
                (c, (c,))
                for c in self._distinct(
                    cursor, f"SELECT DISTINCT a.comment {answers_from} AND a.comment IS NOT NULL", o_params
                )
            ],
        )
        for domain, column, labels in (
            ("channel", "channel", CHANNEL_LABELS),
            ("language", "language", LANGUAGE_LABELS),
            ("settled", "settled", SETTLED_LABELS),
        ):
            vocabulary.add(
                domain,
                [
                    (v, (labels.get(v, v),))
                    for v in self._distinct(
                        cursor,
                        f"SELECT DISTINCT r.{column} FROM client_ratings r WHERE {r_where} AND r.{column} IS NOT NULL",
                        r_params,
                    )
                ],
            )
        vocabulary.add(
            "rating_comment",
            [
                (c, (c,))
                for c in self._distinct(
                    cursor,
                    f"SELECT DISTINCT r.comment FROM client_ratings r WHERE {r_where} "
                    "AND r.comment_status = 'approved' AND r.comment IS NOT NULL",
                    r_params,
                )
            ],
        )
        return vocabulary

    # -- streaming --

    def _stream(
        self, cursor, book: _Book, title: str, columns: list[_Column], sql: str, params: list
    ) -> None:
        headers = [h for c in columns for h in c.headers]
        widths = [w for c in columns for w in c.widths]
        last = get_column_letter(len(headers))

        def open_part(previous: _StreamedSheet | None) -> _StreamedSheet:
            name = title if previous is None else f"{title} ({len(self.parts[title]) + 1})"
            ws = book.streamed(name, after=previous)
            _set_layout(ws, widths)
            ws.append([_header_cell(ws, h) for h in headers])
            self.parts.setdefault(title, []).append(ws)
            return ws

        ws = open_part(None)
        reader = cursor.sql(sql, params=params).to_arrow_reader(BATCH_ROWS)
        template = '<row r="%d">' + "%s" * len(headers) + "</row>"
        for batch in reader:
            cells = [c.render(_values(batch.column(i))) for i, c in enumerate(columns)]
            if len(cells) < len(headers):  # a column that renders several cells: one string per row
                cells = [["".join(row) for row in zip(*cells, strict=True)]]
                row_template = '<row r="%d">%s</row>'
            else:
                row_template = template
            count, start = batch.num_rows, 0
            while start < count:
                if ws.rows >= MAX_ROWS:
                    ws.auto_filter.ref = f"A1:{last}{ws.rows}"
                    ws = open_part(ws)
                take = min(MAX_ROWS - ws.rows, count - start)
                first = ws.rows + 1
                chunk = cells if take == count else [column[start : start + take] for column in cells]
                rows = zip(range(first, first + take), *chunk, strict=True)
                ws.body.write("".join([row_template % row for row in rows]).encode("utf-8"))
                ws.rows += take
                start += take
            written = sum(part.rows - 1 for part in self.parts[title])
            self._advance(count, f"Arkusz „{title}”: {_thousands(written)} wierszy")
        ws.auto_filter.ref = f"A1:{last}{ws.rows}"
        parts = self.parts[title]
        for part in parts:
            self.result.rows[part.title] = part.rows - 1
        if len(parts) > 1:
            names = ", ".join(f"„{p.title}”" for p in parts)
            self.result.notes.append(
                f"Arkusz „{title}” ma więcej wierszy, niż Excel mieści w jednym arkuszu "
                f"({_thousands(MAX_ROWS)} z nagłówkiem), więc podzielono go na {len(parts)} części: {names}."
            )

    def _observations(self, cursor, book: _Book, vocabulary: _Vocabulary) -> None:
        where, params = queries._observation_where(self.scope)
        columns = [
            _number("Nr obserwacji", book.style(FMT_INT), 8),
            _number("Data i godzina", book.style(FMT_DATETIME), 16),
            vocabulary.column("department", ["Wydział"]),
            vocabulary.column("kind", ["Rodzaj obserwacji"]),
        ]
        selects = [
            "o.no",
            _serial("o.observed_at"),
            "coalesce(vd.code, 0)",
            "coalesce(vk.code, 0)",
        ]
        joins = [
            _join("department", "vd", "CAST(o.department_id AS VARCHAR)"),
            _join("kind", "vk", "o.kind"),
            _join("version", "vv", "o.handbook_version"),
        ]
        if self.with_names:
            columns.append(vocabulary.column("employee", ["Pracownik"]))
            selects.append("coalesce(ve.code, 0)")
            joins.append(_join("employee", "ve", "CAST(o.employee_id AS VARCHAR)"))
        counts = book.style(FMT_INT)
        columns += [
            _number("Wynik", book.style(FMT_PERCENT), 7),
            _number("Spełnione", counts),
            _number("Niespełnione", counts),
            _number("Nie dotyczy", counts),
            _number("Nie zaobserwowano", counts),
            _number("Naruszenia krytyczne", counts),
            vocabulary.column("version", ["Wersja podręcznika"]),
        ]
        selects += [
            "o.score",
            "o.n_met",
            "o.n_not_met",
            "o.n_not_applicable",
            "o.n_not_observed",
            "o.n_critical",
            "coalesce(vv.code, 0)",
        ]
        sql = f"SELECT {', '.join(selects)} FROM ({_numbered(where)}) o {' '.join(joins)} ORDER BY o.no"
        self._stream(cursor, book, OBSERVATIONS, columns, sql, params)

    def _answers(self, cursor, book: _Book, vocabulary: _Vocabulary) -> None:
        where, params = queries._observation_where(self.scope)
        item_cells = vocabulary.cells["item"]
        answer_cells = vocabulary.cells["answer"]
        per_item = len(answer_cells)
        combined = [
            "".join(item[:4]) + answer[0] + item[4] for item in item_cells for answer in answer_cells
        ]  # code = item code * per_item + answer code

        def render(values: list) -> list[str]:
            return [combined[v] for v in values]

        item_headers = ("Standard", "Id pozycji", "Pozycja", "Krytyczna")
        item_widths = vocabulary.column("item", [*item_headers, "Źródło w podręczniku"]).widths
        answer_width = vocabulary.column("answer", ["Odpowiedź"]).widths
        columns = [
            _number("Nr obserwacji", book.style(FMT_INT), 8),
            _number("Data i godzina obserwacji", book.style(FMT_DATETIME), 16),
            vocabulary.column("department", ["Wydział"]),
            _Column(
                (*item_headers, "Odpowiedź", "Źródło w podręczniku"),
                render,
                (*item_widths[:4], *answer_width, item_widths[4]),
            ),
            vocabulary.column("answer_comment", ["Komentarz"]),
        ]
        sql = (
            f"SELECT o.no, {_serial('o.observed_at')}, coalesce(vd.code, 0), "
            f"coalesce(vi.code, 0) * {per_item} + coalesce(va.code, 0), coalesce(vc.code, 0) "
            f"FROM observation_answers a JOIN ({_numbered(where)}) o ON o.id = a.observation_id "
            f"{_join('department', 'vd', 'CAST(o.department_id AS VARCHAR)')} "
            f"{_join('item', 'vi', 'a.item_id')} {_join('answer', 'va', 'a.answer')} "
            f"{_join('answer_comment', 'vc', 'a.comment')} "
            "WHERE a.answer IS NOT NULL ORDER BY o.no, a.position, a.item_id"
        )
        self._stream(cursor, book, ANSWERS, columns, sql, params)

    def _ratings(self, cursor, book: _Book, vocabulary: _Vocabulary) -> None:
        where, params = queries._rating_where(self.scope)
        department = "coalesce(CAST(r.department_id AS VARCHAR), '')"
        rating = book.style(FMT_INT)
        columns = [
            _number("Data i godzina", book.style(FMT_DATETIME), 16),
            vocabulary.column("department", ["Wydział"]),
            vocabulary.column("channel", ["Kanał"]),
            vocabulary.column("language", ["Język"]),
            *(_number(label, rating, 8) for label in CRITERIA.values()),
            vocabulary.column("settled", ["Sprawa załatwiona"]),
        ]
        sql = (
            f"SELECT {_serial('r.created_at')}, coalesce(vd.code, 0), coalesce(vc.code, 0), coalesce(vl.code, 0), "
            f"{', '.join('r.' + c for c in CRITERIA)}, coalesce(vs.code, 0) FROM client_ratings r "
            f"{_join('department', 'vd', department)} "
            f"{_join('channel', 'vc', 'r.channel')} {_join('language', 'vl', 'r.language')} "
            f"{_join('settled', 'vs', 'r.settled')} WHERE {where} ORDER BY r.created_at, r.id"
        )
        self._stream(cursor, book, RATINGS, columns, sql, params)

    def _comments(self, cursor, book: _Book, vocabulary: _Vocabulary) -> None:
        where, params = queries._rating_where(self.scope)
        department = "coalesce(CAST(r.department_id AS VARCHAR), '')"
        columns = [
            _number("Data i godzina", book.style(FMT_DATETIME), 16),
            vocabulary.column("department", ["Wydział"]),
            _number("Ocena ogólna", book.style(FMT_INT), 8),
            vocabulary.column("rating_comment", ["Komentarz"]),
        ]
        sql = (
            f"SELECT {_serial('r.created_at')}, coalesce(vd.code, 0), r.overall, coalesce(vc.code, 0) "
            f"FROM client_ratings r {_join('department', 'vd', department)} "
            f"{_join('rating_comment', 'vc', 'r.comment')} "
            f"WHERE {where} AND r.comment_status = 'approved' ORDER BY r.created_at, r.id"
        )
        self._stream(cursor, book, COMMENTS, columns, sql, params)

    # -- the small sheets --

    def _trends(self, book: _Book) -> None:
        ws = book.sheet(TRENDS)
        scores = queries.monthly_scores(self.db, self.scope)
        satisfaction = queries.monthly_satisfaction(self.db, self.scope)
        both = pd.concat([scores, satisfaction], ignore_index=True)
        both["department_id"] = summaries.department_ids(both)
        labels = summaries.department_labels(both)
        by_key: dict[tuple, dict] = {}
        for record in both.to_dict("records"):
            by_key.setdefault((record["department_id"], _as_date(record["month"])), {}).update(
                {k: v for k, v in record.items() if not _missing(v)}
            )
        departments = sorted(labels, key=lambda d: (d is None, labels[d]))
        months = _months(self.scope.filters.start, self.scope.filters.end)
        rows = []
        for department_id in departments:
            for month in months:
                rows.append(_trend_row(labels[department_id], month, by_key.get((department_id, month), {})))
        headers = [
            "Miesiąc",
            "Wydział",
            "Obserwacje",
            "Wynik obserwacji",
            "n wyniku (ocenione obserwacje)",
            "Wynik – przedział ufności 95% od",
            "Wynik – przedział ufności 95% do",
            "Oceny Klientów",
            "Zadowoleni (oceny 4–5)",
            "Zadowoleni – przedział ufności 95% od",
            "Zadowoleni – przedział ufności 95% do",
            "Średnia ocena",
            "Uwagi",
        ]
        formats = [
            FMT_MONTH,
            None,
            FMT_INT,
            FMT_PERCENT,
            FMT_INT,
            FMT_PERCENT,
            FMT_PERCENT,
            FMT_INT,
            FMT_PERCENT,
            FMT_PERCENT,
            FMT_PERCENT,
            FMT_MEAN,
            None,
        ]
        _table(ws, headers, formats, rows)
        if rows:
            anchor_column = get_column_letter(len(headers) + 2)
            ws.add_chart(
                _trend_chart(
                    ws, "Wynik obserwacji według miesięcy", 4, [labels[d] for d in departments], len(months)
                ),
                f"{anchor_column}2",
            )
            ws.add_chart(
                _trend_chart(
                    ws,
                    "Zadowoleni Klienci (oceny 4–5) według miesięcy",
                    9,
                    [labels[d] for d in departments],
                    len(months),
                ),
                f"{anchor_column}28",
            )
        self.result.rows[TRENDS] = len(rows)
        self._advance(1000, "Arkusz „Trendy” gotowy")

    def _checklists(self, book: _Book) -> None:
        ws = book.sheet(CHECKLISTS)
        modules = {m.id: m.title for m in self.checklists.modules()}
        kinds = self.checklists.handbook.kinds
        rows = [
            [
                item.id,
                standard.short,
                item.text,
                item.label,
                item.source,
                item.weight,
                "tak" if item.critical else "nie",
                modules.get(item.module, "") if item.module else "",
                ", ".join(kinds[k].title for k in standard.kinds_of(item)),
            ]
            for standard in self.checklists.standards
            for item in standard.items
        ]
        headers = [
            "Id pozycji",
            "Standard",
            "Treść pozycji",
            "Etykieta",
            "Źródło w podręczniku",
            "Waga",
            "Krytyczna",
            "Trudna sytuacja",
            "Rodzaje obserwacji",
        ]
        _table(ws, headers, [None, None, None, None, None, FMT_WEIGHT, None, None, None], rows)
        self.result.rows[CHECKLISTS] = len(rows)
        self._advance(1000, "Arkusz „Listy kontrolne” gotowy")

    def _summary(self, ws: WriteOnlyWorksheet, made_at: datetime) -> None:
        filters = self.scope.filters
        kinds = self.checklists.handbook.kinds
        rows: list[list] = []  # [(value, format, bold), ...] per row

        def line(*cells):
            rows.append(list(cells))

        line((TITLE, None, True))
        line((OFFICE, None, False))
        line()
        line(("Parametry eksportu", None, True))
        line(("Sporządzono", None, False), (made_at, FMT_DATETIME, False))
        line(("Sporządził(a)", None, False), (self.made_by, None, False))
        line(("Okres od", None, False), (filters.start, FMT_DATE, False))
        line(("Okres do", None, False), (filters.end, FMT_DATE, False))
        line(("Wydziały", None, False), (self._department_names(), None, False))
        line(
            ("Rodzaj obserwacji", None, False),
            (kinds[filters.kind].title if filters.kind else "wszystkie", None, False),
        )
        line(("Wersja podręcznika", None, False), (filters.handbook_version or "wszystkie", None, False))
        channels = ", ".join(CHANNEL_LABELS[c] for c in filters.channels) or "wszystkie"
        line(("Kanały ocen Klientów", None, False), (channels, None, False))
        line(
            ("Nazwiska pracowników", None, False),
            (
                "tak – plik zawiera dane osobowe" if self.with_names else "nie (dane na poziomie wydziałów)",
                None,
                False,
            ),
        )
        line(("Minimalna liczba obserwacji dla wyniku", None, False), (min_observations(), FMT_INT, False))
        line(("Minimalna liczba ocen Klientów dla odsetka", None, False), (default_min_n(), FMT_INT, False))
        line()
        line(*((h, None, True) for h in FIGURE_HEADERS))
        for figure in self._figures():
            line(*figure)
        line()
        line(*((h, None, True) for h in ("Arkusz", "Wiersze danych", "Zawartość")))
        for name, description in (
            (TRENDS, "wydziały × miesiące, z wykresami"),
            (OBSERVATIONS, "jedna wysłana obserwacja w wierszu"),
            (ANSWERS, "jedna odpowiedź na pozycję listy kontrolnej w wierszu"),
            (RATINGS, "jedna ocena Klienta w wierszu (bez komentarzy)"),
            (COMMENTS, "tylko komentarze zatwierdzone przez moderatora"),
            (CHECKLISTS, f"pozycje list kontrolnych, podręcznik {self.checklists.version}"),
        ):
            for part in self.parts.get(name, []) or [None]:
                title = part.title if part is not None else name
                line(
                    (title, None, False),
                    (self.result.rows.get(title, 0), FMT_INT, False),
                    (description, None, False),
                )
        notes = [
            "Liczone są tylko wysłane obserwacje; wynik obserwacji to ważony odsetek pozycji spełnionych "
            "(„nie dotyczy” i „nie zaobserwowano” się nie liczą).",
            "Jednostką wyniku obserwacji jest obserwacja: n to liczba obserwacji, a przedział ufności 95% "
            "uwzględnia, że odpowiedzi z jednej wizyty nie są niezależne (estymator ilorazowy, wariancja "
            "z rozrzutu wyników obserwacji). Oceny Klientów: przedział Wilsona, średnia: przedział t-Studenta.",
            f"Poniżej {min_observations()} obserwacji wynik nie jest podawany, poniżej {default_min_n()} ocen "
            "Klientów – odsetek ani średnia; w kolumnie „Wartość” jest wtedy powód.",
            "Wskaźniki są liczone tą samą funkcją co kafelki pulpitu (analytics.headline).",
            *self.result.notes,
        ]
        line()
        line(("Uwagi", None, True))
        for note in notes:
            line((note, None, False))

        widths = [36, 16, 12, 16, 14, 14, 16, 60]
        _set_layout(ws, widths)
        for row in rows:
            ws.append([_cell(ws, value, number_format, bold=bold) for value, number_format, bold in row])

    def _department_names(self) -> str:
        ids = self.scope.department_ids
        if ids is None:
            return "wszystkie"
        if not ids:
            return "brak (żaden wydział nie jest dostępny)"
        names = [
            r[0]
            for r in self.db.query(
                "SELECT name FROM departments WHERE id IN (SELECT unnest(?::UUID[])) ORDER BY name",
                [list(ids)],
            )
        ]
        return ", ".join(names)

    def _figures(self) -> list[tuple]:
        """The dashboard's headline figures (analytics.headline), then satisfaction per criterion."""
        figures = headline.headline_figures(self.db, self.scope, self.checklists.version)
        rows = [_figure_row(FIGURE_LABELS[key], figure) for key, figure in figures.items()]
        for figure in headline.criterion_figures(self.db, self.scope):
            criterion = figure.key.removeprefix("satisfied.")
            if criterion != "overall":
                rows.append(_figure_row(f"Zadowoleni – {CRITERIA[criterion].lower()}", figure))
        return rows


def _kind_title(kinds: dict, code: str) -> str:
    try:
        return kinds[Kind(code)].title
    except (ValueError, KeyError):
        return code


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")


def _header_cell(ws: WriteOnlyWorksheet, text: str):
    cell = WriteOnlyCell(ws, value=safe_text(text))
    cell.font = Font(bold=True)
    cell.alignment = Alignment(vertical="top")
    return cell


def _numbered(where: str) -> str:
    """Sent observations in scope with their number in the export (date, then id)."""
    return (
        "SELECT o.id, o.observed_at, o.department_id, o.employee_id, o.kind, o.handbook_version, o.score, "
        "o.n_met, o.n_not_met, o.n_not_applicable, o.n_not_observed, o.n_critical, "
        f"row_number() OVER (ORDER BY o.observed_at, o.id) AS no FROM observations o WHERE {where}"
    )


FIGURE_HEADERS = (
    "Wskaźnik",
    "Wartość",
    "n",
    "Czego dotyczy n",
    "Przedział ufności 95% – od",
    "Przedział ufności 95% – do",
    "Zmiana wobec poprzedniego okresu",
    "Uwagi",
)
FIGURE_LABELS = {
    "observations": "Obserwacje",
    "score": "Średni wynik obserwacji",
    "satisfied": "Zadowoleni Klienci (oceny 4–5)",
    "mean_rating": "Średnia ocena Klientów",
    "ratings": "Oceny Klientów",
    "critical": "Naruszenia krytyczne",
    "acknowledged": "Potwierdzenia podręcznika",
}
FIGURE_NOTES = {
    "observations": "wysłane w okresie (pełna liczba)",
    "score": "ważony odsetek pozycji spełnionych; jednostka: obserwacja",
    "satisfied": "ocena ogólna; przedział Wilsona",
    "mean_rating": "skala 1–5; przedział t-Studenta",
    "ratings": "ankiety z kiosków, kodów QR i papierowe (pełna liczba)",
    "critical": "odpowiedzi „nie” na pozycjach krytycznych (pełna liczba)",
    "acknowledged": "pełny rejestr aktywnych pracowników, obecna wersja podręcznika: liczba, nie próba",
}
UNIT_NAMES = {"observation": "obserwacje", "rating": "oceny Klientów", "employee": "pracownicy"}


def _figure_row(label: str, figure: headline.Figure) -> tuple:
    """One figure of analytics.headline as summary cells: value (or why it is withheld), n, what
    n counts, the interval, the change against the previous period and a note."""
    value_format = {"score": FMT_PERCENT, "share": FMT_PERCENT, "mean": FMT_MEAN}.get(figure.kind, FMT_INT)
    if figure.withheld:
        value = (summaries.withheld_text(figure.n, figure.min_n, figure.unit), None)
    else:
        value = (figure.value, value_format)
    if figure.previous_empty:
        delta = (t("fig.no_previous"), None)
    else:
        delta_format = {"score": "+0.0%;-0.0%;0.0%", "share": "+0.0%;-0.0%;0.0%", "mean": "+0.00;-0.00;0.00"}
        delta = (figure.delta, delta_format.get(figure.kind, "+#,##0;-#,##0;0"))
    note = FIGURE_NOTES.get(figure.key, "oceny 4–5 tego kryterium; przedział Wilsona")
    if figure.kind == "register":
        note = f"{summaries.register_text(figure.value or 0, figure.total or 0)} – {note}"
    interval_format = FMT_MEAN if figure.kind == "mean" else FMT_PERCENT
    cells = (
        (label, None),
        value,
        (figure.n if figure.kind != "count" else None, FMT_INT),
        (UNIT_NAMES[figure.unit] if figure.kind != "count" else None, None),
        (figure.low, interval_format),
        (figure.high, interval_format),
        delta,
        (note, None),
    )
    return tuple((cell, number_format, False) for cell, number_format in cells)


def _as_date(value) -> date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    return value


def _months(start: date, end: date) -> list[date]:
    months = []
    month = date(start.year, start.month, 1)
    while month <= end:
        months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return months


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _trend_row(department: str, month: date, record: dict) -> list:
    """One department-month: the observation score as on the dashboard's trend (the observation
    is the unit) and client satisfaction, each withheld below its minimum n with the reason."""
    observations = int(record.get("observations") or 0)
    score = summaries.score_of(record)
    ratings = int(record.get("ratings") or 0)
    satisfied = proportion(float(record.get("satisfied") or 0), ratings)
    mean = record.get("mean_rating")
    notes = []
    if observations and not score.enough:
        notes.append("wynik: " + summaries.withheld_text(score.n, score.min_n, "observation"))
    if ratings and not satisfied.enough:
        notes.append("zadowolenie: " + summaries.withheld_text(ratings, satisfied.min_n, "rating"))
    if not observations and not ratings:
        notes.append("brak danych")
    return [
        month,
        department,
        observations,
        score.shown,
        score.n if observations else None,
        score.low if score.enough else None,
        score.high if score.enough else None,
        ratings,
        satisfied.shown,
        satisfied.low if satisfied.enough else None,
        satisfied.high if satisfied.enough else None,
        float(mean) if ratings and not _missing(mean) and satisfied.enough else None,
        "; ".join(notes),
    ]


def _trend_chart(ws, title: str, column: int, departments: list[str], months: int) -> LineChart:
    """One line per department; the rows are grouped by department, every department has every month."""
    chart = LineChart()
    chart.title = title
    chart.height, chart.width = 12, 24  # centimetres
    chart.legend.position = "b"  # long department names beside the plot would squeeze it away
    chart.y_axis.number_format = "0%"
    chart.y_axis.title = "odsetek"
    chart.y_axis.crossAx = 500
    chart.x_axis = DateAxis(crossAx=100)
    chart.x_axis.number_format = "mm.yyyy"
    chart.x_axis.majorTimeUnit = "months"
    chart.x_axis.title = "miesiąc"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for index, department in enumerate(departments):
        first = 2 + index * months
        values = Reference(ws, min_col=column, min_row=first, max_row=first + months - 1)
        series = Series(values, title=safe_text(department))
        series.marker.symbol = "circle"  # a month between two gaps still shows
        series.marker.size = 5
        chart.series.append(series)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=1 + months))
    return chart


def register_workbook(rows: Sequence[dict], version: str) -> bytes:
    """The acknowledgement register (one row per employee) as a small .xlsx for the HR file."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Rejestr potwierdzeń"
    headers = (
        "Nazwisko",
        "Imię",
        "Stanowisko",
        "Wydział",
        f"Potwierdzenie wersji {version}",
        "Sposób",
        "Obserwacje bez potwierdzenia",
    )
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    methods = {"self": "w aplikacji", "paper": "formularz papierowy"}
    for row in rows:
        sheet.append(
            [
                safe_text(row["last_name"]),
                safe_text(row["first_name"]),
                safe_text(row.get("position") or ""),
                safe_text(row["department_name"]),
                row["acknowledged_on"],
                methods.get(row["method"], "BRAK"),
                row["unacknowledged_observations"],
            ]
        )
        sheet.cell(sheet.max_row, 5).number_format = FMT_DATE
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(sheet.max_row, 2)}"
    for index, header in enumerate(headers, start=1):
        values = [header, *(str(c.value or "") for c in sheet[get_column_letter(index)][1:200])]
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(len(v) for v in values) + 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
