"""Satisfaction survey campaigns: the list with each campaign's state, and for the chosen one the
answers per department against its target ("212 z 385", a bar), the days left while it runs, and
once it ended the margin of error achieved and whether each target was met. Management defines,
changes and deletes campaigns and sets a department's target; a supervisor sees the rows of
their own departments."""

from datetime import timedelta

import streamlit as st

from i18n import format_date, format_margin, format_number, format_percent, t
from services import campaigns as service
from services.clock import now
from ui import flash, session
from ui.text import plain

URL_PATH = "kampanie"
CHOICE = "campaign_choice"
NEW_FORM, EDIT_FORM, TARGETS_FORM, DELETE_FORM = (
    "campaign_new",
    "campaign_edit",
    "campaign_targets",
    "campaign_delete",
)
DEFAULT_LENGTH = timedelta(days=30)


def render() -> None:
    user = session.require("campaigns")
    language = user.language
    db = session.database()
    today = now().date()
    manages = service.may_manage(user)
    st.title(t("campaigns.title", language))
    st.caption(t("campaigns.intro", language))
    campaigns = service.list_campaigns(db)
    if manages:
        with st.expander(t("campaigns.new", language), expanded=not campaigns):
            _settings_form(db, user, None, today, language)
    if not campaigns:
        st.info(t("campaigns.none", language))
        return
    _listing(db, campaigns, today, language)
    by_id = {c.id: c for c in campaigns}
    if st.session_state.get(CHOICE) not in by_id:  # first visit, or deleted meanwhile: the running one
        running = service.running(db, today)
        st.session_state[CHOICE] = running.id if running else campaigns[0].id
    chosen = st.selectbox(
        t("campaigns.choose", language),
        list(by_id),
        format_func=lambda campaign_id: by_id[campaign_id].name,
        placeholder=t("common.choose", language),  # else Streamlit's English "Choose an option"
        key=CHOICE,
    )
    _details(db, user, by_id[chosen], today, manages, language)


def _state(campaign, today, language: str) -> str:
    return t(f"campaigns.state.{service.state(campaign, today)}", language)


def _dates(campaign, language: str) -> str:
    return f"{format_date(campaign.start, language)} – {format_date(campaign.end, language)}"


def _listing(db, campaigns, today, language: str) -> None:
    st.dataframe(
        [
            {
                t("campaigns.column.name", language): c.name,
                t("campaigns.column.dates", language): _dates(c, language),
                t("campaigns.column.state", language): _state(c, today, language),
                t("campaigns.column.target", language): c.target_total,
            }
            for c in campaigns
        ],
        hide_index=True,
        width="stretch",
    )


def _details(db, user, campaign, today, manages: bool, language: str) -> None:
    state = service.state(campaign, today)
    st.subheader(plain(campaign.name), anchor=False)
    st.markdown(
        t(
            "campaigns.summary",
            language,
            dates=_dates(campaign, language),
            state=_state(campaign, today, language),
            margin=format_margin(campaign.margin, language, 0),
            confidence=format_percent(campaign.confidence, language, 0),
            required=_count(campaign.required, language),
        )
    )
    if campaign.yearly_clients is not None:
        st.markdown(
            t(
                "campaigns.yearly_clients_line",
                language,
                n=format_number(campaign.yearly_clients, language, 0),
            )
        )
    if state == "running":
        st.markdown(t("campaigns.days_left", language, days=service.days_left(campaign, today)))
    elif state == "planned":
        st.markdown(t("campaigns.starts_on", language, date=format_date(campaign.start, language)))
    visible = service.visible_departments(user)
    rows = service.progress(db, campaign, visible)
    if not rows:
        st.info(t("campaigns.no_departments", language))
    else:
        _progress(campaign, rows, state == "ended", visible is None, language)
    st.caption(t("campaigns.counting", language))
    if manages:
        _manage(db, user, campaign, state, today, language)


def _count(n: int, language: str) -> str:
    return format_number(n, language, 0)


def _progress(campaign, rows, ended: bool, whole_office: bool, language: str) -> None:
    """The total and the table; the office's yearly clients correct the total's margin only when
    it is the whole office's (management), not a supervisor's departments."""
    whole = service.total(rows)
    st.markdown(
        t(
            "campaigns.total_line",
            language,
            answers=_count(whole.answers, language),
            target=_count(whole.target, language),
        )
        + (f" ({format_percent(whole.reached, language)})" if whole.reached is not None else "")
    )
    if ended:
        margin = service.achieved_margin(campaign, whole.answers, overall=whole_office)
        key = "campaigns.achieved_met" if whole.met else "campaigns.achieved_not_met"
        st.markdown(
            t(
                key,
                language,
                margin=format_margin(margin, language),
                planned=format_margin(campaign.margin, language, 0),
            )
        )
    bar = t("campaigns.column.bar", language)
    table = []
    for row in rows:
        line = {
            t("common.department", language): row.department_name or t("campaigns.no_department", language),
            t("campaigns.column.answers", language): (
                t(
                    "campaigns.of",
                    language,
                    answers=_count(row.answers, language),
                    target=_count(row.target, language),
                )
                if row.target
                else t("campaigns.without_target", language, answers=_count(row.answers, language))
            ),
            t("campaigns.column.reached", language): format_percent(row.reached, language),
            bar: None if row.reached is None else min(round(row.reached * 100), 100),
        }
        if ended:
            margin = service.achieved_margin(campaign, row.answers, overall=False) if row.target else None
            line[t("campaigns.column.margin", language)] = format_margin(margin, language)
            line[t("campaigns.column.met", language)] = (
                t("campaigns.met_yes" if row.met else "campaigns.met_no", language) if row.target else "–"
            )
        table.append(line)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height="content",  # every department at once: no scrolling inside the table
        column_config={bar: st.column_config.ProgressColumn(bar, min_value=0, max_value=100, format="%d%%")},
    )


