"""Improvement actions: the counts, the user's own overdue actions, the register with its
filters, a form for a new action (pre-filled from a heat-map cell's link on the dashboard) and,
for a chosen action, its status, owner and due date, closing with a note, cancelling."""

from datetime import timedelta

import streamlit as st

from checklists.loading import current_checklists
from i18n import format_date, t
from services import actions as service
from services.clock import now
from services.organisation import InputError
from ui import flash, session
from ui.text import plain

URL_PATH = "dzialania"
# The dashboard's link: ?wydzial=<department code>&standard=<standard id>&okres=<period>
DEPARTMENT_PARAM, STANDARD_PARAM, PERIOD_PARAM = "wydzial", "standard", "okres"
PREFILLED = "actions_prefilled"  # the link whose parameters were applied: each link once
NEW_DEPARTMENT, NEW_STANDARD, NEW_ITEM = "action_department", "action_standard", "action_item"
DEFAULT_TERM = timedelta(days=30)


def render() -> None:
    user = session.require("actions")
    language = user.language
    db = session.database()
    checklists = current_checklists()
    today = now().date()
    st.title(t("actions.title", language))
    rows = service.list_for(db, user, today)
    counts = service.counts(rows, today)
    st.markdown(
        t(
            "actions.counts",
            language,
            open=counts.open,
            overdue=counts.overdue,
            closed=counts.closed_this_quarter,
        )
    )
    mine_late = [row for row in rows if row["overdue"] and row["owner_id"] == user.id]
    if mine_late:
        lines = [
            t(
                "actions.overdue_line",
                language,
                title=plain(row["title"]),  # typed by staff: shown as text, never as Markdown
                department=plain(row["department_name"]),
                due=format_date(row["due_date"], language),
            )
            for row in mine_late
        ]
        st.error(
            "\n".join([t("actions.my_overdue", language, count=len(mine_late)), *(f"- {x}" for x in lines)])
        )
    _register(rows, user, checklists, language)
    _new_action(db, checklists, user, language, today)
    _change(db, rows, user, language, today)


def _status_label(status: str, language: str) -> str:
    return t(f"actions.status.{status}", language)


def _register(rows, user, checklists, language) -> None:
    status_column, mine_column = st.columns([2, 1], vertical_alignment="bottom")
    status = status_column.selectbox(
        t("actions.filter_status", language),
        service.STATUSES,
        index=None,
        format_func=lambda s: _status_label(s, language),
        placeholder=t("actions.all_statuses", language),
    )
    only_mine = mine_column.toggle(t("actions.only_mine", language))
    shown = [
        row
        for row in rows
        if (status is None or row["status"] == status) and (not only_mine or row["owner_id"] == user.id)
    ]
    if not shown:
        st.info(t("actions.none", language))
        return
    st.dataframe(
        [
            {
                t("actions.column.what", language): row["title"],
                t("actions.column.status", language): _status_label(row["status"], language)
                + (f" – {t('actions.overdue_marker', language)}" if row["overdue"] else ""),
                t("actions.column.due", language): format_date(row["due_date"], language),
                t("actions.column.owner", language): row["owner_name"],
                t("common.department", language): row["department_name"],
                t("actions.column.standard", language): _standard_text(checklists, row),
                t("actions.column.source", language): t(f"actions.source.{row['source_kind']}", language),
                t("actions.column.why", language): row["reason"],
            }
            for row in shown
        ],
        hide_index=True,
        width="stretch",
    )


def _standard_text(checklists, row) -> str:
    names = {s.id: s.short for s in checklists.standards}
    parts = [names.get(row["standard_id"], row["standard_id"] or "")]
    if row["item_id"]:
        parts.append(
            checklists.entry(row["item_id"]).item.label
            if checklists.has_item(row["item_id"])
            else row["item_id"]
        )
    return " / ".join(part for part in parts if part)


def _apply_link(db, checklists, user, language) -> str | None:
    """Pre-fill the new action from the dashboard link once; returns the link's period (the
    heat-map cell's source) or None. A department outside the user's scope is ignored."""
    params = st.query_params
    if DEPARTMENT_PARAM not in params and STANDARD_PARAM not in params:
        return None
    link = (params.get(DEPARTMENT_PARAM), params.get(STANDARD_PARAM))
    if st.session_state.get(PREFILLED) != link:
        st.session_state[PREFILLED] = link
        department = service.department_by_code(db, user, link[0]) if link[0] else None
        if department is not None:
            st.session_state[NEW_DEPARTMENT] = department["id"]
        elif link[0]:
            st.warning(t("actions.link_department_ignored", language))
        if link[1] in {s.id for s in checklists.standards}:
            st.session_state[NEW_STANDARD] = link[1]
        elif link[1]:
            st.warning(t("actions.link_standard_ignored", language))
    return params.get(PERIOD_PARAM)


