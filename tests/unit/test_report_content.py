"""The report's content (reports.content): its sections in the order offices publish them, every
figure worded exactly as the dashboard's own functions word it for the same period and
departments, counts equal to plain SQL over the tables, withheld figures withheld, nothing of a
department outside the request, the office's own conclusions, a campaign's targets and margin,
and an empty period that says so."""

from __future__ import annotations

import math
import uuid
from datetime import date, datetime

import pytest

from analytics import headline, queries
from analytics.filters import Filters
from analytics.queries import Scope
from analytics.summaries import figure_text, rating_share_text, score_of, score_text, tiles
from reports.content import build_report, default_conclusions
from reports.model import Bullets, Chart, Paragraph, ReportRequest, Section, Table
from storage import campaigns as stored_campaigns
from tests.seeding import CHECKLISTS, N, T, add_observation, add_ratings
from tests.stores import store_demo

HEADINGS = [
    "Podstawa i założenia badania",
    "Sposób dystrybucji ankiet i liczebność próby",
    "Kwestionariusz",
    "Wyniki ogółem",
    "Wyniki według wydziałów",
    "Wyniki według kryteriów",
    "Porównanie z poprzednim badaniem",
    "Uwagi i opinie klientów",
    "Wyniki obserwacji według standardów",
    "Działania doskonalące",
    "Wnioski i rekomendacje",
    "Plan kolejnego badania",
]
DEMO_END = datetime(2026, 11, 1, 18, 0)
START, END = date(2026, 5, 1), date(2026, 10, 31)
COUNTED = "(NOT r.burst OR r.burst_review = 'approved')"


@pytest.fixture(scope="module")
def demo(request, tmp_path_factory):
    """A small demo office with the improvement loop, a year up to DEMO_END (read only here)."""
    options = {"end": DEMO_END, "ratings": 4000, "observations": 600, "improvement_loop": True}
    with store_demo(request, tmp_path_factory.mktemp("report"), **options) as database:
        yield database


def section(report, heading: str) -> Section:
    return next(s for s in report.sections if s.heading == heading)


def tables(part: Section) -> list[Table]:
    return [b for b in part.blocks if isinstance(b, Table)]


def table(part: Section, caption: str) -> Table:
    return next(t for t in tables(part) if t.caption == caption)


def rows_by_first(found: Table) -> dict[str, tuple[str, ...]]:
    return {row[0]: row[1:] for row in found.rows}


def texts(report) -> list[str]:
    """Every string the report holds: headings, paragraphs, bullets, table cells, chart words."""
    found = [report.title, report.subtitle, report.office, report.period, report.made_on]

    def walk(part: Section) -> None:
        found.append(part.heading)
        for block in part.blocks:
            if isinstance(block, Paragraph):
                found.append(block.text)
            elif isinstance(block, Bullets):
                found.extend(block.items)
            elif isinstance(block, Table):
                found.extend([block.caption, *block.columns, *(cell for row in block.rows for cell in row)])
            elif isinstance(block, Chart):
                found.extend([block.title, block.alt, *block.categories])
        for sub in part.subsections:
            walk(sub)

    for part in report.sections:
        walk(part)
    return found


def department_names(db) -> dict:
    return dict(db.query("SELECT id, name FROM departments"))


# --- on the demo office: the dashboard's figures and plain SQL counts ---------------------------


def test_sections_come_in_the_published_order_under_the_cover(demo):
    report = build_report(demo, CHECKLISTS, ReportRequest(START, END), today=DEMO_END.date())

    assert [s.heading for s in report.sections] == HEADINGS
    assert report.title == "Raport z badania satysfakcji klientów"
    assert report.office == "Starostwo Powiatowe w Grójcu"
    assert report.period == "01.05.2026 – 31.10.2026"
    assert report.made_on == "01.11.2026"
    assert report.subtitle == ""


