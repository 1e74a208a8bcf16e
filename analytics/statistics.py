"""Statistics behind every figure: pure functions, no database and no Streamlit.

Owns:
- observation scores as cluster samples (`ScoreSums`, `observation_score`): the unit is the
  observation, not the item answer. A score is the ratio estimator Σ met weight / Σ scored
  weight over observations, its interval comes from the linearization (cluster-robust) variance
  with Student's t on (observations − 1) degrees of freedom, and the minimum-n rule counts
  observations ($JAKOSC_MIN_OBSERVATIONS, default 5);
- the Wilson score interval for a share of independent answers, i.e. client ratings
  (`wilson_interval`, `proportion`; minimum n $JAKOSC_MIN_N, default 10);
- control charts: the p chart (`p_chart`) and Laney's p′ chart that widens its limits by the
  variation between points actually seen (`laney_p_chart`), used for monthly observation scores;
- agreement of two raters: Cohen's kappa (`cohen_kappa`) with its Landis & Koch (1977) band
  (`landis_koch`) and Gwet's AC1 (`gwet_ac1`), which stays meaningful when nearly every answer
  is the same (the kappa paradox);
- the mean of client ratings with a Student t interval (`mean_with_ci`, `mean_ci_from_summary`).

Quantiles come from scipy.stats; nothing here re-implements a distribution.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from statistics import NormalDist
from typing import Generic, NamedTuple, TypeVar

from scipy import stats

MIN_N = 10
"""Default minimum number of client ratings behind a shown figure; $JAKOSC_MIN_N overrides it."""

MIN_N_ENV = "JAKOSC_MIN_N"

MIN_OBSERVATIONS = 5
"""Default minimum number of observations behind a shown score; $JAKOSC_MIN_OBSERVATIONS overrides it."""

MIN_OBSERVATIONS_ENV = "JAKOSC_MIN_OBSERVATIONS"

LabelT = TypeVar("LabelT")


def default_min_n() -> int:
    """The minimum number of client ratings for showing a figure: $JAKOSC_MIN_N if set, else
    MIN_N (10). Read on every call."""
    return _setting(MIN_N_ENV, MIN_N)


def min_observations() -> int:
    """The minimum number of observations for showing a score: $JAKOSC_MIN_OBSERVATIONS if set,
    else MIN_OBSERVATIONS (5). Read on every call."""
    return _setting(MIN_OBSERVATIONS_ENV, MIN_OBSERVATIONS)


def _setting(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} musi być liczbą całkowitą ≥ 1, a jest: {raw!r}") from None
    if value < 1:
        raise ValueError(f"{name} musi być liczbą całkowitą ≥ 1, a jest: {raw!r}")
    return value


def z_value(confidence: float = 0.95) -> float:
    """Two-sided standard normal quantile for a confidence level (0.95 → 1.959963984540054)."""
    _check_confidence(confidence)
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")


def _check_share(successes: float, n: float) -> float:
    """Validate a (successes, n) pair and return successes, nudged into [0, n] if float noise put
    it a hair outside (weighted sums from SQL). With n == 0 successes are ignored (no data)."""
    if not math.isfinite(n) or n < 0:
        raise ValueError(f"n must be a finite number >= 0, got {n!r}")
    if n == 0:
        return 0.0
    if not math.isfinite(successes):
        raise ValueError(f"successes must be finite, got {successes!r}")
    slack = 1e-9 * n
    if successes < -slack or successes > n + slack:
        raise ValueError(f"need 0 <= successes <= n, got successes={successes!r}, n={n!r}")
    return min(max(successes, 0.0), n)


# --- shares: Wilson interval and the minimum-n rule -------------------------------------------


def wilson_interval(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float] | None:
    """Wilson score interval (Wilson 1927; Newcombe 1998 method 3, no continuity correction).

    None when n == 0. Limits are clipped to [0, 1] against rounding; at 0 successes the lower limit
    is exactly 0 and at n successes the upper limit is exactly 1.
    """
    successes = _check_share(successes, n)
    _check_confidence(confidence)
    if n == 0:
        return None
    z = z_value(confidence)
    p = successes / n
    z2n = z * z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(p * (1 - p) / n + z2n / (4 * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class Proportion:
    """A share with its Wilson interval and whether there is enough data to show it."""

    successes: float
    n: float  # the denominator: items (or weight) met + not met
    value: float | None  # successes / n; None when n == 0
    low: float | None
    high: float | None
    enough: bool  # False: the UI shows "za mało danych" instead of the number
    count: float  # what the minimum-n rule was applied to (n unless a count was given)
    min_n: int

    @property
    def shown(self) -> float | None:
        """The value when there is enough data, else None."""
        return self.value if self.enough else None


def proportion(
    successes: float,
    n: float,
    min_n: int | None = None,
    *,
    count: float | None = None,
    confidence: float = 0.95,
) -> Proportion:
    """successes / n with its Wilson interval; `enough` is count >= min_n.

    min_n defaults to default_min_n() ($JAKOSC_MIN_N, else 10). `count` is what the rule counts
    (e.g. the number of observations behind weighted sums); it defaults to n.
    """
    successes = _check_share(successes, n)
    threshold = default_min_n() if min_n is None else min_n
    counted = n if count is None else count
    interval = wilson_interval(successes, n, confidence)
    low, high = interval if interval is not None else (None, None)
    return Proportion(
        successes=successes,
        n=n,
        value=successes / n if n else None,
        low=low,
        high=high,
        enough=n > 0 and counted >= threshold,
        count=counted,
        min_n=threshold,
    )


# --- p control chart ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PChartRow(Generic[LabelT]):
    """One point of a p chart. p, ucl and lcl are None for a point with n == 0."""

    label: LabelT
    successes: float
    n: float
    p: float | None
    centre: float | None  # p̄ = Σ successes / Σ n over the whole chart (or the given standard)
    ucl: float | None  # p̄ + sigma·sqrt(p̄(1 − p̄)/n), at most 1
    lcl: float | None  # p̄ − sigma·sqrt(p̄(1 − p̄)/n), at least 0
    out_of_control: bool  # p > ucl or p < lcl


def p_chart(
    points: Sequence[tuple[LabelT, float, float]],
    *,
    sigma: float = 3.0,
    centre: float | None = None,
) -> list[PChartRow[LabelT]]:
    """p chart (Shewhart) for (label, successes, n) points, limits varying with each point's n.

    The centre line is p̄ = Σ successes / Σ n over all points (Montgomery, Introduction to
    Statistical Quality Control, ch. 7; NIST/SEMATECH e-Handbook 6.3.3.2) unless a standard
    `centre` is given. Rows come back in the input order; a point on a limit is in control.
    """
    if sigma <= 0:
        raise ValueError(f"sigma must be positive, got {sigma!r}")
    points = [(label, _check_share(successes, n), n) for label, successes, n in points]
    if centre is not None and not 0 <= centre <= 1:
        raise ValueError(f"centre must be between 0 and 1, got {centre!r}")
    total_n = math.fsum(n for _, _, n in points)
    p_bar = (
        centre if centre is not None else (math.fsum(x for _, x, _ in points) / total_n if total_n else None)
    )
    rows: list[PChartRow[LabelT]] = []
    for label, successes, n in points:
        if n == 0 or p_bar is None:
            p = successes / n if n else None
            rows.append(PChartRow(label, successes, n, p, p_bar, None, None, False))
            continue
        p = successes / n
        spread = sigma * math.sqrt(p_bar * (1 - p_bar) / n)
        ucl = min(1.0, p_bar + spread)
        lcl = max(0.0, p_bar - spread)
        rows.append(PChartRow(label, successes, n, p, p_bar, ucl, lcl, p > ucl or p < lcl))
    return rows


D2_MOVING_RANGE = 1.128
"""d₂ for moving ranges of two points: mean moving range / d₂ estimates sigma (Montgomery, table VI)."""


@dataclass(frozen=True)
class LaneyChart(Generic[LabelT]):
    """Laney's p′ chart: the rows (as p_chart's, limits widened) and the factor σ_z they use."""

    rows: list[PChartRow[LabelT]]
    sigma_z: float | None  # the spread of the points' z-scores; 1 means plain binomial variation


def laney_p_chart(
    points: Sequence[tuple[LabelT, float, float]],
    *,
    sigma: float = 3.0,
    centre: float | None = None,
) -> LaneyChart[LabelT]:
    """Laney's p′ chart (Laney 2002, Quality Engineering 14(4), "Improved control charts for
    attributes") for (label, successes, n) points.

    A p chart assumes the only variation is binomial within each point; when points differ more
    than that (here: employees and visits differ), its limits are too narrow and ordinary points
    fall outside. Laney measures the variation actually seen between consecutive points: each
    point's z-score zᵢ = (pᵢ − p̄) / σ_pᵢ, σ_pᵢ = √(p̄(1 − p̄)/nᵢ), and σ_z = mean |zᵢ − zᵢ₋₁| / 1.128
    (an individuals chart of the z-scores). The limits are p̄ ± sigma·σ_pᵢ·σ_z, clipped to [0, 1].
    σ_z = 1 gives the p chart back; with fewer than two points σ_z is unknown and no limits are drawn.
    """
    base = p_chart(points, sigma=sigma, centre=centre)
    scored = [row for row in base if row.p is not None and row.centre is not None]
    p_bar = scored[0].centre if scored else None
    if p_bar is None or len(scored) < 2:
        return LaneyChart([_without_limits(row) for row in base], None)
    if p_bar in (0.0, 1.0):  # no binomial spread: every point equals the centre
        return LaneyChart(base, None)
    z = [(row.p - p_bar) / math.sqrt(p_bar * (1 - p_bar) / row.n) for row in scored]
    sigma_z = math.fsum(abs(b - a) for a, b in pairwise(z)) / (len(z) - 1) / D2_MOVING_RANGE
    rows = []
    for row in base:
        if row.p is None or row.n == 0:
            rows.append(_without_limits(row))
            continue
        spread = sigma * math.sqrt(p_bar * (1 - p_bar) / row.n) * sigma_z
        ucl, lcl = min(1.0, p_bar + spread), max(0.0, p_bar - spread)
        rows.append(
            PChartRow(row.label, row.successes, row.n, row.p, p_bar, ucl, lcl, row.p > ucl or row.p < lcl)
        )
    return LaneyChart(rows, sigma_z)


def _without_limits(row: PChartRow[LabelT]) -> PChartRow[LabelT]:
    return PChartRow(row.label, row.successes, row.n, row.p, row.centre, None, None, False)


# --- agreement between two raters ----------------------------------------------------------------


class Kappa(NamedTuple):
    """Cohen's kappa with its parts. kappa is None when undefined (no pairs, or pe == 1)."""

    kappa: float | None
    observed: float | None  # po, the share of pairs that agree
    expected: float | None  # pe, chance agreement from the two raters' marginal shares
    n: int  # pairs compared

    @property
    def percent_agreement(self) -> float | None:
        """po as a percentage (0–100)."""
        return None if self.observed is None else 100 * self.observed


