"""A typical observation on a tablet in few taps, screens that fit, drafts that can be left and deleted.

Issue 13, item 1. The supervisor answers only what was not "Tak" and sets the rest of each
standard with one deliberate tap ("Pozostałe: „Tak” (N pozycji)"), seeing every standard's
step on the way. The test counts every tap it makes through the UI (a count, not a timing) and
checks the database with plain SQL. Screenshots: test-artifacts/compact_<viewport>_*.png.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest

from accounts.service import CurrentUser
from checklists.loading import current_checklists
from checklists.schema import Answer, Kind
from services import observations as service
from services.observations import StartRequest
from storage import users
from storage.db import now
from tests.browser.conftest import no_horizontal_scroll, screenshot, sign_in, wait_for_app
from tests.browser.test_observation_tablet import (
    CRITICAL_COMMENT,
    LABELS,
    MODULE,
    committed,
    seed,
    settle,
    standards_in_order,
    wait_for_progress,
)

CHECKLISTS = current_checklists()
MAX_TAPS = 40
MIN_ITEMS_IN_VIEW = 5
# Every pointer press the page receives, kept across reloads: proves the test's own count.
COUNT_PRESSES = """
window.addEventListener('pointerdown', () => {
    sessionStorage.setItem('presses', String(Number(sessionStorage.getItem('presses') || 0) + 1));
}, true);
"""


def typical_exceptions() -> dict[str, Answer]:
    """About 8 answers other than "Tak" in an in-person observation with a complaint: the first
    critical item "nie" (it needs a comment), the others spread over the standards."""
    entries = CHECKLISTS.entries_for(Kind.IN_PERSON, frozenset({MODULE}))
    critical = next(e.item.id for e in entries if e.item.critical)
    plan = {critical: Answer.NOT_MET}
    others = [Answer.NOT_APPLICABLE, Answer.NOT_OBSERVED, Answer.NOT_MET]
    for number, index in enumerate((8, 15, 24, 33, 46, 62, 75)):
        item_id = entries[index].item.id
        if not entries[index].item.critical:
            plan[item_id] = others[number % len(others)]
    assert 7 <= len(plan) <= 9
    return plan


class Taps:
    """Every tap of the test goes through here, so the count is the supervisor's."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def __call__(self, locator) -> None:
        self.count += 1
        locator.click()

    def presses(self) -> int:
        return int(self.page.evaluate("() => Number(sessionStorage.getItem('presses') || 0)"))


def items_in_view(page) -> int:
    """Checklist items wholly inside the viewport (the answer buttons included)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[class*="st-key-item_"]')].filter(node => {
            const r = node.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
        }).length"""
    )


def sidebar_open(page) -> bool:
    return page.evaluate(
        "() => { const s = document.querySelector('[data-testid=\"stSidebar\"]');"
        " return !!s && s.getAttribute('aria-expanded') === 'true' && s.getBoundingClientRect().width > 50; }"
    )


def small_targets(page) -> list:
    """Buttons, answer options and fields of the page smaller than 44 x 44 CSS px. A select is
    measured as its whole box; the date field's calendar icon is left out (a tap anywhere on
    the field opens the calendar)."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
                '[data-testid="stMain"] button:not([data-testid="stDateInput"] button),'
                + ' [data-testid="stMain"] [role="radio"], [data-testid="stMain"] [data-baseweb="select"],'
                + ' [data-testid="stMain"] input:not([role="combobox"])'
            )].map(n => [n.innerText || n.getAttribute('aria-label') || n.tagName, n.getBoundingClientRect()])
            .filter(([, r]) => r.width > 0 && (r.width < 44 || r.height < 44))
            .map(([text, r]) => [text, Math.round(r.width), Math.round(r.height)])"""
    )


def clipped_tables(page) -> list[str]:
    """Tables or cells whose content is wider than their box (cut or scrolled sideways)."""
    return page.evaluate(
        """() => {
            const cut = [];
            for (const table of document.querySelectorAll('[data-testid="stTable"]')) {
                if (table.scrollWidth > table.clientWidth + 1) cut.push('table: ' + table.innerText.slice(0, 40));
                for (const cell of table.querySelectorAll('th, td')) {
                    if (cell.scrollWidth > cell.clientWidth + 1) cut.push('cell: ' + cell.innerText);
                }
                const box = table.getBoundingClientRect();
                if (box.right > window.innerWidth + 1) cut.push('off screen: ' + box.right);
            }
            return cut;
        }"""
    )


