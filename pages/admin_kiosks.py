"""Administration: the app's public address, kiosks with their secret URLs (switched off only after
a confirmation, and on again), and QR posters for each department. Posters and kiosk addresses are
withheld while the public address is unset or points at this computer."""

from urllib.parse import urlsplit

import streamlit as st

from documents.posters import department_poster
from i18n import format_datetime, t
from services import kiosks as kiosk_service
from services import links, organisation
from services.organisation import InputError
from ui import flash, forms, session
from ui.text import plain

CONFIRMING = "kiosk_confirm_revoke"


def render() -> None:
    user = session.require("admin_kiosks")
    language = user.language
    db = session.database()
    st.title(t("admin.kiosks.title", language))
    address = links.public_address(db)
    _public_address(db, user, address, language)
    depts = organisation.list_departments(db, active_only=True)
    _new_kiosk(db, user, address, depts, language)
    _kiosk_list(db, user, language)
    _posters(address, depts, language)


def _public_address(db, user, address: links.PublicAddress, language: str) -> None:
    st.subheader(t("admin.kiosks.address", language))
    st.caption(t("admin.kiosks.address_help", language))
    if address.source == "env":
        st.info(t("admin.kiosks.address_env", language, url=plain(address.url)))
    if address.usable:
        st.success(t("admin.kiosks.address_in_use", language, url=plain(address.url)))
    else:
        problem = f"admin.kiosks.address_{address.problem}"
        st.warning(t(problem, language, url=plain(address.url or ""), error=plain(address.error or "")))
    seen = urlsplit(st.context.url or "")
    proposed = address.stored or links.suggestion(f"{seen.scheme}://{seen.netloc}" if seen.netloc else None)
    with st.form("public_address"):
        raw = st.text_input(
            t("admin.kiosks.address", language),
            value=proposed or "",
            max_chars=links.MAX_LENGTH,
            placeholder=links.EXAMPLE,
        )
        if st.form_submit_button(t("admin.kiosks.address_save", language), type="primary"):
            try:
                saved = links.save_public_address(db, user, raw)
            except InputError as error:
                st.error(str(error))
            else:
                flash.success(t("admin.kiosks.address_saved", language, url=plain(saved)))
                st.rerun()


def _new_kiosk(db, user, address: links.PublicAddress, depts: list[dict], language: str) -> None:
    st.subheader(t("admin.kiosks.add", language))
    fresh = st.session_state.pop("new_kiosk_url", None)
    if fresh:
        st.success(t("admin.kiosks.created", language))
        st.code(fresh, language=None)
    if not address.usable:
        st.info(t("admin.kiosks.address_needed", language))
        return
    dept_label = {d["id"]: d["name"] for d in depts}
    with st.form(forms.key("add_kiosk")):
        name = st.text_input(t("common.name", language), max_chars=kiosk_service.NAME_LENGTH)
        department_id = st.selectbox(
            t("admin.kiosks.department", language),
            [None, *dept_label],
            format_func=lambda d: t("admin.kiosks.any_department", language) if d is None else dept_label[d],
            placeholder=t("common.choose", language),
        )
        if st.form_submit_button(t("common.add", language), type="primary"):
            try:
                token = kiosk_service.register(db, user, name, department_id)
            except InputError as error:
                st.error(str(error))
            else:
                st.session_state["new_kiosk_url"] = links.kiosk_url(address.url, token)
                forms.clear("add_kiosk")
                st.rerun()


def _kiosk_list(db, user, language: str) -> None:
    rows = kiosk_service.listing(db)
    if not rows:
        return
    st.subheader(t("admin.kiosks.list", language))
    for kiosk in rows:
        name = plain(kiosk["name"])
        left, right = st.columns([3, 1], vertical_alignment="center")
        state = (
            t("common.active", language)
            if kiosk["active"]
            else t("admin.kiosks.revoked", language, when=format_datetime(kiosk["revoked_at"], language))
        )
        left.write(f"**{name}** · {plain(kiosk['department_name'] or '—')} · {state}")
        key = str(kiosk["id"])
        if not kiosk["active"]:
            if right.button(t("admin.kiosks.restore", language), key=f"restore_{key}", width="stretch"):
                _change(kiosk_service.restore, db, user, kiosk, "admin.kiosks.restored_done", language)
        elif st.session_state.get(CONFIRMING) == key:
            st.warning(t("admin.kiosks.revoke_confirm", language, name=name))
            answers = st.container(horizontal=True)
            if answers.button(
                t("admin.kiosks.revoke_yes", language), key=f"revoke_yes_{key}", type="primary"
            ):
                st.session_state.pop(CONFIRMING, None)
                _change(kiosk_service.revoke, db, user, kiosk, "admin.kiosks.revoked_done", language)
            if answers.button(t("admin.kiosks.revoke_no", language), key=f"revoke_no_{key}"):
                st.session_state.pop(CONFIRMING, None)
                st.rerun()
        elif right.button(t("admin.kiosks.revoke", language), key=f"revoke_{key}", width="stretch"):
            st.session_state[CONFIRMING] = key
            st.rerun()


def _change(action, db, user, kiosk: dict, done: str, language: str) -> None:
    """Switch the kiosk off or on, then say so on the next run."""
    try:
        action(db, user, kiosk["id"])
    except InputError as error:
        st.error(str(error))
        return
    flash.success(t(done, language, name=plain(kiosk["name"])))
    st.rerun()


def _posters(address: links.PublicAddress, depts: list[dict], language: str) -> None:
    st.subheader(t("admin.kiosks.posters", language))
    st.write(t("admin.kiosks.posters_help", language))
    if not address.usable:
        st.info(t("admin.kiosks.address_needed", language))
        return
    for department in depts:
        url = links.department_form_url(address.url, department["code"])
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.write(f"{plain(department['name'])} – {plain(url)}")
        right.download_button(
            t("admin.kiosks.poster", language),
            data=lambda d=department, u=url: department_poster(t("app.office"), d["name"], u),
            file_name=f"plakat-ankieta-{department['code']}.pdf",
            mime="application/pdf",
            key=f"poster_{department['id']}",
            on_click="ignore",
            width="stretch",
        )
