"""The page table of the app and the navigation built from it for each visitor.

app.py hands these to st.navigation; tests and benchmarks read STAFF_PAGES without running
the app. Which role may open which page is accounts/permissions.py.
"""

import streamlit as st

from accounts.permissions import pages_for
from accounts.service import needs_first_admin
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
)

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


def staff_navigation(user, language):
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


def anonymous_navigation(db, language):
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