def start(page, taps: Taps, base_url: str) -> uuid.UUID:
    page.goto(f"{base_url}/obserwacja")
    wait_for_app(page)
    page.get_by_role("button", name="Rozpocznij obserwację").wait_for()
    settle(page)
    taps(page.locator('[data-testid="stSelectbox"]', has_text="Pracownik"))
    taps(page.get_by_role("option", name="Kowalska Anna"))
    settle(page)
    taps(page.get_by_role("button", name="Skarga", exact=True))
    page.locator('[aria-pressed="true"]', has_text="Skarga").wait_for()
    settle(page)
    taps(page.get_by_role("button", name="Rozpocznij obserwację"))
    page.wait_for_function("() => new URLSearchParams(location.search).get('obserwacja')")
    settle(page)
    return uuid.UUID(re.search(r"obserwacja=([0-9a-f-]+)", page.url).group(1))


@pytest.mark.parametrize("viewport", ["tablet_landscape", "tablet_portrait"])
def test_a_typical_observation_takes_at_most_40_taps_and_stores_what_was_tapped(
    live_server, open_page, viewport
):
    seed(live_server)
    live_server.start()
    exceptions = typical_exceptions()
    standards = standards_in_order()
    total = len(CHECKLISTS.entries_for(Kind.IN_PERSON, frozenset({MODULE})))
    shot = f"compact_{viewport}"

    page = open_page(viewport)
    page.add_init_script(COUNT_PRESSES)
    sign_in(page, live_server.url, "kierownik.km")
    taps = Taps(page)
    taps.count = 0
    page.evaluate("() => sessionStorage.setItem('presses', '0')")  # the sign-in is not the observation
    observation_id = start(page, taps, live_server.url)
    wait_for_progress(page, 0, total)
    settle(page)

    answered = 0
    for number, standard in enumerate(standards):
        ids = [e.item.id for e in CHECKLISTS.entries_for(Kind.IN_PERSON, frozenset({MODULE}))]
        mine = [i for i in ids if CHECKLISTS.entry(i).standard.id == standard.id]
        page.locator(f'[class*="st-key-item_{observation_id}_{mine[0]}"]').wait_for()
        assert no_horizontal_scroll(page)
        if number == 1:  # the first standard with more than five items
            screenshot(page, f"{shot}_1_items")
            if viewport == "tablet_landscape":
                assert not sidebar_open(page)
                assert items_in_view(page) >= MIN_ITEMS_IN_VIEW
            assert not small_targets(page)
        for item_id in mine:
            if item_id not in exceptions:
                continue
            container = page.locator(f".st-key-answer_{observation_id}_{item_id}")
            taps(container.get_by_role("radio", name=LABELS[exceptions[item_id]], exact=True))
            answered += 1
            wait_for_progress(page, answered, total)
            settle(page)
            if exceptions[item_id] is Answer.NOT_MET and CHECKLISTS.entry(item_id).item.critical:
                field = page.locator(f".st-key-comment_{observation_id}_{item_id} input")
                taps(field)
                field.fill(CRITICAL_COMMENT)
                field.press("Enter")
                committed(page, f"comment_{observation_id}_{item_id}")
        rest = len([i for i in mine if i not in exceptions])
        if rest:
            button = page.get_by_role("button", name=re.compile("^Pozostałe: „Tak”"))
            assert re.search(rf"\({rest} pozycj", button.inner_text()), button.inner_text()
            taps(button)
            answered += rest
            wait_for_progress(page, answered, total)
            settle(page)
            # the items set together are marked so, and only they
            marked = page.locator(f'[class*="st-key-item_{observation_id}_"]', has_text="zbiorczo")
            assert marked.count() == rest
            assert page.get_by_text(re.compile(r"Ustawione jednym przyciskiem")).count() == 1
            if number in (0, 3):
                screenshot(page, f"{shot}_2_standard_{number + 1}_set_together")
        following = standards[number + 1] if number + 1 < len(standards) else None
        taps(page.get_by_role("button", name="Dalej"))
        page.wait_for_function(
            "([selector, prefix]) => (document.querySelector(selector)?.value || '').startsWith(prefix)",
            arg=[
                f".st-key-observe_step_{observation_id} input",
                f"{following.order}. " if following else "Podsumowanie",
            ],
        )
        settle(page)

    assert answered == total
    send = page.get_by_role("button", name="Wyślij obserwację")
    send.wait_for()
    assert not clipped_tables(page)
    screenshot(page, f"{shot}_3_summary")
    taps(send)
    page.get_by_text("Obserwacja wysłana.").wait_for()
    settle(page)
    screenshot(page, f"{shot}_4_sent")

    print(f"{viewport}: a typical observation in {taps.count} taps")  # for the report (pytest -s)
    assert taps.count <= MAX_TAPS, f"{taps.count} taps"
    assert taps.presses() == taps.count, "the page received a press the test did not count"

    live_server.stop()
    db = live_server.open_database()
    try:
        assert db.query("SELECT status FROM observations WHERE id = ?", [observation_id]) == [("sent",)]
        stored = {
            item_id: (answer, comment, together)
            for item_id, answer, comment, together in db.query(
                "SELECT item_id, answer, comment, set_together_at IS NOT NULL "
                "FROM observation_answers WHERE observation_id = ?",
                [observation_id],
            )
        }
        expected = {
            entry.item.id: (
                (
                    exceptions[entry.item.id].value,
                    CRITICAL_COMMENT
                    if exceptions[entry.item.id] is Answer.NOT_MET and entry.item.critical
                    else None,
                    False,
                )
                if entry.item.id in exceptions
                else ("tak", None, True)
            )
            for entry in CHECKLISTS.entries_for(Kind.IN_PERSON, frozenset({MODULE}))
        }
        assert stored == expected
    finally:
        db.close()


