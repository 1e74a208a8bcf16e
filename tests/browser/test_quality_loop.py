"""The improvement loop end to end in Chromium, at tablet (1024 x 768) and desktop (1440 x 900)
size: a critical breach in an observation → an action for the employee → a workplace training
recorded for it → the action closed → later observations → the effectiveness shown.

The server's clock cannot be moved, so time passes the other way: after the action is closed
the server stops and the whole history (observations, the action, its training) moves SHIFT days
into the past, as if the action had been closed then; the observations made since are added, and
a new server shows the check. The employee broke the critical item in 10 of 12 observations
before the action and in none of 6 after it: the item's share met goes from 2/12 to 6/6, whose
95 % intervals do not overlap ("poprawa"; with 3/7 before they would, and the check would say
"bez zmian"). Screenshots: test-artifacts/loop_<viewport>_*.png.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from accounts.service import create_account
from i18n import format_count, t
from storage.db import now
from storage.departments import add_department
from storage.employees import add_employee
from tests.browser.conftest import screenshot, sign_in, wait_for_app
from tests.browser.staff_office import open_path
from tests.conftest import PASSWORD
from tests.seeding import CHECKLISTS, add_account, add_observation

SHIFT = timedelta(days=100)  # how long ago, in the end, the action was raised and closed
STANDARD = CHECKLISTS.standards[0]
CRITICAL = next(item for item in STANDARD.items if item.critical)
TITLE = "Omówić z pracownikiem ocenianie Klientów przy innych interesantach"
TOPIC = "Dyskrecja przy okienku – szkolenie stanowiskowe"
NOTE = "Szkolenie stanowiskowe odbyte; zasada omówiona z całym zespołem."


def answers(critical_met: bool) -> dict[str, str]:
    """Every item of the standard met, the critical one as given."""
    return {item.id: "tak" if item is not CRITICAL or critical_met else "nie" for item in STANDARD.items}


def seed(server) -> dict:
    """KM with the employee Anna Nowak, KM's supervisor and eleven earlier observations of her by
    him (the critical item broken in nine), and today's one with the breach the loop starts from."""
    db = server.open_database()
    try:
        km = add_department(db, "KM", "Wydział Komunikacji", "test")
        employee = add_employee(
            db,
            {"department_id": km, "first_name": "Anna", "last_name": "Nowak", "position": "referent"},
            "test",
        )
        create_account(db, login="admin", password=PASSWORD, role="admin", display_name="Admin", actor="test")
        supervisor = add_account(db, "kierownik.km", "supervisor", "Kierownik KM", [km])
        moment = now().replace(microsecond=0)
        for days in range(80, 3, -7):  # 80, 73, …, 10: eleven
            observe(db, km, employee, supervisor, moment - timedelta(days=days), days in (73, 38))
        observe(db, km, employee, supervisor, moment - timedelta(hours=3), False)  # today's breach
    finally:
        db.close()
    return {"km": km, "employee": employee, "supervisor": supervisor}


def observe(db, department, employee, observer, at: datetime, critical_met: bool):
    return add_observation(
        db, department=department, employee=employee, observer=observer, at=at, answers=answers(critical_met)
    )


def time_passes(server, seeded: dict) -> None:
    """Move the history SHIFT days back and add the six observations made since the closure."""
    db = server.open_database()
    try:

        def move(cursor):
            for table, columns in {
                "observations": ("observed_at", "created_at", "updated_at", "sent_at"),
                "improvement_actions": ("created_at", "updated_at", "closed_at", "due_date"),
                "training_records": ("on_date", "created_at", "updated_at"),
            }.items():
                shifted = ", ".join(f"{column} = {column} - INTERVAL {SHIFT.days} DAY" for column in columns)
                cursor.execute(f"UPDATE {table} SET {shifted}")

        db.write(move)
        closed = db.scalar("SELECT closed_at FROM improvement_actions")
        for days in (5, 15, 30, 45, 60, 75):
            observe(
                db,
                seeded["km"],
                seeded["employee"],
                seeded["supervisor"],
                closed + timedelta(days=days),
                True,
            )
    finally:
        db.close()


