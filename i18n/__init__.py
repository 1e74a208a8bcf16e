"""Interface languages: message catalogue (Polish first, English, Ukrainian) and formats.

Staff screens are in Polish or English; the client form also in Ukrainian. A message
missing in a language falls back to Polish, so a gap never shows a raw key.
"""

from i18n.formatting import (
    format_count,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    plural_noun,
)
from i18n.messages import MESSAGES

STAFF_LANGUAGES = ("pl", "en")
CLIENT_LANGUAGES = ("pl", "en", "uk")
DEFAULT_LANGUAGE = "pl"


def t(key: str, language: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The message `key` in `language` (falling back to Polish), with {placeholders} filled."""
    entry = MESSAGES[key]
    text = entry.get(language) or entry["pl"]
    return text.format(**values) if values else text


def format_margin(value: float | None, language: str = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    """A margin of error, stored as a share (0.05), in percentage points: "±5,0 pp" ("±5 pp"
    with decimals=0); None: "–"."""
    if value is None:
        return "–"
    return t("campaigns.margin_value", language, value=format_number(value * 100, language, decimals))


__all__ = [
    "CLIENT_LANGUAGES",
    "DEFAULT_LANGUAGE",
    "MESSAGES",
    "STAFF_LANGUAGES",
    "format_count",
    "format_date",
    "format_datetime",
    "format_margin",
    "format_number",
    "format_percent",
    "plural_noun",
    "t",
]