def test_figures_read_as_the_dashboard_words_them_for_the_same_scope(demo):
    report = build_report(demo, CHECKLISTS, ReportRequest(START, END), today=DEMO_END.date())
    scope = Scope(Filters(START, END), None)

    # the headline tiles about clients, exactly as the dashboard's tiles
    dashboard = {
        tile.label: (tile.value, tile.detail)
        for tile in tiles(headline.headline_figures(demo, scope, CHECKLISTS.version))
    }
    overall = rows_by_first(table(section(report, "Wyniki ogółem"), "Wyniki ogółem"))
    assert set(overall) == {"Zadowoleni (oceny 4–5)", "Średnia ocena Klientów", "Oceny Klientów"}
    for label, cells in overall.items():
        assert cells == dashboard[label]

    # by criterion: the dashboard's criterion figures
    criteria = table(section(report, "Wyniki według kryteriów"), "Odsetek ocen 4–5 według kryteriów")
    expected = [figure_text(figure) for figure in headline.criterion_figures(demo, scope)]
    assert [row[1:] for row in criteria.rows] == expected
    assert criteria.rows[0][0] == "Ocena ogólna"

    # by department: the dashboard's share text of each department's ratings, counted by SQL
    counts = demo.query(
        "SELECT d.name, count(*), count(*) FILTER (WHERE overall >= 4) FROM client_ratings r "
        f"JOIN departments d ON d.id = r.department_id WHERE r.created_at >= ? AND r.created_at < ? AND {COUNTED} "
        "GROUP BY d.name",
        [datetime(2026, 5, 1), datetime(2026, 11, 1)],
    )
    by_department = rows_by_first(
        table(
            section(report, "Wyniki według wydziałów"),
            "Odsetek zadowolonych Klientów (oceny 4–5) według wydziałów",
        )
    )
    assert len(counts) > 3
    for name, ratings, satisfied in counts:
        assert by_department[name] == rating_share_text(satisfied, ratings)


def test_counts_equal_plain_sql_over_the_tables(demo):
    report = build_report(demo, CHECKLISTS, ReportRequest(START, END), today=DEMO_END.date())
    since, until = datetime(2026, 5, 1), datetime(2026, 11, 1)
    by_channel = dict(
        demo.query(
            f"SELECT channel, count(*) FROM client_ratings r WHERE r.created_at >= ? AND r.created_at < ? AND {COUNTED} "
            "GROUP BY channel",
            [since, until],
        )
    )
    distribution = rows_by_first(
        table(
            section(report, "Sposób dystrybucji ankiet i liczebność próby"), "Ankiety według sposobu zebrania"
        )
    )
    total = sum(by_channel.values())
    assert distribution["kiosk"][0] == f"{by_channel.get('kiosk', 0):,}".replace(",", "\xa0")
    assert distribution["kod QR"][0] == f"{by_channel.get('qr', 0):,}".replace(",", "\xa0")
    assert distribution["papier"][0] == f"{by_channel.get('paper', 0):,}".replace(",", "\xa0")
    assert distribution["Razem"][0] == f"{total:,}".replace(",", "\xa0")

    # the margin of error achieved: 1.96 · √(0.25 / n), worked out here by hand
    margin = 1.959963984540054 * math.sqrt(0.25 / total) * 100
    assert f"±{margin:.1f}".replace(".", ",") + " pp" in " ".join(texts(report))

    # observations per standard: the observations that scored it
    scored = dict(
        demo.query(
            "SELECT s.standard_id, count(*) FROM observation_standard_scores s JOIN observations o "
            "ON o.id = s.observation_id WHERE o.status = 'sent' AND o.calibration_of IS NULL "
            "AND o.observed_at >= ? AND o.observed_at < ? AND s.met_weight + s.not_met_weight > 0 "
            "GROUP BY s.standard_id",
            [since, until],
        )
    )
    standards = rows_by_first(
        table(
            section(report, "Wyniki obserwacji według standardów"),
            "Wyniki obserwacji według standardów: wydziały objęte raportem łącznie",
        )
    )
    for standard in CHECKLISTS.standards:
        n = scored.get(standard.id, 0)
        assert standards[standard.short][1].startswith(f"{n:,}".replace(",", "\xa0") + " obserwacj"), (
            standard.id
        )

    # the rating distribution chart: each value's share of the ratings
    chart = next(b for b in section(report, "Wyniki ogółem").blocks if isinstance(b, Chart))
    per_value = dict(
        demo.query(
            f"SELECT overall, count(*) FROM client_ratings r WHERE r.created_at >= ? AND r.created_at < ? AND {COUNTED} "
            "GROUP BY overall",
            [since, until],
        )
    )
    assert chart.series[0].values == tuple(per_value.get(v, 0) / total for v in range(1, 6))
    assert "5 – bardzo dobrze" in chart.alt


def test_department_standard_tables_equal_the_dashboards_cell_texts(demo):
    report = build_report(demo, CHECKLISTS, ReportRequest(START, END), today=DEMO_END.date())
    cells = queries.department_standard(demo, Scope(Filters(START, END), None))
    observed = section(report, "Wyniki obserwacji według standardów")
    by_department = {sub.heading: rows_by_first(sub.blocks[0]) for sub in observed.subsections}
    assert len(by_department) == cells["department_id"].nunique()
    short = {s.id: s.short for s in CHECKLISTS.standards}
    for record in cells.to_dict("records"):
        value, detail = score_text(score_of(record))
        assert by_department[record["department"]][short[record["standard_id"]]] == (value, detail)


