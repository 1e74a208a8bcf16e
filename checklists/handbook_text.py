"""The handbook's plain text (checklists/handbook.txt) and the recommendations in it.

This module owns reading the handbook text and splitting its ZALECENIA sections into
single recommendations, so that tests can check that every recommendation is traced by a
checklist file under checklists/standards/ (an item or a not_observable entry whose
`source` quotes it verbatim). It has no Streamlit imports and no knowledge of the YAML files.

Rules of the text, as found in the handbook:

* a section starts at a line "ZALECENIA:" and ends at a line starting with "Uzasadnienie";
* the standard it belongs to is the last "Standard: <heading>" line before it; the last
  section of the handbook has no such heading (standard_heading is None);
* a line starting with "·" or "<digits>." starts a new recommendation (marker removed);
* an ALL-CAPS line (POMYŁKI, ODMOWA, ...) sets the difficult-situation module;
* any other non-empty line continues the previous recommendation (page breaks);
* "[bookmark: ...]" markers are dropped; whitespace runs (tabs included) become one space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

HANDBOOK_TEXT_FILE = Path(__file__).parent / "handbook.txt"

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_WHITESPACE = re.compile(r"\s+")
_NUMBERED = re.compile(r"^\d+\.\s*")
_BULLET = "·"
_SECTION_START = "ZALECENIA:"
_SECTION_END = "Uzasadnienie"
_HEADING = "Standard:"


@dataclass(frozen=True)
class Recommendation:
    """One bullet or numbered point of a ZALECENIA section."""

    standard_heading: str | None  # the heading after "Standard: ", None for the heading-less section
    module: str | None  # the ALL-CAPS sub-heading above it (e.g. "POMYŁKI"), if any
    text: str  # whitespace-normalized, without the "·" or "1." marker


def normalize(text: str) -> str:
    """Collapse runs of whitespace (tabs and newlines included) to one space and strip."""
    return _WHITESPACE.sub(" ", text).strip()


def load_handbook_text(path: Path = HANDBOOK_TEXT_FILE) -> str:
    """The handbook text as shipped with the app."""
    return path.read_text(encoding="utf-8")


def _is_module_heading(line: str) -> bool:
    return any(ch.isalpha() for ch in line) and line == line.upper()


def recommendations(text: str) -> list[Recommendation]:
    """Every recommendation of every ZALECENIA section, in handbook order."""
    found: list[tuple[str | None, str | None, list[str]]] = []
    current: list[str] | None = None  # parts of the recommendation being read
    heading: str | None = None
    module: str | None = None
    in_section = False
    for raw_line in text.splitlines():
        line = normalize(_BOOKMARK.sub("", raw_line))
        if not line:
            continue
        if not in_section:
            if line.startswith(_HEADING):
                heading = line[len(_HEADING) :].strip()
            elif line == _SECTION_START:
                in_section, module, current = True, None, None
            continue
        if line.startswith(_SECTION_END):
            # The section is over; a later section without its own heading has none.
            in_section, heading = False, None
            continue
        numbered = _NUMBERED.match(line)
        if line.startswith(_BULLET) or numbered:
            current = [line[len(_BULLET) :] if line.startswith(_BULLET) else line[numbered.end() :]]
            found.append((heading, module, current))
        elif _is_module_heading(line):
            module, current = line, None
        elif current is not None:
            current.append(line)
    return [Recommendation(h, m, normalize(" ".join(parts))) for h, m, parts in found]
