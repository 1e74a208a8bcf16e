"""Messages that survive a rerun: a page stores one after a write that ends in st.rerun(), and
the next run shows it once, at the top of whatever page runs next.

    flash.success(t("common.saved", language))
    st.rerun()

app.py calls show() before running the page, so pages never have to remember to.
"""

import streamlit as st

_KEY = "_flash_messages"


def success(message: str) -> None:
    """Show `message` as a success notice on the next run (after st.rerun())."""
    st.session_state.setdefault(_KEY, []).append(("success", message))


def warning(message: str) -> None:
    """Show `message` as a warning on the next run (after st.rerun())."""
    st.session_state.setdefault(_KEY, []).append(("warning", message))


def show() -> None:
    """Show and forget every stored message; called once per run by app.py."""
    for kind, message in st.session_state.pop(_KEY, []):
        getattr(st, kind)(message)
