"""Statistics behind the dashboard numbers: pure functions, no database and no Streamlit.

Owns:
- the Wilson score interval for a share (`wilson_interval`) and the minimum-n rule that decides
  whether a share is shown at all (`proportion`, `default_min_n`, $JAKOSC_MIN_N, default 10);
- the p control chart with limits that vary with n (`p_chart`);
- Cohen's kappa for two raters over nominal answers (`cohen_kappa`) and its Landis & Koch (1977)
  band (`landis_koch`);
- the mean of client ratings with a Student t interval (`mean_with_ci`, `mean_ci_from_summary`).

Observation scores in this app are weighted: met weight / (met weight + not met weight). Every
function here that takes "successes" and "n" accepts those weight sums as floats. The binomial
formulas then treat the weight sum as if it were a count of independent items, which is an
approximation: it is exact when every weight is 1 and good enough to show uncertainty otherwise.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist
from typing import Generic, NamedTuple, TypeVar

MIN_N = 10
"""Default minimum n below which a share is "za mało danych"; $JAKOSC_MIN_N overrides it."""

MIN_N_ENV = "JAKOSC_MIN_N"

LabelT = TypeVar("LabelT")


def default_min_n() -> int:
    """The minimum n for showing a number: $JAKOSC_MIN_N if set, else MIN_N (10). Read on every call."""
    raw = os.environ.get(MIN_N_ENV, "").strip()
    if not raw:
        return MIN_N
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{MIN_N_ENV} musi być liczbą całkowitą ≥ 1, a jest: {raw!r}") from None
    if value < 1:
        raise ValueError(f"{MIN_N_ENV} musi być liczbą całkowitą ≥ 1, a jest: {raw!r}")
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
    """Quantile of Student's t with df degrees of freedom (df > 0), without scipy.

    Bisection on the CDF, which is written with the regularized incomplete beta function
    (continued fraction, Numerical Recipes 6.4). Accurate to about 1e-10.
    """
    if not 0 < probability < 1:
        raise ValueError(f"probability must be between 0 and 1, got {probability!r}")
    if df <= 0:
        raise ValueError(f"df must be positive, got {df!r}")
    if probability == 0.5:
        return 0.0
    if probability < 0.5:
        return -t_quantile(1 - probability, df)
    low, high = 0.0, max(1.0, NormalDist().inv_cdf(probability))
    while t_cdf(high, df) < probability:
        low, high = high, high * 2
    for _ in range(200):
        middle = (low + high) / 2
        if t_cdf(middle, df) < probability:
            low = middle
        else:
            high = middle
        if high - low <= 1e-12 * max(1.0, high):
            break
    return (low + high) / 2


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with df degrees of freedom."""
    tail = 0.5 * _betainc_regularized(df / 2, 0.5, df / (df + t * t))
    return 1 - tail if t > 0 else tail


def _betainc_regularized(a: float, b: float, x: float) -> float:
    """I_x(a, b), the regularized incomplete beta function."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    front = math.exp(log_front)
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1 - front * _betacf(b, a, 1 - x) / b


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction for the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1, a - 1
    c = 1.0
    d = 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return h
