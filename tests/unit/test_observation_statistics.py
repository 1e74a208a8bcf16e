"""The statistics that treat the observation as the unit, Laney's p′ chart and Gwet's AC1, against
published worked examples and an independent implementation (statsmodels), never against this
code's own output.

Sources:
- Scheaffer, Mendenhall & Ott, Elementary Survey Sampling, 8.3 (ratio estimator in cluster
  sampling, per-capita income of 25 city blocks): ȳ = $8 801, V̂(ȳ) = 653 785 with the finite
  population correction (1 − n/N), N = 415 blocks;
- statsmodels' cluster-robust (CR1) standard error of a weighted mean over item answers, with
  observations as clusters;
- NIST/SEMATECH e-Handbook 6.3.2.2, individuals chart of flow rates: mean 50.81, MR̄ 1.8778,
  UCL 55.8041, LCL 45.8159; and the R package qcc's help for stats.xbar.one (antifreeze water
  content, Wetherill & Brown 1991): centre 2.569706, LCL 2.031344, UCL 3.108068. With equal
  subgroup sizes Laney's p′ limits are exactly the individuals chart of the points;
- Gwet, Handbook of Inter-Rater Reliability (4th ed.), printed in Gwet's irrCAC package for the
  cont3x3abstractors table: AC1 0.8493305, Cohen's kappa 0.7964094, agreement 0.89.
"""

from __future__ import annotations

import math
import random
from itertools import pairwise

import numpy as np
import pytest
import statsmodels.api as sm
from statsmodels.stats.inter_rater import cohens_kappa as statsmodels_kappa

from analytics.statistics import (
    MIN_OBSERVATIONS,
    ScoreSums,
    cohen_kappa,
    gwet_ac1,
    laney_p_chart,
    min_observations,
    observation_score,
    p_chart,
    wilson_interval,
)

# --- the observation score and its cluster interval ---------------------------------------------

# Scheaffer, Mendenhall & Ott, Elementary Survey Sampling, section 8.3: residents m and total
# income y of 25 sampled blocks out of N = 415.
BLOCK_RESIDENTS = [8, 12, 4, 5, 6, 6, 7, 5, 8, 3, 2, 6, 5, 10, 9, 3, 6, 5, 5, 4, 6, 8, 7, 3, 8]
BLOCK_INCOME = [
    96000, 121000, 42000, 65000, 52000, 40000, 75000, 65000, 45000, 50000, 85000, 43000, 54000,
    49000, 53000, 50000, 32000, 22000, 45000, 37000, 51000, 30000, 39000, 47000, 41000,
]  # fmt: skip


def test_ratio_estimator_and_its_variance_match_scheaffer_mendenhall_ott():
    # Scores are shares, so income is put in units of $100 000 per resident: the ratio and its
    # standard error scale by the same factor. The book's variance has the finite population
    # correction (1 − 25/415); an office's observations are a sample of an endless stream of
    # visits, so the app has none: multiplying it back in must give the printed figures.
    scale = 100_000
    sums = ScoreSums.of((y / scale, m) for y, m in zip(BLOCK_INCOME, BLOCK_RESIDENTS, strict=True))
    score = observation_score(sums, min_n=5)
    assert score.n == 25
    assert score.value * scale == pytest.approx(8801, abs=0.5)  # printed: $8,801
    variance_with_fpc = (score.standard_error * scale) ** 2 * (1 - 25 / 415)
    assert variance_with_fpc == pytest.approx(653_785, abs=0.5)  # printed: 653,785
    assert 2 * math.sqrt(variance_with_fpc) == pytest.approx(1617, abs=0.5)  # printed bound: $1,617


