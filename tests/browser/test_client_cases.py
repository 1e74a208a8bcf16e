"""Client cases in Chromium. On a phone (390 x 844) a client rates on the QR form of KM
(/?dzial=KM), asks for a reply, is refused for a wrong e-mail and a missing consent and sends;
KM's supervisor signs in, finds the case in "Sprawy klientów", answers and closes it. On a kiosk
the idle reset clears a half-filled reply request, so the next client sees none of it.
Screenshots: test-artifacts/cases_*.png.

Timers come from JAKOSC_KIOSK_*_SECONDS, set before the server starts (it inherits os.environ).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from accounts.service import CurrentUser, create_account, set_own_email
from i18n import MESSAGES, format_date
from storage import kiosks, users
from storage.db import now
from storage.departments import add_department
from tests.browser.conftest import no_horizontal_scroll, screenshot, sign_in, wait_for_app
from tests.browser.staff_office import open_path
from tests.browser.test_accessibility import audit
from tests.browser.test_kiosk import choose_overall, heading, open_form, photograph, send, tap, timers
from tests.browser.test_staff_accessibility import small_targets
from tests.conftest import PASSWORD
from tests.mail_server import MailServer, use_for_notifications
from tests.seeding import add_account

REQUEST = "Kiedy będzie gotowy mój dowód rejestracyjny? Złożyłem wniosek 3 listopada."
REPLY = "Dowód jest gotowy do odbioru od 25.11.2026 w okienku nr 3."
CLIENT_ADDRESS = "jan.kowalski@example.pl"
HEAD_ADDRESS = "kierownik.km@grojec.pl"  # KM's head: the department's cases reach him


def msg(key: str, language: str = "pl", **values) -> str:
    text = MESSAGES[key][language]
    return text.format(**values) if values else text


def seed(server, smtp_port: int | None = None) -> dict:
    """KM and GK, an administrator, KM's supervisor (with an e-mail address) and a kiosk not bound
    to a department; with `smtp_port`, notifications go to the test's SMTP server there. The file
    is closed again before the server opens it."""
    db = server.open_database()
    try:
        km = add_department(db, "KM", "Wydział Komunikacji", "test")
        add_department(db, "GK", "Wydział Geodezji i Kartografii", "test")
        admin = create_account(
            db, login="admin", password=PASSWORD, role="admin", display_name="Admin", actor="test"
        )
        supervisor = add_account(db, "kierownik.km", "supervisor", "Kierownik KM", [km])
        set_own_email(db, CurrentUser.from_row(users.get_user(db, supervisor)), HEAD_ADDRESS)
        if smtp_port is not None:
            use_for_notifications(db, admin, smtp_port)
        _, token = kiosks.add_kiosk(db, "Hol główny", None, "test")
    finally:
        db.close()
    return {"KM": km, "token": token}


def stored_cases(server) -> list[dict]:
    server.stop()  # the server owns the file until it stops
    db = server.open_database()
    try:
        return db.query_dicts("SELECT * FROM client_cases ORDER BY created_at")
    finally:
        db.close()


def type_into(page, label: str, text: str) -> None:
    """Type into a field and leave it: Streamlit takes a field's value when it loses focus. While
    it is focused, no English hint of Streamlit's ("Press Enter to apply") shows under it."""
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    shown = page.locator('[data-testid="stMain"]').inner_text()
    assert "Press" not in shown and "apply" not in shown, shown
    field.blur()
    wait_for_app(page)


def open_reply_request(page) -> None:
    tap(page.get_by_role("button", name=msg("survey.reply.open")))
    heading(page, "survey.reply.title").wait_for()


@pytest.fixture
def smtp():
    server = MailServer().start()
    yield server
    server.stop()


