"""Typesetting a PDF with Typst: a template from documents/templates, its data as JSON.

Data never becomes Typst markup: the template reads it with `json("data.json")` and places
strings as text, so a name or a client's comment holding `#`, `*` or `$` prints as typed. Every
PDF is tagged and made to PDF/UA-1 (document language, title, headings, reading order, alt text
on every image: Typst refuses to make one without), with the DejaVu fonts of documents/fonts
embedded, so Polish and Ukrainian letters print and copy the same on every machine.

    >>> pdf = render("example.typ", {"title": "Zażółć gęślą jaźń"})  # doctest: +SKIP
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import typst

TEMPLATES = Path(__file__).parent / "templates"
FONTS = Path(__file__).parent / "fonts"
DATA_FILE = "data.json"


class DocumentError(RuntimeError):
    """Typst could not make the document (a template error: a defect, never the user's input)."""


def render(
    template: str,
    data: Mapping,
    files: Mapping[str, bytes] | None = None,
    *,
    made_at: datetime | None = None,
) -> bytes:
    """The PDF of `template` (a file in documents/templates, which may import the others) with
    `data` as data.json and `files` (charts, QR codes: name -> bytes) beside it. `made_at` is
    the document's creation date (now when None): fixed, two renders are byte-identical."""
    with tempfile.TemporaryDirectory(prefix="jakosc-pdf-") as folder:
        root = Path(folder)
        for source in TEMPLATES.glob("*.typ"):
            shutil.copy(source, root / source.name)
        (root / DATA_FILE).write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
        for name, content in (files or {}).items():
            if Path(name).name != name or name in (DATA_FILE,) or name.endswith(".typ"):
                raise ValueError(f"Niedozwolona nazwa pliku dokumentu: {name!r}")
            (root / name).write_bytes(content)
        moment = made_at or datetime.now(UTC)
        try:
            return typst.compile(
                str(root / template),
                root=str(root),
                font_paths=[str(FONTS)],
                ignore_system_fonts=True,
                pdf_standards=["ua-1"],
                timestamp=int(moment.timestamp()),
            )
        except typst.TypstError as error:
            raise DocumentError(f"Nie udało się złożyć dokumentu {template}: {error}") from error
