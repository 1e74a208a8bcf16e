"""Periodic conversations: overdue list, and a conversation form pre-filled with the
employee's results since the last one and the goals set then."""

import uuid
from datetime import date, timedelta

import streamlit as st

from accounts.roles import Role
from analytics.summaries import rating_share_text, score_of, score_text
from checklists.loading import current_checklists
from i18n import format_date, format_datetime, t
from services import organisation
from services import people as service
from services.organisation import InputError
from ui import flash, session
from ui.text import plain

ROUND = "talk_round"  # raised after a save: a new employee picker, shown empty in the browser too


def render() -> None:
    user = session.require("conversations")
    language = user.language
    db = session.database()
    checklists = current_checklists()
    st.title(t("talk.title", language))
    today = date.today()
    late = service.overdue(db, user, today)
    st.subheader(t("talk.overdue", language, count=len(late)))
    if late:
        st.dataframe(
            [
                {
                    t("common.employee", language): f"{r['last_name']} {r['first_name']}",
                    t("common.department", language): r["department_name"],
                    t("talk.last", language): format_date(r["last_held_on"], language)
                    or t("talk.never", language),
                    t("talk.planned", language): format_date(r["next_on"], language),
                }
                for r in late
            ],
            hide_index=True,
            width="stretch",
        )
    if user.role != Role.SUPERVISOR:
        return

    st.subheader(t("talk.new", language))
    staff = organisation.list_employees(db, department_ids=list(user.department_ids))
    names = {e["id"]: f"{e['last_name']} {e['first_name']} ({e['department_name']})" for e in staff}
    employee_id = st.selectbox(
        t("common.employee", language),
        list(names),
        index=None,
        format_func=names.get,
        placeholder=t("observe.employee_placeholder", language),
        key=f"talk_employee_{st.session_state.get(ROUND, 0)}",
    )
    if employee_id is None:
        return
    try:
        prefill = service.prefill(db, user, employee_id)
    except InputError as error:
        st.error(str(error))
        return
    _results(checklists, prefill, language)
    _form(db, checklists, user, prefill, language, today)


def _results(checklists, prefill, language) -> None:
    since = format_date(prefill.since, language) if prefill.since else t("talk.first", language)
    st.markdown(f"**{t('talk.results_since', language, since=since)}**")
    left, right = st.columns(2)
    left.metric(t("talk.observations", language), len(prefill.observations))
    ratings = prefill.department_ratings
    value, detail = rating_share_text(ratings["satisfied"], ratings["ratings"], language)
    right.metric(t("talk.department_ratings", language), value, help=detail)
    scored = [row for row in prefill.standard_scores if row["scored_observations"]]
    if scored:
        rows = []
        for row in scored:
            shown, detail = score_text(score_of(row), language)
            rows.append(
                {
                    t("observe.standard", language): checklists.standard(row["standard_id"]).short,
                    t("observe.score", language): shown,
                    t("fig.column.basis", language): detail,
                }
            )
        st.dataframe(rows, hide_index=True, width="stretch")
    if prefill.weakest_items:
        st.markdown(f"**{t('talk.weakest', language)}**")
        for item in prefill.weakest_items:
            label = (
                checklists.entry(item["item_id"]).item.label
                if checklists.has_item(item["item_id"])
                else item["item_id"]
            )
            critical = (
                f" – {t('observe.critical_marker', language)} ×{item['critical']}" if item["critical"] else ""
            )
            st.markdown(f"- {label}: {item['not_met']} / {item['scored']}{critical}")
    if prefill.observations:
        value, detail = score_text(prefill.score, language)
        st.caption(
            t(
                "talk.mean_score",
                language,
                score=value,
                basis=detail,
                last=format_datetime(prefill.observations[0]["observed_at"], language),
            )
        )


def _form(db, checklists, user, prefill, language, today) -> None:
    standards = {s.id: s.short for s in checklists.standards}
    form_key = f"talk_id_{prefill.employee['id']}"
    conversation_id = st.session_state.setdefault(form_key, uuid.uuid4())
    with st.form(f"conversation_{prefill.employee['id']}"):
        held_on = st.date_input(
            t("talk.held_on", language), value=today, max_value=today, format="DD.MM.YYYY"
        )
        assessments = []
        if prefill.open_goals:
            st.markdown(f"**{t('talk.previous_goals', language)}**")
            for index, goal in enumerate(prefill.open_goals):
                assessments.append(
                    st.radio(
                        f"{standards.get(goal['standard_id'], '')}: {plain(goal['text'])}",
                        list(service.GOAL_RESULTS),
                        format_func=service.GOAL_RESULTS.get,
                        horizontal=True,
                        key=f"assess_{index}",
                        index=None,
                    )
                )
        st.markdown(f"**{t('talk.goals', language)}**")
        goals = []
        for index in range(service.MAX_GOALS):
            left, right = st.columns([1, 2])
            standard_id = left.selectbox(
                t("observe.standard", language),
                list(standards),
                index=None,  # chosen on purpose: a default would tie a goal to a standard silently
                format_func=standards.get,
                placeholder=t("common.choose", language),
                key=f"goal_standard_{index}",
            )
            text = right.text_input(
                t("talk.goal", language, number=index + 1), max_chars=500, key=f"goal_text_{index}"
            )
            goals.append({"standard_id": standard_id, "text": text})
        needs = st.multiselect(
            t("talk.training", language),
            list(service.TRAINING_OPTIONS),
            placeholder=t("common.choose", language),
            select_all=False,  # a handful of needs, chosen one by one
        )
        other = st.text_input(t("talk.training_other", language), max_chars=200)
        notes = st.text_area(t("talk.notes", language), max_chars=4000)
        next_on = st.date_input(
            t("talk.next_on", language),
            value=today + service.DEFAULT_INTERVAL,
            min_value=today + timedelta(days=1),
            format="DD.MM.YYYY",
        )
        submitted = st.form_submit_button(t("common.save", language), type="primary")
    if submitted:
        try:
            service.record_conversation(
                db,
                checklists,
                user,
                conversation_id=conversation_id,
                employee_id=prefill.employee["id"],
                held_on=held_on,
                assessments=[a or "" for a in assessments],
                goals=goals,
                training_needs=[*needs, other],
                notes=notes,
                next_on=next_on,
            )
        except InputError as error:
            st.error(str(error))
        else:
            # back to the overdue list (now without this employee) with the message on top; the
            # form's widgets are not drawn in that run, so Streamlit forgets what was typed
            st.session_state.pop(form_key, None)
            st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
            flash.success(t("talk.saved", language))
            st.rerun()
