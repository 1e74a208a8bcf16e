"""analytics.statistics against published worked examples.

Every expected number below is either copied from the cited source (with the source named next
to it) or worked out by hand in the comment beside it. Published values are checked to the
precision they were printed with.
"""

from __future__ import annotations

import itertools
import math

import pytest

from analytics.statistics import (
    MIN_N,
    cohen_kappa,
    default_min_n,
    landis_koch,
    mean_ci_from_summary,
    mean_with_ci,
    p_chart,
    proportion,
    t_quantile,
    wilson_interval,
    z_value,
)

# --- Wilson score interval ---------------------------------------------------------------------

# Newcombe R. G. (1998) "Two-sided confidence intervals for the single proportion: comparison of
# seven methods", Statistics in Medicine 17:857–872, illustrative examples, method 3 (score
# interval without continuity correction), 95%, printed to 4 decimals.
NEWCOMBE_1998_WILSON = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize(("x", "n", "low", "high"), NEWCOMBE_1998_WILSON)
def test_wilson_matches_newcombe_1998(x, n, low, high):
    got_low, got_high = wilson_interval(x, n)
    assert got_low == pytest.approx(low, abs=1e-4)
    assert got_high == pytest.approx(high, abs=1e-4)


def test_wilson_all_successes_mirrors_none():
    # Not one of the published examples: by symmetry of the score interval, 29/29 is 1 − (0/29).
    # Hand check for 0/29: upper = z²/(n + z²) = 3.8415 / 32.8415 = 0.11697, so 29/29 → 0.8830–1.
    low, high = wilson_interval(29, 29)
    assert high == 1.0
    assert low == pytest.approx(1 - 3.841458820694124 / (29 + 3.841458820694124), abs=1e-12)
    assert low == pytest.approx(0.8830, abs=1e-4)
    assert wilson_interval(0, 29)[0] == 0.0


def test_wilson_z_for_95_percent_is_the_normal_quantile():
    # Φ⁻¹(0.975) = 1.959963984540054 (any table of the standard normal; NormalDist().inv_cdf).
    assert z_value(0.95) == pytest.approx(1.959963984540054, abs=1e-12)


def test_wilson_zero_n_is_none_and_a_lower_confidence_is_narrower():
    assert wilson_interval(0, 0) is None
    low95, high95 = wilson_interval(15, 148)
    low90, high90 = wilson_interval(15, 148, confidence=0.90)
    assert low95 < low90 < 15 / 148 < high90 < high95


def test_wilson_takes_weighted_sums():
    # Weighted score: met weight 7.5 of 10 scored weight, worked by hand with z² = 3.841459:
    # z²/n = 0.384146; centre = (0.75 + 0.192073)/1.384146 = 0.680617;
    # half = 1.959964/1.384146 · sqrt(0.75·0.25/10 + 0.384146/40) = 1.416009 · 0.168385 = 0.238435
    # → 0.442182–0.919052.
    low, high = wilson_interval(7.5, 10)
    assert low == pytest.approx(0.442182, abs=2e-6)
    assert high == pytest.approx(0.919052, abs=2e-6)


@pytest.mark.parametrize(("x", "n"), [(-1, 10), (11, 10), (1, -1), (float("nan"), 10), (1, float("inf"))])
def test_wilson_rejects_impossible_counts(x, n):
    with pytest.raises(ValueError):
        wilson_interval(x, n)


def test_wilson_forgives_float_noise_from_sql_sums():
    # 0.1 + 0.2 summed in another order is 0.30000000000000004 > 0.3: treated as all met.
    assert wilson_interval(0.1 + 0.2, 0.3)[1] == 1.0


# --- the minimum-n rule ------------------------------------------------------------------------


def test_below_min_n_is_not_enough_and_at_min_n_is(monkeypatch):
    monkeypatch.delenv("JAKOSC_MIN_N", raising=False)
    assert MIN_N == 10 and default_min_n() == 10
    below = proportion(8, 9)
    assert not below.enough and below.shown is None
    assert below.value == pytest.approx(8 / 9)  # still computed, the UI just does not show it
    at = proportion(8, 10)
    assert at.enough and at.shown == pytest.approx(0.8)
    assert (at.low, at.high) == pytest.approx(wilson_interval(8, 10))
    assert at.min_n == 10


