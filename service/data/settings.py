"""The register of settings: loading DfE's GIAS file, councils' corrections and additions, the search
staff use to find settings, and each council's local inclusion plan.

National rows (local_authority_id None) hold GIAS's values. A council sees its own rows (its corrected
copies and the settings it added) and the national rows it has not shadowed with a copy of the same URN.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, cast, func, insert, or_, update
from sqlmodel import col, select

from service.config import REPO_ROOT
from service.data import audit
from service.data.context import ChangeContext
from service.db import db
from service.domain import settings as rules
from service.domain.settings import SettingFilters
from service.models import InclusionPlan, LocalAuthority, Setting, SettingCorrection
from service.models.base import utcnow

SHIPPED_FILE = REPO_ROOT / "data" / "gias" / "establishments-open-20250718.csv.gz"
DATA_DATE = date(2025, 7, 18)
PAGE_SIZE = 20
# The demo's settings (Kent, around River Primary School in Dover), loaded by seed-demo when missing.
DEMO_URNS = (
    118393,  # River Primary School, Dover: SLCN resourced provision
    137795,  # The Sallygate School: independent special school, SEN unit (SEMH)
    135197,  # Green Park Community Primary School: PD resourced provision
    150278,  # Dover Christ Church Academy: secondary, SEN unit
    119046,  # Elms School: foundation special school (ASD)
    118459,  # Whitfield Aspen School: primary, resourced provision
    147958,  # Woodpecker Court: special post-16 institution, s41 approved
    118931,  # Dover Grammar School for Boys: mainstream secondary
)
LOADED = tuple(rules.COLUMNS) + ("sen_needs", "fingerprint")
_BATCH = 2000


@dataclass(frozen=True)
class LoadReport:
    added: int
    changed: int
    closed: int
    unchanged: int
    rows: int
    seconds: float

    def summary(self) -> str:
        return (
            f"Settings: {self.added} added, {self.changed} changed, {self.closed} closed, "
            f"{self.unchanged} unchanged ({self.rows} rows read in {self.seconds:.1f} s)"
        )


def _open(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def read_gias(path: Path, only_urns: frozenset[int] | None = None) -> list[dict[str, Any]]:
    """Every row of a GIAS file (or those with `only_urns`) as Setting values; MissingColumns (before
    anything is read) on a bad header."""
    with _open(path) as handle:
        reader = csv.DictReader(handle)
        rules.check_header(reader.fieldnames or [])
        wanted = {str(urn) for urn in only_urns} if only_urns is not None else None
        rows = []
        for row in reader:
            if wanted is not None and row["URN"].strip() not in wanted:
                continue
            values = rules.parse_row(row)
            if values["urn"] is not None and values["name"]:
                rows.append(values)
        return rows


@cache
def _demo_rows(path: Path) -> tuple[dict[str, Any], ...]:
    """The demo's rows, read once per process (seed-demo runs before many tests)."""
    return tuple(read_gias(path, frozenset(DEMO_URNS)))


def load_gias(path: Path, today: date, *, only_urns: Iterable[int] | None = None) -> LoadReport:
    """Load or refresh the national rows from a GIAS file, by URN: add the new, update the changed
    (fingerprint differs, or a closed URN is back), close the URNs the file no longer lists, then rebuild
    each council's corrected copies so corrections survive. `only_urns`: add just these when missing
    (the demo), closing nothing. Flushes; the caller commits."""
    started = time.perf_counter()
    wanted = frozenset(only_urns) if only_urns is not None else None
    if wanted is not None and wanted <= set(DEMO_URNS):
        rows = [r for r in _demo_rows(path) if r["urn"] in wanted]
    else:
        rows = read_gias(path, wanted)
    by_urn = {r["urn"]: r for r in rows}
    existing = {
        urn: (setting_id, fingerprint, closed_on)
        for setting_id, urn, fingerprint, closed_on in db.session.execute(
            select(col(Setting.id), col(Setting.urn), col(Setting.fingerprint), col(Setting.closed_on)).where(
                col(Setting.local_authority_id).is_(None)
            )
        )
    }
    now = utcnow()
    new = [
        {**values, "source": "gias", "local_offer": "", "updated_at": now}
        for urn, values in by_urn.items()
        if urn not in existing
    ]
    changes = []
    unchanged = 0
    for urn, values in by_urn.items():
        if urn not in existing:
            continue
        setting_id, fingerprint, closed_on = existing[urn]
        if fingerprint != values["fingerprint"] or closed_on is not None:
            changes.append({**values, "id": setting_id, "closed_on": None, "updated_at": now})
        else:
            unchanged += 1
    closing = (
        []
        if wanted is not None
        else [
            {"id": setting_id, "closed_on": today, "status": rules.CLOSED, "updated_at": now}
            for urn, (setting_id, _, closed_on) in existing.items()
            if urn not in by_urn and closed_on is None
        ]
    )
    for start in range(0, len(new), _BATCH):
        db.session.execute(insert(Setting), new[start : start + _BATCH])
    for batch in (changes, closing):
        for start in range(0, len(batch), _BATCH):
            db.session.execute(update(Setting), batch[start : start + _BATCH])
    touched = {r["urn"] for r in changes} | {urn for urn, (sid, _, c) in existing.items() if urn not in by_urn}
    if wanted is None and (changes or closing):
        rebuild_copies(touched)
    db.session.flush()
    return LoadReport(
        added=len(new),
        changed=len(changes),
        closed=len(closing),
        unchanged=unchanged,
        rows=len(rows),
        seconds=time.perf_counter() - started,
    )


