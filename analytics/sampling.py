"""Sample size and margin of error for a share estimated from client answers.

Cochran's formula for a proportion in the worst case p = 0.5, with the finite-population
correction when the office knows its yearly number of clients. The two functions are exact
inverses of each other: the margin achieved with sample_size(m) answers is at most m.
"""

from __future__ import annotations

import math

from scipy.stats import norm

WORST_CASE_VARIANCE = 0.25  # p (1 - p) at p = 0.5: the largest sample any share can need
_ROUNDING_SLACK = 1e-9  # so that a float like 385.0000000001 is not rounded up to 386


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    return float(norm.ppf(0.5 + confidence / 2))


def _check_population(population: int | None) -> None:
    if population is not None and population < 1:
        raise ValueError("population must be at least 1")


def sample_size(margin: float, confidence: float = 0.95, population: int | None = None) -> int:
    """Answers needed to estimate a share within ±margin (0.05 = ±5 pp) at the confidence."""
    if not 0 < margin < 1:
        raise ValueError("margin must be between 0 and 1")
    _check_population(population)
    n = _z(confidence) ** 2 * WORST_CASE_VARIANCE / margin**2
    if population is not None:
        n = n / (1 + (n - 1) / population)
    return math.ceil(n - _ROUNDING_SLACK)


def margin_of_error(n: int, confidence: float = 0.95, population: int | None = None) -> float:
    """The margin (0.046 = ±4.6 pp) achieved with n answers; n must be at least 1."""
    if n < 1:
        raise ValueError("n must be at least 1")
    _check_population(population)
    margin = _z(confidence) * math.sqrt(WORST_CASE_VARIANCE / n)
    if population is not None:
        if population <= 1 or n >= population:
            return 0.0  # every client answered: nothing left to estimate
        margin *= math.sqrt((population - n) / (population - 1))
    return margin
