"""Improvement actions: the counts, the user's own overdue actions, the register with its
filters and each action's source, the effectiveness of closed actions, a form for a new action
(pre-filled from a link on its source: a heat-map cell, an observation's item not met, a client's
comment or case, a conversation goal) and, for a chosen action, its status, owner and due date,
closing with a note, cancelling."""

import uuid
from datetime import datetime, timedelta
from urllib.parse import urlencode

import streamlit as st

from accounts.permissions import may_open
from analytics import effectiveness, summaries
from checklists.loading import current_checklists
from i18n import format_date, t
from pages import training as training_page
from services import actions as service
from services import training as training_service
from services.clock import now
from services.organisation import InputError
from ui import flash, session
from ui.text import plain

URL_PATH = "dzialania"
# A source's link: ?wydzial=<department code>&standard=<standard id>&pozycja=<item id>
# &pracownik=<employee id>&zrodlo=<obserwacja|rozmowa|opinia|sprawa|mapa>&ref=<the source's id>;
# the dashboard's heat-map cell gives its period as `okres`.
DEPARTMENT_PARAM, STANDARD_PARAM, PERIOD_PARAM = "wydzial", "standard", "okres"
ITEM_PARAM, EMPLOYEE_PARAM, SOURCE_PARAM, REF_PARAM = "pozycja", "pracownik", "zrodlo", "ref"
LINK_PARAMS = (
    DEPARTMENT_PARAM,
    STANDARD_PARAM,
    PERIOD_PARAM,
    ITEM_PARAM,
    EMPLOYEE_PARAM,
    SOURCE_PARAM,
    REF_PARAM,
)
PREFILLED = "actions_prefilled"  # the link whose parameters were applied: each link once
NEW_DEPARTMENT, NEW_STANDARD, NEW_ITEM = "action_department", "action_standard", "action_item"
NEW_EMPLOYEE, NEW_SOURCE = "action_employee", "action_source"
FORM_ROUND = "action_form_round"  # counts saved actions: each new form's text fields are new, empty
DEFAULT_TERM = timedelta(days=30)
ICON = ":material/assignment_turned_in:"


def action_link(params: dict[str, str], label: str) -> None:
    """A link that opens this page with a new action pre-filled from its source (`params`)."""
    st.page_link(st.Page(render, url_path=URL_PATH), label=label, icon=ICON, query_params=params)


def observation_offers(db, checklists, observation: dict, language: str) -> None:
    """Under a sent observation: "Zaplanuj działanie" for each item answered "nie" – a critical
    breach prominently, each on its own, the other items in a compact list."""
    offers = service.observation_offers(db, checklists, observation)
    others = [offer for offer in offers if not offer.critical]
    for offer in offers:
        if offer.critical:
            with st.container(border=True):
                st.warning(
                    t(
                        "actions.offer_critical",
                        language,
                        item=item_label(checklists, offer.item_id, language),
                    )
                )
                action_link(offer.params, t("actions.plan", language))
    if others:
        st.markdown(f"**{t('actions.offer_others', language)}**")
        for offer in others:
            action_link(
                offer.params,
                t("actions.plan_item", language, item=item_label(checklists, offer.item_id, language)),
            )


def item_label(checklists, item_id: str, language: str) -> str:
    """An item's label in the user's language."""
    item = checklists.entry(item_id).item
    return item.label_en if language == "en" else item.label


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
    _effectiveness(db, rows, checklists, language)
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
                t("common.employee", language): row["employee_name"] or "",
                t("actions.column.standard", language): _standard_text(checklists, row),
                t("actions.column.source", language): source_text(row, language),
                t("actions.column.open_source", language): _source_url(row, user),
                t("actions.column.why", language): row["reason"],
            }
            for row in shown
        ],
        hide_index=True,
        width="stretch",
        column_config={
            t("actions.column.open_source", language): st.column_config.LinkColumn(
                display_text=t("actions.open_source", language)
            )
        },
    )


def _source_url(row: dict, user) -> str | None:
    """Where the action's source can be seen by this user: their own observation, the heat-map
    cell's period and department on the dashboard, the conversations or client cases page."""
    from ui.navigation import STAFF_PAGES  # imported here: the navigation imports this page

    kind, ref = row["source_kind"], row["source_ref"]
    if kind == "observation_item" and row["source_observer_id"] == user.id:
        return f"/{STAFF_PAGES['observe'][1]}?{urlencode({'obserwacja': ref})}"
    if kind == "heatmap_cell" and ref and may_open(user.role, "dashboard"):
        try:
            start, end = (datetime.strptime(day, "%d.%m.%Y").date() for day in ref.split("–"))
        except ValueError:  # a period written some other way: shown, not linked
            return None
        period = {"od": start.isoformat(), "do": end.isoformat(), "dzialy": row["department_code"]}
        return f"/{STAFF_PAGES['dashboard'][1]}?{urlencode(period)}"
    page = {"conversation_goal": "conversations", "client_case": "client_cases"}.get(kind)
    if page is not None and page in STAFF_PAGES and may_open(user.role, page):
        return f"/{STAFF_PAGES[page][1]}"
    return None


