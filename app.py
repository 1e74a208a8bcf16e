"""Entry point: page config, who is signed in, and the navigation built for their role.

The menu bar above every staff page (ui/navigation.py) lists only the pages the role may open
(accounts/permissions.py); any other page URL shows a refusal, and each page checks the role
again when it runs. Every page declares its language in <html lang> (ui/style.py).
"""

import logging
import uuid
from pathlib import Path

import streamlit as st

from checklists.loading import ChecklistError, current_checklists
from i18n import t
from pages import survey
from storage.db import DatabaseLockedError
from ui import flash, outage, session, style
from ui.navigation import STAFF_PAGES, anonymous_navigation, menu_bar, staff_navigation

ICON = Path(__file__).resolve().parent / "ui" / "icon.png"

log = logging.getLogger("jakosc")


def _client_form_requested() -> bool:
    """A kiosk URL (?kiosk=<token>) or a department's QR code (?dzial=<code>): only the form."""
    return "kiosk" in st.query_params or "dzial" in st.query_params


def main() -> None:
    client_form = _client_form_requested()
    title = t("survey.page_title") if client_form else t("app.title")
    st.set_page_config(
        page_title=title,
        page_icon=str(ICON),  # served by the app itself: a Material icon would be fetched from Google
        layout="centered" if client_form else "wide",
    )
    # The database out of reach (every read and write below may meet it): a message and a retry,
    # in the client's language on the form.
    with outage.guard(survey.client_language() if client_form else None):
        _show(client_form, title)


def _show(client_form: bool, title: str) -> None:
    try:
        current_checklists()
        db = session.database()
    except ChecklistError as error:
        st.error(t("app.checklist_broken", error=error))
        st.stop()
    except DatabaseLockedError as error:
        st.error(t("app.db_locked", error=error))
        st.stop()

    if client_form:
        style.apply()  # the form declares its own language (pages/survey.py)
        # The token only narrows the interface to the form: no staff session is looked at.
        # Every staff path shows the form too, so a kiosk never sees a "Page not found" dialog.
        pages = [
            st.Page(survey.render, title=title, url_path=path, default=key == "home")
            for key, (_, path, _, _) in STAFF_PAGES.items()
        ]
        _run(st.navigation(pages, position="hidden"), "pl")
        return

    user = session.current_user()
    language = session.language(user)
    style.apply(language)
    style.page_language(language)
    outage.remember(language)
    if user is None:
        navigation = st.navigation(anonymous_navigation(db, language), position="hidden")
    else:
        pages, menu = staff_navigation(user, language)
        navigation = st.navigation(pages, position="hidden")
        if menu_bar(user, language, menu, navigation):
            session.sign_out()
            st.rerun()
    session.sync_cookie()
    _run(navigation, language)


def _run(navigation, language: str) -> None:
    """Run the chosen page; an unexpected error shows a Polish message with a code, never a trace."""
    try:
        flash.show()
        navigation.run()
    except outage.errors():
        raise  # not the page's fault: outage.guard in main() says so
    except Exception:
        code = uuid.uuid4().hex[:8]
        log.exception("page error %s", code)
        st.error(t("app.error", language, code=code))


main()
