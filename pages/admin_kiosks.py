"""Administration: kiosks with their secret URLs, and QR posters for each department."""

from urllib.parse import urlsplit

import streamlit as st

from i18n import format_datetime, t
from services import kiosks as kiosk_service
from services import organisation
from services.links import base_url, department_form_url, kiosk_url
from services.organisation import InputError
from services.posters import department_poster
from ui import session
from ui.text import plain


def render() -> None:
    user = session.require("admin_kiosks")
    language = user.language
    db = session.database()
    st.title(t("admin.kiosks.title", language))
    address = urlsplit(st.context.url or "")
    base = base_url(seen_as=f"{address.scheme}://{address.netloc}" if address.netloc else None)
    st.caption(t("admin.kiosks.base_url", language, url=base))
    depts = organisation.list_departments(db, active_only=True)
    dept_label = {d["id"]: d["name"] for d in depts}

    fresh = st.session_state.pop("new_kiosk_url", None)
    if fresh:
        st.success(t("admin.kiosks.created", language))
        st.code(fresh, language=None)

    with st.form("add_kiosk", clear_on_submit=True):
        st.subheader(t("admin.kiosks.add", language))
        name = st.text_input(t("common.name", language), max_chars=80)
        department_id = st.selectbox(
            t("admin.kiosks.department", language),
            [None, *dept_label],
            format_func=lambda d: t("admin.kiosks.any_department", language) if d is None else dept_label[d],
        )
        if st.form_submit_button(t("common.add", language), type="primary"):
            try:
                token = kiosk_service.register(db, user, name, department_id)
            except InputError as error:
                st.error(str(error))
            else:
                st.session_state["new_kiosk_url"] = kiosk_url(base, token)
                st.rerun()

    rows = kiosk_service.listing(db)
    if rows:
        st.subheader(t("admin.kiosks.list", language))
        for kiosk in rows:
            left, right = st.columns([3, 1])
            state = (
                t("common.active", language)
                if kiosk["active"]
                else t("admin.kiosks.revoked", language, when=format_datetime(kiosk["revoked_at"], language))
            )
            left.write(f"**{plain(kiosk['name'])}** · {plain(kiosk['department_name'] or '—')} · {state}")
            if kiosk["active"] and right.button(
                t("admin.kiosks.revoke", language), key=f"revoke_{kiosk['id']}"
            ):
                kiosk_service.revoke(db, user, kiosk["id"])
                st.rerun()

    st.subheader(t("admin.kiosks.posters", language))
    st.write(t("admin.kiosks.posters_help", language))
    for department in depts:
        url = department_form_url(base, department["code"])
        left, right = st.columns([3, 1])
        left.write(f"{plain(department['name'])} – {url}")
        right.download_button(
            t("admin.kiosks.poster", language),
            data=lambda d=department, u=url: department_poster(t("app.office"), d["name"], u),
            file_name=f"plakat-ankieta-{department['code']}.png",
            mime="image/png",
            key=f"poster_{department['id']}",
            on_click="ignore",
        )
