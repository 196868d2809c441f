"""Local authorities: the tenants of the staff side and the choice a family makes when requesting."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from service.config import REPO_ROOT
from service.db import db
from service.models import LocalAuthority

LA_CSV = REPO_ROOT / "data" / "local-authorities.csv"
# The name each council is known by ("Kent County Council"), keyed by the DfE (old) LA code.
COUNCIL_NAMES_CSV = REPO_ROOT / "data" / "council-names.csv"


def council_names(path: Path = COUNCIL_NAMES_CSV) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["old_la_code"]: row["council_name"] for row in csv.DictReader(handle)}


def all_local_authorities() -> list[LocalAuthority]:
    return list(db.session.exec(select(LocalAuthority).order_by(LocalAuthority.name)))


def get_local_authority(la_id: int) -> LocalAuthority | None:
    return db.session.get(LocalAuthority, la_id)


def by_old_code(code: str) -> LocalAuthority | None:
    return db.session.exec(select(LocalAuthority).where(col(LocalAuthority.old_la_code) == code)).first()


def by_old_codes(codes: list[str] | tuple[str, ...]) -> list[LocalAuthority]:
    """The councils with these DfE codes, in the order given (codes not found are left out)."""
    found = {
        la.old_la_code: la
        for la in db.session.exec(select(LocalAuthority).where(col(LocalAuthority.old_la_code).in_(codes)))
    }
    return [found[code] for code in codes if code in found]


def load_local_authorities(
    session: Session, path: Path = LA_CSV, names_path: Path = COUNCIL_NAMES_CSV
) -> tuple[int, int]:
    """Insert or update the local authorities from the shipped DfE file, with the name each council is
    known by; returns (added, updated)."""
    names = council_names(names_path)
    existing = {la.new_la_code: la for la in session.exec(select(LocalAuthority))}
    added = updated = 0
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            plans = row["ehc_plans_january_2025"]
            values: dict[str, Any] = {
                "name": row["name"],
                "new_la_code": row["new_la_code"],
                "old_la_code": row["old_la_code"],
                "region": row["region"],
                "ehc_plans_january_2025": int(plans) if plans.isdigit() else None,
                "council_name": names.get(row["old_la_code"], f"{row['name']} Council"),
            }
            la = existing.get(row["new_la_code"])
            if la is None:
                session.add(LocalAuthority(**values))
                added += 1
            elif any(getattr(la, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(la, key, value)
                updated += 1
    session.flush()
    return added, updated
