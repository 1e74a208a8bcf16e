"""Moderation in bulk and the administration forms in Chromium on a landscape tablet (1024 x 768),
opened by URL (issue 13).

(a) Management ticks two client comments, approves them after a confirmation that counts them,
then selects all the rest and hides them with one reason. (b) The administrator adds a department,
an employee and an account: the account starts as an employee's, and each addition is confirmed by
a message that survives the rerun. After each journey the server stops and the database must hold
exactly that. Screenshots: test-artifacts/moderation_tablet_*.png, admin_tablet_*.png.
"""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from accounts.service import create_account
from storage.db import now
from storage.departments import add_department
from storage.employees import add_employee
from tests.browser.conftest import no_horizontal_scroll, sign_in, wait_for_app
from tests.browser.test_people import cut_text, full_shot, open_path, small_targets
from tests.conftest import PASSWORD
from tests.seeding import add_account, add_ratings

COMMENTS = [
    "Długo czekałam na numerek.",
    "Pani była bardzo pomocna.",
    "Brak długopisów przy stoliku.",
    "Szybko i sprawnie.",
    "Za mało miejsc siedzących.",
]
REASON = "Komentarze z próbnego uruchomienia kiosku."
# Streamlit's own English that must not show on a Polish screen
ENGLISH = ("Choose an option", "Choose options", "Select all", "Press Enter", "Ctrl+Enter", "No results")


def seed(server) -> None:
    db = server.open_database()
    try:
        create_account(db, login="admin", password=PASSWORD, role="admin", display_name="Admin", actor="test")
        add_account(db, "zarzad", "management", "Zofia Zarząd")
        km = add_department(db, "KM", "Wydział Komunikacji", "test")
        add_employee(db, {"department_id": km, "first_name": "Jan", "last_name": "Nowak"}, "test")
        add_ratings(
            db,
            km,
            now() - timedelta(hours=3),
            [4] * len(COMMENTS),
            comment=COMMENTS,
            comment_status="pending",
        )
    finally:
        db.close()


def check_screen(page) -> None:
    """Fits the tablet, nothing cut, every control a touch target, no Streamlit English."""
    assert no_horizontal_scroll(page)
    cut = cut_text(page)
    assert not cut, cut
    small = small_targets(page)
    assert not small, "\n".join(small)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert not [word for word in ENGLISH if word in text]


def pick(page, comment: str) -> None:
    """Tick the checkbox of the card that shows `comment`."""
    card = page.locator('[data-testid="stMain"] [data-testid="stVerticalBlock"]', has_text=comment).last
    card.locator('[data-testid="stCheckbox"] label').click()
    wait_for_app(page)


def test_management_approves_and_hides_comments_in_bulk(live_server, open_page):
    seed(live_server)
    live_server.start()
    page = open_page("tablet_landscape")
    sign_in(page, live_server.url, "zarzad")
    open_path(page, live_server.url, "moderacja")
    main = page.locator('[data-testid="stMain"]')
    main.get_by_role("heading", name="Moderacja komentarzy Klientów").wait_for()
    expect(main.get_by_role("button", name="Zatwierdź zaznaczone (0)")).to_be_disabled()
    check_screen(page)
    full_shot(page, "moderation_tablet_1_list")

    pick(page, COMMENTS[0])
    pick(page, COMMENTS[2])
    main.get_by_role("button", name="Zatwierdź zaznaczone (2)").click()
    main.get_by_text("Zatwierdzić 2 komentarze? Będą widoczne w analizach na pulpicie.").wait_for()
    wait_for_app(page)
    check_screen(page)
    full_shot(page, "moderation_tablet_2_confirm")
    main.get_by_role("button", name="Tak, zatwierdź 2 komentarze").click()
    main.get_by_text("Zatwierdzono 2 komentarze.").wait_for()
    wait_for_app(page)
    for comment in (COMMENTS[0], COMMENTS[2]):
        expect(main.get_by_text(comment, exact=True)).to_have_count(0)

    main.get_by_text("Zaznacz wszystkie (3 komentarze)").click()
    wait_for_app(page)
    main.get_by_role("button", name="Ukryj zaznaczone (3)").click()
    main.get_by_label("Powód ukrycia").first.wait_for()
    wait_for_app(page)
    page.locator(".st-key-bulk_reason input").fill(REASON)
    check_screen(page)
    full_shot(page, "moderation_tablet_3_hide_confirm")
    main.get_by_role("button", name="Tak, ukryj 3 komentarze").click()
    main.get_by_text("Ukryto 3 komentarze.").wait_for()
    main.get_by_text("Brak komentarzy do moderacji.").wait_for()
    wait_for_app(page)
    check_screen(page)
    full_shot(page, "moderation_tablet_4_done")

    live_server.stop()
    db = live_server.open_database()
    try:
        rows = dict(
            (
                (comment, (status, reason))
                for comment, status, reason in db.query(
                    "SELECT comment, comment_status, moderation_reason FROM client_ratings"
                )
            )
        )
        assert rows == {
            comment: ("approved", None) if index in (0, 2) else ("hidden", REASON)
            for index, comment in enumerate(COMMENTS)
        }
        entries = db.query(
            "SELECT json_extract_string(after, '$.status'), count(*) FROM audit_log "
            "WHERE action = 'moderate' AND actor = 'zarzad' GROUP BY ALL ORDER BY 1"
        )
        assert entries == [("approved", 2), ("hidden", 3)]
    finally:
        db.close()


