"""Client cases ("Sprawy klientów"): the counts, the register with overdue cases marked (no
contact data in it), a chosen case with its contact data (the opening is audited), its reply and
closure, a link to plan an improvement action from it, and a form for a complaint made on paper
or by phone."""

import streamlit as st

from i18n import format_date, t
from pages import actions
from services import client_cases as service
from services.clock import now
from services.organisation import InputError
from ui import flash, session
from ui.text import plain

URL_PATH = "sprawy-klientow"
# The actions page's link from a case: ?wydzial=<department code>&zrodlo=sprawa&ref=<case id>
EXCERPT = 80  # characters of a request in the case chooser
NEW_ROUND = "cases_new_round"  # counts the cases opened here: each gets a new, empty form


def render() -> None:
    user = session.require("client_cases")
    language = user.language
    db = session.database()
    today = now().date()
    st.title(t("cases.title", language))
    st.caption(t("cases.intro", language, days=service.due_days()))
    rows = service.list_for(db, user, today)
    st.markdown(
        t(
            "cases.counts",
            language,
            open=sum(row["status"] == "open" for row in rows),
            overdue=sum(row["overdue"] for row in rows),
            closed=sum(row["status"] == "closed" for row in rows),
        )
    )
    shown = _register(rows, language)
    _answer(db, user, shown, language, today)
    _new_case(db, user, language)


def _department(row: dict, language: str) -> str:
    return row["department_name"] or t("cases.no_department", language)


def _status(row: dict, language: str) -> str:
    text = t(f"cases.status.{row['status']}", language)
    return f"{text} – {t('cases.overdue_marker', language)}" if row["overdue"] else text


def _register(rows: list[dict], language: str) -> list[dict]:
    status = st.selectbox(
        t("cases.filter_status", language),
        service.STATUSES,
        index=None,
        format_func=lambda s: t(f"cases.status.{s}", language),
        placeholder=t("cases.all_statuses", language),
        key="cases_status",
    )
    shown = [row for row in rows if status is None or row["status"] == status]
    if not shown:
        st.info(t("cases.none", language))
        return []
    st.dataframe(
        [
            {
                t("cases.column.opened", language): format_date(row["created_at"].date(), language),
                t("cases.column.due", language): format_date(row["due_date"], language),
                t("cases.column.status", language): _status(row, language),
                t("common.department", language): _department(row, language),
                t("cases.column.origin", language): t(f"cases.origin.{row['origin']}", language),
                t("cases.column.request", language): row["request"],
                t("cases.column.replied_on", language): format_date(row["replied_on"], language)
                if row["replied_on"]
                else "",
            }
            for row in shown
        ],
        hide_index=True,
        width="stretch",
    )
    return shown


def _label(row: dict, language: str) -> str:
    request = " ".join(row["request"].split())
    if len(request) > EXCERPT:
        request = request[: EXCERPT - 1] + "…"
    opened = format_date(row["created_at"].date(), language)
    return f"{opened} · {_department(row, language)} · {_status(row, language)} · {request}"