def cohen_kappa(pairs: Iterable[tuple[Hashable | None, Hashable | None]]) -> Kappa:
    """Cohen's (1960) unweighted kappa for two raters over nominal categories.

    pairs: (rater A's answer, rater B's answer) per item. A pair with None on either side
    (unanswered) is skipped. κ = (po − pe) / (1 − pe), pe = Σ_k pA(k)·pB(k).
    """
    compared = [(a, b) for a, b in pairs if a is not None and b is not None]
    n = len(compared)
    if n == 0:
        return Kappa(None, None, None, 0)
    agree = sum(1 for a, b in compared if a == b)
    first = Counter(a for a, _ in compared)
    second = Counter(b for _, b in compared)
    observed = agree / n
    expected = math.fsum(first[k] * second[k] for k in first) / (n * n)
    if math.isclose(expected, 1.0, rel_tol=0, abs_tol=1e-12):
        return Kappa(None, observed, expected, n)
    return Kappa((observed - expected) / (1 - expected), observed, expected, n)


class AC1(NamedTuple):
    """Gwet's AC1 with its parts. ac1 is None when undefined (no pairs, or only one category)."""

    ac1: float | None
    observed: float | None  # pa, the share of pairs that agree
    expected: float | None  # pe, Gwet's chance agreement
    n: int


