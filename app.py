"""Entry point: page config, who is signed in, and the navigation built for their role.

The navigation lists only the pages the role may open (accounts/permissions.py), so any
other page cannot be opened by URL; each page checks the role again when it runs.
"""

import logging
import uuid

import streamlit as st

from accounts.permissions import pages_for
from accounts.roles import ROLE_LABELS
from accounts.service import needs_first_admin
from checklists.loading import ChecklistError, current_checklists
from i18n import t
from pages import (
    account,
    acknowledgements,
    admin_accounts,
    admin_audit,
    admin_departments,
    admin_employees,
    admin_kiosks,
    admin_retention,
    conversations,
    dashboard,
    first_run,
    home,
    login,
    moderation,
    my_observations,
    my_results,
    observe,
    survey,
)
from storage.db import DatabaseLockedError
from ui import session, style

log = logging.getLogger("jakosc")

# page key -> (render function, URL path, icon, section)
STAFF_PAGES = {
    "home": (home.render, "start", ":material/home:", "work"),
    "dashboard": (dashboard.render, "pulpit", ":material/monitoring:", "work"),
    "observe": (observe.render, "obserwacja", ":material/checklist:", "work"),
    "my_observations": (my_observations.render, "moje-obserwacje", ":material/history:", "work"),
    "my_results": (my_results.render, "moje-wyniki", ":material/person_check:", "work"),
    "acknowledgements": (acknowledgements.render, "potwierdzenia", ":material/task_alt:", "work"),
    "conversations": (conversations.render, "rozmowy", ":material/forum:", "work"),
    "moderation": (moderation.render, "moderacja", ":material/rate_review:", "work"),
    "account": (account.render, "konto", ":material/person:", "work"),
    "admin_departments": (admin_departments.render, "wydzialy", ":material/apartment:", "admin"),
    "admin_employees": (admin_employees.render, "pracownicy", ":material/badge:", "admin"),
    "admin_accounts": (admin_accounts.render, "konta", ":material/manage_accounts:", "admin"),
    "admin_kiosks": (admin_kiosks.render, "kioski", ":material/qr_code_2:", "admin"),
    "admin_retention": (admin_retention.render, "retencja", ":material/auto_delete:", "admin"),
    "admin_audit": (admin_audit.render, "dziennik", ":material/receipt_long:", "admin"),
}


def _staff_navigation(user, language):
    """Allowed pages in sidebar sections; every other page URL shows a Polish refusal instead."""
    allowed = set(pages_for(user.role))
    sections: dict[str, list] = {}
    for key, (render, path, icon, section) in STAFF_PAGES.items():
        title = t(f"nav.{key}", language)
        if key in allowed:
            page = st.Page(render, title=title, url_path=path, icon=icon, default=key == "home")
            sections.setdefault(t(f"nav.section.{section}", language), []).append(page)
        else:
            page = st.Page(_refusal(language), title=title, url_path=path, visibility="hidden")
            sections.setdefault("", []).append(page)
    return sections


def _refusal(language):
    def refuse() -> None:
        st.error(t("app.forbidden", language))

    return refuse


def _anonymous_navigation(db, language):
    """Before login every page URL shows the login (or first-run) form; after login the same
    URL opens the page, so a bookmarked link still works."""
    if needs_first_admin(db):
        render, title = first_run.render, t("nav.first_run", language)
    else:
        render, title = login.render, t("nav.login", language)
    return [
        st.Page(render, title=title, url_path=path, default=key == "home")
        for key, (_, path, _, _) in STAFF_PAGES.items()
    ]


def _client_form_requested() -> bool:
    """A kiosk URL (?kiosk=<token>) or a department's QR code (?dzial=<code>): only the form."""
    return "kiosk" in st.query_params or "dzial" in st.query_params


def main() -> None:
    client_form = _client_form_requested()
    title = t("survey.page_title") if client_form else t("app.title")
    st.set_page_config(
        page_title=title,
        page_icon=":material/verified:",
        layout="centered" if client_form else "wide",
        initial_sidebar_state="collapsed" if client_form else "auto",
    )
    style.apply()
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
        # The token only narrows the interface to the form: no staff session is looked at.
        page = st.Page(survey.render, title=title, url_path="ankieta", default=True)
        _run(st.navigation([page], position="hidden"), "pl")
        return

    user = session.current_user()
    language = session.language(user)
    if user is None:
        navigation = st.navigation(_anonymous_navigation(db, language), position="hidden")
    else:
        navigation = st.navigation(_staff_navigation(user, language))
        with st.sidebar:
            role = ROLE_LABELS[language][user.role]
            st.caption(t("app.logged_in_as", language, name=user.display_name, role=role))
            if st.button(t("app.logout", language), icon=":material/logout:", key="logout"):
                session.sign_out()
                st.rerun()
    session.sync_cookie()
    _run(navigation, language)


def _run(navigation, language: str) -> None:
    """Run the chosen page; an unexpected error shows a Polish message with a code, never a trace."""
    try:
        navigation.run()
    except Exception:
        code = uuid.uuid4().hex[:8]
        log.exception("page error %s", code)
        st.error(t("app.error", language, code=code))


main()
