"""The client satisfaction form on a kiosk (?kiosk=<token>) or a phone (?dzial=<code>).

Only the form is shown: no sidebar, menu or link to staff pages. Three screens: the
overall rating (with the language switch), the handbook's criteria, and a thank-you screen
that returns to the start by itself. An abandoned form is reset after an idle period,
with a visible warning and a way to continue first.
"""

import time
import uuid

import streamlit as st

from i18n import CLIENT_LANGUAGES, t
from services import survey
from services.survey import SurveyError
from storage import departments
from storage.db import now
from ui import session

CRITERIA = ("rating_time", "rating_manner", "rating_conditions", "rating_forms", "rating_information")
LANGUAGE_NAMES = {"pl": "Polski", "en": "English", "uk": "Українська"}
STATE = "survey"

_KIOSK_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stExpandSidebarButton"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 960px; }
.stButton button { min-height: 64px; }
.stButton button p, div[data-testid="stButtonGroup"] button p { font-size: 1.35rem; }
div[data-testid="stButtonGroup"] button { min-height: 56px; min-width: 56px; }
h1 { font-size: 2.1rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stWidgetLabel"] p { font-size: 1.25rem; }
</style>
"""


def _fresh_state(language: str = "pl") -> dict:
    return {
        "screen": "start",
        "language": language,
        "id": uuid.uuid4(),
        "overall": None,
        "activity": time.monotonic(),
        "sent_at": None,
        "last_send": None,
    }


def _state() -> dict:
    if STATE not in st.session_state:
        st.session_state[STATE] = _fresh_state()
    return st.session_state[STATE]


def _reset(language: str = "pl") -> None:
    last_send = st.session_state.get(STATE, {}).get("last_send")
    st.session_state[STATE] = {**_fresh_state(language), "last_send": last_send}
    for key in [k for k in st.session_state if str(k).startswith("survey_")]:  # widget values
        del st.session_state[key]


def render() -> None:
    st.html(_KIOSK_CSS)
    db = session.database()
    params = st.query_params
    if "kiosk" in params:
        channel = survey.kiosk_channel(db, params.get("kiosk"))
        if channel is None:
            st.title(t("survey.inactive_title"))
            st.write(t("survey.inactive_body"))
            return
    else:
        channel = survey.qr_channel(db, params.get("dzial"))
    state = _state()
    state["activity"] = time.monotonic()  # a full run happens only after a client's tap
    language = state["language"]
    if state["screen"] == "thanks":
        _thanks(state, language)
        return
    _idle_watch()  # first, so its warning is on screen without scrolling
    if state["screen"] == "start":
        _start(state, language)
    else:
        _details(db, channel, state, language)


def _start(state: dict, language: str) -> None:
    def switch_language() -> None:
        state["language"] = st.session_state["survey_language"] or state["language"]

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
    st.title(t("survey.title", language))
    st.write(t("survey.intro", language))
    for value in (5, 4, 3, 2, 1):
        label = f"{value} – {t(f'survey.scale.{value}', language)}"
        if st.button(label, key=f"survey_overall_{value}", width="stretch", icon=":material/star:"):
            state["overall"] = value
            state["screen"] = "details"
            st.rerun()


def _details(db, channel, state: dict, language: str) -> None:
    st.title(t("survey.details_title", language))
    st.write(
        t(
            "survey.overall_chosen",
            language,
            value=state["overall"],
            label=t(f"survey.scale.{state['overall']}", language),
        )
    )
    if st.button(t("survey.change_overall", language), icon=":material/arrow_back:", key="survey_back"):
        state["screen"] = "start"
        st.rerun()
    st.write(t("survey.skip_hint", language))
    answers = {}
    for criterion in CRITERIA:
        answers[criterion] = st.segmented_control(
            t(f"survey.criterion.{criterion}", language),
            [1, 2, 3, 4, 5],
            key=f"survey_field_{criterion}",
            width="stretch",
        )
    settled_options = ["yes", "partly", "no"]
    answers["settled"] = st.segmented_control(
        t("survey.settled", language),
        settled_options,
        format_func=lambda o: t(f"survey.settled.{o}", language),
        key="survey_field_settled",
        width="stretch",
    )
    department_id = channel.department_id
    if department_id is None:
        choices = departments.list_departments(db, active_only=True)
        names = {d["id"]: d["name"] for d in choices}
        department_id = st.selectbox(
            t("survey.department", language),
            [None, *names],
            format_func=lambda d: t("survey.department_unknown", language) if d is None else names[d],
            key="survey_field_department",
        )
    comment = st.text_area(
        t("survey.comment", language),
        max_chars=survey.COMMENT_MAX,
        key="survey_field_comment",
    )
    st.write(t("survey.comment_help", language))
    if st.button(
        t("survey.send", language), type="primary", icon=":material/send:", width="stretch", key="survey_send"
    ):
        raw = {
            "id": state["id"],
            "language": language,
            "overall": state["overall"],
            **answers,
            "department_id": department_id,
            "comment": comment or None,
        }
        try:
            survey.submit(db, channel, raw, session_last_send=state["last_send"])
        except SurveyError as error:
            st.error(t(error.key, language))
            return
        state["screen"] = "thanks"
        state["sent_at"] = time.monotonic()
        state["last_send"] = now()
        st.rerun()


def _thanks(state: dict, language: str) -> None:
    st.title(t("survey.thanks_title", language))
    st.write(t("survey.thanks_body", language))
    if st.button(t("survey.again", language), type="primary", width="stretch", key="survey_again"):
        _reset()
        st.rerun()
    _thanks_timer()


@st.fragment(run_every=1)
def _thanks_timer() -> None:
    state = _state()
    _, _, thanks = survey.idle_seconds()
    if state["screen"] == "thanks" and time.monotonic() - (state["sent_at"] or 0) >= thanks:
        _reset()
        st.rerun(scope="app")


@st.fragment(run_every=1)
def _idle_watch() -> None:
    state = _state()
    language = state["language"]
    idle, warning, _ = survey.idle_seconds()
    untouched = state["screen"] == "start" and state["language"] == "pl"
    if untouched:
        return
    quiet = time.monotonic() - state["activity"]
    if quiet >= idle + warning:
        _reset()
        st.rerun(scope="app")
    if quiet >= idle:
        remaining = int(idle + warning - quiet)
        with st.container(border=True):
            st.warning(t("survey.idle_warning", language, seconds=max(remaining, 0)))
            if st.button(
                t("survey.idle_continue", language), type="primary", width="stretch", key="survey_continue"
            ):
                state["activity"] = time.monotonic()
                st.rerun(scope="fragment")