def gwet_ac1(
    pairs: Iterable[tuple[Hashable | None, Hashable | None]], categories: Iterable[Hashable] | None = None
) -> AC1:
    """Gwet's (2008) first-order agreement coefficient for two raters over nominal categories.

    AC1 = (pa − pe) / (1 − pe), pe = Σ_k π_k(1 − π_k) / (q − 1), π_k = (pA(k) + pB(k)) / 2, with q
    the number of categories (those given, else those either rater used). Kappa's chance
    agreement grows when nearly every answer is "tak", so kappa collapses even when two
    supervisors almost always agree; AC1's chance term shrinks instead (Gwet 2008, British
    Journal of Mathematical and Statistical Psychology 61, 29–48). Pairs with None are skipped.
    """
    compared = [(a, b) for a, b in pairs if a is not None and b is not None]
    n = len(compared)
    if n == 0:
        return AC1(None, None, None, 0)
    first = Counter(a for a, _ in compared)
    second = Counter(b for _, b in compared)
    known = set(categories) if categories is not None else set(first) | set(second)
    observed = sum(1 for a, b in compared if a == b) / n
    if len(known) < 2:
        return AC1(None, observed, None, n)
    shares = [(first[k] + second[k]) / (2 * n) for k in known]
    expected = math.fsum(p * (1 - p) for p in shares) / (len(known) - 1)
    return AC1((observed - expected) / (1 - expected), observed, expected, n)