def test_min_n_from_the_environment(monkeypatch):
    monkeypatch.setenv("JAKOSC_MIN_N", "30")
    assert default_min_n() == 30
    assert not proportion(20, 29).enough
    assert proportion(20, 30).enough
    assert proportion(5, 5, min_n=5).enough  # an explicit min_n wins over the environment


@pytest.mark.parametrize("raw", ["dziesięć", "0", "-3"])
def test_min_n_rejects_a_bad_environment_value(monkeypatch, raw):
    monkeypatch.setenv("JAKOSC_MIN_N", raw)
    with pytest.raises(ValueError, match="JAKOSC_MIN_N"):
        default_min_n()


def test_min_n_can_count_observations_instead_of_weight(monkeypatch):
    monkeypatch.delenv("JAKOSC_MIN_N", raising=False)
    # 25 units of weight from only 4 observations: not enough observations.
    share = proportion(20, 25, count=4)
    assert not share.enough and share.count == 4 and share.value == pytest.approx(0.8)
    assert proportion(20, 25, count=10).enough


def test_no_data_is_never_enough():
    share = proportion(0, 0, min_n=0)
    assert share.value is None and share.low is None and share.high is None and not share.enough


# --- p chart -----------------------------------------------------------------------------------

# NIST/SEMATECH e-Handbook of Statistical Methods, 6.3.3.2 "Proportions Control Charts", example:
# misregistration on 30 wafers, 50 chips per wafer. Published fractions defective per wafer, and
# the published results p̄ = .2313, UCL = .4102, LCL = .0524 (3-sigma, n = 50).
NIST_WAFER_FRACTIONS = [
    0.24, 0.30, 0.16, 0.20, 0.08, 0.14, 0.32, 0.18, 0.28, 0.20,
    0.10, 0.12, 0.34, 0.24, 0.44, 0.16, 0.20, 0.10, 0.26, 0.22,
    0.40, 0.36, 0.48, 0.30, 0.18, 0.24, 0.14, 0.26, 0.18, 0.12,
]  # fmt: skip


def test_p_chart_matches_nist_handbook_wafer_example():
    points = [
        (wafer, round(fraction * 50), 50) for wafer, fraction in enumerate(NIST_WAFER_FRACTIONS, start=1)
    ]
    assert sum(x for _, x, _ in points) == 347  # Σ fractions 6.94 × 50 chips
    rows = p_chart(points)
    assert rows[0].centre == pytest.approx(0.2313, abs=1e-4)  # 347 / 1500 = 0.23133
    assert all(r.ucl == pytest.approx(0.4102, abs=1e-4) for r in rows)
    assert all(r.lcl == pytest.approx(0.0524, abs=1e-4) for r in rows)
    # Against the published UCL .4102, wafers 15 (.44) and 23 (.48) are above it; none is below .0524.
    assert [r.label for r in rows if r.out_of_control] == [15, 23]
    assert [r.label for r in rows] == list(range(1, 31))


def test_p_chart_limits_vary_with_n_worked_by_hand():
    # p̄ = (45 + 160 + 70 + 10) / (50 + 200 + 100 + 25) = 285 / 375 = 0.76; p̄(1 − p̄) = 0.1824.
    #   n = 50:  3·sqrt(0.1824/50)  = 3·0.0603987 = 0.181196 → 0.578804–0.941196; p = 0.90 inside
    #   n = 200: 3·sqrt(0.1824/200) = 3·0.0301993 = 0.090598 → 0.669402–0.850598; p = 0.80 inside
    #   n = 100: 3·sqrt(0.1824/100) = 3·0.0427083 = 0.128125 → 0.631875–0.888125; p = 0.70 inside
    #   n = 25:  3·sqrt(0.1824/25)  = 3·0.0854166 = 0.256250 → 0.503750–1.016250, UCL clipped to 1;
    #            p = 0.40 is below the LCL → out of control.
    rows = p_chart([("sty", 45, 50), ("lut", 160, 200), ("mar", 70, 100), ("kwi", 10, 25)])
    assert all(r.centre == pytest.approx(0.76) for r in rows)
    expected = [(0.578804, 0.941196), (0.669402, 0.850598), (0.631875, 0.888125), (0.503750, 1.0)]
    for row, (lcl, ucl) in zip(rows, expected, strict=True):
        assert row.lcl == pytest.approx(lcl, abs=1e-6)
        assert row.ucl == pytest.approx(ucl, abs=1e-6)
    assert [r.out_of_control for r in rows] == [False, False, False, True]
    assert [r.p for r in rows] == pytest.approx([0.9, 0.8, 0.7, 0.4])


