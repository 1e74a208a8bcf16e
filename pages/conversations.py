"""Periodic conversations: overdue list, and a conversation form pre-filled with the
employee's results since the last one, the goals set then and the training since then; each goal
of a saved conversation links to a new improvement action and to a new training record."""

import uuid
from datetime import timedelta

import streamlit as st

from accounts.roles import Role
from analytics.summaries import rating_share_text, score_of, score_text
from checklists.loading import current_checklists
from i18n import format_date, format_datetime, t
from pages import actions as actions_page
from pages import training as training_page
from services import organisation
from services import people as service
from services import training as training_service
from services.clock import now
from services.organisation import InputError
from ui import flash, session
from ui.text import plain

ROUND = "talk_round"  # raised after a save: a new employee picker, shown empty in the browser too
SAVED = "talk_saved"  # (employee id, conversation id) of the conversation just saved: its goals' links


def render() -> None:
    user = session.require("conversations")
    language = user.language
    db = session.database()
    checklists = current_checklists()
    st.title(t("talk.title", language))
    if SAVED in st.session_state:
        employee_id, conversation_id = st.session_state.pop(SAVED)
        goals = training_service.conversation_goals(db, user, employee_id)
        st.subheader(t("talk.saved_goals", language))
        _goal_links(checklists, [g for g in goals if g["conversation_id"] == conversation_id], language)
    today = now().date()  # office time: the server's clock may run in UTC
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
    _training(checklists, prefill, language)
    _form(db, checklists, user, prefill, language, today)
    _history(checklists, training_service.conversation_goals(db, user, employee_id), language)


def _training(checklists, prefill, language) -> None:
    """The training since the last conversation and the requests still waiting: to talk about."""
    st.markdown(f"**{t('talk.training_since', language)}**")
    if not prefill.training:
        st.caption(t("talk.training_none", language))
    for row in prefill.training:
        kind = t(f"training.kind.{row['kind']}", language)
        st.markdown(
            f"- {kind}: {plain(row['topic'])} "
            f"({training_page.standards_text(checklists, row['standard_ids'])}) – "
            f"{plain(training_page.state_text(row, language))}"
        )


def _history(checklists, goals: list[dict], language) -> None:
    """The goals of the employee's earlier conversations, each with its next steps' links."""
    if not goals:
        return
    st.subheader(t("talk.history", language))
    by_conversation: dict = {}
    for goal in goals:
        by_conversation.setdefault(goal["conversation_id"], []).append(goal)
    for conversation_goals in by_conversation.values():
        first = conversation_goals[0]
        title = t(
            "talk.history_conversation",
            language,
            date=format_date(first["held_on"], language),
            supervisor=plain(first["supervisor_name"] or "—"),
        )
        with st.expander(title, key=f"talk_history_{first['conversation_id']}"):
            _goal_links(checklists, conversation_goals, language)


def _goal_links(checklists, goals: list[dict], language) -> None:
    """Each goal with two links: plan an improvement action for it, record a training for it."""
    for goal in goals:
        st.markdown(f"**{checklists.standard(goal['standard_id']).short}**: {plain(goal['text'])}")
        with st.container(horizontal=True, gap="small"):
            st.page_link(
                st.Page(actions_page.render, url_path=actions_page.URL_PATH),
                label=t("talk.plan_action", language),
                icon=":material/assignment_turned_in:",
                query_params={
                    actions_page.DEPARTMENT_PARAM: goal["department_code"],
                    actions_page.STANDARD_PARAM: goal["standard_id"],
                    actions_page.EMPLOYEE_PARAM: str(goal["employee_id"]),
                    actions_page.SOURCE_PARAM: "rozmowa",
                    actions_page.REF_PARAM: str(goal["conversation_id"]),
                },
            )
            st.page_link(
                st.Page(training_page.render, url_path=training_page.URL_PATH),
                label=t("talk.record_training", language),
                icon=":material/school:",
                query_params={
                    training_page.EMPLOYEE_PARAM: str(goal["employee_id"]),
                    training_page.CONVERSATION_PARAM: str(goal["conversation_id"]),
                    training_page.GOAL_PARAM: str(goal["index"]),
                },
            )


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
        # requests still waiting for a decision are needs not yet met: chosen in advance
        waiting = [row["topic"] for row in prefill.training if row["status"] == "requested"]
        needs = st.multiselect(
            t("talk.training", language),
            list(dict.fromkeys([*service.TRAINING_OPTIONS, *waiting])),
            default=list(dict.fromkeys(waiting)),
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
            st.session_state[SAVED] = (prefill.employee["id"], conversation_id)
            flash.success(t("talk.saved", language))
            st.rerun()
