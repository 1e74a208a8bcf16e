"""Which role may open which screen. app.py builds the navigation from this table and every
page checks it again, so a page not allowed for a role cannot be opened by URL either."""

from __future__ import annotations

from accounts.roles import Role

ALL_STAFF = frozenset(Role)

PAGE_ROLES: dict[str, frozenset[Role]] = {
    "home": ALL_STAFF,
    "account": ALL_STAFF,
    "observe": frozenset({Role.SUPERVISOR}),
    "my_observations": frozenset({Role.SUPERVISOR}),
    "admin_departments": frozenset({Role.ADMIN}),
    "admin_employees": frozenset({Role.ADMIN}),
    "admin_accounts": frozenset({Role.ADMIN}),
    "admin_audit": frozenset({Role.ADMIN}),
    "admin_kiosks": frozenset({Role.ADMIN}),
    "moderation": frozenset({Role.ADMIN, Role.MANAGEMENT}),
    "dashboard": frozenset({Role.MANAGEMENT, Role.SUPERVISOR}),
    "acknowledgements": frozenset({Role.MANAGEMENT, Role.SUPERVISOR}),
    "conversations": frozenset({Role.MANAGEMENT, Role.SUPERVISOR}),
    "actions": frozenset({Role.MANAGEMENT, Role.SUPERVISOR}),
    "training": frozenset({Role.MANAGEMENT, Role.SUPERVISOR}),
    "client_cases": frozenset({Role.MANAGEMENT, Role.SUPERVISOR}),
    "observation_plan": frozenset({Role.MANAGEMENT, Role.SUPERVISOR}),
    "paper_survey": frozenset({Role.MANAGEMENT, Role.SUPERVISOR}),
    "campaigns": frozenset({Role.MANAGEMENT, Role.SUPERVISOR}),
    "my_results": frozenset({Role.EMPLOYEE}),
    "admin_retention": frozenset({Role.ADMIN}),
    "admin_mail": frozenset({Role.ADMIN}),
}


def may_open(role: Role | None, page: str) -> bool:
    return role is not None and role in PAGE_ROLES.get(page, frozenset())


def pages_for(role: Role) -> list[str]:
    return [page for page, roles in PAGE_ROLES.items() if role in roles]