def test_a_client_asks_on_a_phone_the_head_is_mailed_answers_and_closes_and_retention_forgets_the_contact(
    live_server, open_page, monkeypatch, smtp
):
    """The whole reply loop: the department's head receives the e-mail (captured by a real SMTP
    server; it carries none of the client's data), answers and closes the case, and the
    administrator's retention run (contact period 0 days here) removes the contact data from the
    table and from the database file."""
    data = seed(live_server, smtp.port)
    timers(monkeypatch)  # no timer fires during the test
    monkeypatch.setenv("JAKOSC_MAIL_SWEEP_SECONDS", "1")
    monkeypatch.setenv("JAKOSC_CASE_CONTACT_DAYS", "0")
    live_server.start()
    page = open_page("phone")
    open_form(page, f"{live_server.url}/?dzial=KM")
    choose_overall(page, 2)
    send(page, "pl")
    screenshot(page, "cases_phone_thanks_offer")
    open_reply_request(page)
    assert "sprawa=" in page.url
    expect(page.get_by_text(msg("survey.reply.consent_text", days=30)[:60])).to_be_visible()
    type_into(page, msg("survey.reply.request"), REQUEST)
    type_into(page, msg("survey.reply.name"), "Jan Kowalski")
    type_into(page, msg("survey.reply.email"), "jan.kowalski@example")
    tap(page.get_by_role("button", name=msg("survey.reply.send")))
    page.get_by_text(msg("survey.reply.error.email_invalid")).wait_for()
    assert page.locator('[data-testid="stMain"] a').count() == 0  # no link away from the form
    photograph(page, "cases_phone_refused_email")
    type_into(page, msg("survey.reply.email"), CLIENT_ADDRESS)
    tap(page.get_by_role("button", name=msg("survey.reply.send")))
    page.get_by_text(msg("survey.reply.error.consent_missing")).wait_for()
    tap(page.get_by_text(msg("survey.reply.consent"), exact=True))
    assert no_horizontal_scroll(page)
    assert not small_targets(page), small_targets(page)
    consent = page.locator('[data-testid="stCheckbox"] label').bounding_box()
    assert consent["height"] >= 44, consent  # the consent box with its label: a touch target
    audit(page, "the reply request on a phone")
    photograph(page, "cases_phone_request_filled")
    tap(page.get_by_role("button", name=msg("survey.reply.send")))
    heading(page, "survey.reply.sent_title").wait_for()
    due = now().date() + timedelta(days=14)
    expect(page.get_by_text(msg("survey.reply.sent_body", due=format_date(due)))).to_be_visible()
    assert "sprawa=" not in page.url
    screenshot(page, "cases_phone_request_received")

    [mail] = smtp.wait_for(1)
    assert mail.recipients == [HEAD_ADDRESS]
    assert mail.message["Subject"] == "Nowa sprawa Klienta – Wydział Komunikacji"
    body = mail.message.get_content()
    assert format_date(due) in body
    assert not any(private in body for private in (CLIENT_ADDRESS, "Kowalski", REQUEST[:20]))

    staff = open_page("phone")
    staff.set_default_timeout(45_000)
    sign_in(staff, live_server.url, "kierownik.km")
    open_path(staff, live_server.url, "sprawy-klientow")
    assert "Otwarte: 1 · Po terminie: 0 · Zamknięte: 0" in staff.inner_text("body")
    staff.get_by_label(msg("cases.choose"), exact=True).click()
    staff.get_by_role("option").first.click()
    wait_for_app(staff)
    staff.get_by_text(CLIENT_ADDRESS, exact=False).first.wait_for()
    link = staff.get_by_role("link", name=msg("cases.raise_action"))
    href = link.get_attribute("href")
    type_into(staff, msg("cases.reply"), REPLY)
    audit(staff, "a client case opened on a phone")
    assert not small_targets(staff), small_targets(staff)
    screenshot(staff, "cases_phone_supervisor_reply")
    tap(staff.get_by_role("button", name=msg("cases.close")))
    staff.get_by_text(msg("cases.closed")).wait_for()
    assert "Otwarte: 0 · Po terminie: 0 · Zamknięte: 1" in staff.inner_text("body")
    assert no_horizontal_scroll(staff)
    screenshot(staff, "cases_phone_supervisor_closed")

    admin = open_page("laptop")
    admin.set_default_timeout(45_000)
    sign_in(admin, live_server.url, "admin")
    open_path(admin, live_server.url, "retencja")
    admin.get_by_text(msg("retention.confirm", months=24)).click()
    admin.get_by_role("button", name=msg("retention.run")).click()
    admin.get_by_text(msg("retention.case_contacts", count=1, days=0)).wait_for()
    screenshot(admin, "cases_retention_run")

    [case] = stored_cases(live_server)
    assert (case["origin"], case["department_id"], case["status"]) == ("form", data["KM"], "closed")
    assert (case["request"], case["reply"], case["replied_by"]) == (REQUEST, REPLY, "kierownik.km")
    assert (case["contact_name"], case["contact_email"], case["contact_phone"]) == (None, None, None)
    assert case["contact_deleted_at"] is not None
    for file in (live_server.db_path, live_server.db_path.with_name(live_server.db_path.name + ".wal")):
        # on PostgreSQL retention's VACUUM FULL rewrites the tables (tests/unit/test_postgres_operations.py)
        assert not file.exists() or CLIENT_ADDRESS.encode() not in file.read_bytes(), file  # rewritten
    assert href == f"dzialania?wydzial=KM&zrodlo=sprawa&ref={case['id']}"
    assert len(smtp.received) == 1  # one case, one message, however many sweeps


def test_the_kiosk_idle_reset_clears_a_half_filled_request(live_server, open_page, monkeypatch):
    data = seed(live_server)
    timers(monkeypatch, idle="4", warning="4")
    live_server.start()
    page = open_page("kiosk")
    open_form(page, f"{live_server.url}/?kiosk={data['token']}")
    choose_overall(page, 1)
    send(page, "pl")
    open_reply_request(page)
    type_into(page, msg("survey.reply.request"), REQUEST)
    type_into(page, msg("survey.reply.email"), CLIENT_ADDRESS)
    page.locator(".st-key-kiosk_idle_warning").wait_for(timeout=60_000)
    screenshot(page, "cases_kiosk_idle_warning")
    heading(page, "survey.title").wait_for(timeout=60_000)  # reset: the start screen
    wait_for_app(page)
    assert "sprawa=" not in page.url
    screenshot(page, "cases_kiosk_after_reset")

    choose_overall(page, 4)  # the next client
    send(page, "pl")
    open_reply_request(page)
    assert page.get_by_label(msg("survey.reply.request"), exact=True).input_value() == ""
    assert page.get_by_label(msg("survey.reply.email"), exact=True).input_value() == ""
    assert "jan.kowalski" not in page.locator("body").inner_text()
    screenshot(page, "cases_kiosk_next_client")
    assert stored_cases(live_server) == []