class LandisKoch(NamedTuple):
    """A Landis & Koch (1977) agreement band."""

    label: str  # Polish, for the UI
    code: str  # stable English identifier
    label_en: str


LANDIS_KOCH_BANDS: tuple[tuple[float, LandisKoch], ...] = (
    # (upper limit, inclusive; band). Below 0 is "poor".
    (0.20, LandisKoch("nieznaczna", "slight", "slight")),
    (0.40, LandisKoch("dostateczna", "fair", "fair")),
    (0.60, LandisKoch("umiarkowana", "moderate", "moderate")),
    (0.80, LandisKoch("znaczna", "substantial", "substantial")),
    (1.00, LandisKoch("prawie pełna", "almost_perfect", "almost perfect")),
)
LANDIS_KOCH_POOR = LandisKoch("brak zgodności", "poor", "poor")


def landis_koch(kappa: float) -> LandisKoch:
    """Landis & Koch (1977) band: <0 poor, 0–0.20 slight, 0.21–0.40 fair, 0.41–0.60 moderate,
    0.61–0.80 substantial, 0.81–1 almost perfect. Upper limits are inclusive (0.20 is slight,
    0.40 fair); kappa is rounded to 9 decimals first so that float noise cannot cross a limit.
    """
    if not math.isfinite(kappa) or kappa > 1 + 1e-9:
        raise ValueError(f"kappa must be a number not above 1, got {kappa!r}")
    rounded = round(kappa, 9)
    if rounded < 0:
        return LANDIS_KOCH_POOR
    for upper, band in LANDIS_KOCH_BANDS:
        if rounded <= upper:
            return band
    return LANDIS_KOCH_BANDS[-1][1]


