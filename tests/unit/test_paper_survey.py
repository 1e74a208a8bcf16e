"""Paper questionnaires (services/paper_survey.py) and the channel split of every rating figure.

The parser: every answer line written with spaces and without, every class of typo refused with
a message naming it. The service: stored as a client rating of channel "paper" at noon of the
questionnaire's day, validated and scrubbed as the client form, audited with who entered it,
stored once per entry id, within the user's departments only, at most MAX_PER_MINUTE a minute;
undo removes only the user's own. The channel filter (analytics.filters, the URL's `kanal`)
narrows the rating figures and the Excel export; its counts are checked against plain SQL.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta

import openpyxl
import pytest

from accounts.service import CurrentUser
from analytics import export, queries
from analytics.filters import CHANNELS, Filters, from_params
from checklists.loading import current_checklists
from services import paper_survey as service
from services.paper_survey import PaperError
from storage import audit, users
from tests.seeding import add_ratings

TODAY = date(2026, 11, 25)  # a Wednesday
NOW = datetime(2026, 11, 25, 10, 30)


@pytest.fixture(autouse=True)
def office_clock(monkeypatch):
    """The office's clock, for the service and the audit log alike (the per-minute limit reads both)."""
    monkeypatch.setattr(service, "now", lambda: NOW)
    monkeypatch.setattr(audit, "now", lambda: NOW)


def user(db, office, login) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"][login]))


def enter(db, office, login="kierownik.km", department="KM", answers="5 4 4 5 3 5 t", **options):
    values = {"entry_id": uuid.uuid4(), "on": TODAY - timedelta(days=1), "comment": None} | options
    return service.enter(
        db,
        user(db, office, login),
        department_id=office["departments"][department],
        answers=answers,
        **values,
    )


def paper_rows(db) -> list[dict]:
    return db.query_dicts("SELECT * FROM client_ratings WHERE channel = 'paper' ORDER BY created_at")


# --- the parser ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("5 4 4 5 3 5 t", (5, (4, 4, 5, 3, 5), "yes")),
        ("544535t", (5, (4, 4, 5, 3, 5), "yes")),
        ("  1,2;3 4\t5 1 N ", (1, (2, 3, 4, 5, 1), "no")),
        ("3 0 - 2 - 0 c", (3, (None, None, 2, None, None), "partly")),
        ("30-2-0C", (3, (None, None, 2, None, None), "partly")),
        ("4 5 5 5 5 5 -", (4, (5, 5, 5, 5, 5), None)),
        ("4555550", (4, (5, 5, 5, 5, 5), None)),
    ],
)
def test_answers_are_read_with_or_without_spaces(typed, expected):
    answers = service.parse(typed)
    assert (answers.overall, answers.criteria, answers.settled) == expected


@pytest.mark.parametrize("spaced", [True, False], ids=["spaces", "no spaces"])
@pytest.mark.parametrize(
    "answers, message",
    [
        ("5447355t", "Za dużo odpowiedzi: 8 zamiast 7"),
        ("54435t", "Za mało odpowiedzi: 6 zamiast 7"),
        ("544535", "Za mało odpowiedzi: 6 zamiast 7"),
        ("544735t", "Ocena „7” poza skalą 1–5: 4. odpowiedź (warunki obsługi)."),
        ("944535t", "Ocena „9” poza skalą 1–5: 1. odpowiedź (ocena ogólna)."),
        ("54x535t", "Nieznany znak „x” (3. odpowiedź)"),
        ("544535y", "Nieznany znak „y” (7. odpowiedź)"),
        ("5t4535n", "Oczekiwano oceny 1–5 (albo 0 lub - przy braku), a wpisano „t”: 2. odpowiedź (czas"),
        ("5445354", "Oczekiwano t, n albo c (albo 0 lub - przy braku), a wpisano „4”: 7. odpowiedź"),
        ("-44535t", "Brak oceny ogólnej (1. odpowiedź)"),
        ("044535t", "Brak oceny ogólnej (1. odpowiedź)"),
    ],
)
def test_every_typo_is_refused_with_a_message_naming_it(answers, message, spaced):
    typed = " ".join(answers) if spaced else answers
    with pytest.raises(PaperError) as refused:
        service.parse(typed)
    assert message in str(refused.value)


