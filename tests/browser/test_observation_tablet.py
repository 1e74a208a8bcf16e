"""A supervisor observes a client visit on a tablet, in landscape and in portrait.

The journey: sign in, start an in-person observation with one difficult situation, answer
every item with a tap (a critical "nie" with its comment), reload half-way, finish, add notes,
send. Then the server stops and the database must hold exactly what was tapped, scored the
way checklists/scoring.py scores it. Every screen fits the width and every answer button is a
44 x 44 px touch target at least; screenshots go to test-artifacts/observation_<viewport>_*.png.
"""

from __future__ import annotations

import re
import uuid

import pytest

from accounts.service import create_account
from checklists.loading import current_checklists
from checklists.schema import Answer, Kind
from checklists.scoring import score_observation
from storage import observations as repository
from storage.departments import add_department
from storage.employees import add_employee
from tests.browser.conftest import no_horizontal_scroll, screenshot, sign_in, wait_for_app
from tests.conftest import PASSWORD
from tests.seeding import add_account

CHECKLISTS = current_checklists()
MODULE = "skarga"
LABELS = {
    Answer.MET: "Tak",
    Answer.NOT_MET: "Nie",
    Answer.NOT_APPLICABLE: "Nie dotyczy",
    Answer.NOT_OBSERVED: "Nie zaobserwowano",
}
PATTERN = [Answer.MET, Answer.MET, Answer.NOT_APPLICABLE, Answer.MET, Answer.NOT_OBSERVED, Answer.NOT_MET]
CRITICAL_COMMENT = "Klientka słyszała rozmowę o innej sprawie."
NOTES_GOOD = "Spokojnie wysłuchała skargi i przeprosiła."
NOTES_IMPROVE = "Podać na piśmie termin odpowiedzi na skargę."
ANSWER_BUTTONS = '[data-testid="stButtonGroup"] [role="radio"]'  # st.segmented_control options
MIN_TARGET = 44  # CSS px, WCAG 2.5.5


def seed(server) -> dict:
    """An administrator, one department, its employees and supervisor; the file is closed
    again before the server opens it."""
    db = server.open_database()
    try:
        create_account(db, login="admin", password=PASSWORD, role="admin", display_name="Admin", actor="test")
        km = add_department(db, "KM", "Wydział Komunikacji", "test")
        employee = add_employee(
            db, {"department_id": km, "first_name": "Anna", "last_name": "Kowalska"}, "test"
        )
        add_employee(db, {"department_id": km, "first_name": "Jan", "last_name": "Nowak"}, "test")
        add_account(db, "kierownik.km", "supervisor", "Kierownik KM", [km])
    finally:
        db.close()
    return {"department": km, "employee": employee}


def plan_answers() -> dict[str, Answer]:
    """What the test taps, by item: every kind of answer; the first critical item gets "nie"
    (so it needs a comment), other critical items "tak"."""
    entries = CHECKLISTS.entries_for(Kind.IN_PERSON, frozenset({MODULE}))
    plan = {}
    first_critical = next(e.item.id for e in entries if e.item.critical)
    for index, entry in enumerate(entries):
        if entry.item.critical:
            plan[entry.item.id] = Answer.NOT_MET if entry.item.id == first_critical else Answer.MET
        else:
            plan[entry.item.id] = PATTERN[index % len(PATTERN)]
    assert set(plan.values()) == set(Answer)
    return plan


def standards_in_order() -> list:
    """The steps of the observation: its standards in the order the page offers them."""
    seen = []
    for entry in CHECKLISTS.entries_for(Kind.IN_PERSON, frozenset({MODULE})):
        if entry.standard not in seen:
            seen.append(entry.standard)
    return seen


QUIET = """() => new Promise(resolve => {
    let timer;
    const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, 60); });
    function done() { observer.disconnect(); resolve(true); }
    observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    timer = setTimeout(done, 60);
})"""


