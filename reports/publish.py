"""Making the report file for a request: what `jakosc raport` (also through the running server)
and the dashboard's download share.

A request names a campaign (by name or id: its dates) or a period, and department codes; the
file's format is its extension (.pdf for publication, .docx to edit). Every file made is
recorded in the audit log (who, which period, campaign and departments, which format). Refusals
are ReportRefused with a Polish message for the user.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from checklists.loading import ChecklistSet, current_checklists
from reports.content import build_report
from reports.docx import report_docx
from reports.model import Report, ReportRequest
from reports.pdf import report_pdf
from services import audit_trail, campaigns
from storage import departments
from storage.db import Database

REPORT_EXPORT = "report"  # the audit entry's entity
FORMATS: dict[str, tuple[str, Callable[[Report], bytes]]] = {
    "pdf": ("application/pdf", report_pdf),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", report_docx),
}


class ReportRefused(ValueError):
    """A report that cannot be made as asked; the message says why, in Polish."""


def file_format(out: str | os.PathLike) -> str:
    """ "pdf" or "docx", from the file's extension."""
    fmt = Path(out).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ReportRefused(
            f"Raport zapisuje się do pliku .pdf (do publikacji) albo .docx (do edycji); "
            f"„{Path(out).name}” ma inne rozszerzenie."
        )
    return fmt


def find_campaign(db: Database, wanted: str) -> campaigns.Campaign:
    """The campaign named `wanted` (letter case aside) or with that id."""
    try:
        found = campaigns.get(db, uuid.UUID(wanted.strip()))
    except ValueError:
        found = None
    if found is None:
        known = campaigns.list_campaigns(db)
        found = next((c for c in known if c.name.casefold() == wanted.strip().casefold()), None)
        if found is None:
            names = ", ".join(f"„{c.name}”" for c in known) or "żadnej"
            raise ReportRefused(f"Nie ma kampanii „{wanted}”. Zapisane kampanie: {names}.")
    return found


def request_for(
    db: Database,
    *,
    start: date | None = None,
    end: date | None = None,
    campaign: str | None = None,
    department_codes: Sequence[str] = (),
    conclusions: str | None = None,
) -> ReportRequest:
    """The request for a campaign (its dates) or a period, for the departments of these codes
    (none: every department)."""
    ids = []
    for code in department_codes:
        department = departments.get_by_code(db, code.upper())
        if department is None:
            raise ReportRefused(f"Nie ma wydziału o kodzie {code}.")
        ids.append(department["id"])
    department_ids = tuple(dict.fromkeys(ids)) or None
    if campaign:
        chosen = find_campaign(db, campaign)
        return ReportRequest(chosen.start, chosen.end, department_ids, chosen.id, conclusions)
    if start is None or end is None or start > end:
        raise ReportRefused("Podaj okres raportu: początek nie później niż koniec.")
    return ReportRequest(start, end, department_ids, None, conclusions)


def report_bytes(
    db: Database, request: ReportRequest, fmt: str, *, today: date, checklists: ChecklistSet | None = None
) -> bytes:
    report = build_report(db, checklists or current_checklists(), request, today=today)
    return FORMATS[fmt][1](report)


def file_name(request: ReportRequest, fmt: str) -> str:
    """raport-satysfakcji_2027-03-01_2027-03-31.pdf"""
    return f"raport-satysfakcji_{request.start.isoformat()}_{request.end.isoformat()}.{fmt}"


def record(db: Database, actor: str, request: ReportRequest, fmt: str, path: Path | None = None) -> None:
    """The audit entry of one report file made for `actor`."""
    codes = None
    if request.department_ids is not None:
        codes = sorted(d["code"] for d in departments.list_departments(db, ids=list(request.department_ids)))
    campaign = campaigns.get(db, request.campaign_id) if request.campaign_id else None
    details = {
        "od": request.start.isoformat(),
        "do": request.end.isoformat(),
        "dzialy": codes,
        "kampania": campaign.name if campaign else None,
        **({"sciezka": str(path)} if path else {}),
    }
    audit_trail.record_export(db, actor, REPORT_EXPORT, details=details, with_names=False, file_kind=fmt)


def write_report(db: Database, out: Path, request: ReportRequest, *, today: date, made_by: str) -> Path:
    """The report in the format of `out`'s extension, written whole (a half-written file never
    replaces an older report) and recorded in the audit log."""
    fmt = file_format(out)
    data = report_bytes(db, request, fmt, today=today)
    partial = out.with_name(out.name + ".part")
    try:
        partial.write_bytes(data)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    record(db, made_by, request, fmt, out.resolve())
    return out