@pytest.mark.parametrize("typed", ["", "   ", None, ", ,"])
def test_an_empty_line_asks_for_the_answers(typed):
    with pytest.raises(PaperError, match="Wpisz odpowiedzi z kwestionariusza"):
        service.parse(typed)


# --- storing -------------------------------------------------------------------------------------


def test_a_questionnaire_is_a_paper_rating_at_noon_of_its_day_with_who_entered_it_in_the_audit_log(
    db, office
):
    entered = enter(db, office, answers="4 5 0 3 - 2 c", on=date(2026, 11, 20))
    assert entered.stored and entered.department == "Wydział Komunikacji"
    [row] = paper_rows(db)
    assert row["id"] == entered.id
    assert row["created_at"] == datetime(2026, 11, 20, 12, 0)
    assert row["completed_at"] == NOW
    assert (row["department_id"], row["language"], row["kiosk_id"], row["burst"]) == (
        office["departments"]["KM"],
        "pl",
        None,
        False,
    )
    assert [row[c] for c in ("overall", "rating_time", "rating_manner", "rating_conditions")] == [
        4,
        5,
        None,
        3,
    ]
    assert [row["rating_forms"], row["rating_information"], row["settled"]] == [None, 2, "partly"]
    assert (row["comment"], row["comment_status"]) == (None, "none")
    [entry] = db.query_dicts(
        "SELECT actor, action, entity, entity_id, before, after FROM audit_log WHERE entity = 'client_rating'"
    )
    assert (entry["actor"], entry["action"], entry["entity_id"], entry["before"]) == (
        "kierownik.km",
        "enter_paper",
        str(entered.id),
        None,
    )
    assert json.loads(entry["after"]) == {
        "channel": "paper",
        "department_id": str(office["departments"]["KM"]),
        "on": "2026-11-20",
    }


def test_the_comment_is_scrubbed_and_waits_for_moderation(db, office):
    entered = enter(db, office, comment="  Proszę o telefon 600 700 800, bardzo miła obsługa. ")
    assert entered.scrubbed == {"phone"}
    [row] = paper_rows(db)
    assert row["comment"] == "Proszę o telefon [telefon usunięty], bardzo miła obsługa."
    assert row["comment_status"] == "pending"


def test_a_comment_too_long_is_refused_as_on_the_client_form(db, office):
    with pytest.raises(PaperError, match="Komentarz jest za długi"):
        enter(db, office, comment="a" * 501)
    assert paper_rows(db) == []


def test_the_same_entry_is_stored_once(db, office):
    entry_id = uuid.uuid4()
    first = enter(db, office, entry_id=entry_id)
    again = enter(db, office, entry_id=entry_id)
    assert (first.stored, again.stored) == (True, False)
    assert len(paper_rows(db)) == 1
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'enter_paper'") == 1


def test_a_supervisor_enters_only_for_their_departments_and_employees_not_at_all(db, office):
    with pytest.raises(PaperError, match="nie należy do Twoich wydziałów"):
        enter(db, office, login="kierownik.km", department="GK")
    with pytest.raises(PaperError, match="nie należy do Twoich wydziałów"):
        enter(db, office, login="kowalska", department="KM")
    with pytest.raises(PaperError, match="nie należy do Twoich wydziałów"):
        enter(db, office, login="admin", department="KM")
    assert paper_rows(db) == []
    assert enter(db, office, login="starosta", department="GK").stored  # management: every department
    km, gk = (user(db, office, login) for login in ("kierownik.km", "starosta"))
    assert [d["code"] for d in service.departments_for(db, km)] == ["KM"]
    assert sorted(d["code"] for d in service.departments_for(db, gk)) == ["GK", "KM"]