def settle(page) -> None:
    """Wait until Streamlit reports no script run (the stApp's data-test-script-state) and
    the page has stopped moving for a moment: a tap on a moving page can miss its button."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', state="attached")
    page.evaluate(QUIET)


def wait_for_progress(page, answered: int, total: int) -> None:
    page.wait_for_function(
        "text => [...document.querySelectorAll('[data-testid=\"stProgress\"]')]"
        ".some(p => p.innerText.includes(text))",
        arg=f"Odpowiedzi: {answered} z {total}",
    )


def item_ids_on_screen(page, observation_id) -> list[str]:
    prefix = f"st-key-answer_{observation_id}_"
    classes = page.eval_on_selector_all(f'[class*="{prefix}"]', "nodes => nodes.map(n => n.className)")
    ids = []
    for names in classes:
        match = re.search(re.escape(prefix) + r"(\S+)", names)
        if match and match.group(1) not in ids:
            ids.append(match.group(1))
    return ids


def selected_answer(page, observation_id, item_id) -> str | None:
    active = page.locator(f'.st-key-answer_{observation_id}_{item_id} [role="radio"][aria-checked="true"]')
    return active.inner_text().strip() if active.count() else None


def check_layout(page) -> None:
    """Fits the width, and every answer button is a comfortable touch target."""
    assert no_horizontal_scroll(page)
    sizes = page.eval_on_selector_all(
        ANSWER_BUTTONS,
        "nodes => nodes.map(n => { const r = n.getBoundingClientRect(); "
        "return [n.innerText, r.width, r.height]; })",
    )
    assert sizes
    small = [(text, round(w), round(h)) for text, w, h in sizes if w < MIN_TARGET or h < MIN_TARGET]
    assert not small, f"answer buttons smaller than {MIN_TARGET}x{MIN_TARGET}: {small[:5]}"
    # bounding_box agrees (the size Playwright itself would tap)
    first = page.locator(ANSWER_BUTTONS).first.bounding_box()
    assert first["width"] >= MIN_TARGET and first["height"] >= MIN_TARGET


def tap_answer(page, observation_id, item_id, answer: Answer, answered: int, total: int) -> None:
    container = page.locator(f".st-key-answer_{observation_id}_{item_id}")
    container.get_by_role("radio", name=LABELS[answer], exact=True).click()
    container.locator(
        '[role="radio"][aria-checked="true"]', has_text=re.compile(f"^{LABELS[answer]}$")
    ).wait_for()
    wait_for_progress(page, answered, total)
    settle(page)


def type_comment(page, observation_id, item_id, text: str) -> None:
    box = page.locator(f".st-key-comment_{observation_id}_{item_id}")
    box.get_by_text("Komentarz – wymagany przy naruszeniu krytycznym").wait_for()
    field = box.locator("input")
    field.fill(text)
    field.press("Enter")
    committed(page, f"comment_{observation_id}_{item_id}")


def committed(page, key: str) -> None:
    """Wait until the field's "Press Enter to apply" hint is gone: its value reached the server."""
    page.wait_for_function(
        "selector => !/enter/i.test(document.querySelector(selector)?.innerText || '')",
        arg=f'.st-key-{key} [data-testid="InputInstructions"]',
    )
    settle(page)


def step_label(page, observation_id) -> str:
    """The step chosen in the "Standard" select (shown as the value of its combobox input)."""
    return page.locator(f".st-key-observe_step_{observation_id} input").input_value()


def go_next(page, observation_id, expected_prefix: str) -> None:
    page.get_by_role("button", name="Dalej").click()
    page.wait_for_function(
        "([selector, prefix]) => (document.querySelector(selector)?.value || '').startsWith(prefix)",
        arg=[f".st-key-observe_step_{observation_id} input", expected_prefix],
    )
    settle(page)
    # the new step starts at its top, not scrolled to where "Dalej" was
    page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop === 0")


def snapshot(page, name: str) -> None:
    """What the supervisor sees (the viewport), and the whole screen: Streamlit scrolls inside
    its main area, so a full-page shot needs a viewport as tall as the content for a moment."""
    screenshot(page, name)
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(200)
        screenshot(page, f"{name}_full")
        page.set_viewport_size(size)
        page.wait_for_timeout(200)