def test_the_administrator_adds_a_department_an_employee_and_an_account(live_server, open_page):
    seed(live_server)
    live_server.start()
    page = open_page("tablet_landscape")
    sign_in(page, live_server.url, "admin")
    main = page.locator('[data-testid="stMain"]')

    open_path(page, live_server.url, "wydzialy")
    add = page.locator('[data-testid="stForm"]', has_text="Nowy wydział")
    code, name = (add.get_by_role("textbox", name=label, exact=True) for label in ("Kod", "Nazwa"))
    code.fill("km")  # taken: refused, and what was typed stays to be corrected
    name.fill("Wydział Ochrony Środowiska")
    add.get_by_role("button", name="Dodaj").click()
    add.get_by_text("Wydział o kodzie KM już istnieje.").wait_for()
    wait_for_app(page)
    expect(code).to_have_value("km")
    expect(name).to_have_value("Wydział Ochrony Środowiska")
    code.fill("or")
    add.get_by_role("button", name="Dodaj").click()
    main.get_by_text("Dodano wydział OR.").wait_for()
    wait_for_app(page)
    for field in (code, name):  # stored: the form is empty for the next one
        expect(field).to_have_value("")
    check_screen(page)
    full_shot(page, "admin_tablet_1_department")

    open_path(page, live_server.url, "pracownicy")
    add = page.locator('[data-testid="stForm"]', has_text="Nowy pracownik")
    add.get_by_role("textbox", name="Imię", exact=True).fill("Marek")
    add.get_by_role("textbox", name="Nazwisko", exact=True).fill("Lis")
    add.get_by_role("button", name="Dodaj").click()
    main.get_by_text("Dodano pracownika: Marek Lis.").wait_for()
    wait_for_app(page)
    full_shot(page, "admin_tablet_2_employee")

    open_path(page, live_server.url, "konta")
    add = page.locator('[data-testid="stForm"]', has_text="Nowe konto")
    role = add.locator('[data-testid="stSelectbox"]', has_text="Rola")
    expect(role.locator("input")).to_have_value("Pracownik")  # least privilege by default
    expect(add.locator('[data-testid="stMultiSelect"] input')).to_have_attribute(
        "placeholder", "Wybierz wydziały…"
    )
    add.get_by_role("textbox", name="Imię i nazwisko", exact=True).fill("Marek Lis")
    add.get_by_role("textbox", name="Login", exact=True).fill("m.lis")
    add.get_by_role("textbox", name="Hasło", exact=True).fill("Zielony-Kubek-47")
    link = add.get_by_role("combobox", name="Powiązany pracownik (dla roli Pracownik)")
    link.click()
    link.fill("Lis")
    page.get_by_role("option", name="Lis Marek (Wydział Komunikacji)").click()
    expect(link).to_have_value("Lis Marek (Wydział Komunikacji)")
    check_screen(page)
    full_shot(page, "admin_tablet_3_account_form")
    add.get_by_role("button", name="Dodaj").click()
    main.get_by_text("Dodano konto m.lis.").wait_for()
    wait_for_app(page)
    check_screen(page)
    full_shot(page, "admin_tablet_4_account_added")

    live_server.stop()
    db = live_server.open_database()
    try:
        assert db.query("SELECT name FROM departments WHERE code = 'OR'") == [("Wydział Ochrony Środowiska",)]
        assert db.query(
            "SELECT u.role, e.first_name, e.last_name FROM users u JOIN employees e ON e.id = u.employee_id "
            "WHERE u.login = 'm.lis'"
        ) == [("employee", "Marek", "Lis")]
    finally:
        db.close()
