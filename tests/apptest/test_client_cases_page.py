"""Client cases under AppTest: on the client form, "Chcę otrzymać odpowiedź" after the rating
(QR and kiosk, refusals in the client's language, one case per request also across a reload,
the rating left as it was); on the staff page "Sprawy klientów", the register per role with
overdue cases marked, a case's contact data (audited), the reply and closure, the link to plan
an improvement action, and a complaint entered from paper."""

from __future__ import annotations

import uuid
from datetime import timedelta
from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

from accounts.service import CurrentUser
from i18n import MESSAGES, format_date
from services import client_cases, survey
from storage import kiosks, users
from storage.db import now
from tests.apptest.driver import FORBIDDEN, PROJECT, screen_text, submit, texts, titles, widget
from tests.apptest.test_people import open_as

PAGE = "sprawy-klientow"
EMAIL = "jan.kowalski@example.pl"


def msg(key: str, language: str = "pl", **values) -> str:
    text = MESSAGES[key][language]
    return text.format(**values) if values else text


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch):
    """Every AppTest session comes from one address: each test starts with none of its requests counted."""
    monkeypatch.setattr(client_cases, "_form_requests", survey._RecentSends(window=client_cases.CASE_WINDOW))


def cases(db) -> list[dict]:
    return db.query_dicts("SELECT * FROM client_cases ORDER BY created_at")


# --- the client form ------------------------------------------------------------------------------


def open_form(**query) -> AppTest:
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.query_params.update(query)
    return at.run()


def rated_and_sent(at: AppTest, value: int = 2) -> AppTest:
    at = at.button(key=f"survey_overall_{value}").click().run()
    return at.button(key="survey_send").click().run()


def ask_for_reply(at: AppTest) -> AppTest:
    at = at.button(key="survey_reply_open").click().run()
    assert titles(at) == [msg("survey.reply.title", _language(at))]
    return at


def _language(at: AppTest) -> str:
    return at.session_state["survey"]["language"]


def fill(
    at: AppTest, *, request="Kiedy odbiorę dowód rejestracyjny?", name="", email=EMAIL, phone="", consent=True
):
    at.text_area(key="survey_reply_request").input(request)
    at.text_input(key="survey_reply_name").input(name)
    at.text_input(key="survey_reply_email").input(email)
    at.text_input(key="survey_reply_phone").input(phone)
    at.checkbox(key="survey_reply_consent").set_value(consent)
    return at


def send_request(at: AppTest) -> AppTest:
    return at.button(key="survey_reply_send").click().run()


def test_a_client_asks_for_a_reply_after_rating_on_the_qr_form(db, office):
    at = rated_and_sent(open_form(dzial="KM"), 2)
    assert titles(at) == [msg("survey.thanks_title")]
    [rating] = db.query_dicts("SELECT * FROM client_ratings")
    at = ask_for_reply(at)
    case_id = at.query_params["sprawa"]
    assert msg("survey.reply.consent_text", days=30) in texts(at.markdown)  # the RODO information
    assert "Starostwo Powiatowe w Grójcu" in msg("survey.reply.consent_text", days=30)

    at = send_request(fill(at, email="", phone=""))
    assert texts(at.error) == [msg("survey.reply.error.contact_missing")]
    at = send_request(fill(at, email="jan@kowalski"))
    assert texts(at.error) == [msg("survey.reply.error.email_invalid")]
    at = send_request(fill(at, consent=False))
    assert texts(at.error) == [msg("survey.reply.error.consent_missing")]
    assert cases(db) == []

    at = send_request(fill(at, name="Jan Kowalski", phone="600700800"))
    assert not at.exception and not at.error
    due = now().date() + timedelta(days=14)
    assert titles(at) == [msg("survey.reply.sent_title")]
    assert msg("survey.reply.sent_body", due=format_date(due)) in texts(at.markdown)
    assert "sprawa" not in at.query_params
    [case] = cases(db)
    assert str(case["id"]) == case_id
    assert (case["origin"], case["department_id"], case["due_date"]) == (
        "form",
        office["departments"]["KM"],
        due,
    )
    assert (case["contact_name"], case["contact_email"], case["contact_phone"]) == (
        "Jan Kowalski",
        EMAIL,
        "+48 600 700 800",
    )
    # the rating is as it was: anonymous, no contact data in it, one row
    assert db.query_dicts("SELECT * FROM client_ratings") == [rating]