def test_a_department_outside_the_request_never_appears(demo):
    names = department_names(demo)
    chosen = demo.scalar(  # the department with most actions raised in the period: all sections have rows
        "SELECT department_id FROM improvement_actions WHERE created_at >= ? AND created_at < ? "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
        [datetime(2026, 5, 1), datetime(2026, 11, 1)],
    )
    report = build_report(demo, CHECKLISTS, ReportRequest(START, END, (chosen,)), today=DEMO_END.date())

    words = " ".join(texts(report))
    assert names[chosen] in words
    for other in set(names.values()) - {names[chosen]}:
        assert other not in words, other
    actions = table(section(report, "Działania doskonalące"), "Działania doskonalące")
    assert {row[1] for row in actions.rows} == {names[chosen]}
    observed = section(report, "Wyniki obserwacji według standardów")
    assert [sub.heading for sub in observed.subsections] == [names[chosen]]
    counted = demo.scalar(
        "SELECT count(*) FROM client_ratings r WHERE r.created_at >= ? AND r.created_at < ? AND r.department_id = ? "
        f"AND {COUNTED}",
        [datetime(2026, 5, 1), datetime(2026, 11, 1), chosen],
    )
    distribution = rows_by_first(
        table(
            section(report, "Sposób dystrybucji ankiet i liczebność próby"), "Ankiety według sposobu zebrania"
        )
    )
    assert distribution["Razem"][0] == f"{counted:,}".replace(",", "\xa0")


def test_the_offices_conclusions_replace_the_prefilled_ones(demo):
    request = ReportRequest(START, END)
    prefilled = default_conclusions(demo, CHECKLISTS, request, today=DEMO_END.date())
    assert prefilled.startswith("Ocenę 4 lub 5 wystawiło ")

    own = "Wyniki są dobre.\n\n  Zarząd poprawi czas obsługi.  \n"
    report = build_report(demo, CHECKLISTS, ReportRequest(START, END, conclusions=own), today=DEMO_END.date())
    assert [b.text for b in section(report, "Wnioski i rekomendacje").blocks] == [
        "Wyniki są dobre.",
        "Zarząd poprawi czas obsługi.",
    ]
    assert prefilled.splitlines()[0] not in texts(report)

    default = build_report(demo, CHECKLISTS, request, today=DEMO_END.date())
    assert [b.text for b in section(default, "Wnioski i rekomendacje").blocks] == prefilled.splitlines()


# --- small offices seeded by hand ------------------------------------------------------------------


def test_a_department_below_the_minimum_is_withheld_in_table_chart_and_conclusions(db, office):
    km, gk = office["departments"]["KM"], office["departments"]["GK"]
    add_ratings(db, km, datetime(2026, 3, 2, 9), [5] * 10 + [2] * 2)
    add_ratings(db, gk, datetime(2026, 3, 3, 9), [1, 1, 1])
    report = build_report(
        db, CHECKLISTS, ReportRequest(date(2026, 3, 1), date(2026, 3, 31)), today=date(2026, 4, 2)
    )

    part = section(report, "Wyniki według wydziałów")
    rows = rows_by_first(table(part, "Odsetek zadowolonych Klientów (oceny 4–5) według wydziałów"))
    assert rows["Wydział Geodezji i Kartografii"] == ("—", "za mało ocen: 3 z wymaganych 10")
    assert rows["Wydział Komunikacji"][0] == "83,3%"
    chart = next(b for b in part.blocks if isinstance(b, Chart))
    values = dict(zip(chart.categories, chart.series[0].values, strict=True))
    assert values["Wydział Geodezji i Kartografii"] is None
    assert values["Wydział Komunikacji"] == pytest.approx(10 / 12)
    assert "Wydział Geodezji i Kartografii: za mało ocen: 3 z wymaganych 10" in chart.alt
    assert "Wydział Komunikacji: 83,3% (12 ocen; przedział ufności 95%:" in chart.alt
    # one department with enough ratings: no "lowest department" is named from a withheld figure
    assert "Najniższy odsetek zadowolonych" not in default_conclusions(
        db, CHECKLISTS, ReportRequest(date(2026, 3, 1), date(2026, 3, 31)), today=date(2026, 4, 2)
    )


