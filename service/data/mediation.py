"""Disagreements with appealable decisions, as the family and the council look them up: scoped to the
family's case or the staff's council. The changes are in mediation_changes, the figures in
mediation_figures, the certificate in mediation_certificate; the clock's facts come from service.data.facts."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from service.data import case_reads
from service.data.plan_life import COMPLETE
from service.db import db
from service.domain.clock import HEALTH_PARTS, DecisionKind, DisagreementFacts, OrderKind, order_due
from service.models import AgreedActionRecord, Case, Disagreement, Document, LocalAuthority, PlanReview, PlanVersion

# The council's disagreement contacts, as columns of its local_authority row (managers change them).
CONTACT_FIELDS = (
    "mediation_adviser_name",
    "mediation_adviser_email",
    "mediation_adviser_phone",
    "health_contact_name",
    "health_contact_email",
    "health_contact_phone",
)


def appealable_decision(case: Case) -> tuple[DecisionKind, date] | None:
    """The appealable decision the family can disagree with online now (CFA s51(2)): the newest one, with
    the date its notice was sent (the adviser-contact, mediation and appeal windows run from it)."""
    decisions = appealable_decisions(case)
    return decisions[-1] if decisions else None


def appealable_decisions(case: Case) -> list[tuple[DecisionKind, date]]:
    """Every appealable decision on the case (CFA s51(2)), oldest first, each with the day its notice was
    sent to the family (for rows from before notice dates were recorded, the day of the decision).

    A decision not to assess or not to issue; the final plan's contents (B, F, I) from its issue; after a
    review, a decision to keep the plan unchanged (not to amend) from its notice, and an amended plan's
    contents from its issue; a decision to cease the plan from its notice."""
    found: list[tuple[DecisionKind, date]] = []
    if case.decided_to_assess is False and case.decision_to_assess_on:
        found.append((DecisionKind.NOT_TO_ASSESS, case.assess_notice_sent_on or case.decision_to_assess_on))
    if case.decided_to_issue is False and case.decision_to_issue_on:
        found.append((DecisionKind.NOT_TO_ISSUE, case.issue_notice_sent_on or case.decision_to_issue_on))
    if case.final_issued_on:
        found.append((DecisionKind.PLAN_CONTENTS, case.final_issued_on))
        found.extend(_plan_life_decisions(case))
    if case.cease_decision_on:
        found.append((DecisionKind.CEASE, case.cease_notice_sent_on or case.cease_decision_on))
    return sorted(found, key=lambda decision: decision[1])  # stable: the legal order on the same day


def _plan_life_decisions(case: Case) -> list[tuple[DecisionKind, date]]:
    """The completed reviews' appealable decisions: 'maintain' (not to amend), from its notice; the latest
    amended plan's contents, from its issue."""
    if case.id is None:
        return []
    found: list[tuple[DecisionKind, date]] = []
    query = select(PlanReview).where(col(PlanReview.case_id) == case.id, col(PlanReview.status) == COMPLETE)
    amended: date | None = None
    for review in db.session.exec(query.order_by(col(PlanReview.id))):
        notice = review.decision_notice_sent_on or review.decision_on
        if review.decision == "maintain" and notice is not None:
            found.append((DecisionKind.NOT_TO_AMEND, notice))
        if review.amended_issued_on is not None:
            amended = max(amended or review.amended_issued_on, review.amended_issued_on)
    versions = select(PlanVersion).where(
        col(PlanVersion.case_id) == case.id,
        col(PlanVersion.status) == "final",
        col(PlanVersion.label).startswith("Amended"),
    )
    for version in db.session.exec(versions):
        amended = max(amended or version.issued_on, version.issued_on)
    if amended is not None and amended > (case.final_issued_on or amended):
        found.append((DecisionKind.PLAN_CONTENTS, amended))
    return found


def preview_facts(case: Case) -> DisagreementFacts | None:
    """What the clock knows of a disagreement with the case's decision before the family sends it."""
    decision = appealable_decision(case)
    if decision is None:
        return None
    return DisagreementFacts(decision_kind=decision[0], decision_notice_on=decision[1])


