"""What the published satisfaction report says: its sections, tables, charts and the pre-filled
conclusions, for a campaign or any period and the chosen departments (reports.model.Report).

Every figure is computed and worded by the dashboard's own functions (analytics.headline,
analytics.queries, analytics.summaries), so a share, its n and its 95 % interval read exactly as
on the dashboard for the same period and departments, and a figure below the minimum n is
withheld with the dashboard's words. Only aggregated queries are run: a year of a million
ratings is a few dozen rows here. The report is Polish (it is published in Polish), so its
own words are the constants below.
"""

from __future__ import annotations

import calendar
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics import effectiveness, headline, queries
from analytics.filters import Filters
from analytics.headline import Figure
from analytics.queries import Scope
from analytics.sampling import margin_of_error
from analytics.statistics import Proportion, default_min_n, min_observations, proportion
from analytics.summaries import (
    department_ids,
    department_labels,
    figure_text,
    rating_share_text,
    score_of,
    score_text,
    standard_table,
    tiles,
)
from checklists.loading import ChecklistSet
from i18n import format_count, format_date, format_margin, format_number, format_percent, t
from reports import conclusions
from reports.model import Bullets, Chart, Paragraph, Report, ReportRequest, Section, Series, Table
from services import campaigns
from services.actions import ACTIVE
from storage import actions as stored_actions
from storage import departments as stored_departments
from storage.db import Database

TITLE = "Raport z badania satysfakcji klientów"
COMMENTS_SHOWN = 50
RATING_FIGURES = ("satisfied", "mean_rating", "ratings")  # the headline tiles about clients
CONFIDENCE = 0.95  # of every interval, and of the margin of error outside a campaign
CHANGE_WORDS = {
    effectiveness.IMPROVED: "zmiana istotna (wzrost)",
    effectiveness.WORSE: "zmiana istotna (spadek)",
    effectiveness.NO_CHANGE: "bez istotnej zmiany",
    effectiveness.TOO_FEW: "nie można ocenić (za mało danych)",
}
NO_RATINGS = "W okresie badania nie zebrano żadnej ankiety Klienta."
NO_OBSERVATIONS = "W okresie badania nie wysłano żadnej obserwacji."
TOGETHER = "wydziały objęte raportem łącznie"


@dataclass(frozen=True)
class DepartmentShare:
    """One department's satisfied ratings in the study (department_id None: not given by the client)."""

    department_id: Hashable | None
    label: str
    satisfied: int
    ratings: int

    @property
    def share(self) -> Proportion:
        return proportion(self.satisfied, self.ratings)


@dataclass(frozen=True)
class Comparison:
    """One figure in this study and the previous one, and the verdict of their intervals."""

    label: str
    before: Figure
    after: Figure
    verdict: str  # analytics.effectiveness: IMPROVED, WORSE, NO_CHANGE or TOO_FEW


@dataclass(frozen=True)
class Facts:
    """Everything the report states, computed once (the sections and the conclusions read it)."""

    request: ReportRequest
    today: date
    scope: Scope
    campaign: campaigns.Campaign | None
    department_names: dict[Hashable, str]  # the departments in scope, by id
    figures: dict[str, Figure]
    criteria: list[Figure]
    by_department: list[DepartmentShare]
    distribution: dict[int, int]
    channels: dict[str, int]
    cells: pd.DataFrame  # queries.department_standard
    standard_names: dict[str, str]
    previous_label: str
    comparisons: list[Comparison]
    comments: pd.DataFrame
    actions: list[dict]  # opened or closed in the study, or still open and overdue today
    next_campaign: campaigns.Campaign | None

    @property
    def ratings(self) -> int:
        return self.figures["ratings"].n

    @property
    def standards(self) -> pd.DataFrame:
        """The score sums per standard over every department in scope (the sums add up: each
        observation belongs to one department)."""
        if self.cells.empty:
            return self.cells
        sums = self.cells.drop(columns=["department_id", "department", "department_code"])
        return sums.groupby("standard_id", as_index=False).sum()


