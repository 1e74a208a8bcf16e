"""The report's pre-filled conclusions and recommendations: plain sentences from the figures the
report shows, one a line, for the office to edit before publishing.

Careful by design: a sentence names a figure only when it is shown (never one withheld below its
minimum n), "the lowest" is said only where there are at least two figures to compare, and a
change against the previous study only when the two 95 % intervals do not overlap
(analytics.effectiveness.compare).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analytics import effectiveness
from analytics.summaries import figure_text, rating_share_text, score_of, score_text
from i18n import format_date, format_percent, t

if TYPE_CHECKING:
    from reports.content import Facts

TARGET = 0.90
"""The report's aim for a standard's observation score (the app sets no other)."""
TARGET_NOTE = (
    f"Za cel wyniku obserwacji standardu raport przyjmuje {format_percent(TARGET, 'pl', 0)} spełnionych "
    f"pozycji; standard jest poniżej celu, gdy cały jego przedział ufności 95% leży poniżej "
    f"{format_percent(TARGET, 'pl', 0)}."
)


def default(facts: Facts) -> str:
    lines = [
        _satisfaction(facts),
        _weakest_criterion(facts),
        _weakest_department(facts),
        *_changes(facts),
        *_below_target(facts),
        _overdue(facts),
    ]
    return "\n".join(line for line in lines if line)


def _satisfaction(facts: Facts) -> str:
    figure = facts.figures["satisfied"]
    if figure.n == 0:
        return "W okresie badania nie zebrano ocen Klientów, więc nie można sformułować wniosków o ich zadowoleniu."
    value, basis = figure_text(figure)
    if figure.withheld:
        return f"Zebrano za mało ocen Klientów, by podać odsetek zadowolonych ({basis}); warto zebrać więcej ankiet."
    return f"Ocenę 4 lub 5 wystawiło {value} Klientów ({basis})."


def _weakest_criterion(facts: Facts) -> str | None:
    shown = [
        f for f in facts.criteria if f.key != "satisfied.overall" and not f.withheld and f.value is not None
    ]
    if len(shown) < 2:
        return None
    weakest = min(shown, key=lambda figure: figure.value)
    value, basis = figure_text(weakest)
    label = t(f"criterion.{weakest.key.split('.', 1)[1]}")
    return (
        f"Najniższy odsetek ocen 4–5 ma kryterium „{label}”: {value} ({basis}). Rekomendacja: przeanalizować "
        "komentarze Klientów dotyczące tego obszaru i rozważyć działanie doskonalące."
    )


def _weakest_department(facts: Facts) -> str | None:
    shown = [d for d in facts.by_department if d.department_id is not None and d.share.enough]
    if len(shown) < 2:
        return None
    weakest = min(shown, key=lambda department: (department.share.value, department.label))
    value, basis = rating_share_text(weakest.satisfied, weakest.ratings)
    return f"Najniższy odsetek zadowolonych Klientów ma {weakest.label}: {value} ({basis})."


def _changes(facts: Facts) -> list[str]:
    verdicts = [comparison.verdict for comparison in facts.comparisons]
    lines = []
    for comparison in facts.comparisons:
        if comparison.verdict in (effectiveness.IMPROVED, effectiveness.WORSE):
            direction = "istotny wzrost" if comparison.verdict == effectiveness.IMPROVED else "istotny spadek"
            lines.append(
                f"{comparison.label}: {direction} względem poprzedniego badania, z "
                f"{figure_text(comparison.before)[0]} do {figure_text(comparison.after)[0]}."
            )
    if not lines and effectiveness.NO_CHANGE in verdicts:
        lines.append(
            "Względem poprzedniego badania żaden wskaźnik nie zmienił się istotnie (przedziały ufności 95% "
            "wyników się nakładają)."
        )
    if not lines:
        lines.append("Wyników nie można porównać z poprzednim badaniem: za mało danych.")
    return lines


def _below_target(facts: Facts) -> list[str]:
    lines = []
    sums = {record["standard_id"]: record for record in facts.standards.to_dict("records")}
    for standard_id, name in facts.standard_names.items():
        score = score_of(sums.get(standard_id, {}))
        if score.enough and score.high is not None and score.high < TARGET:
            value, basis = score_text(score)
            lines.append(
                f"Standard „{name}” jest poniżej celu {format_percent(TARGET, 'pl', 0)}: {value} ({basis}). "
                "Rekomendacja: szkolenie lub działanie doskonalące w tym zakresie."
            )
    return lines


def _overdue(facts: Facts) -> str | None:
    overdue = sum(action["overdue"] for action in facts.actions)
    if not overdue:
        return None
    return (
        f"Działania doskonalące po terminie realizacji (stan na {format_date(facts.today)}): {overdue}. "
        "Rekomendacja: ustalić przyczyny opóźnień i nowe terminy."
    )
