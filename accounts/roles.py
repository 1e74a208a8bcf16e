"""The four staff roles and the department scope of a user."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    MANAGEMENT = "management"
    SUPERVISOR = "supervisor"
    EMPLOYEE = "employee"


ROLE_LABELS = {
    "pl": {
        Role.ADMIN: "Administrator",
        Role.MANAGEMENT: "Kierownictwo",
        Role.SUPERVISOR: "Przełożony",
        Role.EMPLOYEE: "Pracownik",
    },
    "en": {
        Role.ADMIN: "Administrator",
        Role.MANAGEMENT: "Management",
        Role.SUPERVISOR: "Supervisor",
        Role.EMPLOYEE: "Employee",
    },
}

# Roles that see every department; a supervisor sees only the departments of their scope.
SEES_ALL_DEPARTMENTS = {Role.ADMIN, Role.MANAGEMENT}