def build_report(db: Database, checklists: ChecklistSet, request: ReportRequest, *, today: date) -> Report:
    facts = gather(db, checklists, request, today=today)
    text = request.conclusions if request.conclusions is not None else conclusions.default(facts)
    sections = (
        _basis(facts),
        _distribution(facts),
        _questionnaire(),
        _overall(facts),
        _departments(facts),
        _criteria(facts),
        _comparison(facts),
        _comments(facts),
        _observations(facts),
        _actions(facts),
        Section("Wnioski i rekomendacje", tuple(Paragraph(line) for line in _paragraphs(text))),
        _next_study(facts),
    )
    return Report(
        title=TITLE,
        subtitle=facts.campaign.name if facts.campaign else "",
        office=t("app.office"),
        period=_period(request.start, request.end),
        made_on=format_date(today),
        sections=sections,
    )


def default_conclusions(
    db: Database, checklists: ChecklistSet, request: ReportRequest, *, today: date
) -> str:
    """The conclusions pre-filled from the data, for the office to edit."""
    return conclusions.default(gather(db, checklists, request, today=today))


def gather(db: Database, checklists: ChecklistSet, request: ReportRequest, *, today: date) -> Facts:
    scope = Scope(Filters(request.start, request.end), request.department_ids)
    campaign = campaigns.get(db, request.campaign_id) if request.campaign_id else None
    previous = campaigns.previous(db, campaign) if campaign else None
    if previous is not None:
        previous_scope = Scope(Filters(previous.start, previous.end), request.department_ids)
        previous_label = f"„{previous.name}” ({_period(previous.start, previous.end)})"
    else:
        previous_scope = scope.previous()
        previous_label = "poprzedni okres tej samej długości " + (
            f"({_period(previous_scope.filters.start, previous_scope.filters.end)})"
        )
    ids = None if request.department_ids is None else list(request.department_ids)
    figures = headline.headline_figures(db, scope, checklists.version)
    criteria = headline.criterion_figures(db, scope)
    return Facts(
        request=request,
        today=today,
        scope=scope,
        campaign=campaign,
        department_names={d["id"]: d["name"] for d in stored_departments.list_departments(db, ids=ids)},
        figures=figures,
        criteria=criteria,
        by_department=_by_department(queries.monthly_satisfaction(db, scope)),
        distribution=queries.rating_distribution(db, scope),
        channels=_channels(db, scope),
        cells=queries.department_standard(db, scope),
        standard_names={s.id: s.short for s in checklists.standards},
        previous_label=previous_label,
        comparisons=_comparisons(db, checklists, figures, criteria, previous_scope),
        comments=queries.approved_comments(db, scope, limit=COMMENTS_SHOWN),
        actions=_actions_of(db, scope, today),
        next_campaign=_next_campaign(db, request.end),
    )


def _by_department(monthly: pd.DataFrame) -> list[DepartmentShare]:
    """The months of queries.monthly_satisfaction summed per department, by label."""
    labels = department_labels(monthly)
    keys = department_ids(monthly)
    shares = []
    for department_id, label in sorted(labels.items(), key=lambda item: (item[0] is None, item[1])):
        rows = monthly[[key == department_id for key in keys]]
        shares.append(
            DepartmentShare(department_id, label, int(rows["satisfied"].sum()), int(rows["ratings"].sum()))
        )
    return shares


def _channels(db: Database, scope: Scope) -> dict[str, int]:
    """Ratings per channel, every channel listed (one nobody used: 0)."""
    rows = queries.ratings_by_channel(db, scope)
    return {channel: int(n) for channel, n in zip(rows["channel"], rows["ratings"], strict=True)}


def _comparisons(
    db: Database,
    checklists: ChecklistSet,
    figures: dict[str, Figure],
    criteria: list[Figure],
    previous: Scope,
) -> list[Comparison]:
    """The clients' satisfaction (overall and per criterion), their mean rating and the observation
    score, against the previous study, compared by analytics.effectiveness's rule."""
    before = headline.headline_figures(db, previous, checklists.version)
    before_criteria = {figure.key: figure for figure in headline.criterion_figures(db, previous)}
    pairs = [
        (t("fig.satisfied"), before["satisfied"], figures["satisfied"]),
        (t("fig.mean_rating"), before["mean_rating"], figures["mean_rating"]),
        *(
            (
                f"{t('fig.satisfied')}: {t('criterion.' + figure.key.split('.', 1)[1]).lower()}",
                before_criteria[figure.key],
                figure,
            )
            for figure in criteria
            if figure.key != "satisfied.overall"
        ),
        (t("fig.score"), before["score"], figures["score"]),
    ]
    return [
        Comparison(label, old, new, effectiveness.compare(_estimate(old), _estimate(new)))
        for label, old, new in pairs
    ]


