"""The effectiveness check of closed improvement actions (analytics/effectiveness.py) on seeded
observations: each verdict is reached, and agrees with an independent computation of the two
windows' intervals (statsmodels' cluster-robust weighted mean with observations as clusters for a
standard's score, scipy's Student t interval of the 0/1 share for an item); the minimum number of
observations at its edge; which observations count (the department or the employee, the windows,
sent ones without calibration repeats)."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from analytics import effectiveness as check
from checklists.loading import current_checklists
from tests.seeding import N, T, add_observation

CHECKLISTS = current_checklists()
STANDARD = CHECKLISTS.standards[0]
ITEMS = [item for item in STANDARD.items if not item.critical][:8]
CREATED = datetime(2026, 6, 1, 9, 0)
CLOSED = datetime(2026, 7, 1, 14, 0)
NOW = datetime(2026, 11, 20, 12, 0)  # the after-window (to 29.09.2026) is over


def action(office, **fields) -> dict:
    return {
        "id": uuid.uuid4(),
        "status": "closed",
        "department_id": office["departments"]["KM"],
        "employee_id": None,
        "standard_id": STANDARD.id,
        "item_id": None,
        "created_at": CREATED,
        "closed_at": CLOSED,
        **fields,
    }


def seed_window(
    db, office, start: datetime, count: int, rate: float, rng: random.Random, employee="kowalska"
):
    """`count` observations of `employee` spread over 80 days from `start`, each item of the
    standard met with probability `rate`; returns each observation's answers."""
    department = "KM" if employee in ("kowalska", "nowak") else "GK"
    seeded = []
    for index in range(count):
        answers = {item.id: (T if rng.random() < rate else N) for item in ITEMS}
        add_observation(
            db,
            department=office["departments"][department],
            employee=office["employees"][employee],
            observer=office["accounts"][f"kierownik.{department.lower()}"],
            at=start + timedelta(days=80 * index / count, hours=1),
            answers=answers,
        )
        seeded.append(answers)
    return seeded


def standard_interval(observations: list[dict]) -> tuple[float, float]:
    """Independently: the weighted share met with observations as clusters (statsmodels CR1, t on
    clusters − 1 degrees of freedom), clipped to [0, 1] as a share is."""
    weights, met, groups = [], [], []
    for index, answers in enumerate(observations):
        for item_id, answer in answers.items():
            weights.append(CHECKLISTS.entry(item_id).item.weight)
            met.append(1.0 if answer == T else 0.0)
            groups.append(index)
    fitted = sm.WLS(np.array(met), np.ones(len(met)), weights=np.array(weights)).fit(
        cov_type="cluster", cov_kwds={"groups": np.array(groups)}, use_t=True
    )
    low, high = fitted.conf_int(alpha=0.05)[0]
    return max(0.0, low), min(1.0, high)


def item_interval(observations: list[dict], item_id: str) -> tuple[float, float]:
    """Independently: the share of observations with the item met, Student t on n − 1."""
    values = np.array([1.0 if answers[item_id] == T else 0.0 for answers in observations])
    low, high = stats.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=stats.sem(values))
    return max(0.0, low), min(1.0, high)


def expected_verdict(before: tuple[float, float], after: tuple[float, float]) -> str:
    if after[0] > before[1]:
        return check.IMPROVED
    if after[1] < before[0]:
        return check.WORSE
    return check.NO_CHANGE


@pytest.mark.parametrize(
    ("rates", "verdict"),
    [((0.55, 0.95), check.IMPROVED), ((0.95, 0.55), check.WORSE), ((0.8, 0.8), check.NO_CHANGE)],
)
def test_each_verdict_agrees_with_an_independent_computation(db, office, rates, verdict):
    rng = random.Random(hash(rates) % 1000)
    before = seed_window(db, office, CREATED - timedelta(days=88), 20, rates[0], rng)
    after = seed_window(db, office, CLOSED, 20, rates[1], rng)
    result = check.effectiveness(db, action(office), NOW)
    expected_before, expected_after = standard_interval(before), standard_interval(after)
    assert (result.before.low, result.before.high) == pytest.approx(expected_before, rel=1e-9)
    assert (result.after.low, result.after.high) == pytest.approx(expected_after, rel=1e-9)
    assert (result.before.n, result.after.n) == (20, 20)
    assert result.verdict == expected_verdict(expected_before, expected_after) == verdict
    assert result.before_window == (CREATED.date() - timedelta(days=90), CREATED.date())
    assert result.after_window == (CLOSED.date(), CLOSED.date() + timedelta(days=90))
    assert result.after_complete