def _manage(db, user, campaign, state: str, today, language: str) -> None:
    with st.expander(t("campaigns.edit", language)):
        _settings_form(db, user, campaign, today, language)
    with st.expander(t("campaigns.targets", language)):
        _targets_form(db, user, campaign, language)
    if state == "planned":
        with st.expander(t("campaigns.delete", language)):
            _delete_form(db, user, campaign, today, language)


def _settings_form(db, user, campaign, today, language: str) -> None:
    """The form of a new campaign (campaign None) or of the chosen one's settings."""
    form_id = NEW_FORM if campaign is None else f"{EDIT_FORM}_{campaign.id}"
    with st.form(form_id):
        name = st.text_input(
            t("campaigns.field.name", language),
            value="" if campaign is None else campaign.name,
            placeholder=t("campaigns.name_example", language),
            max_chars=service.NAME_MAX,
        )
        start_column, end_column = st.columns(2)
        start = start_column.date_input(
            t("campaigns.field.start", language),
            value=today if campaign is None else campaign.start,
            format="DD.MM.YYYY",
        )
        end = end_column.date_input(
            t("campaigns.field.end", language),
            value=today + DEFAULT_LENGTH if campaign is None else campaign.end,
            format="DD.MM.YYYY",
        )
        margin_column, confidence_column = st.columns(2)
        margin = margin_column.selectbox(
            t("campaigns.field.margin", language),
            service.MARGINS,
            index=service.MARGINS.index(0.05 if campaign is None else campaign.margin),
            format_func=lambda m: format_margin(m, language, 0),
            placeholder=t("common.choose", language),
        )
        confidence = confidence_column.selectbox(
            t("campaigns.field.confidence", language),
            service.CONFIDENCES,
            index=service.CONFIDENCES.index(0.95 if campaign is None else campaign.confidence),
            format_func=lambda c: format_percent(c, language, 0),
            placeholder=t("common.choose", language),
        )
        yearly_clients = st.number_input(
            t("campaigns.field.yearly_clients", language),
            min_value=1,
            max_value=service.YEARLY_CLIENTS_MAX,
            value=None if campaign is None else campaign.yearly_clients,
            step=1,
            placeholder=t("campaigns.yearly_clients_placeholder", language),
        )
        st.caption(t("campaigns.target_help" if campaign is None else "campaigns.edit_help", language))
        label = t("campaigns.create" if campaign is None else "campaigns.save", language)
        if not st.form_submit_button(label, type="primary"):
            return
    settings = {
        "name": name,
        "start": start,
        "end": end,
        "margin": margin,
        "confidence": confidence,
        "yearly_clients": None if yearly_clients is None else int(yearly_clients),
    }
    if campaign is None:

        def create() -> None:
            st.session_state[CHOICE] = service.create(db, user, **settings)  # show the new one

        flash.run(create, t("campaigns.created", language))
    else:
        flash.run(lambda: service.update(db, user, campaign.id, **settings), t("campaigns.saved", language))


def _targets_form(db, user, campaign, language: str) -> None:
    with st.form(f"{TARGETS_FORM}_{campaign.id}"):
        values = {
            department_id: st.number_input(
                plain(name),
                min_value=1,
                max_value=service.TARGET_MAX,
                value=target or None,
                step=1,
                # the stored target in the key: a target allocated anew replaces what the field holds
                key=f"target_{campaign.id}_{department_id}_{target}",
            )
            for department_id, name, target in service.target_departments(db, campaign)
        }
        st.caption(t("campaigns.targets_help", language))
        if not st.form_submit_button(t("campaigns.save_targets", language), type="primary"):
            return
    changed = {
        department_id: int(value)
        for department_id, value in values.items()
        if value is not None and int(value) != campaign.targets.get(department_id)
    }

    def save() -> None:
        for department_id, value in changed.items():
            service.set_target(db, user, campaign.id, department_id, value)

    flash.run(save, t("campaigns.targets_saved" if changed else "campaigns.unchanged", language))


def _delete_form(db, user, campaign, today, language: str) -> None:
    with st.form(f"{DELETE_FORM}_{campaign.id}"):
        sure = st.checkbox(t("campaigns.delete_confirm", language, name=plain(campaign.name)))
        if not st.form_submit_button(t("campaigns.delete_button", language)):
            return
    if not sure:
        st.error(t("campaigns.delete_unconfirmed", language))
        return

    flash.run(
        lambda: service.delete(db, user, campaign.id, today),
        t("campaigns.deleted", language, name=plain(campaign.name)),
    )
