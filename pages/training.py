"""The training register: filters and the list, a form for a workplace training held or a request
for training (for one or several employees, on the handbook's standards, optionally serving an
open improvement action or a goal of a periodic conversation), and a decision on a pending
request: held or rejected with a reason. Links pre-fill the form:
/szkolenia?pracownik=<employee id>&dzialanie=<action id> (from an action) and
/szkolenia?pracownik=<employee id>&rozmowa=<conversation id>&cel=<goal index> (from a goal)."""

import uuid

import streamlit as st

from checklists.loading import current_checklists
from i18n import format_date, t
from services import training as service
from services.clock import now
from services.organisation import InputError
from ui import flash, session

URL_PATH = "szkolenia"
EMPLOYEE_PARAM, ACTION_PARAM, CONVERSATION_PARAM, GOAL_PARAM = "pracownik", "dzialanie", "rozmowa", "cel"
PREFILLED = "training_prefilled"  # the link whose parameters were applied: each link once
NEW_KIND, NEW_EMPLOYEES = "training_kind", "training_employees"
NEW_STANDARDS, NEW_ACTION, NEW_GOAL = "training_standards", "training_action", "training_goal"
NEW_FORM = "new_training"
ROUND = "training_round"  # raised after a save: new widgets, so the browser too shows an empty form


def render() -> None:
    user = session.require("training")
    language = user.language
    db = session.database()
    checklists = current_checklists()
    today = now().date()
    st.title(t("training.title", language))
    rows = service.register(db, user)
    _register(db, checklists, user, rows, language)
    _new_record(db, checklists, user, language, today)
    _decide(db, user, rows, language, today)


# shown on other pages too (conversations, the employee's own view) ------------------------------


def state_text(row: dict, language: str) -> str:
    """What happened and when: "odbyte 12.10.2026", "wniosek z 01.10.2026, czeka na decyzję"…"""
    requested, decided = format_date(row["on_date"], language), format_date(row["decided_on"], language)
    if row["kind"] == "workplace":
        return t("training.state.workplace", language, held=requested)
    if row["status"] == "held":
        return t("training.state.request_held", language, held=decided, requested=requested)
    if row["status"] == "rejected":
        return t(
            "training.state.rejected",
            language,
            requested=requested,
            decided=decided,
            reason=row["rejection_reason"],
        )
    return t("training.state.requested", language, requested=requested)


def standards_text(checklists, standard_ids: list[str]) -> str:
    names = {s.id: s.short for s in checklists.standards}
    return ", ".join(names.get(standard_id, standard_id) for standard_id in standard_ids)


def goal_text(checklists, held_on, goal: dict | None, language: str) -> str:
    """A conversation goal in words: its conversation's date, its standard and its text ("" for none)."""
    if goal is None:
        return ""
    return t(
        "training.goal_label",
        language,
        date=format_date(held_on, language),
        standard=standards_text(checklists, [goal["standard_id"]]),
        text=goal["text"],
    )


# the register ----------------------------------------------------------------------------------