@pytest.mark.parametrize("viewport", ["tablet_landscape", "tablet_portrait"])
def test_supervisor_observes_a_visit_on_a_tablet_and_sends_it(live_server, open_page, viewport):
    seeded = seed(live_server)
    live_server.start()
    plan = plan_answers()
    total = len(plan)
    standards = standards_in_order()
    shot = f"observation_{viewport}"

    page = open_page(viewport)
    sign_in(page, live_server.url, "kierownik.km")
    page.goto(f"{live_server.url}/obserwacja")
    wait_for_app(page)
    page.get_by_text("Nowa obserwacja").wait_for()
    page.get_by_role("button", name="Rozpocznij obserwację").wait_for()
    settle(page)

    # start screen: employee, one difficult situation
    check_layout(page)
    employee = page.locator('[data-testid="stSelectbox"]', has_text="Pracownik")
    employee.click()
    page.get_by_role("option", name="Kowalska Anna").click()
    settle(page)
    page.get_by_role("button", name="Skarga", exact=True).click()
    page.locator('[aria-pressed="true"]', has_text="Skarga").wait_for()
    settle(page)
    snapshot(page, f"{shot}_1_start")
    page.get_by_role("button", name="Rozpocznij obserwację").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('obserwacja')")
    wait_for_progress(page, 0, total)
    settle(page)
    observation_id = uuid.UUID(re.search(r"obserwacja=([0-9a-f-]+)", page.url).group(1))

    answered = 0
    reload_after = len(standards) // 2  # reload inside the standard after the first half
    for number, standard in enumerate(standards):
        items = item_ids_on_screen(page, observation_id)
        assert items, f"no items for {standard.id}"
        assert set(items) == {i for i, e in plan.items() if CHECKLISTS.entry(i).standard.id == standard.id}
        check_layout(page)
        if number == 0:
            snapshot(page, f"{shot}_2_items")
        for position, item_id in enumerate(items):
            if number == reload_after and position == len(items) // 2:
                page.reload()
                wait_for_app(page)
                wait_for_progress(page, answered, total)
                settle(page)
                assert f"obserwacja={observation_id}" in page.url
                assert step_label(page, observation_id).startswith(f"{standard.order}. ")
                for done in items[:position]:
                    assert selected_answer(page, observation_id, done) == LABELS[plan[done]]
                assert selected_answer(page, observation_id, item_id) is None
                snapshot(page, f"{shot}_3_after_reload")
            answered += 1
            tap_answer(page, observation_id, item_id, plan[item_id], answered, total)
            if plan[item_id] is Answer.NOT_MET and CHECKLISTS.entry(item_id).item.critical:
                type_comment(page, observation_id, item_id, CRITICAL_COMMENT)
        settle(page)
        following = standards[number + 1] if number + 1 < len(standards) else None
        go_next(page, observation_id, f"{following.order}. " if following else "Podsumowanie")

    # summary: no problem left, notes, send
    assert answered == total
    wait_for_progress(page, total, total)
    page.get_by_role("button", name="Wyślij obserwację").wait_for()
    assert page.get_by_text("wymaga komentarza").count() == 0
    assert no_horizontal_scroll(page)
    for key, text in (
        (f"notes_good_{observation_id}", NOTES_GOOD),
        (f"notes_improve_{observation_id}", NOTES_IMPROVE),
    ):
        area = page.locator(f".st-key-{key} textarea")
        area.fill(text)
        area.press("Tab")
        committed(page, key)
    snapshot(page, f"{shot}_4_summary")
    page.get_by_role("button", name="Wyślij obserwację").click()
    page.get_by_text("Obserwacja wysłana.").wait_for()
    settle(page)
    # the confirmation is in view: the sent screen opens at its top, not where "Wyślij" was
    page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop === 0")
    assert page.get_by_text("Obserwacja wysłana.").bounding_box()["y"] < page.viewport_size["height"]
    assert no_horizontal_scroll(page)
    snapshot(page, f"{shot}_5_sent")

    live_server.stop()
    db = live_server.open_database()
    try:
        assert db.query("SELECT id, status FROM observations") == [(observation_id, "sent")]
        stored = repository.get_observation(db, observation_id)
        assert stored["employee_id"] == seeded["employee"]
        assert stored["modules"] == [MODULE]
        assert (stored["notes_good"], stored["notes_improve"]) == (NOTES_GOOD, NOTES_IMPROVE)
        answers = {a["item_id"]: (a["answer"], a["comment"]) for a in stored["answers"]}
        assert answers == {
            item_id: (
                answer.value,
                CRITICAL_COMMENT
                if answer is Answer.NOT_MET and CHECKLISTS.entry(item_id).item.critical
                else None,
            )
            for item_id, answer in plan.items()
        }
        expected = score_observation(CHECKLISTS, list(answers), {k: v for k, (v, _) in answers.items()})
        assert stored["score"] == pytest.approx(expected.overall.score)
        assert (
            stored["n_met"],
            stored["n_not_met"],
            stored["n_not_applicable"],
            stored["n_not_observed"],
        ) == (
            expected.overall.met,
            expected.overall.not_met,
            expected.overall.not_applicable,
            expected.overall.not_observed,
        )
        assert stored["n_critical"] == len(expected.critical_breaches) == 1
        per_standard = {
            row[0]: row[1:]
            for row in db.query(
                "SELECT standard_id, score, n_met, n_not_met, n_not_applicable, n_not_observed "
                "FROM observation_standard_scores WHERE observation_id = ?",
                [observation_id],
            )
        }
        assert per_standard.keys() == expected.by_standard.keys()
        for standard_id, tally in expected.by_standard.items():
            score, met, not_met, not_applicable, not_observed = per_standard[standard_id]
            assert score == pytest.approx(tally.score), standard_id
            assert (met, not_met, not_applicable, not_observed) == (
                tally.met,
                tally.not_met,
                tally.not_applicable,
                tally.not_observed,
            )
    finally:
        db.close()
