"""Administration: departments (komórki organizacyjne)."""

import streamlit as st

from i18n import t
from services.organisation import InputError, add_department, list_departments, update_department
from ui import flash, forms, session


def render() -> None:
    user = session.require("admin_departments")
    language = user.language
    db = session.database()
    st.title(t("admin.departments.title", language))
    rows = list_departments(db)
    if rows:
        st.dataframe(
            [
                {
                    t("common.code", language): r["code"],
                    t("common.name", language): r["name"],
                    t("common.active", language): r["active"],
                }
                for r in rows
            ],
            hide_index=True,
            width="stretch",
        )
    else:
        st.info(t("common.none", language))

    with st.form(forms.key("add_department")):
        st.subheader(t("admin.departments.add", language))
        # The hint as a caption, not help=: Streamlit labels its help icon in English ("Help for …").
        code = st.text_input(t("common.code", language), max_chars=10, placeholder="KM")
        st.caption(t("admin.departments.code_help", language))
        name = st.text_input(t("common.name", language), max_chars=120)
        if st.form_submit_button(t("common.add", language), type="primary"):
            try:
                department_id = add_department(db, code, name, user.login)
            except InputError as error:
                st.error(str(error))
            else:
                added = next(d["code"] for d in list_departments(db) if d["id"] == department_id)  # as stored
                flash.success(t("admin.departments.added", language, code=added))
                forms.clear("add_department")
                st.rerun()

    if rows:
        st.subheader(t("admin.departments.edit", language))
        chosen = st.selectbox(
            t("common.department", language),
            rows,
            format_func=lambda r: f"{r['code']} – {r['name']}",
            placeholder=t("admin.departments.choose", language),
        )
        with st.form("edit_department"):
            name = st.text_input(t("common.name", language), value=chosen["name"], max_chars=120)
            active = st.checkbox(t("common.active", language), value=chosen["active"])
            if st.form_submit_button(t("common.save", language)):
                try:
                    update_department(db, chosen["id"], name, active, user.login)
                except InputError as error:
                    st.error(str(error))
                else:
                    flash.success(t("common.saved", language))
                    st.rerun()