@pytest.mark.parametrize("on", [TODAY + timedelta(days=1), TODAY - timedelta(days=366), None])
def test_a_date_in_the_future_or_over_a_year_ago_is_refused(db, office, on):
    with pytest.raises(PaperError, match=r"między 25\.11\.2025 a dzisiaj \(25\.11\.2026\)"):
        enter(db, office, on=on)
    assert paper_rows(db) == []


def test_the_oldest_and_the_newest_day_are_accepted(db, office):
    assert enter(db, office, on=TODAY).stored and enter(db, office, on=TODAY - timedelta(days=365)).stored


def test_at_most_thirty_a_minute_per_person(db, office, monkeypatch):
    for _ in range(service.MAX_PER_MINUTE):
        enter(db, office)
    with pytest.raises(PaperError, match="Wpisano już 30 kwestionariuszy w ciągu minuty"):
        enter(db, office)
    assert enter(db, office, login="starosta").stored  # someone else may go on
    assert len(paper_rows(db)) == service.MAX_PER_MINUTE + 1
    later = NOW + timedelta(seconds=61)  # a minute on, the same person may enter again
    monkeypatch.setattr(service, "now", lambda: later)
    monkeypatch.setattr(audit, "now", lambda: later)
    assert enter(db, office).stored


def test_undo_removes_only_the_users_own_questionnaire_and_is_audited(db, office):
    mine = enter(db, office)
    theirs = enter(db, office, login="starosta")
    with pytest.raises(PaperError, match="nie można cofnąć"):
        service.undo(db, user(db, office, "kierownik.km"), theirs.id)
    service.undo(db, user(db, office, "kierownik.km"), mine.id)
    assert [row["id"] for row in paper_rows(db)] == [theirs.id]
    [entry] = db.query_dicts("SELECT actor, before, after FROM audit_log WHERE action = 'delete'")
    assert (entry["actor"], entry["after"]) == ("kierownik.km", None)
    assert json.loads(entry["before"]) == {
        "channel": "paper",
        "department_id": str(office["departments"]["KM"]),
        "on": "2026-11-24",
        "overall": 5,
    }
    with pytest.raises(PaperError, match="nie można cofnąć"):  # a second undo finds nothing
        service.undo(db, user(db, office, "kierownik.km"), mine.id)


def test_undo_never_removes_a_kiosk_rating(db, office):
    [kiosk_id] = add_ratings(db, office["departments"]["KM"], datetime(2026, 11, 24, 9), [2])
    with pytest.raises(PaperError, match="nie można cofnąć"):
        service.undo(db, user(db, office, "kierownik.km"), uuid.UUID(kiosk_id))
    assert db.scalar("SELECT count(*) FROM client_ratings") == 1


# --- the channel split of the figures ---------------------------------------------------------------


@pytest.fixture
def three_channels(db, office):
    """In KM: 3 kiosk and 2 QR ratings on 24.11 in the morning, 4 paper questionnaires of 23.11."""
    km = office["departments"]["KM"]
    add_ratings(db, km, datetime(2026, 11, 24, 9), [5, 4, 2])
    add_ratings(db, km, datetime(2026, 11, 24, 10), [3, 5], channel="qr")
    for answers in ("5555555", "1111111", "4444444", "2222222"):
        enter(db, office, answers=answers[:6] + "t", on=date(2026, 11, 23))
    return km


def scope(db, channels=()) -> queries.Scope:
    return queries.resolve_scope(db, Filters(date(2026, 11, 1), TODAY, channels=channels), None)


def sql_count(db, channels, condition: str = "TRUE") -> int:
    """The oracle: plain SQL over the table."""
    return db.scalar(
        "SELECT count(*) FROM client_ratings WHERE created_at >= '2026-11-01' AND created_at < '2026-11-26' "
        f"AND channel IN (SELECT unnest(?::VARCHAR[])) AND {condition}",
        [list(channels)],
    )