@dataclass(frozen=True)
class _Estimate:
    """A headline Figure as analytics.effectiveness.compare reads an estimate."""

    enough: bool
    low: float | None
    high: float | None


def _estimate(figure: Figure) -> _Estimate:
    return _Estimate(figure.value is not None and not figure.withheld, figure.low, figure.high)


def _actions_of(db: Database, scope: Scope, today: date) -> list[dict]:
    """The register's actions of the departments in scope that were opened or closed in the
    study, or are still open after their due date today."""
    ids = None if scope.department_ids is None else list(scope.department_ids)
    since, until = scope.filters.since, scope.filters.until
    chosen = []
    for action in stored_actions.listing(db, ids):
        action["opened"] = since <= action["created_at"] < until
        action["closed"] = action["status"] == "closed" and since <= action["closed_at"] < until
        action["overdue"] = action["status"] in ACTIVE and action["due_date"] < today
        if action["opened"] or action["closed"] or action["overdue"]:
            chosen.append(action)
    return chosen


def _next_campaign(db: Database, after: date) -> campaigns.Campaign | None:
    """The first campaign planned to start after the study ends."""
    later = [c for c in campaigns.list_campaigns(db) if c.start > after]
    return min(later, key=lambda c: c.start, default=None)


# --- sections ------------------------------------------------------------------------------------


def _basis(facts: Facts) -> Section:
    request, campaign = facts.request, facts.campaign
    if campaign is not None:
        study = (
            f"Badanie „{campaign.name}” prowadzono od {format_date(campaign.start)} do "
            f"{format_date(campaign.end)}. Aby błąd oszacowania odsetka zadowolonych Klientów nie przekroczył "
            f"{format_margin(campaign.margin, 'pl', 0)} przy poziomie ufności "
            f"{format_percent(campaign.confidence, 'pl', 0)}"
        )
        if campaign.yearly_clients:
            study += (
                f" (przy rocznej liczbie Klientów około {format_number(campaign.yearly_clients, 'pl', 0)}, "
                "z poprawką na skończoną populację)"
            )
        study += (
            f", potrzeba {format_count(campaign.required, 'rating')}. Cel badania, suma celów wydziałów, to "
            f"{format_count(campaign.target_total, 'rating')}; cele wydziałów i ich realizację podaje "
            "rozdział o liczebności próby."
        )
    else:
        study = (
            f"Raport obejmuje okres od {format_date(request.start)} do {format_date(request.end)} "
            f"({format_number(facts.scope.filters.days, 'pl', 0)} dni) i nie dotyczy wyodrębnionej kampanii badania."
        )
    scope = (
        "Zakres: wszystkie wydziały urzędu."
        if request.department_ids is None
        else "Zakres: " + ", ".join(sorted(facts.department_names.values())) + "."
    )
    scale = ", ".join(f"{value} – {t(f'survey.scale.{value}')}" for value in range(5, 0, -1))
    return Section(
        "Podstawa i założenia badania",
        (
            Paragraph(study),
            Paragraph(scope),
            Paragraph(
                "Ankiety zbierane są w sposób ciągły przez cały rok, także poza kampaniami badania: na kioskach "
                "w budynku urzędu, przez formularz otwierany kodem QR z plakatów w wydziałach oraz na papierowych "
                "kwestionariuszach, które pracownicy wprowadzają do systemu."
            ),
            Paragraph(
                "Ankieta jest anonimowa: nie zbiera imienia, nazwiska ani adresu Klienta. Numery PESEL, "
                "numery telefonów i adresy e-mail wpisane w komentarzu są usuwane przed zapisaniem, a komentarze "
                "są publikowane dopiero po przejrzeniu przez moderatora. Oceny wysłane seryjnie z jednego "
                "urządzenia liczą się dopiero po zatwierdzeniu przez moderatora."
            ),
            Paragraph(f"Klienci oceniają wizytę w skali od 1 do 5: {scale}."),
            Paragraph(t("fig.help.satisfied", min_n=default_min_n())),
            Paragraph(t("fig.help.mean_rating", min_n=default_min_n())),
            Paragraph(t("fig.help.score", min_n=min_observations())),
            Paragraph(
                "Liczby ocen, obserwacji i działań doskonalących są pełnymi liczbami, a nie próbą, więc nie mają "
                f"przedziału ufności. {conclusions.TARGET_NOTE}"
            ),
        ),
    )


