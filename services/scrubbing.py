"""Removing personal data from a client's free-text comment before it is stored.

PESEL numbers (only those whose check digit is right: other 11-digit numbers stay),
Polish phone numbers and e-mail addresses are replaced by a neutral marker.
"""

from __future__ import annotations

import re
import unicodedata

PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
MARK_PESEL = "[PESEL usunięty]"
MARK_PHONE = "[telefon usunięty]"
MARK_EMAIL = "[e-mail usunięty]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_ELEVEN_DIGITS = re.compile(r"(?<!\d)\d{11}(?!\d)")
# +48 / 0048 prefixes, then 9 digits grouped 3-3-3 or 2-3-2-2 with spaces, dots or dashes,
# optionally with the area code in brackets: (22) 123 45 67.
_PHONE = re.compile(
    r"(?<![\d\w])(?:(?:\+|00)\s?48[\s.-]?)?"
    r"(?:\(?\d{2}\)?[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2}|\d{3}[\s.-]?\d{3}[\s.-]?\d{3})"
    r"(?![\d\w])"
)


def is_valid_pesel(digits: str) -> bool:
    if len(digits) != 11 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:10], PESEL_WEIGHTS, strict=True))
    return (10 - total % 10) % 10 == int(digits[10])


# Bidi embeddings, overrides and isolates can make a comment display in a misleading order.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def strip_control(text: str) -> str:
    """Drop control characters (NUL and the like), lone surrogates and bidi overrides, but keep
    line breaks and tabs. Other format characters stay: the zero-width joiner holds emoji
    sequences together and the non-joiner is part of Persian words; unassigned code points
    stay because newer emoji are unassigned in an older Python's Unicode tables."""
    return "".join(
        ch
        for ch in text
        if ch in "\n\t" or (unicodedata.category(ch) not in ("Cc", "Cs") and ch not in _BIDI_CONTROLS)
    )


def scrub(text: str) -> tuple[str, set[str]]:
    """The text with personal data replaced, and which kinds were found."""
    found: set[str] = set()

    def replace_email(match: re.Match) -> str:
        found.add("email")
        return MARK_EMAIL

    def replace_pesel(match: re.Match) -> str:
        if is_valid_pesel(match.group()):
            found.add("pesel")
            return MARK_PESEL
        return match.group()

    def replace_phone(match: re.Match) -> str:
        found.add("phone")
        return MARK_PHONE

    text = _EMAIL.sub(replace_email, text)
    text = _ELEVEN_DIGITS.sub(replace_pesel, text)
    text = _PHONE.sub(replace_phone, text)
    return text, found
