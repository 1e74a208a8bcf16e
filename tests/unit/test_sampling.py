"""analytics/sampling.py against published worked values: Cochran's sample size for a
proportion (p = 0.5) as printed in common sample-size tables, with the finite-population
correction, and the often quoted margins of error of a poll (1 000 answers: ±3.1 pp)."""

from __future__ import annotations

import pytest

from analytics.sampling import margin_of_error, sample_size


@pytest.mark.parametrize(
    ("margin", "confidence", "population", "expected"),
    [
        (0.05, 0.95, None, 385),
        (0.05, 0.95, 10_000, 370),
        (0.05, 0.95, 1_000, 278),
        (0.03, 0.95, None, 1068),
        (0.05, 0.99, None, 664),
        (0.10, 0.95, None, 97),
    ],
)
def test_sample_size_equals_the_published_tables(margin, confidence, population, expected):
    assert sample_size(margin, confidence, population) == expected


def test_confidence_defaults_to_95_percent():
    assert sample_size(0.05) == 385


@pytest.mark.parametrize(("n", "expected"), [(1000, 0.031), (400, 0.049), (100, 0.098)])
def test_margin_of_error_equals_the_quoted_poll_margins(n, expected):
    assert margin_of_error(n) == pytest.approx(expected, abs=0.0005)


@pytest.mark.parametrize("margin", [0.03, 0.04, 0.05, 0.10])
@pytest.mark.parametrize("confidence", [0.90, 0.95, 0.99])
@pytest.mark.parametrize("population", [None, 300, 10_000])
def test_margin_of_error_is_the_inverse_of_sample_size(margin, confidence, population):
    n = sample_size(margin, confidence, population)
    assert margin_of_error(n, confidence, population) <= margin
    assert margin_of_error(n - 1, confidence, population) > margin


def test_every_client_answering_leaves_no_margin():
    assert margin_of_error(500, population=500) == 0.0


@pytest.mark.parametrize(
    "call",
    [
        lambda: sample_size(0),
        lambda: sample_size(1.5),
        lambda: sample_size(0.05, confidence=1),
        lambda: sample_size(0.05, population=0),
        lambda: margin_of_error(0),
    ],
)
def test_impossible_arguments_are_refused(call):
    with pytest.raises(ValueError):
        call()