def test_an_action_on_an_item_compares_the_items_share_met(db, office):
    rng = random.Random(5)
    item = ITEMS[0]
    before = seed_window(db, office, CREATED - timedelta(days=85), 25, 0.5, rng)
    after = seed_window(db, office, CLOSED, 25, 0.97, rng)
    result = check.effectiveness(db, action(office, item_id=item.id), NOW)
    expected_before, expected_after = item_interval(before, item.id), item_interval(after, item.id)
    assert result.before.value == pytest.approx(np.mean([a[item.id] == T for a in before]))
    assert (result.before.low, result.before.high) == pytest.approx(expected_before, rel=1e-9)
    if result.after.method == "cluster":  # every answer "tak": Wilson, checked in test_statistics
        assert (result.after.low, result.after.high) == pytest.approx(expected_after, rel=1e-9)
    assert result.verdict == check.IMPROVED


@pytest.mark.parametrize(("after_count", "too_few"), [(4, True), (5, False)])
def test_the_minimum_number_of_observations_at_its_edge(db, office, monkeypatch, after_count, too_few):
    monkeypatch.delenv("JAKOSC_MIN_OBSERVATIONS", raising=False)  # the figures' default: 5
    rng = random.Random(11)
    seed_window(db, office, CREATED - timedelta(days=88), 12, 0.2, rng)
    after = [{item.id: T for item in ITEMS} for _ in range(after_count)]
    for index, answers in enumerate(after):
        answers[ITEMS[index % len(ITEMS)].id] = N  # 7 of 8 met: scores vary a little, all high
    for index, answers in enumerate(after):
        add_observation(
            db,
            department=office["departments"]["KM"],
            employee=office["employees"]["kowalska"],
            observer=office["accounts"]["kierownik.km"],
            at=CLOSED + timedelta(days=3 + index),
            answers=answers,
        )
    result = check.effectiveness(db, action(office), NOW)
    assert result.after.n == after_count
    assert (result.verdict == check.TOO_FEW) is too_few


def test_only_the_actions_department_or_employee_and_its_windows_count(db, office):
    rng = random.Random(3)
    mine = seed_window(db, office, CREATED - timedelta(days=88), 6, 0.5, rng)
    seed_window(db, office, CREATED - timedelta(days=88), 7, 0.9, rng, employee="nowak")  # same department
    seed_window(db, office, CREATED - timedelta(days=88), 9, 0.9, rng, employee="wisniewska")  # GK
    seed_window(db, office, CREATED - timedelta(days=200), 5, 0.9, rng)  # before the window
    seed_window(db, office, CLOSED + timedelta(days=95), 5, 0.9, rng)  # after the window
    for status, calibration in (("draft", None), ("deleted", None), ("sent", uuid.uuid4())):
        add_observation(
            db,
            department=office["departments"]["KM"],
            employee=office["employees"]["kowalska"],
            observer=office["accounts"]["kierownik.km"],
            at=CREATED - timedelta(days=10),
            answers={item.id: T for item in ITEMS},
            status=status,
            calibration_of=calibration,
        )
    department = check.effectiveness(db, action(office), NOW)
    employee = check.effectiveness(db, action(office, employee_id=office["employees"]["kowalska"]), NOW)
    assert (department.before.n, department.after.n) == (13, 0)
    assert department.verdict == check.TOO_FEW
    assert employee.before.n == 6
    assert (employee.before.low, employee.before.high) == pytest.approx(standard_interval(mine), rel=1e-9)


def test_a_running_after_window_and_actions_without_a_check(db, office):
    soon = CLOSED + timedelta(days=20)
    result = check.effectiveness(db, action(office), soon)
    assert not result.after_complete and result.after_window[1] == CLOSED.date() + timedelta(days=90)
    assert check.effectiveness(db, action(office, status="in_progress", closed_at=None), NOW) is None
    assert check.effectiveness(db, action(office, status="cancelled"), NOW) is None
    assert check.effectiveness(db, action(office, standard_id=None), NOW) is None