# --- means of client ratings -------------------------------------------------------------------


@dataclass(frozen=True)
class MeanCI:
    """A mean with a Student t confidence interval (n − 1 degrees of freedom)."""

    mean: float | None  # None when n == 0
    n: int
    sd: float | None  # sample standard deviation (n − 1 denominator); None when n < 2
    low: float | None  # None when n < 2
    high: float | None
    enough: bool  # n >= min_n

    @property
    def shown(self) -> float | None:
        """The mean when there is enough data, else None."""
        return self.mean if self.enough else None


def mean_ci_from_summary(
    mean: float | None,
    sd: float | None,
    n: int,
    confidence: float = 0.95,
    min_n: int | None = None,
) -> MeanCI:
    """Student t interval mean ± t(1 − α/2, n − 1)·sd/√n from a summary (e.g. SQL AVG, STDDEV_SAMP, COUNT).

    Uses the t distribution, not the normal approximation, so small departments get honest widths.
    """
    _check_confidence(confidence)
    if n < 0:
        raise ValueError(f"n must not be negative, got {n!r}")
    threshold = default_min_n() if min_n is None else min_n
    if n == 0 or mean is None:
        return MeanCI(None, 0, None, None, None, False)
    if n < 2 or sd is None:
        return MeanCI(mean, n, None, None, None, n >= threshold)
    if sd < 0:
        raise ValueError(f"sd must not be negative, got {sd!r}")
    half = t_quantile(1 - (1 - confidence) / 2, n - 1) * sd / math.sqrt(n)
    return MeanCI(mean, n, sd, mean - half, mean + half, n >= threshold)


def mean_with_ci(
    values: Iterable[float | None], confidence: float = 0.95, min_n: int | None = None
) -> MeanCI:
    """Mean of the values (None skipped) with a Student t interval; see mean_ci_from_summary."""
    data = [float(v) for v in values if v is not None]
    n = len(data)
    if n == 0:
        return mean_ci_from_summary(None, None, 0, confidence, min_n)
    mean = math.fsum(data) / n
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in data) / (n - 1)) if n > 1 else None
    return mean_ci_from_summary(mean, sd, n, confidence, min_n)


@lru_cache(maxsize=1024)
def t_quantile(probability: float, df: float) -> float:
    """Quantile of Student's t with df degrees of freedom (scipy.stats.t.ppf), cached: the
    dashboard asks for the same few quantiles hundreds of times a page."""
    if not 0 < probability < 1:
        raise ValueError(f"probability must be between 0 and 1, got {probability!r}")
    if df <= 0:
        raise ValueError(f"df must be positive, got {df!r}")
    return float(stats.t.ppf(probability, df))


# --- observation scores: the observation is the unit --------------------------------------------