def test_p_chart_limits_narrow_as_n_grows():
    sizes = [5, 10, 20, 50, 100, 1000, 10000]
    rows = p_chart([(n, 0.8 * n, n) for n in sizes])
    widths = [r.ucl - r.lcl for r in rows]
    assert all(wider > narrower for wider, narrower in itertools.pairwise(widths))
    assert all(r.lcl <= r.centre <= r.ucl and not r.out_of_control for r in rows)


def test_p_chart_flags_points_outside_both_ways_and_not_on_the_centre():
    # Against a standard p0 = 0.5 with n = 100: limits 0.5 ± 3·0.05 = 0.35–0.65.
    rows = p_chart([("a", 66, 100), ("b", 34, 100), ("c", 50, 100), ("d", 65, 100)], centre=0.5)
    assert rows[0].ucl == pytest.approx(0.65) and rows[0].lcl == pytest.approx(0.35)
    assert [r.out_of_control for r in rows] == [True, True, False, False]  # 0.65 sits on the UCL: in control


def test_p_chart_keeps_empty_points_without_limits():
    rows = p_chart([("sty", 8, 10), ("lut", 0, 0), ("mar", 9, 10)])
    assert rows[1].p is None and rows[1].ucl is None and rows[1].lcl is None and not rows[1].out_of_control
    assert rows[1].centre == pytest.approx(17 / 20)
    assert p_chart([("sty", 0, 0)])[0].centre is None
    assert p_chart([]) == []


def test_p_chart_all_met_has_zero_width_limits_and_no_alarm():
    rows = p_chart([("a", 10, 10), ("b", 20, 20)])
    assert all(r.ucl == r.lcl == r.centre == 1.0 and not r.out_of_control for r in rows)


# --- Cohen's kappa -----------------------------------------------------------------------------


def _pairs(table, categories):
    """Expand a contingency table (rows: rater A, columns: rater B) into answer pairs."""
    return [
        (a, b)
        for a, row in zip(categories, table, strict=True)
        for b, count in zip(categories, row, strict=True)
        for _ in range(count)
    ]


def test_kappa_wikipedia_two_by_two_example():
    # Wikipedia, "Cohen's kappa", worked example: 50 grant proposals, two readers.
    # Yes/Yes 20, Yes/No 5, No/Yes 10, No/No 15 → po = 0.70, pe = 0.5·0.6 + 0.5·0.4 = 0.50, κ = 0.40.
    result = cohen_kappa(_pairs([[20, 5], [10, 15]], ["tak", "nie"]))
    assert result.n == 50
    assert result.observed == pytest.approx(0.70)
    assert result.expected == pytest.approx(0.50)
    assert result.kappa == pytest.approx(0.40)
    assert result.percent_agreement == pytest.approx(70.0)
    assert landis_koch(result.kappa).code == "fair"  # 0.40 is the top of "fair"


@pytest.mark.parametrize(
    ("table", "kappa"),
    [
        # Wikipedia, "Cohen's kappa", "same percentages but different numbers": both tables agree
        # on 60% of 100 items, yet
        #   [[45, 15], [25, 15]]: pe = 0.6·0.7 + 0.4·0.3 = 0.54, κ = 0.06/0.46 = 0.1304
        #   [[25, 35], [5, 35]]:  pe = 0.6·0.3 + 0.4·0.7 = 0.46, κ = 0.14/0.54 = 0.2593
        ([[45, 15], [25, 15]], 0.1304),
        ([[25, 35], [5, 35]], 0.2593),
    ],
)
def test_kappa_wikipedia_same_agreement_different_kappa(table, kappa):
    result = cohen_kappa(_pairs(table, ["tak", "nie"]))
    assert result.observed == pytest.approx(0.60)
    assert result.kappa == pytest.approx(kappa, abs=1e-4)