def test_ratings_by_channel_against_plain_sql(db, three_channels):
    everything = queries.ratings_by_channel(db, scope(db))
    assert list(everything["channel"]) == list(CHANNELS)
    assert list(everything["ratings"]) == [sql_count(db, [c]) for c in CHANNELS] == [3, 2, 4]
    only_paper = queries.ratings_by_channel(db, scope(db, ("paper",)))
    assert only_paper.to_dict("records") == [{"channel": "paper", "ratings": 4}]


@pytest.mark.parametrize("channels", [(), ("paper",), ("kiosk", "qr"), ("kiosk", "paper"), ("qr",)])
def test_every_rating_figure_follows_the_channel_filter(db, three_channels, channels):
    chosen = channels or CHANNELS
    figures = queries.headline(db, scope(db, channels), "2021.1")
    assert figures["ratings"] == sql_count(db, chosen)
    assert figures["satisfied"] == sql_count(db, chosen, "overall >= 4")
    monthly = queries.monthly_satisfaction(db, scope(db, channels))
    assert monthly["ratings"].sum() == sql_count(db, chosen)
    criteria = queries.satisfaction_by_criterion(db, scope(db, channels)).set_index("criterion")
    assert criteria.loc["overall", "ratings"] == sql_count(db, chosen)


def test_the_hour_chart_leaves_paper_out(db, three_channels):
    hours = queries.rating_hours(db, scope(db))
    assert hours["ratings"].sum() == 5  # kiosk and QR only: no pile at 12:00
    assert 12 not in set(hours["hour"])
    assert queries.rating_hours(db, scope(db, ("paper",))).empty


# --- the URL and the export -------------------------------------------------------------------------


def test_channels_survive_the_url_in_a_fixed_order():
    filters = Filters(date(2026, 1, 1), date(2026, 11, 24), channels=("kiosk", "paper"))
    assert filters.to_params()["kanal"] == "kiosk,paper"
    back, warnings = from_params(
        {**filters.to_params(), "kanal": "paper,kiosk,paper"}, today=TODAY, known_codes=set(), versions=set()
    )
    assert (back.channels, warnings) == (("kiosk", "paper"), [])
    assert back == filters
    assert (
        "kanal" not in Filters(date(2026, 1, 1), date(2026, 1, 2)).to_params()
    )  # every channel: no parameter


def test_an_unknown_channel_is_left_out_with_a_polish_warning():
    filters, warnings = from_params(
        {"od": "2026-11-01", "kanal": "qr,poczta,,telefon"}, today=TODAY, known_codes=set(), versions=set()
    )
    assert filters.channels == ("qr",)
    assert warnings == ["Pominięto nieznane kanały: poczta, telefon."]


def test_the_export_names_the_paper_channel_and_follows_the_filter(db, three_channels, tmp_path):
    def workbook(channels):
        path = tmp_path / f"eksport-{'-'.join(channels) or 'all'}.xlsx"
        export.write_workbook(
            db, scope(db, channels), path, checklists=current_checklists(), made_by="Test", with_names=False
        )
        return openpyxl.load_workbook(path)

    def channel_column(book) -> list[str]:
        sheet = book["Oceny Klientów"]
        index = [cell.value for cell in sheet[1]].index("Kanał")
        return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]

    def summary(book) -> str:
        return next(
            row[1]
            for row in book["Podsumowanie"].iter_rows(values_only=True)
            if row[0] == "Kanały ocen Klientów"
        )

    everything = workbook(())
    assert sorted(channel_column(everything)) == ["kiosk"] * 3 + ["kod QR"] * 2 + ["papier"] * 4
    assert summary(everything) == "wszystkie"
    paper = workbook(("paper",))
    assert channel_column(paper) == ["papier"] * 4
    assert summary(paper) == "papier"
    kiosk_and_qr = workbook(("kiosk", "qr"))
    assert sorted(channel_column(kiosk_and_qr)) == ["kiosk"] * 3 + ["kod QR"] * 2
    assert summary(kiosk_and_qr) == "kiosk, kod QR"