def source_text(row: dict, language: str) -> str:
    """The action's source in words: "obserwacja z 12.11.2026", "pole mapy cieplnej, okres …"."""
    kind = row["source_kind"]
    if kind == "heatmap_cell" and row["source_ref"]:
        return t("actions.why.heatmap_cell", language, period=row["source_ref"])
    if kind in service.SOURCES_BY_ID and row["source_at"] is not None:
        return t(f"actions.why.{kind}", language, date=format_date(row["source_at"].date(), language))
    return t(f"actions.source.{kind}", language)


def _effectiveness(db, rows, checklists, language) -> None:
    """Closed actions with a standard: the standard's (or item's) score before and after, and the verdict."""
    checked = [
        (row, result) for row in rows if (result := effectiveness.effectiveness(db, row, now())) is not None
    ]
    if not checked:
        return
    st.subheader(t("actions.effectiveness", language))
    st.caption(t("actions.effectiveness_help", language))

    for row, result in checked:  # one box each: wraps on a phone, where a wide table would not fit
        with st.container(border=True, key=f"effectiveness_{row['id']}"):
            st.markdown(f"**{plain(row['title'])}** · {plain(_standard_text(checklists, row))}")
            st.markdown(
                "  \n".join(
                    [
                        f"{t('actions.before', language)}: {_window(result.before_window, result.before, language)}",
                        f"{t('actions.after', language)}: "
                        + (
                            _window(result.after_window, result.after, language)
                            if result.after_complete
                            else t(
                                "actions.window_running",
                                language,
                                end=format_date(result.after_window[1], language),
                                score=_score(result.after, language),
                            )
                        ),
                        f"{t('actions.verdict', language)}: **{t(f'actions.verdict.{result.verdict}', language)}**",
                    ]
                )
            )


def _score(score, language: str) -> str:
    value, basis = summaries.score_text(score, language)
    return f"{value} ({basis})"


def _window(window, score, language: str) -> str:
    start, end = (format_date(day, language) for day in window)
    return t("actions.window", language, start=start, end=end, score=_score(score, language))


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
    """Pre-fill the new action from a source's link once; returns the link's period (a heat-map
    cell's) or None. What is outside the user's scope or does not exist is ignored with a notice."""
    params = st.query_params
    if not any(name in params for name in LINK_PARAMS):
        for key in (PREFILLED, NEW_SOURCE):  # a later link, even the same one, applies again
            st.session_state.pop(key, None)
        return None
    link = tuple(params.get(name) for name in LINK_PARAMS)
    if st.session_state.get(PREFILLED) != link:
        st.session_state[PREFILLED] = link
        st.session_state.pop(NEW_SOURCE, None)
        _prefill(db, checklists, user, language, dict(zip(LINK_PARAMS, link, strict=True)))
    kind = service.SOURCE_PARAMS.get(params.get(SOURCE_PARAM) or "")
    return params.get(PERIOD_PARAM) or (params.get(REF_PARAM) if kind == "heatmap_cell" else None)


def _prefill(db, checklists, user, language, link: dict) -> None:
    department_id = None
    if link[DEPARTMENT_PARAM]:
        department = service.department_by_code(db, user, link[DEPARTMENT_PARAM])
        if department is not None:
            department_id = department["id"]
        else:
            st.warning(t("actions.link_department_ignored", language))
    kind = service.SOURCE_PARAMS.get(link[SOURCE_PARAM] or "")
    if link[SOURCE_PARAM] and kind is None:
        st.warning(t("actions.link_source_unknown", language))
    elif kind in service.SOURCES_BY_ID:
        source = service.source_for(db, user, kind, link[REF_PARAM])
        if source is None:
            st.warning(t("actions.link_source_ignored", language))
        else:
            st.session_state[NEW_SOURCE] = source
            department_id = source.department_id or department_id  # the source's own department
    if department_id is not None:
        st.session_state[NEW_DEPARTMENT] = department_id
    standard_id = link[STANDARD_PARAM]
    if standard_id in {s.id for s in checklists.standards}:
        st.session_state[NEW_STANDARD] = standard_id
    elif standard_id:
        st.warning(t("actions.link_standard_ignored", language))
        standard_id = None
    item_id = link[ITEM_PARAM]
    if item_id:
        if (
            standard_id
            and checklists.has_item(item_id)
            and checklists.entry(item_id).standard.id == standard_id
        ):
            st.session_state[f"{NEW_ITEM}_{standard_id}"] = item_id
        else:
            st.warning(t("actions.link_item_ignored", language))
    if link[EMPLOYEE_PARAM]:
        employee_id = _employee(db, user, department_id, link[EMPLOYEE_PARAM])
        if employee_id is None:
            st.warning(t("actions.link_employee_ignored", language))
        else:
            st.session_state[f"{NEW_EMPLOYEE}_{department_id}"] = employee_id