LONG_COMMENT = (
    "Pracownik rozmawiał przez telefon prywatny w trakcie obsługi i dwukrotnie przerwał rozmowę z "
    "Klientem; Klient czekał ponad trzy minuty na dokończenie sprawy."
)


def seed_observations(server) -> dict:
    """The seeded office with one sent observation (a comment on every "nie") and one draft."""
    seeded = seed(server)
    db = server.open_database()
    try:
        supervisor = CurrentUser.from_row(users.get_by_login(db, "kierownik.km"))
        ids = {}
        for name, when in (("sent", timedelta(hours=2)), ("draft", timedelta(hours=1))):
            ids[name] = service.start(
                db,
                CHECKLISTS,
                supervisor,
                StartRequest(
                    observation_id=uuid.uuid4(),
                    kind=Kind.IN_PERSON,
                    department_id=seeded["department"],
                    employee_id=seeded["employee"],
                    observed_at=now() - when,
                    modules=frozenset({MODULE}),
                ),
            )
        entries = CHECKLISTS.entries_for(Kind.IN_PERSON, frozenset({MODULE}))
        for index, entry in enumerate(entries[:6]):
            answer = Answer.NOT_MET if index % 3 == 0 else Answer.NOT_APPLICABLE
            comment = LONG_COMMENT if answer is Answer.NOT_MET else None
            service.record_answer(db, CHECKLISTS, supervisor, ids["sent"], entry.item.id, answer, comment)
        service.answer_rest(db, CHECKLISTS, supervisor, ids["sent"], Answer.MET)
        service.send(db, CHECKLISTS, supervisor, ids["sent"])
    finally:
        db.close()
    return ids


