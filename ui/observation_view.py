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


def notes(observation: dict, language: str) -> None:
    """The supervisor's notes (what went well, what to improve), as plain text."""
    for field, key in (("notes_good", "observe.notes_good"), ("notes_improve", "observe.notes_improve")):
        if observation[field]:
            st.markdown(f"**{t(key, language)}**")
            st.text(observation[field])
