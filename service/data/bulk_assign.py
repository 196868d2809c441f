"""Assign several of a council's cases to one caseworker at once, from the caseload: each case is
assigned as the single assign page does it (its timeline event, its audit event, its version checked)."""

from __future__ import annotations

from dataclasses import replace

from service.data import case_changes
from service.data.context import ChangeContext
from service.models import Case, StaffUser


def assign_cases(change: ChangeContext, cases: list[tuple[Case, int | None]], caseworker: StaffUser) -> list[Case]:
    """Assign every case to `caseworker`, each checked against the version the caseload showed. When any
    case changed since then, nothing is assigned and the changed cases are returned (the caller shows them
    again); otherwise [] once every case is assigned. The caller locked the rows (cases_to_assign)."""
    stale = [case for case, version in cases if version is None or case.version != version]
    if stale:
        return stale
    for case, version in cases:
        case_changes.assign(replace(change, version=version), case, caseworker)
    return []