def _distribution(facts: Facts) -> Section:
    blocks: list = []
    total = facts.ratings
    if not total:
        blocks.append(Paragraph(NO_RATINGS))
    channels = tuple(
        (t(f"channel.{channel}"), format_number(n, "pl", 0), format_percent(n / total) if total else "—")
        for channel, n in facts.channels.items()
    )
    total_row = ("Razem", format_number(total, "pl", 0), format_percent(1) if total else "—")
    blocks.append(
        Table(
            "Ankiety według sposobu zebrania",
            ("Sposób zebrania", "Ankiety", "Udział"),
            (*channels, total_row),
        )
    )
    blocks.append(_department_counts(facts))
    blocks.append(Paragraph(_margin_text(facts)))
    return Section("Sposób dystrybucji ankiet i liczebność próby", tuple(blocks))


def _department_counts(facts: Facts) -> Table:
    """Answers per department; in a campaign with its target and how much of it was reached."""
    counts = {share.department_id: (share.label, share.ratings) for share in facts.by_department}
    campaign = facts.campaign
    if campaign is None:
        return Table(
            "Ankiety według wydziałów",
            ("Wydział", "Ankiety"),
            tuple((label, format_number(n, "pl", 0)) for label, n in counts.values()),
        )
    targets = {d: n for d, n in campaign.targets.items() if d in facts.department_names}
    for department_id in targets:
        counts.setdefault(department_id, (facts.department_names[department_id], 0))
    rows = []
    for department_id, (label, n) in sorted(counts.items(), key=lambda item: (item[0] is None, item[1][0])):
        target = targets.get(department_id)
        rows.append(
            (
                label,
                format_number(n, "pl", 0),
                format_number(target, "pl", 0) if target else "—",
                format_percent(n / target, "pl", 0) if target else "—",
            )
        )
    return Table(
        "Ankiety według wydziałów i cele kampanii",
        ("Wydział", "Ankiety", "Cel", "Realizacja celu"),
        tuple(rows),
    )


def _margin_text(facts: Facts) -> str:
    """The margin of error the answers achieved (worst case, a share of 50 %). In a campaign, as
    its page gives it: the office's yearly clients correct it only for the whole office (a report
    on some departments compares their answers with their own clients, whose number is unknown)."""
    campaign = facts.campaign
    if not facts.ratings:
        return "Błędu oszacowania nie można obliczyć: nie zebrano żadnej ankiety."
    if campaign is None:
        confidence, population = CONFIDENCE, None
        margin = margin_of_error(facts.ratings, confidence)
    else:
        whole_office = facts.request.department_ids is None
        confidence, population = campaign.confidence, campaign.yearly_clients if whole_office else None
        margin = campaigns.achieved_margin(campaign, facts.ratings, overall=whole_office)
    text = (
        f"Zebrano {format_count(facts.ratings, 'rating')}, co pozwala oszacować odsetek zadowolonych Klientów "
        f"z błędem najwyżej {format_margin(margin)} przy poziomie ufności {format_percent(confidence, 'pl', 0)}"
    )
    if population:
        text += f" (z poprawką na skończoną populację {format_number(population, 'pl', 0)} Klientów rocznie)"
    if campaign is not None:
        text += f"; założony błąd wynosił {format_margin(campaign.margin, 'pl', 0)}"
    return text + "."


