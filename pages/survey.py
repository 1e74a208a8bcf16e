"""The client satisfaction form on a kiosk (?kiosk=<token>) or a phone (?dzial=<code>).

Only the form is shown: no sidebar, menu or link to staff pages. Three screens: the overall
rating (five large colour-coded faces with their words, and the language switch), the handbook's
criteria, and a thank-you screen that returns to the start by itself. The tap on a face is
stored at once and said so on the next screen; the send completes the same rating. The visit's
id is kept in the address (?ocena=<id>), so a reload or a restarted server continues the same
visit instead of starting a second one. An abandoned form is reset after an idle period, with a
visible warning and a way to continue first; what was tapped stays stored.
"""

import time
import uuid

import streamlit as st

from i18n import CLIENT_LANGUAGES, format_date, t
from services import client_cases, organisation, survey
from services.client_cases import CaseError
from services.clock import now
from services.survey import SurveyError
from ui import client, outage, session, style

CRITERIA = ("rating_time", "rating_manner", "rating_conditions", "rating_forms", "rating_information")
LANGUAGE_NAMES = {"pl": "Polski", "en": "English", "uk": "Українська"}
STATE = "survey"
VISIT_PARAM = "ocena"  # the address's record of the visit: its rating id
UNAVAILABLE = "survey.error.unavailable"  # a send the database could not take: said, answers kept
CASE_PARAM = "sprawa"  # the address's record of an open reply request: its case id (one case per request)
# Per rating: its face (a Material Symbols icon, bundled with Streamlit), the face's and border's
# colour and the button's tint. Each colour is at least 4.5:1 against its tint and 3:1 against
# white; the words are #1A1A1A on the tint (over 14:1), so colour is never the only cue.
FACES = {
    5: ("sentiment_very_satisfied", "#1B7A34", "#E2F3E6"),
    4: ("sentiment_satisfied", "#4A7A0C", "#EEF6DD"),
    3: ("sentiment_neutral", "#8A5A00", "#FFF2CC"),
    2: ("sentiment_dissatisfied", "#B4420A", "#FDE6D5"),
    1: ("sentiment_very_dissatisfied", "#B3261E", "#FBE2E0"),
}

