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
    admin_accounts,
    admin_audit,
    admin_departments,
    admin_employees,
    first_run,
    home,
    login,
    my_observations,
    observe,
)
from storage.db import DatabaseLockedError
from ui import session, style

log = logging.getLogger("jakosc")

# page key -> (render function, URL path, icon, section)
STAFF_PAGES = {
    "home": (home.render, "start", ":material/home:", "work"),
    "observe": (observe.render, "obserwacja", ":material/checklist:", "work"),
    "my_observations": (my_observations.render, "moje-obserwacje", ":material/history:", "work"),
    "account": (account.render, "konto", ":material/person:", "work"),
    "admin_departments": (admin_departments.render, "wydzialy", ":material/apartment:", "admin"),
    "admin_employees": (admin_employees.render, "pracownicy", ":material/badge:", "admin"),
    "admin_accounts": (admin_accounts.render, "konta", ":material/manage_accounts:", "admin"),
    "admin_audit": (admin_audit.render, "dziennik", ":material/receipt_long:", "admin"),
}


def _staff_navigation(user, language):
    sections: dict[str, list] = {}
    for key in pages_for(user.role):
        render, path, icon, section = STAFF_PAGES[key]
        page = st.Page(
            render, title=t(f"nav.{key}", language), url_path=path, icon=icon, default=key == "home"
        )
        sections.setdefault(t(f"nav.section.{section}", language), []).append(page)
    return sections


def main() -> None:
    st.set_page_config(page_title=t("app.title"), page_icon=":material/verified:", layout="wide")
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

    user = session.current_user()
    language = session.language(user)
    if user is None:
        if needs_first_admin(db):
            pages = [
                st.Page(
                    first_run.render, title=t("nav.first_run", language), url_path="pierwsze-uruchomienie"
                )
            ]
        else:
            pages = [st.Page(login.render, title=t("nav.login", language), url_path="logowanie")]
        navigation = st.navigation(pages, position="hidden")
    else:
        navigation = st.navigation(_staff_navigation(user, language))
        with st.sidebar:
            role = ROLE_LABELS[language][user.role]
            st.caption(t("app.logged_in_as", language, name=user.display_name, role=role))
            if st.button(t("app.logout", language), icon=":material/logout:", key="logout"):
                session.sign_out()
                st.rerun()
    session.sync_cookie()
    try:
        navigation.run()
    except Exception:
        code = uuid.uuid4().hex[:8]
        log.exception("page error %s", code)
        st.error(t("app.error", language, code=code))


main()