def test_a_reload_while_asking_continues_the_same_request_and_never_opens_a_second_case(db, office):
    first = ask_for_reply(rated_and_sent(open_form(dzial="KM")))
    case_id = first.query_params["sprawa"]
    reloaded = open_form(dzial="KM", sprawa=case_id)  # the same address in a new session
    assert titles(reloaded) == [msg("survey.reply.title")]
    reloaded = send_request(fill(reloaded, request="Po odświeżeniu"))
    first = send_request(fill(first, request="Pierwsza karta, wysłana później"))  # a double send
    assert titles(first) == [msg("survey.reply.sent_title")]
    assert [(str(c["id"]), c["request"]) for c in cases(db)] == [(case_id, "Po odświeżeniu")]
    again = open_form(dzial="KM", sprawa=case_id)  # the answer was lost: the address shows it arrived
    assert titles(again) == [msg("survey.reply.sent_title")] and "sprawa" not in again.query_params
    assert len(cases(db)) == 1


@pytest.mark.parametrize("address", ["nie-uuid", "<b>x</b>" * 100])
def test_a_broken_request_id_in_the_address_is_dropped(db, office, address):
    at = open_form(dzial="KM", sprawa=address)
    assert not at.exception and titles(at) == [msg("survey.title")]
    assert "sprawa" not in at.query_params


def test_on_a_kiosk_the_chosen_department_gets_the_case_in_ukrainian_and_cancel_clears_it(db, office):
    _, token = kiosks.add_kiosk(db, "Hol główny", None, "test")
    at = open_form(kiosk=token)
    at.button_group(key="survey_language").set_value("uk").run()
    at = at.button(key="survey_overall_1").click().run()
    at.button_group(key="survey_field_department").set_value(office["departments"]["GK"])
    at = ask_for_reply(at.button(key="survey_send").click().run())
    assert at.button(key="survey_reply_send").label == msg("survey.reply.send", "uk")
    at = send_request(fill(at, email="", phone="12"))
    assert texts(at.error) == [msg("survey.reply.error.phone_invalid", "uk")]
    at = at.button(key="survey_reply_cancel").click().run()  # the client gives up: a clean start
    assert titles(at) == [msg("survey.title")] and "sprawa" not in at.query_params
    assert "survey_reply_phone" not in at.session_state and at.session_state["survey"]["case_id"] is None
    assert cases(db) == []

    at.button_group(key="survey_language").set_value("uk").run()  # the start is Polish again: switch
    at = at.button(key="survey_overall_1").click().run()
    at.button_group(key="survey_field_department").set_value(office["departments"]["GK"])
    at = ask_for_reply(at.button(key="survey_send").click().run())
    at = send_request(fill(at, email="", phone="+380 44 123 4567", request="Коли буде готове рішення?"))
    [case] = cases(db)
    assert (case["department_id"], case["language"]) == (office["departments"]["GK"], "uk")
    assert case["request"] == "Коли буде готове рішення?"


# --- the staff page -------------------------------------------------------------------------------


def request(db, office, department: str | None, text: str, **fields) -> uuid.UUID:
    channel = survey.Channel("qr", department_id=office["departments"][department] if department else None)
    raw = {"id": uuid.uuid4(), "language": "pl", "request": text, "email": EMAIL, "consent": True} | fields
    return client_cases.request_reply(db, channel, raw).case_id


def shown_requests(at) -> list[str]:
    frames = [frame.value for frame in at.dataframe]
    return list(frames[0]["Sprawa"]) if frames else []


def test_management_sees_every_case_with_overdue_marked_and_answers_one(db, office):
    late = request(db, office, "KM", "Gdzie jest moja decyzja?", name="Jan Kowalski")
    request(db, office, "GK", "Pytanie o mapę.")
    request(db, office, None, "Skarga ogólna.")
    db.write(lambda c: c.execute("UPDATE client_cases SET due_date = current_date - 2 WHERE id = ?", [late]))
    at = open_as(db, office, "starosta", PAGE)
    assert not at.exception
    assert "Otwarte: 3 · Po terminie: 1 · Zamknięte: 0" in screen_text(at)
    assert set(shown_requests(at)) == {"Gdzie jest moja decyzja?", "Pytanie o mapę.", "Skarga ogólna."}
    statuses = dict(zip(at.dataframe[0].value["Sprawa"], at.dataframe[0].value["Status"], strict=True))
    assert statuses["Gdzie jest moja decyzja?"] == "otwarta – po terminie"
    assert EMAIL not in screen_text(at)  # the register shows no contact data

    at = at.selectbox(key="cases_chosen").set_value(late).run()
    assert [element.value for element in at.text] == [f"Jan Kowalski\n{EMAIL}"]  # exactly as given
    views = db.query("SELECT actor FROM audit_log WHERE action = 'view' AND entity = 'client_case_contact'")
    assert views == [("starosta",)]
    [link] = [e.proto for e in at.get("page_link") if e.proto.label == msg("cases.raise_action")]
    assert link.page.endswith("dzialania")
    assert dict(parse_qsl(link.query_string)) == {"wydzial": "KM", "zrodlo": "sprawa", "ref": str(late)}

    form_id = f"case_reply_{late}"
    at = submit(at, form_id, msg("cases.close"))  # no reply: refused
    assert "Pole „Odpowiedź” jest wymagane." in texts(at.error)
    [reply_form] = [f for f in at.get("form") if f.proto.form.form_id == form_id]
    reply_form.text_area[0].input("Decyzja wysłana pocztą 20.11.2026.")
    at = submit(at, form_id, msg("cases.close"))
    assert msg("cases.closed") in screen_text(at)
    row = db.query_dicts("SELECT * FROM client_cases WHERE id = ?", [late])[0]
    assert (row["status"], row["reply"], row["replied_by"]) == (
        "closed",
        "Decyzja wysłana pocztą 20.11.2026.",
        "starosta",
    )
    assert "Otwarte: 2 · Po terminie: 0 · Zamknięte: 1" in screen_text(at)


