"""The client form under AppTest: overall rating (stored at the tap), details (completing the same
row), thanks; a reload continuing the visit from the address; the language switch; the
department question; anti-abuse; scrubbing; an inactive kiosk; and nothing of the staff app.

AppTest runs app.py in this process on the database of $JAKOSC_DB; tests/apptest/conftest.py
hands the same Database to the test for seeding and checking, and forgets it afterwards.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from accounts.service import CurrentUser, start_session
from i18n import MESSAGES
from services import survey
from storage import kiosks, users
from storage.departments import add_department
from tests.apptest.driver import PROJECT, open_url_path, screen_text, texts, titles

CRITERIA = ("rating_time", "rating_manner", "rating_conditions", "rating_forms", "rating_information")


def msg(key: str, language: str = "pl") -> str:
    return MESSAGES[key][language]


@pytest.fixture
def depts(db):
    return {
        "KM": add_department(db, "KM", "Wydział Komunikacji", "test"),
        "GK": add_department(db, "GK", "Wydział Geodezji i Kartografii", "test"),
    }


@pytest.fixture
def kiosk(db, depts):
    """An active kiosk not bound to a department: (token, kiosk id)."""
    kiosk_id, token = kiosks.add_kiosk(db, "Hol główny", None, "test")
    return token, kiosk_id


def open_form(**query) -> AppTest:
    """A new browser session opening /?<query>."""
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.query_params.update(query)
    return at.run()


def ratings(db) -> list[dict]:
    return db.query_dicts("SELECT * FROM client_ratings ORDER BY created_at")


def choose_overall(at: AppTest, value: int) -> AppTest:
    return at.button(key=f"survey_overall_{value}").click().run()


def send(at: AppTest) -> AppTest:
    return at.button(key="survey_send").click().run()


def on_start(at: AppTest, language: str = "pl") -> bool:
    return titles(at) == [msg("survey.title", language)]


# --- the three screens -----------------------------------------------------------------------


def test_overall_then_details_then_thanks(db, kiosk):
    token, kiosk_id = kiosk
    at = open_form(kiosk=token)
    assert not at.exception
    assert on_start(at)
    overall_buttons = [b for b in at.button if b.key and b.key.startswith("survey_overall_")]
    assert [b.label for b in overall_buttons] == [
        f"{value} – {msg(f'survey.scale.{value}')}" for value in (5, 4, 3, 2, 1)
    ]
    # details come after the overall rating: only the language switch besides the faces
    assert not at.text_area and [g.key for g in at.button_group] == ["survey_language"]

    at = choose_overall(at, 2)
    assert titles(at) == [msg("survey.details_title")]
    assert texts(at.success) == [msg("survey.overall_chosen").format(value=2, label=msg("survey.scale.2"))]
    assert [g.label for g in at.button_group] == [msg(f"survey.criterion.{c}") for c in CRITERIA] + [
        msg("survey.settled"),
        msg("survey.department"),
    ]
    [tapped] = ratings(db)  # stored at the tap, as the screen says
    assert (tapped["overall"], tapped["kiosk_id"], tapped["completed_at"]) == (2, kiosk_id, None)
    assert at.query_params["ocena"] == str(tapped["id"])  # the visit, in the address

    answers = dict(zip(CRITERIA, (1, 2, 3, 4, 5), strict=True))
    for criterion, value in answers.items():
        at.button_group(key=f"survey_field_{criterion}").set_value(value)
    at.button_group(key="survey_field_settled").set_value("no")
    at.button_group(key="survey_field_department").set_value(
        db.scalar("SELECT id FROM departments WHERE code='GK'")
    )
    at.text_area(key="survey_field_comment").input("Długo czekałem w kolejce.")
    at = send(at)
    assert not at.exception
    assert titles(at) == [msg("survey.thanks_title")]
    assert msg("survey.thanks_body") in texts(at.markdown)
    assert "ocena" not in at.query_params  # a reload of the thank-you screen starts a new visit

    [row] = ratings(db)  # the same row, completed
    assert (row["id"], row["created_at"]) == (tapped["id"], tapped["created_at"])
    assert row["completed_at"] is not None
    assert row["overall"] == 2 and row["language"] == "pl"
    assert {c: row[c] for c in CRITERIA} == answers
    assert row["settled"] == "no"
    assert row["channel"] == "kiosk" and row["kiosk_id"] == kiosk_id
    assert row["department_id"] == db.scalar("SELECT id FROM departments WHERE code='GK'")
    assert row["comment"] == "Długo czekałem w kolejce." and row["comment_status"] == "pending"

    at = at.button(key="survey_again").click().run()
    assert on_start(at)


def test_change_the_overall_rating_from_the_details(db, kiosk):
    at = choose_overall(open_form(kiosk=kiosk[0]), 5)
    at = at.button(key="survey_back").click().run()
    assert on_start(at)
    saved = msg("survey.overall_saved_change").format(value=5, label=msg("survey.scale.5"))
    assert saved in texts(at.markdown)
    at = choose_overall(at, 3)
    assert [row["overall"] for row in ratings(db)] == [3]  # the same row, changed at once
    at = send(at)
    assert [(row["overall"], row["completed_at"] is not None) for row in ratings(db)] == [(3, True)]


def test_a_reload_continues_the_visit_from_the_address(db, kiosk):
    """A reload (or a restarted server) is a new session with the old address: the tapped visit
    goes on in its row; once sent, the address shows the thank-you and adds nothing."""
    token, _ = kiosk
    first = choose_overall(open_form(kiosk=token), 2)
    visit = first.query_params["ocena"]

    reloaded = open_form(kiosk=token, ocena=visit)
    assert titles(reloaded) == [msg("survey.details_title")]
    assert texts(reloaded.success) == [
        msg("survey.overall_chosen").format(value=2, label=msg("survey.scale.2"))
    ]
    reloaded.text_area(key="survey_field_comment").input("Po odświeżeniu")
    reloaded = send(reloaded)
    assert titles(reloaded) == [msg("survey.thanks_title")]
    assert [(str(r["id"]), r["overall"], r["comment"]) for r in ratings(db)] == [(visit, 2, "Po odświeżeniu")]

    again = open_form(kiosk=token, ocena=visit)  # the send arrived, the thank-you did not
    assert titles(again) == [msg("survey.thanks_title")]
    assert "ocena" not in again.query_params
    first = send(first)  # the first session's own send, later: the visit was sent, nothing changes
    assert titles(first) == [msg("survey.thanks_title")]
    assert [(str(r["id"]), r["comment"]) for r in ratings(db)] == [(visit, "Po odświeżeniu")]


@pytest.mark.parametrize("visit", ["nie-uuid", "0b7d3c9e-1f2a-4c5d-9e8f-123456789abc", "<b>x</b>" * 1000])
def test_a_broken_or_unknown_visit_in_the_address_starts_anew(db, kiosk, visit):
    at = open_form(kiosk=kiosk[0], ocena=visit)
    assert not at.exception
    assert on_start(at)
    assert "ocena" not in at.query_params
    assert ratings(db) == []


def test_skipping_every_detail_stores_only_the_overall_rating(db, kiosk):
    at = send(choose_overall(open_form(kiosk=kiosk[0]), 4))
    assert titles(at) == [msg("survey.thanks_title")]
    [row] = ratings(db)
    assert row["overall"] == 4
    assert [row[c] for c in CRITERIA] == [None] * 5 and row["settled"] is None
    assert row["comment"] is None and row["department_id"] is None


# --- languages -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "uk", "pl"])
def test_the_language_switch_changes_every_screen(db, kiosk, language):
    at = open_form(kiosk=kiosk[0])
    assert on_start(at, "pl")
    at.button_group(key="survey_language").set_value("en" if language == "pl" else language).run()
    if language == "pl":  # and back again
        at.button_group(key="survey_language").set_value("pl").run()
    assert on_start(at, language)
    assert msg("survey.intro", language) in texts(at.markdown)
    assert at.button(key="survey_overall_5").label == f"5 – {msg('survey.scale.5', language)}"

    at = choose_overall(at, 5)
    assert titles(at) == [msg("survey.details_title", language)]
    assert at.button(key="survey_send").label == msg("survey.send", language)
    assert at.text_area(key="survey_field_comment").label == msg("survey.comment", language)
    assert at.button_group(key="survey_field_department").label == msg("survey.department", language)
    assert at.button_group(key="survey_field_settled").options == [
        msg(f"survey.settled.{o}", language) for o in ("yes", "partly", "no")
    ]
    others = {other for other in ("pl", "en", "uk") if other != language}
    text = screen_text(at)
    assert not any(msg("survey.details_title", other) in text for other in others)

    at = send(at)
    assert titles(at) == [msg("survey.thanks_title", language)]
    assert [row["language"] for row in ratings(db)] == [language]


def test_a_tap_on_the_chosen_language_keeps_it_chosen(db, kiosk):
    at = open_form(kiosk=kiosk[0])
    at.button_group(key="survey_language").set_value("uk").run()
    at.button_group(key="survey_language").set_value(None).run()  # the segmented control's toggle-off
    assert on_start(at, "uk")
    assert at.button_group(key="survey_language").value == "uk"  # still shown as chosen


# --- the department question -----------------------------------------------------------------


def test_an_unbound_kiosk_asks_for_the_department(db, kiosk, depts):
    """Every department at one tap each; none chosen is "not sure" (every question may be skipped)."""
    at = choose_overall(open_form(kiosk=kiosk[0]), 4)
    choice = at.button_group(key="survey_field_department")
    assert choice.label == msg("survey.department")
    assert choice.options == ["Wydział Geodezji i Kartografii", "Wydział Komunikacji"]
    assert choice.value is None
    send(at)
    assert [row["department_id"] for row in ratings(db)] == [None]


def department_question(at: AppTest) -> list:
    return [g for g in at.button_group if g.key == "survey_field_department"]


def test_a_kiosk_bound_to_a_department_does_not_ask(db, depts):
    _, token = kiosks.add_kiosk(db, "Kiosk KM", depts["KM"], "test")
    at = choose_overall(open_form(kiosk=token), 4)
    assert titles(at) == [msg("survey.details_title")]
    assert not department_question(at)
    send(at)
    assert [row["department_id"] for row in ratings(db)] == [depts["KM"]]


def test_a_department_qr_code_does_not_ask_and_stores_the_department(db, depts):
    at = choose_overall(open_form(dzial="KM"), 3)
    assert not department_question(at)
    send(at)
    [row] = ratings(db)
    assert (row["department_id"], row["channel"], row["kiosk_id"]) == (depts["KM"], "qr", None)


def test_an_unknown_department_code_asks_instead(db, depts):
    at = choose_overall(open_form(dzial="NIEMA"), 3)
    assert at.button_group(key="survey_field_department").label == msg("survey.department")


# --- anti-abuse and privacy ------------------------------------------------------------------


def test_two_quick_sends_from_one_kiosk_store_one_rating(db, kiosk):
    token, _ = kiosk
    at = send(choose_overall(open_form(kiosk=token), 5))
    at = at.button(key="survey_again").click().run()
    at = send(choose_overall(at, 1))
    assert titles(at) == [msg("survey.thanks_title")]  # the client is not told
    # A second browser on the same kiosk, at once: refused by the kiosk's own gap.
    other = send(choose_overall(open_form(kiosk=token), 1))
    assert titles(other) == [msg("survey.thanks_title")]
    assert [row["overall"] for row in ratings(db)] == [5]


def test_the_stored_comment_is_scrubbed(db, kiosk):
    pesel = "44051401359"  # valid check digit, worked by hand in tests/unit/test_scrubbing.py
    comment = f"Proszę oddzwonić 600 123 456 albo napisać: jan.nowak+urzad@poczta.example.pl, PESEL {pesel}"
    at = choose_overall(open_form(kiosk=kiosk[0]), 2)
    at.text_area(key="survey_field_comment").input(comment)
    send(at)
    [row] = ratings(db)
    assert row["comment"].startswith("Proszę oddzwonić")
    for secret in ("600 123 456", "jan.nowak", "example.pl", pesel):
        assert secret not in row["comment"]
    assert row["comment_status"] == "pending"


def test_the_comment_box_holds_at_most_500_characters(db, kiosk):
    at = choose_overall(open_form(kiosk=kiosk[0]), 2)
    assert at.text_area(key="survey_field_comment").max_chars == 500
    # The browser stops typing at max_chars; a forged longer value set past the widget is cut
    # to the limit by Streamlit before the page sees it, so never more than 500 are stored.
    at.text_area(key="survey_field_comment").set_value("x" * 501)
    at = send(at)
    assert titles(at) == [msg("survey.thanks_title")]
    assert [row["comment"] for row in ratings(db)] == ["x" * 500]


# --- inactive kiosk and the staff app --------------------------------------------------------


@pytest.mark.parametrize("revoked", [True, False], ids=["revoked", "unknown"])
def test_an_inactive_kiosk_shows_only_the_notice(db, kiosk, revoked):
    token, kiosk_id = kiosk
    if revoked:
        kiosks.revoke(db, kiosk_id, "test")
    else:
        token = "zgadniety-token"
    at = open_form(kiosk=token)
    assert not at.exception
    assert titles(at) == [msg("survey.inactive_title")] == ["Kiosk nieaktywny"]
    assert texts(at.markdown) == [msg("survey.inactive_body")]
    assert not at.button and not at.button_group and not at.text_area and not at.selectbox


@pytest.mark.parametrize("url_path", [None, "konta", "kioski", "moderacja", "start"])
def test_the_kiosk_form_shows_no_staff_app_even_for_a_signed_in_session(db, office, menu, url_path):
    _, token = kiosks.add_kiosk(db, "Hol", None, "test")
    admin = CurrentUser.from_row(users.get_user(db, office["accounts"]["admin"]))
    session_token, _ = start_session(db, admin)
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.session_state["auth_token"] = session_token
    at.query_params["kiosk"] = token
    at = at.run() if url_path is None else open_url_path(at, url_path)
    assert not at.exception
    assert on_start(at)
    # st.navigation was given only the form, under every path (so no "Page not found" dialog).
    assert {page.title for page in menu.pages} == {msg("survey.page_title")}
    assert {page._page.__name__ for page in menu.pages} == {"render"}
    assert {page._page.__module__ for page in menu.pages} == {"pages.survey"}
    assert not at.sidebar.button and not at.sidebar.caption and not at.sidebar.markdown
    staff_titles = {MESSAGES[key]["pl"] for key in MESSAGES if key.startswith("nav.")}
    text = screen_text(at)
    assert not any(title in text for title in staff_titles)
    assert "Admin" not in text and "logout" not in {b.key for b in at.button}
    assert not at.get("page_link")


# --- bursts on the QR form -------------------------------------------------------------------


def test_twelve_sends_from_fresh_sessions_on_one_address_are_stored_flagged_and_approvable(
    db, office, monkeypatch
):
    """Twelve new sessions of the QR form, one after another, each rating 1: all stored, all
    flagged (under AppTest every session comes from the one loopback address); out of the
    dashboard's figures until management approves them on the moderation page; rejected ones
    stay stored, never counted."""
    monkeypatch.setattr(survey, "_qr_sends", survey._RecentSends())
    for _ in range(12):
        at = send(choose_overall(open_form(dzial="KM"), 1))
        assert not at.exception
        assert titles(at) == [msg("survey.thanks_title")]
    rows = ratings(db)
    assert len(rows) == 12 and all(row["burst"] for row in rows)
    counted = "SELECT count(*) FROM client_ratings WHERE NOT burst OR burst_review = 'approved'"
    assert db.scalar(counted) == 0

    token, _ = start_session(db, CurrentUser.from_row(users.get_user(db, office["accounts"]["starosta"])))
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.session_state["auth_token"] = token
    at = open_url_path(at, "moderacja")
    assert not at.exception
    chosen = at.multiselect(key="burst_chosen")
    assert len(chosen.options) == 12
    chosen.set_value([row["id"] for row in rows[:4]]).run()
    at = at.button(key="burst_approved").click().run()
    assert not at.exception
    assert msg("moderation.bursts_approved").format(count=4) in texts(at.success)
    assert db.scalar(counted) == 4
    assert len(at.multiselect(key="burst_chosen").options) == 8
    at.checkbox(key="burst_all").check().run()
    at = at.button(key="burst_rejected").click().run()
    assert msg("moderation.bursts_rejected").format(count=8) in texts(at.success)
    assert msg("moderation.bursts_none") in texts(at.info)
    assert db.scalar(counted) == 4  # rejected: stored, never counted
    assert db.scalar("SELECT count(*) FROM client_ratings") == 12
