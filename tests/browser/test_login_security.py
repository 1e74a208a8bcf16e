"""Sign-in throttling through the real server behind a trusted proxy (issue 12, finding 1): the
address the proxy reports is the one throttled, so five wrong passwords from one computer do not
stop the administrator signing in from another."""

from __future__ import annotations

from tests.browser.conftest import wait_for_app
from tests.browser.test_login import PASSWORD, seed_admin, sign_in

REFUSED = "Nieprawidłowy login lub hasło. Po kilku nieudanych próbach"
ATTACKER, OWNER = "192.0.2.66", "192.0.2.10"


def test_behind_the_proxy_the_failing_computer_is_paused_and_the_owner_signs_in(
    live_server, open_page, monkeypatch
):
    monkeypatch.setenv("JAKOSC_TRUSTED_PROXY", "1")  # as behind the README's nginx on this machine
    seed_admin(live_server)
    live_server.start()

    attacker = open_page("desktop", extra_http_headers={"X-Forwarded-For": f"6.6.6.6, {ATTACKER}"})
    attacker.goto(live_server.url)
    wait_for_app(attacker)
    for attempt in range(6):  # five wrong passwords, then the right one: still refused
        sign_in(attacker, "admin", PASSWORD if attempt == 5 else f"Zle-haslo-{attempt}")
        wait_for_app(attacker)
        attacker.get_by_text(REFUSED).wait_for()
    assert attacker.get_by_text("Zalogowano:").count() == 0

    owner = open_page("desktop", extra_http_headers={"X-Forwarded-For": OWNER})
    owner.goto(live_server.url)
    wait_for_app(owner)
    sign_in(owner, "admin", PASSWORD)
    owner.get_by_text("Zalogowano: Anna Admin (Administrator)").wait_for()

    live_server.stop()
    db = live_server.open_database()
    try:
        outcomes = db.query("SELECT client, outcome FROM sign_in_attempts ORDER BY attempted_at")
    finally:
        db.close()
    assert outcomes == [(ATTACKER, "failure")] * 5 + [(ATTACKER, "throttled"), (OWNER, "success")]
