"""The per-case facts of the SEN2 return and the dashboard's live figures, and a council's return built
from them. `facts_select` is the one definition of each fact (the outcome dates, the transfer in, the
mediation and Tribunal flags, the named setting): the SEN2 builder reads its rows for one council, and
service.data.figures counts the same columns with GROUP BY for every council, so the two cannot disagree.
Every query takes the council (or councils) it reads."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    Column,
    ColumnElement,
    RowMapping,
    ScalarSelect,
    Select,
    Table,
    case,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.sql.base import ReadOnlyColumnCollection
from sqlalchemy.sql.elements import Label
from sqlmodel import SQLModel

from service.db import db
from service.domain.disagreement import DecisionKind, OrderKind
from service.domain.sen2.codes import census_date
from service.domain.sen2.rules import CaseFacts, Sen2Return, build_return
from service.models import (
    Case,
    Consultation,
    Disagreement,
    LaTransfer,
    LocalAuthority,
    PlanReview,
    PlanVersion,
    Setting,
    TribunalOrderRecord,
    utcnow,
)

# Tribunal orders that reverse a refusal: to assess, and to make a plan (service.domain.disagreement).
ASSESS_ORDERS = (OrderKind.ASSESS_NOTIFY.value, OrderKind.ASSESS_NO_PLAN.value, OrderKind.ASSESS_FINAL.value)
PLAN_ORDERS = (OrderKind.MAKE_PLAN_DRAFT.value, OrderKind.MAKE_PLAN_FINAL.value)
REFUSALS = (DecisionKind.NOT_TO_ASSESS.value, DecisionKind.NOT_TO_ISSUE.value)
HOME_EDUCATION = "home_education"  # CASE.current_setting_type: SENsetting EHE when no setting is named


def columns(model: type[SQLModel]) -> ReadOnlyColumnCollection[str, Column[Any]]:
    """A model's table's columns, typed (Core columns also build faster than ORM attributes)."""
    return cast(Table, getattr(model, "__table__")).c  # noqa: B009 - SQLModel does not type __table__


def aliased(model: type[SQLModel]) -> ReadOnlyColumnCollection[str, Column[Any]]:
    """A Core alias of a model's table (ORM aliases cost milliseconds each to build)."""
    return cast(Table, getattr(model, "__table__")).alias().c  # noqa: B009


CASE = columns(Case)


def _went_to_mediation(kinds: Iterable[str], *, other: bool = False) -> ColumnElement[bool]:
    d = aliased(Disagreement)
    kind = d.decision_kind.not_in(list(kinds)) if other else d.decision_kind.in_(list(kinds))
    return exists().where(d.case_id == CASE.id, kind, d.mediation_held_on.is_not(None))


def _went_to_tribunal(kinds: Iterable[str], orders: Iterable[str], *, other: bool = False) -> ColumnElement[bool]:
    d, t = aliased(Disagreement), aliased(TribunalOrderRecord)
    kinds, orders = list(kinds), list(orders)
    kind = d.decision_kind.not_in(kinds) if other else d.decision_kind.in_(kinds)
    appealed = exists().where(d.case_id == CASE.id, kind, d.appealed_on.is_not(None))
    order_kind = t.kind.not_in(orders) if other else t.kind.in_(orders)
    ordered = exists().where(t.case_id == CASE.id, order_kind)
    return or_(appealed, ordered)