def _questionnaire() -> Section:
    """The client form's questions and answers, in the words the form shows."""
    settled = ", ".join(t(f"survey.settled.{answer}") for answer in ("yes", "partly", "no"))
    scale = "; ".join(f"{value} – {t(f'survey.scale.{value}')}" for value in range(1, 6))
    return Section(
        "Kwestionariusz",
        (
            Paragraph(
                "Kwestionariusz ma tę samą treść na kiosku, w formularzu otwieranym kodem QR i na papierze "
                "(na kiosku i w formularzu także po angielsku i ukraińsku); poniżej wersja polska."
            ),
            Paragraph(f"Pytanie główne (jedyne obowiązkowe): {t('survey.title')}"),
            Paragraph(f"{t('survey.intro')} {scale}."),
            Paragraph(f"Pytania szczegółowe. {t('survey.skip_hint')}"),
            Bullets(
                tuple(
                    t(f"survey.criterion.{criterion}")
                    for criterion in queries.CRITERIA
                    if criterion != "overall"
                )
            ),
            Bullets(
                (
                    f"{t('survey.settled')} ({settled})",
                    t("survey.department"),
                    f"{t('survey.comment')}. {t('survey.comment_help')}",
                )
            ),
        ),
    )


def _overall(facts: Facts) -> Section:
    shown = tiles({key: facts.figures[key] for key in RATING_FIGURES})
    blocks: list = [
        Table(
            "Wyniki ogółem",
            ("Wskaźnik", "Wartość", t("fig.column.basis")),
            tuple((tile.label, tile.value, tile.detail) for tile in shown),
        )
    ]
    total = facts.ratings
    if not total:
        blocks.insert(0, Paragraph(NO_RATINGS))
        return Section("Wyniki ogółem", tuple(blocks))
    enough = total >= default_min_n()
    shares = [facts.distribution[value] / total if enough else None for value in range(1, 6)]
    categories = tuple(f"{value} – {t(f'survey.scale.{value}')}" for value in range(1, 6))
    words = [
        f"{category}: {format_percent(share)} ({format_count(facts.distribution[value], 'rating')})"
        for value, category, share in zip(range(1, 6), categories, shares, strict=True)
        if share is not None
    ]
    alt = f"Wykres słupkowy: rozkład ocen ogólnych od 1 do 5 ({format_count(total, 'rating')}). " + (
        "; ".join(words) + "." if enough else figure_text(facts.figures["satisfied"])[1] + "."
    )
    blocks.append(
        Chart(
            "Rozkład ocen ogólnych",
            alt,
            "bars",
            categories,
            (Series("Odsetek ocen", tuple(shares)),),
        )
    )
    return Section("Wyniki ogółem", tuple(blocks))


def _departments(facts: Facts) -> Section:
    heading = "Wyniki według wydziałów"
    if not facts.by_department:
        return Section(heading, (Paragraph(NO_RATINGS),))
    texts = [rating_share_text(d.satisfied, d.ratings) for d in facts.by_department]
    shares = [d.share for d in facts.by_department]
    table = Table(
        "Odsetek zadowolonych Klientów (oceny 4–5) według wydziałów",
        ("Wydział", t("fig.satisfied"), t("fig.column.basis")),
        tuple((d.label, value, basis) for d, (value, basis) in zip(facts.by_department, texts, strict=True)),
    )
    chart = _share_chart(
        "Odsetek zadowolonych według wydziałów",
        "odsetek zadowolonych Klientów (oceny 4–5) według wydziałów",
        [d.label for d in facts.by_department],
        shares,
        texts,
    )
    return Section(heading, (table, chart))


def _criteria(facts: Facts) -> Section:
    heading = "Wyniki według kryteriów"
    labels = [t(f"criterion.{figure.key.split('.', 1)[1]}") for figure in facts.criteria]
    texts = [figure_text(figure) for figure in facts.criteria]
    blocks: list = [] if facts.ratings else [Paragraph(NO_RATINGS)]
    blocks.append(
        Table(
            "Odsetek ocen 4–5 według kryteriów",
            ("Kryterium", t("fig.satisfied"), t("fig.column.basis")),
            tuple((label, value, basis) for label, (value, basis) in zip(labels, texts, strict=True)),
        )
    )
    if facts.ratings:
        blocks.append(
            _share_chart(
                "Odsetek ocen 4–5 według kryteriów",
                "odsetek ocen 4–5 według kryteriów",
                labels,
                facts.criteria,
                texts,
            )
        )
    return Section(heading, tuple(blocks))


