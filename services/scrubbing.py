"""Removing personal data from a client's free-text comment before it is stored.

The comment is normalised first (invisible format characters dropped, then Unicode NFKC), so a
zero-width space inside a number, full-width digits or a full-width "＠" do not hide anything.
PESEL numbers (only those with a right check digit and a real birth date: other 11-digit numbers
stay), also written in groups ("850101 12345", "850101-12345"), Polish phone numbers, also glued
to a word ("tel600700800"), and e-mail addresses are replaced by a neutral marker.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
MARK_PESEL = "[PESEL usunięty]"
MARK_PHONE = "[telefon usunięty]"
MARK_EMAIL = "[e-mail usunięty]"

# Zero-width non-joiner and joiner: kept where they hold an emoji sequence or a Persian or Indic
# word together (see _joins), dropped elsewhere. The e-mail pattern accepts them, so one left
# between two such letters cannot split an address and leave part of it behind.
_JOINERS = "\u200c\u200d"
_EMAIL = re.compile(rf"[\w.+\-{_JOINERS}]+@[\w\-{_JOINERS}]+(?:\.[\w\-{_JOINERS}]+)+")
# Between the digits of a PESEL: nothing, a space, or a hyphen or dash with optional spaces.
# No dots: dates and case numbers ("12.03.2026", "GN.6821.12.2024") are written with dots.
_PESEL_GAP = r"(?:\s?[-\u2010-\u2015\u2212]\s?|\s)?"
# Every start of eleven digits (overlapping, hence the lookahead) that is a whole group: no digit
# right before the first one or right after the last one.
_PESEL = re.compile(rf"(?<!\d)(?=(\d(?:{_PESEL_GAP}\d){{10}})(?!\d))")
# +48 / 0048 prefixes, then 9 digits grouped 3-3-3 or 2-3-2-2 with spaces, dots or dashes,
# optionally with the area code in brackets: (22) 123 45 67. Letters may touch the number
# ("tel600700800"), digits may not (a longer number is not a phone).
_PHONE = re.compile(
    r"(?<!\d)(?:(?:\+|00)\s?48[\s.-]?)?"
    r"(?:\(?\d{2}\)?[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2}|\d{3}[\s.-]?\d{3}[\s.-]?\d{3})"
    r"(?!\d)"
)
# Categories of characters a joiner may stand between: letters of uncased scripts (Arabic,
# Persian, Indic), marks, emoji symbols and skin-tone modifiers, and code points newer than
# Python's Unicode tables (newer emoji).
_JOINABLE = frozenset({"Lo", "Lm", "Mn", "Mc", "Me", "So", "Sk", "Cn"})
_BLACK_FLAG = "\U0001f3f4"


def is_valid_pesel(digits: str) -> bool:
    """Eleven digits with the right check digit and a real birth date (the month carries the
    century: +80 for the 1800s, +20 for the 2000s, +40, +60 after)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:10], PESEL_WEIGHTS, strict=True))
    if (10 - total % 10) % 10 != int(digits[10]):
        return False
    year, month, day = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    century = {0: 1900, 1: 2000, 2: 2100, 3: 2200, 4: 1800}[month // 20]
    try:
        date(century + year, month % 20, day)
    except ValueError:
        return False
    return True


def _joins(before: str, after: str) -> bool:
    """Whether a zero-width joiner or non-joiner between these characters does a job. Next to
    ASCII, digits, spaces or Latin, Cyrillic and Greek letters it only hides text."""
    return all(ch and ch > "\x7f" and unicodedata.category(ch) in _JOINABLE for ch in (before, after))


def _is_tag(ch: str) -> bool:
    return "\U000e0020" <= ch <= "\U000e007f"


def strip_control(text: str) -> str:
    """Drop control characters (NUL and the like), lone surrogates and invisible format
    characters: bidi overrides, zero-width spaces, soft hyphens, byte-order marks. Line breaks
    and tabs stay; so do the zero-width joiner and non-joiner where they hold an emoji sequence
    or a Persian word together, and the tag characters of a subdivision flag (🏴 England).
    Unassigned code points stay because newer emoji are unassigned in an older Python's tables."""
    kept: list[str] = []
    for index, ch in enumerate(text):
        if (
            ch in "\n\t"
            or unicodedata.category(ch) not in ("Cc", "Cs", "Cf")
            or _needed(ch, text, index, kept)
        ):
            kept.append(ch)
    return "".join(kept)


def _needed(ch: str, text: str, index: int, kept: list[str]) -> bool:
    """Whether an invisible character does a job: a joiner inside an emoji sequence or a Persian
    word, a tag character of a subdivision flag."""
    if ch in _JOINERS:
        return _joins(text[index - 1 : index], text[index + 1 : index + 2])
    return _is_tag(ch) and bool(kept) and (kept[-1] == _BLACK_FLAG or _is_tag(kept[-1]))


def normalise(text: str) -> str:
    """The text as scrubbing reads it: without invisible characters, then NFKC (full-width and
    other compatibility forms become plain digits, letters, spaces and "@")."""
    return unicodedata.normalize("NFKC", strip_control(text))


def _replace_pesels(text: str) -> tuple[str, bool]:
    parts, end = [], 0
    for match in _PESEL.finditer(text):
        start, stop = match.span(1)
        if start >= end and is_valid_pesel(re.sub(r"\D", "", match.group(1))):
            parts += [text[end:start], MARK_PESEL]
            end = stop
    return "".join(parts) + text[end:], bool(parts)


def scrub(text: str) -> tuple[str, set[str]]:
    """The normalised text with personal data replaced, and which kinds were found."""
    found: set[str] = set()

    def replace_email(match: re.Match) -> str:
        found.add("email")
        return MARK_EMAIL

    def replace_phone(match: re.Match) -> str:
        found.add("phone")
        return MARK_PHONE

    text = _EMAIL.sub(replace_email, normalise(text))
    text, pesel = _replace_pesels(text)
    if pesel:
        found.add("pesel")
    text = _PHONE.sub(replace_phone, text)
    return text, found