def for_case(case: Case) -> Disagreement | None:
    """The disagreement about the case's current appealable decision (appealable_decision), if sent; one
    about an earlier decision does not stop the family disagreeing with a later one."""
    decision = appealable_decision(case)
    if decision is None:
        return None
    query = select(Disagreement).where(
        col(Disagreement.case_id) == case.id,
        col(Disagreement.decision_kind) == decision[0].value,
        col(Disagreement.decision_notice_on) == decision[1],
    )
    found = db.session.exec(query.order_by(col(Disagreement.id))).first()
    if found is None and decision[0] in (DecisionKind.NOT_TO_ASSESS, DecisionKind.NOT_TO_ISSUE):
        return for_decision(case, decision[0])  # sent before the notice date was corrected
    return found


def disagreements_of(case: Case) -> list[Disagreement]:
    """Every disagreement on the (already scoped) case, oldest first."""
    return list(case_reads.rows("disagreements", case.id))


def for_decision(case: Case, kind: DecisionKind) -> Disagreement | None:
    """The case's first disagreement with this kind of decision (None if there is none)."""
    return next((d for d in case_reads.rows("disagreements", case.id) if d.decision_kind == kind.value), None)


def for_council(local_authority_id: int) -> list[tuple[Disagreement, Case]]:
    query = (
        select(Disagreement, Case)
        .join(Case, col(Case.id) == Disagreement.case_id)
        .where(col(Disagreement.local_authority_id) == local_authority_id)
    )
    return [(d, case) for d, case in db.session.exec(query.order_by(col(Disagreement.created_at).desc()))]


def get_for_council(local_authority_id: int, disagreement_id: int) -> Disagreement | None:
    d = db.session.get(Disagreement, disagreement_id)
    return d if d is not None and d.local_authority_id == local_authority_id else None


def health_only(d: Disagreement) -> bool:
    """The family disagrees only with the health or social care parts: the ICB's contact deals with it."""
    parts = {s for s in d.sections.split(",") if s}
    return bool(parts) and parts <= HEALTH_PARTS


def includes_health(d: Disagreement) -> bool:
    return any(s in HEALTH_PARTS for s in d.sections.split(","))


def actions_for_council(local_authority_id: int) -> dict[int, list[AgreedActionRecord]]:
    """Every agreed action of the council's disagreements, by disagreement id (one statement)."""
    query = select(AgreedActionRecord).where(col(AgreedActionRecord.local_authority_id) == local_authority_id)
    found: dict[int, list[AgreedActionRecord]] = {}
    for row in db.session.exec(query.order_by(col(AgreedActionRecord.id))):
        found.setdefault(row.disagreement_id, []).append(row)
    return found


def action_for_council(local_authority_id: int, disagreement_id: int, action_id: int) -> AgreedActionRecord | None:
    row = db.session.get(AgreedActionRecord, action_id)
    if row is None or row.local_authority_id != local_authority_id or row.disagreement_id != disagreement_id:
        return None
    return row


def action_due(action: AgreedActionRecord) -> date:
    """Reg 42: 2 weeks for what cannot be appealed; the reg 44(2) Tribunal-order time for what can."""
    return order_due(OrderKind(action.kind), action.agreed_on)


def certificate_document(d: Disagreement) -> Document | None:
    if d.certificate_document_id is None:
        return None
    document = db.session.get(Document, d.certificate_document_id)
    return document if document is not None and document.case_id == d.case_id else None


def certificates_without_pdf(limit: int = 200) -> list[int]:
    """Disagreements whose certificate was issued but whose PDF is not stored yet (its job was lost, or
    storage was down): the sweeper enqueues them again."""
    query = (
        select(Disagreement.id)
        .where(
            col(Disagreement.certificate_issued_on).is_not(None), col(Disagreement.certificate_document_id).is_(None)
        )
        .order_by(col(Disagreement.id))
        .limit(limit)
    )
    return [d_id for d_id in db.session.exec(query) if d_id is not None]


def council(local_authority_id: int) -> LocalAuthority:
    la = db.session.get(LocalAuthority, local_authority_id)
    if la is None:
        raise LookupError(f"no local authority {local_authority_id}")
    return la
