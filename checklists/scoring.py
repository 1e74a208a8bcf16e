"""Scoring of one observation: met / (met + not met), weighted, per standard and overall.

"nie dotyczy" and "nie zaobserwowano" are excluded from the score and counted apart;
a "nie" on a critical item is a critical breach, reported on its own and never averaged away.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from checklists.loading import ChecklistSet
from checklists.schema import Answer


@dataclass
class Tally:
    """Answer counts and weighted sums for a group of items."""

    met_weight: float = 0.0
    not_met_weight: float = 0.0
    met: int = 0
    not_met: int = 0
    not_applicable: int = 0
    not_observed: int = 0
    unanswered: int = 0

    @property
    def score(self) -> float | None:
        """Weighted share of met items among met and not met; None when nothing was scored."""
        scored = self.met_weight + self.not_met_weight
        return self.met_weight / scored if scored else None

    @property
    def total(self) -> int:
        return self.met + self.not_met + self.not_applicable + self.not_observed + self.unanswered

    def add(self, answer: Answer | None, weight: float) -> None:
        if answer is Answer.MET:
            self.met += 1
            self.met_weight += weight
        elif answer is Answer.NOT_MET:
            self.not_met += 1
            self.not_met_weight += weight
        elif answer is Answer.NOT_APPLICABLE:
            self.not_applicable += 1
        elif answer is Answer.NOT_OBSERVED:
            self.not_observed += 1
        else:
            self.unanswered += 1


@dataclass
class ObservationScore:
    overall: Tally = field(default_factory=Tally)
    by_standard: dict[str, Tally] = field(default_factory=dict)
    critical_breaches: list[str] = field(default_factory=list)  # item ids

    @property
    def failed(self) -> bool:
        """A critical breach fails the observation whatever the score."""
        return bool(self.critical_breaches)


def score_observation(
    checklists: ChecklistSet,
    item_ids: Iterable[str],
    answers: Mapping[str, Answer | str | None],
) -> ObservationScore:
    """Score the answers to the given items (the items the observation asked)."""
    result = ObservationScore()
    for item_id in item_ids:
        entry = checklists.entry(item_id)
        raw = answers.get(item_id)
        answer = Answer(raw) if raw is not None else None
        weight = entry.item.weight
        result.overall.add(answer, weight)
        result.by_standard.setdefault(entry.standard.id, Tally()).add(answer, weight)
        if answer is Answer.NOT_MET and entry.item.critical:
            result.critical_breaches.append(item_id)
    return result
