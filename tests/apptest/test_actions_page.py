"""The improvement actions page under AppTest, per role: management raises and closes an
action, a supervisor sees only their departments, an employee is refused by URL; the dashboard
link's parameters pre-fill the new action, and a forged department in them is ignored. A source's
link (an observation's item not met, a client's comment or case, a conversation) pre-fills the
department, standard, item and employee and keeps the source; a missing or foreign one is ignored
with a notice. Closed actions show their effectiveness; the observation screens and moderation
offer the links; the home page shows overdue actions, the dashboard their counts."""

from __future__ import annotations

import uuid
from datetime import timedelta
from urllib.parse import parse_qsl

from accounts.permissions import PAGE_ROLES
from analytics import effectiveness
from checklists.loading import current_checklists
from services import actions as service
from services import observation_plan
from storage.db import now
from tests.apptest.driver import FORBIDDEN, form, screen_text, submit, widget
from tests.apptest.test_people import open_as, user
from tests.seeding import add_observation
from tests.unit.test_actions import client_case, client_comment, conversation

CHECKLISTS = current_checklists()
STANDARD = CHECKLISTS.standards[0]
PAGE = "dzialania"


def raise_action(db, office, department: str, title: str, owner: str) -> None:
    service.create(
        db,
        CHECKLISTS,
        user(db, office, "starosta"),
        department_id=office["departments"][department],
        title=title,
        reason="Z obserwacji.",
        owner_id=office["accounts"][owner],
        due_date=now().date() + timedelta(days=7),
    )


def shown_titles(at) -> set[str]:
    frames = [frame.value for frame in at.dataframe]
    return set(frames[0]["Co zrobić"]) if frames else set()


def status_of(db, title: str) -> tuple:
    return db.query("SELECT status, closing_note FROM improvement_actions WHERE title = ?", [title])[0]


def action_form(at, prefix: str):
    """The form of the chosen action whose id starts with `prefix` (its id ends with the action's)."""
    return next(f for f in at.get("form") if f.proto.form.form_id.startswith(prefix))


def choose_the_action(at, db):
    action_id = db.query("SELECT id FROM improvement_actions")[0][0]
    return widget(at, "selectbox", "Działanie").set_value(action_id).run()


def test_every_role_that_sees_the_heat_map_may_open_the_actions_page():
    assert (
        PAGE_ROLES["dashboard"] <= PAGE_ROLES["actions"]
    )  # so the drill-down's link never leads to a refusal


def test_management_raises_and_closes_an_action(db, office):
    at = open_as(db, office, "starosta", PAGE)
    assert "Otwarte: 0 · Po terminie: 0 · Zamknięte w tym kwartale: 0" in screen_text(at)
    at.selectbox(key="action_department").set_value(office["departments"]["GK"]).run()
    new = form(at, "new_action")
    new.text_input[0].input("Ujednolicić powitanie klienta")
    new.text_area[0].input("Słaby wynik standardu w tym kwartale.")
    owner = widget(new, "selectbox", "Odpowiedzialny")
    assert set(owner.options) == {"Kierownik GK", "Starosta"}  # management and GK's supervisor only
    owner.set_value(office["accounts"]["kierownik.gk"])
    at = submit(at, "new_action", "Zapisz działanie")
    assert not at.error, [e.value for e in at.error]
    assert "Zapisano działanie „Ujednolicić powitanie klienta”." in screen_text(at)
    assert shown_titles(at) == {"Ujednolicić powitanie klienta"}
    assert "Otwarte: 1 · Po terminie: 0" in screen_text(at)

    at = choose_the_action(at, db)
    change = action_form(at, "action_change_")
    widget(change, "selectbox", "Status").set_value("in_progress")
    at = submit(at, change.proto.form.form_id, "Zapisz")
    assert "Zapisano zmiany działania." in screen_text(at)
    assert status_of(db, "Ujednolicić powitanie klienta") == ("in_progress", None)

    at = choose_the_action(at, db)
    closing = action_form(at, "action_close_")
    at = submit(at, closing.proto.form.form_id, "Zamknij działanie")  # no note: refused
    assert "Pole „Notatka zamknięcia” jest wymagane." in [e.value for e in at.error]
    closing = action_form(at, "action_close_")
    closing.text_area[0].input("Szkolenie stanowiskowe przeprowadzone.")
    at = submit(at, closing.proto.form.form_id, "Zamknij działanie")
    assert "Działanie zamknięte." in screen_text(at)
    assert status_of(db, "Ujednolicić powitanie klienta") == (
        "closed",
        "Szkolenie stanowiskowe przeprowadzone.",
    )
    assert "Otwarte: 0 · Po terminie: 0 · Zamknięte w tym kwartale: 1" in screen_text(at)