def test_kappa_three_categories_sas_example():
    # SAS PROC FREQ simple kappa printout, as used for the reference test of
    # statsmodels.stats.inter_rater.cohens_kappa (statsmodels/stats/tests/test_inter_rater.py,
    # table10): [[0, 4, 1], [0, 8, 0], [0, 1, 5]] → Kappa 0.4842.
    # By hand: n = 19, po = 13/19 = 0.68421; rows 5, 8, 6; columns 0, 13, 6;
    # pe = (5·0 + 8·13 + 6·6)/19² = 140/361 = 0.38781; κ = 0.29640/0.61219 = 0.48416.
    result = cohen_kappa(_pairs([[0, 4, 1], [0, 8, 0], [0, 1, 5]], ["a", "b", "c"]))
    assert result.n == 19
    assert result.observed == pytest.approx(13 / 19)
    assert result.expected == pytest.approx(140 / 361)
    assert result.kappa == pytest.approx(0.4842, abs=1e-4)
    assert landis_koch(result.kappa).label == "umiarkowana"


def test_kappa_r_irr_anxiety_raters_two_and_three():
    # R package irr, data(anxiety): 20 subjects rated 1–6 by three raters; kappa2(anxiety[, 2:3])
    # (unweighted) = -0.006289308, as recorded in statsmodels' test_inter_rater.py (ck_w1).
    rater2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4]
    rater3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]
    result = cohen_kappa(list(zip(rater2, rater3, strict=True)))
    assert result.n == 20
    assert result.kappa == pytest.approx(-0.006289308, abs=1e-9)
    assert landis_koch(result.kappa).code == "poor"


def test_kappa_cohen_1960_table_1_negative_agreement():
    # Cohen J. (1960) "A coefficient of agreement for nominal scales", Educational and Psychological
    # Measurement 20:37–46, Table 1: po = .25 + .02 + .02 = .29, pc = .20 + .09 + .06 = .35,
    # so κ = (.29 − .35)/(1 − .35) = −.0923. The table below has the paper's diagonal and chance
    # terms (margins A .50/.30/.20, B .40/.30/.30), which is all κ depends on; its off-diagonal
    # cells are filled in by hand to meet those margins, not copied from the paper.
    result = cohen_kappa(_pairs([[25, 23, 2], [2, 2, 26], [13, 5, 2]], [1, 2, 3]))
    assert result.observed == pytest.approx(0.29)
    assert result.expected == pytest.approx(0.35)
    assert result.kappa == pytest.approx(-0.06 / 0.65)


def test_kappa_undefined_cases_and_skipped_unanswered():
    assert cohen_kappa([]) == (None, None, None, 0)
    # Both raters always answer "tak": pe = 1, κ undefined, agreement still 100%.
    same = cohen_kappa([("tak", "tak")] * 12)
    assert same.kappa is None and same.observed == 1.0 and same.expected == 1.0 and same.n == 12
    # Unanswered items (None on either side) are not compared.
    partial = cohen_kappa([("tak", "tak"), ("nie", "nie"), (None, "tak"), ("tak", None)])
    assert partial.n == 2 and partial.kappa == pytest.approx(1.0)


def test_kappa_is_a_tuple_of_kappa_po_pe_n():
    kappa, po, pe, n = cohen_kappa(_pairs([[20, 5], [10, 15]], ["tak", "nie"]))
    assert (kappa, po, pe, n) == pytest.approx((0.4, 0.7, 0.5, 50))


# --- Landis & Koch bands -----------------------------------------------------------------------


