"""The survey campaigns page under AppTest: management defines a campaign (targets allocated from
the ratings of the 12 months before), sees the progress per department, changes a department's
target, is refused a campaign ending before it starts, deletes a planned one, and sees the margin
of error achieved by a campaign that ended; a supervisor sees only the rows of their department
and no forms; an employee is refused.

The page works on the real office clock: the campaigns' dates below are computed from today.
The expected margins are the published ones (±9,8 pp for 100 answers at 95 %, ±3,1 pp for 1 000).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from accounts.service import CurrentUser
from services import campaigns as service
from storage import users
from storage.db import now
from tests.apptest.driver import FORBIDDEN, form, screen_text, submit, widget
from tests.apptest.test_people import open_as
from tests.seeding import add_ratings

PAGE = "kampanie"
TODAY = now().date()
MIDNIGHT = datetime.combine(TODAY, datetime.min.time())


def manager(db, office) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"]["starosta"]))


def progress_table(at) -> list[dict]:
    """The per-department table of the chosen campaign (the second table; the first lists campaigns)."""
    return at.dataframe[1].value.to_dict("records")


def define(db, office, name, start, end, **fields):
    values = {"margin": 0.05, "confidence": 0.95} | fields
    return service.create(db, manager(db, office), name=name, start=start, end=end, **values)


def test_management_defines_a_campaign_and_sees_its_progress(db, office):
    km, gk = office["departments"]["KM"], office["departments"]["GK"]
    add_ratings(db, km, MIDNIGHT - timedelta(days=40), [5] * 30)  # the 12 months before: 3 : 1
    add_ratings(db, gk, MIDNIGHT - timedelta(days=40), [4] * 10)
    at = open_as(db, office, "starosta", PAGE)
    assert not at.exception
    assert "Nie określono jeszcze żadnej kampanii." in screen_text(at)
    new = form(at, "campaign_new")
    widget(new, "text_input", "Nazwa kampanii").input("Badanie satysfakcji – bieżące")
    widget(new, "date_input", "Początek").set_value(TODAY)
    widget(new, "date_input", "Koniec (włącznie)").set_value(TODAY + timedelta(days=9))
    widget(new, "selectbox", "Margines błędu").set_value(0.05)
    widget(new, "selectbox", "Poziom ufności").set_value(0.95)
    at = submit(at, "campaign_new", "Utwórz kampanię")
    assert not at.error, [e.value for e in at.error]
    assert "Utworzono kampanię." in screen_text(at)
    [row] = db.query_dicts("SELECT name, start_date, end_date, margin, confidence FROM survey_campaigns")
    assert row == {
        "name": "Badanie satysfakcji – bieżące",
        "start_date": TODAY,
        "end_date": TODAY + timedelta(days=9),
        "margin": 0.05,
        "confidence": 0.95,
    }
    add_ratings(db, km, MIDNIGHT, [5] * 12)  # answers of the campaign so far
    add_ratings(db, gk, MIDNIGHT, [3] * 5, channel="qr")
    at = at.run()
    text = screen_text(at)
    assert "trwa" in at.dataframe[0].value.to_dict("records")[0].values()
    assert "(wymaga 385 odpowiedzi ogółem)" in text
    assert "Pozostało dni: 10." in text
    assert "Razem: 17 z 385" in text
    # 385 split 30 : 10 -> 288.75 and 96.25
    assert progress_table(at) == [
        {
            "Wydział": "Wydział Geodezji i Kartografii",
            "Odpowiedzi": "5 z 96",
            "Osiągnięto": "5,2%",
            "Postęp": 5,
        },
        {"Wydział": "Wydział Komunikacji", "Odpowiedzi": "12 z 289", "Osiągnięto": "4,2%", "Postęp": 4},
    ]


def test_management_changes_a_department_target(db, office):
    km = office["departments"]["KM"]
    campaign_id = define(db, office, "Bieżąca", TODAY, TODAY + timedelta(days=9))
    at = open_as(db, office, "starosta", PAGE)
    targets = form(at, f"campaign_targets_{campaign_id}")
    widget(targets, "number_input", "Wydział Komunikacji").set_value(250)
    at = submit(at, f"campaign_targets_{campaign_id}", "Zapisz cele")
    assert not at.error, [e.value for e in at.error]
    assert "Zapisano cele wydziałów." in screen_text(at)
    assert service.get(db, campaign_id).targets[km] == 250
    assert "0 z 250" in [row["Odpowiedzi"] for row in progress_table(at)]
    entry = db.query_dicts(
        "SELECT actor, action FROM audit_log WHERE entity = 'survey_campaign' ORDER BY happened_at"
    )
    assert entry == [{"actor": "starosta", "action": "create"}, {"actor": "starosta", "action": "update"}]


def test_a_new_margin_allocates_the_targets_again_and_the_form_shows_them(db, office):
    campaign_id = define(db, office, "Bieżąca", TODAY, TODAY + timedelta(days=9))
    at = open_as(db, office, "starosta", PAGE)
    form_id = f"campaign_targets_{campaign_id}"
    assert sum(field.value for field in form(at, form_id).number_input) == 385
    edit = form(at, f"campaign_edit_{campaign_id}")
    widget(edit, "text_input", "Nazwa kampanii").input("Bieżąca, dokładniej")
    widget(edit, "selectbox", "Margines błędu").set_value(0.03)
    at = submit(at, f"campaign_edit_{campaign_id}", "Zapisz zmiany")
    assert not at.error, [e.value for e in at.error]
    assert "Zapisano zmiany kampanii." in screen_text(at)
    campaign = service.get(db, campaign_id)
    assert (campaign.name, campaign.margin, campaign.target_total) == ("Bieżąca, dokładniej", 0.03, 1068)
    assert sum(field.value for field in form(at, form_id).number_input) == 1068  # not the old 385
    assert "(wymaga 1\u00a0068 odpowiedzi ogółem)" in screen_text(at)  # Polish digit grouping


def test_a_campaign_ending_before_it_starts_is_refused(db, office):
    at = open_as(db, office, "starosta", PAGE)
    new = form(at, "campaign_new")
    widget(new, "text_input", "Nazwa kampanii").input("Odwrotnie")
    widget(new, "date_input", "Początek").set_value(TODAY + timedelta(days=10))
    widget(new, "date_input", "Koniec (włącznie)").set_value(TODAY + timedelta(days=1))
    at = submit(at, "campaign_new", "Utwórz kampanię")
    assert [e.value for e in at.error] == ["Data zakończenia nie może być wcześniejsza niż data rozpoczęcia."]
    assert db.scalar("SELECT count(*) FROM survey_campaigns") == 0


def test_a_planned_campaign_is_deleted_after_confirmation(db, office):
    campaign_id = define(db, office, "Jesień", TODAY + timedelta(days=30), TODAY + timedelta(days=60))
    at = open_as(db, office, "starosta", PAGE)
    assert "Rozpocznie się" in screen_text(at)
    at = submit(at, f"campaign_delete_{campaign_id}", "Usuń kampanię")
    assert [e.value for e in at.error] == ["Zaznacz potwierdzenie, aby usunąć kampanię."]
    form(at, f"campaign_delete_{campaign_id}").checkbox[0].check()
    at = submit(at, f"campaign_delete_{campaign_id}", "Usuń kampanię")
    assert not at.exception
    assert "Usunięto kampanię „Jesień”." in screen_text(at)
    assert service.get(db, campaign_id) is None


def test_an_ended_campaign_shows_the_margin_of_error_achieved(db, office):
    km, gk = office["departments"]["KM"], office["departments"]["GK"]
    start = TODAY - timedelta(days=40)
    campaign_id = define(db, office, "Zakończona", start, start + timedelta(days=9))
    campaign = service.get(db, campaign_id)
    at_start = datetime.combine(start, datetime.min.time())
    add_ratings(db, km, at_start, [5] * 1000)  # 1 000 minutes: within the first day
    add_ratings(db, gk, at_start + timedelta(days=1), [4] * 100)
    at = open_as(db, office, "starosta", PAGE)
    assert not at.exception
    text = screen_text(at)
    assert "zakończona" in text
    # 1 100 answers at 95 %: 1.96 · √(0.25 / 1100) = 2.95 pp; the target 385 met
    assert "Osiągnięty margines błędu: **±3,0 pp** (zakładano ±5 pp) – cel ogólny osiągnięty." in text
    rows = {row["Wydział"]: row for row in progress_table(at)}
    assert rows["Wydział Komunikacji"]["Margines błędu"] == "±3,1 pp"  # the poll's "1 000 answers: ±3.1"
    assert rows["Wydział Komunikacji"]["Cel osiągnięty"] == "tak"
    assert rows["Wydział Komunikacji"]["Postęp"] == 100  # the bar stops full; the text says how far
    assert rows["Wydział Geodezji i Kartografii"]["Margines błędu"] == "±9,8 pp"
    assert campaign.targets[gk] in (192, 193)  # no ratings before: 385 in equal shares
    assert rows["Wydział Geodezji i Kartografii"]["Cel osiągnięty"] == "nie"


def test_a_supervisor_sees_only_their_departments_rows_and_no_forms(db, office):
    km, gk = office["departments"]["KM"], office["departments"]["GK"]
    campaign_id = define(db, office, "Bieżąca", TODAY, TODAY + timedelta(days=9))
    add_ratings(db, km, MIDNIGHT, [5] * 7)
    add_ratings(db, gk, MIDNIGHT, [5] * 3)
    at = open_as(db, office, "kierownik.km", PAGE)
    assert not at.exception
    target = service.get(db, campaign_id).targets[km]
    assert [row["Wydział"] for row in progress_table(at)] == ["Wydział Komunikacji"]
    assert progress_table(at)[0]["Odpowiedzi"] == f"7 z {target}"
    assert f"Razem: 7 z {target}" in screen_text(at)
    assert not at.get("form")  # no definition, no targets, no deletion
    assert not [e for e in at.expander if e.label in ("Nowa kampania", "Zmień kampanię", "Cele wydziałów")]


def test_an_employee_is_refused(db, office):
    at = open_as(db, office, "kowalska", PAGE)
    assert FORBIDDEN in screen_text(at)


def test_the_start_page_shows_the_running_campaigns_progress_in_the_users_scope(db, office):
    km, gk = office["departments"]["KM"], office["departments"]["GK"]
    campaign_id = define(db, office, "Jesienne badanie", TODAY - timedelta(days=2), TODAY + timedelta(days=2))
    add_ratings(db, km, MIDNIGHT, [5] * 7)
    add_ratings(db, gk, MIDNIGHT, [4] * 3)
    targets = service.get(db, campaign_id).targets
    office_wide = open_as(db, office, "starosta", "start")
    assert (
        f"Trwa kampania „Jesienne badanie”: 10 z {targets[km] + targets[gk]} odpowiedzi, do końca 3 dni."
        in screen_text(office_wide)
    )
    supervisor = open_as(db, office, "kierownik.km", "start")
    assert f"Trwa kampania „Jesienne badanie”: 7 z {targets[km]} odpowiedzi" in screen_text(supervisor)
    assert "Trwa kampania" not in screen_text(open_as(db, office, "kowalska", "start"))


def test_the_start_page_says_nothing_of_a_campaign_that_has_not_started(db, office):
    define(db, office, "Wiosenne badanie", TODAY + timedelta(days=5), TODAY + timedelta(days=30))
    assert "Trwa kampania" not in screen_text(open_as(db, office, "starosta", "start"))