def load_demo_settings(today: date, path: Path = SHIPPED_FILE) -> int:
    """Add the demo's settings (DEMO_URNS) from the shipped file when any is missing; returns how many."""
    have = set(
        db.session.exec(
            select(Setting.urn).where(col(Setting.local_authority_id).is_(None), col(Setting.urn).in_(DEMO_URNS))
        )
    )
    if have >= set(DEMO_URNS):
        return 0
    return load_gias(path, today, only_urns=set(DEMO_URNS) - have).added


def _national_values(setting: Setting) -> dict[str, Any]:
    values = setting.model_dump(exclude={"id", "local_authority_id", "source", "local_offer", "updated_at"})
    return values


def rebuild_copies(urns: set[int] | None = None) -> int:
    """Rebuild councils' corrected copies from the national row and each correction (all, or these URNs)."""
    query = select(SettingCorrection)
    if urns is not None:
        if not urns:
            return 0
        corrections = [
            c
            for start in range(0, len(sorted(urns)), 900)
            for c in db.session.exec(query.where(col(SettingCorrection.urn).in_(sorted(urns)[start : start + 900])))
        ]
    else:
        corrections = list(db.session.exec(query))
    for correction in corrections:
        _rebuild(correction)
    return len(corrections)


def _rebuild(correction: SettingCorrection) -> Setting | None:
    national = db.session.exec(
        select(Setting).where(col(Setting.local_authority_id).is_(None), Setting.urn == correction.urn)
    ).first()
    if national is None:
        return None
    copy = db.session.exec(
        select(Setting).where(
            Setting.local_authority_id == correction.local_authority_id, Setting.urn == correction.urn
        )
    ).first()
    values = rules.corrected(_national_values(national), json.loads(correction.fields))
    if copy is None:
        copy = Setting(local_authority_id=correction.local_authority_id, source="corrected", name=national.name)
        db.session.add(copy)
    for key, value in values.items():
        setattr(copy, key, value)
    copy.local_offer = json.loads(correction.fields).get("local_offer", "")
    copy.source = "corrected"
    copy.updated_at = utcnow()
    db.session.flush()
    return copy


# Reading


def _visible(la_id: int) -> ColumnElement[bool]:
    """The council's own rows, and the national rows it has not shadowed with a copy of the same URN.

    The shadowed URNs are read first (a council corrects tens of settings, not thousands): a NOT EXISTS
    subquery here made PostgreSQL estimate the search 70 times dearer than it is and compile it (JIT),
    8 ms of every search, measured by bench/bench_settings.py."""
    shadowed = sorted(
        urn
        for urn in db.session.exec(
            select(col(Setting.urn)).where(Setting.local_authority_id == la_id, col(Setting.urn).is_not(None))
        )
        if urn is not None
    )
    national: ColumnElement[bool] = col(Setting.local_authority_id).is_(None)
    if shadowed:
        national = and_(national, col(Setting.urn).not_in(shadowed))
    return or_(col(Setting.local_authority_id) == la_id, national)


