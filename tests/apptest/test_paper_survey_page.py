"""The paper questionnaire page under AppTest: a supervisor types answers and presses Enter (the
form's submit): the questionnaire is stored, the field empties and a line says what was saved; a
typo is refused with the fault named and the typed line kept; "Cofnij ostatnią" removes the last
one. Management chooses among every department, a supervisor has only theirs, an employee is
refused. The dashboard's channel filter comes from the URL (an unknown channel is reported) and
the clients tab counts the ratings of each channel.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from storage.db import now
from tests.apptest.driver import FORBIDDEN, form, screen_text, submit, widget
from tests.apptest.test_people import open_as
from tests.seeding import add_ratings

PAGE = "ankiety-papierowe"
FORM = "paper_form"
SAVE = "Zapisz ankietę (Enter)"


def answers_field(at):
    return widget(form(at, FORM), "text_input", "Odpowiedzi")


def type_and_enter(at, answers: str, comment: str | None = None):
    answers_field(at).input(answers)
    if comment is not None:
        widget(form(at, FORM), "text_input", "Komentarz Klienta (opcjonalnie)").input(comment)
    return submit(at, FORM, SAVE)


def errors(at) -> list[str]:
    """The error notices as read on the screen (their Markdown escapes undone: typed text is escaped)."""
    return [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]


def paper_rows(db) -> list[tuple]:
    return db.query(
        "SELECT overall, rating_time, rating_manner, rating_conditions, rating_forms, rating_information, "
        "settled, comment FROM client_ratings WHERE channel = 'paper' ORDER BY completed_at"
    )


def test_a_supervisor_enters_questionnaires_one_after_another(db, office):
    at = open_as(db, office, "kierownik.km", PAGE)
    assert not at.exception
    assert at.title[0].value == "Ankiety papierowe"
    department = widget(at, "selectbox", "Wydział")
    assert (department.options, department.value) == (["Wydział Komunikacji"], office["departments"]["KM"])
    assert widget(at, "date_input", "Data ankiety").value == now().date()

    at = type_and_enter(at, "5 4 4 5 3 5 t", comment="Bardzo miła pani.")
    assert not at.error, errors(at)
    today = now().date().strftime("%d.%m.%Y")
    assert [s.value for s in at.success] == [
        "Zapisano: ogólna 5, czas 4, sposób 4, warunki 5, druki 3, informacja 5, załatwiona: tak – "
        f"Wydział Komunikacji, {today}."
    ]
    assert answers_field(at).value == ""  # a new, empty field for the next questionnaire
    assert paper_rows(db) == [(5, 4, 4, 5, 3, 5, "yes", "Bardzo miła pani.")]

    at = type_and_enter(at, "30-2-0n")
    assert at.success[0].value.startswith("Zapisano: ogólna 3, czas brak, sposób brak, warunki 2, druki brak")
    assert "Ankiety zapisane w tej sesji: 2." in screen_text(at)
    assert paper_rows(db)[1] == (3, None, None, 2, None, None, "no", None)
    assert widget(at, "selectbox", "Wydział").value == office["departments"]["KM"]  # kept between entries


def test_a_typo_is_refused_with_its_fault_and_the_line_stays(db, office):
    at = open_as(db, office, "kierownik.km", PAGE)
    at = type_and_enter(at, "5 4 4 7 3 5 t")
    assert errors(at) == ["Ocena „7” poza skalą 1–5: 4. odpowiedź (warunki obsługi)."]
    assert answers_field(at).value == "5 4 4 7 3 5 t"
    assert paper_rows(db) == [] and not at.success

    at = type_and_enter(at, "5 4 4 x 3 5 t")
    assert errors(at)[0].startswith("Nieznany znak „x” (4. odpowiedź).")
    at = type_and_enter(at, "5 4 4 4 3 5 t")  # corrected: saved, and the fault is gone
    assert not at.error and len(paper_rows(db)) == 1


def test_enter_on_empty_fields_does_nothing(db, office):
    """The second Enter of a hurried double Enter lands on the next, empty questionnaire."""
    at = open_as(db, office, "kierownik.km", PAGE)
    at = submit(at, FORM, SAVE)
    assert not at.error and not at.success and paper_rows(db) == []


def test_undo_removes_the_last_questionnaire_only(db, office):
    at = open_as(db, office, "kierownik.km", PAGE)
    at = type_and_enter(at, "5555555"[:6] + "t")
    at = type_and_enter(at, "1111111"[:6] + "n")
    at.button(key="paper_undo").click()
    at = at.run()
    assert [row[0] for row in paper_rows(db)] == [5]
    assert (
        "Cofnięto ostatnią ankietę: ogólna 1, czas 1, sposób 1, warunki 1, druki 1, informacja 1, "
        "załatwiona: nie." in screen_text(at)
    )
    assert not at.success and "Ankiety zapisane w tej sesji: 1." in screen_text(at)
    assert not [b for b in at.button if b.key == "paper_undo"]  # one undo: the last one only
    assert db.scalar("SELECT actor FROM audit_log WHERE action = 'delete' AND entity = 'client_rating'") == (
        "kierownik.km"
    )


def test_management_chooses_the_department_first(db, office):
    at = open_as(db, office, "starosta", PAGE)
    department = widget(at, "selectbox", "Wydział")
    assert department.value is None and len(department.options) == 2
    at = type_and_enter(at, "5445 35t")
    assert errors(at) == ["Wybierz wydział."]
    assert answers_field(at).value == "5445 35t"
    at = widget(at, "selectbox", "Wydział").set_value(office["departments"]["GK"]).run()
    assert answers_field(at).value == "5445 35t"  # choosing the department loses nothing typed
    at = submit(at, FORM, SAVE)
    assert "Wydział Geodezji i Kartografii" in at.success[0].value
    assert db.scalar("SELECT department_id FROM client_ratings") == office["departments"]["GK"]


def test_an_employee_is_refused(db, office):
    at = open_as(db, office, "kowalska", PAGE)
    assert FORBIDDEN in [e.value for e in at.error]


def test_the_dashboard_splits_client_ratings_by_channel(db, office):
    km = office["departments"]["KM"]
    moment = datetime.combine(now().date() - timedelta(days=2), datetime.min.time()).replace(hour=9)
    add_ratings(db, km, moment, [5, 4, 3])
    add_ratings(db, km, moment + timedelta(hours=1), [2, 5], channel="qr")
    add_ratings(db, km, moment.replace(hour=12), [4], channel="paper")

    at = open_as(db, office, "starosta", "pulpit", kanal="paper,poczta")
    assert [w.value for w in at.warning] == ["Pominięto nieznane kanały: poczta."]
    channels = at.multiselect(key="dash_channels")
    assert channels.value == ["paper"] and channels.options == ["kiosk", "kod QR", "papier"]
    assert at.query_params["kanal"] == "paper"  # the unknown one is dropped from the address
    at.session_state["dash_tab"] = "Klienci"
    at.run()
    assert "Oceny według kanału: papier 1." in screen_text(at)
    assert "Bez ankiet papierowych: mają tylko datę wypełnienia, bez godziny." in screen_text(at)

    channels.set_value(["qr", "kiosk"]).run()
    assert at.query_params["kanal"] == "kiosk,qr"
    assert "Oceny według kanału: kiosk 3 · kod QR 2." in screen_text(at)
    at.multiselect(key="dash_channels").set_value([]).run()
    assert "kanal" not in at.query_params
    assert "Oceny według kanału: kiosk 3 · kod QR 2 · papier 1." in screen_text(at)
