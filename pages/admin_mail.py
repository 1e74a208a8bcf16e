"""Administration: the office's SMTP server for e-mail notifications (off until a server and a
sender are saved), a test message, the active accounts without an address, and the outbox with
each message's state, attempts and last error. Nothing here talks to the mail server: messages
are only queued, and the server's sender thread sends them."""

import streamlit as st

from accounts.service import email_of
from i18n import format_datetime, t
from services import addresses, links, mail_settings
from services.organisation import InputError
from ui import flash, session
from ui.text import plain

URL_PATH = "poczta"
TEST_QUEUED = "mail_test_queued"
PASSWORD_KEY = "mail_password"


def render() -> None:
    user = session.require("admin_mail")
    language = user.language
    db = session.database()
    st.title(t("admin.mail.title", language))
    current = mail_settings.load(db)
    if current.enabled:
        st.success(t("admin.mail.on", language, host=plain(current.host), sender=plain(current.sender)))
    else:
        st.warning(t("admin.mail.off", language))
    st.caption(t("admin.mail.what", language))
    _settings(db, user, current, language)
    _test_message(db, user, current, language)
    _accounts_without_email(db, language)
    _outbox(db, language)


def _settings(db, user, current: mail_settings.MailSettings, language: str) -> None:
    st.subheader(t("admin.mail.settings", language))
    with st.form("mail_settings"):
        host_column, port_column, security_column = st.columns([3, 1, 2])
        host = host_column.text_input(
            t("admin.mail.host", language),
            value=current.host or "",
            max_chars=mail_settings.HOST_MAX,
            placeholder="poczta.grojec.pl",
        )
        port = port_column.number_input(t("admin.mail.port", language), 1, 65535, current.port, step=1)
        security = security_column.selectbox(
            t("admin.mail.security", language),
            mail_settings.SECURITY,
            index=mail_settings.SECURITY.index(current.security),
            format_func=lambda s: t(f"admin.mail.security.{s}", language),
            placeholder=t("common.choose", language),
        )
        login_column, password_column = st.columns(2)
        login = login_column.text_input(
            t("admin.mail.login", language), value=current.login or "", max_chars=mail_settings.LOGIN_MAX
        )
        password = password_column.text_input(
            t("admin.mail.password", language),
            type="password",
            max_chars=mail_settings.PASSWORD_MAX,
            key=PASSWORD_KEY,
        )
        st.caption(t("admin.mail.password_help", language))  # not help=: Streamlit names its icon in English
        source = mail_settings.password_source(db)
        if source == "env":
            st.caption(t("admin.mail.password_env", language))
        elif source == "database":
            st.caption(t("admin.mail.password_stored", language))
        sender = st.text_input(
            t("admin.mail.sender", language),
            value=current.sender or "",
            max_chars=addresses.MAX_LENGTH,
            placeholder="jakosc@grojec.pl",
        )
        digest_column, hour_column = st.columns([3, 1], vertical_alignment="bottom")
        digest = digest_column.checkbox(t("admin.mail.digest", language), value=current.digest)
        hour = hour_column.selectbox(
            t("admin.mail.digest_hour", language),
            range(24),
            index=current.digest_hour,
            format_func=lambda h: f"{h:02d}:00",
            placeholder=t("common.choose", language),
        )
        if st.form_submit_button(t("admin.mail.save", language), type="primary"):
            try:
                mail_settings.save(
                    db,
                    user,
                    host=host,
                    port=int(port),
                    security=security,
                    login=login,
                    new_password=password,
                    sender=sender,
                    digest=digest,
                    digest_hour=hour,
                )
            except InputError as error:
                st.error(str(error))
            else:
                st.session_state.pop(PASSWORD_KEY, None)  # saved: never shown again, not even as dots
                flash.success(t("admin.mail.saved", language))
                st.rerun()


def _test_message(db, user, current: mail_settings.MailSettings, language: str) -> None:
    st.subheader(t("admin.mail.test", language))
    queued = st.session_state.pop(TEST_QUEUED, None)
    if queued:
        st.success(t("admin.mail.test_queued", language, address=plain(queued)))
    if not current.enabled:
        st.info(t("admin.mail.test_needs_settings", language))
        return
    with st.form("mail_test"):
        address = st.text_input(
            t("admin.mail.test_to", language),
            value=email_of(db, user.id) or "",
            max_chars=addresses.MAX_LENGTH,
        )
        if st.form_submit_button(t("admin.mail.test_send", language)):
            public = links.public_address(db)
            try:
                sent_to = mail_settings.queue_test(db, user, address, public.url if public.usable else None)
            except InputError as error:
                st.error(str(error))
            else:
                st.session_state[TEST_QUEUED] = sent_to
                st.rerun()


def _accounts_without_email(db, language: str) -> None:
    missing = mail_settings.without_email(db)
    if missing:
        st.info(t("admin.mail.without_email", language, count=len(missing), logins=plain(", ".join(missing))))
    else:
        st.caption(t("admin.mail.everyone_has_email", language))


def _outbox(db, language: str) -> None:
    title_column, refresh_column = st.columns([4, 1], vertical_alignment="bottom")
    title_column.subheader(t("admin.mail.outbox", language))
    refresh_column.button(t("admin.mail.refresh", language), icon=":material/refresh:", width="stretch")
    counts = mail_settings.outbox_counts(db)
    st.caption(
        t(
            "admin.mail.outbox_counts",
            language,
            **{state: counts.get(state, 0) for state in ("queued", "held", "sent", "failed")},
        )
    )
    rows = mail_settings.outbox(db)
    if not rows:
        st.info(t("admin.mail.outbox_none", language))
        return
    st.dataframe(
        [
            {
                t("admin.mail.column.created", language): format_datetime(row["created_at"], language),
                t("admin.mail.column.to", language): row["recipient"],
                t("admin.mail.column.subject", language): row["subject"],
                t("admin.mail.column.kind", language): t(f"admin.mail.kind.{row['kind']}", language),
                t("admin.mail.column.state", language): t(f"admin.mail.state.{row['state']}", language),
                t("admin.mail.column.attempts", language): row["attempts"],
                t("admin.mail.column.next", language): format_datetime(row["next_attempt_at"], language)
                if row["state"] == "queued"
                else "",
                t("admin.mail.column.error", language): row["last_error"] or "",
            }
            for row in rows
        ],
        hide_index=True,
        width="stretch",
    )
