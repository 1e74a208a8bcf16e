"""Pieces of an observation shown on more than one screen (the supervisor's and the employee's)."""

import streamlit as st

from checklists.schema import Answer
from i18n import t

ANSWER_KEYS = {
    Answer.MET: "observe.answer.met",
    Answer.NOT_MET: "observe.answer.not_met",
    Answer.NOT_APPLICABLE: "observe.answer.na",
    Answer.NOT_OBSERVED: "observe.answer.not_observed",
}


def answer_label(answer: dict, language: str) -> str:
    """A stored answer in words ("Nie dotyczy", never "nie_dotyczy"), marked when it was set
    together with the rest of its standard; "—" while unanswered."""
    if answer["answer"] is None:
        return "—"
    label = t(ANSWER_KEYS[Answer(answer["answer"])], language)
    if answer.get("set_together_at") is not None:
        label += f" ({t('observe.set_together_marker', language)})"
    return label


def table(rows: list[dict], *, key: str) -> None:
    """Rows as a static table whose cells wrap, so it fits a tablet's width with no column cut
    (a scrolling data grid hides its last columns at 810 px)."""
    with st.container(key=f"table_{key}"):
        st.table(rows)


def notes(observation: dict, language: str) -> None:
    """The supervisor's notes (what went well, what to improve), as plain text."""
    for field, key in (("notes_good", "observe.notes_good"), ("notes_improve", "observe.notes_improve")):
        if observation[field]:
            st.markdown(f"**{t(key, language)}**")
            st.text(observation[field])