@pytest.mark.parametrize("viewport", ["tablet_landscape", "tablet_portrait"])
def test_the_tables_of_an_observation_fit_a_tablet_with_nothing_cut(live_server, open_page, viewport):
    ids = seed_observations(live_server)
    live_server.start()
    shot = f"compact_{viewport}"
    page = open_page(viewport)
    sign_in(page, live_server.url, "kierownik.km")

    # "Moje obserwacje": the list with score and critical breaches, then the answers with comments
    page.goto(f"{live_server.url}/moje-obserwacje")
    wait_for_app(page)
    page.get_by_text("Naruszenia krytyczne").first.wait_for()
    settle(page)
    for header in ("Kiedy", "Pracownik", "Wynik", "Naruszenia krytyczne"):
        assert page.locator('[data-testid="stTable"] th', has_text=header).first.is_visible()
    page.get_by_text("Odpowiedzi", exact=True).click()
    page.get_by_text(LONG_COMMENT).first.wait_for()
    settle(page)
    assert page.get_by_text("Tak (zbiorczo)").first.is_visible()
    assert page.get_by_text("Nie dotyczy").first.is_visible()
    assert page.get_by_text("nie_dotyczy").count() == 0
    assert not clipped_tables(page)
    assert no_horizontal_scroll(page)
    screenshot(page, f"{shot}_5_my_observations")
    page.get_by_text(LONG_COMMENT).first.scroll_into_view_if_needed()
    screenshot(page, f"{shot}_6_answers")

    # the sent observation's summary on the observation page
    page.goto(f"{live_server.url}/obserwacja?obserwacja={ids['sent']}")
    wait_for_app(page)
    page.locator('[data-testid="stTable"]').wait_for()
    settle(page)
    for header in ("Standard", "Wynik", "Nie dotyczy", "Nie zaobserwowano"):
        assert page.locator('[data-testid="stTable"] th', has_text=header).first.is_visible()
    assert not clipped_tables(page)
    assert no_horizontal_scroll(page)
    screenshot(page, f"{shot}_7_sent_summary")


def test_the_observation_link_leaves_a_draft_for_the_start_screen_where_drafts_are_resumed_or_deleted(
    live_server, open_page
):
    ids = seed_observations(live_server)
    live_server.start()
    shot = "compact_tablet_portrait"
    page = open_page("tablet_portrait")
    sign_in(page, live_server.url, "kierownik.km")
    page.goto(f"{live_server.url}/obserwacja?obserwacja={ids['draft']}")
    wait_for_app(page)
    page.get_by_text("Odpowiedzi: 0 z").wait_for()
    settle(page)

    # the menu's "Obserwacja" link (in the drop-down where the screen is narrow)
    link = page.locator('[data-testid="stPageLink"] a:visible', has_text="Obserwacja")
    if not link.count():
        page.get_by_role("button", name=re.compile("^Menu")).click()
    link.first.click()
    page.get_by_role("button", name="Rozpocznij obserwację").wait_for()
    settle(page)
    # the address bar follows, so a reload stays on the start screen
    page.wait_for_function("() => !new URLSearchParams(location.search).get('obserwacja')")
    draft = page.locator(f".st-key-draft_{ids['draft']}")
    assert draft.get_by_role("button", name="Wznów").is_visible()
    assert not small_targets(page)
    screenshot(page, f"{shot}_8_start_with_draft")

    # "Usuń" asks for the reason first
    draft.get_by_role("button", name="Usuń").click()
    confirm = page.get_by_role("button", name="Tak, usuń szkic")
    confirm.click()
    page.get_by_text("Pole „Powód usunięcia” jest wymagane.").wait_for()
    field = page.locator(f".st-key-draft_reason_{ids['draft']} input")
    field.fill("Pomyłka – nie ten pracownik")
    field.press("Enter")
    committed(page, f"draft_reason_{ids['draft']}")
    screenshot(page, f"{shot}_9_delete_draft")
    page.get_by_role("button", name="Tak, usuń szkic").click()
    page.get_by_text("Szkic obserwacji usunięty.").wait_for()
    settle(page)
    assert page.locator(f".st-key-draft_{ids['draft']}").count() == 0
    screenshot(page, f"{shot}_10_draft_deleted")

    live_server.stop()
    db = live_server.open_database()
    try:
        assert db.query("SELECT status, delete_reason FROM observations WHERE id = ?", [ids["draft"]]) == [
            ("deleted", "Pomyłka – nie ten pracownik")
        ]
        assert db.query(
            "SELECT actor, action, json_extract_string(after, '$.reason') FROM audit_log "
            "WHERE entity = 'observation' AND entity_id = ?",
            [str(ids["draft"])],
        ) == [("kierownik.km", "delete", "Pomyłka – nie ten pracownik")]
    finally:
        db.close()
