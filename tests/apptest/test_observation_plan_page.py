"""The observation plan page under AppTest: management sets a department's plan and copies the
previous quarter's; a supervisor sees only their departments, read only, with who is due and
when they were last observed; a quarter already over is read only; an employee is refused.

The page works on the real office clock: the quarters below are computed from today's date.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from services.observation_plan import previous_quarter, quarter_bounds, quarter_of
from storage import observation_plan as plan_storage
from storage.db import now
from tests.apptest.driver import FORBIDDEN, form, screen_text, submit, widget
from tests.apptest.test_people import open_as
from tests.seeding import CHECKLISTS, T, add_observation

PAGE = "plan-obserwacji"
ROMAN = ("I", "II", "III", "IV")
YEAR, QUARTER = quarter_of(now().date())
START = datetime.combine(quarter_bounds(YEAR, QUARTER)[0], datetime.min.time())


def name(year: int, quarter: int) -> str:
    return f"{ROMAN[quarter - 1]} kwartał {year}"


def stored(db) -> set[tuple]:
    return set(db.query("SELECT department_id, year, quarter, kind, per_employee FROM observation_plan"))


def headings(at) -> list[str]:
    return [expander.label for expander in at.expander]


def copy_buttons(at) -> list:
    return [button for button in at.button if button.key == "plan_copy"]


def listed(at, start: str) -> list[str]:
    """The standards' names a line of the screen starting with `start` lists."""
    [line] = [m.value for m in at.markdown if m.value.startswith(start)]
    return line.removeprefix(start).removesuffix(".").split(", ")


def plan_form_id(office, department: str, year=YEAR, quarter=QUARTER) -> str:
    return f"plan_{office['departments'][department]}_{year}_{quarter}"


def test_management_sets_a_departments_plan(db, office):
    at = open_as(db, office, "starosta", PAGE)
    assert not at.exception
    assert at.selectbox(key="plan_quarter").value == (YEAR, QUARTER)  # the current quarter first
    assert headings(at) == ["Wydział Geodezji i Kartografii: brak planu", "Wydział Komunikacji: brak planu"]
    overview = at.dataframe[0].value
    assert overview.to_dict("records") == [
        {
            "Wydział": department,
            "Wykonanie planu": "brak planu",
            "Osoby do obserwacji": 0,
            "Standardy bez obserwacji w kwartale": len(CHECKLISTS.standards),
        }
        for department in ("Wydział Geodezji i Kartografii", "Wydział Komunikacji")
    ]
    km = form(at, plan_form_id(office, "KM"))
    widget(km, "number_input", "Obsługa bezpośrednia – na pracownika").set_value(2)
    widget(km, "number_input", "Audyt stanowiska i informacji – na wydział").set_value(1)
    at = submit(at, plan_form_id(office, "KM"), "Zapisz plan")
    assert not at.error, [e.value for e in at.error]
    assert f"Zapisano plan: Wydział Komunikacji, {name(YEAR, QUARTER)}." in screen_text(at)
    km_id = office["departments"]["KM"]
    assert stored(db) == {(km_id, YEAR, QUARTER, "in_person", 2), (km_id, YEAR, QUARTER, "premises", 1)}
    # two employees × 2 + one audit, nothing observed yet
    assert "Wydział Komunikacji: 0 z 5" in headings(at)
    text = screen_text(at)
    assert (
        "Plan (2 prac.): Obsługa bezpośrednia: 2 na pracownika; Audyt stanowiska i informacji: 1 na wydział."
        in text
    )
    assert "najwyżej tyle, ile przewiduje plan" in text  # the caption says how progress is counted


