"""The page table of the app and the navigation built from it for each visitor.

app.py hands these to st.navigation; tests and benchmarks read STAFF_PAGES without running
the app. Which role may open which page is accounts/permissions.py.
"""

import zlib

import streamlit as st

from accounts.permissions import pages_for
from accounts.roles import ROLE_LABELS
from accounts.service import needs_first_admin
from i18n import t
from pages import (
    account,
    acknowledgements,
    actions,
    admin_accounts,
    admin_audit,
    admin_departments,
    admin_employees,
    admin_kiosks,
    admin_mail,
    admin_retention,
    campaigns,
    client_cases,
    conversations,
    dashboard,
    first_run,
    home,
    login,
    moderation,
    my_observations,
    my_results,
    observation_plan,
    observe,
    paper_survey,
    training,
)
from ui.text import plain

# The start page is the default one, served at / (Streamlit knows no other address for it).
START_PATH = "start"

# page key -> (render function, URL path, icon, section)
STAFF_PAGES = {
    "home": (home.render, START_PATH, ":material/home:", "work"),
    "dashboard": (dashboard.render, "pulpit", ":material/monitoring:", "work"),
    "observe": (observe.render, "obserwacja", ":material/checklist:", "work"),
    "my_observations": (my_observations.render, "moje-obserwacje", ":material/history:", "work"),
    "my_results": (my_results.render, "moje-wyniki", ":material/person_check:", "work"),
    "acknowledgements": (acknowledgements.render, "potwierdzenia", ":material/task_alt:", "team"),
    "conversations": (conversations.render, "rozmowy", ":material/forum:", "team"),
    "actions": (actions.render, actions.URL_PATH, ":material/assignment_turned_in:", "improve"),
    "client_cases": (client_cases.render, client_cases.URL_PATH, ":material/contact_mail:", "improve"),
    "training": (training.render, training.URL_PATH, ":material/school:", "improve"),
    "observation_plan": (
        observation_plan.render,
        observation_plan.URL_PATH,
        ":material/event_note:",
        "improve",
    ),
    "campaigns": (campaigns.render, campaigns.URL_PATH, ":material/flag:", "survey"),
    "moderation": (moderation.render, "moderacja", ":material/rate_review:", "survey"),
    "paper_survey": (paper_survey.render, paper_survey.URL_PATH, ":material/edit_note:", "survey"),
    "account": (account.render, "konto", ":material/person:", "work"),
    "admin_departments": (admin_departments.render, "wydzialy", ":material/apartment:", "admin"),
    "admin_employees": (admin_employees.render, "pracownicy", ":material/badge:", "admin"),
    "admin_accounts": (admin_accounts.render, "konta", ":material/manage_accounts:", "admin"),
    "admin_kiosks": (admin_kiosks.render, "kioski", ":material/qr_code_2:", "admin"),
    "admin_retention": (admin_retention.render, "retencja", ":material/auto_delete:", "admin"),
    "admin_mail": (admin_mail.render, admin_mail.URL_PATH, ":material/mail:", "admin"),
    "admin_audit": (admin_audit.render, "dziennik", ":material/receipt_long:", "admin"),
}


# The menu's sections shown as drop-downs on wide screens (the "work" pages are plain links).
DROP_DOWNS = {
    "team": ":material/groups:",
    "survey": ":material/poll:",
    "improve": ":material/trending_up:",
    "admin": ":material/admin_panel_settings:",
}


def staff_navigation(user, language) -> tuple[list, dict[str, list]]:
    """Every staff URL as a page for st.navigation, and the role's menu: its allowed pages by
    section ("work", "admin"). Pages the role may not open show a Polish refusal instead."""
    allowed = set(pages_for(user.role))
    pages, menu = [], {}
    for key, (render, path, icon, section) in STAFF_PAGES.items():
        title = t(f"nav.{key}", language)
        if key in allowed:
            page = st.Page(render, title=title, url_path=path, icon=icon, default=key == "home")
            menu.setdefault(section, []).append(page)
        else:
            page = st.Page(_refusal(language), title=title, url_path=path, visibility="hidden")
        pages.append(page)
    return pages, menu


def menu_bar(user, language: str, menu: dict[str, list], current) -> bool:
    """The staff menu as one row above the page, never a column: on wide screens the role's
    pages as links (the team, survey, improvement and administration pages each in one drop-down),
    below that one "Menu" button; then who is signed in and the sign-out button. ui/style.py
    shows one of the two forms by screen width. Returns True when sign-out was pressed."""
    # Drop-downs are keyed by the current address: the next page's are new ones, so a drop-down
    # closes once a page is chosen in it, the page shown too ("Obserwacja" from a draft's address).
    address = f"{current.url_path}?{sorted(st.query_params.to_dict().items())}"
    page_key = f"{current.url_path or 'start'}_{zlib.crc32(address.encode()):08x}"
    with st.container(horizontal=True, vertical_alignment="center", gap="small", key="menu_bar"):
        with st.container(
            horizontal=True, vertical_alignment="center", gap=None, key="menu_links", width="content"
        ):
            _links(menu.get("work", []))
            for section, icon in DROP_DOWNS.items():
                if menu.get(section):
                    title = t(f"nav.section.{section}", language)
                    with st.popover(title, icon=icon, key=f"menu_{section}_{page_key}"):
                        _links(menu[section])
        with (
            st.container(key="menu_compact", width="content"),
            st.popover(t("nav.menu", language), icon=":material/menu:", key=f"menu_{page_key}"),
        ):
            _links(menu.get("work", []))
            # The sections side by side: one under another, management's menu is taller than a
            # laptop's or a landscape tablet's screen (Streamlit stacks them again below 640 px).
            sections = [section for section in DROP_DOWNS if menu.get(section)]
            if sections:
                with st.container(key="menu_sections"):
                    for column, section in zip(st.columns(len(sections)), sections, strict=True):
                        with column:
                            st.caption(t(f"nav.section.{section}", language))
                            _links(menu[section])
        with st.container(key="menu_who", width="content"):
            role = ROLE_LABELS[language][user.role]
            st.caption(t("app.logged_in_as", language, name=plain(user.display_name), role=role))
        return st.button(t("app.logout", language), icon=":material/logout:", key="logout")


def _links(pages: list) -> None:
    for page in pages:
        st.page_link(page)


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
