"""Administration: employees, added one by one or imported from a spreadsheet."""

import pandas as pd
import streamlit as st

from i18n import format_count, t
from services import organisation
from services.organisation import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    InputError,
    add_employee,
    import_employees,
)
from ui import flash, forms, session
from ui.text import plain


def render() -> None:
    user = session.require("admin_employees")
    language = user.language
    db = session.database()
    st.title(t("admin.employees.title", language))
    depts = organisation.list_departments(db, active_only=True)
    if not depts:
        st.info(t("admin.employees.no_departments", language))
        return
    rows = organisation.list_employees(db, active_only=False)
    if rows:
        st.dataframe(
            pd.DataFrame(
                {
                    t("common.last_name", language): [r["last_name"] for r in rows],
                    t("common.first_name", language): [r["first_name"] for r in rows],
                    t("common.department", language): [r["department_name"] for r in rows],
                    t("common.position", language): [r["position"] or "" for r in rows],
                    t("common.active", language): [r["active"] for r in rows],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    dept_label = {d["id"]: f"{d['code']} – {d['name']}" for d in depts}

    with st.form(forms.key("add_employee")):
        st.subheader(t("admin.employees.add", language))
        first = st.text_input(t("common.first_name", language), max_chars=60)
        last = st.text_input(t("common.last_name", language), max_chars=80)
        department_id = st.selectbox(
            t("common.department", language),
            list(dept_label),
            format_func=dept_label.get,
            placeholder=t("admin.departments.choose", language),
        )
        position = st.text_input(t("common.position", language), max_chars=120)
        email = st.text_input(t("common.email", language), max_chars=120)
        if st.form_submit_button(t("common.add", language), type="primary"):
            raw = {
                "first_name": first,
                "last_name": last,
                "department_id": department_id,
                "position": position,
                "email": email,
            }
            try:
                employee_id = add_employee(db, raw, user.login)
            except InputError as error:
                st.error(str(error))
            else:
                added = organisation.get_employee(db, employee_id)  # as stored: trimmed and cleaned
                name = f"{added['first_name']} {added['last_name']}"
                flash.success(t("admin.employees.added", language, name=plain(name)))
                forms.clear("add_employee")
                st.rerun()

    st.subheader(t("admin.employees.import", language))
    st.caption(
        t(
            "admin.employees.import_help",
            language,
            rows=MAX_IMPORT_ROWS,
            megabytes=MAX_IMPORT_BYTES // 2**20,
        )
    )
    upload = st.file_uploader(
        t("admin.employees.import", language), type=["xlsx", "csv"], label_visibility="collapsed"
    )
    if upload is not None and st.button(t("admin.employees.import_run", language)):
        try:
            report = import_employees(db, upload.name, upload.getvalue(), user.login)
        except InputError as error:
            st.error(str(error))
        else:
            st.success(
                t(
                    "admin.employees.imported",
                    language,
                    added=format_count(report.added, "row", language),
                    rejected=format_count(len(report.rejected), "row", language),
                )
            )
            if report.rejected:
                st.write(t("admin.employees.rejected", language))
                st.dataframe(
                    pd.DataFrame(
                        {
                            t("admin.employees.rejected_row", language): [r.row for r in report.rejected],
                            t("admin.employees.rejected_reason", language): [
                                r.reason for r in report.rejected
                            ],
                        }
                    ),
                    hide_index=True,
                )

    if rows:
        st.subheader(t("admin.employees.edit", language))
        chosen = st.selectbox(
            t("common.employee", language),
            rows,
            format_func=lambda r: f"{r['last_name']} {r['first_name']} ({r['department_name']})",
            placeholder=t("admin.employees.choose", language),
        )
        with st.form("edit_employee"):
            first = st.text_input(t("common.first_name", language), value=chosen["first_name"], max_chars=60)
            last = st.text_input(t("common.last_name", language), value=chosen["last_name"], max_chars=80)
            ids = list(dept_label)
            department_id = st.selectbox(
                t("common.department", language),
                ids,
                format_func=dept_label.get,
                index=ids.index(chosen["department_id"]) if chosen["department_id"] in ids else 0,
                placeholder=t("admin.departments.choose", language),
            )
            position = st.text_input(
                t("common.position", language), value=chosen["position"] or "", max_chars=120
            )
            active = st.checkbox(t("common.active", language), value=chosen["active"])
            if st.form_submit_button(t("common.save", language)):
                raw = {
                    "first_name": first,
                    "last_name": last,
                    "department_id": department_id,
                    "position": position,
                    "email": chosen["email"],
                }
                try:
                    organisation.update_employee(db, chosen["id"], raw, active, user.login)
                except InputError as error:
                    st.error(str(error))
                else:
                    flash.success(t("common.saved", language))
                    st.rerun()
