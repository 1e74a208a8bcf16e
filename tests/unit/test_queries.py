"""Dashboard queries (analytics.queries) and what the dashboard makes of them (analytics.summaries),
on a small office built by hand.

The data: October 2026 is the period looked at, September 2026 (31 August – 30 September) the
period before it. Each observation asks a few real checklist items (weights and critical flags
as in the handbook, checked below); the observation's stored tallies are the plain sums of its
answers. Every expected number is worked out by hand in the comment beside it. A draft, a
deleted observation and an observation just after the period carry answers that would change
every number if they were counted.

Observation scores: the observation is the unit. Observation i has met weight yᵢ and scored weight
xᵢ (met + not met); the score of a group is R = Σy / Σx over its observations with xᵢ > 0, n is the
number of those observations, and the 95% interval is R ± t(0.975; n − 1)·SE with
SE = √(n/(n − 1)·Σ(yᵢ − R·xᵢ)²) / Σx, clipped to [0, 1] (Wilson's interval with n trials when every
observation has the same score). A score is shown from 5 observations ($JAKOSC_MIN_OBSERVATIONS);
shares of client ratings from 10 ratings ($JAKOSC_MIN_N).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pandas as pd
import pytest

from accounts.service import CurrentUser, create_account
from analytics import headline, queries, summaries
from analytics.filters import Filters, from_params
from analytics.queries import Scope
from checklists.loading import current_checklists
from checklists.schema import Answer, Kind
from services import observations as observation_service
from services import survey
from services.observations import StartRequest
from storage import bulk, users
from storage.db import now
from tests.seeding import add_acknowledgement, add_observation, add_ratings

CHECKLISTS = current_checklists()
VERSION = CHECKLISTS.version
OCTOBER = Filters(date(2026, 10, 1), date(2026, 10, 31))
SEPTEMBER = Filters(date(2026, 9, 1), date(2026, 9, 30))

# item id -> (standard, weight, critical), as in checklists/standards (checked in a test below)
ITEMS = {
    "IDE-01": ("identyfikacja", 1.0, False),
    "IDE-03": ("identyfikacja", 1.0, True),
    "WYG-08": ("wyglad", 2.0, False),
    "WYG-03": ("wyglad", 0.5, False),
    "DYS-05": ("dyskrecja", 1.0, True),
    "WIE-03": ("wiedza", 2.0, False),
    "ZAI-06": ("zainteresowanie", 2.0, False),
    "PRO-05": ("proces", 2.0, False),
    "PRO-06": ("proces", 2.0, False),
}
T, N, NA, NO = "tak", "nie", "nie_dotyczy", "nie_zaobserwowano"
ALL_MET = {"IDE-01": T, "IDE-03": T, "WYG-08": T, "WYG-03": T, "DYS-05": T}
ALL_UNMET = {"IDE-01": N, "IDE-03": N, "WYG-08": N, "WYG-03": N, "DYS-05": N}


@pytest.fixture(autouse=True)
def default_min_n(monkeypatch):
    monkeypatch.delenv("JAKOSC_MIN_N", raising=False)
    monkeypatch.delenv("JAKOSC_MIN_OBSERVATIONS", raising=False)


# --- building the office's history by hand -----------------------------------------------------


@pytest.fixture
def history(db, office):
    """The office of tests/conftest.py with September and October 2026 on record.

    Sent in October (counted):
      O1 KM Kowalska  05.10 09:00  IDE-01 tak, IDE-03 tak, WYG-08 nie, WYG-03 tak, DYS-05 nie dotyczy
         met 1+1+0.5 = 2.5, not met 2, scored items 4, no critical breach
      O2 KM Nowak     20.10 14:30  IDE-01 nie, IDE-03 nie (critical), WYG-08 tak, WYG-03 nie zaobs., DYS-05 tak
         met 2+1 = 3, not met 1+1 = 2, scored items 4, 1 critical; module "skarga"
      O3 GK Wiśniewska 31.10 23:59 phone: IDE-01 nie, IDE-03 tak, WYG-08 tak, WYG-03 tak, DYS-05 nie (critical)
         met 1+2+0.5 = 3.5, not met 1+1 = 2, scored items 5, 1 critical; modules "agresywny_klient,skarga"
      O4 GK premises  10.10 12:00  WYG-08 tak, WYG-03 nie
         met 2, not met 0.5, scored items 2
      October: 4 observations, met 11.0, scored 17.5, scored items 15, 2 critical breaches.
      Per observation (y, x): O1 (2.5, 4.5), O2 (3, 5), O3 (3.5, 5.5), O4 (2, 2.5), so
      Σy² = 6.25 + 9 + 12.25 + 4 = 31.5, Σx² = 20.25 + 25 + 30.25 + 6.25 = 81.75,
      Σxy = 11.25 + 15 + 19.25 + 5 = 50.5; observed employees 3 (O4 has none).
      Per standard (y, x) of each observation ("nie dotyczy" and "nie zaobserwowano" not scored):
        identyfikacja O1 (2, 2), O2 (0, 2), O3 (1, 2)
        wyglad        O1 (0.5, 2.5), O2 (2, 2), O3 (2.5, 2.5), O4 (2, 2.5)
        dyskrecja     O1 (0, 0) – not scored, O2 (1, 1), O3 (0, 1)
    Sent in September (the period before): O8 GK Zieliński 30.09 23:59 all met (met 5.5 of 5.5, 5
    items), O9 KM Kowalska 15.09 all met but WYG-03 (met 5 of 5.5, 5 items).
    Never counted: a KM draft and a deleted KM observation in October, an observation at 01.11 00:00.
    """
    km, gk = office["departments"]["KM"], office["departments"]["GK"]
    people, accounts = office["employees"], office["accounts"]
    sup_km, sup_gk = accounts["kierownik.km"], accounts["kierownik.gk"]
    ids = {
        "O1": add_observation(
            db,
            department=km,
            employee=people["kowalska"],
            observer=sup_km,
            at=datetime(2026, 10, 5, 9, 0),
            answers={"IDE-01": T, "IDE-03": T, "WYG-08": N, "WYG-03": T, "DYS-05": NA},
        ),
        "O2": add_observation(
            db,
            department=km,
            employee=people["nowak"],
            observer=sup_km,
            at=datetime(2026, 10, 20, 14, 30),
            answers={"IDE-01": N, "IDE-03": N, "WYG-08": T, "WYG-03": NO, "DYS-05": T},
            modules="skarga",
            comments={"IDE-03": "Brak identyfikatora przy stanowisku."},
        ),
        "O3": add_observation(
            db,
            department=gk,
            employee=people["wisniewska"],
            observer=sup_gk,
            at=datetime(2026, 10, 31, 23, 59),
            answers={"IDE-01": N, "IDE-03": T, "WYG-08": T, "WYG-03": T, "DYS-05": N},
            kind="phone",
            modules="agresywny_klient,skarga",
            comments={"DYS-05": "Rozmowa o danych Klienta przy innych osobach."},
        ),
        "O4": add_observation(
            db,
            department=gk,
            employee=None,
            observer=sup_gk,
            at=datetime(2026, 10, 10, 12, 0),
            answers={"WYG-08": T, "WYG-03": N},
            kind="premises",
        ),
        "draft": add_observation(
            db,
            department=km,
            employee=people["kowalska"],
            observer=sup_km,
            at=datetime(2026, 10, 6, 10, 0),
            answers={**ALL_UNMET, "IDE-01": None},
            status="draft",
            modules="odmowa",
            comments={"IDE-03": "Szkic: nie liczy się."},
        ),
        "deleted": add_observation(
            db,
            department=km,
            employee=people["nowak"],
            observer=sup_km,
            at=datetime(2026, 10, 7, 11, 0),
            answers=ALL_UNMET,
            status="deleted",
            modules="odmowa",
            comments={"IDE-03": "Usunięta: nie liczy się.", "DYS-05": "Usunięta."},
        ),
        "november": add_observation(
            db,
            department=km,
            employee=people["kowalska"],
            observer=sup_km,
            at=datetime(2026, 11, 1, 0, 0),
            answers=ALL_UNMET,
            modules="odmowa",
            comments={"IDE-03": "Listopad.", "DYS-05": "Listopad."},
        ),
        "O8": add_observation(
            db,
            department=gk,
            employee=people["zielinski"],
            observer=sup_gk,
            at=datetime(2026, 9, 30, 23, 59),
            answers=ALL_MET,
        ),
        "O9": add_observation(
            db,
            department=km,
            employee=people["kowalska"],
            observer=sup_km,
            at=datetime(2026, 9, 15, 8, 0),
            answers={**ALL_MET, "WYG-03": N},
        ),
    }
    return {"km": km, "gk": gk, "ids": ids, **office}


@pytest.fixture
def ratings(db, history):
    """Client ratings. 5.10.2026 is a Monday (24.11.2026, a Tuesday, is 50 days = 7 weeks + 1 day later).

    October, 16 ratings:
      KM Mon 05.10 from 08:00, 10 ratings: 5 5 5 4 4 4 4 3 2 1 (7 satisfied, sum 37)
      KM Tue 06.10 from 14:00, 2 ratings: 5 4 (2 satisfied, sum 9)
      GK Wed 07.10 from 10:00, 3 ratings: 1 2 5 (1 satisfied, sum 8)
      no department, Fri 09.10 12:00: 4 (1 satisfied)
      → 16 ratings, 11 satisfied, mean 58/16 = 3.625; KM 12 ratings, 9 satisfied, mean 46/12.
      "Czas" given on the five first KM Monday ratings: 5 4 3 2 1; "Sposób" equals the overall rating
      on every October rating; the other criteria are never given.
    September (the period before), KM Thu 10.09 from 09:00, 12 ratings: 5×8, 4×2, 3, 2
      → 10 satisfied, sum 53.
    After the period: one KM rating at 01.11 00:00 (overall 1).
    """
    km, gk = history["km"], history["gk"]
    monday = [5, 5, 5, 4, 4, 4, 4, 3, 2, 1]
    ids = {
        "monday": add_ratings(
            db,
            km,
            datetime(2026, 10, 5, 8, 0),
            monday,
            rating_time=[5, 4, 3, 2, 1, None, None, None, None, None],
            rating_manner=monday,
        ),
        "tuesday": add_ratings(db, km, datetime(2026, 10, 6, 14, 0), [5, 4], rating_manner=[5, 4]),
        "gk": add_ratings(db, gk, datetime(2026, 10, 7, 10, 0), [1, 2, 5], rating_manner=[1, 2, 5]),
        "none": add_ratings(db, None, datetime(2026, 10, 9, 12, 0), [4], rating_manner=[4]),
        "september": add_ratings(db, km, datetime(2026, 9, 10, 9, 0), [5] * 8 + [4, 4, 3, 2]),
        "november": add_ratings(db, km, datetime(2026, 11, 1, 0, 0), [1]),
    }
    return {**history, "ratings": ids}


def everything(filters: Filters = OCTOBER) -> Scope:
    return Scope(filters, None)


def only(*department_ids, filters: Filters = OCTOBER) -> Scope:
    return Scope(filters, tuple(department_ids))


# --- the test data is the handbook's ---------------------------------------------------------


def test_items_used_here_carry_the_handbook_weights():
    for item_id, (standard_id, weight, critical) in ITEMS.items():
        entry = CHECKLISTS.entry(item_id)
        assert (entry.standard.id, entry.item.weight, entry.item.critical) == (standard_id, weight, critical)


# --- headline --------------------------------------------------------------------------------


def test_headline_counts_sent_observations_of_the_period_only(db, ratings):
    add_acknowledgement(db, ratings["employees"]["kowalska"])
    add_acknowledgement(db, ratings["employees"]["wisniewska"])
    add_acknowledgement(db, ratings["employees"]["nowak"], version="2019.1")  # another version
    head = queries.headline(db, everything(), VERSION)
    assert head["observations"] == 4
    assert head["scored_observations"] == 4  # each of O1–O4 scored at least one item
    assert head["met"] == pytest.approx(11.0)  # 2.5 + 3 + 3.5 + 2
    assert head["scored"] == pytest.approx(17.5)  # 4.5 + 5 + 5.5 + 2.5
    assert head["met_sq"] == pytest.approx(31.5)  # 2.5² + 3² + 3.5² + 2²
    assert head["scored_sq"] == pytest.approx(81.75)  # 4.5² + 5² + 5.5² + 2.5²
    assert head["cross_sum"] == pytest.approx(50.5)  # 2.5·4.5 + 3·5 + 3.5·5.5 + 2·2.5
    assert head["employees"] == 3  # observed: Kowalska, Nowak, Wiśniewska (O4 has no employee)
    assert head["critical"] == 2
    assert head["ratings"] == 16
    assert head["satisfied"] == 11
    assert head["mean_rating"] == pytest.approx(58 / 16)
    # the register: 4 active employees, 2 acknowledged the current version; its key does not
    # override the observed employees above
    assert (head["active_employees"], head["acknowledged"]) == (4, 2)


def test_headline_of_one_department(db, ratings):
    add_acknowledgement(db, ratings["employees"]["kowalska"])
    add_acknowledgement(db, ratings["employees"]["wisniewska"])
    head = queries.headline(db, only(ratings["km"]), VERSION)
    # KM: O1 (2.5, 4.5) and O2 (3, 5)
    assert (head["observations"], head["scored_observations"]) == (2, 2)
    assert head["met"] == pytest.approx(5.5)  # 2.5 + 3
    assert head["scored"] == pytest.approx(9.5)  # 4.5 + 5
    assert head["met_sq"] == pytest.approx(15.25)  # 6.25 + 9
    assert head["scored_sq"] == pytest.approx(45.25)  # 20.25 + 25
    assert head["cross_sum"] == pytest.approx(26.25)  # 11.25 + 15
    assert (head["employees"], head["critical"]) == (2, 1)  # Kowalska and Nowak; IDE-03 in O2
    assert (head["ratings"], head["satisfied"]) == (12, 9)
    assert head["mean_rating"] == pytest.approx(46 / 12)
    assert (head["active_employees"], head["acknowledged"]) == (2, 1)


def test_headline_counts_active_employees_only(db, history):
    inactive = uuid.uuid4()
    bulk.insert_frame(
        db,
        "employees",
        pd.DataFrame(
            [
                {
                    "id": str(inactive),
                    "department_id": str(history["km"]),
                    "first_name": "Adam",
                    "last_name": "Były",
                    "active": False,
                    "created_at": datetime(2020, 1, 1),
                }
            ]
        ),
    )
    add_acknowledgement(db, inactive)
    head = queries.headline(db, only(history["km"]), VERSION)
    # KM has three employees on record, Były inactive: 2 active, none acknowledged
    assert (head["active_employees"], head["acknowledged"]) == (2, 0)


def test_headline_of_an_empty_period(db, ratings):
    head = queries.headline(db, everything(Filters(date(2025, 1, 1), date(2025, 1, 31))), VERSION)
    assert (head["observations"], head["ratings"], head["satisfied"]) == (0, 0, 0)
    assert (head["scored_observations"], head["employees"]) == (0, 0)
    assert head["met"] is None and head["scored"] is None and head["mean_rating"] is None
    assert head["met_sq"] is None and head["scored_sq"] is None and head["cross_sum"] is None


def test_observation_kind_and_handbook_version_filters(db, history):
    phone = Filters(OCTOBER.start, OCTOBER.end, kind=Kind.PHONE)
    assert queries.headline(db, everything(phone), VERSION)["observations"] == 1  # O3
    premises = Filters(OCTOBER.start, OCTOBER.end, kind=Kind.PREMISES)
    audit = queries.headline(db, everything(premises), VERSION)  # O4: met 2 of 2.5, no employee
    assert (audit["met"], audit["scored"], audit["scored_observations"]) == (2.0, 2.5, 1)
    assert audit["employees"] == 0
    add_observation(
        db,
        department=history["km"],
        employee=history["employees"]["nowak"],
        observer=history["accounts"]["kierownik.km"],
        at=datetime(2026, 10, 2, 9, 0),
        answers=ALL_MET,
        version="2019.1",
    )
    old = Filters(OCTOBER.start, OCTOBER.end, handbook_version="2019.1")
    assert queries.headline(db, everything(old), VERSION)["observations"] == 1
    current = Filters(OCTOBER.start, OCTOBER.end, handbook_version=VERSION)
    assert queries.headline(db, everything(current), VERSION)["observations"] == 4
    assert queries.headline(db, everything(), VERSION)["observations"] == 5
    assert queries.handbook_versions(db) == ["2019.1", VERSION]


# --- trends ----------------------------------------------------------------------------------


def test_monthly_scores_per_department_and_month(db, history):
    both = Filters(date(2026, 9, 1), date(2026, 10, 31))
    monthly = queries.monthly_scores(db, everything(both))
    km, gk = history["km"], history["gk"]
    rows = {
        (r.department_id, r.department, r.department_code, r.month): (
            r.observations,
            r.scored_observations,
            r.met,
            r.scored,
            r.met_sq,
            r.scored_sq,
            r.cross_sum,
        )
        for r in monthly.itertuples()
    }
    # distinct employees cost a count per group: only the headline counts them
    assert "employees" not in monthly.columns
    gk_name, km_name = "Wydział Geodezji i Kartografii", "Wydział Komunikacji"
    assert rows == {
        # O8 (5.5, 5.5): 5.5² = 30.25 three times
        (gk, gk_name, "GK", pd.Timestamp(2026, 9, 1)): (1, 1, 5.5, 5.5, 30.25, 30.25, 30.25),
        # O3 (3.5, 5.5) + O4 (2, 2.5): Σy² 12.25 + 4, Σx² 30.25 + 6.25, Σxy 19.25 + 5
        (gk, gk_name, "GK", pd.Timestamp(2026, 10, 1)): (2, 2, 5.5, 8.0, 16.25, 36.5, 24.25),
        # O9 (5, 5.5): 25, 30.25, 27.5
        (km, km_name, "KM", pd.Timestamp(2026, 9, 1)): (1, 1, 5.0, 5.5, 25.0, 30.25, 27.5),
        # O1 (2.5, 4.5) + O2 (3, 5): 6.25 + 9, 20.25 + 25, 11.25 + 15
        (km, km_name, "KM", pd.Timestamp(2026, 10, 1)): (2, 2, 5.5, 9.5, 15.25, 45.25, 26.25),
    }
    assert list(monthly["department"]) == sorted(monthly["department"])


def test_monthly_satisfaction(db, ratings):
    both = Filters(date(2026, 9, 1), date(2026, 10, 31))
    monthly = queries.monthly_satisfaction(db, everything(both))
    rows = {(r.department, r.month): (r.ratings, r.satisfied, r.mean_rating) for r in monthly.itertuples()}
    assert rows == {
        ("(nie podano)", pd.Timestamp(2026, 10, 1)): (1, 1, 4.0),
        ("Wydział Geodezji i Kartografii", pd.Timestamp(2026, 10, 1)): (3, 1, pytest.approx(8 / 3)),
        ("Wydział Komunikacji", pd.Timestamp(2026, 9, 1)): (12, 10, pytest.approx(53 / 12)),
        ("Wydział Komunikacji", pd.Timestamp(2026, 10, 1)): (12, 9, pytest.approx(46 / 12)),
    }


def test_satisfaction_by_criterion_counts_only_given_answers(db, ratings):
    frame = queries.satisfaction_by_criterion(db, everything()).set_index("criterion")
    assert list(frame.index) == list(queries.CRITERIA)
    assert frame.loc["overall", ["ratings", "satisfied"]].tolist() == [16, 11]
    assert frame.loc["overall", "mean_rating"] == pytest.approx(3.625)
    assert frame.loc["rating_time", ["ratings", "satisfied"]].tolist() == [5, 2]  # 5 4 3 2 1
    assert frame.loc["rating_time", "mean_rating"] == pytest.approx(3.0)
    assert frame.loc["rating_manner", ["ratings", "satisfied"]].tolist() == [16, 11]
    assert frame.loc["rating_forms", ["ratings", "satisfied"]].tolist() == [0, 0]
    assert frame.loc["rating_forms", "mean_rating"] is None or pd.isna(
        frame.loc["rating_forms", "mean_rating"]
    )
    assert frame.loc["rating_time", "label"] == "Czas załatwienia sprawy"


def test_rating_hours_by_iso_weekday_and_hour(db, ratings):
    hours = queries.rating_hours(db, everything())
    rows = {(r.weekday, r.hour): (r.ratings, r.satisfied, r.mean_rating) for r in hours.itertuples()}
    assert rows == {
        (1, 8): (10, 7, pytest.approx(3.7)),  # Monday 08:00–08:09
        (2, 14): (2, 2, pytest.approx(4.5)),  # Tuesday 14:00–14:01
        (3, 10): (3, 1, pytest.approx(8 / 3)),  # Wednesday
        (5, 12): (1, 1, 4.0),  # Friday, no department
    }


def test_a_rating_at_the_last_second_of_the_period_counts_and_one_at_midnight_after_does_not(db, history):
    add_ratings(db, history["km"], datetime(2026, 10, 31, 23, 59, 59), [2])
    add_ratings(db, history["km"], datetime(2026, 11, 1, 0, 0, 0), [3])
    add_ratings(db, history["km"], datetime(2026, 10, 1, 0, 0, 0), [4])
    add_ratings(db, history["km"], datetime(2026, 9, 30, 23, 59, 59), [5])
    head = queries.headline(db, everything(), VERSION)
    assert (head["ratings"], head["mean_rating"]) == (2, 3.0)  # 2 and 4


# --- departments × standards, items ----------------------------------------------------------


def test_department_standard_cells(db, history):
    cells = queries.department_standard(db, everything())
    got = {
        (r.department, r.standard_id): (
            r.scored_observations,
            r.met,
            r.scored,
            r.met_sq,
            r.scored_sq,
            r.cross_sum,
        )
        for r in cells.itertuples()
    }
    assert "employees" not in cells.columns  # counted only in the headline
    # (observations scored, Σy, Σx, Σy², Σx², Σxy) from the per-standard (y, x) pairs
    assert got == {
        # KM: O1 (tak, tak | nie, tak | n/a) + O2 (nie, nie | tak, n/o | tak)
        # identyfikacja O1 (2, 2), O2 (0, 2): Σy² 4 + 0, Σx² 4 + 4, Σxy 4 + 0
        ("Wydział Komunikacji", "identyfikacja"): (2, 2.0, 4.0, 4.0, 8.0, 4.0),
        # wyglad O1 (0.5, 2.5), O2 (2, 2): Σy² 0.25 + 4, Σx² 6.25 + 4, Σxy 1.25 + 4
        ("Wydział Komunikacji", "wyglad"): (2, 2.5, 4.5, 4.25, 10.25, 5.25),
        # dyskrecja: O1 only "nie dotyczy" (x = 0) is not counted; O2 (1, 1)
        ("Wydział Komunikacji", "dyskrecja"): (1, 1.0, 1.0, 1.0, 1.0, 1.0),
        # GK: O3 (nie, tak | tak, tak | nie) + O4 (| tak, nie |)
        # identyfikacja O3 (1, 2)
        ("Wydział Geodezji i Kartografii", "identyfikacja"): (1, 1.0, 2.0, 1.0, 4.0, 2.0),
        # wyglad O3 (2.5, 2.5), O4 (2, 2.5): Σy² 6.25 + 4, Σx² 6.25 + 6.25, Σxy 6.25 + 5
        ("Wydział Geodezji i Kartografii", "wyglad"): (2, 4.5, 5.0, 10.25, 12.5, 11.25),
        # dyskrecja O3 (0, 1)
        ("Wydział Geodezji i Kartografii", "dyskrecja"): (1, 0.0, 1.0, 0.0, 1.0, 0.0),
    }
    assert set(zip(cells["department"], cells["department_code"], strict=True)) == {
        ("Wydział Komunikacji", "KM"),
        ("Wydział Geodezji i Kartografii", "GK"),
    }
    assert set(cells[cells["department_code"] == "KM"]["department_id"]) == {history["km"]}


def test_standard_table_withholds_a_standard_below_five_observations(db, history, monkeypatch):
    cells = queries.department_standard(db, only(history["km"]))
    table = summaries.standard_table(cells, STANDARD_NAMES).set_index("_id")
    assert list(table.columns) == ["Standard", "Wynik", "Podstawa i przedział"]
    # KM has at most 2 observations per standard: every score is withheld, and says why
    assert table.loc["identyfikacja"].tolist() == [
        "Identyfikacja",
        "—",
        "za mało obserwacji: 2 z wymaganych 5",
    ]
    assert table.loc["wyglad", "Podstawa i przedział"] == "za mało obserwacji: 2 z wymaganych 5"
    assert table.loc["dyskrecja", "Podstawa i przedział"] == "za mało obserwacji: 1 z wymaganych 5"
    assert table.loc["telefon"].tolist() == ["Telefon", "—", "brak ocenionych obserwacji"]

    monkeypatch.setenv("JAKOSC_MIN_OBSERVATIONS", "2")
    table = summaries.standard_table(cells, STANDARD_NAMES).set_index("_id")
    # identyfikacja O1 (2, 2), O2 (0, 2): R = 2/4 = 50%; residuals 2 − 0.5·2 = 1 and −1,
    # SE = √(2/1 · 2) / 4 = 0.5, t(0.975; 1) = 12.706: the interval covers 0–100%
    assert table.loc["identyfikacja", "Wynik"] == "50,0%"
    assert table.loc["identyfikacja", "Podstawa i przedział"] == (
        "2 obserwacje; przedział ufności 95%: 0,0–100,0%"
    )
    # wyglad O1 (0.5, 2.5), O2 (2, 2): 2.5 / 4.5 = 55.6%
    assert table.loc["wyglad", "Wynik"] == "55,6%"
    assert table.loc["dyskrecja", "Podstawa i przedział"] == "za mało obserwacji: 1 z wymaganych 2"


def test_item_results_rank_items_by_how_often_they_were_unmet(db, history):
    items = queries.item_results(db, everything())
    got = [(r.item_id, r.not_met, r.scored) for r in items.itertuples()]
    # IDE-01 unmet in O2 and O3; the rest once each, ties in item id order
    assert got == [
        ("IDE-01", 2, 3),
        ("DYS-05", 1, 2),  # O1 "nie dotyczy" is not scored
        ("IDE-03", 1, 3),
        ("WYG-03", 1, 3),  # O2 "nie zaobserwowano" is not scored
        ("WYG-08", 1, 4),
    ]
    assert queries.total_not_met(db, everything()) == 6 == sum(n for _, n, _ in got)
    limited = queries.item_results(db, everything(), limit=2)
    assert [(r.item_id, r.standard_id, r.not_met, r.scored) for r in limited.itertuples()] == [
        ("IDE-01", "identyfikacja", 2, 3),
        ("DYS-05", "dyskrecja", 1, 2),
    ]
    within = queries.item_results(db, everything(), standard_id="wyglad")
    assert [(r.item_id, r.not_met, r.scored) for r in within.itertuples()] == [
        ("WYG-03", 1, 3),
        ("WYG-08", 1, 4),
    ]
    assert queries.total_not_met(db, only(history["gk"])) == 3  # O3 2 + O4 1


def test_item_results_are_the_same_list_whatever_the_limit(db, history):
    # five items were unmet: up to 5 the ranking comes from the "nie" answers first, above 5
    # the met-only items join the list; either way the list is a prefix of the whole ranking
    add_observation(
        db,
        department=history["km"],
        employee=history["employees"]["kowalska"],
        observer=history["accounts"]["kierownik.km"],
        at=datetime(2026, 10, 8, 9, 0),
        answers={"WIE-03": T, "ZAI-06": T, "PRO-05": NA, "IDE-01": T},
    )
    whole = [
        ("IDE-01", "identyfikacja", 2, 4),
        ("DYS-05", "dyskrecja", 1, 2),
        ("IDE-03", "identyfikacja", 1, 3),
        ("WYG-03", "wyglad", 1, 3),
        ("WYG-08", "wyglad", 1, 4),
        ("PRO-05", "proces", 0, 0),  # asked, only "nie dotyczy"
        ("WIE-03", "wiedza", 0, 1),
        ("ZAI-06", "zainteresowanie", 0, 1),
    ]
    for limit in range(1, 10):
        got = queries.item_results(db, everything(), limit=limit)
        assert [(r.item_id, r.standard_id, r.not_met, r.scored) for r in got.itertuples()] == whole[:limit]
        assert list(got.columns) == ["item_id", "standard_id", "not_met", "scored"]


def test_item_observations_drill_down_without_names(db, history):
    behind = queries.item_observations(db, only(history["km"]), "IDE-03", with_names=False)
    assert list(behind["answer"]) == ["nie", "tak"]  # O2 (20.10) before O1 (05.10)
    assert behind["employee"].isna().all()
    assert list(behind["comment"].fillna("")) == ["Brak identyfikatora przy stanowisku.", ""]
    named = queries.item_observations(db, only(history["km"]), "IDE-03", with_names=True)
    assert list(named["employee"]) == ["Jan Nowak", "Anna Kowalska"]


# --- coverage and difficult situations --------------------------------------------------------


def test_coverage_counts_scored_and_not_observed_answers(db, history):
    frame = queries.coverage(db, everything())
    got = {(r.department, r.standard_id): (r.scored, r.not_observed) for r in frame.itertuples()}
    assert got == {
        ("Wydział Komunikacji", "identyfikacja"): (4, 0),
        ("Wydział Komunikacji", "wyglad"): (3, 1),
        ("Wydział Komunikacji", "dyskrecja"): (1, 0),  # O1's "nie dotyczy" is neither
        ("Wydział Geodezji i Kartografii", "identyfikacja"): (2, 0),
        ("Wydział Geodezji i Kartografii", "wyglad"): (4, 0),
        ("Wydział Geodezji i Kartografii", "dyskrecja"): (1, 0),
    }


def test_module_use_counts_sent_observations_per_module(db, history):
    frame = queries.module_use(db, everything())
    got = {(r.department, r.module): r.observations for r in frame.itertuples()}
    # the draft, the deleted observation and November all had "odmowa": never counted
    assert got == {
        ("Wydział Komunikacji", "skarga"): 1,
        ("Wydział Geodezji i Kartografii", "agresywny_klient"): 1,
        ("Wydział Geodezji i Kartografii", "skarga"): 1,
    }


STANDARD_NAMES = {
    "identyfikacja": "Identyfikacja",
    "wyglad": "Wygląd",
    "dyskrecja": "Dyskrecja",
    "telefon": "Telefon",
}
MODULE_NAMES = {"skarga": "Skarga", "odmowa": "Odmowa", "agresywny_klient": "Agresywny Klient"}


def test_coverage_gaps_name_what_was_never_scored_or_used(db, history):
    coverage = queries.coverage(db, everything())
    assert set(zip(coverage["department_id"], coverage["department_code"], strict=True)) == {
        (history["km"], "KM"),
        (history["gk"], "GK"),
    }
    gaps = summaries.coverage_gaps(
        coverage, queries.module_use(db, everything()), STANDARD_NAMES, MODULE_NAMES
    ).set_index("Wydział")
    assert sorted(gaps.index) == ["Wydział Geodezji i Kartografii", "Wydział Komunikacji"]
    assert gaps.loc["Wydział Komunikacji", "Standardy nigdy nieocenione"] == "Telefon"
    assert gaps.loc["Wydział Komunikacji", "Trudne sytuacje nieobserwowane"] == "Odmowa, Agresywny Klient"
    assert gaps.loc["Wydział Geodezji i Kartografii", "Trudne sytuacje nieobserwowane"] == "Odmowa"
    # a complete count of the period's answers, not a sample: shown however few.
    # KM: 1 "nie zaobserwowano" of 9 answers asked (8 scored + 1) = 11.1%; GK 0 of 7
    assert gaps.loc["Wydział Komunikacji", "Odsetek „nie zaobserwowano”"] == "11,1%"
    assert gaps.loc["Wydział Geodezji i Kartografii", "Odsetek „nie zaobserwowano”"] == "0,0%"


def coverage_row(department_id, name, code, standard_id, scored, not_observed) -> dict:
    return {
        "department_id": department_id,
        "department": name,
        "department_code": code,
        "standard_id": standard_id,
        "scored": scored,
        "not_observed": not_observed,
    }


def test_coverage_gaps_share_of_not_observed_and_a_department_with_nothing_scored():
    a, b = uuid.uuid4(), uuid.uuid4()
    coverage = pd.DataFrame(
        [
            coverage_row(a, "A", "AA", "identyfikacja", 20, 5),
            coverage_row(a, "A", "AA", "wyglad", 10, 5),
            coverage_row(a, "A", "AA", "telefon", 0, 8),
            # B asked two standards and scored nothing: every standard is a gap, all answers not observed
            coverage_row(b, "B", "BB", "identyfikacja", 0, 3),
            coverage_row(b, "B", "BB", "wyglad", 0, 1),
        ]
    )
    modules = pd.DataFrame(
        columns=["department_id", "department", "department_code", "module", "observations"]
    )
    gaps = summaries.coverage_gaps(coverage, modules, STANDARD_NAMES, MODULE_NAMES)
    assert list(gaps.columns) == [
        "Wydział",
        "Standardy nigdy nieocenione",
        "Trudne sytuacje nieobserwowane",
        "Odsetek „nie zaobserwowano”",
    ]
    first, second = gaps.iloc[0], gaps.iloc[1]
    # telefon asked 8 times, never scored: it is a gap; 18 of 48 answers not observed = 37,5%
    assert first["Wydział"] == "A"
    assert first["Standardy nigdy nieocenione"] == "Dyskrecja, Telefon"
    assert first["Odsetek „nie zaobserwowano”"] == "37,5%"
    assert first["Trudne sytuacje nieobserwowane"] == "Skarga, Odmowa, Agresywny Klient"
    assert second["Wydział"] == "B"
    assert second["Standardy nigdy nieocenione"] == "Identyfikacja, Wygląd, Dyskrecja, Telefon"
    assert second["Odsetek „nie zaobserwowano”"] == "100,0%"  # 4 of 4


def test_coverage_gaps_keep_two_departments_of_the_same_name_apart():
    first, second = uuid.uuid4(), uuid.uuid4()
    coverage = pd.DataFrame(
        [
            coverage_row(first, "Wydział Komunikacji", "KM", "identyfikacja", 4, 0),
            coverage_row(second, "Wydział Komunikacji", "KM2", "wyglad", 1, 1),
        ]
    )
    modules = pd.DataFrame(
        [
            {
                "department_id": second,
                "department": "Wydział Komunikacji",
                "department_code": "KM2",
                "module": "skarga",
                "observations": 1,
            }
        ]
    )
    gaps = summaries.coverage_gaps(coverage, modules, STANDARD_NAMES, MODULE_NAMES).set_index("Wydział")
    assert sorted(gaps.index) == ["Wydział Komunikacji (KM)", "Wydział Komunikacji (KM2)"]
    assert gaps.loc["Wydział Komunikacji (KM)", "Standardy nigdy nieocenione"] == "Wygląd, Dyskrecja, Telefon"
    assert gaps.loc["Wydział Komunikacji (KM)", "Odsetek „nie zaobserwowano”"] == "0,0%"  # 0 of 4
    assert (
        gaps.loc["Wydział Komunikacji (KM2)", "Trudne sytuacje nieobserwowane"] == "Odmowa, Agresywny Klient"
    )
    assert gaps.loc["Wydział Komunikacji (KM2)", "Odsetek „nie zaobserwowano”"] == "50,0%"  # 1 of 2


def test_every_standard_and_module_covered_shows_a_dash():
    a = uuid.uuid4()
    coverage = pd.DataFrame([coverage_row(a, "A", "AA", s, 3, 0) for s in STANDARD_NAMES])
    modules = pd.DataFrame(
        [
            {"department_id": a, "department": "A", "department_code": "AA", "module": m, "observations": 1}
            for m in MODULE_NAMES
        ]
    )
    gaps = summaries.coverage_gaps(coverage, modules, STANDARD_NAMES, MODULE_NAMES)
    assert gaps.iloc[0]["Standardy nigdy nieocenione"] == "—"
    assert gaps.iloc[0]["Trudne sytuacje nieobserwowane"] == "—"


# --- calibration -----------------------------------------------------------------------------


@pytest.fixture
def calibrated(db, office):
    """Five visits to KM each observed by two supervisors: the pair answers IDE-01 and IDE-03
    (identyfikacja) and WYG-08 (wyglad).

    identyfikacja, 10 pairs: (tak, tak) ×6, (nie, nie) ×2, (tak, nie), (nie, tak)
      po = 8/10 = 0.8; A and B both answer tak 7 times and nie 3 times, so
      pe = 0.7·0.7 + 0.3·0.3 = 0.58 and κ = (0.8 − 0.58) / (1 − 0.58) = 0.22 / 0.42 = 0.5238 (moderate)
      Gwet's AC1 over the 4 possible answers (q = 4): π_tak = (0.7 + 0.7)/2 = 0.7, π_nie = 0.3, the
      other two 0; pe = (0.7·0.3 + 0.3·0.7 + 0 + 0) / (4 − 1) = 0.14 and
      AC1 = (0.8 − 0.14) / (1 − 0.14) = 0.66 / 0.86 = 0.7674
    wyglad, 5 pairs: (tak, tak) ×4, (nie, tak): too few to show.
    """
    km = office["departments"]["KM"]
    second = create_second_supervisor(db, km)
    answers_a = [(T, T, T), (T, T, T), (T, T, T), (N, N, N), (T, N, T)]
    answers_b = [(T, T, T), (T, T, T), (T, T, T), (N, N, T), (N, T, T)]
    for day, (a, b) in enumerate(zip(answers_a, answers_b, strict=True), start=1):
        at = datetime(2026, 10, day, 10, 0)
        first = add_observation(
            db,
            department=km,
            employee=office["employees"]["kowalska"],
            observer=office["accounts"]["kierownik.km"],
            at=at,
            answers=dict(zip(("IDE-01", "IDE-03", "WYG-08"), a, strict=True)),
        )
        add_observation(
            db,
            department=km,
            employee=office["employees"]["kowalska"],
            observer=second,
            at=at,
            answers=dict(zip(("IDE-01", "IDE-03", "WYG-08"), b, strict=True)),
            calibration_of=first,
        )
    return {"km": km, "second": second, **office}


def create_second_supervisor(db, department):
    return create_account(
        db,
        login="kierownik.km2",
        password="Haslo-testowe-1",
        role="supervisor",
        display_name="Zastępca KM",
        actor="test",
        department_ids=[department],
    )


def pair_counts(pairs: pd.DataFrame) -> dict[tuple[str, str, str], int]:
    return {(r.standard_id, r.answer_a, r.answer_b): int(r.pairs) for r in pairs.itertuples()}


def test_calibration_pairs_count_the_two_answers_of_each_item(db, calibrated):
    assert pair_counts(queries.calibration_pairs(db, everything())) == {
        ("identyfikacja", "tak", "tak"): 6,
        ("identyfikacja", "nie", "nie"): 2,
        ("identyfikacja", "tak", "nie"): 1,  # visit 5, IDE-01: first observer "tak", second "nie"
        ("identyfikacja", "nie", "tak"): 1,
        ("wyglad", "tak", "tak"): 4,
        ("wyglad", "nie", "tak"): 1,
    }


def test_calibration_table_kappa_and_minimum_n(db, calibrated):
    table = summaries.calibration_table(queries.calibration_pairs(db, everything()), STANDARD_NAMES)
    rows = {r["Standard"]: r for r in table.to_dict("records")}
    assert set(rows) == {"Identyfikacja", "Wygląd"}  # standards without pairs are left out
    ide = rows["Identyfikacja"]
    assert ide["Pary odpowiedzi"] == 10
    assert ide["Zgodność"] == "80,0%"
    assert ide["AC1 Gweta"] == "0,77"
    assert ide["Kappa Cohena"] == "0,52"
    assert ide["Kappa: interpretacja (Landis–Koch)"] == "umiarkowana"
    wyg = rows["Wygląd"]
    assert (wyg["Pary odpowiedzi"], wyg["Zgodność"], wyg["AC1 Gweta"], wyg["Kappa Cohena"]) == (
        5,
        "za mało par odpowiedzi: 5 z wymaganych 10",
        "—",
        "—",
    )
    assert wyg["Kappa: interpretacja (Landis–Koch)"] == "—"


def test_calibration_ignores_a_deleted_or_unsent_second_observation(db, calibrated):
    km, people = calibrated["km"], calibrated["employees"]
    first = add_observation(
        db,
        department=km,
        employee=people["nowak"],
        observer=calibrated["accounts"]["kierownik.km"],
        at=datetime(2026, 10, 20, 10, 0),
        answers={"IDE-01": T, "IDE-03": T},
    )
    for status in ("draft", "deleted"):
        add_observation(
            db,
            department=km,
            employee=people["nowak"],
            observer=calibrated["second"],
            at=datetime(2026, 10, 20, 10, 0),
            answers={"IDE-01": N, "IDE-03": N},
            calibration_of=first,
            status=status,
        )
    assert sum(pair_counts(queries.calibration_pairs(db, everything())).values()) == 15
    assert queries.calibration_pairs(db, everything(SEPTEMBER)).empty
    assert queries.calibration_pairs(db, only(calibrated["departments"]["GK"])).empty


def test_calibration_table_of_no_pairs_is_empty():
    pairs = pd.DataFrame(columns=["standard_id", "answer_a", "answer_b", "pairs"])
    assert summaries.calibration_table(pairs, STANDARD_NAMES).empty


def test_calibration_table_from_counted_pairs():
    # 200 pairs: (tak, tak) 150, (nie, nie) 20, (tak, nie) 10, (nie, tak) 10, (nie dotyczy, tak) 10
    # po = 170/200 = 0.85; first observer tak 160, nie 30, n/d 10; second tak 170, nie 30
    # pe = (160·170 + 30·30) / 200² = 28 100 / 40 000 = 0.7025; κ = 0.1475 / 0.2975 = 0.4958
    # AC1, q = 4 answers: π_tak = (0.8 + 0.85)/2 = 0.825, π_nie = (0.15 + 0.15)/2 = 0.15,
    # π_nie_dotyczy = (0.05 + 0)/2 = 0.025, π_nie_zaobserwowano = 0;
    # pe = (0.825·0.175 + 0.15·0.85 + 0.025·0.975) / 3 = 0.29625 / 3 = 0.09875;
    # AC1 = (0.85 − 0.09875) / (1 − 0.09875) = 0.75125 / 0.90125 = 0.8336
    pairs = pd.DataFrame(
        [
            ("telefon", "tak", "tak", 150),
            ("telefon", "nie", "nie", 20),
            ("telefon", "tak", "nie", 10),
            ("telefon", "nie", "tak", 10),
            ("telefon", "nie_dotyczy", "tak", 10),
        ],
        columns=["standard_id", "answer_a", "answer_b", "pairs"],
    )
    [row] = summaries.calibration_table(pairs, STANDARD_NAMES).to_dict("records")
    assert row == {
        "Standard": "Telefon",
        "Pary odpowiedzi": 200,
        "Zgodność": "85,0%",
        "AC1 Gweta": "0,83",
        "Kappa Cohena": "0,50",
        "Kappa: interpretacja (Landis–Koch)": "umiarkowana",
    }


# --- critical breaches, employees, comments --------------------------------------------------


def test_critical_breaches_newest_first_without_names(db, history):
    breaches = queries.critical_breaches(db, everything())
    assert list(breaches.columns) == [
        "department_id",
        "department",
        "department_code",
        "observed_at",
        "item_id",
        "comment",
    ]
    assert [
        (r.observed_at, r.department_id, r.department, r.department_code, r.item_id, r.comment)
        for r in breaches.itertuples()
    ] == [
        (
            pd.Timestamp(2026, 10, 31, 23, 59),
            history["gk"],
            "Wydział Geodezji i Kartografii",
            "GK",
            "DYS-05",
            "Rozmowa o danych Klienta przy innych osobach.",
        ),
        (
            pd.Timestamp(2026, 10, 20, 14, 30),
            history["km"],
            "Wydział Komunikacji",
            "KM",
            "IDE-03",
            "Brak identyfikatora przy stanowisku.",
        ),
    ]
    # IDE-01 "nie" (O2, O3) is not critical and is not listed
    assert len(queries.critical_breaches(db, everything(), limit=1)) == 1
    assert queries.critical_breaches(db, only(history["km"]))["item_id"].tolist() == ["IDE-03"]


def test_employee_scores(db, history, monkeypatch):
    rows = queries.employee_scores(db, everything())
    people = history["employees"]
    got = [
        (
            r.employee_id,
            r.employee,
            r.department_id,
            r.department,
            r.department_code,
            r.observations,
            r.scored_observations,
            r.met,
            r.scored,
            r.met_sq,
            r.scored_sq,
            r.cross_sum,
            r.critical,
        )
        for r in rows.itertuples()
    ]
    # the premises audit O4 has no employee; GK sorts before KM by name
    gk_name, km_name = "Wydział Geodezji i Kartografii", "Wydział Komunikacji"
    assert got == [
        # O3 (3.5, 5.5): 12.25, 30.25, 19.25
        (
            people["wisniewska"],
            "Wiśniewska Ewa",
            history["gk"],
            gk_name,
            "GK",
            1,
            1,
            3.5,
            5.5,
            12.25,
            30.25,
            19.25,
            1,
        ),
        # O1 (2.5, 4.5): 6.25, 20.25, 11.25
        (
            people["kowalska"],
            "Kowalska Anna",
            history["km"],
            km_name,
            "KM",
            1,
            1,
            2.5,
            4.5,
            6.25,
            20.25,
            11.25,
            0,
        ),
        # O2 (3, 5): 9, 25, 15
        (people["nowak"], "Nowak Jan", history["km"], km_name, "KM", 1, 1, 3.0, 5.0, 9.0, 25.0, 15.0, 1),
    ]
    km_only = queries.employee_scores(db, only(history["km"]))
    assert list(km_only["employee"]) == ["Kowalska Anna", "Nowak Jan"]

    # the named table: the minimum-n rule counts the employee's own observations (1 each)
    table = summaries.employee_table(rows)
    assert table[1] == {
        "Pracownik": "Kowalska Anna",
        "Wydział": km_name,
        "Obserwacje": 1,
        "Wynik": "—",
        "Podstawa i przedział": "za mało obserwacji: 1 z wymaganych 5",
        "Naruszenia krytyczne": 0,
    }
    monkeypatch.setenv("JAKOSC_MIN_OBSERVATIONS", "1")
    table = summaries.employee_table(rows)
    # 3.5 / 5.5 = 63.6%, 2.5 / 4.5 = 55.6%, 3 / 5 = 60.0%; one observation has no interval
    assert [(r["Pracownik"], r["Wynik"], r["Podstawa i przedział"]) for r in table] == [
        ("Wiśniewska Ewa", "63,6%", "1 obserwacja"),
        ("Kowalska Anna", "55,6%", "1 obserwacja"),
        ("Nowak Jan", "60,0%", "1 obserwacja"),
    ]
    assert [r["Naruszenia krytyczne"] for r in table] == [1, 0, 1]


def test_approved_comments_only(db, ratings):
    monday = ratings["ratings"]["monday"]
    moderate = {
        monday[0]: ("approved", "Bardzo miła obsługa, dziękuję."),  # overall 5
        monday[8]: ("approved", "Długo czekałem na swoją kolej."),  # overall 2
        monday[1]: ("pending", "Jeszcze nie przejrzany."),
        monday[2]: ("hidden", "Ukryty przez moderatora."),
        ratings["ratings"]["none"][0]: ("approved", "Ogólnie w porządku."),  # no department, 4
        ratings["ratings"]["november"][0]: ("approved", "Listopad – poza okresem."),
    }
    db.write(
        lambda cursor: cursor.executemany(
            "UPDATE client_ratings SET comment_status = ?, comment = ? WHERE id = ?",
            [[status, text, rating_id] for rating_id, (status, text) in moderate.items()],
        )
    )
    comments = queries.approved_comments(db, everything())
    assert [(r.department, r.overall, r.comment) for r in comments.itertuples()] == [
        ("(nie podano)", 4, "Ogólnie w porządku."),  # 09.10
        ("Wydział Komunikacji", 2, "Długo czekałem na swoją kolej."),  # 05.10 08:08
        ("Wydział Komunikacji", 5, "Bardzo miła obsługa, dziękuję."),  # 05.10 08:00
    ]
    assert list(queries.approved_comments(db, everything(), overall=[1, 2])["comment"]) == [
        "Długo czekałem na swoją kolej."
    ]
    assert list(queries.approved_comments(db, everything(), overall=[4, 5])["overall"]) == [4, 5]
    assert len(queries.approved_comments(db, only(ratings["km"]))) == 2
    assert queries.approved_comments(db, only(ratings["gk"])).empty


def test_comments_of_one_moment_are_listed_in_the_same_order_at_every_load(db, history):
    """Paper questionnaires of one day share their moment (noon): the list must not reshuffle."""
    noon = datetime.combine(now().date(), datetime.min.time()).replace(hour=12)
    texts = [f"Ankieta papierowa nr {n}" for n in range(12)]
    ids = add_ratings(
        db, history["gk"], noon, [4] * 12, comment=texts, comment_status="approved", channel="paper"
    )
    db.write(
        lambda cursor: cursor.execute(
            "UPDATE client_ratings SET created_at = ? WHERE channel = 'paper'", [noon]
        )
    )
    today = now().date()
    listed = queries.approved_comments(db, only(history["gk"], filters=Filters(today, today)))
    by_id = [text for _, text in sorted(zip(ids, texts, strict=True))]  # the rule: the rating's id
    assert list(listed["comment"]) == by_id


def test_a_comment_sent_through_the_survey_appears_only_after_approval(db, history):
    outcome = survey.submit(
        db,
        survey.Channel(name="qr", department_id=history["gk"]),
        {"id": uuid.uuid4(), "language": "pl", "overall": 5, "comment": "Sprawna obsługa w wydziale."},
    )
    assert outcome.stored
    today = now().date()
    scope = only(history["gk"], filters=Filters(today, today))
    assert queries.headline(db, scope, VERSION)["ratings"] == 1
    assert queries.approved_comments(db, scope).empty  # pending
    db.write(lambda cursor: cursor.execute("UPDATE client_ratings SET comment_status = 'approved'"))
    assert list(queries.approved_comments(db, scope)["comment"]) == ["Sprawna obsługa w wydziale."]


# --- scope: who sees which departments ---------------------------------------------------------


def test_resolve_scope_for_management(db, office):
    km, gk = office["departments"]["KM"], office["departments"]["GK"]
    assert queries.resolve_scope(db, OCTOBER, None).department_ids is None
    chosen = Filters(OCTOBER.start, OCTOBER.end, ("GK", "KM"))
    assert set(queries.resolve_scope(db, chosen, None).department_ids) == {km, gk}
    assert queries.resolve_scope(db, chosen, None).filters is chosen


def test_a_supervisors_scope_never_includes_other_departments(db, history):
    km, gk = history["km"], history["gk"]
    visible = [km]
    assert queries.resolve_scope(db, OCTOBER, visible).department_ids == (km,)
    for codes in [("GK",), ("KM", "GK"), ("GK", "KM")]:
        scope = queries.resolve_scope(db, Filters(OCTOBER.start, OCTOBER.end, codes), visible)
        assert gk not in scope.department_ids
    asked_other = queries.resolve_scope(db, Filters(OCTOBER.start, OCTOBER.end, ("GK",)), visible)
    assert asked_other.department_ids == ()
    head = queries.headline(db, asked_other, VERSION)
    assert head["observations"] == 0  # nothing, not "everything"
    assert queries.employee_scores(db, asked_other).empty
    assert queries.critical_breaches(db, asked_other).empty


def test_a_supervisors_url_for_another_department_is_dropped_before_the_scope(db, history):
    # the page passes only the supervisor's own codes as known: the URL's GK is reported and dropped
    filters, warnings = from_params(
        {"od": "2026-10-01", "do": "2026-10-31", "dzialy": "GK"},
        today=date(2026, 11, 24),
        known_codes={"KM"},
        versions={VERSION},
    )
    assert warnings == ["Pominięto nieznane lub niedostępne wydziały: GK."]
    scope = queries.resolve_scope(db, filters, [history["km"]])
    assert scope.department_ids == (history["km"],)
    names = set(queries.employee_scores(db, scope)["employee"])
    assert names == {"Kowalska Anna", "Nowak Jan"}
    assert set(queries.monthly_scores(db, scope)["department"]) == {"Wydział Komunikacji"}


def test_a_supervisor_without_departments_sees_nothing(db, history):
    scope = queries.resolve_scope(db, OCTOBER, [])
    assert scope.department_ids == ()
    assert queries.headline(db, scope, VERSION)["observations"] == 0
    assert queries.monthly_scores(db, scope).empty


# --- the real write path: services ------------------------------------------------------------


def test_observations_from_the_service_count_once_sent_and_not_after_deletion(db, office):
    supervisor = CurrentUser.from_row(users.get_user(db, office["accounts"]["kierownik.km"]))
    km = office["departments"]["KM"]
    observed_at = datetime(2026, 10, 12, 10, 0)
    if observed_at > now():  # a clock before October 2026 would make this a future observation
        pytest.skip("clock before the test data")

    def begin(employee: str) -> uuid.UUID:
        return observation_service.start(
            db,
            CHECKLISTS,
            supervisor,
            StartRequest(uuid.uuid4(), Kind.IN_PERSON, km, office["employees"][employee], observed_at),
        )

    def answer(observation_id, answers: dict[str, Answer]) -> None:
        for item_id, value in answers.items():
            observation_service.record_answer(
                db, CHECKLISTS, supervisor, observation_id, item_id, value, None
            )

    sent = begin("kowalska")
    answer(sent, {"IDE-01": Answer.NOT_MET, "WYG-08": Answer.MET, "WYG-03": Answer.MET})
    draft = begin("nowak")
    answer(draft, {"IDE-01": Answer.MET, "WYG-08": Answer.NOT_MET})
    observation_service.mark_rest_not_observed(db, CHECKLISTS, supervisor, sent)
    observation_service.send(db, CHECKLISTS, supervisor, sent)
    scope = everything()
    head = queries.headline(db, scope, VERSION)
    # only `sent`: met 2 + 0.5, not met 1 (IDE-01), one observation of Kowalska; the draft is left out
    assert (head["observations"], head["scored_observations"], head["employees"]) == (1, 1, 1)
    assert (head["met"], head["scored"]) == (2.5, 3.5)
    assert (head["met_sq"], head["scored_sq"], head["cross_sum"]) == (
        6.25,
        12.25,
        8.75,
    )  # 2.5², 3.5², 2.5·3.5
    assert queries.item_results(db, scope)[["item_id", "not_met", "scored"]].iloc[0].tolist() == [
        "IDE-01",
        1,
        1,
    ]
    coverage = queries.coverage(db, scope)  # 70 items asked in person: 3 answered, 67 "nie zaobserwowano"
    assert (int(coverage["scored"].sum()), int(coverage["not_observed"].sum())) == (3, 67)

    deleted = begin("nowak")
    answer(deleted, {"IDE-01": Answer.NOT_MET})
    observation_service.mark_rest_not_observed(db, CHECKLISTS, supervisor, deleted)
    observation_service.send(db, CHECKLISTS, supervisor, deleted)
    assert queries.headline(db, scope, VERSION)["observations"] == 2
    observation_service.delete(db, supervisor, deleted, "Pomyłka – nie ten pracownik.")
    after = queries.headline(db, scope, VERSION)
    assert (after["observations"], after["met"], after["scored"]) == (1, 2.5, 3.5)
    assert (after["scored_observations"], after["employees"]) == (1, 1)
    assert list(queries.employee_scores(db, scope)["employee"]) == ["Kowalska Anna"]
    assert int(queries.item_results(db, scope).set_index("item_id").loc["IDE-01", "not_met"]) == 1


# --- tiles -----------------------------------------------------------------------------------


def tiles_by_label(db, scope) -> dict:
    return {tile.label: tile for tile in summaries.tiles(headline.headline_figures(db, scope, VERSION))}


NO_PREVIOUS = "brak danych z poprzedniego okresu"


def test_tiles_against_the_period_before(db, ratings, monkeypatch):
    add_acknowledgement(db, ratings["employees"]["kowalska"])
    tiles = tiles_by_label(db, everything())
    assert list(tiles) == [
        "Obserwacje",
        "Średni wynik obserwacji",
        "Zadowoleni (oceny 4–5)",
        "Średnia ocena Klientów",
        "Oceny Klientów",
        "Naruszenia krytyczne",
        "Potwierdzenia",
    ]
    # observations: 4 in October, 2 in 31.08–30.09
    observations = tiles["Obserwacje"]
    assert (observations.value, observations.delta, observations.detail) == ("4", "+2", "wysłane w okresie")
    assert observations.delta_is_change and not observations.lower_is_better
    # score: 4 observations in October, under the 5 required: withheld, and no change against
    # September (2 observations, also too few, but not empty)
    score = tiles["Średni wynik obserwacji"]
    assert (score.value, score.delta, score.detail) == ("—", None, "za mało obserwacji: 4 z wymaganych 5")
    assert "Poniżej 5 obserwacji" in score.help
    # satisfied: 11/16 = 68.75%; before 10/12 = 83.33%: −14.6 pp. Wilson, z = 1.96, z²/n = 0.24009:
    # centre (0.6875 + 0.12005) / 1.24009 = 0.65120, half 1.58053·√(0.013428 + 0.003751) = 0.20716
    # → 44.4–85.8%
    satisfied = tiles["Zadowoleni (oceny 4–5)"]
    assert (satisfied.value, satisfied.delta) == ("68,8%", "-14,6 pp")
    assert satisfied.detail == "16 ocen; przedział ufności 95%: 44,4–85,8%"
    # mean rating 3.625 → "3,62" (two decimals, the half rounded to even); before 53/12 = 4.4167: −0.79.
    # Σx² = 5·25 + 6·16 + 9 + 2·4 + 2·1 = 240,
    # s² = (240 − 16·3.625²) / 15 = 29.75 / 15, s = 1.40831, t(0.975; 15) = 2.13145,
    # half 2.13145·1.40831/4 = 0.75043 → 2.87–4.38
    mean = tiles["Średnia ocena Klientów"]
    assert (mean.value, mean.delta) == ("3,62", "-0,79")
    assert mean.detail == "skala 1–5; 16 ocen; przedział ufności 95%: 2,87–4,38"
    assert (tiles["Oceny Klientów"].value, tiles["Oceny Klientów"].delta) == ("16", "+4")
    critical = tiles["Naruszenia krytyczne"]
    assert (critical.value, critical.delta, critical.lower_is_better) == ("2", "+2", True)
    # the register is complete: counts, no share and no interval; 1 of 4 active employees
    ack = tiles["Potwierdzenia"]
    assert (ack.value, ack.delta) == ("1 z 4", None)
    assert ack.detail == "pracowników potwierdziło obecną wersję podręcznika (stan na dziś)"

    monkeypatch.setenv("JAKOSC_MIN_OBSERVATIONS", "2")
    score = tiles_by_label(db, everything())["Średni wynik obserwacji"]
    # October: R = 11 / 17.5 = 62.857%; September: 10.5 / 11 = 95.455%; change −32.6 pp.
    # Residuals yᵢ − R·xᵢ: 2.5 − 2.82857 = −0.32857, 3 − 3.14286 = −0.14286, 3.5 − 3.45714 = 0.04286,
    # 2 − 1.57143 = 0.42857; Σ² = 0.31388 (= Σy² − 2R·Σxy + R²·Σx² = 31.5 − 63.48571 + 32.29959);
    # SE = √(4/3 · 0.31388) / 17.5 = 0.036967; t(0.975; 3) = 3.18245; half 0.11765 → 51.09–74.62%
    assert (score.value, score.delta) == ("62,9%", "-32,6 pp")
    assert score.detail == "4 obserwacje, 3 pracowników; przedział ufności 95%: 51,1–74,6%"
    assert score.delta_is_change


def test_tiles_show_too_few_ratings_under_ten_and_too_few_observations_under_five(db, ratings):
    # GK in October: 3 ratings (1 satisfied, mean 8/3), none in September; observations O3 and O4,
    # September O8
    tiles = tiles_by_label(db, only(ratings["gk"]))
    satisfied = tiles["Zadowoleni (oceny 4–5)"]
    assert (satisfied.value, satisfied.detail) == ("—", "za mało ocen: 3 z wymaganych 10")
    assert (satisfied.delta, satisfied.delta_is_change) == (NO_PREVIOUS, False)
    mean = tiles["Średnia ocena Klientów"]
    assert (mean.value, mean.detail) == ("—", "za mało ocen: 3 z wymaganych 10")
    assert (mean.delta, mean.delta_is_change) == (NO_PREVIOUS, False)
    score = tiles["Średni wynik obserwacji"]
    # 2 observations now, 1 before: too few on both sides, but September is not empty: no change shown
    assert (score.value, score.delta, score.detail) == ("—", None, "za mało obserwacji: 2 z wymaganych 5")
    assert tiles["Oceny Klientów"].value == "3"  # counts are always shown
    assert (tiles["Oceny Klientów"].delta, tiles["Oceny Klientów"].delta_is_change) == (NO_PREVIOUS, False)
    assert (tiles["Obserwacje"].value, tiles["Obserwacje"].delta) == ("2", "+1")
    assert (tiles["Naruszenia krytyczne"].value, tiles["Naruszenia krytyczne"].delta) == ("1", "+1")  # O3


def test_ten_is_enough(db, history):
    add_ratings(db, history["gk"], datetime(2026, 10, 12, 9, 0), [5] * 9)
    tiles = tiles_by_label(db, only(history["gk"]))
    satisfied = tiles["Zadowoleni (oceny 4–5)"]
    assert (satisfied.value, satisfied.detail) == ("—", "za mało ocen: 9 z wymaganych 10")
    add_ratings(db, history["gk"], datetime(2026, 10, 13, 9, 0), [3])
    tiles = tiles_by_label(db, only(history["gk"]))
    # 9 of 10; Wilson: z²/n = 0.38415, centre (0.9 + 0.19207) / 1.38415 = 0.78899,
    # half 1.41601·√(0.009 + 0.0096037) = 0.19314 → 59.6–98.2%
    assert tiles["Zadowoleni (oceny 4–5)"].value == "90,0%"
    assert tiles["Zadowoleni (oceny 4–5)"].detail == "10 ocen; przedział ufności 95%: 59,6–98,2%"
    assert tiles["Średnia ocena Klientów"].value == "4,80"  # 48 / 10


def test_score_tile_counts_observations_not_items_or_weights(db, office):
    # one observation, five items of weight 2 each, four met: 8 of 10 weight over 5 items, but
    # one observation
    add_observation(
        db,
        department=office["departments"]["KM"],
        employee=office["employees"]["kowalska"],
        observer=office["accounts"]["kierownik.km"],
        at=datetime(2026, 10, 5, 9, 0),
        answers={"WYG-08": T, "WIE-03": T, "ZAI-06": T, "PRO-05": T, "PRO-06": N},
    )
    score = tiles_by_label(db, everything())["Średni wynik obserwacji"]
    assert (score.value, score.detail) == ("—", "za mało obserwacji: 1 z wymaganych 5")
    # the department's table per standard applies the same rule to the same observation
    cells = queries.department_standard(db, everything())
    table = summaries.standard_table(cells, {"wiedza": "Wiedza", "proces": "Proces"})
    assert set(table["Wynik"]) == {"—"}
    assert set(table["Podstawa i przedział"]) == {"za mało obserwacji: 1 z wymaganych 5"}


def test_the_minimum_n_of_the_score_counts_observations_and_an_empty_period_before(db, office):
    """Four observations of all nine items (36 scored answers, 54 scored weight) are still too
    few; the fifth shows the score. September holds nothing: no change can be told."""
    km, people = office["departments"]["KM"], office["employees"]
    every_item_met = dict.fromkeys(ITEMS, T)  # weights 1 + 1 + 2 + 0.5 + 1 + 2 + 2 + 2 + 2 = 13.5

    def observe(day: int, employee: str, *unmet: str) -> None:
        add_observation(
            db,
            department=km,
            employee=people[employee],
            observer=office["accounts"]["kierownik.km"],
            at=datetime(2026, 10, day, 9, 0),
            answers={**every_item_met, **dict.fromkeys(unmet, N)},
        )

    observe(1, "kowalska", "PRO-06")  # A: 11.5 of 13.5
    observe(2, "kowalska", "WYG-03")  # B: 13 of 13.5
    observe(3, "nowak", "WIE-03", "ZAI-06")  # C: 9.5 of 13.5
    observe(4, "nowak", "IDE-01")  # D: 12.5 of 13.5
    tiles = tiles_by_label(db, everything())
    score = tiles["Średni wynik obserwacji"]
    assert (score.value, score.detail) == ("—", "za mało obserwacji: 4 z wymaganych 5")
    assert (score.delta, score.delta_is_change) == (NO_PREVIOUS, False)
    assert (tiles["Obserwacje"].value, tiles["Obserwacje"].delta) == ("4", NO_PREVIOUS)
    assert not tiles["Obserwacje"].delta_is_change
    assert (tiles["Naruszenia krytyczne"].value, tiles["Naruszenia krytyczne"].delta) == ("0", NO_PREVIOUS)
    cells = queries.department_standard(db, everything())
    table = summaries.standard_table(cells, {"wiedza": "Wiedza"})
    assert table.iloc[0]["Podstawa i przedział"] == "za mało obserwacji: 4 z wymaganych 5"

    observe(5, "kowalska", "PRO-05")  # E: 11.5 of 13.5
    score = tiles_by_label(db, everything())["Średni wynik obserwacji"]
    # R = (11.5 + 13 + 9.5 + 12.5 + 11.5) / (5·13.5) = 58 / 67.5 = 85.93%; R·xᵢ = 11.6 for each,
    # residuals −0.1, 1.4, −2.1, 0.9, −0.1; Σ² = 0.01 + 1.96 + 4.41 + 0.81 + 0.01 = 7.2;
    # SE = √(5/4 · 7.2) / 67.5 = 3 / 67.5 = 0.044444; t(0.975; 4) = 2.77645; half 0.12340 → 73.6–98.3%
    assert score.value == "85,9%"
    assert score.detail == "5 obserwacji, 2 pracowników; przedział ufności 95%: 73,6–98,3%"
    assert (score.delta, score.delta_is_change) == (NO_PREVIOUS, False)

    cells = queries.department_standard(db, everything())
    table = summaries.standard_table(cells, {"wiedza": "Wiedza", "dyskrecja": "Dyskrecja"}).set_index("_id")
    # wiedza: WIE-03 (weight 2) met in A, B, D, E, unmet in C: 8 / 10 = 80%; residuals 2 − 1.6 = 0.4 ×4
    # and −1.6: Σ² = 0.64 + 2.56 = 3.2; SE = √(5/4 · 3.2) / 10 = 0.2; half 2.77645·0.2 = 0.55529
    # → 24.5–135.5%, clipped to 100%
    assert table.loc["wiedza", "Wynik"] == "80,0%"
    assert table.loc["wiedza", "Podstawa i przedział"] == ("5 obserwacji; przedział ufności 95%: 24,5–100,0%")
    # dyskrecja: DYS-05 met in all five, the same score everywhere: Wilson with 5 trials, 5 met:
    # z²/n = 0.76829, centre 1.38415 / 1.76829 = 0.78276, half 1.10841·√(0.038415) = 0.21724 → 56.6–100%
    assert table.loc["dyskrecja", "Wynik"] == "100,0%"
    assert table.loc["dyskrecja", "Podstawa i przedział"] == (
        "5 obserwacji; przedział ufności 95%: 56,6–100,0%"
    )


def test_share_delta_needs_enough_data_on_both_sides(db, ratings):
    # KM: October 12 ratings (9 satisfied = 75%), September 12 (10 = 83.3%): −8.3 pp
    km = tiles_by_label(db, only(ratings["km"]))
    assert km["Zadowoleni (oceny 4–5)"].delta == "-8,3 pp"
    assert km["Oceny Klientów"].delta == "+0"
    # KM scores: 2 observations now, 1 before, both too few: no change
    assert km["Średni wynik obserwacji"].delta is None
    # a longer period: counts against the period before of the same length
    later = Filters(date(2026, 10, 1), date(2026, 11, 30))  # 61 days; before: 01.08–30.09
    tiles = tiles_by_label(db, Scope(later, (ratings["km"],)))
    assert tiles["Oceny Klientów"].value == "13"  # 12 in October, 1 on 1 November
    assert tiles["Oceny Klientów"].delta == "+1"  # September's 12
    # GK: one rating in September (too few), 3 + 10 in October (11 satisfied of 13 = 84.6%): the
    # share is shown, its change is not
    add_ratings(db, ratings["gk"], datetime(2026, 9, 20, 9, 0), [5])
    add_ratings(db, ratings["gk"], datetime(2026, 10, 12, 9, 0), [5] * 10)
    gk = tiles_by_label(db, only(ratings["gk"]))
    assert (gk["Zadowoleni (oceny 4–5)"].value, gk["Zadowoleni (oceny 4–5)"].delta) == ("84,6%", None)
    assert gk["Zadowoleni (oceny 4–5)"].delta_is_change
    assert gk["Oceny Klientów"].delta == "+12"  # 13 − 1


def test_tiles_of_an_empty_office(db, office):
    tiles = tiles_by_label(db, everything())
    assert tiles["Obserwacje"].value == "0"
    assert (tiles["Obserwacje"].delta, tiles["Obserwacje"].delta_is_change) == (NO_PREVIOUS, False)
    assert (tiles["Średni wynik obserwacji"].value, tiles["Średni wynik obserwacji"].detail) == (
        "—",
        "brak ocenionych obserwacji",
    )
    assert (tiles["Zadowoleni (oceny 4–5)"].value, tiles["Zadowoleni (oceny 4–5)"].detail) == (
        "—",
        "brak ocen",
    )
    assert (tiles["Średnia ocena Klientów"].value, tiles["Średnia ocena Klientów"].detail) == (
        "—",
        "brak ocen",
    )
    assert tiles["Naruszenia krytyczne"].value == "0"
    assert tiles["Naruszenia krytyczne"].delta == NO_PREVIOUS
    assert tiles["Potwierdzenia"].value == "0 z 4"