def test_a_supervisor_sees_and_raises_only_in_their_departments(db, office):
    raise_action(db, office, "KM", "Działanie w KM", "kierownik.km")
    raise_action(db, office, "GK", "Działanie w GK", "kierownik.gk")
    at = open_as(db, office, "kierownik.km", PAGE)
    assert not at.exception
    assert shown_titles(at) == {"Działanie w KM"}
    assert at.selectbox(key="action_department").options == ["Wydział Komunikacji"]
    assert "Otwarte: 1" in screen_text(at)


def test_the_status_filter_and_only_mine(db, office):
    raise_action(db, office, "KM", "Moje", "kierownik.km")
    raise_action(db, office, "KM", "Zarządu", "starosta")
    at = open_as(db, office, "kierownik.km", PAGE)
    assert shown_titles(at) == {"Moje", "Zarządu"}
    at.toggle[0].set_value(True).run()
    assert shown_titles(at) == {"Moje"}
    widget(at, "selectbox", "Status").set_value("closed").run()
    assert shown_titles(at) == set() and "Brak działań do pokazania." in screen_text(at)


def test_the_owners_overdue_actions_are_shown_first_in_red(db, office):
    raise_action(db, office, "KM", "Przeterminowane [pilne](http://zly.example)", "kierownik.km")
    db.write(lambda c: c.execute("UPDATE improvement_actions SET due_date = current_date - 3"))
    at = open_as(db, office, "kierownik.km", PAGE)
    assert at.error and at.error[0].value.startswith("Twoje działania po terminie (1):")
    # typed by staff, shown literally: the Markdown link is escaped, never a link
    assert r"Przeterminowane \[pilne\](" in at.error[0].value and "(Wydział Komunikacji)" in at.error[0].value
    assert "Po terminie: 1" in screen_text(at)
    assert not open_as(db, office, "kierownik.gk", PAGE).error  # not theirs, not shown to them


def test_an_employee_cannot_open_the_page_by_url(db, office):
    at = open_as(db, office, "kowalska", PAGE)
    assert FORBIDDEN in [e.value for e in at.error]
    assert not at.get("form")


def test_the_dashboard_link_prefills_a_heat_map_action(db, office):
    at = open_as(
        db, office, "kierownik.km", PAGE, wydzial="KM", standard=STANDARD.id, okres="01.09.2026–20.11.2026"
    )
    assert not at.warning
    assert at.selectbox(key="action_department").value == office["departments"]["KM"]
    assert at.selectbox(key="action_standard").value == STANDARD.id
    # the period from the URL is shown as text (the escape keeps "01." from starting a numbered list)
    assert r"Działanie dla pola mapy cieplnej, okres 01\.09.2026–20.11.2026." in screen_text(at)
    new = form(at, "new_action")
    new.text_input[0].input("Poprawić standard w KM")
    new.text_area[0].input("Słabe pole mapy cieplnej.")
    widget(new, "selectbox", "Odpowiedzialny").set_value(office["accounts"]["kierownik.km"])
    at = submit(at, "new_action", "Zapisz działanie")
    assert not at.error, [e.value for e in at.error]
    assert db.query(
        "SELECT source_kind, source_ref, standard_id, department_id FROM improvement_actions"
    ) == [("heatmap_cell", "01.09.2026–20.11.2026", STANDARD.id, office["departments"]["KM"])]
    # the register links the cell: its period and department on the dashboard
    assert list(at.dataframe[0].value["Zobacz źródło"]) == ["/pulpit?od=2026-09-01&do=2026-11-20&dzialy=KM"]