def choose(page, label: str, option: str, within=None) -> None:
    """Pick `option` in the select box `label`, unless it is already the chosen one (a saved
    change keeps its action chosen, as the person expects)."""
    box = (within or page).get_by_role("combobox", name=label, exact=True)
    if box.input_value() == option:
        return
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option).first.click()
    wait_for_app(page)


def choose_action(page) -> None:
    choose(page, t("actions.action"), f"{TITLE} (Wydział Komunikacji)")


@pytest.mark.parametrize("viewport", ["tablet_landscape", "desktop"])
def test_a_critical_breach_becomes_an_action_training_and_a_checked_improvement(
    live_server, open_page, viewport
):
    seeded = seed(live_server)
    live_server.start()
    page = open_page(viewport)
    page.set_default_timeout(45_000)
    sign_in(page, live_server.url, "kierownik.km")

    # 1. the critical breach offers an action; the form comes filled from the observation
    open_path(page, live_server.url, "moje-obserwacje")
    page.get_by_text(f"Naruszenie krytyczne: „{CRITICAL.label}”").first.wait_for()
    page.get_by_role("link", name="Zaplanuj działanie", exact=True).first.click()
    page.get_by_text("Działanie z obserwacji z").first.wait_for()  # the caption (the reason repeats it)
    wait_for_app(page)
    page.get_by_label("Co zrobić", exact=True).fill(TITLE)
    choose(page, "Odpowiedzialny", "Kierownik KM")
    screenshot(page, f"loop_{viewport}_1_action_form")
    page.get_by_role("button", name="Zapisz działanie").click()
    page.get_by_text(f"Zapisano działanie „{TITLE}”.").wait_for()
    wait_for_app(page)

    # 2. training for the action, from the action's own link
    choose_action(page)
    page.get_by_role("link", name=t("actions.record_training")).click()
    form = page.locator("[data-testid='stForm']").first
    form.get_by_label("Temat").wait_for()
    wait_for_app(page)
    form.get_by_label("Temat").fill(TOPIC)
    screenshot(page, f"loop_{viewport}_2_training_form")
    form.get_by_role("button", name="Zapisz szkolenie").click()
    page.get_by_text("Zapisano w rejestrze szkoleń (wpisy: 1).").wait_for()
    wait_for_app(page)

    # 3. the action goes into progress, shows its training, and is closed with a note
    open_path(page, live_server.url, "dzialania")
    choose_action(page)
    expect(page.get_by_text(t("actions.training", count=1).replace("**", ""))).to_be_visible()
    expect(page.get_by_text(f"Anna Nowak: {TOPIC}", exact=False)).to_be_visible()
    tabs = page.get_by_test_id("stTabs")
    choose(page, t("actions.column.status"), t("actions.status.in_progress"), tabs)
    tabs.get_by_role("button", name=t("common.save"), exact=True).click()
    page.get_by_text(t("actions.changed")).wait_for()
    wait_for_app(page)
    choose_action(page)
    page.get_by_role("tab", name=t("actions.tab_close")).click()
    page.get_by_label(t("actions.close_note")).fill(NOTE)
    page.get_by_role("button", name=t("actions.close_button")).click()
    page.get_by_text(t("actions.closed")).wait_for()
    wait_for_app(page)
    screenshot(page, f"loop_{viewport}_3_closed")
    live_server.stop()

    # 4. a hundred days later, with six observations since the closure
    time_passes(live_server, seeded)
    live_server.start()
    page = open_page(viewport)
    page.set_default_timeout(45_000)
    sign_in(page, live_server.url, "kierownik.km")
    open_path(page, live_server.url, "dzialania")
    box = page.locator("[class*='st-key-effectiveness_']")
    box.wait_for()
    text = box.inner_text()
    assert f"{t('actions.verdict')}: {t('actions.verdict.improved')}" in text, text
    for n in (12, 6):  # before: the eleven earlier observations and the breach; after: the six since
        assert format_count(n, "observation") in text, text
    box.scroll_into_view_if_needed()
    screenshot(page, f"loop_{viewport}_4_effectiveness")