def _share_chart(
    title: str, what: str, labels: Sequence[str], estimates: Sequence, texts, series: str = t("fig.satisfied")
) -> Chart:
    """Bars of shares with their intervals (estimates: Proportions, ObservationScores or Figures),
    withheld ones None; the alternative text reads every bar's figure as the table does."""
    shown = [_shown(estimate) for estimate in estimates]
    words = "; ".join(
        f"{label}: {value} ({basis})" if value != "—" else f"{label}: {basis}"
        for label, (value, basis) in zip(labels, texts, strict=True)
    )
    return Chart(
        title,
        f"Wykres słupkowy: {what}, z przedziałami ufności 95%. {words}.",
        "bars",
        tuple(labels),
        (
            Series(
                series,
                tuple(shown),
                tuple(e.low if s is not None else None for e, s in zip(estimates, shown, strict=True)),
                tuple(e.high if s is not None else None for e, s in zip(estimates, shown, strict=True)),
            ),
        ),
    )


def _shown(estimate) -> float | None:
    """The value of a Proportion or a Figure, None when withheld."""
    if isinstance(estimate, Figure):
        return None if estimate.withheld else estimate.value
    return estimate.shown


def _comparison(facts: Facts) -> Section:
    rows = []
    for comparison in facts.comparisons:
        before, after = (_figure_words(comparison.before), _figure_words(comparison.after))
        rows.append((comparison.label, before, after, CHANGE_WORDS[comparison.verdict]))
    return Section(
        "Porównanie z poprzednim badaniem",
        (
            Paragraph(
                f"Wyniki porównano z badaniem obejmującym {facts.previous_label}. Zmianę uznajemy za istotną, "
                "gdy przedziały ufności 95% obu wyników nie nakładają się; ta ostrożna reguła może nie wykazać "
                "niewielkiej rzeczywistej zmiany."
            ),
            Table(
                "Porównanie z poprzednim badaniem",
                ("Wskaźnik", "Poprzednie badanie", "To badanie", "Ocena zmiany"),
                tuple(rows),
            ),
        ),
    )


def _figure_words(figure: Figure) -> str:
    """ "87,3% (412 ocen; przedział ufności 95%: …)", or the reason it is withheld."""
    value, basis = figure_text(figure)
    return basis if figure.withheld or figure.value is None else f"{value} ({basis})"


def _comments(facts: Facts) -> Section:
    heading = "Uwagi i opinie klientów"
    comments = facts.comments
    if comments.empty:
        return Section(
            heading, (Paragraph("W okresie badania nie opublikowano żadnego komentarza Klienta."),)
        )
    labels = department_labels(comments.assign(department_id=department_ids(comments)))
    rows = tuple(
        # the day only: paper questionnaires carry no time (they are stored at noon)
        (format_date(when.date()), labels.get(department_id, name), str(overall), comment)
        for when, department_id, name, overall, comment in zip(
            comments["created_at"],
            department_ids(comments),
            comments["department"],
            comments["overall"],
            comments["comment"],
            strict=True,
        )
    )
    return Section(
        heading,
        (
            Paragraph(
                f"Komentarze Klientów zatwierdzone przez moderatora, od najnowszych (najwyżej {COMMENTS_SHOWN}). "
                "Dane osobowe usunięto przy zapisie; pisownię pozostawiono bez zmian."
            ),
            Table("Komentarze Klientów", ("Data", "Wydział", "Ocena", "Komentarz"), rows),
        ),
    )


def _observations(facts: Facts) -> Section:
    heading = "Wyniki obserwacji według standardów"
    if facts.cells.empty:
        return Section(heading, (Paragraph(NO_OBSERVATIONS),))
    intro = Paragraph(
        "Przełożeni obserwują obsługę Klientów i oceniają ją według list kontrolnych standardów podręcznika. "
        "Wynik to odsetek spełnionych pozycji listy (z wagami); podstawą jest liczba obserwacji, w których "
        "standard oceniono, a przedział ufności uwzględnia, że odpowiedzi z jednej obserwacji nie są niezależne."
    )
    names = department_labels(facts.cells)
    keys = department_ids(facts.cells)
    subsections = tuple(
        Section(
            label,
            (
                _standard_table(
                    f"Wyniki obserwacji według standardów: {label}",
                    facts.cells[[key == department_id for key in keys]],
                    facts.standard_names,
                ),
            ),
        )
        for department_id, label in sorted(names.items(), key=lambda item: item[1])
    )
    by_standard = {record["standard_id"]: record for record in facts.standards.to_dict("records")}
    scores = [score_of(by_standard.get(standard_id, {})) for standard_id in facts.standard_names]
    chart = _share_chart(
        "Wyniki obserwacji według standardów",
        f"wynik obserwacji (odsetek spełnionych pozycji) według standardów, {TOGETHER}",
        list(facts.standard_names.values()),
        scores,
        [score_text(score) for score in scores],
        "Wynik obserwacji",
    )
    return Section(
        heading,
        (
            intro,
            _standard_table(
                f"Wyniki obserwacji według standardów: {TOGETHER}",
                facts.standards,
                facts.standard_names,
            ),
            chart,
        ),
        subsections,
    )