def setting_for(la_id: int, setting_id: int) -> Setting | None:
    """A setting this council may see, by id: a national row (or this council's copy of it, if it has one)
    or this council's own row. Another council's row is None."""
    setting = db.session.get(Setting, setting_id)
    if setting is None or setting.local_authority_id not in (None, la_id):
        return None
    if setting.local_authority_id is None and setting.urn is not None:
        copy = db.session.exec(
            select(Setting).where(Setting.local_authority_id == la_id, Setting.urn == setting.urn)
        ).first()
        return copy or setting
    return setting


def setting_by_urn(la_id: int, urn: int) -> Setting | None:
    """The setting with this URN as this council sees it (its copy first, else the national row)."""
    rows = db.session.exec(
        select(Setting)
        .where(
            Setting.urn == urn, or_(col(Setting.local_authority_id) == la_id, col(Setting.local_authority_id).is_(None))
        )
        .order_by(col(Setting.local_authority_id).is_(None), col(Setting.id))
    ).all()
    return rows[0] if rows else None


def national_by_urn(urn: int) -> Setting | None:
    return db.session.exec(select(Setting).where(col(Setting.local_authority_id).is_(None), Setting.urn == urn)).first()


def correction_for(la_id: int, urn: int | None) -> SettingCorrection | None:
    if urn is None:
        return None
    return db.session.exec(
        select(SettingCorrection).where(SettingCorrection.local_authority_id == la_id, SettingCorrection.urn == urn)
    ).first()


