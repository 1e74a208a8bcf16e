"""Satisfaction survey campaigns (badania satysfakcji): a named period with a target number of
client answers, overall and per department, derived from the margin of error the office wants.

A campaign only names a period: collection goes on all year and no rating is tied to a campaign.
Its progress counts the client ratings of its days that count in figures (every channel).

The overall target is sample_size() for the chosen margin and confidence (with the finite-
population correction when the office gives its yearly number of clients). It is allocated to
the active departments in proportion to their counted ratings in the 12 months before the start
(equal shares when there were none), each at least 1, by largest remainders; management may then
change a department's target, and the campaign's total is the sum of its departments' targets.

Scopes: management defines, edits and sees every campaign; a supervisor sees the progress of
their own departments; an employee nothing.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Literal

from accounts.roles import Role
from accounts.service import CurrentUser
from analytics.sampling import margin_of_error, sample_size
from i18n import format_number
from services.organisation import InputError, clean_text
from storage import campaigns, departments
from storage.db import Database

MARGINS = (0.03, 0.04, 0.05, 0.10)
CONFIDENCES = (0.90, 0.95, 0.99)
NAME_MIN, NAME_MAX = 3, 200
TARGET_MAX = 1_000_000  # more answers than any county office has clients: a typing mistake
YEARLY_CLIENTS_MAX = 10_000_000

State = Literal["planned", "running", "ended"]


class CampaignError(InputError):
    """A campaign refused; the message is Polish."""


@dataclass(frozen=True)
class Campaign:
    id: uuid.UUID
    name: str
    start: date
    end: date  # inclusive
    margin: float  # 0.05 = ±5 pp
    confidence: float  # 0.95
    yearly_clients: int | None
    target_total: int  # the sum of the departments' targets
    targets: dict[uuid.UUID, int]  # department id -> target answers
    created_by: str
    created_at: datetime

    @property
    def required(self) -> int:
        """The answers the chosen margin and confidence need overall (before any change by hand)."""
        return sample_size(self.margin, self.confidence, self.yearly_clients)


@dataclass(frozen=True)
class DepartmentProgress:
    """Answers so far against the target: a department's (department_id None: answers whose
    client named no department, target 0), or the total of such rows (total())."""

    department_id: uuid.UUID | None
    department_name: str
    target: int
    answers: int

    @property
    def reached(self) -> float | None:
        """The share of the target reached (1.0 = met; above 1 when exceeded); None without a target."""
        return self.answers / self.target if self.target else None

    @property
    def met(self) -> bool:
        return self.target > 0 and self.answers >= self.target


def _campaign(row: dict) -> Campaign:
    return Campaign(
        id=row["id"],
        name=row["name"],
        start=row["start_date"],
        end=row["end_date"],
        margin=row["margin"],
        confidence=row["confidence"],
        yearly_clients=row["yearly_clients"],
        target_total=sum(row["targets"].values()),
        targets=dict(row["targets"]),
        created_by=row["created_by"],
        created_at=row["created_at"],
    )


def get(db: Database, campaign_id) -> Campaign | None:
    row = campaigns.get(db, campaign_id)
    return None if row is None else _campaign(row)


def list_campaigns(db: Database) -> list[Campaign]:
    """Every campaign, newest (latest start) first."""
    return [_campaign(row) for row in campaigns.listing(db)]


def previous(db: Database, campaign: Campaign) -> Campaign | None:
    """The latest campaign that ended before this one started (the report's trend compares with it)."""
    earlier = [c for c in list_campaigns(db) if c.end < campaign.start]
    return max(earlier, key=lambda c: c.end, default=None)


def state(campaign: Campaign, today: date) -> State:
    """Where the campaign stands on `today` (its end day included in its run)."""
    if today < campaign.start:
        return "planned"
    return "running" if today <= campaign.end else "ended"


def running(db: Database, today: date) -> Campaign | None:
    """The campaign running today, if any (campaigns never overlap)."""
    return next((c for c in list_campaigns(db) if state(c, today) == "running"), None)


def days_left(campaign: Campaign, today: date) -> int:
    """Days of collection left, today included."""
    return max((campaign.end - today).days + 1, 0)


def progress(db: Database, campaign: Campaign, department_ids=None) -> list[DepartmentProgress]:
    """Per department: its target and the answers so far, by department name. Departments with
    a target, and those that received answers without one (created after the campaign); with
    `department_ids` (a supervisor's) only those, else also the answers without a department."""
    scope = None if department_ids is None else set(department_ids)
    answers = campaigns.counted_answers(
        db, campaign.start, campaign.end, None if scope is None else sorted(scope)
    )
    ids = {i for i in {*campaign.targets, *answers} if i is not None and (scope is None or i in scope)}
    names = {d["id"]: d["name"] for d in departments.list_departments(db, ids=sorted(ids))}
    rows = sorted(
        (DepartmentProgress(i, names.get(i, ""), campaign.targets.get(i, 0), answers.get(i, 0)) for i in ids),
        key=lambda row: (row.department_name, str(row.department_id)),
    )
    if answers.get(None):
        rows.append(DepartmentProgress(None, "", 0, answers[None]))
    return rows


def total(rows: list[DepartmentProgress]) -> DepartmentProgress:
    """The sum of progress() rows (department_id None)."""
    return DepartmentProgress(None, "", sum(r.target for r in rows), sum(r.answers for r in rows))


def achieved_margin(campaign: Campaign, answers: int, *, overall: bool) -> float | None:
    """The margin of error reached with these answers at the campaign's confidence; None without
    answers. The office's yearly number of clients corrects only the overall margin: a
    department's own number of clients is not known, so its margin is the conservative one."""
    if answers < 1:
        return None
    return margin_of_error(answers, campaign.confidence, campaign.yearly_clients if overall else None)


def allocate(total_target: int, weights: dict) -> dict:
    """Split `total_target` over the keys of `weights` in proportion to them (equal shares when
    they are all 0), each at least 1, summing to the total: a key whose proportional share is
    below 1 gets 1 and the rest is shared again; then whole numbers by largest remainders."""
    if total_target < len(weights):
        raise CampaignError(
            f"Cel ({total_target}) jest mniejszy niż liczba wydziałów ({len(weights)}): "
            "każdy wydział potrzebuje co najmniej jednej odpowiedzi."
        )
    fixed: dict = {}
    while True:
        rest = {key: weight for key, weight in weights.items() if key not in fixed}
        left = total_target - len(fixed)
        weight_sum = sum(rest.values())
        quotas = {
            key: Fraction(left * weight, weight_sum) if weight_sum else Fraction(left, len(rest))
            for key, weight in rest.items()
        }
        below_one = [key for key, quota in quotas.items() if quota < 1]
        if not below_one:
            break
        fixed.update(dict.fromkeys(below_one, 1))
    shares = {key: math.floor(quota) for key, quota in quotas.items()}
    by_remainder = sorted(quotas, key=lambda key: (-(quotas[key] - shares[key]), -weights[key], str(key)))
    for key in by_remainder[: left - sum(shares.values())]:
        shares[key] += 1
    return {**fixed, **shares}


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def allocation(db: Database, start: date, total_target: int) -> dict[uuid.UUID, int]:
    """Targets of the active departments for a campaign starting on `start` (module docstring)."""
    active = [d["id"] for d in departments.list_departments(db, active_only=True)]
    if not active:
        raise CampaignError("Brak aktywnych wydziałów: najpierw administrator musi dodać wydziały.")
    answers = campaigns.counted_answers(db, _year_before(start), start - timedelta(days=1), active)
    return allocate(total_target, {department_id: answers.get(department_id, 0) for department_id in active})


def may_manage(user: CurrentUser) -> bool:
    """Whether the user defines, changes and deletes campaigns (management only)."""
    return user.role == Role.MANAGEMENT


def _manages(user: CurrentUser) -> None:
    if not may_manage(user):
        raise CampaignError("Kampanie badań satysfakcji określa tylko kierownictwo.")


def visible_departments(user: CurrentUser) -> tuple | None:
    """The departments whose progress the user sees: None (all) for management, a supervisor's own."""
    if user.role == Role.MANAGEMENT:
        return None
    if user.role == Role.SUPERVISOR:
        return tuple(user.department_ids)
    raise CampaignError("Kampanie badań satysfakcji widzą tylko kierownictwo i przełożeni.")


def _settings(db: Database, name, start, end, margin, confidence, yearly_clients, except_id=None) -> dict:
    """The checked settings of a new or changed campaign, or CampaignError in Polish."""
    name = clean_text(name, field="Nazwa", max_length=NAME_MAX)
    if len(name) < NAME_MIN:
        raise CampaignError(f"Nazwa kampanii musi mieć co najmniej {NAME_MIN} znaki.")
    if not isinstance(start, date) or not isinstance(end, date):
        raise CampaignError("Podaj datę rozpoczęcia i datę zakończenia.")
    if end < start:
        raise CampaignError("Data zakończenia nie może być wcześniejsza niż data rozpoczęcia.")
    if margin not in MARGINS:
        raise CampaignError("Wybierz margines błędu: ±3, ±4, ±5 albo ±10 punktów procentowych.")
    if confidence not in CONFIDENCES:
        raise CampaignError("Wybierz poziom ufności: 90%, 95% albo 99%.")
    if yearly_clients is not None and (
        isinstance(yearly_clients, bool)
        or not isinstance(yearly_clients, int)
        or not 1 <= yearly_clients <= YEARLY_CLIENTS_MAX
    ):
        raise CampaignError(
            "Roczna liczba klientów urzędu: liczba całkowita od 1 do "
            f"{format_number(YEARLY_CLIENTS_MAX, 'pl', 0)} (albo puste pole)."
        )
    if campaigns.name_taken(db, name, except_id):
        raise CampaignError(f"Kampania o nazwie „{name}” już istnieje. Wybierz inną nazwę.")
    clash = campaigns.overlapping(db, start, end, except_id)
    if clash:
        other = clash[0]
        raise CampaignError(
            f"Kampania pokrywa się z kampanią „{other['name']}” "
            f"({other['start_date']:%d.%m.%Y} – {other['end_date']:%d.%m.%Y}): kampanie nie mogą "
            "się nakładać."
        )
    return {
        "name": name,
        "start_date": start,
        "end_date": end,
        "margin": margin,
        "confidence": confidence,
        "yearly_clients": yearly_clients,
    }


def create(
    db: Database,
    user: CurrentUser,
    *,
    name,
    start: date,
    end: date,
    margin: float,
    confidence: float,
    yearly_clients: int | None = None,
) -> uuid.UUID:
    """A new campaign with its targets allocated from the margin and confidence."""
    _manages(user)
    settings = _settings(db, name, start, end, margin, confidence, yearly_clients)
    targets = allocation(db, start, sample_size(margin, confidence, yearly_clients))
    campaign_id = uuid.uuid4()
    campaigns.insert(db, {"id": campaign_id, **settings}, targets, user.login)
    return campaign_id


def _stored(db: Database, campaign_id) -> dict:
    row = campaigns.get(db, campaign_id)
    if row is None:
        raise CampaignError("Ta kampania nie istnieje (mogła zostać usunięta). Odśwież stronę.")
    return row


def _store(db: Database, user: CurrentUser, before: dict, settings: dict, targets: dict) -> None:
    if not campaigns.update(db, before, settings, targets, user.login):
        raise CampaignError("Ktoś właśnie zmienił tę kampanię. Odśwież stronę i spróbuj ponownie.")


def update(
    db: Database,
    user: CurrentUser,
    campaign_id,
    *,
    name,
    start: date,
    end: date,
    margin: float,
    confidence: float,
    yearly_clients: int | None = None,
) -> None:
    """Change a campaign's settings. A new margin, confidence or yearly number of clients gives a
    new target, allocated again (targets changed by hand are replaced); otherwise they stay."""
    _manages(user)
    before = _stored(db, campaign_id)
    settings = _settings(db, name, start, end, margin, confidence, yearly_clients, except_id=campaign_id)
    targets = before["targets"]
    if any(settings[f] != before[f] for f in ("margin", "confidence", "yearly_clients")):
        targets = allocation(db, start, sample_size(margin, confidence, yearly_clients))
    _store(db, user, before, settings, targets)


def target_departments(db: Database, campaign: Campaign) -> list[tuple[uuid.UUID, str, int]]:
    """The departments whose target may be set, by name, with their target (0: none yet): the
    campaign's, and the active ones added since."""
    return [
        (d["id"], d["name"], campaign.targets.get(d["id"], 0))
        for d in departments.list_departments(db)
        if d["id"] in campaign.targets or d["active"]
    ]


def set_target(db: Database, user: CurrentUser, campaign_id, department_id, target) -> None:
    """Change one department's target (a department of the campaign, or an active one added since)."""
    _manages(user)
    before = _stored(db, campaign_id)
    department = departments.get_department(db, department_id)
    if department is None or (department_id not in before["targets"] and not department["active"]):
        raise CampaignError("Wybierz wydział z listy.")
    if isinstance(target, bool) or not isinstance(target, int) or not 1 <= target <= TARGET_MAX:
        raise CampaignError(f"Cel wydziału: liczba odpowiedzi od 1 do {format_number(TARGET_MAX, 'pl', 0)}.")
    settings = {field: before[field] for field in campaigns.SETTINGS}
    _store(db, user, before, settings, {**before["targets"], department_id: target})


def delete(db: Database, user: CurrentUser, campaign_id, today: date) -> None:
    """Delete a campaign that has not started yet."""
    _manages(user)
    before = _stored(db, campaign_id)
    if not campaigns.delete(db, before, user.login, starting_after=today):
        raise CampaignError("Usunąć można tylko kampanię, która jeszcze się nie rozpoczęła.")