_KIOSK_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stExpandSidebarButton"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 960px; }
.stButton button { min-height: 76px; }
.stButton button p, div[data-testid="stButtonGroup"] button p { font-size: 1.35rem; }
div[data-testid="stButtonGroup"] button { min-height: 56px; min-width: 56px; }
div[data-testid="stButtonGroup"] button[data-selected="true"] { background-color: #1F4E79 !important; }
div[data-testid="stButtonGroup"] button[data-selected="true"] p { color: #FFFFFF !important; font-weight: 700; }
h1 { font-size: 2.1rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stWidgetLabel"] p { font-size: 1.25rem; }
/* The department choice (a combobox in Streamlit 1.67) and its options: touch-sized, readable. */
[data-testid="stSelectbox"] [role="group"] { min-height: 56px; }
[data-testid="stSelectbox"] input[role="combobox"] { font-size: 1.25rem; min-height: 54px; }
[data-testid="stSelectbox"] button { min-width: 48px; min-height: 48px; }
/* "Not sure" is the empty choice already; Streamlit's clear (x) only cut the choice's text short. */
[data-testid="stSelectbox"] button[aria-label="Clear value"] { display: none; }
[role="listbox"] [role="option"] { min-height: 56px; font-size: 1.25rem; display: flex; align-items: center; }
[data-testid="stTextArea"] textarea { font-size: 1.25rem; }
/* The reply request: its fields as readable as the comment, the consent box a 44 px target with
   its whole label, the RODO information smaller than the questions but not faint. */
[data-testid="stTextInput"] input { font-size: 1.25rem; min-height: 48px; }
[data-testid="stCheckbox"] label { min-height: 48px; align-items: center; }
[data-testid="stCheckbox"] label > span:first-child { transform: scale(1.5); margin: 0 0.75rem 0 0.25rem; }
.st-key-survey_reply_rodo [data-testid="stMarkdownContainer"] p { font-size: 1rem !important; }
/* The idle warning stays in view however far the client has scrolled (a phone's long form). */
.st-key-kiosk_idle_warning {
    position: fixed; top: 1rem; left: 50%; transform: translateX(-50%); z-index: 1000;
    width: min(928px, calc(100vw - 2rem)); background: #ffffff; box-shadow: 0 6px 32px rgba(0, 0, 0, 0.35);
}
/* Its countdown reruns every second: Streamlit would fade it (stale) during each run, a flickering
   warning with too little contrast. */
.st-key-kiosk_idle_warning [data-stale="true"] { opacity: 1 !important; }
/* The start screen: five faces with their words filling a portrait kiosk, readable from a step away;
   --face, the height of one, follows the screen's height (a phone's 80 px, a kiosk's 250 px). */
.st-key-survey_scale { --face: clamp(80px, calc((100vh - 520px) / 5.6), 290px); }
.st-key-survey_scale .stButton button {
    min-height: var(--face); border-width: 4px; border-radius: 1.25rem; padding: 0.25rem 2rem; color: #1A1A1A;
}
.st-key-survey_scale .stButton button div, .st-key-survey_scale .stButton button span { justify-content: flex-start; }
.st-key-survey_scale .stButton button p {
    font-size: clamp(1.5rem, calc(var(--face) * 0.18), 3rem); font-weight: 700; text-align: left;
}
.st-key-survey_scale .stButton button span:has(> [data-testid="stIconMaterial"]),
.st-key-survey_scale .stButton button [data-testid="stIconMaterial"] { width: auto; height: auto; }
.st-key-survey_scale .stButton button [data-testid="stIconMaterial"] {
    font-size: calc(var(--face) * 0.56); margin-right: calc(var(--face) * 0.12);
}
.st-key-survey_title h1 { font-size: 3rem !important; }
.st-key-survey_title [data-testid="stMarkdownContainer"] p { font-size: 1.75rem; }
/* A kiosk's details: the questions as readable from a step away as the start screen's words. */
@media (min-width: 900px) {
    [data-testid="stMarkdownContainer"] p, [data-testid="stWidgetLabel"] p { font-size: 1.5rem; }
    div[data-testid="stButtonGroup"] button { min-height: 72px; }
    .stButton button p, div[data-testid="stButtonGroup"] button p { font-size: 1.6rem; }
}
@media (max-width: 640px) {
    [data-testid="stMainBlockContainer"] { padding-top: 1rem; }
    .st-key-survey_scale .stButton button { padding: 0.25rem 1rem; border-width: 3px; }
    .st-key-survey_title h1 { font-size: 1.75rem !important; }
    .st-key-survey_title [data-testid="stMarkdownContainer"] p { font-size: 1.15rem; }
}
</style>
"""

_FACE_CSS = """
.st-key-survey_overall_{value} button, .st-key-survey_overall_{value} button:hover,
.st-key-survey_overall_{value} button:active {{ background-color: {tint}; border-color: {colour}; }}
.st-key-survey_overall_{value} button [data-testid="stIconMaterial"] {{ color: {colour}; }}
"""


def _fresh_state(language: str = "pl") -> dict:
    return {
        "screen": "start",
        "language": language,
        "id": uuid.uuid4(),
        "overall": None,
        "activity": time.monotonic(),
        "sent_at": None,
        "last_rating": None,  # when this session last stored a new rating (the double-tap gap)
        "warned": False,  # the idle warning is on the screen
        "timer_run": False,  # the coming full run was started by a timer, not by the client
        "department_id": None,  # the department the client chose, for a reply request after the send
        "case_id": None,  # the reply request's case, made when the client asks for a reply
        "due": None,  # the reply request's due date, once sent
        "reply_error": None,  # the reply request's refusal (a CaseError)
    }


def _state() -> dict:
    if STATE not in st.session_state:
        st.session_state[STATE] = _fresh_state()
    return st.session_state[STATE]


def client_language() -> str:
    """The language the client chose on this form (Polish before any choice)."""
    return st.session_state.get(STATE, {}).get("language", "pl")


def _reset(language: str = "pl") -> None:
    """A new visit for the next client: what the last one tapped or sent stays stored."""
    last_rating = st.session_state.get(STATE, {}).get("last_rating")
    st.session_state[STATE] = {**_fresh_state(language), "last_rating": last_rating}
    for key in [k for k in st.session_state if str(k).startswith("survey_")]:  # widget values
        del st.session_state[key]
    st.query_params.pop(VISIT_PARAM, None)
    st.query_params.pop(CASE_PARAM, None)


_SAVED_MARK = "{ outline: 5px solid #1A1A1A; outline-offset: 4px; }"


def _head(language: str) -> None:
    """The form's look, and the page language with Streamlit's skip link in the client's language
    (ui.style.page_language, as on the staff pages)."""
    faces = "".join(
        _FACE_CSS.format(value=value, colour=colour, tint=tint) for value, (_, colour, tint) in FACES.items()
    )
    st.html(_KIOSK_CSS.replace("</style>", faces + "</style>"))
    style.page_language(language)


def render() -> None:
    db = session.database()
    params = st.query_params
    if "kiosk" in params:
        channel = survey.kiosk_channel(db, params.get("kiosk"))
        if channel is None:
            _head("pl")
            st.title(t("survey.inactive_title"), anchor=False)
            st.write(t("survey.inactive_body"))
            return
    else:
        channel = survey.qr_channel(db, params.get("dzial"))
    state = _state()
    _continue_visit(db, channel, state)
    _continue_request(db, state)
    if not state.pop("timer_run", False):  # any other full run follows a client's tap
        state["activity"] = time.monotonic()
        state["warned"] = False
    language = state["language"]
    _head(language)
    if state["screen"] == "thanks":
        _thanks(state, language)
        return
    if state["screen"] == "reply_sent":
        _reply_sent(state, language)
        return
    if not _untouched(state):  # an untouched start screen has nothing to reset: no timer runs
        _idle_watch(state)
    if state["screen"] == "start":
        _start(db, channel, state, language)
    elif state["screen"] == "reply":
        _reply(db, channel, state, language)
    else:
        _details(db, channel, state, language)
    if state.get("error"):
        st.error(t(state.pop("error"), language))


def _continue_visit(db, channel, state: dict) -> None:
    """A reload or a restarted server is a new session with the address of the old one: the
    visit's id there continues that visit (its stored row), so it never becomes a second one.
    A visit already sent shows its thank-you; an unknown or stale id is dropped."""
    wanted = st.query_params.get(VISIT_PARAM)
    if wanted is None or wanted == str(state["id"]):
        return
    visit = survey.resume(db, channel, wanted)
    if visit is None:
        st.query_params.pop(VISIT_PARAM, None)
        return
    state.update(id=visit.id, language=visit.language, overall=visit.overall, screen="details")
    if visit.complete:
        _thanked(state)


# Buttons act in on_click callbacks, not through `if st.button(...): ...; st.rerun()`: the
# callback runs before the script, so one run per tap draws the next screen (not two).


def _choose_overall(db, channel, state: dict, value: int) -> None:
    """The tap is stored at once: a client who walks away now is counted (one row per visit; a
    second tap on the same visit changes its rating)."""
    raw = {"id": state["id"], "language": state["language"], "overall": value}
    try:
        outcome = survey.tap(
            db, channel, raw, session_last_send=state["last_rating"], client_address=client.address()
        )
    except SurveyError as error:
        state["error"] = error.key
        return
    except outage.errors():  # the screen stays as it was: the client taps again in a moment
        state["error"] = UNAVAILABLE
        return
    if outcome.reason == "stored":  # a new rating: the double-tap gap counts from here
        state["last_rating"] = now()
    if outcome.stored:
        st.query_params[VISIT_PARAM] = str(state["id"])
    state["overall"] = value
    state["screen"] = "details"


def _go_to(state: dict, screen: str) -> None:
    state["screen"] = screen


def _start(db, channel, state: dict, language: str) -> None:
    def switch_language() -> None:
        if st.session_state["survey_language"] is None:  # a tap on the chosen language keeps it
            st.session_state["survey_language"] = state["language"]
        state["language"] = st.session_state["survey_language"]

    st.segmented_control(
        "Język / Language / Мова",
        CLIENT_LANGUAGES,
        default=language,
        format_func=LANGUAGE_NAMES.get,
        key="survey_language",
        on_change=switch_language,
        width="stretch",
    )
    language = state["language"]
    with st.container(key="survey_title"):
        st.title(t("survey.title", language), anchor=False)
        if state["overall"] is None:
            st.write(t("survey.intro", language))
        else:  # back from the details: the stored rating, and that another tap replaces it
            st.write(t("survey.overall_saved_change", language, **_chosen(state, language)))
            st.html(f"<style>.st-key-survey_overall_{state['overall']} button {_SAVED_MARK}</style>")
    with st.container(key="survey_scale"):
        for value, (face, _, _) in FACES.items():
            st.button(
                f"{value} – {t(f'survey.scale.{value}', language)}",
                key=f"survey_overall_{value}",
                width="stretch",
                icon=f":material/{face}:",
                on_click=_choose_overall,
                args=(db, channel, state, value),
            )


def _chosen(state: dict, language: str) -> dict:
    return {"value": state["overall"], "label": t(f"survey.scale.{state['overall']}", language)}


def _send(db, channel, state: dict) -> None:
    """The send button's callback: the widgets' values are in session_state already."""
    values = st.session_state
    department_id = channel.department_id
    if department_id is None:
        department_id = values.get("survey_field_department")
    raw = {
        "id": state["id"],
        "language": state["language"],
        "overall": state["overall"],
        **{criterion: values.get(f"survey_field_{criterion}") for criterion in CRITERIA},
        "settled": values.get("survey_field_settled"),
        "department_id": department_id,
        "comment": values.get("survey_field_comment") or None,
    }
    try:
        outcome = survey.submit(
            db, channel, raw, session_last_send=state["last_rating"], client_address=client.address()
        )
    except SurveyError as error:
        state["error"] = error.key
        return
    except outage.errors():  # the answers stay in the widgets for another send
        state["error"] = UNAVAILABLE
        return
    if outcome.reason == "stored":  # a new rating after all: its tap had not been stored
        state["last_rating"] = now()
    state["department_id"] = department_id  # where a reply request goes, asked for after the send
    _thanked(state)


def _thanked(state: dict) -> None:
    """The visit is sent: the thank-you screen, and an address without it (a reload starts anew)."""
    state["screen"] = "thanks"
    state["sent_at"] = time.monotonic()
    st.query_params.pop(VISIT_PARAM, None)


def _details(db, channel, state: dict, language: str) -> None:
    st.title(t("survey.details_title", language), anchor=False)
    face, _, _ = FACES[state["overall"]]
    st.success(t("survey.overall_chosen", language, **_chosen(state, language)), icon=f":material/{face}:")
    st.button(
        t("survey.change_overall", language),
        icon=":material/arrow_back:",
        key="survey_back",
        on_click=_go_to,
        args=(state, "start"),
    )
    st.write(t("survey.skip_hint", language))
    for criterion in CRITERIA:
        st.segmented_control(
            t(f"survey.criterion.{criterion}", language),
            [1, 2, 3, 4, 5],
            key=f"survey_field_{criterion}",
            width="stretch",
        )
    st.segmented_control(
        t("survey.settled", language),
        ["yes", "partly", "no"],
        format_func=lambda o: t(f"survey.settled.{o}", language),
        key="survey_field_settled",
        width="stretch",
    )
    if channel.department_id is None:
        # Every department in sight, one tap each (a drop-down needs two and brings Streamlit's
        # English search texts); not choosing one is "not sure".
        names = {d["id"]: d["name"] for d in organisation.list_departments(db, active_only=True)}
        st.pills(
            t("survey.department", language),
            list(names),
            format_func=names.get,
            key="survey_field_department",
            width="stretch",
        )
    st.text_area(t("survey.comment", language), max_chars=survey.COMMENT_MAX, key="survey_field_comment")
    st.write(t("survey.comment_help", language))
    st.button(
        t("survey.send", language),
        type="primary",
        icon=":material/send:",
        width="stretch",
        key="survey_send",
        on_click=_send,
        args=(db, channel, state),
    )


def _thanks(state: dict, language: str) -> None:
    with st.container(key="survey_title"):  # as large as the start screen's question
        st.title(t("survey.thanks_title", language), anchor=False)
        st.write(t("survey.thanks_body", language))
    st.button(
        t("survey.reply.open", language),
        icon=":material/contact_mail:",
        width="stretch",
        key="survey_reply_open",
        on_click=_open_reply,
        args=(state,),
    )
    st.button(
        t("survey.again", language), type="primary", width="stretch", key="survey_again", on_click=_reset
    )
    _, _, thanks = survey.idle_seconds()
    _timer(_thanks_tick, thanks - (time.monotonic() - state["sent_at"]))


# The reply request ("Chcę otrzymać odpowiedź"): a screen of its own after the thank-you, a
# separate write with no link to the rating. Its case id is made when the client opens it and
# kept in the address (?sprawa=…), so a double tap, a retry or a reload stores one case. The idle
# reset clears it like any screen: the next client at a kiosk never sees the contact data.


def _open_reply(state: dict) -> None:
    state.update(screen="reply", case_id=uuid.uuid4(), reply_error=None)
    st.query_params[CASE_PARAM] = str(state["case_id"])


def _continue_request(db, state: dict) -> None:
    """A reload while asking for a reply: the same request goes on (or shows it was received)."""
    wanted = st.query_params.get(CASE_PARAM)
    if wanted is None or wanted == str(state["case_id"]):
        return
    try:
        case_id = uuid.UUID(wanted)
    except ValueError:
        st.query_params.pop(CASE_PARAM, None)
        return
    state.update(case_id=case_id, screen="reply")
    due = client_cases.request_due(db, case_id)
    if due is not None:
        _reply_received(state, due)


def _reply(db, channel, state: dict, language: str) -> None:
    st.title(t("survey.reply.title", language), anchor=False)
    st.write(t("survey.reply.intro", language, days=client_cases.due_days()))
    st.text_area(
        t("survey.reply.request", language), max_chars=client_cases.REQUEST_MAX, key="survey_reply_request"
    )
    st.text_input(t("survey.reply.name", language), max_chars=client_cases.NAME_MAX, key="survey_reply_name")
    st.write(t("survey.reply.contact_hint", language))
    st.text_input(
        t("survey.reply.email", language), max_chars=client_cases.EMAIL_MAX, key="survey_reply_email"
    )
    st.text_input(
        t("survey.reply.phone", language), max_chars=client_cases.PHONE_MAX, key="survey_reply_phone"
    )
    with st.container(key="survey_reply_rodo"):
        st.write(client_cases.consent_text(language))
    st.checkbox(t("survey.reply.consent", language), key="survey_reply_consent")
    error, state["reply_error"] = state["reply_error"], None  # shown once: the next tap may fix it
    if error is not None:
        st.error(error.text(language))
    st.button(
        t("survey.reply.send", language),
        type="primary",
        icon=":material/send:",
        width="stretch",
        key="survey_reply_send",
        on_click=_send_reply,
        args=(db, channel, state),
    )
    st.button(t("survey.reply.cancel", language), width="stretch", key="survey_reply_cancel", on_click=_reset)


def _send_reply(db, channel, state: dict) -> None:
    values = st.session_state
    raw = {
        "id": state["case_id"],
        "language": state["language"],
        "request": values.get("survey_reply_request"),
        "name": values.get("survey_reply_name"),
        "email": values.get("survey_reply_email"),
        "phone": values.get("survey_reply_phone"),
        "consent": values.get("survey_reply_consent"),
        "department_id": state["department_id"],
    }
    try:
        receipt = client_cases.request_reply(db, channel, raw, client_address=client.address())
    except CaseError as error:
        state["reply_error"] = error
        return
    except outage.errors():  # what the client wrote stays in the fields for another send
        state["error"] = UNAVAILABLE
        return
    _reply_received(state, receipt.due_date)


def _reply_received(state: dict, due) -> None:
    """The request is stored: its screen, and an address without it (a reload starts anew)."""
    state.update(screen="reply_sent", due=due, reply_error=None, sent_at=time.monotonic())
    st.query_params.pop(CASE_PARAM, None)


def _reply_sent(state: dict, language: str) -> None:
    with st.container(key="survey_title"):
        st.title(t("survey.reply.sent_title", language), anchor=False)
        st.write(t("survey.reply.sent_body", language, due=format_date(state["due"], language)))
    st.button(
        t("survey.again", language), type="primary", width="stretch", key="survey_again", on_click=_reset
    )
    _, _, thanks = survey.idle_seconds()
    _timer(_thanks_tick, thanks - (time.monotonic() - state["sent_at"]))


# The timers are fragments that wake up only when something is due (each full run, i.e. each
# tap, sets them again), not every second: an idle kiosk costs the server nothing, and a tap
# never meets a timer's run in flight (Streamlit 1.67 can then lose the tap: the browser keeps
# the old screen although the server has moved on).
_TIMER_MARGIN = 0.25  # s: wake up just after the moment, never just before it


def _timer(tick, due_in: float) -> None:
    st.fragment(tick, run_every=max(due_in, 0.0) + _TIMER_MARGIN)()


def _thanks_tick() -> None:
    state = _state()
    _, _, thanks = survey.idle_seconds()
    if state["screen"] in ("thanks", "reply_sent") and time.monotonic() - (state["sent_at"] or 0) >= thanks:
        _reset()
        st.rerun(scope="app")


def _untouched(state: dict) -> bool:
    return state["screen"] == "start" and state["language"] == "pl" and state["overall"] is None


def _idle_watch(state: dict) -> None:
    """Wake up when the warning is due; while it shows, every second for its countdown."""
    idle, _, _ = survey.idle_seconds()
    quiet = time.monotonic() - state["activity"]
    _timer(_idle_tick, 1.0 - _TIMER_MARGIN if state["warned"] else idle - quiet)


def _idle_tick() -> None:
    state = _state()
    language = state["language"]
    idle, warning, _ = survey.idle_seconds()
    if _untouched(state):
        return
    quiet = time.monotonic() - state["activity"]
    if quiet >= idle + warning:
        _reset()
        st.rerun(scope="app")
    if (quiet >= idle) != state["warned"]:  # the warning starts or ends: set the timer anew
        state["warned"] = quiet >= idle
        state["timer_run"] = True
        st.rerun(scope="app")
    if state["warned"]:
        remaining = int(idle + warning - quiet)
        with st.container(border=True, key="kiosk_idle_warning"):
            st.warning(t("survey.idle_warning", language, seconds=max(remaining, 0)))
            st.button(
                t("survey.idle_continue", language),
                type="primary",
                width="stretch",
                key="survey_continue",
                on_click=_keep_going,
                args=(state,),
            )


def _keep_going(state: dict) -> None:
    state["activity"] = time.monotonic()