def facts_select(local_authority_ids: list[int] | None, *, census: date | None = None) -> Select[Any]:
    """One row per case of the councils given (all councils for None), with the facts SEN2 and the
    dashboard count. With `census`, the review and named-setting facts the return needs as at that day
    are added (the dashboard does not read them)."""
    transfer = aliased(LaTransfer)
    old_la = aliased(LocalAuthority)
    transfer_in = (
        select(old_la.old_la_code)
        .where(
            transfer.from_local_authority_id == old_la.id,
            transfer.case_id == CASE.id,
            transfer.to_local_authority_id == CASE.local_authority_id,
            transfer.transferred_on.is_not(None),
        )
        .order_by(transfer.transferred_on.desc())
        .limit(1)
        .scalar_subquery()
    )
    request_outcome_on = case(
        (CASE.decided_to_assess == false(), func.coalesce(CASE.assess_notice_sent_on, CASE.decision_to_assess_on)),
        else_=CASE.decision_to_assess_on,
    )
    assessment_outcome_on = case(
        (CASE.decided_to_issue == true(), CASE.final_issued_on),
        (CASE.decided_to_issue == false(), func.coalesce(CASE.issue_notice_sent_on, CASE.decision_to_issue_on)),
        else_=None,
    )
    request_mediation = _went_to_mediation([DecisionKind.NOT_TO_ASSESS.value])
    request_tribunal = _went_to_tribunal([DecisionKind.NOT_TO_ASSESS.value], ASSESS_ORDERS)
    assessment_mediation = _went_to_mediation([DecisionKind.NOT_TO_ISSUE.value])
    assessment_tribunal = _went_to_tribunal([DecisionKind.NOT_TO_ISSUE.value], PLAN_ORDERS)
    columns = [
        CASE.id.label("case_id"),
        CASE.local_authority_id.label("local_authority_id"),
        CASE.received_on.label("received_on"),
        CASE.child_date_of_birth.label("birth_date"),
        CASE.decided_to_assess.label("decided_to_assess"),
        request_outcome_on.label("request_outcome_on"),
        CASE.decided_to_issue.label("decided_to_issue"),
        CASE.decision_to_issue_on.label("decision_to_issue_on"),
        assessment_outcome_on.label("assessment_outcome_on"),
        CASE.final_issued_on.label("final_issued_on"),
        CASE.withdrawn_on.label("withdrawn_on"),
        CASE.exceptions_apply.label("exceptions_apply"),
        CASE.ceased_on.label("ceased_on"),
        CASE.cease_reason.label("cease_reason"),
        CASE.cease_decision_on.label("cease_decision_on"),
        CASE.primary_need.label("primary_need"),
        CASE.phase_transfer_due_on.label("phase_transfer_due_on"),
        CASE.phase_transfer_amended_on.label("phase_transfer_amended_on"),
        func.coalesce(transfer_in, literal("")).label("transfer_la"),
        or_(request_mediation, request_tribunal, assessment_mediation, assessment_tribunal).label("disputed"),
        _named_urn().label("setting_urn"),
    ]
    if census is not None:
        transferred_on = (
            select(transfer.transferred_on)
            .where(
                transfer.case_id == CASE.id,
                transfer.to_local_authority_id == CASE.local_authority_id,
                transfer.transferred_on.is_not(None),
            )
            .order_by(transfer.transferred_on.desc())
            .limit(1)
            .scalar_subquery()
        )
        columns += [
            CASE.reference.label("reference"),
            CASE.child_first_name.label("forename"),
            CASE.child_last_name.label("surname"),
            CASE.child_postcode.label("postcode"),
            CASE.upn.label("upn"),
            CASE.requester_role.label("requester_role"),
            CASE.current_setting_type.label("current_setting_type"),
            CASE.secondary_need.label("secondary_need"),
            transferred_on.label("transferred_in_on"),
            request_mediation.label("request_mediation"),
            request_tribunal.label("request_tribunal"),
            assessment_mediation.label("assessment_mediation"),
            assessment_tribunal.label("assessment_tribunal"),
            _went_to_mediation(REFUSALS, other=True).label("other_mediation"),
            _went_to_tribunal(REFUSALS, ASSESS_ORDERS + PLAN_ORDERS, other=True).label("other_tribunal"),
            *_review_columns(census),
        ]
    query = select(*columns)
    if local_authority_ids is not None:
        query = query.where(CASE.local_authority_id.in_(local_authority_ids))
    return query


