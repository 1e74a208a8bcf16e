"""The database out of reach while the app runs (PostgreSQL stopped or restarting, a wrong
address): a page run shows one clear message instead of an error, and nothing the user typed is
lost.

The run that meets the outage says so and waits for the database, trying it every few seconds:
the browser keeps showing the page as it was, every field with what was typed in it (a run that
has not ended never takes the page's widgets away). When the database answers, the page is drawn
again and the user sends the form once more. A click meanwhile interrupts the wait (Streamlit
starts the run the click asks for). After PATIENCE the run ends with a retry button: st.stop()
then keeps every widget's value on the server (a stopped run skips the clean-up of the widgets it
did not draw), and the next run writes the values of keyed widgets back through st.session_state,
which the browser then shows again in the redrawn widgets.

A widget's callback (an answer tapped on the observation tablet, a paper questionnaire saved with
Enter) runs before the page's run, outside guard(), where Streamlit would show its own English
error. Wrapped in `callback`, an outage there is remembered instead: the run that follows does
the callback again inside guard(), so the same message shows, the page waits, and the tap is
stored once the database answers (each such callback may be done twice: it stores under a key the
page chose, or sets a value).
"""

from __future__ import annotations

import datetime
import logging
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from i18n import DEFAULT_LANGUAGE, t
from storage.db import DatabaseUnavailableError
from ui import session, style

log = logging.getLogger("jakosc")

PATIENCE = 300.0  # s a run waits for the database before it ends with a retry button
POLL = 2.0  # s between two tries of the database while waiting

_KEPT = "outage_kept"  # the run after an outage writes the widgets' values back
_PENDING = "outage_pending_callback"  # a callback that met an outage: (work, args, kwargs)
_LANGUAGE = "outage_language"  # the language of the last page shown: the user's may be unreadable now
# Values a widget's key may be given back: what the user typed or chose. Never booleans (a button's
# or a checkbox's: a button refuses them) nor a table editor's or an uploader's objects.
_SCALARS = (str, int, float, datetime.date, datetime.time, uuid.UUID)
# Streamlit fades the page of the previous run while a run lasts (a third of its opacity: text
# below WCAG contrast). A wait for the database may last minutes, and the user reads and copies
# what they typed meanwhile: while the message shows, the page stays as it was drawn.
_READABLE_WHILE_WAITING = (
    "<style>.stApp:has(.st-key-outage_message) [data-stale='true'] "
    "{ opacity: 1 !important; transition: none !important; }</style>"
)


def errors() -> tuple[type[Exception], ...]:
    """What an unreachable database raises: DatabaseUnavailableError, and on PostgreSQL the
    driver's OperationalError (a connection lost in the middle of a statement, a restarting
    server; psycopg is loaded only when the store is PostgreSQL)."""
    psycopg = sys.modules.get("psycopg")
    if psycopg is None:
        return (DatabaseUnavailableError,)
    return (DatabaseUnavailableError, psycopg.OperationalError)


def remember(language: str) -> None:
    """The language of the page being shown, for the message of a later outage."""
    st.session_state[_LANGUAGE] = language


def callback(work: Callable[..., object]) -> Callable[..., None]:
    """`work` as a widget's on_change/on_click that survives an outage (see the module's text)."""

    def run(*args, **kwargs) -> None:
        try:
            work(*args, **kwargs)
        except errors() as error:
            log.warning("database unavailable in a callback: %s", error)
            st.session_state[_PENDING] = (work, args, kwargs)

    return run


@contextmanager
def guard(language: str | None = None) -> Iterator[None]:
    """Around a whole run: an outage shows its message (in `language`, else the last page's)."""
    if st.session_state.pop(_KEPT, False):
        _give_back_values()
    try:
        _finish_pending_callback()
        yield
    except errors() as error:
        log.warning("database unavailable: %s", error)
        language = language or st.session_state.get(_LANGUAGE, DEFAULT_LANGUAGE)
        # The run's elements take the places of the last run's, first to last: a run that failed
        # before the shared styles were drawn would leave the page without them (both menus).
        style.apply(language)
        with st.container(key="outage_message"):
            st.html(_READABLE_WHILE_WAITING)
            message = st.empty()
        if _back_within(PATIENCE, message, language):
            _rerun_the_asked_page()  # the page again, as it was: the browser never dropped what was typed
        st.button(t("app.db_unavailable.retry", language), key="outage_retry", type="primary")
        st.session_state[_KEPT] = True
        st.stop()


def _finish_pending_callback() -> None:
    """Do again the callback that met an outage: kept while the database is out of reach; any
    other failure is logged and the page shows what is stored (a run never fails on it again)."""
    pending = st.session_state.pop(_PENDING, None)
    if pending is None:
        return
    work, args, kwargs = pending
    try:
        work(*args, **kwargs)
    except errors():
        st.session_state[_PENDING] = pending
        raise
    except Exception:
        log.exception("a callback done again after an outage failed")


def _back_within(patience: float, message, language: str) -> bool:
    """Whether the database answers again within `patience` seconds (the message shown meanwhile)."""
    deadline = time.monotonic() + patience
    while True:
        # Drawn again at each try: a click in the meantime interrupts the wait here.
        message.error(t("app.db_unavailable", language), icon=":material/cloud_off:")
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL)
        try:
            session.database().scalar("SELECT 1")
        except errors():
            continue
        return True


def _rerun_the_asked_page() -> None:
    """st.rerun() asks for the page this run is on, which is still the app's first page when the
    database failed before st.navigation chose one (and a change of page drops the widgets'
    values): ask for the page the browser asked for."""
    ctx = get_script_run_ctx()
    asked = ctx.pages_manager.intended_page_script_hash if ctx else None
    if asked:
        ctx.set_mpa_v2_page(asked)  # what st.navigation does when it picks the page
    st.rerun()


def _restorable(value: object) -> bool:
    if isinstance(value, list | tuple):
        return all(_restorable(item) for item in value)
    return isinstance(value, _SCALARS) and not isinstance(value, bool)


def _give_back_values() -> None:
    for key, value in list(st.session_state.items()):
        if _restorable(value):
            st.session_state[key] = value