def test_a_forged_department_in_the_link_is_ignored_with_a_warning(db, office):
    at = open_as(db, office, "kierownik.km", PAGE, wydzial="GK", standard=STANDARD.id)
    assert [w.value for w in at.warning] == [
        "Wydział z odnośnika nie należy do Twoich wydziałów – pominięto go."
    ]
    assert at.selectbox(key="action_department").value is None
    assert at.selectbox(key="action_standard").value == STANDARD.id


def test_the_heat_map_drill_down_links_to_a_prefilled_action(db, office):
    """One observation of KM: the drill-down opens its only cell and offers the link with that
    cell's department code, standard and the dashboard's period."""
    item = STANDARD.items[0]
    add_observation(
        db,
        department=office["departments"]["KM"],
        employee=office["employees"]["kowalska"],
        observer=office["accounts"]["kierownik.km"],
        at=now() - timedelta(days=2),
        answers={item.id: "nie"},
    )
    at = open_as(db, office, "starosta", "pulpit")
    assert not at.exception
    start, end = at.date_input(key="dash_range").value
    [link] = [e.proto for e in at.get("page_link") if e.proto.label == "Zaplanuj działanie dla tego pola"]
    assert link.page == PAGE
    period = f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"
    assert dict(parse_qsl(link.query_string)) == {"wydzial": "KM", "standard": STANDARD.id, "okres": period}


# --- raised from a source: ?zrodlo=…&ref=… with the department, standard, item and employee ----

CRITICAL = next(item for item in STANDARD.items if item.critical)
PLAIN = next(item for item in STANDARD.items if not item.critical)


def observe(db, office, employee: str, *, days_ago: float, not_met: tuple) -> uuid.UUID:
    """A sent observation of `employee` of KM by KM's supervisor on the first standard: every item
    "tak" except `not_met` (a critical one with the comment the app requires)."""
    return add_observation(
        db,
        department=office["departments"]["KM"],
        employee=office["employees"][employee],
        observer=office["accounts"]["kierownik.km"],
        at=now() - timedelta(days=days_ago, minutes=5),
        answers={item.id: "nie" if item.id in not_met else "tak" for item in STANDARD.items},
        comments={item_id: "Klient oceniony przy innych." for item_id in not_met},
    )


def observation_link(db, office, observation_id, **changes) -> dict:
    return {
        "wydzial": "KM",
        "standard": STANDARD.id,
        "pozycja": CRITICAL.id,
        "pracownik": str(office["employees"]["kowalska"]),
        "zrodlo": "obserwacja",
        "ref": str(observation_id),
    } | changes


def save_new_action(at, office, title: str, owner: str = "kierownik.km", reason: str | None = None):
    """Save the new action with this title and owner, and the reason as pre-filled unless given."""
    new = form(at, "new_action")
    new.text_input[0].input(title)
    if reason is not None:
        new.text_area[0].input(reason)
    widget(new, "selectbox", "Odpowiedzialny").set_value(office["accounts"][owner])
    return submit(at, "new_action", "Zapisz działanie")


def stored_action(db) -> dict:
    [row] = db.query_dicts(
        "SELECT source_kind, source_ref, department_id, standard_id, item_id, employee_id, reason "
        "FROM improvement_actions"
    )
    return row


