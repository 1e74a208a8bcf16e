"""Disclosure audit (RODO): who exported or downloaded which data, and who opened a named
employee's results, recorded in the audit log next to the change records.

An export is recorded every time a file is made (dashboard download, `jakosc export`, the
acknowledgement register and forms). A view of a named employee's results is recorded once per
person, subject and scope within VIEW_WINDOW, so a page that reruns on every click does not
flood the log; an employee looking at their own results is not recorded.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from accounts.service import CurrentUser
from analytics.queries import Scope
from i18n import format_date, t
from storage import audit, departments
from storage.db import Database, now

EXPORT = "export"
VIEW = "view"
VIEW_WINDOW = timedelta(minutes=30)

# What was exported (the audit entry's entity).
DASHBOARD_EXPORT = "dashboard_export"
PERIOD_EXPORT = "period_export"  # jakosc export, also run by the server for the command
ACK_REGISTER = "ack_register"
ACK_FORMS = "ack_forms"
# Whose results were opened.
EMPLOYEE_SCORES = "employee_scores"
CONVERSATION_PREFILL = "conversation_prefill"
OBSERVATION = "observation"


def describe_scope(db: Database, scope: Scope) -> dict[str, Any]:
    """The filters as stored in an entry: period, department codes (None: every department), kind."""
    codes = None
    if scope.department_ids is not None:
        codes = sorted(d["code"] for d in departments.list_departments(db, ids=list(scope.department_ids)))
    return {
        "od": scope.filters.start.isoformat(),
        "do": scope.filters.end.isoformat(),
        "dzialy": codes,
        "rodzaj": scope.filters.kind.value if scope.filters.kind else None,
        "wersja": scope.filters.handbook_version,
    }


def record_export(
    db: Database, actor: str, what: str, *, details: dict[str, Any], with_names: bool, file_kind: str
) -> None:
    """One file made for `actor` (a login, or "cli:<system user>" for the command line)."""
    entry = {**details, "plik": file_kind, "imiennie": with_names}
    db.write(lambda cursor: audit.record(cursor, actor, EXPORT, what, None, None, entry))


def record_view(
    db: Database,
    user: CurrentUser,
    what: str,
    subject_id: object | None,
    details: dict[str, Any],
    *,
    employee_id: object | None = None,
) -> bool:
    """`user` opened named results: `subject_id` is what was opened (an employee or an observation;
    None for a table of several employees), `employee_id` whose results they are. False when not
    recorded: the user's own results, or the same view within VIEW_WINDOW."""
    if employee_id is not None:
        if employee_id == user.employee_id:
            return False
        details = {**details, "pracownik_id": str(employee_id)}

    def write(cursor) -> bool:
        if audit.seen_since(cursor, user.login, VIEW, what, subject_id, details, now() - VIEW_WINDOW):
            return False
        audit.record(cursor, user.login, VIEW, what, subject_id, None, details)
        return True

    return db.write(write)


def summary(
    details: dict[str, Any], language: str, *, kinds: dict[str, str], employees: dict[str, str]
) -> str:
    """An export's or a view's details as one readable line for the audit screen. `kinds` and
    `employees` name observation kinds and employees by code and id (an unknown id stays an id,
    e.g. after retention removed the employee)."""
    parts = []
    if details.get("od"):
        parts.append(
            t(
                "audit.period",
                language,
                start=format_date(date.fromisoformat(details["od"]), language),
                end=format_date(date.fromisoformat(details["do"]), language),
            )
        )
    if "dzialy" in details:
        names = details["dzialy"]
        parts.append(
            t("audit.departments", language, names=", ".join(names))
            if names
            else t("audit.all_departments", language)
        )
    if details.get("rodzaj"):
        parts.append(t("audit.kind", language, kind=kinds.get(details["rodzaj"], details["rodzaj"])))
    if details.get("wersja"):
        parts.append(t("audit.version", language, version=details["wersja"]))
    if "pracownicy" in details:
        shown = details["pracownicy"]
        parts.append(t("audit.employees", language, count=len(shown) if isinstance(shown, list) else shown))
    if details.get("pracownik_id"):
        employee = details["pracownik_id"]
        parts.append(t("audit.employee", language, name=employees.get(employee, employee)))
    if details.get("plik"):
        parts.append(t("audit.file", language, kind=str(details["plik"]).upper()))
    if "imiennie" in details:
        parts.append(t("audit.with_names" if details["imiennie"] else "audit.without_names", language))
    if details.get("sciezka"):
        parts.append(t("audit.path", language, path=details["sciezka"]))
    return "; ".join(parts)


def entries(
    db: Database, *, entity: str | None = None, action: str | None = None, limit: int = 500
) -> list[dict]:
    """The newest audit entries, optionally of one kind of object or action (the admin screen)."""
    return audit.entries(db, entity=entity, action=action, limit=limit)


def actions(db: Database) -> list[str]:
    """Every kind of action in the log, for the admin screen's filter."""
    return audit.actions(db)