# Landis J. R., Koch G. G. (1977) "The measurement of observer agreement for categorical data",
# Biometrics 33:159–174, p. 165: <0.00 poor, 0.00–0.20 slight, 0.21–0.40 fair, 0.41–0.60 moderate,
# 0.61–0.80 substantial, 0.81–1.00 almost perfect.
@pytest.mark.parametrize(
    ("kappa", "label", "code"),
    [
        (-1.0, "brak zgodności", "poor"),
        (-0.0001, "brak zgodności", "poor"),
        (0.0, "nieznaczna", "slight"),
        (0.20, "nieznaczna", "slight"),
        (0.21, "dostateczna", "fair"),
        (0.40, "dostateczna", "fair"),
        (0.41, "umiarkowana", "moderate"),
        (0.60, "umiarkowana", "moderate"),
        (0.61, "znaczna", "substantial"),
        (0.80, "znaczna", "substantial"),
        (0.81, "prawie pełna", "almost_perfect"),
        (1.0, "prawie pełna", "almost_perfect"),
    ],
)
def test_landis_koch_bands_at_the_boundaries(kappa, label, code):
    band = landis_koch(kappa)
    assert (band.label, band.code) == (label, code)


def test_landis_koch_between_printed_limits_and_float_noise():
    assert landis_koch(0.205).code == "fair"  # above 0.20 is past "slight"
    assert landis_koch(0.6000000000000001).code == "moderate"  # float noise does not cross 0.60
    assert landis_koch(0.8).label_en == "substantial"
    assert landis_koch(0.9).label_en == "almost perfect"


@pytest.mark.parametrize("kappa", [1.5, float("nan"), float("inf")])
def test_landis_koch_rejects_impossible_kappa(kappa):
    with pytest.raises(ValueError):
        landis_koch(kappa)


# --- means with a Student t interval -----------------------------------------------------------


# Two-sided 95% critical values of Student's t, t(0.975, df), printed to 3 decimals in any table,
# e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2 "Critical values of the Student's t distribution".
@pytest.mark.parametrize(
    ("df", "t"), [(1, 12.706), (2, 4.303), (4, 2.776), (5, 2.571), (10, 2.228), (30, 2.042), (100, 1.984)]
)
def test_t_quantile_matches_the_printed_table(df, t):
    assert t_quantile(0.975, df) == pytest.approx(t, abs=5e-4)


def test_t_quantile_is_symmetric_and_tends_to_normal():
    assert t_quantile(0.025, 7) == pytest.approx(-t_quantile(0.975, 7), abs=1e-9)
    assert t_quantile(0.5, 3) == 0.0
    assert t_quantile(0.975, 100000) == pytest.approx(1.959963984540054, abs=1e-4)


def test_mean_with_ci_worked_by_hand():
    # 1, 2, 3, 4, 5: mean 3, sd = sqrt(10/4) = 1.581139, se = 1.581139/√5 = 0.707107,
    # t(0.975, 4) = 2.776445 → half-width 1.963243 → 1.036757–4.963243.
    result = mean_with_ci([1, 2, 3, 4, 5], min_n=5)
    assert result.mean == pytest.approx(3.0)
    assert result.n == 5 and result.enough
    assert result.sd == pytest.approx(math.sqrt(2.5))
    assert result.low == pytest.approx(1.036757, abs=1e-6)
    assert result.high == pytest.approx(4.963243, abs=1e-6)


def test_mean_from_a_sql_summary_equals_the_mean_of_values():
    values = [5, 4, 4, 5, 3, 5, 5, 4, 2, 5, 4, 5]
    direct = mean_with_ci(values)
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
    summary = mean_ci_from_summary(mean, sd, len(values))
    assert (summary.low, summary.high) == pytest.approx((direct.low, direct.high))


def test_mean_edge_cases(monkeypatch):
    monkeypatch.delenv("JAKOSC_MIN_N", raising=False)
    empty = mean_with_ci([None, None])
    assert empty.mean is None and empty.n == 0 and not empty.enough and empty.shown is None
    single = mean_with_ci([4])
    assert single.mean == 4 and single.low is None and single.high is None and not single.enough
    same = mean_with_ci([5] * 10)
    assert same.enough and same.low == same.high == 5.0
    assert not mean_with_ci([5] * 9).enough