def test_an_observations_link_prefills_everything_and_keeps_the_source(db, office):
    observation_id = observe(db, office, "kowalska", days_ago=2, not_met=(CRITICAL.id,))
    at = open_as(db, office, "kierownik.km", PAGE, **observation_link(db, office, observation_id))
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert at.selectbox(key="action_department").value == office["departments"]["KM"]
    assert at.selectbox(key="action_standard").value == STANDARD.id
    assert at.selectbox(key=f"action_item_{STANDARD.id}").value == CRITICAL.id
    employee_box = at.selectbox(key=f"action_employee_{office['departments']['KM']}")
    assert employee_box.value == office["employees"]["kowalska"]
    observed = (now() - timedelta(days=2, minutes=5)).strftime("%d.%m.%Y")
    assert f"Działanie z obserwacji z {observed}." in screen_text(at)
    at = save_new_action(at, office, "Omówić powitanie z pracownicą")
    assert not at.error, [e.value for e in at.error]
    row = stored_action(db)
    assert (row["source_kind"], row["source_ref"]) == ("observation_item", str(observation_id))
    assert (row["standard_id"], row["item_id"], row["employee_id"]) == (
        STANDARD.id,
        CRITICAL.id,
        office["employees"]["kowalska"],
    )
    assert row["reason"].startswith(f"Działanie z obserwacji z {observed}. Pozycja niespełniona: „")
    # the register: the source as words with its date, and the employee's name
    [frame] = [f.value for f in at.dataframe]
    assert list(frame["Źródło"]) == [f"obserwacja z {observed}"]
    assert list(frame["Pracownik"]) == ["Anna Kowalska"]
    assert list(frame["Zobacz źródło"]) == [f"/obserwacja?obserwacja={observation_id}"]  # his own observation
    assert list(open_as(db, office, "starosta", PAGE).dataframe[0].value["Zobacz źródło"]) == [
        None
    ]  # not hers
    assert not at.query_params  # the next action does not come from the same observation


def test_a_missing_ref_is_ignored_with_a_notice_and_the_action_is_not_tied_to_it(db, office):
    at = open_as(db, office, "kierownik.km", PAGE, zrodlo="obserwacja", ref=str(uuid.uuid4()), wydzial="KM")
    assert [w.value for w in at.warning] == [
        "Źródło z odnośnika nie istnieje albo nie należy do Twoich wydziałów – pominięto je."
    ]
    assert at.selectbox(key="action_department").value == office["departments"]["KM"]
    at = save_new_action(at, office, "Działanie bez źródła", reason="Uwagi z obserwacji.")
    assert not at.error, [e.value for e in at.error]
    assert (stored_action(db)["source_kind"], stored_action(db)["source_ref"]) == ("other", None)


def test_a_source_outside_the_scope_is_ignored_and_gives_no_department(db, office):
    observation_id = observe(db, office, "kowalska", days_ago=1, not_met=(PLAIN.id,))
    link = observation_link(db, office, observation_id, wydzial="GK")
    at = open_as(db, office, "kierownik.gk", PAGE, **{k: v for k, v in link.items() if k != "wydzial"})
    assert "Źródło z odnośnika nie istnieje albo nie należy do Twoich wydziałów – pominięto je." in [
        w.value for w in at.warning
    ]
    assert at.selectbox(key="action_department").value is None
    assert "Działanie z obserwacji" not in screen_text(at)


def test_an_item_of_another_standard_an_employee_of_another_department_and_an_unknown_source(db, office):
    other_item = CHECKLISTS.standards[1].items[0].id
    at = open_as(
        db,
        office,
        "kierownik.km",
        PAGE,
        wydzial="KM",
        standard=STANDARD.id,
        pozycja=other_item,
        pracownik=str(office["employees"]["wisniewska"]),
        zrodlo="plotka",
    )
    assert [w.value for w in at.warning] == [
        "Nieznane źródło w odnośniku – pominięto je.",
        "Pozycja z odnośnika nie należy do standardu – pominięto ją.",
        "Pracownik z odnośnika nie należy do wydziału – pominięto go.",
    ]
    assert at.selectbox(key=f"action_item_{STANDARD.id}").value is None
    assert at.selectbox(key=f"action_employee_{office['departments']['KM']}").value is None


def test_a_client_comment_conversation_and_case_give_their_department_and_date(db, office):
    comment = client_comment(db, office, department="GK")
    at = open_as(db, office, "starosta", PAGE, zrodlo="opinia", ref=comment)
    assert not at.warning
    assert at.selectbox(key="action_department").value == office["departments"]["GK"]
    assert "Działanie z komentarza Klienta z 03.11.2026." in screen_text(at)
    at = save_new_action(at, office, "Odpowiedzieć na uwagi o czekaniu", owner="kierownik.gk")
    assert not at.error, [e.value for e in at.error]
    assert stored_action(db)["source_kind"] == "client_comment"

    talk = conversation(db, office, "nowak")
    at = open_as(db, office, "kierownik.km", PAGE, zrodlo="rozmowa", ref=talk)
    assert "Działanie z celu rozmowy okresowej z 05.10.2026." in screen_text(at)
    assert at.selectbox(key="action_department").value == office["departments"]["KM"]

    case = client_case(db, office, department="GK")
    at = open_as(db, office, "kierownik.gk", PAGE, zrodlo="sprawa", ref=case)
    assert not at.warning and "Działanie ze sprawy Klienta z 17.11.2026." in screen_text(at)
    assert open_as(db, office, "kierownik.km", PAGE, zrodlo="sprawa", ref=case).warning  # not KM's