def test_management_copies_the_previous_quarters_plan_in_one_tap(db, office):
    previous = previous_quarter(YEAR, QUARTER)
    for department, counts in (("KM", {"in_person": 3}), ("GK", {"in_person": 1, "phone": 1})):
        plan_storage.replace(db, office["departments"][department], *previous, counts, "test")
    at = open_as(db, office, "starosta", PAGE)
    assert (
        f"Wydziały bez planu na {name(YEAR, QUARTER)} dostaną plan z poprzedniego kwartału ({name(*previous)})"
        in screen_text(at)
    )
    at.button(key="plan_copy").click()
    at = at.run()
    assert "Skopiowano plan z poprzedniego kwartału; wydziały z nowym planem: 2." in screen_text(at)
    km, gk = office["departments"]["KM"], office["departments"]["GK"]
    assert {row for row in stored(db) if row[1:3] == (YEAR, QUARTER)} == {
        (km, YEAR, QUARTER, "in_person", 3),
        (gk, YEAR, QUARTER, "in_person", 1),
        (gk, YEAR, QUARTER, "phone", 1),
    }
    assert headings(at) == ["Wydział Geodezji i Kartografii: 0 z 4", "Wydział Komunikacji: 0 z 6"]


def test_copy_without_a_previous_plan_says_so(db, office):
    at = open_as(db, office, "starosta", PAGE)
    at.button(key="plan_copy").click()
    at = at.run()
    previous = name(*previous_quarter(YEAR, QUARTER))
    assert [e.value for e in at.error] == [f"Poprzedni kwartał ({previous}) nie ma planu do skopiowania."]


def test_a_supervisor_sees_only_their_departments_read_only(db, office):
    km = office["departments"]["KM"]
    for department in ("KM", "GK"):
        plan_storage.replace(db, office["departments"][department], YEAR, QUARTER, {"in_person": 1}, "test")
    observed_at = START + timedelta(hours=9)  # the quarter's first day: Kowalska has done her plan
    last_quarter = START - timedelta(days=20) + timedelta(hours=10)  # Nowak: last seen before it
    for employee, moment in (("kowalska", observed_at), ("nowak", last_quarter)):
        add_observation(
            db,
            department=km,
            employee=office["employees"][employee],
            observer=office["accounts"]["kierownik.km"],
            at=moment,
            answers={CHECKLISTS.standards[0].items[0].id: T},
        )
    at = open_as(db, office, "kierownik.km", PAGE)
    assert not at.exception
    assert headings(at) == ["Wydział Komunikacji: 1 z 2"]
    assert not at.get("form") and not copy_buttons(at)  # nothing to edit, nothing to copy
    assert "Plan ustala kierownictwo; tutaj widzisz postęp swoich wydziałów." in [i.value for i in at.info]
    [due] = [frame.value for frame in at.dataframe]  # no table of departments for one department
    assert due.to_dict("records") == [
        {
            "Pracownik": "Jan Nowak",
            "Wykonanie planu": "0 z 1",
            "Ostatnia obserwacja": f"{last_quarter:%d.%m.%Y}",
        }
    ]
    _observed, *others = [standard.short for standard in CHECKLISTS.standards]
    assert listed(at, "Standardy bez obserwacji w tym kwartale: ") == others
    assert listed(at, "Standardy nigdy nieobserwowane w wydziale: ") == others


def test_an_employee_never_observed_is_due_with_never(db, office):
    plan_storage.replace(db, office["departments"]["KM"], YEAR, QUARTER, {"phone": 1}, "test")
    at = open_as(db, office, "kierownik.km", PAGE)
    [due] = [frame.value for frame in at.dataframe]
    assert list(due["Ostatnia obserwacja"]) == ["nigdy", "nigdy"]
    assert list(due["Pracownik"]) == ["Anna Kowalska", "Jan Nowak"]


def test_a_quarter_already_over_is_read_only_for_management(db, office):
    at = open_as(db, office, "starosta", PAGE)
    at = at.selectbox(key="plan_quarter").set_value(previous_quarter(YEAR, QUARTER)).run()
    assert "Ten kwartał minął – jego plan można tylko przeglądać." in [i.value for i in at.info]
    assert not at.get("form") and not copy_buttons(at)


def test_an_employee_cannot_open_the_page_by_url(db, office):
    at = open_as(db, office, "kowalska", PAGE)
    assert FORBIDDEN in [e.value for e in at.error]
    assert not at.dataframe