def _named_urn() -> ScalarSelect[Any]:
    """The URN of the setting the council named (its decision on a consultation), the plan's section I."""
    c = aliased(Consultation)
    return (
        select(c.urn)
        .where(c.case_id == CASE.id, c.decision == "named")
        .order_by(c.decided_on.desc(), c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _review_columns(census: date) -> list[Label[Any]]:
    """The latest completed review decided on or before census day (SEN2.md 2.7): meeting, decision, date."""
    r = aliased(PlanReview)

    def latest(column: Column[Any]) -> ScalarSelect[Any]:
        return (
            select(column)
            .where(r.case_id == CASE.id, r.status == "complete", r.decision_on.is_not(None), r.decision_on <= census)
            .order_by(r.decision_on.desc(), r.id.desc())
            .limit(1)
            .scalar_subquery()
        )

    return [
        latest(r.meeting_on).label("review_meeting_on"),
        latest(r.decision).label("review_decision"),
        latest(r.decision_on).label("review_decision_on"),
        latest(r.proposals_sent_on).label("review_draft_on"),
    ]


def sen2_return(local_authority_id: int, year: int, now: datetime | None = None) -> Sen2Return:
    """Council `local_authority_id`'s return for collection `year` (UnknownCollectionYear if unknown)."""
    census = census_date(year)
    la = db.session.get(LocalAuthority, local_authority_id)
    if la is None:
        raise LookupError("no such council")
    rows = db.session.execute(facts_select([local_authority_id], census=census)).mappings().all()
    details = _personal_details(local_authority_id)
    settings = _settings(local_authority_id, {row["setting_urn"] for row in rows if row["setting_urn"] is not None})
    facts = [_case_facts(row, details.get(row["case_id"], {}), settings) for row in rows]
    header = {
        "Collection": "SEN2",
        "Year": str(year),
        "ReferenceDate": census.isoformat(),
        "SourceLevel": "L",
        "LEA": la.old_la_code,
        "SoftwareCode": "EHCP digital service",
        "Release": "1",
        "SerialNo": "1",
        "DateTime": (now or utcnow()).replace(microsecond=0, tzinfo=None).isoformat(),
    }
    return build_return(year, header, facts)


def _case_facts(row: RowMapping, details: dict[str, Any], settings: dict[int, Setting]) -> CaseFacts:
    urn = row["setting_urn"]
    setting = settings.get(urn) if urn is not None else None
    resourced = setting.resourced_provision if setting else ""
    return CaseFacts(
        case_id=row["case_id"],
        reference=row["reference"],
        forename=row["forename"],
        surname=row["surname"],
        birth_date=row["birth_date"],
        postcode=row["postcode"],
        upn=row["upn"],
        requester_role=row["requester_role"],
        received_on=row["received_on"],
        decided_to_assess=row["decided_to_assess"],
        request_outcome_on=row["request_outcome_on"],
        decided_to_issue=row["decided_to_issue"],
        decision_to_issue_on=row["decision_to_issue_on"],
        assessment_outcome_on=row["assessment_outcome_on"],
        withdrawn_on=row["withdrawn_on"],
        exceptions_apply=bool(row["exceptions_apply"]),
        ceased_on=row["ceased_on"],
        cease_reason=row["cease_reason"],
        plan_start_on=row["final_issued_on"],
        transfer_la=row["transfer_la"] or "",
        transferred_in_on=row["transferred_in_on"],
        request_mediation=bool(row["request_mediation"]),
        request_tribunal=bool(row["request_tribunal"]),
        assessment_mediation=bool(row["assessment_mediation"]),
        assessment_tribunal=bool(row["assessment_tribunal"]),
        other_mediation=bool(row["other_mediation"]),
        other_tribunal=bool(row["other_tribunal"]),
        primary_need=row["primary_need"] or "",
        secondary_need=row["secondary_need"] or "",
        setting_urn=urn,
        setting_ukprn=setting.ukprn if setting else "",
        setting_code="EHE" if urn is None and row["current_setting_type"] == HOME_EDUCATION else "",
        sen_unit="SEN unit" in resourced,
        resourced_provision="Resourced provision" in resourced,
        review_meeting_on=row["review_meeting_on"],
        review_decision=row["review_decision"] or "",
        review_decision_on=row["review_decision_on"],
        review_draft_on=row["review_draft_on"],
        phase_transfer_due_on=row["phase_transfer_due_on"],
        phase_transfer_final_on=row["phase_transfer_amended_on"],
        sex=str(details.get("sex", "")),
        ethnicity=str(details.get("ethnicity", "")),
    )


def _personal_details(local_authority_id: int) -> dict[int, dict[str, Any]]:
    """Each case's latest issued plan version's personal details (sex, ethnicity), where a plan is held."""
    v = columns(PlanVersion)
    latest = select(func.max(v.id)).where(v.local_authority_id == local_authority_id).group_by(v.case_id)
    rows = db.session.execute(select(v.case_id, v.document).where(v.id.in_(latest)))
    details = {}
    for case_id, document in rows:
        try:
            details[case_id] = json.loads(document).get("personal_details", {})
        except ValueError:
            details[case_id] = {}
    return details


def _settings(local_authority_id: int, urns: set[int]) -> dict[int, Setting]:
    """The settings by URN: the council's own copy where it has one, else the national GIAS row."""
    found: dict[int, Setting] = {}
    urn_list = sorted(urns)
    for start in range(0, len(urn_list), 500):
        chunk = urn_list[start : start + 500]
        s = columns(Setting)
        query = select(Setting).where(
            s.urn.in_(chunk), or_(s.local_authority_id.is_(None), s.local_authority_id == local_authority_id)
        )
        for setting in db.session.execute(query).scalars():
            if setting.urn is not None and (setting.urn not in found or setting.local_authority_id is not None):
                found[setting.urn] = setting
    return found


def has_cases(local_authority_id: int) -> bool:
    return bool(db.session.execute(select(exists().where(CASE.local_authority_id == local_authority_id))).scalar_one())
