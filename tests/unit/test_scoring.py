"""Scoring of one observation: weighted met / (met + not met), per standard and overall.

The checklist set here is built by hand (two standards, known weights, one critical item)
so that every expected score below is worked out in the comment next to it.
"""

from __future__ import annotations

import pytest

from checklists.loading import ChecklistSet
from checklists.schema import Answer, Handbook, Item, Kind, KindInfo, Standard
from checklists.scoring import score_observation


def _item(item_id: str, weight: float = 1, critical: bool = False) -> Item:
    return Item(
        id=item_id,
        text=f"Pracownik spełnił {item_id}.",
        label=item_id,
        text_en=f"The employee met {item_id}.",
        label_en=item_id,
        weight=weight,
        critical=critical,
        source=f"źródło {item_id}",
    )


def _standard(standard_id: str, order: int, items: list[Item]) -> Standard:
    return Standard(
        id=standard_id,
        order=order,
        title=standard_id,
        title_en=standard_id,
        short=standard_id,
        short_en=standard_id,
        kinds=(Kind.IN_PERSON,),
        items=tuple(items),
    )


@pytest.fixture(scope="module")
def checklists() -> ChecklistSet:
    info = KindInfo(title="t", title_en="t", description="d")
    handbook = Handbook(version="test", title="Test", source_file="x", kinds={kind: info for kind in Kind})
    first = _standard("pierwszy", 1, [_item("AAA-01", 2), _item("AAA-02", 1), _item("AAA-03", 1)])
    second = _standard(
        "drugi", 2, [_item("BBB-01", 1, critical=True), _item("BBB-02", 3), _item("BBB-03", 1)]
    )
    return ChecklistSet(handbook=handbook, standards=(first, second))


FIRST = ["AAA-01", "AAA-02", "AAA-03"]
ALL = [*FIRST, "BBB-01", "BBB-02", "BBB-03"]


def test_weights_2_1_1_answered_tak_nie_tak_score_three_quarters(checklists):
    result = score_observation(checklists, FIRST, {"AAA-01": "tak", "AAA-02": "nie", "AAA-03": "tak"})
    # met weight 2 + 1 = 3, not met weight 1 -> 3 / (3 + 1)
    assert result.overall.score == pytest.approx(3 / 4)
    assert (result.overall.met, result.overall.not_met) == (2, 1)
    assert not result.failed


def test_the_weight_decides_which_miss_costs_more(checklists):
    heavy_missed = score_observation(checklists, FIRST, {"AAA-01": "nie", "AAA-02": "tak", "AAA-03": "tak"})
    light_missed = score_observation(checklists, FIRST, {"AAA-01": "tak", "AAA-02": "nie", "AAA-03": "tak"})
    assert heavy_missed.overall.score == pytest.approx(2 / 4)  # met 1 + 1, missed 2
    assert light_missed.overall.score == pytest.approx(3 / 4)  # met 2 + 1, missed 1


def test_not_applicable_not_observed_and_unanswered_are_counted_but_not_scored(checklists):
    answers = {
        "AAA-01": Answer.MET,  # weight 2
        "AAA-02": Answer.NOT_MET,  # weight 1
        "AAA-03": Answer.NOT_APPLICABLE,
        "BBB-01": Answer.MET,  # weight 1
        "BBB-02": Answer.NOT_OBSERVED,  # weight 3, left out
        "BBB-03": None,  # unanswered
    }
    result = score_observation(checklists, ALL, answers)
    # met 2 + 1 = 3, not met 1 -> 3/4; the other three items change nothing
    assert result.overall.score == pytest.approx(3 / 4)
    tally = result.overall
    assert (tally.met, tally.not_met, tally.not_applicable, tally.not_observed, tally.unanswered) == (
        2,
        1,
        1,
        1,
        1,
    )
    assert tally.total == 6


def test_an_item_missing_from_the_answers_counts_as_unanswered(checklists):
    result = score_observation(checklists, FIRST, {"AAA-01": "tak"})
    assert result.overall.unanswered == 2
    assert result.overall.score == pytest.approx(1.0)  # only AAA-01 is scored: 2 / 2


def test_nothing_scored_gives_no_score_rather_than_zero(checklists):
    result = score_observation(
        checklists, FIRST, {"AAA-01": "nie_dotyczy", "AAA-02": "nie_zaobserwowano", "AAA-03": None}
    )
    assert result.overall.score is None
    assert not result.failed


def test_scores_are_kept_per_standard_and_overall(checklists):
    answers = {
        "AAA-01": "tak",  # 2
        "AAA-02": "nie",  # 1
        "AAA-03": "tak",  # 1
        "BBB-01": "tak",  # 1
        "BBB-02": "nie_dotyczy",
        "BBB-03": "nie",  # 1
    }
    result = score_observation(checklists, ALL, answers)
    assert result.by_standard["pierwszy"].score == pytest.approx(3 / 4)  # (2 + 1) / (2 + 1 + 1)
    assert result.by_standard["drugi"].score == pytest.approx(1 / 2)  # 1 / (1 + 1)
    assert result.overall.score == pytest.approx(4 / 6)  # (2 + 1 + 1) / (2 + 1 + 1 + 1 + 1)
    assert result.by_standard["drugi"].not_applicable == 1


def test_only_the_items_the_observation_asked_are_scored(checklists):
    result = score_observation(checklists, ["AAA-01"], {"AAA-01": "tak", "AAA-02": "nie", "BBB-01": "nie"})
    assert result.overall.score == pytest.approx(1.0)
    assert result.overall.total == 1
    assert set(result.by_standard) == {"pierwszy"}
    assert not result.failed


def test_a_critical_breach_fails_the_observation_whatever_the_score(checklists):
    answers = {"AAA-01": "tak", "AAA-02": "tak", "AAA-03": "tak", "BBB-01": "nie", "BBB-02": "tak"}
    result = score_observation(checklists, ALL, answers)
    # met 2 + 1 + 1 + 3 = 7, not met 1 -> 7/8, still failed
    assert result.overall.score == pytest.approx(7 / 8)
    assert result.critical_breaches == ["BBB-01"]
    assert result.failed


@pytest.mark.parametrize("answer", ["tak", "nie_dotyczy", "nie_zaobserwowano", None])
def test_a_critical_item_fails_the_observation_only_when_answered_nie(checklists, answer):
    result = score_observation(checklists, ["BBB-01"], {"BBB-01": answer})
    assert result.critical_breaches == []
    assert not result.failed


def test_a_non_critical_nie_is_not_a_critical_breach(checklists):
    result = score_observation(checklists, FIRST, {"AAA-01": "nie", "AAA-02": "nie", "AAA-03": "nie"})
    assert result.overall.score == pytest.approx(0.0)
    assert result.critical_breaches == []
    assert not result.failed


def test_an_answer_outside_the_four_is_refused(checklists):
    with pytest.raises(ValueError):
        score_observation(checklists, ["AAA-01"], {"AAA-01": "może"})
