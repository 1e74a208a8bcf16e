"""E-mail notifications end to end: `streamlit run server.py` with its sender thread sweeping every
second (JAKOSC_MAIL_SWEEP_SECONDS=1) and a real SMTP server (aiosmtpd) started by the test. A
manager raises an action for KM's supervisor in Chromium; the supervisor's message arrives, in
Polish, and the administrator's "Poczta e-mail" page shows it sent. Screenshots:
test-artifacts/mail_1_action_created.png, mail_2_admin_page.png, mail_3_outbox.png."""

from __future__ import annotations

import time

from accounts.service import CurrentUser, create_account, set_own_email
from storage import users
from storage.departments import add_department
from tests.browser.conftest import screenshot, sign_in, wait_for_app
from tests.conftest import PASSWORD
from tests.mail_server import MailServer, use_for_notifications

TITLE = "Ujednolicić powitanie Klienta – żółte kartki"
ADDRESS = "kierownik.km@grojec.pl"


def seed(server, smtp_port: int) -> None:
    """KM, an administrator, a manager and KM's supervisor with an address; mail set to the test's server."""
    db = server.open_database()
    try:
        km = add_department(db, "KM", "Wydział Komunikacji", "test")
        admin = create_account(
            db, login="admin", password=PASSWORD, role="admin", display_name="Admin", actor="t"
        )
        create_account(
            db, login="zarzad", password=PASSWORD, role="management", display_name="Zofia Zarząd", actor="t"
        )
        supervisor = create_account(
            db,
            login="kierownik.km",
            password=PASSWORD,
            role="supervisor",
            display_name="Kierownik KM",
            actor="t",
            department_ids=[km],
        )
        set_own_email(db, CurrentUser.from_row(users.get_user(db, supervisor)), ADDRESS)
        use_for_notifications(db, admin, smtp_port)
    finally:
        db.close()


def choose(page, label: str, option: str) -> None:
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option).click()
    wait_for_app(page)


def test_a_new_action_reaches_its_owner_by_email(live_server, open_page, monkeypatch):
    smtp = MailServer().start()
    try:
        seed(live_server, smtp.port)
        monkeypatch.setenv("JAKOSC_MAIL_SWEEP_SECONDS", "1")
        live_server.start()

        page = open_page("desktop")
        sign_in(page, live_server.url, "zarzad")
        page.goto(f"{live_server.url}/dzialania")
        wait_for_app(page)
        choose(page, "Wydział", "Wydział Komunikacji")
        new = page.locator('[data-testid="stForm"]').filter(
            has=page.get_by_role("button", name="Zapisz działanie")
        )
        new.get_by_role("textbox", name="Co zrobić", exact=True).fill(TITLE)
        new.get_by_role("textbox", name="Dlaczego", exact=True).fill("Uwagi Klientów w komentarzach.")
        choose(page, "Odpowiedzialny", "Kierownik KM")
        new.get_by_role("button", name="Zapisz działanie").click()
        page.get_by_text(f"Zapisano działanie „{TITLE}”.").wait_for()
        wait_for_app(page)
        screenshot(page, "mail_1_action_created")

        assert len(smtp.wait_for(1)) == 1, "no message arrived within 30 s"
        got = smtp.received[0]
        assert got.recipients == [ADDRESS]
        assert got.message["Subject"] == f"Przydzielono Ci działanie: {TITLE}"
        assert (
            f"Odpowiadasz za działanie doskonalące „{TITLE}” (Wydział Komunikacji)."
            in got.message.get_content()
        )

        admin = open_page("desktop")
        sign_in(admin, live_server.url, "admin")
        admin.goto(f"{live_server.url}/poczta")
        wait_for_app(admin)
        admin.get_by_text("Powiadomienia e-mail są włączone").wait_for()
        table = admin.locator('[data-testid="stDataFrame"]').last
        screenshot(admin, "mail_2_admin_page")
        table.scroll_into_view_if_needed()
        admin.get_by_text("wysłana", exact=True).wait_for(state="attached")  # the outbox row: sent
        screenshot(admin, "mail_3_outbox")

        time.sleep(2.5)  # two more sweeps: the same event never makes a second message
        assert len(smtp.received) == 1
    finally:
        live_server.stop()
        smtp.stop()
    db = live_server.open_database()
    try:
        assert db.query("SELECT kind, state, attempts FROM mail_outbox") == [("action_assigned", "sent", 1)]
    finally:
        db.close()