def test_a_supervisor_sees_only_their_departments_cases(db, office):
    request(db, office, "KM", "Sprawa w KM")
    request(db, office, "GK", "Sprawa w GK")
    request(db, office, None, "Sprawa bez wydziału")
    at = open_as(db, office, "kierownik.gk", PAGE)
    assert not at.exception
    assert shown_requests(at) == ["Sprawa w GK"]
    assert "Otwarte: 1 · Po terminie: 0" in screen_text(at)


def test_a_complaint_from_paper_needs_a_contact_and_is_opened(db, office):
    at = open_as(db, office, "kierownik.km", PAGE)
    form_id = next(
        f.proto.form.form_id for f in at.get("form") if f.proto.form.form_id.startswith("new_case")
    )
    [new] = [f for f in at.get("form") if f.proto.form.form_id == form_id]
    assert widget(new, "selectbox", "Wydział").options == ["Wydział Komunikacji"]  # only theirs
    new.radio[0].set_value("paper")
    new.text_area[0].input("Skarga pisemna na opryskliwą obsługę, pismo z 18.11.2026.")
    at = submit(at, form_id, msg("cases.create"))
    assert texts(at.error) == [msg("survey.reply.error.contact_missing")]
    assert cases(db) == []
    [new] = [f for f in at.get("form") if f.proto.form.form_id == form_id]
    widget(new, "text_input", "Telefon Klienta").input("22 123 45 67")
    at = submit(at, form_id, msg("cases.create"))
    assert not at.error, texts(at.error)
    due = now().date() + timedelta(days=14)
    assert msg("cases.created", due=format_date(due)) in screen_text(at)
    [case] = cases(db)
    assert (case["origin"], case["department_id"], case["created_by"]) == (
        "paper",
        office["departments"]["KM"],
        "kierownik.km",
    )
    assert case["contact_phone"] == "+48 22 123 45 67"


def test_an_employee_cannot_open_the_page_by_url(db, office):
    request(db, office, "KM", "Sprawa w KM")
    at = open_as(db, office, "kowalska", PAGE)
    assert FORBIDDEN in texts(at.error)
    assert not at.dataframe


def test_the_retention_page_deletes_old_contact_data_and_says_how_many(db, office):
    case_id = request(db, office, "KM", "Stara sprawa", email="stara.sprawa@example.pl")
    management = CurrentUser.from_row(users.get_user(db, office["accounts"]["starosta"]))
    client_cases.close(db, management, case_id, "Odpowiedziano.", now().date())
    closed_at = now() - timedelta(days=31)
    db.write(lambda c: c.execute("UPDATE client_cases SET closed_at = ? WHERE id = ?", [closed_at, case_id]))
    at = open_as(db, office, "admin", "retencja")
    assert msg("retention.case_contacts_intro", days=30) in texts(at.markdown)
    at.checkbox[0].check().run()
    at = _run_retention(at)
    assert msg("retention.case_contacts", count=1, days=30) in texts(at.info)
    assert db.query("SELECT contact_email, contact_deleted_at IS NOT NULL FROM client_cases") == [
        (None, True)
    ]
    if db.store == "duckdb":  # the file's bytes; PostgreSQL's VACUUM FULL: tests/unit/test_rewrite.py
        db.query("CHECKPOINT")
        assert b"stara.sprawa@example.pl" not in db.path.read_bytes()


def _run_retention(at: AppTest) -> AppTest:
    (run,) = [b for b in at.button if b.label == msg("retention.run")]
    return run.click().run()
