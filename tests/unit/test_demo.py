"""The demo data generator (`jakosc demo`): what it creates, and that its numbers add up.

Most tests read one small generated office (2 months, 3000 ratings, 300 observations) made once
for the module; the trend tests read a year of data. The end moment is fixed, so the data is
the same on every run.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import pytest

from checklists.loading import current_checklists
from checklists.scoring import score_observation
from data import demo, demo_loop
from storage import bulk
from storage.db import Database
from storage.departments import add_department
from storage.maintenance import row_counts
from tests.stores import store_database

END = datetime(2026, 3, 18, 11, 20)
SMALL = {"months": 2, "ratings": 3000, "observations": 300, "seed": 11, "end": END}
DOMAIN_TABLES = (
    "departments",
    "employees",
    "kiosks",
    "acknowledgements",
    "conversations",
    "observations",
    "observation_answers",
    "observation_standard_scores",
    "client_ratings",
)
LOOP_TABLES = tuple(table for table in demo_loop.TABLES if table != "survey_campaign_targets")  # by campaign


@pytest.fixture(scope="module")
def generated(request, tmp_path_factory):
    with store_database(request, tmp_path_factory.mktemp("demo")) as database:
        yield database, demo.generate(database, **SMALL)


@pytest.fixture(scope="module")
def small(generated):
    return generated[0]


@pytest.fixture(scope="module")
def year(request, tmp_path_factory):
    with store_database(request, tmp_path_factory.mktemp("demo_year")) as database:
        demo.generate(database, months=12, ratings=20_000, observations=4_000, seed=3, end=END)
        yield database


def _table(db: Database, table: str) -> list[tuple]:
    return sorted(db.query(f"SELECT * FROM {table}"), key=repr)


# --- what is created ---------------------------------------------------------------------------


def test_counts_match_the_options_and_the_summary(generated):
    db, summary = generated
    counts = row_counts(db)
    assert counts["observations"] == 300
    # the kiosk and QR ratings asked for, and the paper questionnaires the improvement loop adds
    assert counts["client_ratings"] == 3000 + summary["paper_ratings"]
    assert summary["paper_ratings"] == db.scalar(
        "SELECT count(*) FROM client_ratings WHERE channel = 'paper'"
    )
    for table in DOMAIN_TABLES:
        assert summary[table] == counts[table], table
    assert summary["from"] == "2026-01-18 11:20:00" and summary["to"] == "2026-03-18 11:20:00"
    assert counts["users"] == 0, "no accounts: an account needs a password"
    runs = db.query("SELECT entity FROM audit_log WHERE action = 'generate' AND entity = 'demo_data'")
    assert runs == [("demo_data",)], "the run itself is in the audit log"
    assert db.query("SELECT DISTINCT actor FROM audit_log") == [("demo",)]


def test_ten_departments_with_five_to_twenty_five_employees_each(small):
    rows = small.query(
        "SELECT d.code, count(e.id) FROM departments d LEFT JOIN employees e ON e.department_id = d.id GROUP BY 1"
    )
    assert {code for code, _ in rows} == {"KM", "GK", "AB", "OS", "OR", "FN", "EZ", "PZP", "KP", "ZK"}
    assert all(5 <= staff <= 25 for _, staff in rows)


def test_women_have_the_feminine_form_of_adjectival_surnames(small):
    people = small.query("SELECT first_name, last_name FROM employees")
    women = [last for first, last in people if first in demo.FEMALE_FIRST]
    men = [last for first, last in people if first in demo.MALE_FIRST]
    assert women and men
    assert not [name for name in women if name.endswith("ki")]  # Kowalska, never Kowalski
    assert not [name for name in men if name.endswith("ska") or name.endswith("cka")]
    assert len(set(people)) == len(people)


def test_kiosks_have_a_token_hash_and_take_ratings(small):
    kiosks = small.query("SELECT id, token_hash FROM kiosks")
    assert len(kiosks) >= 3
    assert all(len(token_hash) == 64 for _, token_hash in kiosks)
    used = {
        row[0] for row in small.query("SELECT DISTINCT kiosk_id FROM client_ratings WHERE channel = 'kiosk'")
    }
    assert used == {kiosk_id for kiosk_id, _ in kiosks}


def test_most_employees_acknowledged_the_current_handbook(small):
    version = current_checklists().version
    acknowledged = small.scalar("SELECT count(*) FROM acknowledgements WHERE handbook_version = ?", [version])
    employees = small.scalar("SELECT count(*) FROM employees")
    assert 0.5 * employees < acknowledged < employees


def test_everything_happens_in_office_hours_within_the_period(small):
    for table, column in (("observations", "observed_at"), ("client_ratings", "created_at")):
        outside = small.scalar(
            f"SELECT count(*) FROM {table} WHERE {column} < ? OR {column} > ? OR isodow({column}) > 5 "
            f"OR {column}::TIME < TIME '07:30' OR {column}::TIME >= TIME '15:30'",
            [SMALL["end"].replace(month=1), SMALL["end"]],
        )
        assert outside == 0, table
    # 6 January (Trzech Króli) is a Tuesday in 2026 but the office is closed.
    assert small.scalar("SELECT count(*) FROM client_ratings WHERE created_at::DATE = DATE '2026-01-06'") == 0


def test_monday_mornings_are_the_busiest(year):
    per_morning = dict(
        year.query(
            "SELECT isodow(created_at), count(*) / count(DISTINCT created_at::DATE) FROM client_ratings "
            "WHERE hour(created_at) BETWEEN 8 AND 10 GROUP BY 1"
        )
    )
    assert per_morning[1] > 1.3 * per_morning[3]  # Monday against Wednesday
    assert per_morning[5] < per_morning[3]  # Fridays are quieter


# --- observations --------------------------------------------------------------------------------


def test_observations_are_sent_with_the_current_handbook_and_realistic_kinds(small):
    rows = small.query("SELECT status, handbook_version, kind, count(*) FROM observations GROUP BY ALL")
    assert {(status, version) for status, version, _, _ in rows} == {("sent", current_checklists().version)}
    kinds = {kind: count for _, _, kind, count in rows}
    assert kinds["in_person"] > kinds["phone"] > kinds["premises"] > 0
    assert (
        small.scalar("SELECT count(*) FROM observations WHERE kind = 'premises' AND employee_id IS NOT NULL")
        == 0
    )
    assert (
        small.scalar("SELECT count(*) FROM observations WHERE kind <> 'premises' AND employee_id IS NULL")
        == 0
    )
    assert small.scalar("SELECT count(*) FROM observations WHERE kind = 'premises' AND modules <> ''") == 0
    assert small.scalar("SELECT count(*) FROM observations WHERE modules <> ''") > 0


def test_modules_are_known_difficult_situations(small):
    known = {module.id for module in current_checklists().modules()}
    for (modules,) in small.query("SELECT DISTINCT modules FROM observations WHERE modules <> ''"):
        names = modules.split(",")
        assert set(names) <= known and names == sorted(names)


def test_answer_items_are_exactly_what_entries_for_asks(small):
    checklists = current_checklists()
    asked = defaultdict(list)
    for row in small.query(
        "SELECT observation_id, item_id, standard_id, weight, critical FROM observation_answers "
        "ORDER BY observation_id, position"
    ):
        asked[row[0]].append(row[1:])
    observations = small.query("SELECT id, kind, modules FROM observations")
    assert len(asked) == len(observations)
    for observation_id, kind, modules in observations:
        entries = checklists.entries_for(kind, frozenset(m for m in modules.split(",") if m))
        expected = [(e.item.id, e.standard.id, e.item.weight, e.item.critical) for e in entries]
        assert asked[observation_id] == expected


def test_positions_count_from_zero_without_gaps(small):
    gaps = small.scalar(
        "SELECT count(*) FROM (SELECT observation_id, max(position) + 1 = count(*) AND min(position) = 0 AS ok "
        "FROM observation_answers GROUP BY 1) WHERE NOT ok"
    )
    assert gaps == 0


def test_stored_scores_equal_score_observation_for_the_stored_answers(small):
    checklists = current_checklists()
    answers = defaultdict(list)
    for observation_id, item_id, answer in small.query(
        "SELECT observation_id, item_id, answer FROM observation_answers ORDER BY observation_id, position"
    ):
        answers[observation_id].append((item_id, answer))
    by_standard = defaultdict(dict)
    for row in small.query("SELECT * FROM observation_standard_scores"):
        by_standard[row[0]][row[1]] = row[2:]
    header = "id, score, met_weight, not_met_weight, n_met, n_not_met, n_not_applicable, n_not_observed, n_critical"
    observations = small.query(f"SELECT {header} FROM observations")
    assert len(observations) == 300
    for observation_id, *stored in observations:
        items = answers[observation_id]
        result = score_observation(checklists, [i for i, _ in items], dict(items))
        tally = result.overall
        expected = [
            tally.score,
            tally.met_weight,
            tally.not_met_weight,
            tally.met,
            tally.not_met,
            tally.not_applicable,
            tally.not_observed,
            len(result.critical_breaches),
        ]
        assert stored == expected, observation_id  # the same floats, not merely close ones
        assert tally.unanswered == 0, "a sent observation answers every item"
        assert by_standard[observation_id] == {
            standard_id: (
                t.met_weight,
                t.not_met_weight,
                t.met,
                t.not_met,
                t.not_applicable,
                t.not_observed,
                t.score,
            )
            for standard_id, t in result.by_standard.items()
        }


def test_answers_are_mostly_tak_with_some_of_every_other_kind(small):
    shares = dict(
        small.query("SELECT answer, count(*) / sum(count(*)) OVER () FROM observation_answers GROUP BY 1")
    )
    assert set(shares) == {"tak", "nie", "nie_dotyczy", "nie_zaobserwowano"}
    assert shares["tak"] > 0.6
    assert 0.03 < shares["nie"] < 0.2
    assert shares["nie_zaobserwowano"] < shares["nie_dotyczy"]


def test_critical_breaches_are_rare_and_each_has_a_comment(year):
    breaches, commented, observations = year.query(
        "SELECT count(*), count(comment), (SELECT count(*) FROM observations) FROM observation_answers "
        "WHERE critical AND answer = 'nie'"
    )[0]
    assert 0 < breaches < 0.1 * observations
    assert commented == breaches, "the observation form requires a comment on a critical breach"


def test_about_three_percent_are_calibration_pairs_of_the_same_visit(small):
    pairs = small.query(
        "SELECT c.department_id = o.department_id, c.kind = o.kind, c.employee_id IS NOT DISTINCT FROM o.employee_id, "
        "c.observed_at = o.observed_at, c.modules = o.modules, c.observer_id <> o.observer_id "
        "FROM observations c JOIN observations o ON o.id = c.calibration_of"
    )
    assert (
        len(pairs) == small.scalar("SELECT count(*) FROM observations WHERE calibration_of IS NOT NULL") == 9
    )
    assert all(all(checks) for checks in pairs)


def test_departments_differ_in_mean_score(small):
    means = dict(
        small.query(
            "SELECT d.code, avg(o.score) FROM observations o JOIN departments d ON d.id = o.department_id GROUP BY 1"
        )
    )
    assert len(means) == 10
    assert max(means.values()) - min(means.values()) > 0.05


def test_most_departments_improve_and_ab_gets_worse(year):
    change = dict(
        year.query(
            "SELECT d.code, avg(score) FILTER (WHERE observed_at >= ?) - avg(score) FILTER (WHERE observed_at < ?) "
            "FROM observations o JOIN departments d ON d.id = o.department_id GROUP BY 1",
            [datetime(2025, 12, 18), datetime(2025, 6, 18)],
        )
    )
    assert change["AB"] < -0.04
    assert sum(delta > 0 for code, delta in change.items() if code != "AB") >= 6


# --- client ratings ------------------------------------------------------------------------------


def test_ratings_are_on_the_one_to_five_scale_and_criteria_may_be_skipped(small):
    columns = ["overall", *(f"rating_{c}" for c in demo.CRITERIA)]
    for column in columns:
        low, high, skipped = small.query(
            f"SELECT min({column}), max({column}), count(*) - count({column}) FROM client_ratings"
        )[0]
        assert (low, high) == (1, 5), column
        assert (skipped == 0) == (column == "overall"), column


def test_overall_rating_goes_with_the_criteria(small):
    for criterion in demo.CRITERIA:
        correlation = small.scalar(f"SELECT corr(overall, rating_{criterion}) FROM client_ratings")
        assert correlation > 0.4, criterion


def test_ratings_channels_languages_and_flags(small):
    rows = small.query(
        "SELECT channel, kiosk_id IS NULL, language, settled, burst, count(*) FROM client_ratings GROUP BY ALL"
    )
    assert {(channel, no_kiosk) for channel, no_kiosk, *_ in rows} == {
        ("kiosk", False),
        ("qr", True),
        ("paper", True),  # the improvement loop's paper questionnaires
    }
    languages = defaultdict(int)
    for row in rows:
        languages[row[2]] += row[5]
    assert set(languages) == {"pl", "uk", "en"} and languages["pl"] > 0.85 * 3000
    assert {row[3] for row in rows} == {"yes", "no", "partly", None}
    assert {row[4] for row in rows} == {False}


def test_a_few_comments_mostly_approved_some_pending(small):
    statuses = dict(small.query("SELECT comment_status, count(*) FROM client_ratings GROUP BY 1"))
    assert set(statuses) == {"none", "approved", "pending"}
    assert statuses["approved"] > statuses["pending"]
    assert 0.01 * 3000 < statuses["approved"] + statuses["pending"] < 0.15 * 3000
    mismatched = small.scalar(
        "SELECT count(*) FROM client_ratings WHERE (comment IS NULL) <> (comment_status = 'none')"
    )
    assert mismatched == 0


def test_busy_hours_get_lower_ratings_of_waiting_time(year):
    monday_morning, other = year.query(
        "SELECT avg(rating_time) FILTER (WHERE isodow(created_at) = 1 AND hour(created_at) BETWEEN 9 AND 10), "
        "avg(rating_time) FILTER (WHERE isodow(created_at) BETWEEN 2 AND 5 AND hour(created_at) >= 13) "
        "FROM client_ratings"
    )[0]
    assert monday_morning < other - 0.3


# --- repeatability and refusal ------------------------------------------------------------------


def test_the_same_seed_gives_the_same_data(small, tmp_path):
    again = Database(tmp_path / "again.duckdb")
    try:
        demo.generate(again, **SMALL)
        for table in DOMAIN_TABLES:
            assert _table(again, table) == _table(small, table), table
    finally:
        again.close()


def test_another_seed_gives_other_data(small, tmp_path):
    other = Database(tmp_path / "other.duckdb")
    try:
        demo.generate(other, **{**SMALL, "seed": 12, "ratings": 10, "observations": 10})
        assert not set(other.query("SELECT id FROM departments")) & set(
            small.query("SELECT id FROM departments")
        )
    finally:
        other.close()


def test_refuses_a_database_that_has_observations_or_ratings(small):
    before = row_counts(small)
    with pytest.raises(ValueError, match="Baza zawiera już obserwacje lub oceny"):
        demo.generate(small, **SMALL)
    assert row_counts(small) == before


def test_reuses_departments_that_already_exist(db):
    km = add_department(db, "KM", "Wydział Komunikacji i Transportu", "test")
    summary = demo.generate(db, months=1, ratings=50, observations=20, end=END)
    assert summary["departments"] == 9
    assert db.scalar("SELECT count(*) FROM departments") == 10
    assert db.scalar("SELECT count(*) FROM employees WHERE department_id = ?", [km]) > 0


def test_a_failed_run_leaves_the_database_as_it_was(db, monkeypatch):
    add_department(db, "KM", "Wydział Komunikacji", "test")
    real_insert = bulk.insert_frames

    def failing(database, frames):
        frames = list(frames)
        if frames[0][0] == "client_ratings":
            raise OSError("dysk pełny")
        return real_insert(database, frames)

    monkeypatch.setattr(bulk, "insert_frames", failing)
    with pytest.raises(OSError):
        demo.generate(db, months=1, ratings=50, observations=20, end=END)
    counts = row_counts(db)
    assert counts["departments"] == 1 and counts["audit_log"] == 1  # the one added above
    assert sum(counts.values()) == 2
    monkeypatch.setattr(bulk, "insert_frames", real_insert)
    summary = demo.generate(db, months=1, ratings=50, observations=20, end=END)
    assert summary["client_ratings"] == 50 + summary["paper_ratings"]


def test_the_improvement_loop_is_loaded_and_counted(small, generated):
    """Actions, training, plans, client cases and the e-mail history, counted by plain SQL."""
    summary = generated[1]
    for table in LOOP_TABLES:
        rows = "DISTINCT (department_id, year, quarter)" if table == "observation_plan" else "*"  # plans
        assert summary[table] == small.scalar(f"SELECT count({rows}) FROM {table}") > 0, table


def test_a_run_failing_in_the_improvement_loop_leaves_no_data(db, monkeypatch):
    def failing(*_args):
        raise OSError("dysk pełny")

    monkeypatch.setattr(demo_loop, "add_mail", failing)  # the last part: the others have loaded
    with pytest.raises(OSError):
        demo.generate(db, months=3, ratings=200, observations=200, end=END)
    counts = row_counts(db)
    assert {table: counts[table] for table in (*LOOP_TABLES, *DOMAIN_TABLES)} == dict.fromkeys(
        (*LOOP_TABLES, *DOMAIN_TABLES), 0
    )


@pytest.mark.parametrize("options", [{"months": 0}, {"ratings": -1}, {"observations": -5}, {"seed": -1}])
def test_refuses_nonsense_sizes(db, options):
    with pytest.raises(ValueError):
        demo.generate(db, **{**SMALL, **options})
