"""Administration: user accounts, roles and the departments a supervisor covers."""

import streamlit as st

from accounts.roles import ROLE_LABELS, Role
from accounts.service import AccountError, change_account, create_account, list_accounts, unlock
from accounts.throttle import is_throttled_anywhere
from i18n import t
from services import addresses, organisation
from services.clock import now
from ui import flash, forms, session
from ui.text import plain

# The password fields' "show" button is a touch target like every other (WCAG 2.5.5).
_CSS = "<style>[data-testid='stTextInputRootElement'] button { min-width: 44px; min-height: 44px; }</style>"


def render() -> None:
    user = session.require("admin_accounts")
    language = user.language
    db = session.database()
    st.html(_CSS)
    st.title(t("admin.accounts.title", language))
    roles = list(Role)
    role_label = ROLE_LABELS[language]
    dept_label = {
        d["id"]: f"{d['code']} – {d['name']}" for d in organisation.list_departments(db, active_only=True)
    }
    staff = {
        e["id"]: f"{e['last_name']} {e['first_name']} ({e['department_name']})"
        for e in organisation.list_employees(db)
    }
    accounts = list_accounts(db)
    moment = now()

    throttled = {a["login"] for a in accounts if is_throttled_anywhere(db, a["login"], moment)}

    def status(account):
        if account["login"] in throttled:
            return t("admin.accounts.locked", language)
        return "✓" if account["active"] else "–"

    st.dataframe(
        [
            {
                t("login.login", language): a["login"],
                t("admin.accounts.display_name", language): a["display_name"],
                t("common.role", language): role_label[Role(a["role"])],
                t("common.departments", language): ", ".join(
                    dept_label.get(d, "?") for d in a["department_ids"]
                ),
                t("admin.accounts.email", language): a["email"] or "",
                t("common.active", language): status(a),
            }
            for a in accounts
        ],
        hide_index=True,
        width="stretch",
    )

    with st.form(forms.key("add_account")):
        st.subheader(t("admin.accounts.add", language))
        name = st.text_input(t("admin.accounts.display_name", language), max_chars=100)
        login = st.text_input(t("login.login", language), max_chars=40)
        password = st.text_input(t("login.password", language), type="password", max_chars=200)
        # Least privilege: a new account is an employee's unless the administrator chooses more.
        role = st.selectbox(
            t("common.role", language),
            roles,
            index=roles.index(Role.EMPLOYEE),
            format_func=role_label.get,
            placeholder=t("admin.accounts.choose_role", language),
        )
        scope = st.multiselect(
            t("admin.accounts.scope", language),
            list(dept_label),
            format_func=dept_label.get,
            placeholder=t("admin.accounts.choose_scope", language),
            select_all=False,  # Streamlit's "Select all" is English, and a scope is chosen on purpose
        )
        employee_id = st.selectbox(
            t("admin.accounts.employee_link", language),
            [None, *staff],
            format_func=lambda e: "—" if e is None else staff[e],
            placeholder=t("admin.employees.choose", language),
        )
        if st.form_submit_button(t("common.add", language), type="primary"):
            try:
                account_id = create_account(
                    db,
                    login=login,
                    password=password,
                    role=role,
                    display_name=name,
                    actor=user.login,
                    department_ids=scope,
                    employee_id=employee_id,
                )
            except AccountError as error:
                st.error(str(error))
            else:
                added = next(a["login"] for a in list_accounts(db) if a["id"] == account_id)  # as stored
                flash.success(t("admin.accounts.added", language, login=plain(added)))
                forms.clear("add_account")
                st.rerun()

    st.subheader(t("admin.accounts.edit", language))
    chosen = st.selectbox(
        t("login.login", language),
        accounts,
        format_func=lambda a: f"{a['login']} ({a['display_name']})",
        placeholder=t("admin.accounts.choose_account", language),
    )
    with st.form("edit_account"):
        name = st.text_input(
            t("admin.accounts.display_name", language), value=chosen["display_name"], max_chars=100
        )
        role = st.selectbox(
            t("common.role", language),
            roles,
            index=roles.index(Role(chosen["role"])),
            format_func=role_label.get,
            placeholder=t("admin.accounts.choose_role", language),
        )
        scope = st.multiselect(
            t("admin.accounts.scope", language),
            list(dept_label),
            default=[d for d in chosen["department_ids"] if d in dept_label],
            format_func=dept_label.get,
            placeholder=t("admin.accounts.choose_scope", language),
            select_all=False,
        )
        links = [None, *staff]
        employee_id = st.selectbox(
            t("admin.accounts.employee_link", language),
            links,
            index=links.index(chosen["employee_id"]) if chosen["employee_id"] in links else 0,
            format_func=lambda e: "—" if e is None else staff[e],
            placeholder=t("admin.employees.choose", language),
        )
        email = st.text_input(
            t("account.email", language),
            value=chosen["email"] or "",
            max_chars=addresses.MAX_LENGTH,
        )
        st.caption(t("account.email_help", language))  # not help=: Streamlit names its icon in English
        active = st.checkbox(t("common.active", language), value=chosen["active"])
        new_password = st.text_input(
            t("admin.accounts.new_password", language), type="password", max_chars=200
        )
        if st.form_submit_button(t("common.save", language)):
            try:
                change_account(
                    db,
                    chosen["id"],
                    role=role,
                    display_name=name,
                    active=active,
                    department_ids=scope,
                    employee_id=employee_id,
                    new_password=new_password,
                    actor=user.login,
                    email=email,
                )
            except AccountError as error:
                st.error(str(error))
            else:
                if new_password and chosen["id"] == user.id:
                    session.sign_in(user)  # the reset ended every session of the account, this one too
                flash.success(t("admin.accounts.changed", language, login=plain(chosen["login"])))
                st.rerun()
    if chosen["login"] in throttled and st.button(t("admin.accounts.unlock", language)):
        unlock(db, chosen["login"], user.login)
        flash.success(t("admin.accounts.unlocked", language, login=plain(chosen["login"])))
        st.rerun()