def _answers(observations: list[list[tuple[float, int]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Item answers as rows: (weight, met 0/1, observation number)."""
    rows = [(w, met, i) for i, items in enumerate(observations) for w, met in items]
    weights, met, groups = zip(*rows, strict=True)
    return np.array(weights, float), np.array(met, float), np.array(groups)


def _random_observations(seed: int, count: int) -> list[list[tuple[float, int]]]:
    """Observations of a department: each employee has their own rate of meeting items (so the
    answers of one observation are correlated), items weigh 0.5, 1 or 2."""
    generator = random.Random(seed)
    observations = []
    for _ in range(count):
        rate = generator.betavariate(8, 2)
        items = generator.randint(5, 40)
        observations.append(
            [(generator.choice([0.5, 1.0, 1.0, 2.0]), int(generator.random() < rate)) for _ in range(items)]
        )
    return observations


@pytest.mark.parametrize(("seed", "count"), [(1, 5), (2, 12), (3, 40), (4, 200)])
def test_cluster_interval_equals_statsmodels_cluster_robust_weighted_mean(seed, count):
    observations = _random_observations(seed, count)
    weights, met, groups = _answers(observations)
    model = sm.WLS(met, np.ones_like(met), weights=weights)
    fitted = model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    low, high = fitted.conf_int(alpha=0.05)[0]

    sums = ScoreSums.of((sum(w for w, m in items if m), sum(w for w, _ in items)) for items in observations)
    score = observation_score(sums, min_n=5)
    assert score.method == "cluster"
    assert score.n == count
    assert score.value == pytest.approx(fitted.params[0], rel=1e-12)
    assert score.standard_error == pytest.approx(fitted.bse[0], rel=1e-9)
    assert score.low == pytest.approx(max(0.0, low), rel=1e-9)
    assert score.high == pytest.approx(min(1.0, high), rel=1e-9)


def test_the_cluster_interval_is_wider_than_the_item_wilson_interval_it_replaces():
    # 30 observations of employees who differ: the answers of one visit move together.
    observations = _random_observations(7, 30)
    sums = ScoreSums.of((sum(w for w, m in items if m), sum(w for w, _ in items)) for items in observations)
    items = sum(len(o) for o in observations)
    met_items = sum(m for o in observations for _, m in o)
    score = observation_score(sums)
    item_low, item_high = wilson_interval(met_items, items)
    assert score.high - score.low > item_high - item_low


def test_equal_scores_have_no_spread_and_fall_back_to_wilson_over_observations():
    # Six observations, every one fully met: no spread between observations to measure, so the
    # interval is Wilson's with one trial per observation: 6/6 → lower z²/(6 + z²) below 1.
    score = observation_score(ScoreSums.of([(10, 10), (4, 4), (7.5, 7.5), (3, 3), (12, 12), (8, 8)]))
    z2 = 1.959963984540054**2
    assert score.value == 1.0 and score.method == "wilson"
    assert score.high == 1.0
    assert score.low == pytest.approx(6 / (6 + z2), abs=1e-12)  # 1 − z²/(n + z²) = 0.6097


def test_minimum_n_counts_observations_not_items(monkeypatch):
    monkeypatch.delenv("JAKOSC_MIN_OBSERVATIONS", raising=False)
    assert MIN_OBSERVATIONS == 5 and min_observations() == 5
    # four observations with 170 scored items between them: still four observations
    four = ScoreSums.of([(40, 45), (38, 40), (41, 45), (35, 40)])
    assert four.scored == 170
    score = observation_score(four)
    assert score.n == 4 and not score.enough and score.shown is None
    assert score.value == pytest.approx(154 / 170)  # computed, but not shown
    five = observation_score(ScoreSums.of([(40, 45), (38, 40), (41, 45), (35, 40), (30, 40)]))
    assert five.n == 5 and five.enough and five.shown == pytest.approx(184 / 210)


def test_minimum_n_from_the_environment_and_unscored_observations_do_not_count(monkeypatch):
    monkeypatch.setenv("JAKOSC_MIN_OBSERVATIONS", "3")
    # the third observation had only "nie dotyczy" answers: nothing scored, not counted
    sums = ScoreSums.of([(4, 5), (5, 5), (0, 0)])
    assert sums.observations == 2
    assert not observation_score(sums).enough
    assert observation_score(ScoreSums.of([(4, 5), (5, 5), (2, 4)])).enough
    monkeypatch.setenv("JAKOSC_MIN_OBSERVATIONS", "zero")
    with pytest.raises(ValueError, match="JAKOSC_MIN_OBSERVATIONS"):
        min_observations()


def test_no_observations_and_a_single_one():
    nothing = observation_score(ScoreSums.of([]))
    assert nothing.value is None and nothing.n == 0 and not nothing.enough and nothing.low is None
    single = observation_score(ScoreSums.of([(3, 4)]), min_n=1)
    assert single.value == 0.75 and single.enough and single.low is None and single.high is None


def test_sums_from_a_query_row_equal_sums_of_observations():
    pairs = [(3.0, 4.0), (2.5, 3.5), (1.0, 2.0)]
    direct = ScoreSums.of(pairs, employees=2)
    record = {
        "scored_observations": 3,
        "met": sum(y for y, _ in pairs),
        "scored": sum(x for _, x in pairs),
        "met_sq": sum(y * y for y, _ in pairs),
        "scored_sq": sum(x * x for _, x in pairs),
        "cross_sum": sum(x * y for y, x in pairs),
        "employees": 2,
    }
    assert ScoreSums.from_record(record) == direct
    assert ScoreSums.from_record({}).observations == 0


# --- Laney's p′ chart ---------------------------------------------------------------------------

NIST_FLOW_RATES = [49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1]
QCC_ANTIFREEZE = [
    2.23, 2.53, 2.62, 2.63, 2.58, 2.44, 2.49, 2.34, 2.95, 2.54, 2.60, 2.45, 2.17, 2.58, 2.57, 2.44, 2.38,
    2.23, 2.23, 2.54, 2.66, 2.84, 2.81, 2.39, 2.56, 2.70, 3.00, 2.81, 2.77, 2.89, 2.54, 2.98, 2.35, 2.53,
]  # fmt: skip


@pytest.mark.parametrize(
    ("values", "scale", "centre", "lcl", "ucl", "decimals"),
    [
        (NIST_FLOW_RATES, 100, 50.81, 45.8159, 55.8041, 4),
        (QCC_ANTIFREEZE, 4, 2.569706, 2.031344, 3.108068, 6),
    ],
)
def test_laney_with_equal_subgroups_is_the_published_individuals_chart(
    values, scale, centre, lcl, ucl, decimals
):
    # With equal n every σ_pᵢ is the same, so p̄ ± 3·σ_p·σ_z = p̄ ± 3·MR̄(p)/1.128: the individuals
    # (XmR) chart of the points. The published data are put into (0, 1) by dividing by `scale`.
    n = 40
    chart = laney_p_chart([(i, v / scale * n, n) for i, v in enumerate(values)])
    tolerance = 0.5 * 10**-decimals
    for row in chart.rows:
        assert row.centre * scale == pytest.approx(centre, abs=tolerance)
        assert row.ucl * scale == pytest.approx(ucl, abs=tolerance)
        assert row.lcl * scale == pytest.approx(lcl, abs=tolerance)
    assert not any(row.out_of_control for row in chart.rows)


def test_laney_limits_scale_with_subgroup_size_like_the_p_chart():
    # σ_z is one number for the chart; each point's limit still narrows as 1/√nᵢ, as in the p chart.
    points = [("a", 40, 50), ("b", 170, 200), ("c", 66, 80), ("d", 84, 100), ("e", 16, 20)]
    laney, plain = laney_p_chart(points), p_chart(points)
    ratios = [
        (r.centre - r.lcl) / (p.centre - p.lcl) for r, p in zip(laney.rows, plain, strict=True) if r.lcl > 0
    ]
    assert len(ratios) == 5 and all(ratio == pytest.approx(laney.sigma_z) for ratio in ratios)
    # σ_z by hand from the z-scores: p̄ = 376/450
    p_bar = 376 / 450
    z = [(x / n - p_bar) / math.sqrt(p_bar * (1 - p_bar) / n) for _, x, n in points]
    assert laney.sigma_z == pytest.approx(sum(abs(b - a) for a, b in pairwise(z)) / 4 / 1.128)


def test_laney_flags_fewer_ordinary_points_than_the_p_chart_on_overdispersed_data():
    # Months of 400 item answers each whose true rate wanders between employees: the p chart
    # treats every answer as independent and flags ordinary months; Laney's chart widens to the
    # variation actually seen.
    generator = random.Random(11)
    points = []
    for month in range(24):
        rate = min(0.99, max(0.5, generator.gauss(0.85, 0.05)))
        points.append((month, sum(generator.random() < rate for _ in range(400)), 400))
    plain = sum(row.out_of_control for row in p_chart(points))
    laney = laney_p_chart(points)
    assert laney.sigma_z > 1.5
    assert sum(row.out_of_control for row in laney.rows) < plain


def test_laney_needs_two_points_and_some_spread():
    single = laney_p_chart([("a", 8, 10)])
    assert single.sigma_z is None and single.rows[0].ucl is None and not single.rows[0].out_of_control
    all_met = laney_p_chart([("a", 10, 10), ("b", 20, 20)])
    assert all(row.ucl == row.lcl == 1.0 for row in all_met.rows)
    assert laney_p_chart([]).rows == []


# --- Gwet's AC1 ---------------------------------------------------------------------------------

# Gwet's irrCAC, cont3x3abstractors: 100 pregnant women classified by two abstractors
# (rows: abstractor 1, columns: abstractor 2; Ectopic, AIU, NIU).
ABSTRACTORS = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]
CATEGORIES = ["Ectopic", "AIU", "NIU"]


def _pairs(table, categories):
    return [
        (categories[i], categories[j])
        for i, row in enumerate(table)
        for j, count in enumerate(row)
        for _ in range(count)
    ]


def test_ac1_and_kappa_match_gwets_published_example():
    pairs = _pairs(ABSTRACTORS, CATEGORIES)
    ac1 = gwet_ac1(pairs)
    assert ac1.n == 100
    assert ac1.observed == pytest.approx(0.89)
    assert ac1.ac1 == pytest.approx(0.8493305, abs=5e-8)
    assert cohen_kappa(pairs).kappa == pytest.approx(0.7964094, abs=5e-8)
    # statsmodels, an independent implementation of kappa, on the same table
    assert statsmodels_kappa(np.array(ABSTRACTORS)).kappa == pytest.approx(0.7964094, abs=5e-8)


def test_the_kappa_paradox_ac1_stays_high_when_nearly_every_answer_is_tak():
    # Two supervisors agree on 118 of 125 items, nearly all "tak": kappa collapses below zero,
    # because chance agreement on "tak" is already 0.94; AC1 reads the agreement as it is.
    pairs = [("tak", "tak")] * 118 + [("tak", "nie")] * 5 + [("nie", "tak")] * 2
    kappa, ac1 = cohen_kappa(pairs), gwet_ac1(pairs)
    assert kappa.observed == pytest.approx(118 / 125)
    assert kappa.kappa < 0
    assert statsmodels_kappa(np.array([[118, 5], [2, 0]])).kappa == pytest.approx(kappa.kappa)
    assert ac1.ac1 > 0.9


def test_ac1_undefined_cases_and_declared_categories():
    assert gwet_ac1([]).ac1 is None
    one_category = gwet_ac1([("tak", "tak")] * 5)
    assert one_category.ac1 is None and one_category.observed == 1.0
    # declaring the scale's four answers makes q = 4 even when two were never used
    pairs = [("tak", "tak")] * 8 + [("tak", "nie")] * 2
    four = gwet_ac1(pairs, ["tak", "nie", "nie_dotyczy", "nie_zaobserwowano"])
    pi_tak, pi_nie = 18 / 20, 2 / 20
    expected = (pi_tak * (1 - pi_tak) + pi_nie * (1 - pi_nie)) / 3
    assert four.expected == pytest.approx(expected)
    assert four.ac1 == pytest.approx((0.8 - expected) / (1 - expected))
    assert gwet_ac1([("tak", None), (None, "nie")]).n == 0