@dataclass(frozen=True)
class SearchResult:
    rows: list[Setting]
    total: int
    origin: Setting | None  # the setting distances are measured from
    distances: dict[int, float]  # setting id -> miles from origin

    @property
    def pages(self) -> int:
        return max((self.total + PAGE_SIZE - 1) // PAGE_SIZE, 1)


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _provision_values(provisions: tuple[str, ...]) -> list[str]:
    values = set()
    if "resourced" in provisions:
        values |= {rules.RESOURCED_PROVISION, rules.BOTH}
    if "unit" in provisions:
        values |= {rules.SEN_UNIT, rules.BOTH}
    return sorted(values)


def _conditions(la: LocalAuthority, filters: SettingFilters) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [_visible(la.id)]  # type: ignore[arg-type]
    if not filters.include_closed:
        where.append(col(Setting.closed_on).is_(None))
    if filters.name:
        where.append(col(Setting.name).ilike(f"%{_escape_like(filters.name)}%", escape="\\"))
    if filters.urn is not None:
        where.append(col(Setting.urn) == filters.urn)
    if filters.phases:
        where.append(col(Setting.phase).in_(filters.phases))
    if filters.age is not None:
        where += [col(Setting.low_age) <= filters.age, col(Setting.high_age) >= filters.age]
    if filters.type:
        where.append(or_(col(Setting.type_group) == filters.type, col(Setting.type_name) == filters.type))
    if filters.needs:
        where.append(or_(*(col(Setting.sen_needs).like(f"%|{code}|%") for code in filters.needs)))
    if filters.provisions:
        where.append(col(Setting.resourced_provision).in_(_provision_values(filters.provisions)))
    rp = "resourced" in filters.provisions
    unit = "unit" in filters.provisions
    if filters.min_capacity is not None:
        if filters.provisions:
            options = []
            if rp:
                options.append(col(Setting.rp_capacity) >= filters.min_capacity)
            if unit:
                options.append(col(Setting.unit_capacity) >= filters.min_capacity)
            where.append(or_(*options))
        else:
            where.append(col(Setting.capacity) >= filters.min_capacity)
    if filters.places_free:
        if filters.provisions:
            options = []
            if rp:
                options.append(col(Setting.rp_capacity) > func.coalesce(col(Setting.rp_on_roll), 0))
            if unit:
                options.append(col(Setting.unit_capacity) > func.coalesce(col(Setting.unit_on_roll), 0))
            where.append(or_(*options))
        else:
            where.append(col(Setting.capacity) > func.coalesce(col(Setting.pupils), 0))
    if filters.section41:
        where.append(col(Setting.section41).is_(True))
    if filters.in_area:
        where.append(or_(col(Setting.la_code) == la.old_la_code, col(Setting.local_authority_id) == la.id))
    return where


SEARCH_RADII = (2, 5, 10, 25)  # miles


def _count(where: list[ColumnElement[bool]]) -> int:
    return int(db.session.execute(select(func.count()).select_from(Setting).where(*where)).scalar_one())


def search(la: LocalAuthority, filters: SettingFilters) -> SearchResult:
    """A page of the settings this council sees that match `filters`, by name, or nearest first when
    measuring from a URN (filters.near_urn). A near URN not in the list gives an empty result with no origin:
    the page says so."""
    where = _conditions(la, filters)
    origin = None
    order: list[Any] = [col(Setting.name), col(Setting.id)]
    if filters.near_urn is not None:
        origin = setting_by_urn(la.id, filters.near_urn)  # type: ignore[arg-type]
        if origin is None or origin.easting is None or origin.northing is None:
            return SearchResult([], 0, origin, {})
        origin_east, origin_north = origin.easting, origin.northing
        east = cast(col(Setting.easting), Float) - float(origin_east)
        north = cast(col(Setting.northing), Float) - float(origin_north)
        squared = east * east + north * north
        where += [col(Setting.easting).is_not(None), col(Setting.northing).is_not(None)]

        def within(miles: float) -> list[ColumnElement[bool]]:
            metres = miles * rules.METRES_PER_MILE
            return [
                col(Setting.easting).between(int(origin_east - metres), int(origin_east + metres) + 1),
                col(Setting.northing).between(int(origin_north - metres), int(origin_north + metres) + 1),
                squared <= metres * metres,
            ]

        if filters.within_miles is not None:
            where += within(filters.within_miles)
        order = [squared, col(Setting.name), col(Setting.id)]
    offset = (filters.page - 1) * PAGE_SIZE
    if origin is None or filters.within_miles is not None:
        rows = list(db.session.exec(select(Setting).where(*where).order_by(*order).offset(offset).limit(PAGE_SIZE)))
        # A first page that is not full is every match: no count needed (most narrow searches).
        total = len(rows) if filters.page == 1 and len(rows) < PAGE_SIZE else _count(where)
        return SearchResult(rows, total, origin, _distances(rows, origin))
    total = _count(where)
    page_where = list(where)
    if offset + PAGE_SIZE < total:
        # Nearest first with no limit: find the page within the smallest circle that holds it, so the
        # database sorts hundreds of rows, not all 27,000 (anything outside the circle is further away).
        for miles in SEARCH_RADII:
            if _count(where + within(miles)) >= offset + PAGE_SIZE:
                page_where = where + within(miles)
                break
    rows = list(db.session.exec(select(Setting).where(*page_where).order_by(*order).offset(offset).limit(PAGE_SIZE)))
    return SearchResult(rows, total, origin, _distances(rows, origin))


def _distances(rows: list[Setting], origin: Setting | None) -> dict[int, float]:
    if origin is None or origin.easting is None or origin.northing is None:
        return {}
    return {
        s.id: rules.distance_miles(s.easting, s.northing, origin.easting, origin.northing)
        for s in rows
        if s.id is not None and s.easting is not None and s.northing is not None
    }


def settings_in_area(
    la: LocalAuthority, *, phases: tuple[str, ...] = (), needs: tuple[str, ...] = (), page: int = 1
) -> SearchResult:
    """The public list: the open settings in the council's area (GIAS la_code) and its own additions,
    with its corrections, by name."""
    return search(la, SettingFilters(phases=phases, needs=needs, in_area=True, page=page))


# Changing


def correct(change: ChangeContext, setting: Setting, fields: dict[str, Any], reason: str) -> Setting:
    """Record a council's correction of a GIAS setting (kept across refreshes) and rebuild its copy.
    `setting` is the national row or the council's copy; fields: only rules.CORRECTABLE keys."""
    la_id = change.user.local_authority_id
    assert setting.urn is not None and setting.source != "local"
    national = national_by_urn(setting.urn)
    assert national is not None
    base = _national_values(national)
    changed = {k: v for k, v in fields.items() if k in rules.CORRECTABLE and (base.get(k) != v or k == "local_offer")}
    if not changed.get("local_offer"):
        changed.pop("local_offer", None)
    correction = correction_for(la_id, setting.urn)
    if correction is None:
        correction = SettingCorrection(local_authority_id=la_id, urn=setting.urn, fields="{}")
        db.session.add(correction)
    correction.fields = json.dumps(changed, sort_keys=True)
    correction.reason = reason[:500]
    correction.staff_user_id = change.user.id
    correction.updated_at = utcnow()
    db.session.flush()
    copy = _rebuild(correction)
    assert copy is not None
    audit.record(
        change.user.id,
        la_id,
        "setting.correct",
        detail=f"URN {setting.urn}: {', '.join(sorted(changed)) or 'no fields'}",
        ip_address=change.ip,
    )
    return copy


class UrnTaken(ValueError):
    pass


def add_local(change: ChangeContext, values: dict[str, Any]) -> Setting:
    """A setting the council adds (not in GIAS): its own row, source 'local'. A URN, if given, must not
    be a national URN (correct that setting instead) nor one of the council's own: UrnTaken."""
    la = db.session.get(LocalAuthority, change.user.local_authority_id)
    assert la is not None
    urn = values.get("urn")
    if urn is not None:
        if national_by_urn(urn) is not None:
            raise UrnTaken(f"There is already a setting with URN {urn} in the national data: correct it instead")
        if db.session.exec(select(Setting.id).where(Setting.local_authority_id == la.id, Setting.urn == urn)).first():
            raise UrnTaken(f"Your council has already added a setting with URN {urn}")
    setting = Setting(
        **{k: v for k, v in values.items() if k in rules.CORRECTABLE or k in ("urn", "type_name", "town", "postcode")},
        local_authority_id=la.id,
        source="local",
        la_code=la.old_la_code,
        la_name=la.name,
        status="Open",
    )
    db.session.add(setting)
    db.session.flush()
    audit.record(change.user.id, la.id, "setting.add", detail=f"Setting {setting.id}", ip_address=change.ip)
    return setting


def update_local(change: ChangeContext, setting: Setting, values: dict[str, Any]) -> Setting:
    """Change a setting the council added (its own row)."""
    assert setting.source == "local" and setting.local_authority_id == change.user.local_authority_id
    for key, value in values.items():
        if key in rules.CORRECTABLE:
            setattr(setting, key, value)
    setting.updated_at = utcnow()
    db.session.flush()
    audit.record(
        change.user.id,
        setting.local_authority_id,
        "setting.correct",
        detail=f"Setting {setting.id}",
        ip_address=change.ip,
    )
    return setting


# The local inclusion plan


def inclusion_plan(la_id: int) -> InclusionPlan | None:
    return db.session.exec(select(InclusionPlan).where(InclusionPlan.local_authority_id == la_id)).first()


def save_inclusion_plan(change: ChangeContext, *, partnership: str, offer: str, published: bool) -> InclusionPlan:
    la_id = change.user.local_authority_id
    plan = inclusion_plan(la_id)
    if plan is None:
        plan = InclusionPlan(local_authority_id=la_id)
        db.session.add(plan)
    plan.partnership, plan.offer, plan.published = partnership, offer, published
    plan.updated_at = utcnow()
    db.session.flush()
    audit.record(
        change.user.id,
        la_id,
        "inclusion_plan.save",
        detail="published" if published else "not published",
        ip_address=change.ip,
    )
    return plan


def published_plans() -> list[tuple[LocalAuthority, InclusionPlan]]:
    rows = db.session.execute(
        select(LocalAuthority, InclusionPlan)
        .join(InclusionPlan, col(InclusionPlan.local_authority_id) == LocalAuthority.id)
        .where(col(InclusionPlan.published).is_(True))
        .order_by(col(LocalAuthority.name))
    ).all()
    return [(la, plan) for la, plan in rows]


def published_plan(old_la_code: str) -> tuple[LocalAuthority, InclusionPlan] | None:
    row = db.session.execute(
        select(LocalAuthority, InclusionPlan)
        .join(InclusionPlan, col(InclusionPlan.local_authority_id) == LocalAuthority.id)
        .where(col(LocalAuthority.old_la_code) == old_la_code, col(InclusionPlan.published).is_(True))
    ).first()
    return (row[0], row[1]) if row else None


def corrections_of(la_id: int, urns: Iterable[int]) -> dict[int, SettingCorrection]:
    wanted = sorted({u for u in urns if u is not None})
    if not wanted:
        return {}
    return {
        c.urn: c
        for c in db.session.exec(
            select(SettingCorrection).where(
                SettingCorrection.local_authority_id == la_id, col(SettingCorrection.urn).in_(wanted)
            )
        )
    }