def _answer(db, user, rows: list[dict], language: str, today) -> None:
    if not rows:
        return
    st.subheader(t("cases.answer", language))
    by_id = {row["id"]: row for row in rows}
    case_id = st.selectbox(
        t("cases.choose", language),
        list(by_id),
        index=None,
        format_func=lambda i: _label(by_id[i], language),
        placeholder=t("cases.choose_placeholder", language),
        key="cases_chosen",
    )
    if case_id is None:
        return
    try:
        case = service.case_for(db, user, case_id)
    except InputError as error:
        st.error(str(error))
        return
    with st.container(border=True):
        st.caption(
            t(
                "cases.detail",
                language,
                opened=format_date(case["created_at"].date(), language),
                due=format_date(case["due_date"], language),
                origin=t(f"cases.origin.{case['origin']}", language),
                department=plain(_department(case, language)),
            )
        )
        st.markdown(plain(case["request"]))  # typed by a client: shown as text, never as Markdown
        _contact(case, language)
        if case["department_code"]:
            actions.action_link(
                {
                    actions.DEPARTMENT_PARAM: case["department_code"],
                    actions.SOURCE_PARAM: "sprawa",
                    actions.REF_PARAM: str(case["id"]),
                },
                t("cases.raise_action", language),
            )
    if case["status"] == "closed":
        st.info(
            t(
                "cases.closed_info",
                language,
                day=format_date(case["closed_at"].date(), language),
                replied=format_date(case["replied_on"], language),
            )
        )
        st.markdown(plain(case["reply"]))
        return
    with st.form(f"case_reply_{case_id}"):
        reply = st.text_area(
            t("cases.reply", language), value=case["reply"] or "", max_chars=service.REPLY_MAX
        )
        replied_on = st.date_input(
            t("cases.replied_on", language),
            value=case["replied_on"] or today,
            min_value=case["created_at"].date(),
            max_value=today,
            format="DD.MM.YYYY",
        )
        save, close = st.columns(2)
        saved = save.form_submit_button(t("cases.save_reply", language))
        closed = close.form_submit_button(t("cases.close", language), type="primary")
    if saved or closed:
        change, done = (service.close, "cases.closed") if closed else (service.save_reply, "cases.saved")
        try:
            change(db, user, case_id, reply, replied_on)
        except InputError as error:
            st.error(str(error))
            return
        flash.success(t(done, language))
        st.rerun()


def _contact(case: dict, language: str) -> None:
    if case["contact_deleted_at"] is not None:
        st.caption(
            t("cases.contact_deleted", language, day=format_date(case["contact_deleted_at"].date(), language))
        )
        return
    given = [case[key] for key in ("contact_name", "contact_email", "contact_phone") if case[key]]
    st.markdown(f"**{t('cases.contact', language)}:**")
    # st.text reads no Markdown, so the address and number are shown (and copied) exactly as
    # given: plain() would put invisible joiners into an e-mail address.
    st.text("\n".join(given))
    st.caption(t("cases.contact_viewed", language))


def _new_case(db, user, language: str) -> None:
    departments = {d["id"]: d["name"] for d in service.departments_for(db, user)}
    if user.sees_all_departments:
        departments = {None: t("cases.no_department", language), **departments}
    with st.expander(t("cases.new", language), icon=":material/add:"):
        if not departments:
            st.info(t("cases.no_departments", language))
            return
        round_ = st.session_state.setdefault(NEW_ROUND, 0)
        with st.form(f"new_case_{round_}"):  # a new form after each case: empty fields
            origin = st.radio(
                t("cases.origin", language),
                service.STAFF_ORIGINS,
                format_func=lambda o: t(f"cases.origin.{o}", language),
                horizontal=True,
            )
            department_id = st.selectbox(
                t("common.department", language),
                list(departments),
                index=0 if len(departments) == 1 else None,
                format_func=departments.get,
                placeholder=t("dash.choose_department", language),
            )
            request = st.text_area(t("cases.request", language), max_chars=service.REQUEST_MAX)
            name = st.text_input(t("cases.name", language), max_chars=service.NAME_MAX)
            email = st.text_input(t("cases.email", language), max_chars=service.EMAIL_MAX)
            phone = st.text_input(t("cases.phone", language), max_chars=service.PHONE_MAX)
            st.caption(t("cases.contact_hint", language))
            submitted = st.form_submit_button(t("cases.create", language), type="primary")
        if not submitted:
            return
        try:
            receipt = service.open_case(
                db,
                user,
                origin=origin,
                department_id=department_id,
                request=request,
                name=name,
                email=email,
                phone=phone,
            )
        except InputError as error:
            st.error(str(error))
            return
        st.session_state[NEW_ROUND] = round_ + 1
        flash.success(t("cases.created", language, due=format_date(receipt.due_date, language)))
        st.rerun()
