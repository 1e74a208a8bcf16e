"""Disclosure audit (RODO): who exported or downloaded which data, and who opened a named
employee's results, recorded in the audit log next to the change records.

An export is recorded every time a file is made (dashboard download, `jakosc export`, the
acknowledgement register and forms). A view of a named employee's results is recorded once per
person, subject and scope within VIEW_WINDOW, so a page that reruns on every click does not
flood the log; an employee looking at their own results is not recorded.

The audit screen reads the log here, a page at a time, in words: the action, the object by its
name (said to be deleted when it no longer exists), and the difference between before and after
with Polish field names and readable values. Reading the log is itself recorded as a view: it
names employees, accounts and the addresses they signed in from.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from accounts.roles import ROLE_LABELS, Role
from accounts.service import CurrentUser
from analytics.queries import Scope
from checklists.loading import ChecklistSet, current_checklists
from checklists.schema import Answer
from i18n import MESSAGES, format_date, format_datetime, format_margin, format_percent, t
from services.organisation import InputError
from storage import audit, departments
from storage.db import NO_FIGURES, Database, now

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
AUDIT_LOG = "audit_log"  # the audit screen itself


def describe_scope(db: Database, scope: Scope) -> dict[str, Any]:
    """The filters as stored in an entry: period, department codes (None: every department), kind,
    handbook version, and the rating channels when the user chose some."""
    codes = None
    if scope.department_ids is not None:
        codes = sorted(d["code"] for d in departments.list_departments(db, ids=list(scope.department_ids)))
    return {
        "od": scope.filters.start.isoformat(),
        "do": scope.filters.end.isoformat(),
        "dzialy": codes,
        "rodzaj": scope.filters.kind.value if scope.filters.kind else None,
        "wersja": scope.filters.handbook_version,
        **({"kanaly": list(scope.filters.channels)} if scope.filters.channels else {}),
    }


def record_export(
    db: Database, actor: str, what: str, *, details: dict[str, Any], with_names: bool, file_kind: str
) -> None:
    """One file made for `actor` (a login, or "cli:<system user>" for the command line)."""
    entry = {**details, "plik": file_kind, "imiennie": with_names}
    db.write(lambda cursor: audit.record(cursor, actor, EXPORT, what, None, None, entry), changes=NO_FIGURES)


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

    return db.write(write, changes=NO_FIGURES)


def summary(
    details: dict[str, Any], language: str, *, kinds: dict[str, str], employees: dict[str, str]
) -> str:
    """An export's or a view's details as one readable line for the audit screen. `kinds` and
    `employees` name observation kinds and employees by code and id (an unknown id stays an id,
    e.g. after retention removed the employee)."""
    parts = []
    start, end = (
        format_date(date.fromisoformat(details[key]), language) if details.get(key) else None
        for key in ("od", "do")
    )
    if start and end:
        parts.append(t("audit.period", language, start=start, end=end))
    elif start or end:
        parts.append(t("audit.since" if start else "audit.until", language, day=start or end))
    if details.get("czynnosc"):
        parts.append(t("audit.filter.action", language, action=action_label(details["czynnosc"], language)))
    if details.get("kto"):
        parts.append(t("audit.filter.actor", language, actor=details["kto"]))
    if details.get("obiekt"):
        parts.append(t("audit.filter.entity", language, entity=entity_label(details["obiekt"], language)))
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
    if details.get("kanaly"):
        channels = ", ".join(t(f"channel.{channel}", language) for channel in details["kanaly"])
        parts.append(t("audit.channels", language, channels=channels))
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


PAGE_SIZE = 50
TEXT_LENGTH = 160  # a longer comment or note shows its start and "…"

# Fields whose value is the id of another object, and the kind of that object.
REFERENCES = {
    "department_id": "department",
    "department_ids": "department",
    "employee_id": "employee",
    "pracownik_id": "employee",
    "supervisor_id": "user",
    "observer_id": "user",
    "kiosk_id": "kiosk",
}
# The kind of object an entry is about, by its entity (exports and views name other things).
SUBJECTS = {
    "employee": "employee",
    "department": "department",
    "user": "user",
    "kiosk": "kiosk",
    "observation": "observation",
    "conversation": "conversation",
    "client_rating": "client_rating",
    CONVERSATION_PREFILL: "employee",
}
# Fields that say which part of the object changed: shown even when they stay the same.
IDENTIFYING = ("item_id",)
# Fields whose values are codes with a message of their own: audit.value.<field>.<code>.
CODED = ("status", "burst_review", "language", "method", "channel")
ANSWERS = {
    Answer.MET: "observe.answer.met",
    Answer.NOT_MET: "observe.answer.not_met",
    Answer.NOT_APPLICABLE: "observe.answer.na",
    Answer.NOT_OBSERVED: "observe.answer.not_observed",
}
_MISSING = object()
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")


@dataclass(frozen=True)
class LogFilters:
    """What the audit screen asks for; None (or empty) means any."""

    action: str | None = None
    actor: str | None = None
    entity: str | None = None
    start: date | None = None
    end: date | None = None

    def recorded(self) -> dict[str, Any]:
        """The filters as the record of reading the log keeps them."""
        values = {
            "czynnosc": self.action,
            "kto": self.actor,
            "obiekt": self.entity,
            "od": self.start.isoformat() if self.start else None,
            "do": self.end.isoformat() if self.end else None,
        }
        return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class LogEntry:
    """One entry in words: when, who, the action, the object, and its details line by line."""

    when: str
    who: str
    action: str
    subject: str
    details: list[str]


@dataclass(frozen=True)
class LogPage:
    entries: list[LogEntry]
    total: int  # entries matching the filters
    page: int  # 1-based, within 1..pages
    pages: int


def read_log(db: Database, user: CurrentUser, filters: LogFilters, page: int, language: str) -> LogPage:
    """One page (PAGE_SIZE entries, newest first) of the log for the administrator, in words.
    The reading is recorded first, so it is on the page it caused."""
    if user.role != Role.ADMIN:
        raise InputError("Dziennik zmian przegląda administrator.")
    record_view(db, user, AUDIT_LOG, None, filters.recorded())
    query = {
        "entity": filters.entity,
        "action": filters.action,
        "actor": filters.actor,
        "start": filters.start,
        "end": filters.end,
    }
    total = audit.count(db, **query)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = audit.entries(db, **query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return LogPage(describe(db, rows, language), total, page, pages)


def filter_options(db: Database, language: str) -> dict[str, list[str]]:
    """The actions, actors and kinds of object present in the log, for the screen's filters;
    actions and kinds in the order of their names."""
    return {
        "action": sorted(audit.distinct(db, "action"), key=lambda code: action_label(code, language)),
        "actor": audit.distinct(db, "actor"),
        "entity": sorted(audit.distinct(db, "entity"), key=lambda code: entity_label(code, language)),
    }


def action_label(code: str, language: str) -> str:
    return _coded("audit.action", code, language)


def entity_label(code: str, language: str) -> str:
    return _coded("audit.entity", code, language)


def _coded(prefix: str, code: str, language: str) -> str:
    """The message for a code; a code recorded by a later version shows as words, not as a key."""
    key = f"{prefix}.{code}"
    return t(key, language) if key in MESSAGES else code.replace("_", " ")


def describe(
    db: Database, rows: list[dict], language: str, checklists: ChecklistSet | None = None
) -> list[LogEntry]:
    """Log rows (as storage.audit.entries returns them) in words, naming every object they mention."""
    parsed = [(row, _load(row["before"]), _load(row["after"])) for row in rows]
    names = _Names(db, parsed, language)
    checklists = checklists or current_checklists()
    kinds = {k.value: info.title for k, info in checklists.handbook.kinds.items()}
    entries = []
    for row, before, after in parsed:
        if row["action"] in (EXPORT, VIEW):
            line = summary(after or {}, language, kinds=kinds, employees=names.of("employee"))
            if not line and row["entity"] == AUDIT_LOG:
                line = t("audit.whole_log", language)
            details = [line] if line else []
        else:
            details = difference(before, after, language, names=names, checklists=checklists, kinds=kinds)
        entries.append(
            LogEntry(
                when=format_datetime(row["happened_at"], language),
                who=row["actor"],
                action=action_label(row["action"], language),
                subject=_subject(row, before, after, names, language),
                details=details,
            )
        )
    return entries


def _load(text: str | None) -> dict[str, Any] | None:
    return json.loads(text) if text else None


class _Names:
    """The names of every object a page of entries mentions, read with one query per kind; an
    object deleted since is named from the entry that created it, and said to be deleted."""

    def __init__(self, db: Database, parsed: list, language: str):
        wanted: dict[str, set[str]] = {}
        for row, before, after in parsed:
            kind = SUBJECTS.get(row["entity"])
            if kind and row["entity_id"]:
                wanted.setdefault(kind, set()).add(row["entity_id"])
            for values in (before or {}, after or {}):
                for field, value in values.items():
                    if field in REFERENCES and value:
                        ids = value if isinstance(value, list) else [value]
                        wanted.setdefault(REFERENCES[field], set()).update(str(i) for i in ids)
        self.language = language
        self.names: dict[str, dict[str, str]] = {}
        for kind, ids in wanted.items():
            found = {key: self._name(kind, row) for key, row in audit.objects(db, kind, ids).items()}
            deleted = t("audit.deleted", language)
            for key, recorded in audit.created(db, kind, ids - set(found)).items():
                name = self._recorded_name(kind, recorded)
                found[key] = f"{name} ({deleted})" if name else f"({deleted})"
            self.names[kind] = found

    def of(self, kind: str) -> dict[str, str]:
        return self.names.get(kind, {})

    def name(self, kind: str, key: object) -> str:
        """The object's name; one neither in its table nor in the log's records is deleted."""
        return self.of(kind).get(str(key)) or f"({t('audit.deleted', self.language)})"

    def _name(self, kind: str, row: dict) -> str:
        language = self.language
        person = " ".join(part for part in (row.get("first_name"), row.get("last_name")) if part)
        if kind == "employee":
            return person
        if kind == "user":
            return f"{row['display_name']} ({row['login']})"
        if kind == "observation":
            name = f"{person or row['department_name']}, {format_date(row['observed_at'].date(), language)}"
            return f"{name} ({t('audit.deleted', language)})" if row["status"] == "deleted" else name
        if kind == "conversation":
            return f"{person}, {format_date(row['held_on'], language)}"
        if kind == "client_rating":
            when = format_datetime(row["created_at"], language)
            return f"{when}, {row['department_name']}" if row["department_name"] else when
        return row["name"]  # department, kiosk

    @staticmethod
    def _recorded_name(kind: str, recorded: dict) -> str:
        if kind == "employee":
            return " ".join(recorded.get(k) or "" for k in ("first_name", "last_name")).strip()
        if kind == "user":
            return recorded.get("display_name") or recorded.get("login") or ""
        return recorded.get("name") or ""


def _subject(row: dict, before: dict | None, after: dict | None, names: _Names, language: str) -> str:
    """The object in words: its kind and its name ("pracownik: Anna Kowalska")."""
    label = entity_label(row["entity"], language)
    key = row["entity_id"]
    kind = SUBJECTS.get(row["entity"])
    if kind and key:
        return f"{label}: {names.name(kind, key)}"
    if row["entity"] == "setting" and key:
        return f"{label}: {_coded('audit.setting', key, language)}"
    login = (after or before or {}).get("login")
    return f"{label}: {login}" if row["entity"] == "user" and login else label


def difference(
    before: dict | None,
    after: dict | None,
    language: str,
    *,
    names: _Names,
    checklists: ChecklistSet,
    kinds: dict[str, str],
) -> list[str]:
    """Before and after as lines "field: old → new" for what changed, "field: value" for what
    was set where nothing stood before (and for the item an answer belongs to); other unchanged
    fields are left out."""
    before, after = before or {}, after or {}
    lines = []
    fields = [*after, *(k for k in before if k not in after)]
    for field in sorted(fields, key=lambda name: name not in IDENTIFYING):  # which item first
        old, new = before.get(field, _MISSING), after.get(field, _MISSING)
        if old == new and field in IDENTIFYING and new is not _MISSING:
            lines.append(
                f"{_field(field, language)}: {_value(field, new, language, names, checklists, kinds)}"
            )
            continue
        if old == new or (old is _MISSING and new in (None, "", [])):
            continue
        new_text = _value(field, None if new is _MISSING else new, language, names, checklists, kinds)
        old_text = "" if old is _MISSING else _value(field, old, language, names, checklists, kinds) + " → "
        lines.append(f"{_field(field, language)}: {old_text}{new_text}")
    return lines


def _field(field: str, language: str) -> str:
    return _coded("audit.field", field, language)


def _value(
    field: str, value: Any, language: str, names: _Names, checklists: ChecklistSet, kinds: dict[str, str]
) -> str:
    """One recorded value in words: a name for an id, a label for a code, a date as a date."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return t("audit.yes" if value else "audit.no", language)
    if field in REFERENCES:
        ids = value if isinstance(value, list) else [value]
        return ", ".join(names.name(REFERENCES[field], i) for i in ids)
    if field == "role":
        return ROLE_LABELS.get(language, ROLE_LABELS["pl"]).get(value, value)
    if field == "answer" and value in ANSWERS:
        return t(ANSWERS[value], language)
    if field == "item_id" and checklists.has_item(value):
        item = checklists.entry(value).item
        return f"{value} {item.label_en if language == 'en' else item.label}"
    if field in ("kind", "rodzaj") and value in kinds:
        return kinds[value]
    if field in CODED:
        return _coded(f"audit.value.{field}", str(value), language)
    if field == "margin" and isinstance(value, int | float):
        return format_margin(value, language, 0)  # the choices offered are whole points
    if field == "confidence" and isinstance(value, int | float):
        return format_percent(value, language, 0)
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return ", ".join(value)
        return str(len(value))  # goals and other records: how many
    if isinstance(value, str) and _ISO_DATE.match(value):
        moment = datetime.fromisoformat(value)
        return format_date(moment, language) if len(value) == 10 else format_datetime(moment, language)
    text = " ".join(str(value).split())
    return text if len(text) <= TEXT_LENGTH else text[: TEXT_LENGTH - 1] + "…"