def test_a_period_without_data_gives_a_report_that_says_so(db, office):
    request = ReportRequest(date(2026, 3, 1), date(2026, 3, 31))
    report = build_report(db, CHECKLISTS, request, today=date(2026, 4, 2))

    assert [s.heading for s in report.sections] == HEADINGS
    words = texts(report)
    assert "W okresie badania nie zebrano żadnej ankiety Klienta." in words
    assert "W okresie badania nie wysłano żadnej obserwacji." in words
    assert "W okresie badania nie opublikowano żadnego komentarza Klienta." in words
    assert "Błędu oszacowania nie można obliczyć: nie zebrano żadnej ankiety." in words
    assert not [b for s in report.sections for b in s.blocks if isinstance(b, Chart)]
    overall = rows_by_first(table(section(report, "Wyniki ogółem"), "Wyniki ogółem"))
    assert overall["Zadowoleni (oceny 4–5)"] == ("—", "brak ocen")
    conclusions = [b.text for b in section(report, "Wnioski i rekomendacje").blocks]
    assert conclusions[0].startswith("W okresie badania nie zebrano ocen Klientów")
    assert "Wyników nie można porównać z poprzednim badaniem: za mało danych." in conclusions


def test_a_significant_change_against_the_previous_period_is_told(db, office):
    km = office["departments"]["KM"]
    add_ratings(db, km, datetime(2026, 2, 2, 9), [2] * 30 + [5] * 10)  # February: 25 % satisfied
    add_ratings(db, km, datetime(2026, 3, 2, 9), [5] * 36 + [1] * 4)  # March: 90 %
    request = ReportRequest(date(2026, 3, 1), date(2026, 3, 31))  # previous: 29 Jan – 28 Feb (31 days)
    report = build_report(db, CHECKLISTS, request, today=date(2026, 4, 2))

    comparison = rows_by_first(
        table(section(report, "Porównanie z poprzednim badaniem"), "Porównanie z poprzednim badaniem")
    )
    before, after, verdict = comparison["Zadowoleni (oceny 4–5)"]
    assert before.startswith("25,0% (40 ocen; przedział ufności 95%: ")
    assert after.startswith("90,0% (40 ocen; przedział ufności 95%: ")
    assert verdict == "zmiana istotna (wzrost)"
    assert comparison["Średni wynik obserwacji"][2] == "nie można ocenić (za mało danych)"
    assert "poprzedni okres tej samej długości (29.01.2026 – 28.02.2026)" in " ".join(texts(report))
    assert (
        "Zadowoleni (oceny 4–5): istotny wzrost względem poprzedniego badania, z 25,0% do 90,0%."
        in default_conclusions(db, CHECKLISTS, request, today=date(2026, 4, 2)).splitlines()
    )


def test_a_campaign_gives_its_name_targets_margin_previous_and_next_study(db, office):
    km, gk = office["departments"]["KM"], office["departments"]["GK"]

    def campaign(name, start, end, targets, yearly=None):
        campaign_id = uuid.uuid4()
        stored_campaigns.insert(
            db,
            {
                "id": campaign_id,
                "name": name,
                "start_date": start,
                "end_date": end,
                "margin": 0.05,
                "confidence": 0.95,
                "yearly_clients": yearly,
            },
            targets,
            "test",
        )
        return campaign_id

    campaign("Badanie wrzesień 2025", date(2025, 9, 1), date(2025, 9, 30), {km: 10, gk: 10})
    march = campaign("Badanie marzec 2026", date(2026, 3, 1), date(2026, 3, 31), {km: 200, gk: 100}, 5000)
    campaign("Badanie wrzesień 2026", date(2026, 9, 1), date(2026, 9, 30), {km: 10, gk: 10})
    add_ratings(db, km, datetime(2026, 3, 2, 9), [5] * 150)
    add_ratings(db, gk, datetime(2026, 3, 3, 9), [4] * 40 + [2] * 10)
    add_ratings(db, km, datetime(2025, 9, 2, 9), [3] * 20)

    report = build_report(
        db,
        CHECKLISTS,
        ReportRequest(date(2026, 3, 1), date(2026, 3, 31), campaign_id=march),
        today=date(2026, 4, 2),
    )
    assert report.subtitle == "Badanie marzec 2026"
    part = section(report, "Sposób dystrybucji ankiet i liczebność próby")
    targets = rows_by_first(table(part, "Ankiety według wydziałów i cele kampanii"))
    assert targets["Wydział Komunikacji"] == ("150", "200", "75%")
    assert targets["Wydział Geodezji i Kartografii"] == ("50", "100", "50%")
    # 200 answers of 5 000 clients a year: 1.96 · √(0.25 / 200) · √(4 800 / 4 999), by hand
    margin = 1.959963984540054 * math.sqrt(0.25 / 200) * math.sqrt(4800 / 4999) * 100
    words = " ".join(texts(report))
    assert f"z błędem najwyżej ±{margin:.1f}".replace(".", ",") + " pp" in words
    assert "potrzeba 357 ocen" in words  # Cochran's 384.15 corrected for 5 000: 356.7, rounded up
    # KM alone: its 150 answers, and no correction by the office's 5 000 clients (KM's own are unknown)
    km_only = build_report(
        db,
        CHECKLISTS,
        ReportRequest(date(2026, 3, 1), date(2026, 3, 31), department_ids=(km,), campaign_id=march),
        today=date(2026, 4, 2),
    )
    km_words = " ".join(texts(km_only))
    km_margin = 1.959963984540054 * math.sqrt(0.25 / 150) * 100
    assert "Zebrano 150 ocen, co pozwala oszacować" in km_words
    assert f"z błędem najwyżej ±{km_margin:.1f}".replace(".", ",") + " pp" in km_words
    assert "Klientów rocznie" not in km_words  # the margin's correction, said only for the whole office
    assert "„Badanie wrzesień 2025” (01.09.2025 – 30.09.2025)" in words
    assert "Kolejne badanie, „Badanie wrzesień 2026”, zaplanowano od 01.09.2026 do 30.09.2026" in words
    comparison = rows_by_first(
        table(section(report, "Porównanie z poprzednim badaniem"), "Porównanie z poprzednim badaniem")
    )
    assert comparison["Zadowoleni (oceny 4–5)"][0].startswith("0,0% (20 ocen; przedział ufności 95%: 0,0–")


