"""Dates and numbers in the user's language: 24.11.2026, 1 234,5, 87,3%."""

from __future__ import annotations

from datetime import date, datetime

from babel import dates, numbers

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
