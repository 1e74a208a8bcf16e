"""Survey campaigns (services/campaigns.py): validation with Polish messages, scopes per role,
the audit entries, the allocation of the target over departments (worked by hand: Hamilton's
largest-remainder method), and the progress counts against plain SQL on seeded ratings."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from accounts.service import CurrentUser
from services import audit_trail
from services import campaigns as service
from services.campaigns import CampaignError
from services.organisation import InputError
from storage import audit, users
from tests.seeding import add_ratings

TODAY = date(2027, 3, 10)
MARCH = {"start": date(2027, 3, 1), "end": date(2027, 3, 31)}


def user(db, office, login) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"][login]))


def define(db, office, login="starosta", **fields):
    values = {
        "name": "Badanie satysfakcji – marzec 2027",
        **MARCH,
        "margin": 0.05,
        "confidence": 0.95,
        "yearly_clients": None,
    } | fields
    return service.create(db, user(db, office, login), **values)


def audit_entries(db, campaign_id) -> list[dict]:
    return db.query_dicts(
        "SELECT actor, action, before, after FROM audit_log WHERE entity = 'survey_campaign' "
        "AND entity_id = ? ORDER BY happened_at",
        [str(campaign_id)],
    )


# --- allocation, worked by hand ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (10, {"a": 5, "b": 3, "c": 2}, {"a": 5, "b": 3, "c": 2}),  # exact quotas
        (7, {"a": 5, "b": 3, "c": 2}, {"a": 4, "b": 2, "c": 1}),  # 3.5, 2.1, 1.4: a has the largest remainder
        (10, {"a": 98, "b": 1, "c": 1}, {"a": 8, "b": 1, "c": 1}),  # 0.1 each raised to 1, a gets the rest
        (6, {"a": 0, "b": 0, "c": 0}, {"a": 2, "b": 2, "c": 2}),  # no ratings: equal shares
    ],
)
def test_allocation_by_largest_remainders_with_at_least_one_each(total, weights, expected):
    assert service.allocate(total, weights) == expected


@pytest.mark.parametrize("total", [385, 370, 97, 1068])
def test_allocation_always_sums_to_the_total(total):
    weights = {f"d{i}": w for i, w in enumerate([0, 1, 7, 13, 250, 4_000, 33, 0, 2])}
    shares = service.allocate(total, weights)
    assert sum(shares.values()) == total and min(shares.values()) >= 1


def test_allocation_refuses_a_total_below_the_number_of_departments():
    with pytest.raises(CampaignError, match="co najmniej jednej odpowiedzi"):
        service.allocate(2, {"a": 1, "b": 1, "c": 1})


def test_targets_follow_the_departments_ratings_of_the_12_months_before_the_start(db, office):
    km, gk = office["departments"]["KM"], office["departments"]["GK"]
    add_ratings(db, km, datetime(2026, 3, 1, 9), [5] * 30)  # the first day of the 12 months
    add_ratings(db, gk, datetime(2027, 2, 28, 9), [4] * 10)  # the day before the start
    add_ratings(db, gk, datetime(2026, 2, 28, 9), [4] * 50)  # before the 12 months
    add_ratings(db, gk, datetime(2027, 3, 1, 9), [4] * 50)  # the campaign itself
    add_ratings(db, gk, datetime(2026, 6, 1, 9), [1] * 50, burst=True)  # a burst never approved
    campaign = service.get(db, define(db, office))
    # 385 answers split 30 : 10 -> 288.75 and 96.25
    assert campaign.targets == {km: 289, gk: 96}
    assert campaign.target_total == 385 == campaign.required


def test_without_earlier_ratings_the_departments_share_equally(db, office):
    campaign = service.get(db, define(db, office, margin=0.10, confidence=0.90))  # 67.6 -> 68 answers
    assert sorted(campaign.targets.values()) == [34, 34]


def test_the_yearly_number_of_clients_lowers_the_target(db, office):
    campaign = service.get(db, define(db, office, yearly_clients=10_000))
    assert campaign.target_total == 370 and campaign.yearly_clients == 10_000


# --- definition, validation, audit ----------------------------------------------------------------


def test_management_defines_a_campaign_stored_as_given_and_audited(db, office):
    campaign_id = define(db, office, name="  Badanie satysfakcji – marzec 2027 ")
    campaign = service.get(db, campaign_id)
    assert (campaign.name, campaign.start, campaign.end) == (
        "Badanie satysfakcji – marzec 2027",
        date(2027, 3, 1),
        date(2027, 3, 31),
    )
    assert (campaign.margin, campaign.confidence, campaign.created_by) == (0.05, 0.95, "starosta")
    [entry] = audit_entries(db, campaign_id)
    assert (entry["actor"], entry["action"], entry["before"]) == ("starosta", "create", None)
    after = json.loads(entry["after"])
    assert after["name"] == "Badanie satysfakcji – marzec 2027" and after["start_date"] == "2027-03-01"
    assert sorted(after["targets"]) == after["targets"] and len(after["targets"]) == 2
    assert sum(int(line.split(": ")[1]) for line in after["targets"]) == 385  # "GK: 193", "KM: 192"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"end": date(2027, 2, 28)}, "Data zakończenia nie może być wcześniejsza"),
        ({"name": "  "}, "Pole „Nazwa” jest wymagane"),
        ({"name": "AB"}, "co najmniej 3 znaki"),
        ({"margin": 0.07}, "Wybierz margines błędu"),
        ({"confidence": 0.8}, "Wybierz poziom ufności"),
        ({"yearly_clients": 0}, "Roczna liczba klientów"),
        ({"yearly_clients": 10_000_001}, "Roczna liczba klientów"),
        ({"start": None}, "Podaj datę rozpoczęcia"),
    ],
)
def test_bad_input_is_refused_in_polish(db, office, fields, message):
    with pytest.raises(InputError, match=message):
        define(db, office, **fields)
    assert db.scalar("SELECT count(*) FROM survey_campaigns") == 0


def test_overlapping_campaigns_are_refused(db, office):
    define(db, office)
    with pytest.raises(CampaignError, match="pokrywa się z kampanią „Badanie satysfakcji – marzec 2027”"):
        define(db, office, name="Druga", start=date(2027, 3, 31), end=date(2027, 4, 30))
    define(db, office, name="Kwiecień", start=date(2027, 4, 1), end=date(2027, 4, 30))  # the day after: fine


def test_a_name_used_twice_is_refused_whatever_the_letter_case(db, office):
    define(db, office)
    with pytest.raises(CampaignError, match="już istnieje"):
        define(
            db,
            office,
            name="BADANIE SATYSFAKCJI – MARZEC 2027",
            start=date(2027, 9, 1),
            end=date(2027, 9, 30),
        )


@pytest.mark.parametrize("login", ["kierownik.km", "kowalska", "admin"])
def test_only_management_defines_edits_and_deletes(db, office, login):
    with pytest.raises(CampaignError, match="tylko kierownictwo"):
        define(db, office, login=login)
    campaign_id = define(db, office)
    someone = user(db, office, login)
    with pytest.raises(CampaignError, match="tylko kierownictwo"):
        service.set_target(db, someone, campaign_id, office["departments"]["KM"], 5)
    with pytest.raises(CampaignError, match="tylko kierownictwo"):
        service.delete(db, someone, campaign_id, TODAY)


def test_scopes_management_all_supervisor_own_departments_employee_none(db, office):
    assert service.visible_departments(user(db, office, "starosta")) is None
    assert service.visible_departments(user(db, office, "kierownik.km")) == (office["departments"]["KM"],)
    with pytest.raises(CampaignError):
        service.visible_departments(user(db, office, "kowalska"))


@pytest.mark.parametrize("target", [0, -3, 1_000_001, 2.5, True])
def test_a_department_target_below_1_or_absurd_is_refused(db, office, target):
    campaign_id = define(db, office)
    with pytest.raises(CampaignError, match="od 1 do 1"):
        service.set_target(db, user(db, office, "starosta"), campaign_id, office["departments"]["KM"], target)


def test_management_changes_a_department_target_the_total_follows_and_it_is_audited(db, office):
    km, gk = office["departments"]["KM"], office["departments"]["GK"]
    campaign_id = define(db, office)
    before = service.get(db, campaign_id).targets
    service.set_target(db, user(db, office, "starosta"), campaign_id, km, 250)
    campaign = service.get(db, campaign_id)
    assert campaign.targets == {km: 250, gk: before[gk]}
    assert campaign.target_total == 250 + before[gk]
    entry = audit_entries(db, campaign_id)[-1]
    assert entry["action"] == "update"
    assert f"KM: {before[km]}" in json.loads(entry["before"])["targets"]
    assert json.loads(entry["after"])["targets"] == [f"GK: {before[gk]}", "KM: 250"]


def test_renaming_keeps_the_targets_a_new_margin_allocates_again(db, office):
    km = office["departments"]["KM"]
    manager = user(db, office, "starosta")
    campaign_id = define(db, office)
    service.set_target(db, manager, campaign_id, km, 300)
    settings = {**MARCH, "margin": 0.05, "confidence": 0.95, "yearly_clients": None}
    service.update(db, manager, campaign_id, name="Marzec 2027", **settings)
    campaign = service.get(db, campaign_id)
    assert campaign.name == "Marzec 2027" and campaign.targets[km] == 300
    service.update(db, manager, campaign_id, name="Marzec 2027", **(settings | {"margin": 0.03}))
    assert service.get(db, campaign_id).target_total == 1068
    assert [e["action"] for e in audit_entries(db, campaign_id)] == ["create", "update", "update", "update"]


def test_an_edit_may_not_overlap_another_campaign(db, office):
    manager = user(db, office, "starosta")
    define(db, office)
    september = define(db, office, name="Wrzesień", start=date(2027, 9, 1), end=date(2027, 9, 30))
    with pytest.raises(CampaignError, match="pokrywa się"):
        service.update(
            db, manager, september, name="Wrzesień", start=date(2027, 3, 15), end=date(2027, 9, 30),
            margin=0.05, confidence=0.95,
        )  # fmt: skip


def test_delete_only_before_the_start_audited(db, office):
    manager = user(db, office, "starosta")
    running = define(db, office)
    planned = define(db, office, name="Wrzesień", start=date(2027, 9, 1), end=date(2027, 9, 30))
    with pytest.raises(CampaignError, match="jeszcze się nie rozpoczęła"):
        service.delete(db, manager, running, TODAY)
    service.delete(db, manager, planned, TODAY)
    assert service.get(db, planned) is None
    assert db.scalar("SELECT count(*) FROM survey_campaign_targets WHERE campaign_id = ?", [planned]) == 0
    assert audit_entries(db, planned)[-1]["action"] == "delete"
    with pytest.raises(CampaignError, match="nie istnieje"):
        service.delete(db, manager, planned, TODAY)


# --- states, order, previous -----------------------------------------------------------------


def test_states_listing_running_and_previous(db, office):
    march_2026 = define(db, office, name="Marzec 2026", start=date(2026, 3, 1), end=date(2026, 3, 31))
    september = define(db, office, name="Wrzesień 2026", start=date(2026, 9, 1), end=date(2026, 9, 30))
    march = define(db, office)
    later = define(db, office, name="Wrzesień 2027", start=date(2027, 9, 1), end=date(2027, 9, 30))
    assert [c.id for c in service.list_campaigns(db)] == [later, march, september, march_2026]
    states = {c.id: service.state(c, TODAY) for c in service.list_campaigns(db)}
    assert states == {later: "planned", march: "running", september: "ended", march_2026: "ended"}
    assert service.running(db, TODAY).id == march
    assert service.running(db, date(2027, 4, 1)) is None
    assert service.previous(db, service.get(db, march)).id == september
    assert service.previous(db, service.get(db, march_2026)) is None
    assert service.days_left(service.get(db, march), TODAY) == 22  # 10th to 31st March, both included
    assert service.state(service.get(db, march), date(2027, 3, 31)) == "running"  # end inclusive


# --- progress against plain SQL --------------------------------------------------------------------

ORACLE = """
SELECT department_id, count(*) FROM client_ratings
WHERE CAST(created_at AS DATE) BETWEEN ? AND ? AND (burst = FALSE OR burst_review = 'approved')
GROUP BY department_id
"""


def seed_march(db, office):
    km, gk = office["departments"]["KM"], office["departments"]["GK"]
    add_ratings(db, km, datetime(2027, 3, 1, 0, 0), [5] * 12)  # from the first minute
    add_ratings(db, km, datetime(2027, 3, 31, 23, 50), [4] * 9)  # to the last minutes of the last day
    add_ratings(db, km, datetime(2027, 3, 5, 10), [3] * 4, channel="qr")
    add_ratings(db, gk, datetime(2027, 3, 20, 12), [2] * 7, channel="papier")
    add_ratings(db, gk, datetime(2027, 3, 21, 12), [1] * 6, burst=True)  # not counted until approved
    add_ratings(db, gk, datetime(2027, 3, 22, 12), [1] * 3, burst=True, burst_review="approved")
    add_ratings(db, None, datetime(2027, 3, 8, 12), [5] * 2)  # the client named no department
    add_ratings(db, km, datetime(2027, 2, 28, 23, 55), [5] * 5)  # the day before, to 23:59
    add_ratings(db, gk, datetime(2027, 4, 1, 0, 0), [5] * 5)  # the day after


def test_progress_counts_equal_plain_sql(db, office):
    km, gk = office["departments"]["KM"], office["departments"]["GK"]
    seed_march(db, office)
    campaign = service.get(db, define(db, office))
    expected = dict(db.query(ORACLE, [MARCH["start"], MARCH["end"]]))
    rows = service.progress(db, campaign)
    assert {row.department_id: row.answers for row in rows} == expected
    assert expected == {km: 25, gk: 10, None: 2}  # the seeding above, counted by hand
    by_id = {row.department_id: row for row in rows}
    assert by_id[km].department_name == "Wydział Komunikacji" and by_id[km].target == campaign.targets[km]
    assert by_id[None].target == 0
    total = service.total(rows)
    assert (total.answers, total.target) == (37, 385)


def test_a_supervisor_sees_only_the_rows_of_their_departments(db, office):
    km = office["departments"]["KM"]
    seed_march(db, office)
    campaign = service.get(db, define(db, office))
    scope = service.visible_departments(user(db, office, "kierownik.km"))
    rows = service.progress(db, campaign, scope)
    assert [(row.department_id, row.answers) for row in rows] == [(km, 25)]
    assert service.total(rows).target == campaign.targets[km]


def test_reached_met_and_the_achieved_margin(db, office):
    campaign = service.get(db, define(db, office, yearly_clients=10_000))
    row = service.DepartmentProgress(None, "", 385, 212)
    assert row.reached == pytest.approx(212 / 385) and not row.met
    assert service.DepartmentProgress(None, "", 10, 10).met
    assert service.achieved_margin(campaign, 0, overall=True) is None
    # 370 answers of 10 000 clients at 95 %: the FPC's own target, so within ±5 pp overall
    assert service.achieved_margin(campaign, 370, overall=True) == pytest.approx(0.05, abs=0.0001)
    assert service.achieved_margin(campaign, 370, overall=False) == pytest.approx(0.0509, abs=0.0001)


def test_the_audit_screen_reads_a_campaign_change_in_polish(db, office):
    km = office["departments"]["KM"]
    campaign_id = define(db, office)
    service.set_target(db, user(db, office, "starosta"), campaign_id, km, 250)
    [change, creation] = audit_trail.describe(db, audit.entries(db, entity="survey_campaign"), "pl")
    assert (creation.action, change.action) == ("utworzenie", "zmiana")
    assert creation.subject.startswith("kampania badania satysfakcji")
    assert "margines błędu: ±5 pp" in creation.details and "początek: 01.03.2027" in creation.details
    [targets] = [line for line in change.details if line.startswith("cele wydziałów: ")]
    assert targets.endswith("→ GK: 193, KM: 250") or targets.endswith("→ GK: 192, KM: 250")
