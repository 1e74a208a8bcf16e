"""A supervisor's observation screen under AppTest: start, answer, resume, send, refuse, delete.

AppTest runs app.py in this process on the database of $JAKOSC_DB (tests/apptest/conftest.py).
A test signs a supervisor in by putting a session token where ui/session.py keeps it, opens the
observation page by its URL path and drives the widgets the way a tap on the tablet would.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Selectbox

from accounts.service import CurrentUser, start_session
from checklists.loading import current_checklists
from checklists.schema import Answer, Kind
from checklists.scoring import score_observation
from i18n import format_percent
from services import observations as service
from services.observations import StartRequest
from storage import audit, users
from storage import observations as repository
from storage.db import now
from tests.apptest.driver import PROJECT, open_url_path, sign_in, texts
from tests.conftest import PASSWORD

CHECKLISTS = current_checklists()
OBSERVE = "obserwacja"
MINE = "moje-obserwacje"
SUMMARY = "__summary__"
SEND = "Wyślij obserwację"
NEXT = "Dalej"
REQUIRED_COMMENT = "Komentarz – wymagany przy naruszeniu krytycznym"
NOT_FOUND = "Nie znaleziono takiej obserwacji wśród Twoich obserwacji."
NOT_IN_SCOPE = "Ten pracownik nie należy do Twoich wydziałów."
NOT_ACKNOWLEDGED = "Pracownik nie potwierdził zapoznania się z obowiązującą wersją podręcznika."
PATTERN = [Answer.MET, Answer.MET, Answer.NOT_APPLICABLE, Answer.MET, Answer.NOT_OBSERVED, Answer.NOT_MET]


def user(db, account_id) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, account_id))


def open_as(db, office, login: str, url_path: str = OBSERVE, **query) -> AppTest:
    """A new browser session of `login` (already signed in) asking for /<url_path>?<query>."""
    token, _ = start_session(db, user(db, office["accounts"][login]))
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.session_state["auth_token"] = token
    at.query_params.update({name: str(value) for name, value in query.items()})
    return open_url_path(at, url_path)


def answer_widgets(at: AppTest, observation_id) -> dict:
    """The answer segmented controls on screen, by item id."""
    prefix = f"answer_{observation_id}_"
    return {b.key.removeprefix(prefix): b for b in at.button_group if b.key and b.key.startswith(prefix)}


def progress(at: AppTest) -> str:
    return at.get("progress")[0].text


def step_box(at: AppTest, observation_id):
    return at.selectbox(key=f"observe_step_{observation_id}")


def button(at: AppTest, label: str):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return matches[0]


def planned(item_ids: list[str]) -> dict[str, Answer]:
    """A mix of every answer, the same for the same items in every test."""
    return {item_id: PATTERN[index % len(PATTERN)] for index, item_id in enumerate(item_ids)}


def comment_for(item_id: str, answer: Answer) -> str | None:
    return f"Uwagi do {item_id}." if answer is Answer.NOT_MET else None


def answer_screen(at: AppTest, observation_id, plan: dict[str, Answer]) -> dict[str, Answer]:
    """Answer every item of the standard on screen as `plan` says, then type the comment
    each "nie" asks for. Returns what was given."""
    given = {}
    for item_id, widget in answer_widgets(at, observation_id).items():
        widget.set_value(plan[item_id].value)
        given[item_id] = plan[item_id]
    at.run()
    for item_id, answer in given.items():
        comment = comment_for(item_id, answer)
        if comment:
            at.text_input(key=f"comment_{observation_id}_{item_id}").input(comment)
    return given


def start_on_screen(at: AppTest, employee_id, modules: list[str]) -> uuid.UUID:
    """Fill the start screen and press the start button; the id comes back in the URL."""
    assert at.button_group(key="observe_kind").value == Kind.IN_PERSON
    employee = at.selectbox[1]
    assert employee.label == "Pracownik"
    employee.set_value(employee_id)
    pills = next(b for b in at.button_group if b.label == "Trudne sytuacje w tej wizycie")
    pills.set_value(modules)
    button(at, "Rozpocznij obserwację").click()
    at.run()
    assert not at.exception
    assert OBSERVE in at.query_params, texts(at.error)
    return uuid.UUID(at.query_params[OBSERVE])


def start_draft(db, office, login="kierownik.km", employee="kowalska", modules=("skarga",)) -> uuid.UUID:
    request = StartRequest(
        observation_id=uuid.uuid4(),
        kind=Kind.IN_PERSON,
        department_id=office["departments"]["KM" if login == "kierownik.km" else "GK"],
        employee_id=office["employees"][employee],
        observed_at=now() - timedelta(minutes=15),
        modules=frozenset(modules),
    )
    return service.start(db, CHECKLISTS, user(db, office["accounts"][login]), request)


def stored_answers(db, observation_id) -> dict[str, tuple[str | None, str | None]]:
    return {
        a["item_id"]: (a["answer"], a["comment"])
        for a in repository.get_observation(db, observation_id)["answers"]
    }


def assert_scores_stored(db, observation_id) -> None:
    """The stored overall and per-standard scores are what checklists.scoring gives."""
    stored = repository.get_observation(db, observation_id)
    answers = {a["item_id"]: a["answer"] for a in stored["answers"]}
    expected = score_observation(CHECKLISTS, list(answers), answers)
    assert stored["score"] == pytest.approx(expected.overall.score)
    assert (stored["n_met"], stored["n_not_met"], stored["n_not_applicable"], stored["n_not_observed"]) == (
        expected.overall.met,
        expected.overall.not_met,
        expected.overall.not_applicable,
        expected.overall.not_observed,
    )
    assert stored["n_critical"] == len(expected.critical_breaches)
    per_standard = dict(
        db.query(
            "SELECT standard_id, score FROM observation_standard_scores WHERE observation_id = ?",
            [observation_id],
        )
    )
    assert per_standard.keys() == expected.by_standard.keys()
    for standard_id, tally in expected.by_standard.items():
        assert per_standard[standard_id] == pytest.approx(tally.score), standard_id


def answer_everything(db, office, observation_id, login="kierownik.km") -> None:
    """Answer a draft through the service (what earlier visits to the page stored)."""
    supervisor = user(db, office["accounts"][login])
    rows = repository.get_observation(db, observation_id)["answers"]
    for item_id, answer in planned([a["item_id"] for a in rows]).items():
        service.record_answer(
            db, CHECKLISTS, supervisor, observation_id, item_id, answer, comment_for(item_id, answer)
        )


# the whole flow ------------------------------------------------------------------------------


def test_supervisor_observes_in_person_with_a_complaint_standard_by_standard_and_sends(db, office):
    at = sign_in(
        AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30).run(), "kierownik.km", PASSWORD
    )
    at = open_url_path(at, OBSERVE)
    assert texts(at.title) == ["Obserwacja obsługi"]
    observation_id = start_on_screen(at, office["employees"]["kowalska"], ["skarga"])

    expected_items = [e.item.id for e in CHECKLISTS.entries_for(Kind.IN_PERSON, frozenset({"skarga"}))]
    total = len(expected_items)
    assert progress(at) == f"Odpowiedzi: 0 z {total}"
    assert any(m.startswith("**Anna Kowalska** · Obsługa bezpośrednia · ") for m in texts(at.markdown))
    plan = planned(expected_items)

    # the first item alone: the progress moves and the answer is in the database at once
    first = expected_items[0]
    answer_widgets(at, observation_id)[first].set_value(plan[first].value).run()
    assert progress(at) == f"Odpowiedzi: 1 z {total}"
    assert stored_answers(db, observation_id)[first] == (plan[first].value, None)

    given: dict[str, Answer] = {}
    standards = [s for s in step_box(at, observation_id).options if not s.startswith("Podsumowanie")]
    assert standards[0].startswith("1. Identyfikacja z Urzędem (1/")
    for number in range(len(standards)):
        on_screen = answer_widgets(at, observation_id)
        assert on_screen, f"no items on step {number}"
        given |= answer_screen(at, observation_id, plan)
        at.run()
        assert not at.exception
        assert progress(at) == f"Odpowiedzi: {len(given)} z {total}"
        assert step_box(at, observation_id).options[number].endswith(f"({len(on_screen)}/{len(on_screen)})")
        button(at, NEXT).click().run()

    assert step_box(at, observation_id).value == SUMMARY
    assert given == plan and set(given) == set(expected_items)
    assert not answer_widgets(at, observation_id)
    assert texts(at.subheader)[-1] == "Podsumowanie i wysłanie"
    # every critical "nie" carries its comment: the one warning is about the handbook
    assert texts(at.warning) == [NOT_ACKNOWLEDGED]
    expected = score_observation(CHECKLISTS, expected_items, {k: v.value for k, v in plan.items()})
    assert at.metric[0].label == "Wynik ogólny"
    assert at.metric[0].value == format_percent(expected.overall.score)
    if expected.critical_breaches:
        assert at.error[0].value.startswith("Naruszenia krytyczne")

    # the score per standard comes right after its name, in a table that wraps instead of scrolling
    assert list(at.table[0].value.columns) == [
        "Standard",
        "Wynik",
        "Tak",
        "Nie",
        "Nie dotyczy",
        "Nie zaobserwowano",
    ]
    at.text_area(key=f"notes_good_{observation_id}").input("Spokojnie wysłuchała skargi.")
    at.text_area(key=f"notes_improve_{observation_id}").input("Podać termin odpowiedzi na piśmie.")
    at.button(key=f"send_{observation_id}").click().run()
    assert not at.exception
    assert texts(at.success) == ["Obserwacja wysłana."]
    assert not answer_widgets(at, observation_id)

    stored = repository.get_observation(db, observation_id)
    assert stored["status"] == "sent"
    assert stored["employee_id"] == office["employees"]["kowalska"]
    assert stored["modules"] == ["skarga"]
    assert (stored["notes_good"], stored["notes_improve"]) == (
        "Spokojnie wysłuchała skargi.",
        "Podać termin odpowiedzi na piśmie.",
    )
    assert stored_answers(db, observation_id) == {
        item_id: (answer.value, comment_for(item_id, answer)) for item_id, answer in plan.items()
    }
    assert_scores_stored(db, observation_id)
    assert db.scalar("SELECT count(*) FROM observations") == 1


def test_a_new_session_resumes_the_draft_where_it_was_with_its_answers_from_the_url(db, office):
    observation_id = start_draft(db, office)
    at = open_as(db, office, "kierownik.km", **{OBSERVE: observation_id})
    first_standard = step_box(at, observation_id).value
    given = answer_screen(at, observation_id, planned(list(answer_widgets(at, observation_id))))
    at.run()
    button(at, NEXT).click().run()
    second_standard = step_box(at, observation_id).value
    assert second_standard != first_standard
    second = next(iter(answer_widgets(at, observation_id)))
    answer_widgets(at, observation_id)[second].set_value(Answer.NOT_APPLICABLE.value).run()
    answered = len(given) + 1

    # the tablet reloads: a new session with only the URL opens the standard being filled
    again = open_as(db, office, "kierownik.km", **{OBSERVE: observation_id})
    assert not again.exception
    assert progress(again) == f"Odpowiedzi: {answered} z {len(stored_answers(db, observation_id))}"
    assert step_box(again, observation_id).value == second_standard
    widgets = answer_widgets(again, observation_id)
    assert widgets[second].value == Answer.NOT_APPLICABLE.value
    assert all(w.value is None for item_id, w in widgets.items() if item_id != second)

    # the standard before keeps every answer and comment
    button(again, "Wstecz").click().run()
    assert step_box(again, observation_id).value == first_standard
    widgets = answer_widgets(again, observation_id)
    assert {item_id: Answer(w.value) for item_id, w in widgets.items()} == given
    for item_id, answer in given.items():
        if comment_for(item_id, answer):
            comment = again.text_input(key=f"comment_{observation_id}_{item_id}")
            assert comment.value == comment_for(item_id, answer)


def test_a_reload_of_a_fully_answered_draft_opens_the_summary(db, office):
    observation_id = start_draft(db, office)
    answer_everything(db, office, observation_id)
    at = open_as(db, office, "kierownik.km", **{OBSERVE: observation_id})
    assert step_box(at, observation_id).value == SUMMARY
    assert not at.button(key=f"send_{observation_id}").disabled


def _holding(label: str) -> type:
    """A select that reports `label` to the server, whatever its options are now (AppTest
    itself only sends labels of the current options)."""

    class Stale(Selectbox):
        @property
        def _widget_state(self) -> WidgetState:
            state = WidgetState()
            state.id = self.id
            state.string_value = label
            return state

    return Stale


def test_a_stale_step_label_from_the_browser_does_not_move_the_supervisor(db, office):
    """The step select shows live counts ("2. Wygląd zewnętrzny (1/8)"); a browser may send
    back the label of an earlier run with the next tap. That must not jump to standard 1."""
    observation_id = start_draft(db, office)
    at = open_as(db, office, "kierownik.km", **{OBSERVE: observation_id})
    button(at, NEXT).click().run()
    second_standard = step_box(at, observation_id).value
    stale_label = step_box(at, observation_id).options[1]
    item = next(iter(answer_widgets(at, observation_id)))
    answer_widgets(at, observation_id)[item].set_value(Answer.MET.value).run()
    assert step_box(at, observation_id).options[1] != stale_label  # the count moved on
    # the next tap arrives together with the select's old label, as the browser holds it
    step_box(at, observation_id).__class__ = _holding(stale_label)
    next_item = list(answer_widgets(at, observation_id))[1]
    answer_widgets(at, observation_id)[next_item].set_value(Answer.MET.value).run()
    assert not at.exception
    assert step_box(at, observation_id).value == second_standard
    assert next_item in answer_widgets(at, observation_id)
    assert progress(at).startswith("Odpowiedzi: 2 z ")


def test_the_drafts_list_resumes_an_unfinished_observation(db, office):
    observation_id = start_draft(db, office)
    first = stored_answers(db, observation_id).popitem()[0]
    service.record_answer(
        db, CHECKLISTS, user(db, office["accounts"]["kierownik.km"]), observation_id, first, Answer.MET, None
    )
    at = open_as(db, office, "kierownik.km")
    assert "Niedokończone obserwacje" in texts(at.subheader)
    assert any(m.startswith("**Anna Kowalska** · Obsługa bezpośrednia · ") for m in texts(at.markdown))
    resume = at.button(key=f"resume_{observation_id}")
    assert resume.label == "Wznów"
    resume.click().run()
    assert at.query_params[OBSERVE] == str(observation_id)
    assert progress(at).startswith("Odpowiedzi: 1 z ")
    # another supervisor's drafts are not offered
    other = open_as(db, office, "kierownik.gk")
    assert "Niedokończone obserwacje" not in texts(other.subheader)


def test_new_observation_from_an_open_draft_leaves_it_listed_with_resume_and_delete(db, office):
    observation_id = start_draft(db, office)
    at = open_as(db, office, "kierownik.km", **{OBSERVE: observation_id})
    assert progress(at).startswith("Odpowiedzi: 0 z ")
    at.button(key="observe_close").click().run()
    assert not at.exception
    assert OBSERVE not in at.query_params
    assert at.button(key=f"resume_{observation_id}").label == "Wznów"
    assert button(at, "Rozpocznij obserwację")  # a new observation can be started right here
    assert repository.get_observation(db, observation_id)["status"] == "draft"


def test_a_draft_is_deleted_only_with_a_reason_and_the_deletion_is_audited(db, office):
    observation_id = start_draft(db, office)
    at = open_as(db, office, "kierownik.km")
    at.button(key=f"discard_{observation_id}").click().run()
    assert "Pole „Powód usunięcia” jest wymagane." in texts(at.error)
    assert repository.get_observation(db, observation_id)["status"] == "draft"

    at.text_input(key=f"draft_reason_{observation_id}").input("Pomyłka – nie ten pracownik")
    at.button(key=f"discard_{observation_id}").click().run()
    assert not at.exception
    assert "Szkic obserwacji usunięty." in texts(at.success)
    assert "Niedokończone obserwacje" not in texts(at.subheader)
    assert db.query("SELECT status, delete_reason FROM observations WHERE id = ?", [observation_id]) == [
        ("deleted", "Pomyłka – nie ten pracownik")
    ]
    entry = audit.entries(db, entity="observation", entity_id=observation_id)[0]
    assert (entry["action"], entry["actor"]) == ("delete", "kierownik.km")
    assert '"reason": "Pomyłka – nie ten pracownik"' in entry["after"]
    assert '"status": "draft"' in entry["before"]


# sending -------------------------------------------------------------------------------------


def go_to_summary(at: AppTest, observation_id) -> AppTest:
    step_box(at, observation_id).set_value(SUMMARY).run()
    assert texts(at.subheader)[-1] == "Podsumowanie i wysłanie"
    return at


def test_a_retry_of_send_after_it_succeeded_makes_one_sent_observation(db, office):
    observation_id = start_draft(db, office)
    answer_everything(db, office, observation_id)
    first_tab = go_to_summary(
        open_as(db, office, "kierownik.km", **{OBSERVE: observation_id}), observation_id
    )
    second_tab = go_to_summary(
        open_as(db, office, "kierownik.km", **{OBSERVE: observation_id}), observation_id
    )

    first_tab.button(key=f"send_{observation_id}").click().run()
    assert texts(first_tab.success) == ["Obserwacja wysłana."]
    sent_at = repository.get_observation(db, observation_id)["sent_at"]

    # the same press again from a screen that still shows the button (a retry, a second tab)
    second_tab.button(key=f"send_{observation_id}").click().run()
    assert not second_tab.exception
    # the sent screen: its score and critical breaches, no error about the press
    assert all(e.startswith("Naruszenia krytyczne") for e in texts(second_tab.error))
    assert second_tab.metric[0].label == "Wynik ogólny"
    assert not answer_widgets(second_tab, observation_id)
    assert db.query("SELECT status, count(*) FROM observations GROUP BY status") == [("sent", 1)]
    assert repository.get_observation(db, observation_id)["sent_at"] == sent_at
    standards = {a["standard_id"] for a in repository.get_observation(db, observation_id)["answers"]}
    assert db.scalar("SELECT count(*) FROM observation_standard_scores") == len(standards)
    assert_scores_stored(db, observation_id)


def test_a_double_tap_on_start_makes_one_observation(db, office):
    at = open_as(db, office, "kierownik.km")
    new_id = at.session_state["observe_new_id"]
    # the tap reaches the server twice before the page moves on: the same id both times
    service.start(
        db,
        CHECKLISTS,
        user(db, office["accounts"]["kierownik.km"]),
        StartRequest(
            new_id, Kind.IN_PERSON, office["departments"]["KM"], office["employees"]["kowalska"], now()
        ),
    )
    observation_id = start_on_screen(at, office["employees"]["kowalska"], [])
    assert observation_id == new_id
    assert db.scalar("SELECT count(*) FROM observations") == 1


def test_a_critical_no_without_a_comment_blocks_sending_with_a_polish_message(db, office):
    observation_id = start_draft(db, office)
    supervisor = user(db, office["accounts"]["kierownik.km"])
    rows = repository.get_observation(db, observation_id)["answers"]
    for row in rows:
        service.record_answer(db, CHECKLISTS, supervisor, observation_id, row["item_id"], Answer.MET, None)
    critical = next(a for a in rows if a["critical"])
    label = CHECKLISTS.entry(critical["item_id"]).item.label

    at = open_as(db, office, "kierownik.km", **{OBSERVE: observation_id})
    step_box(at, observation_id).set_value(critical["standard_id"]).run()
    answer_widgets(at, observation_id)[critical["item_id"]].set_value(Answer.NOT_MET.value).run()
    comment = at.text_input(key=f"comment_{observation_id}_{critical['item_id']}")
    assert comment.label == REQUIRED_COMMENT

    go_to_summary(at, observation_id)
    message = f"Naruszenie krytyczne „{label}” wymaga komentarza."
    assert message in texts(at.warning)
    assert at.button(key=f"send_{observation_id}").disabled
    with pytest.raises(service.ObservationError, match="wymaga komentarza"):
        service.send(db, CHECKLISTS, supervisor, observation_id)  # what a forced press would meet
    assert repository.get_observation(db, observation_id)["status"] == "draft"

    step_box(at, observation_id).set_value(critical["standard_id"]).run()
    at.text_input(key=f"comment_{observation_id}_{critical['item_id']}").input("Podniesiony głos.").run()
    go_to_summary(at, observation_id)
    assert message not in texts(at.warning)
    assert at.error[0].value.startswith("Naruszenia krytyczne (obserwacja niezaliczona")
    at.button(key=f"send_{observation_id}").click().run()
    assert texts(at.success) == ["Obserwacja wysłana."]
    stored = repository.get_observation(db, observation_id)
    assert stored["status"] == "sent" and stored["n_critical"] == 1
    assert stored_answers(db, observation_id)[critical["item_id"]] == ("nie", "Podniesiony głos.")


def test_unanswered_items_block_sending_and_the_summary_leads_to_their_standards(db, office):
    observation_id = start_draft(db, office, modules=())
    at = go_to_summary(open_as(db, office, "kierownik.km", **{OBSERVE: observation_id}), observation_id)
    total = len(stored_answers(db, observation_id))
    assert f"Bez odpowiedzi: {total} pozycji – odpowiedz w ich standardach." in texts(at.warning)
    assert at.button(key=f"send_{observation_id}").disabled
    first = CHECKLISTS.entry(next(iter(stored_answers(db, observation_id)))).standard
    at.button(key=f"jump_{first.id}").click().run()
    assert step_box(at, observation_id).value == first.id
    assert answer_widgets(at, observation_id)


def test_the_rest_of_a_standard_is_set_together_without_overwriting_given_answers(db, office):
    observation_id = start_draft(db, office, modules=())
    at = open_as(db, office, "kierownik.km", **{OBSERVE: observation_id})
    widgets = answer_widgets(at, observation_id)
    given, *rest = list(widgets)
    widgets[given].set_value(Answer.NOT_APPLICABLE.value).run()
    standard = CHECKLISTS.entry(given).standard.id
    rest_button = at.button(key=f"rest_tak_{observation_id}_{standard}")
    # Polish plural of the count, from the grammar: 1 pozycja, 2–4 pozycje, 5 and more pozycji
    noun = {1: "pozycja", 2: "pozycje", 3: "pozycje", 4: "pozycje"}.get(len(rest), "pozycji")
    assert rest_button.label == f"Pozostałe: „Tak” ({len(rest)} {noun})"
    rest_button.click().run()
    assert not at.exception
    stored = repository.get_observation(db, observation_id)["answers"]
    in_standard = {a["item_id"]: a for a in stored if a["standard_id"] == standard}
    assert in_standard[given]["answer"] == "nie_dotyczy"
    assert in_standard[given]["set_together_at"] is None
    assert {in_standard[i]["answer"] for i in rest} == {"tak"}
    assert all(in_standard[i]["set_together_at"] is not None for i in rest)
    # other standards are untouched, the buttons show what was stored, the set items are marked
    assert all(a["answer"] is None for a in stored if a["standard_id"] != standard)
    assert {answer_widgets(at, observation_id)[i].value for i in rest} == {"tak"}
    assert sum("zbiorczo" in m for m in texts(at.markdown)) == len(rest)
    assert not [b for b in at.button if b.key == f"rest_tak_{observation_id}_{standard}"]


# another department --------------------------------------------------------------------------


def test_a_supervisor_cannot_open_another_departments_observation_by_url(db, office):
    observation_id = start_draft(db, office)
    at = open_as(db, office, "kierownik.gk", **{OBSERVE: observation_id})
    assert not at.exception
    assert texts(at.error) == [NOT_FOUND]
    assert not at.button_group and not at.get("progress")
    assert "Anna Kowalska" not in "\n".join(texts(at.markdown))
    # a send pressed from a forged screen would meet the same refusal
    with pytest.raises(service.ObservationError, match="Nie znaleziono"):
        service.send(db, CHECKLISTS, user(db, office["accounts"]["kierownik.gk"]), observation_id)
    assert repository.get_observation(db, observation_id)["status"] == "draft"
    # the owner opens it from the same URL
    owner = open_as(db, office, "kierownik.km", **{OBSERVE: observation_id})
    assert not owner.error and answer_widgets(owner, observation_id)


def test_an_unknown_observation_id_in_the_url_gets_the_polish_message(db, office):
    at = open_as(db, office, "kierownik.km", **{OBSERVE: "nie-ma-takiej"})
    assert texts(at.error) == [NOT_FOUND]
    button(at, "Wróć do początku").click().run()
    assert OBSERVE not in at.query_params
    assert "Nowa obserwacja" in texts(at.subheader)


def test_a_supervisor_cannot_preselect_another_departments_employee_by_url(db, office):
    km_employee = office["employees"]["kowalska"]
    at = open_as(db, office, "kierownik.gk", pracownik=km_employee)
    assert not at.exception
    assert texts(at.error) == [NOT_IN_SCOPE]
    employee = at.selectbox[1]
    assert employee.label == "Pracownik"
    assert employee.value is None
    assert employee.options == ["Wiśniewska Ewa", "Zieliński Piotr"]
    assert at.selectbox[0].options == ["Wydział Geodezji i Kartografii"]
    # pressing start anyway makes nothing
    button(at, "Rozpocznij obserwację").click().run()
    assert texts(at.error)[-1] == "Wybierz obserwowanego pracownika."
    assert db.scalar("SELECT count(*) FROM observations") == 0

    # a garbled id is refused the same way; the own department's employee is preselected
    assert texts(open_as(db, office, "kierownik.gk", pracownik="xyz").error) == [NOT_IN_SCOPE]
    own = open_as(db, office, "kierownik.km", pracownik=km_employee)
    assert not own.error
    assert own.selectbox[1].value == km_employee


# my observations -----------------------------------------------------------------------------


def sent_observation(db, office) -> uuid.UUID:
    observation_id = start_draft(db, office)
    answer_everything(db, office, observation_id)
    service.send(db, CHECKLISTS, user(db, office["accounts"]["kierownik.km"]), observation_id)
    return observation_id


def test_my_observations_lists_the_sent_observation_and_deletes_it_with_a_reason(db, office):
    observation_id = sent_observation(db, office)
    draft_id = start_draft(db, office, employee="nowak")  # drafts are not listed
    at = open_as(db, office, "kierownik.km", MINE)
    assert not at.exception
    assert texts(at.title) == ["Moje obserwacje"]
    table = at.table[0].value
    assert list(table["Pracownik"]) == ["Anna Kowalska"]
    assert list(table["Wydział"]) == ["Wydział Komunikacji"]
    score = repository.get_observation(db, observation_id)["score"]
    assert list(table["Wynik"]) == [format_percent(score)] == [at.metric[0].value]

    reason = at.text_input(key=f"reason_{observation_id}")
    assert reason.label == "Powód usunięcia (wymagany)"
    at.button(key=f"delete_{observation_id}").click().run()
    assert "Pole „Powód usunięcia” jest wymagane." in texts(at.error)
    assert repository.get_observation(db, observation_id)["status"] == "sent"

    at.text_input(key=f"reason_{observation_id}").input("Obserwacja wpisana dla złej osoby")
    at.button(key=f"delete_{observation_id}").click().run()
    assert not at.exception
    assert "Obserwacja usunięta." in texts(at.success)
    assert not at.table
    assert "Brak danych." in texts(at.info)
    stored = repository.get_observation(db, observation_id)
    assert (stored["status"], stored["delete_reason"]) == ("deleted", "Obserwacja wpisana dla złej osoby")
    assert audit.entries(db, entity="observation", entity_id=observation_id)[0]["action"] == "delete"
    assert repository.get_observation(db, draft_id)["status"] == "draft"
    # a deleted observation cannot be opened by its URL either
    assert texts(open_as(db, office, "kierownik.km", **{OBSERVE: observation_id}).error) == [NOT_FOUND]


def test_my_observations_shows_only_the_supervisors_own(db, office):
    sent_observation(db, office)
    at = open_as(db, office, "kierownik.gk", MINE)
    assert not at.exception
    assert not at.table
    assert "Brak danych." in texts(at.info)
