"""analytics.filters: dashboard filters to and from URL parameters, presets, and the Polish
warnings for whatever a URL asks that cannot be shown.

Every expected date below is written out by hand (calendar arithmetic in the comment beside it).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from analytics.filters import PRESETS, Filters, from_params, preset
from checklists.schema import Kind

TODAY = date(2026, 11, 24)
CODES = {"KM", "GK", "AB"}
VERSIONS = {"2021.1", "2025.2"}


def read(params: dict[str, str], today: date = TODAY) -> tuple[Filters, list[str]]:
    return from_params(params, today=today, known_codes=CODES, versions=VERSIONS)


# --- round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filters",
    [
        Filters(date(2026, 1, 1), date(2026, 11, 24)),
        Filters(date(2026, 3, 1), date(2026, 3, 1), ("GK",)),
        Filters(date(2025, 12, 1), date(2026, 2, 28), ("KM", "AB"), Kind.PHONE, "2025.2"),
        Filters(date(2024, 2, 29), date(2024, 3, 1), (), Kind.PREMISES, None),
        Filters(date(2017, 1, 1), date(2026, 11, 24), ("AB",), None, "2021.1"),
    ],
)
def test_filters_survive_the_url(filters):
    params = filters.to_params()
    assert all(isinstance(value, str) for value in params.values())
    back, warnings = read(params)
    assert warnings == []
    assert back == filters


def test_url_form_is_the_documented_one():
    filters = Filters(date(2026, 1, 1), date(2026, 11, 30), ("KM", "GK"), Kind.IN_PERSON, "2021.1")
    assert filters.to_params() == {
        "od": "2026-01-01",
        "do": "2026-11-30",
        "dzialy": "KM,GK",
        "rodzaj": "in_person",
        "wersja": "2021.1",
    }
    # defaults are left out of the URL, so a plain link stays short
    assert Filters(date(2026, 1, 1), date(2026, 1, 31)).to_params() == {
        "od": "2026-01-01",
        "do": "2026-01-31",
    }


def test_department_order_from_the_url_is_kept():
    filters, warnings = read({"od": "2026-01-01", "do": "2026-01-31", "dzialy": "GK,AB,KM"})
    assert warnings == []
    assert filters.department_codes == ("GK", "AB", "KM")


def test_no_parameters_give_the_last_quarter_without_warnings():
    filters, warnings = read({})
    assert warnings == []
    # 91 days ending today: 26.08.2026, i.e. 6 days of August + 30 + 31 + 24 (September–November)
    assert (filters.start, filters.end) == (date(2026, 8, 26), TODAY)
    assert filters.days == 91
    assert filters == Filters(date(2026, 8, 26), TODAY, (), None, None)


def test_only_a_start_runs_to_today():
    filters, warnings = read({"od": "2026-10-01"})
    assert warnings == []
    assert (filters.start, filters.end) == (date(2026, 10, 1), TODAY)


# --- presets ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("month", date(2026, 10, 26)),  # 30 days: 26–31 October (6) + 1–24 November (24)
        ("quarter", date(2026, 8, 26)),  # 91 days: 6 in August + 30 + 31 + 24
        ("year", date(2025, 11, 25)),  # 365 days back to the day after the same date last year
    ],
)
def test_presets_end_today(name, start):
    assert preset(name, TODAY) == (start, TODAY)


def test_preset_lengths_in_days():
    lengths = {name: Filters(*preset(name, TODAY)).days for name in PRESETS if name != "custom"}
    assert lengths == {"month": 30, "quarter": 91, "year": 365}


def test_year_preset_over_a_leap_day():
    # 11.03.2027–10.03.2028 has 366 days (29.02.2028), so the 365 days ending 10.03.2028 start 12.03.2027
    assert preset("year", date(2028, 3, 10)) == (date(2027, 3, 12), date(2028, 3, 10))


def test_custom_is_a_choice_without_a_preset_period():
    assert "custom" in PRESETS
    with pytest.raises(KeyError):
        preset("custom", TODAY)


# --- what a URL may get wrong ----------------------------------------------------------------


@pytest.mark.parametrize("raw", ["2026-02-30", "24.11.2026", "wczoraj", "2026-13-01", "'; DROP TABLE x"])
def test_invalid_start_date_falls_back_with_a_warning(raw):
    filters, warnings = read({"od": raw, "do": "2026-11-20"})
    assert (filters.start, filters.end) == (date(2026, 8, 26), date(2026, 11, 20))
    assert len(warnings) == 1
    assert warnings[0].startswith("Nieprawidłowa data")
    assert raw[:20] in warnings[0]


def test_invalid_end_date_falls_back_to_today():
    filters, warnings = read({"od": "2026-11-01", "do": "jutro"})
    assert (filters.start, filters.end) == (date(2026, 11, 1), TODAY)
    assert warnings == ["Nieprawidłowa data „jutro” – użyto domyślnej."]


def test_a_long_invalid_value_is_cut_in_the_warning():
    _, warnings = read({"od": "x" * 500})
    assert warnings == [f"Nieprawidłowa data „{'x' * 20}” – użyto domyślnej."]


def test_reversed_range_gives_the_default_period():
    filters, warnings = read({"od": "2026-11-20", "do": "2026-11-01"})
    assert (filters.start, filters.end) == (date(2026, 8, 26), TODAY)
    assert warnings == ["Początek okresu był po jego końcu – użyto domyślnego okresu."]


def test_single_day_is_a_valid_range():
    filters, warnings = read({"od": "2026-11-02", "do": "2026-11-02"})
    assert warnings == []
    assert filters.days == 1
    assert (filters.since, filters.until) == (datetime(2026, 11, 2), datetime(2026, 11, 3))


def test_unknown_department_codes_are_reported_and_dropped():
    filters, warnings = read({"dzialy": "KM,XYZ,GK,OR"})
    assert filters.department_codes == ("KM", "GK")
    assert warnings == ["Pominięto nieznane lub niedostępne wydziały: XYZ, OR."]


def test_department_codes_are_case_sensitive_and_empty_parts_ignored():
    filters, warnings = read({"dzialy": ",km,,GK,"})
    assert filters.department_codes == ("GK",)
    assert warnings == ["Pominięto nieznane lub niedostępne wydziały: km."]


def test_a_flood_of_unknown_codes_gives_one_short_warning():
    codes = ",".join(f"{'Z' * 30}{i}" for i in range(200))
    filters, warnings = read({"dzialy": codes})
    assert filters.department_codes == ()
    assert len(warnings) == 1
    assert len(warnings[0]) < 200
    assert warnings[0].count(", ") == 4  # five named, each cut to 12 characters


def test_codes_the_viewer_may_not_see_count_as_unknown():
    # a supervisor's page passes only their own departments as known codes
    filters, warnings = from_params({"dzialy": "KM,GK"}, today=TODAY, known_codes={"GK"}, versions=VERSIONS)
    assert filters.department_codes == ("GK",)
    assert warnings == ["Pominięto nieznane lub niedostępne wydziały: KM."]


@pytest.mark.parametrize("raw", ["osobiscie", "IN_PERSON", "In_person", "1"])
def test_unknown_kind_shows_every_kind(raw):
    filters, warnings = read({"rodzaj": raw})
    assert filters.kind is None
    assert warnings == ["Nieznany rodzaj obserwacji – pokazano wszystkie."]


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_is_read(kind):
    filters, warnings = read({"rodzaj": kind.value})
    assert (filters.kind, warnings) == (kind, [])


def test_unknown_handbook_version_shows_every_version():
    filters, warnings = read({"wersja": "1999.9"})
    assert filters.handbook_version is None
    assert warnings == ["Nieznana wersja podręcznika – pokazano wszystkie."]
    filters, warnings = read({"wersja": "2025.2"})
    assert (filters.handbook_version, warnings) == ("2025.2", [])


def test_everything_wrong_at_once_gives_one_warning_each():
    filters, warnings = read({"od": "x", "do": "y", "dzialy": "QQ", "rodzaj": "z", "wersja": "v"})
    assert filters == Filters(date(2026, 8, 26), TODAY)
    assert len(warnings) == 5


def test_a_huge_range_is_cut_to_the_last_year():
    filters, warnings = read({"od": "2005-01-01", "do": "2026-06-30"})
    # 365 days ending 30.06.2026 start 01.07.2025
    assert (filters.start, filters.end) == (date(2025, 7, 1), date(2026, 6, 30))
    assert warnings == ["Okres dłuższy niż 10 lat – skrócono do ostatniego roku."]


def test_ten_years_is_not_cut():
    # 16.11.2016 → 24.11.2026: 10 × 365 + 2 leap days (2020, 2024) + 8 = 3 660 days, the longest allowed
    filters, warnings = read({"od": "2016-11-16", "do": "2026-11-24"})
    assert warnings == []
    assert filters.start == date(2016, 11, 16)
    filters, warnings = read({"od": "2016-11-15", "do": "2026-11-24"})
    assert filters.start == date(2025, 11, 25)
    assert len(warnings) == 1


def test_an_end_in_the_future_is_moved_to_today():
    # the date picker cannot show a day after today; a shared link must still open
    filters, warnings = read({"od": "2026-10-01", "do": "2027-01-31"})
    assert (filters.start, filters.end) == (date(2026, 10, 1), TODAY)
    assert warnings == ["Koniec okresu był w przyszłości – użyto dzisiejszej daty."]


def test_a_period_wholly_in_the_future_gives_the_default_period():
    filters, warnings = read({"od": "9999-12-01", "do": "9999-12-31"})
    assert (filters.start, filters.end) == (date(2026, 8, 26), TODAY)
    assert filters.previous().end == date(2026, 8, 25)  # no overflow at the edge of the calendar
    assert len(warnings) == 2


@pytest.mark.parametrize(("start", "end"), [("0001-01-01", "0001-01-05"), ("1899-12-01", "1899-12-31")])
def test_dates_before_the_office_kept_records_give_the_default_period(start, end):
    filters, warnings = read({"od": start, "do": end})
    assert (filters.start, filters.end) == (date(2026, 8, 26), TODAY)
    filters.previous()  # the tiles compare with the period before: it must exist
    assert warnings
    assert all("Nieprawidłowa data" in w or "sprzed" in w for w in warnings)


# --- the period before -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "previous_start", "previous_end"),
    [
        (date(2026, 11, 1), date(2026, 11, 30), date(2026, 10, 2), date(2026, 10, 31)),  # 30 days
        (date(2026, 3, 1), date(2026, 3, 31), date(2026, 1, 29), date(2026, 2, 28)),  # 31 days over February
        (date(2024, 3, 1), date(2024, 3, 31), date(2024, 1, 30), date(2024, 2, 29)),  # leap February
        (date(2026, 1, 1), date(2026, 1, 1), date(2025, 12, 31), date(2025, 12, 31)),  # one day, new year
        (
            date(2025, 1, 1),
            date(2025, 12, 31),
            date(2024, 1, 2),
            date(2024, 12, 31),
        ),  # 365 days; 2024 had 366
    ],
)
def test_previous_is_the_same_length_just_before(start, end, previous_start, previous_end):
    filters = Filters(start, end, ("KM",), Kind.PHONE, "2021.1")
    before = filters.previous()
    assert (before.start, before.end) == (previous_start, previous_end)
    assert before.days == filters.days
    assert before.until == filters.since  # adjacent: no gap, no overlap
    assert (before.department_codes, before.kind, before.handbook_version) == (("KM",), Kind.PHONE, "2021.1")


def test_previous_of_previous_keeps_stepping_back():
    filters = Filters(*preset("quarter", TODAY))
    twice = filters.previous().previous()
    assert twice.days == 91
    assert twice.end == date(2026, 5, 26)  # 26.08 − 1 day − 91 days


def test_bounds_are_whole_days():
    filters = Filters(date(2026, 2, 1), date(2026, 2, 28))
    assert filters.since == datetime(2026, 2, 1, 0, 0)
    assert filters.until == datetime(2026, 3, 1, 0, 0)  # exclusive: the whole of 28 February counts
    assert filters.days == 28