def _new_action(db, checklists, user, language, today) -> None:
    st.subheader(t("actions.new", language))
    departments = {d["id"]: d["name"] for d in service.departments_for(db, user)}
    if not departments:
        st.info(t("actions.no_departments", language))
        return
    period = _apply_link(db, checklists, user, language)
    if period is not None:
        st.caption(t("actions.from_heatmap", language, period=plain(period)))
    department_column, standard_column, item_column = st.columns(3)
    department_id = department_column.selectbox(
        t("common.department", language),
        list(departments),
        index=None,
        format_func=departments.get,
        placeholder=t("dash.choose_department", language),
        key=NEW_DEPARTMENT,
    )
    standards = {s.id: s.short for s in checklists.standards}
    standard_id = standard_column.selectbox(
        t("actions.standard_optional", language),
        list(standards),
        index=None,
        format_func=standards.get,
        placeholder=t("dash.choose_standard", language),
        key=NEW_STANDARD,
    )
    items = {} if standard_id is None else {i.id: i.label for i in checklists.standard(standard_id).items}
    item_id = item_column.selectbox(
        t("actions.item_optional", language),
        list(items),
        index=None,
        format_func=items.get,
        placeholder=t("dash.choose_item", language),
        key=f"{NEW_ITEM}_{standard_id}",  # a new standard: a new, empty item list
    )
    owners = {o["id"]: o["display_name"] for o in service.owners_for(db, user, department_id)}
    with st.form("new_action"):
        title = st.text_input(t("actions.column.what", language), max_chars=service.TITLE_MAX)
        reason = st.text_area(t("actions.column.why", language), max_chars=service.TEXT_MAX)
        owner_id = st.selectbox(
            t("actions.column.owner", language),
            list(owners),
            index=None,
            format_func=owners.get,
            placeholder=t("actions.choose_owner", language),
        )
        due = st.date_input(
            t("actions.column.due", language),
            value=today + DEFAULT_TERM,
            min_value=today,
            format="DD.MM.YYYY",
        )
        submitted = st.form_submit_button(t("actions.create", language), type="primary")
    if not submitted:
        return
    try:
        service.create(
            db,
            checklists,
            user,
            department_id=department_id,
            title=title,
            reason=reason,
            owner_id=owner_id,
            due_date=due,
            standard_id=standard_id,
            item_id=item_id,
            source_kind="other" if period is None else "heatmap_cell",
            source_ref=period,
        )
    except InputError as error:
        st.error(str(error))
        return
    st.query_params.clear()  # the next new action does not come from that heat-map cell
    for key in (NEW_DEPARTMENT, NEW_STANDARD, PREFILLED):
        st.session_state.pop(key, None)
    flash.success(t("actions.created", language, title=title.strip()))
    st.rerun()


def _change(db, rows, user, language, today) -> None:
    active = {row["id"]: row for row in rows if row["status"] in service.ACTIVE}
    if not active:
        return
    st.subheader(t("actions.change", language))
    action_id = st.selectbox(
        t("actions.action", language),
        list(active),
        index=None,
        format_func=lambda i: f"{active[i]['title']} ({active[i]['department_name']})",
        placeholder=t("actions.choose_action", language),
    )
    if action_id is None:
        return
    action = active[action_id]
    change_tab, close_tab, cancel_tab = st.tabs(
        [t(f"actions.tab_{name}", language) for name in ("change", "close", "cancel")]
    )
    with change_tab, st.form(f"action_change_{action_id}"):
        statuses = [action["status"], *(s for s in service.NEXT[action["status"]] if s in service.ACTIVE)]
        status = st.selectbox(
            t("actions.column.status", language),
            statuses,
            format_func=lambda s: _status_label(s, language),
            placeholder=t("common.choose", language),
        )
        owners = {o["id"]: o["display_name"] for o in service.owners_for(db, user, action["department_id"])}
        owner_id = st.selectbox(
            t("actions.column.owner", language),
            list(owners),
            index=list(owners).index(action["owner_id"]) if action["owner_id"] in owners else None,
            format_func=owners.get,
            placeholder=t("actions.choose_owner", language),
        )
        due = st.date_input(
            t("actions.column.due", language),
            value=action["due_date"],
            min_value=min(today, action["due_date"]),
            format="DD.MM.YYYY",
        )
        if st.form_submit_button(t("common.save", language), type="primary"):
            _run(
                service.update,
                db,
                user,
                action_id,
                "actions.changed",
                language,
                status=status,
                owner_id=owner_id,
                due_date=due,
            )
    with close_tab:
        if action["status"] != "in_progress":
            st.info(t("actions.close_first", language))
        else:
            with st.form(f"action_close_{action_id}"):
                note = st.text_area(t("actions.close_note", language), max_chars=service.TEXT_MAX)
                if st.form_submit_button(t("actions.close_button", language), type="primary"):
                    _run(service.close, db, user, action_id, "actions.closed", language, note=note)
    with cancel_tab, st.form(f"action_cancel_{action_id}"):
        reason = st.text_area(t("actions.cancel_reason", language), max_chars=service.TEXT_MAX)
        if st.form_submit_button(t("actions.cancel_button", language)):
            _run(service.cancel, db, user, action_id, "actions.cancelled", language, reason=reason)


def _run(change, db, user, action_id, done: str, language: str, **values) -> None:
    """One change of the chosen action: its success message after a rerun, or the Polish refusal."""
    try:
        change(db, user, action_id, **values)
    except InputError as error:
        st.error(str(error))
        return
    flash.success(t(done, language))
    st.rerun()