def test_a_closed_action_shows_its_effectiveness(db, office):
    raise_action(db, office, "KM", "Poprawić powitanie", "kierownik.km")
    db.write(
        lambda c: c.execute(
            "UPDATE improvement_actions SET standard_id = ?, status = 'closed', closing_note = 'Zrobione.', "
            "created_at = ?, closed_at = ?",
            [STANDARD.id, now() - timedelta(days=60), now() - timedelta(days=30)],
        )
    )
    at = open_as(db, office, "starosta", PAGE)
    assert "Skuteczność zamkniętych działań" in [s.value for s in at.subheader]
    end = (now() - timedelta(days=30) + effectiveness.WINDOW).strftime("%d.%m.%Y")
    before = (now() - timedelta(days=150)).strftime("%d.%m.%Y")
    assert (
        f"Przed: {before}–{(now() - timedelta(days=60)).strftime('%d.%m.%Y')}: — (brak ocenionych obserwacji)  \n"
        f"Po: okno po zamknięciu trwa do {end}; dotąd: — (brak ocenionych obserwacji)  \n"
        "Ocena skuteczności: **za mało obserwacji**"
    ) in screen_text(at)


# --- offered where the finding is: an observation's items not met, a client's comment ------------


def plan_links(at) -> list:
    return [e.proto for e in at.get("page_link") if e.proto.label.startswith("Zaplanuj działanie")]


def test_an_observations_detail_offers_an_action_for_each_item_not_met(db, office):
    observation_id = observe(db, office, "kowalska", days_ago=1, not_met=(PLAIN.id, CRITICAL.id))
    at = open_as(db, office, "kierownik.km", "moje-obserwacje")
    assert not at.exception
    assert any(w.value.startswith(f"Naruszenie krytyczne: „{CRITICAL.label}”") for w in at.warning)
    critical, plain_item = plan_links(at)
    assert critical.label == "Zaplanuj działanie" and critical.page == PAGE
    assert dict(parse_qsl(critical.query_string)) == observation_link(db, office, observation_id)
    assert plain_item.label == f"Zaplanuj działanie: {PLAIN.label}"
    assert dict(parse_qsl(plain_item.query_string))["pozycja"] == PLAIN.id


def test_the_sent_observation_screen_offers_the_same(db, office):
    observation_id = observe(db, office, "kowalska", days_ago=0, not_met=(CRITICAL.id,))
    at = open_as(db, office, "kierownik.km", "obserwacja", obserwacja=str(observation_id))
    assert not at.exception
    [link] = plan_links(at)
    assert dict(parse_qsl(link.query_string)) == observation_link(db, office, observation_id)


def test_moderation_offers_an_action_for_a_clients_comment_to_management_only(db, office):
    rating_id = client_comment(db, office)
    at = open_as(db, office, "starosta", "moderacja")
    [link] = plan_links(at)
    assert dict(parse_qsl(link.query_string)) == {"zrodlo": "opinia", "ref": rating_id}
    assert not plan_links(open_as(db, office, "admin", "moderacja"))  # the actions page is not theirs


# --- overdue on the home page, counts on the dashboard -------------------------------------------