def _register(db, checklists, user, rows, language) -> None:
    department_column, employee_column, kind_column, status_column = st.columns(4)
    departments = {d["id"]: d["name"] for d in service.departments_for(db, user)}
    department_id = department_column.selectbox(
        t("common.department", language),
        list(departments),
        index=None,
        format_func=departments.get,
        placeholder=t("training.all_departments", language),
        key="training_filter_department",
    )
    people = {
        row["employee_id"]: f"{row['last_name']} {row['first_name']}"
        for row in sorted(rows, key=lambda r: (r["last_name"], r["first_name"]))
        if department_id is None or row["department_id"] == department_id
    }
    employee_id = employee_column.selectbox(
        t("common.employee", language),
        list(people),
        index=None,
        format_func=people.get,
        placeholder=t("training.all_employees", language),
        key=f"training_filter_employee_{department_id}",  # a new department: a new, empty choice
    )
    kind = kind_column.selectbox(
        t("training.kind", language),
        service.KINDS,
        index=None,
        format_func=lambda k: t(f"training.kind.{k}", language),
        placeholder=t("training.all_kinds", language),
        key="training_filter_kind",
    )
    status = status_column.selectbox(
        t("training.status", language),
        service.STATUSES,
        index=None,
        format_func=lambda s: t(f"training.status.{s}", language),
        placeholder=t("training.all_statuses", language),
        key="training_filter_status",
    )
    shown = [
        row
        for row in rows
        if (department_id is None or row["department_id"] == department_id)
        and (employee_id is None or row["employee_id"] == employee_id)
        and (kind is None or row["kind"] == kind)
        and (status is None or row["status"] == status)
    ]
    if not shown:
        st.info(t("training.none", language))
        return
    st.dataframe(
        [
            {
                t("common.employee", language): f"{row['last_name']} {row['first_name']}",
                t("common.department", language): row["department_name"],
                t("training.kind", language): t(f"training.kind.{row['kind']}", language),
                t("training.topic", language): row["topic"],
                t("training.standards", language): standards_text(checklists, row["standard_ids"]),
                t("training.status", language): state_text(row, language),
                t("training.held_by", language): row["held_by_name"] or "",
                t("training.column.action", language): row["action_title"] or "",
                t("training.column.goal", language): goal_text(
                    checklists, row["conversation_held_on"], row["goal"], language
                ),
                t("training.notes", language): row["notes"] or "",
            }
            for row in shown
        ],
        hide_index=True,
        width="stretch",
    )


# a new record ----------------------------------------------------------------------------------


def _key(name: str) -> str:
    """The key of a widget of the new-record form in this round (a save starts the next one)."""
    return f"{name}_{st.session_state.get(ROUND, 0)}"


