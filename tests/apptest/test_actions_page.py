"""The improvement actions page under AppTest, per role: management raises and closes an
action, a supervisor sees only their departments, an employee is refused by URL; the dashboard
link's parameters pre-fill the new action, and a forged department in them is ignored."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qsl

from accounts.permissions import PAGE_ROLES
from checklists.loading import current_checklists
from services import actions as service
from storage.db import now
from tests.apptest.driver import FORBIDDEN, form, screen_text, submit, widget
from tests.apptest.test_people import open_as, user
from tests.seeding import add_observation

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