def _standard_table(caption: str, cells: pd.DataFrame, standard_names: dict[str, str]) -> Table:
    """summaries.standard_table (the dashboard's table of a department's standards) as a Table."""
    table = standard_table(cells, standard_names).drop(columns="_id")
    return Table(caption, tuple(table.columns), tuple(tuple(row) for row in table.itertuples(index=False)))


def _actions(facts: Facts) -> Section:
    heading = "Działania doskonalące"
    opened = sum(a["opened"] for a in facts.actions)
    closed = sum(a["closed"] for a in facts.actions)
    overdue = sum(a["overdue"] for a in facts.actions)
    counts = Bullets(
        (
            f"Działania podjęte w okresie badania: {opened}.",
            f"Działania zamknięte w okresie badania: {closed}.",
            f"Działania otwarte po terminie realizacji (stan na {format_date(facts.today)}): {overdue}.",
        )
    )
    if not facts.actions:
        return Section(
            heading, (counts, Paragraph("W okresie badania nie podjęto ani nie zamknięto żadnego działania."))
        )
    rows = tuple(
        (
            action["title"],
            action["department_name"] or "—",
            t(f"actions.status.{action['status']}") + (" (po terminie)" if action["overdue"] else ""),
            format_date(action["created_at"].date()),
            format_date(action["due_date"]),
            format_date(action["closed_at"].date()) if action["closed_at"] else "—",
        )
        for action in sorted(facts.actions, key=lambda a: (a["created_at"], a["title"]))
    )
    return Section(
        heading,
        (
            Paragraph(
                "Działania doskonalące z rejestru urzędu: podjęte lub zamknięte w okresie badania oraz otwarte "
                "po terminie realizacji. To pełny rejestr, więc podajemy liczby, nie przedziały ufności."
            ),
            counts,
            Table(
                "Działania doskonalące",
                ("Działanie", "Wydział", "Status", "Podjęte", "Termin", "Zamknięte"),
                rows,
            ),
        ),
    )


def _next_study(facts: Facts) -> Section:
    heading = "Plan kolejnego badania"
    planned = facts.next_campaign
    if planned is not None:
        return Section(
            heading,
            (
                Paragraph(
                    f"Kolejne badanie, „{planned.name}”, zaplanowano od {format_date(planned.start)} do "
                    f"{format_date(planned.end)}; jego cel to {format_count(planned.target_total, 'rating')} "
                    f"(błąd oszacowania {format_margin(planned.margin, 'pl', 0)} przy poziomie ufności "
                    f"{format_percent(planned.confidence, 'pl', 0)})."
                ),
            ),
        )
    months = 6
    while (start := _months_later(facts.request.start, months)) <= facts.request.end:
        months += 6  # a study longer than half a year: the next free half-year step
    end = start + (facts.request.end - facts.request.start)
    return Section(
        heading,
        (
            Paragraph(
                f"Kolejnego badania jeszcze nie zaplanowano. Proponujemy badanie tej samej długości {months} "
                f"miesięcy po rozpoczęciu obecnego: od {format_date(start)} do {format_date(end)}. Ankiety są "
                "zbierane w sposób ciągły także do tego czasu."
            ),
        ),
    )


def _months_later(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it is shorter (31.08 → 28.02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _period(start: date, end: date) -> str:
    return f"{format_date(start)} – {format_date(end)}"


def _paragraphs(text: str) -> list[str]:
    """The conclusions' lines as paragraphs (the office writes one thought a line)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines or ["Brak wniosków."]