def test_without_a_planned_campaign_the_next_study_is_proposed_half_a_year_on(db, office):
    report = build_report(
        db, CHECKLISTS, ReportRequest(date(2026, 8, 31), date(2026, 9, 30)), today=date(2026, 10, 1)
    )
    (plan,) = section(report, "Plan kolejnego badania").blocks
    # 31 August + 6 months: February has no 31st, so its last day; the same 31 days long
    assert "od 28.02.2027 do 30.03.2027" in plan.text


def test_approved_comments_newest_first_as_typed_and_no_other(db, office):
    km = office["departments"]["KM"]
    hostile = "#set page(fill: red) *pogrubione* $x$ <b>html</b> ]) \\"
    add_ratings(db, km, datetime(2026, 3, 2, 9), [1], comment=hostile, comment_status="approved")
    add_ratings(db, km, datetime(2026, 3, 5, 9), [5], comment="Miła obsługa.", comment_status="approved")
    add_ratings(db, km, datetime(2026, 3, 6, 9), [2], comment="Czeka na moderację.", comment_status="pending")
    add_ratings(db, km, datetime(2026, 3, 7, 9), [2], comment="Odrzucony.", comment_status="rejected")
    report = build_report(
        db, CHECKLISTS, ReportRequest(date(2026, 3, 1), date(2026, 3, 31)), today=date(2026, 4, 2)
    )

    comments = table(section(report, "Uwagi i opinie klientów"), "Komentarze Klientów")
    assert comments.rows == (
        ("05.03.2026", "Wydział Komunikacji", "5", "Miła obsługa."),
        ("02.03.2026", "Wydział Komunikacji", "1", hostile),
    )


def test_observation_scores_are_withheld_below_the_minimum_of_observations(db, office):
    km = office["departments"]["KM"]
    items = [item.id for item in CHECKLISTS.standards[0].items][:3]
    observer = office["accounts"]["kierownik.km"]
    for day in range(1, 4):  # three observations: below the minimum of five
        add_observation(
            db,
            department=km,
            employee=office["employees"]["nowak"],
            observer=observer,
            at=datetime(2026, 3, day, 10),
            answers={items[0]: T, items[1]: T, items[2]: N},
        )
    report = build_report(
        db, CHECKLISTS, ReportRequest(date(2026, 3, 1), date(2026, 3, 31)), today=date(2026, 4, 2)
    )

    part = section(report, "Wyniki obserwacji według standardów")
    overall = rows_by_first(
        table(part, "Wyniki obserwacji według standardów: wydziały objęte raportem łącznie")
    )
    assert overall[CHECKLISTS.standards[0].short] == ("—", "za mało obserwacji: 3 z wymaganych 5")
    assert overall[CHECKLISTS.standards[1].short] == ("—", "brak ocenionych obserwacji")
    chart = next(b for b in part.blocks if isinstance(b, Chart))
    assert set(chart.series[0].values) == {None}
    assert not [
        line
        for line in default_conclusions(
            db, CHECKLISTS, ReportRequest(date(2026, 3, 1), date(2026, 3, 31)), today=date(2026, 4, 2)
        ).splitlines()
        if line.startswith("Standard")
    ]
