"""Dates and numbers in the user's language: 24.11.2026, 1 234,5, 87,3%, "3 obserwacje"."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, dates, numbers

_LOCALES = {"pl": "pl_PL", "en": "en_GB", "uk": "uk_UA"}


def _locale(language: str) -> str:
    return _LOCALES.get(language, "pl_PL")


def format_date(value: date | None, language: str = "pl") -> str:
    return "" if value is None else dates.format_date(value, format="dd.MM.yyyy", locale=_locale(language))


def format_datetime(value: datetime | None, language: str = "pl") -> str:
    return (
        ""
        if value is None
        else dates.format_datetime(value, format="dd.MM.yyyy HH:mm", locale=_locale(language))
    )


def format_number(value: float | None, language: str = "pl", decimals: int = 1) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return numbers.format_decimal(value, format=pattern, locale=_locale(language))


def format_percent(value: float | None, language: str = "pl", decimals: int = 1) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return numbers.format_percent(value, format=pattern, locale=_locale(language))


NOUNS: dict[str, dict[str, dict[str, str]]] = {
    # Polish plural categories (CLDR, via Babel): one 1; few 2–4, 22–24…; many 0, 5–21, 25…; other fractions
    "observation": {
        "pl": {"one": "obserwacja", "few": "obserwacje", "many": "obserwacji", "other": "obserwacji"},
        "en": {"one": "observation", "other": "observations"},
    },
    "day": {
        "pl": {"one": "dzień", "few": "dni", "many": "dni", "other": "dnia"},
        "en": {"one": "day", "other": "days"},
    },
    "employee": {
        "pl": {"one": "pracownik", "few": "pracowników", "many": "pracowników", "other": "pracownika"},
        "en": {"one": "employee", "other": "employees"},
    },
    "rating": {
        "pl": {"one": "ocena", "few": "oceny", "many": "ocen", "other": "oceny"},
        "en": {"one": "rating", "other": "ratings"},
    },
    "answer_pair": {
        "pl": {
            "one": "para odpowiedzi",
            "few": "pary odpowiedzi",
            "many": "par odpowiedzi",
            "other": "pary odpowiedzi",
        },
        "en": {"one": "answer pair", "other": "answer pairs"},
    },
    "visit": {
        "pl": {"one": "wizyta", "few": "wizyty", "many": "wizyt", "other": "wizyty"},
        "en": {"one": "visit", "other": "visits"},
    },
    "item": {  # a checklist item
        "pl": {"one": "pozycja", "few": "pozycje", "many": "pozycji", "other": "pozycji"},
        "en": {"one": "item", "other": "items"},
    },
    "standard": {  # a standard of the handbook
        "pl": {"one": "standard", "few": "standardy", "many": "standardów", "other": "standardu"},
        "en": {"one": "standard", "other": "standards"},
    },
    "audit_entry": {
        "pl": {"one": "wpis", "few": "wpisy", "many": "wpisów", "other": "wpisu"},
        "en": {"one": "entry", "other": "entries"},
    },
    "row": {  # inanimate: the accusative of "Dodano 1 wiersz" is the nominative
        "pl": {"one": "wiersz", "few": "wiersze", "many": "wierszy", "other": "wiersza"},
        "en": {"one": "row", "other": "rows"},
    },
    "comment": {
        "pl": {"one": "komentarz", "few": "komentarze", "many": "komentarzy", "other": "komentarza"},
        "en": {"one": "comment", "other": "comments"},
    },
    "critical_breach": {
        "pl": {
            "one": "naruszenie krytyczne",
            "few": "naruszenia krytyczne",
            "many": "naruszeń krytycznych",
            "other": "naruszenia krytycznego",
        },
        "en": {"one": "critical breach", "other": "critical breaches"},
    },
}


def plural_noun(count: float, noun: str, language: str = "pl") -> str:
    """The form of `noun` (a key of NOUNS) that goes with `count`: 1 obserwacja, 3 obserwacje, 5 obserwacji."""
    forms = NOUNS[noun].get(language) or NOUNS[noun]["pl"]
    category = Locale.parse(_locale(language)).plural_form(count)
    return forms.get(category) or forms["other"]


def format_count(count: float, noun: str, language: str = "pl") -> str:
    """A whole count with its noun: "1 obserwacja", "22 obserwacje", "1 234 obserwacji"."""
    return f"{format_number(count, language, 0)} {plural_noun(count, noun, language)}"