def _as_id(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def _apply_link(db, checklists, user, language, staff: dict, today) -> None:
    """Pre-fill the form from a link once: the employee, then the action or the conversation goal
    (each only when it belongs to that employee and the user's scope; else a warning), and the
    standard of either."""
    params = st.query_params
    link = tuple(params.get(name) for name in (EMPLOYEE_PARAM, ACTION_PARAM, CONVERSATION_PARAM, GOAL_PARAM))
    if not any(link) or st.session_state.get(PREFILLED) == link:
        return
    st.session_state[PREFILLED] = link
    employee_id = _as_id(link[0])
    if employee_id not in staff:
        st.warning(t("training.link_employee_ignored", language))
        return
    st.session_state[_key(NEW_EMPLOYEES)] = [employee_id]
    standards = []
    if link[1]:
        action = next(
            (a for a in service.actions_for(db, user, [employee_id], today) if a["id"] == _as_id(link[1])),
            None,
        )
        if action is None:
            st.warning(t("training.link_action_ignored", language))
        else:
            st.session_state[_key(NEW_ACTION)] = action["id"]
            standards.append(action["standard_id"])
    if link[2] or link[3]:
        goal = next(
            (
                (g["conversation_id"], g["index"], g["standard_id"])
                for g in service.conversation_goals(db, user, employee_id)
                if g["conversation_id"] == _as_id(link[2]) and str(g["index"]) == link[3]
            ),
            None,
        )
        if goal is None:
            st.warning(t("training.link_goal_ignored", language))
        else:
            st.session_state[_key(NEW_GOAL)] = goal[:2]
            standards.append(goal[2])
    known = {s.id for s in checklists.standards}
    st.session_state[_key(NEW_STANDARDS)] = [s for s in dict.fromkeys(standards) if s in known]


def _new_record(db, checklists, user, language, today) -> None:
    st.subheader(t("training.new", language))
    staff = {
        e["id"]: f"{e['last_name']} {e['first_name']} ({e['department_name']})"
        for e in service.employees_for(db, user)
    }
    if not staff:
        st.info(t("training.no_employees", language))
        return
    _apply_link(db, checklists, user, language, staff, today)
    kind = st.radio(
        t("training.kind", language),
        service.KINDS,
        format_func=lambda k: t(f"training.kind.{k}", language),
        horizontal=True,
        key=NEW_KIND,
    )
    employee_ids = st.multiselect(
        t("training.employees", language),
        list(staff),
        format_func=staff.get,
        placeholder=t("training.choose_employees", language),
        key=_key(NEW_EMPLOYEES),
    )
    workplace = kind == "workplace"
    trainers = {row["id"]: row["display_name"] for row in service.trainers_for(db, user, employee_ids)}
    open_actions = {row["id"]: row["title"] for row in service.actions_for(db, user, employee_ids, today)}
    goals = (
        {
            (g["conversation_id"], g["index"]): goal_text(checklists, g["held_on"], g, language)
            for g in service.conversation_goals(db, user, employee_ids[0])
        }
        if len(employee_ids) == 1
        else {}
    )
    standards = {s.id: s.short for s in checklists.standards}
    with st.form(_key(NEW_FORM)):
        on = st.date_input(
            t("training.held_on" if workplace else "training.requested_on", language),
            value=today,
            max_value=today,
            format="DD.MM.YYYY",
        )
        held_by = None
        if workplace:
            held_by = st.selectbox(
                t("training.held_by", language),
                list(trainers),
                index=list(trainers).index(user.id) if user.id in trainers else None,
                format_func=trainers.get,
                placeholder=t("training.choose_trainer", language),
            )
        standard_ids = st.multiselect(
            t("training.standards", language),
            list(standards),
            format_func=standards.get,
            placeholder=t("training.choose_standards", language),
            key=_key(NEW_STANDARDS),
        )
        topic = st.text_input(t("training.topic", language), max_chars=service.TOPIC_MAX)
        notes = st.text_area(t("training.notes_optional", language), max_chars=service.NOTES_MAX)
        action_id = st.selectbox(
            t("training.action_optional", language),
            list(open_actions),
            index=None,
            format_func=open_actions.get,
            placeholder=t("training.no_action", language),
            key=_key(NEW_ACTION),
        )
        goal = st.selectbox(
            t("training.goal_optional", language),
            list(goals),
            index=None,
            format_func=goals.get,
            placeholder=t("training.no_goal", language),
            key=_key(NEW_GOAL),
        )
        submitted = st.form_submit_button(t("training.save", language), type="primary")
    if not submitted:
        return
    try:
        created = service.record(
            db,
            checklists,
            user,
            kind=kind,
            employee_ids=employee_ids,
            on=on,
            standard_ids=standard_ids,
            topic=topic,
            notes=notes,
            held_by=held_by,
            action_id=action_id,
            conversation_id=goal[0] if goal else None,
            goal_index=goal[1] if goal else None,
        )
    except InputError as error:
        st.error(str(error))
        return
    st.query_params.clear()  # the next record does not come from that link
    st.session_state.pop(PREFILLED, None)
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
    flash.success(t("training.saved", language, count=len(created)))
    st.rerun()


# a decision on a request -----------------------------------------------------------------------


def _decide(db, user, rows, language, today) -> None:
    pending = {row["id"]: row for row in rows if row["status"] == "requested"}
    if not pending:
        return
    st.subheader(t("training.decide", language))
    training_id = st.selectbox(
        t("training.request", language),
        list(pending),
        index=None,
        format_func=lambda i: t(
            "training.request_label",
            language,
            employee=f"{pending[i]['last_name']} {pending[i]['first_name']}",
            topic=pending[i]["topic"],
            date=format_date(pending[i]["on_date"], language),
        ),
        placeholder=t("training.choose_request", language),
    )
    if training_id is None:
        return
    held_tab, reject_tab = st.tabs([t("training.tab_held", language), t("training.tab_reject", language)])
    with held_tab, st.form(f"training_held_{training_id}"):
        held_on = st.date_input(
            t("training.held_on", language),
            value=today,
            min_value=pending[training_id]["on_date"],
            max_value=today,
            format="DD.MM.YYYY",
        )
        if st.form_submit_button(t("training.mark_held", language), type="primary"):
            flash.run(
                lambda: service.mark_held(db, user, training_id, held_on=held_on),
                t("training.marked_held", language),
            )
    with reject_tab, st.form(f"training_reject_{training_id}"):
        reason = st.text_area(t("training.reject_reason", language), max_chars=service.NOTES_MAX)
        if st.form_submit_button(t("training.reject_button", language)):
            flash.run(
                lambda: service.reject(db, user, training_id, reason=reason), t("training.rejected", language)
            )
