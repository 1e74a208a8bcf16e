"""Paper questionnaires: staff type a paper form's answers on one line and press Enter.

Made for the keyboard: the department and the questionnaire's date are chosen once and kept; the
answers field has the focus after every save (and when the page opens with a department chosen);
Enter saves, empties the fields and confirms the saved questionnaire in words, with "Cofnij
ostatnią" for a slip. A refused line stays in the field with the fault named under it.

Each questionnaire has an id from its first attempt until it is saved, and its fields and button
are keyed by it: a second Enter or click on a saved questionnaire reaches a button that no longer
exists, or the service, which stores an id once (services.paper_survey).
"""

import json
import uuid

import streamlit as st

from documents.questionnaire import questionnaire_pdf
from i18n import format_date, t
from services import paper_survey as service
from services.clock import now
from services.organisation import InputError
from services.survey import COMMENT_MAX
from ui import outage, session
from ui.text import plain

URL_PATH = "ankiety-papierowe"
DEPARTMENT, DAY = "paper_department", "paper_day"
ENTRY = "paper_entry"  # the id of the questionnaire being typed, kept until it is saved
LAST = "paper_last"  # the last questionnaire saved in this session: {"id", "line", "answers"}
SAVED = "paper_saved"  # how many questionnaires this session saved
ERROR, NOTICE = "paper_error", "paper_notice"


def render() -> None:
    user = session.require("paper_survey")
    language = user.language
    db = session.database()
    st.title(t("paper.title", language))
    st.caption(t("paper.intro", language))
    choices = {d["id"]: d["name"] for d in service.departments_for(db, user)}
    if not choices:
        st.info(t("paper.no_departments", language))
        return
    earliest, today = service.date_range(now().date())
    if st.session_state.get(DEPARTMENT) not in choices:
        st.session_state[DEPARTMENT] = next(iter(choices)) if len(choices) == 1 else None
    department_column, day_column = st.columns([2, 1])
    department_id = department_column.selectbox(
        t("common.department", language),
        list(choices),
        format_func=choices.get,
        key=DEPARTMENT,
        placeholder=t("paper.choose_department", language),
    )
    day_column.date_input(
        t("paper.date", language),
        value=today,
        min_value=earliest,
        max_value=today,
        format="DD.MM.YYYY",
        key=DAY,
        help=t("paper.date_help", language),
    )
    _last_saved(db, user, language)  # above the form: in sight on a tablet while typing the next one
    entry_id = st.session_state.setdefault(ENTRY, uuid.uuid4())
    with st.form("paper_form"):
        st.text_input(
            t("paper.answers", language),
            key=f"paper_answers_{entry_id}",
            placeholder=t("paper.answers_placeholder", language),
            autocomplete="off",
        )
        if st.session_state.get(ERROR):
            st.error(plain(st.session_state[ERROR]))
        st.caption(t("paper.format", language))
        st.text_input(
            t("paper.comment", language),
            key=f"paper_comment_{entry_id}",
            max_chars=COMMENT_MAX,
            autocomplete="off",
        )
        st.caption(t("paper.comment_help", language))  # not a help icon: Tab goes straight to the field
        st.form_submit_button(
            t("paper.save", language),
            type="primary",
            key=f"paper_save_{entry_id}",
            on_click=outage.callback(_save),
            args=(db, user, entry_id, language),
        )
    st.caption(t("paper.session_count", language, count=st.session_state.get(SAVED, 0)))
    st.download_button(
        t("paper.download", language),
        data=lambda: questionnaire_pdf(t("app.office"), list(choices.values())),
        file_name="ankieta-papierowa.pdf",
        mime="application/pdf",
        on_click="ignore",
        icon=":material/print:",
    )
    if department_id is not None:
        _focus_answers(entry_id, department_id)


def _last_saved(db, user, language: str) -> None:
    """The last questionnaire saved, in words, with its undo; or what the undo removed."""
    if st.session_state.get(NOTICE):
        st.info(st.session_state[NOTICE])
    last = st.session_state.get(LAST)
    if last:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.success(last["line"])
            st.button(
                t("paper.undo", language),
                key="paper_undo",
                on_click=outage.callback(_undo),
                args=(db, user, language),
                icon=":material/undo:",
            )


def _save(db, user, entry_id: uuid.UUID, language: str) -> None:
    """The form's submit (Enter or the button), before the page runs: on success the next
    questionnaire gets a new id, so its fields are new and empty."""
    state = st.session_state
    answers_key, comment_key = f"paper_answers_{entry_id}", f"paper_comment_{entry_id}"
    if not (state.get(answers_key) or "").strip() and not (state.get(comment_key) or "").strip():
        state.pop(ERROR, None)  # Enter on empty fields (a double Enter's second): nothing to save
        return
    try:
        entered = service.enter(
            db,
            user,
            entry_id=entry_id,
            department_id=state.get(DEPARTMENT),
            on=state.get(DAY),
            answers=state.get(answers_key),
            comment=state.get(comment_key),
        )
    except InputError as error:
        state[ERROR] = str(error)
        return
    state.pop(ERROR, None)
    state[ENTRY] = uuid.uuid4()
    for key in (answers_key, comment_key):
        state.pop(key, None)
    # A double Enter may run this twice for one id; the first run's changes to the session are
    # then lost when the second interrupts it (its write to the database is not): confirm the
    # questionnaire unless this session already did.
    if (state.get(LAST) or {}).get("id") == entered.id:
        return
    answers = describe(entered.answers, language)
    line = t(
        "paper.saved",
        language,
        answers=answers,
        department=plain(entered.department),
        day=format_date(entered.on, language),
    )
    if entered.scrubbed:
        line += " " + t("paper.scrubbed", language)
    state[LAST] = {"id": entered.id, "line": line, "answers": answers}
    state[SAVED] = state.get(SAVED, 0) + 1
    state.pop(NOTICE, None)


def _undo(db, user, language: str) -> None:
    state = st.session_state
    last = state.get(LAST)
    if not last:
        return
    try:
        service.undo(db, user, last["id"])
    except InputError as error:
        state[ERROR] = str(error)
        return
    state.pop(LAST)
    state[SAVED] = max(state.get(SAVED, 1) - 1, 0)
    state[NOTICE] = t("paper.undone", language, answers=last["answers"])


def describe(answers: service.Answers, language: str) -> str:
    """The answers in words: "ogólna 5, czas 4, …, załatwiona: tak"."""
    none = t("paper.no_answer", language)
    scores = [("overall", answers.overall), *zip(service.QUESTIONS[1:-1], answers.criteria, strict=True)]
    parts = [
        f"{t(f'paper.short.{name}', language)} {none if value is None else value}" for name, value in scores
    ]
    settled = none if answers.settled is None else t(f"paper.settled.{answers.settled}", language)
    return ", ".join([*parts, f"{t('paper.short.settled', language)}: {settled}"])


def _focus_answers(entry_id: uuid.UUID, department_id) -> None:
    """Put the cursor in the answers field: a new questionnaire's field is a new element, and a
    department just chosen means typing comes next. The ids make the script new each time, so
    the browser runs it again (only then); it waits for the field to be drawn."""
    selector = json.dumps(f".st-key-paper_answers_{entry_id} input")
    st.html(
        f"<script>/* {entry_id} {department_id} */ (() => {{ let tries = 0; const focus = () => {{ "
        f"const field = document.querySelector({selector}); "
        "if (field) { field.focus(); } else if (tries++ < 50) { setTimeout(focus, 20); } }; focus(); })();"
        "</script>",
        unsafe_allow_javascript=True,
    )