def test_the_home_page_shows_the_owners_overdue_and_due_this_week_and_managements_office_count(db, office):
    raise_action(db, office, "KM", "Spóźnione", "kierownik.km")
    raise_action(db, office, "KM", "Na ten tydzień", "kierownik.km")
    raise_action(db, office, "GK", "Spóźnione w GK", "kierownik.gk")
    db.write(
        lambda c: c.execute(
            "UPDATE improvement_actions SET due_date = current_date - 2 WHERE title LIKE 'Spóźnione%'"
        )
    )
    at = open_as(db, office, "kierownik.km", "start")
    assert [e.value for e in at.error] == ["Masz działania po terminie: 1."]
    assert [w.value for w in at.warning] == ["Działania z terminem w ciągu tygodnia: 1."]
    [link] = [e.proto for e in at.get("page_link") if e.proto.label == "Otwórz działania doskonalące"]
    assert link.page == PAGE
    manager = open_as(db, office, "starosta", "start")
    assert [i.value for i in manager.info] == ["Działania po terminie w całym urzędzie: 2."]
    assert not manager.error  # none of them is the manager's own
    employee = open_as(db, office, "kowalska", "start")  # an employee has no actions
    assert not employee.error and not employee.warning and not employee.info


def test_the_dashboard_counts_actions_of_the_departments_it_shows(db, office):
    raise_action(db, office, "KM", "Spóźnione", "kierownik.km")
    raise_action(db, office, "KM", "Zamknięte", "kierownik.km")
    raise_action(db, office, "GK", "W GK", "kierownik.gk")
    db.write(
        lambda c: c.execute(
            "UPDATE improvement_actions SET due_date = current_date - 2 WHERE title = 'Spóźnione'"
        )
    )
    db.write(
        lambda c: c.execute(
            "UPDATE improvement_actions SET status = 'closed', closed_at = now() WHERE title = 'Zamknięte'"
        )
    )
    line = "Działania: otwarte 2, po terminie 1, zamknięte w tym kwartale 1"
    assert line in screen_text(open_as(db, office, "starosta", "pulpit"))
    assert "Działania: otwarte 1, po terminie 1, zamknięte w tym kwartale 1" in screen_text(
        open_as(db, office, "kierownik.km", "pulpit")
    )
    assert "Działania: otwarte 1, po terminie 0, zamknięte w tym kwartale 0" in screen_text(
        open_as(db, office, "starosta", "pulpit", dzialy="GK")
    )


def test_the_dashboard_shows_the_observation_plan_completion_beside_the_actions(db, office):
    """KM plans one observation in person per employee this quarter (2 employees: 2 planned);
    one is done. The counts come from services.observation_plan (another part of issue 15)."""
    observation_plan.set_plan(
        db,
        user(db, office, "starosta"),
        office["departments"]["KM"],
        *observation_plan.quarter_of(now().date()),
        {"in_person": 1},
    )
    observe(db, office, "kowalska", days_ago=0, not_met=())
    assert "Działania: otwarte 0, po terminie 0, zamknięte w tym kwartale 0 · Plan obserwacji: 1 z 2" in (
        screen_text(open_as(db, office, "kierownik.km", "pulpit"))
    )


def test_the_employee_sees_her_actions_read_only_in_her_own_view(db, office):
    manager = user(db, office, "starosta")
    action_id = service.create(
        db,
        CHECKLISTS,
        manager,
        department_id=office["departments"]["KM"],
        title="Dyskrecja [przy](http://zly.example) okienku",
        reason="Naruszenie krytyczne w obserwacji.",
        owner_id=office["accounts"]["kierownik.km"],
        due_date=now().date() + timedelta(days=14),
        standard_id=CHECKLISTS.standards[0].id,
        employee_id=office["employees"]["kowalska"],
    )
    service.update(db, manager, action_id, status="in_progress")
    service.close(db, manager, action_id, "Szkolenie stanowiskowe odbyte.")
    at = open_as(db, office, "kowalska", "moje-wyniki")
    assert not at.exception
    text = screen_text(at)
    assert "Działania doskonalące dotyczące mnie" in text
    assert r"**Dyskrecja \[przy\](" in text  # typed by staff: shown as text, never as a link
    due = f"{now().date() + timedelta(days=14):%d.%m.%Y}"
    assert f"zamknięte · termin {due} · {CHECKLISTS.standards[0].short}" in text
    assert "Co zrobiono: Szkolenie stanowiskowe odbyte." in text
    assert not at.get("form")  # read only
