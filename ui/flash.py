"""Messages that survive a rerun: a page stores one after a write that ends in st.rerun(), and
the next run shows it once, at the top of whatever page runs next.

    flash.success(t("common.saved", language))
    st.rerun()

app.py calls show() before running the page, so pages never have to remember to.
"""

from collections.abc import Callable

import streamlit as st

from services.organisation import InputError

_KEY = "_flash_messages"


def success(message: str) -> None:
    """Show `message` as a success notice on the next run (after st.rerun())."""
    st.session_state.setdefault(_KEY, []).append(("success", message))


def warning(message: str) -> None:
    """Show `message` as a warning on the next run (after st.rerun())."""
    st.session_state.setdefault(_KEY, []).append(("warning", message))


def run(change: Callable[[], object], message: str) -> None:
    """One write through a service: on success `message` shows after a rerun; a refusal
    (InputError, Polish) shows here and now, and nothing reruns.

        flash.run(lambda: service.close(db, user, action_id, note=note), t("actions.closed", language))
    """
    try:
        change()
    except InputError as error:
        st.error(str(error))
        return
    success(message)
    st.rerun()


def show() -> None:
    """Show and forget every stored message; called once per run by app.py."""
    for kind, message in st.session_state.pop(_KEY, []):
        getattr(st, kind)(message)