@dataclass(frozen=True)
class ScoreSums:
    """What a group of observations (a department, a month, a heat-map cell, an employee) needs
    for its score and interval, summable in SQL without reading the observations themselves.

    Observation i contributes met weight yᵢ and scored weight xᵢ (met + not met weight; "nie
    dotyczy" and "nie zaobserwowano" are not scored). Observations with xᵢ = 0 are not counted.
    `employees` is the number of distinct employees observed, where the query knows it.

    >>> ScoreSums.of([(3, 4), (2, 2)]).observations
    2
    """

    observations: int
    met: float  # Σ yᵢ
    scored: float  # Σ xᵢ
    met_sq: float  # Σ yᵢ²
    scored_sq: float  # Σ xᵢ²
    cross: float  # Σ xᵢ·yᵢ
    employees: int | None = None

    @classmethod
    def of(cls, observations: Iterable[tuple[float, float]], employees: int | None = None) -> ScoreSums:
        """From (met weight, scored weight) per observation."""
        scored = [(float(y), float(x)) for y, x in observations if x > 0]
        return cls(
            observations=len(scored),
            met=math.fsum(y for y, _ in scored),
            scored=math.fsum(x for _, x in scored),
            met_sq=math.fsum(y * y for y, _ in scored),
            scored_sq=math.fsum(x * x for _, x in scored),
            cross=math.fsum(x * y for y, x in scored),
            employees=employees,
        )

    @classmethod
    def from_record(cls, record: Mapping) -> ScoreSums:
        """From a query row with the columns analytics.queries.score_sums() names (NULL = 0)."""

        def number(name: str) -> float:
            value = record.get(name)
            return 0.0 if value is None or value != value else float(value)  # NaN from pandas

        employees = record.get("employees")
        return cls(
            observations=int(number("scored_observations")),
            met=number("met"),
            scored=number("scored"),
            met_sq=number("met_sq"),
            scored_sq=number("scored_sq"),
            cross=number("cross_sum"),
            employees=None if employees is None or employees != employees else int(employees),
        )


@dataclass(frozen=True)
class ObservationScore:
    """A score of observations with its interval and whether there are enough observations.

    `method` says how the interval was made: "cluster" (ratio estimator ± t·SE, SE from the
    spread of the observations' own scores) or "wilson" (every observation scored the same, so
    there is no spread to measure: Wilson's interval with one trial per observation)."""

    value: float | None  # Σ met / Σ scored; None without scored observations
    n: int  # observations scored
    employees: int | None
    low: float | None
    high: float | None
    standard_error: float | None
    enough: bool  # n >= min_n
    min_n: int
    method: str | None

    @property
    def shown(self) -> float | None:
        return self.value if self.enough else None


def observation_score(
    sums: ScoreSums, min_n: int | None = None, confidence: float = 0.95
) -> ObservationScore:
    """The score of a group of observations, its interval and the minimum-n rule on observations.

    R = Σyᵢ / Σxᵢ (a ratio estimator over clusters: Cochran 1977, Sampling Techniques, 6.3; Lohr,
    Sampling: Design and Analysis, 5.2). Its linearization variance treats each observation as
    one cluster of item answers, which share one employee, one visit and one observer:

        v(R) = n / (n − 1) · Σ (yᵢ − R·xᵢ)² / (Σxᵢ)²

    the same as a cluster-robust (CR1) standard error of a weighted mean with observations as
    clusters (statsmodels `cov_type="cluster"`). The interval is R ± t(1 − α/2; n − 1)·√v,
    clipped to [0, 1]. When every observation has the same score the spread is zero and says
    nothing about uncertainty; then Wilson's interval counts each observation as one trial.
    """
    _check_confidence(confidence)
    threshold = min_observations() if min_n is None else min_n
    n = sums.observations
    if n == 0 or sums.scored <= 0:
        return ObservationScore(None, 0, sums.employees, None, None, None, False, threshold, None)
    ratio = min(max(sums.met / sums.scored, 0.0), 1.0)
    enough = n >= threshold
    if n < 2:
        return ObservationScore(ratio, n, sums.employees, None, None, None, enough, threshold, None)
    residual = sums.met_sq - 2 * ratio * sums.cross + ratio * ratio * sums.scored_sq
    if residual <= 1e-12 * max(sums.met_sq, sums.scored_sq):  # float noise of identical scores
        low, high = wilson_interval(ratio * n, n, confidence)
        return ObservationScore(ratio, n, sums.employees, low, high, 0.0, enough, threshold, "wilson")
    error = math.sqrt(n / (n - 1) * residual) / sums.scored
    half = t_quantile(1 - (1 - confidence) / 2, n - 1) * error
    return ObservationScore(
        ratio,
        n,
        sums.employees,
        max(0.0, ratio - half),
        min(1.0, ratio + half),
        error,
        enough,
        threshold,
        "cluster",
    )