def _employee(db, user, department_id, wanted: str) -> uuid.UUID | None:
    """The link's employee if they belong to the link's department in the user's scope."""
    employees = {str(e["id"]): e["id"] for e in service.employees_for(db, user, department_id)}
    return employees.get(wanted.strip().lower())


def _new_action(db, checklists, user, language, today) -> None:
    st.subheader(t("actions.new", language))
    departments = {d["id"]: d["name"] for d in service.departments_for(db, user)}
    if not departments:
        st.info(t("actions.no_departments", language))
        return
    period = _apply_link(db, checklists, user, language)
    source = st.session_state.get(NEW_SOURCE)
    if source is not None:
        st.caption(
            t(f"actions.from.{source.kind}", language, date=format_date(source.happened_at.date(), language))
        )
    elif period is not None:
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
    people = {
        e["id"]: f"{e['first_name']} {e['last_name']}" for e in service.employees_for(db, user, department_id)
    }
    employee_id = st.selectbox(
        t("actions.employee_optional", language),
        list(people),
        index=None,
        format_func=people.get,
        placeholder=t("actions.choose_employee", language),
        key=f"{NEW_EMPLOYEE}_{department_id}",  # a new department: a new, empty employee list
    )
    owners = {o["id"]: o["display_name"] for o in service.owners_for(db, user, department_id)}
    round_ = st.session_state.get(FORM_ROUND, 0)
    with st.form("new_action"):
        title = st.text_input(
            t("actions.column.what", language), max_chars=service.TITLE_MAX, key=f"action_title_{round_}"
        )
        reason = st.text_area(
            t("actions.column.why", language),
            value=_reason(checklists, source, item_id, language),
            max_chars=service.TEXT_MAX,
            # a new suggestion for another source or item
            key=f"action_reason_{round_}_{source.ref if source else ''}_{item_id}",
        )
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
            employee_id=employee_id,
            source_kind=source.kind if source else ("other" if period is None else "heatmap_cell"),
            source_ref=source.ref if source else period,
        )
    except InputError as error:
        st.error(str(error))
        return
    st.query_params.clear()  # the next new action does not come from the same source
    for key in (NEW_DEPARTMENT, NEW_STANDARD, PREFILLED, NEW_SOURCE, f"{NEW_EMPLOYEE}_{department_id}"):
        st.session_state.pop(key, None)
    st.session_state[FORM_ROUND] = round_ + 1  # the next form starts empty: nothing to save twice
    flash.success(t("actions.created", language, title=title.strip()))
    st.rerun()


def _reason(checklists, source, item_id, language) -> str:
    """The "why" a source's link suggests: where it comes from and the item not met."""
    if source is None:
        return ""
    why = t(f"actions.from.{source.kind}", language, date=format_date(source.happened_at.date(), language))
    if item_id:
        why += " " + t("actions.item_not_met", language, item=item_label(checklists, item_id, language))
    return why


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
    _training(db, user, action, language)
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
            flash.run(
                lambda: service.update(db, user, action_id, status=status, owner_id=owner_id, due_date=due),
                t("actions.changed", language),
            )
    with close_tab:
        if action["status"] != "in_progress":
            st.info(t("actions.close_first", language))
        else:
            with st.form(f"action_close_{action_id}"):
                note = st.text_area(t("actions.close_note", language), max_chars=service.TEXT_MAX)
                if st.form_submit_button(t("actions.close_button", language), type="primary"):
                    flash.run(
                        lambda: service.close(db, user, action_id, note=note), t("actions.closed", language)
                    )
    with cancel_tab, st.form(f"action_cancel_{action_id}"):
        reason = st.text_area(t("actions.cancel_reason", language), max_chars=service.TEXT_MAX)
        if st.form_submit_button(t("actions.cancel_button", language)):
            flash.run(
                lambda: service.cancel(db, user, action_id, reason=reason), t("actions.cancelled", language)
            )


def _training(db, user, action: dict, language: str) -> None:
    """The training recorded for the chosen action, and a link that records one for it (with the
    action's employee, when it has one, already chosen)."""
    records = training_service.training_for_action(db, user, action["id"])
    lines = [
        t(
            "actions.training_line",
            language,
            employee=plain(f"{row['first_name']} {row['last_name']}"),
            topic=plain(row["topic"]),
            state=training_page.state_text(row, language),
        )
        for row in records
    ]
    st.markdown("\n".join([t("actions.training", language, count=len(records)), *(f"- {x}" for x in lines)]))
    params = {training_page.ACTION_PARAM: str(action["id"])}
    if action["employee_id"] is not None:
        params[training_page.EMPLOYEE_PARAM] = str(action["employee_id"])
    st.page_link(
        st.Page(training_page.render, url_path=training_page.URL_PATH),
        label=t("actions.record_training", language),
        icon=":material/school:",
        query_params=params,
    )
