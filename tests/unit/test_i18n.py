"""The message catalogue: every message the screens ask for exists, staff messages are in
Polish and English, the client form also in Ukrainian; Polish formats of dates and numbers."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from accounts.permissions import PAGE_ROLES
from i18n import MESSAGES, format_date, format_datetime, format_number, format_percent, t

PROJECT = Path(__file__).resolve().parents[2]
SCREENS = [*PROJECT.glob("pages/*.py"), *PROJECT.glob("ui/*.py"), PROJECT / "app.py"]
LITERAL_KEY = re.compile(r'\bt\(\s*"([a-z_.0-9]+)"')


def test_every_literal_message_key_used_by_a_screen_exists():
    missing = sorted(
        f"{path.name}: {key}"
        for path in SCREENS
        for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))
        if key not in MESSAGES
    )
    assert not missing, missing


def test_every_page_has_a_navigation_title():
    assert not [page for page in PAGE_ROLES if f"nav.{page}" not in MESSAGES]


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_polish_and_staff_messages_have_english(key):
    entry = MESSAGES[key]
    assert entry.get("pl"), key
    assert entry.get("en"), key


@pytest.mark.parametrize("key", sorted(k for k in MESSAGES if k.startswith("survey.")))
def test_the_client_form_is_also_in_ukrainian(key):
    assert MESSAGES[key].get("uk"), key


def test_placeholders_match_across_languages():
    field = re.compile(r"\{(\w+)\}")
    mismatched = [
        key
        for key, entry in MESSAGES.items()
        if len({frozenset(field.findall(text)) for text in entry.values()}) > 1
    ]
    assert not mismatched, mismatched


def test_a_missing_language_falls_back_to_polish():
    assert t("app.title", "uk") == MESSAGES["app.title"]["pl"]


def test_polish_formats():
    assert format_date(date(2026, 11, 24)) == "24.11.2026"
    assert format_datetime(datetime(2026, 11, 24, 9, 5)) == "24.11.2026 09:05"
    assert format_number(1234.5) == "1\xa0234,5"
    assert format_percent(0.8734) == "87,3%"
    assert format_number(None) == "–"
