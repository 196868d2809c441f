"""Disagreement: mediation, certificates, agreements, appeal deadlines and Tribunal orders.

Sources: CFA 2014 s51 and s55; SEND Regulations 2014 regs 32-44; Tribunal Procedure (First-tier
Tribunal) (HESC) Rules 2008 r.20 (SEND-PROCESS.md section 3). Rule numbers marked UNCONFIRMED there
are named so here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from service.domain.dates import (
    add_days,
    add_months,
    add_weeks,
    add_working_days,
    format_govuk_date,
    next_working_day_on_or_after,
)
from service.domain.milestones import Milestone, MilestoneState, milestone
from service.domain.rules import DEFAULT_RULES, Rules


class DecisionKind(StrEnum):
    """Decisions a family can appeal (CFA s51(2))."""

    NOT_TO_ASSESS = "not_to_assess"
    NOT_TO_ISSUE = "not_to_issue"
    PLAN_CONTENTS = "plan_contents"  # sections B, F and I of a final or amended plan
    NOT_TO_REASSESS = "not_to_reassess"
    NOT_TO_AMEND = "not_to_amend"
    CEASE = "cease"


APPEALABLE_SECTIONS = frozenset({"B", "F", "I"})
# The parts of a plan a family can disagree with, in the plan's order: the appealable sections and the
# health and social care parts (which the ICB's or the council's social care contact deals with).
HEALTH_PARTS = frozenset({"health", "social_care"})
PLAN_PARTS = ("B", "F", "I", "health", "social_care")


class OrderKind(StrEnum):
    """What a Tribunal order (or a mediation agreement on an appealable matter) requires (reg 44(2))."""

    ASSESS_NOTIFY = "assess_notify"  # tell the family it will assess: 2 weeks
    ASSESS_NO_PLAN = "assess_no_plan"  # notice of a decision not to issue after assessing: 10 weeks
    ASSESS_FINAL = "assess_final"  # final plan after assessing: 14 weeks
    MAKE_PLAN_DRAFT = "make_plan_draft"  # draft plan: 5 weeks
    MAKE_PLAN_FINAL = "make_plan_final"  # final plan: 11 weeks
    AMEND_CONTENTS = "amend_contents"  # amend B, F or I: 5 weeks
    SECTION_I_ONLY = "section_i_only"  # 2 weeks
    CEASE_UPHELD = "cease_upheld"  # cease immediately
    NOT_APPEALABLE = "not_appealable"  # reg 42: other agreed actions, 2 weeks


ORDER_WEEKS = {
    OrderKind.ASSESS_NOTIFY: 2,
    OrderKind.ASSESS_NO_PLAN: 10,
    OrderKind.ASSESS_FINAL: 14,
    OrderKind.MAKE_PLAN_DRAFT: 5,
    OrderKind.MAKE_PLAN_FINAL: 11,
    OrderKind.AMEND_CONTENTS: 5,
    OrderKind.SECTION_I_ONLY: 2,
    OrderKind.CEASE_UPHELD: 0,
}


ORDER_TEXT = {
    OrderKind.ASSESS_NOTIFY: "tell the family it will carry out an assessment",
    OrderKind.ASSESS_NO_PLAN: "tell the family if it decides not to make a plan after the assessment",
    OrderKind.ASSESS_FINAL: "issue the final plan after the assessment",
    OrderKind.MAKE_PLAN_DRAFT: "send the draft plan",
    OrderKind.MAKE_PLAN_FINAL: "issue the final plan",
    OrderKind.AMEND_CONTENTS: "issue the amended plan",
    OrderKind.SECTION_I_ONLY: "issue the plan with the school or college the Tribunal ordered",
    OrderKind.CEASE_UPHELD: "stop maintaining the plan",
    OrderKind.NOT_APPEALABLE: "do what it agreed",
}


@dataclass(frozen=True, slots=True)
class AgreedAction:
    """Something the LA agreed to in a written mediation agreement (reg 42)."""

    description: str
    kind: OrderKind
    agreed_on: date
    done_on: date | None = None
    health: bool = False  # about health provision: the ICB tells the council what it will do (reg 42(4))
    icb_told_council_on: date | None = None


@dataclass(frozen=True, slots=True)
class TribunalOrder:
    """One thing a SEND Tribunal order requires of the LA, with its reg 44(2) deadline from the order date.

    An order to assess is recorded as ASSESS_NOTIFY plus, later, ASSESS_NO_PLAN or ASSESS_FINAL; an order to
    make a plan as MAKE_PLAN_DRAFT and MAKE_PLAN_FINAL.
    """

    kind: OrderKind
    ordered_on: date
    done_on: date | None = None
    unopposed: bool = False  # reg 45: the council told the Tribunal it would not oppose; ordered_on is that day
    ref: str = ""  # what tells the order apart in its milestone's key (the record's id); else its position


@dataclass(frozen=True, slots=True)
class DisagreementFacts:
    decision_kind: DecisionKind
    decision_notice_on: date
    sections_disputed: frozenset[str] = frozenset()
    health_or_social_care: bool = False
    adviser_contacted_on: date | None = None
    wants_mediation: bool | None = None
    mediation_held_on: date | None = None
    mediation_ended_on: date | None = None
    certificate_issued_on: date | None = None
    agreed_actions: tuple[AgreedAction, ...] = ()
    la_told_on: date | None = None  # the LA told the family wants mediation; else taken as adviser_contacted_on
    mediation_arranged_on: date | None = None  # the LA fixed the mediation date and told the family
    health_issues: bool = False  # the family wants to mediate about health provision too
    icb_told_on: date | None = None  # the LA told the ICB about the health issues
    agreement_on: date | None = None  # written agreement reached at mediation (reg 42); mediation then ends
    tribunal_orders: tuple[TribunalOrder, ...] = ()


def section_i_only(facts: DisagreementFacts) -> bool:
    """CFA s55: no mediation certificate is needed to appeal about the named setting (Section I) alone."""
    return (
        facts.decision_kind == DecisionKind.PLAN_CONTENTS
        and facts.sections_disputed == frozenset({"I"})
        and not facts.health_or_social_care
    )


def adviser_contact_due(decision_notice_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Reg 33: contact the mediation adviser within 2 months of the decision being sent."""
    return add_months(decision_notice_on, rules.adviser_contact_months)


def contact_is_late(facts: DisagreementFacts, rules: Rules = DEFAULT_RULES) -> bool:
    """A request after the 2-month window is still accepted; it is flagged late."""
    return facts.adviser_contacted_on is not None and facts.adviser_contacted_on > adviser_contact_due(
        facts.decision_notice_on, rules
    )


def la_told_of_mediation(facts: DisagreementFacts) -> date | None:
    """The day the LA was told the family wants mediation (recorded, or else the day of the adviser contact)."""
    if facts.wants_mediation is not True:
        return None
    return facts.la_told_on or facts.adviser_contacted_on


def mediation_due(facts: DisagreementFacts, rules: Rules = DEFAULT_RULES) -> date | None:
    """Mediation must be arranged to take place within 30 days of the LA being told the family wants it
    (SEND Regulations 2014, regs 35 to 37: reg 35 where health care is in issue, reg 36 where it is not,
    reg 37 the 30 days)."""
    told = la_told_of_mediation(facts)
    return None if told is None else add_days(told, rules.mediation_days)


def earliest_mediation_date(notice_given_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """At least 5 working days' notice of the mediation date: a service rule from local mediation
    guidance (Stoke IASS), not one of the SEND Regulations 2014 (Rules.mediation_notice_working_days)."""
    return add_working_days(notice_given_on, rules.mediation_notice_working_days)


def latest_mediation_notice(mediation_on: date, rules: Rules = DEFAULT_RULES) -> date:
    """The last day to tell the family of a mediation on `mediation_on`: 5 working days before it (the
    service rule of earliest_mediation_date)."""
    return add_working_days(mediation_on, -rules.mediation_notice_working_days)


def mediation_date_problem(
    facts: DisagreementFacts, mediation_on: date, notice_given_on: date, rules: Rules = DEFAULT_RULES
) -> str | None:
    """Why a mediation cannot be fixed for `mediation_on` when the family is told on `notice_given_on`
    (None if it can): it needs at least 5 working days' notice, so never before earliest_mediation_date.
    A date after the 30-day duty is allowed (mediation_is_late flags it)."""
    earliest = earliest_mediation_date(notice_given_on, rules)
    if mediation_on < earliest:
        return (
            "The mediation must be at least 5 working days after the family is told, "
            f"so on or after {format_govuk_date(earliest)}"
        )
    return None


def mediation_is_late(facts: DisagreementFacts, mediation_on: date, rules: Rules = DEFAULT_RULES) -> bool:
    """A mediation fixed for after the 30-day duty (mediation_due) is allowed, but late."""
    due = mediation_due(facts, rules)
    return due is not None and mediation_on > due


def health_notice_due(facts: DisagreementFacts, rules: Rules = DEFAULT_RULES) -> date | None:
    """The LA tells each ICB within 3 working days when the family wants to mediate about health provision
    (SEND Regulations 2014, reg 35)."""
    told = la_told_of_mediation(facts)
    if told is None or not facts.health_issues:
        return None
    return add_working_days(told, rules.health_notice_working_days)


def certificate_due(facts: DisagreementFacts, today: date, rules: Rules = DEFAULT_RULES) -> date | None:
    """When the mediation certificate falls due (3 working days in every case; certificate_issuer says who
    issues it):
    - certificate only: from the family's contact with the adviser (reg 34, the mediation adviser);
    - after mediation: from the day it ends (reg 39, the mediator);
    - mediation not held within 30 days: from the end of the 30 days (regs 35 to 37, the mediation
      adviser)."""
    if section_i_only(facts) or facts.adviser_contacted_on is None or facts.wants_mediation is None:
        return None
    if facts.wants_mediation is False:
        return add_working_days(facts.adviser_contacted_on, rules.certificate_working_days)
    ended = facts.mediation_ended_on or facts.agreement_on
    if ended is not None:
        return add_working_days(ended, rules.certificate_working_days)
    deadline = mediation_due(facts, rules)
    if deadline is not None and facts.mediation_held_on is None and today > deadline:
        return add_working_days(deadline, rules.certificate_working_days)
    return None


@dataclass(frozen=True)
class CertificateIssuer:
    """Who issues the mediation certificate, under which regulation, and the council's part in it."""

    who: str  # "the mediation adviser" or "the mediator"
    regulation: str  # "regulation 34"
    source: str  # for the staff timeline


def certificate_issuer(facts: DisagreementFacts, today: date, rules: Rules = DEFAULT_RULES) -> CertificateIssuer:
    """SEND Regulations 2014: the mediation adviser issues it when the family does not want mediation
    (reg 34) or mediation is not arranged within 30 days (regs 35 to 37); the mediator issues it when
    mediation ends (reg 39). Each within 3 working days."""
    if facts.wants_mediation is not False and (facts.mediation_ended_on or facts.agreement_on):
        return CertificateIssuer("the mediator", "regulation 39", "SEND Regulations 2014, reg 39: the mediator")
    if facts.wants_mediation is not False:
        due = mediation_due(facts, rules)
        if due is not None and facts.mediation_held_on is None and today > due:
            return CertificateIssuer(
                "the mediation adviser",
                "regulations 35 to 37",
                "SEND Regulations 2014, regs 35 to 37: the mediation adviser",
            )
    return CertificateIssuer(
        "the mediation adviser", "regulation 34", "SEND Regulations 2014, reg 34: the mediation adviser"
    )


def appeal_deadline(
    decision_notice_on: date,
    certificate_issued_on: date | None,
    section_i_only: bool = False,
    rules: Rules = DEFAULT_RULES,
) -> date:
    """TPR r.20(1)(c): the later of 2 months from the decision notice and 1 month from the certificate.

    With no certificate needed (Section I only, CFA s55) the certificate date is ignored.
    Marked UNCONFIRMED in the domain notes, each switchable in Rules (source since found: HESC Rules 2008
    r.12(3)(a) as amended in 2020, and r.12(2)):
    - a deadline on any day in August moves to the first working day after 31 August;
    - one from 25 December to 1 January moves to the first working day after 1 January;
    - one on any other weekend day or bank holiday moves to the next working day (which may itself fall
      in August or after Christmas: Saturday 23 December 2028 moves to Wednesday 27 December).
    """
    deadline = add_months(decision_notice_on, rules.appeal_months_from_decision)
    if certificate_issued_on is not None and not section_i_only:
        deadline = max(deadline, add_months(certificate_issued_on, rules.appeal_months_from_certificate))
    if rules.appeal_august_moves_to_september and deadline.month == 8:
        return next_working_day_on_or_after(date(deadline.year, 9, 1))
    if rules.appeal_christmas_moves_to_next_working_day and (
        (deadline.month == 12 and deadline.day >= 25) or (deadline.month == 1 and deadline.day == 1)
    ):
        return next_working_day_on_or_after(date(deadline.year + (deadline.month == 12), 1, 2))
    if rules.appeal_non_working_day_moves_to_next_working_day:
        return next_working_day_on_or_after(deadline)
    return deadline


def order_due(kind: OrderKind, on: date, rules: Rules = DEFAULT_RULES) -> date:
    """Reg 44(2) deadlines after a Tribunal order: assess, notify 2 weeks, "no plan" 10 weeks, final 14 weeks;
    make a plan, draft 5 weeks, final 11 weeks; amend contents 5 weeks; Section I only 2 weeks; cease upheld,
    immediately (the same day). Reg 42 applies them to agreements on appealable matters, and gives other
    agreed actions 2 weeks."""
    if kind == OrderKind.NOT_APPEALABLE:
        return add_weeks(on, rules.agreement_weeks)
    return add_weeks(on, ORDER_WEEKS[kind])


def disagreement_timeline(facts: DisagreementFacts, today: date, rules: Rules = DEFAULT_RULES) -> tuple[Milestone, ...]:
    items: list[Milestone] = []
    only_i = section_i_only(facts)
    contact_due = adviser_contact_due(facts.decision_notice_on, rules)
    items.append(
        milestone(
            "contact_mediation_adviser",
            f"To appeal, contact the mediation adviser by {format_govuk_date(contact_due)}",
            "Family contacts the mediation adviser",
            "SEND Regulations 2014, reg 33; Children and Families Act 2014, s55",
            contact_due,
            facts.adviser_contacted_on,
            today,
            rules,
            applicable=not only_i,
        )
    )
    held_due = mediation_due(facts, rules)
    if held_due is not None:
        items.append(
            milestone(
                "mediation_held",
                f"The council must arrange mediation to take place by {format_govuk_date(held_due)}",
                "Arrange mediation within 30 days",
                "SEND Regulations 2014, regs 35 to 37",
                held_due,
                facts.mediation_held_on,
                today,
                rules,
            )
        )
    if facts.mediation_held_on is not None and facts.mediation_arranged_on is not None:
        notice_by = latest_mediation_notice(facts.mediation_held_on, rules)
        items.append(
            milestone(
                "mediation_notice",
                f"The council should tell you the mediation date at least 5 working days before it, by "
                f"{format_govuk_date(notice_by)}",
                "Give at least 5 working days' notice of the mediation",
                "Local mediation guidance (IASS): a service rule, not in the regulations",
                notice_by,
                facts.mediation_arranged_on,
                today,
                rules,
            )
        )
    icb_due = health_notice_due(facts, rules)
    if icb_due is not None:
        items.append(
            milestone(
                "health_notice",
                f"The council must tell the health service (ICB) about the health issues by {format_govuk_date(icb_due)}",
                "Tell the ICB about the health issues (3 working days)",
                "SEND Regulations 2014, reg 35",
                icb_due,
                facts.icb_told_on,
                today,
                rules,
            )
        )
    cert_due = certificate_due(facts, today, rules)
    if cert_due is not None or facts.certificate_issued_on is not None:
        items.append(
            milestone(
                "mediation_certificate",
                f"You should get your mediation certificate by {format_govuk_date(cert_due)}"
                if cert_due
                else "Your mediation certificate has been issued",
                "Issue the mediation certificate (3 working days)",
                certificate_issuer(facts, today, rules).source,
                cert_due,
                facts.certificate_issued_on,
                today,
                rules,
            )
        )
    deadline = appeal_deadline(facts.decision_notice_on, facts.certificate_issued_on, only_i, rules)
    appeal_ready = only_i or facts.certificate_issued_on is not None
    items.append(
        milestone(
            "appeal_deadline",
            f"You can appeal to the SEND Tribunal by 5pm on {format_govuk_date(deadline)}"
            + (
                ". You do not need a mediation certificate to appeal about the named school or college only"
                if only_i
                else ""
            ),
            "Last day for the family to appeal to the SEND Tribunal",
            "Tribunal Procedure (First-tier Tribunal) (HESC) Rules 2008, r.20(1)(c); by 5pm, r.12(1)",
            deadline if appeal_ready else None,
            None,
            today,
            rules,
        )
    )
    for index, action in enumerate(facts.agreed_actions):
        due = order_due(action.kind, action.agreed_on, rules)
        items.append(
            milestone(
                f"agreed_action:{index}",
                f"The council agreed to: {action.description}, by {format_govuk_date(due)}",
                f"Agreed at mediation: {action.description}",
                "SEND Regulations 2014, reg 42" + ("" if action.kind == OrderKind.NOT_APPEALABLE else " and reg 44"),
                due,
                action.done_on,
                today,
                rules,
            )
        )
    items.extend(icb_agreement_milestones(facts.agreed_actions, today, rules))
    items.extend(tribunal_order_milestones(facts.tribunal_orders, today, rules))
    return tuple(_appeal_window_state(m, today) for m in items)


def icb_agreement_notice_due(actions: Iterable[AgreedAction], rules: Rules = DEFAULT_RULES) -> date | None:
    """Reg 42(4): where an agreement at mediation is about health provision, the ICB tells the council within
    1 week of the agreement what it will do. None when no agreed action is about health."""
    agreed = [a.agreed_on for a in actions if a.health]
    return add_weeks(min(agreed), rules.icb_agreement_notice_weeks) if agreed else None


def icb_agreement_milestones(
    actions: Iterable[AgreedAction], today: date, rules: Rules = DEFAULT_RULES
) -> tuple[Milestone, ...]:
    """The ICB's week to tell the council what it will do about the health actions agreed at mediation: the
    ICB's duty, shown to staff, never the council's next duty (NOT_COUNCIL_DUTIES)."""
    health = [a for a in actions if a.health]
    due = icb_agreement_notice_due(health, rules)
    if due is None:
        return ()
    told = [a.icb_told_council_on for a in health]
    done = max(d for d in told if d is not None) if all(d is not None for d in told) else None
    return (
        milestone(
            "icb_agreement_notice",
            f"The health service (ICB) must tell the council what it will do about the health provision agreed "
            f"at mediation by {format_govuk_date(due)}",
            "The ICB tells the council what it will do about the agreed health provision (1 week)",
            "SEND Regulations 2014, reg 42(4)",
            due,
            done,
            today,
            rules,
        ),
    )


def tribunal_order_milestones(
    orders: Iterable[TribunalOrder], today: date, rules: Rules = DEFAULT_RULES
) -> tuple[Milestone, ...]:
    """The council's reg 44(2) deadlines after Tribunal orders, from each order's date. An appeal the council
    did not oppose (reg 45, as amended by SI 2015/359) runs the same periods from the day it told the
    Tribunal (Rules.unopposed_runs_from_notice, UNCONFIRMED)."""
    items: list[Milestone] = []
    for index, order in enumerate(orders):
        if order.unopposed and not rules.unopposed_runs_from_notice:
            continue
        due = order_due(order.kind, order.ordered_on, rules)
        text = ORDER_TEXT[order.kind]
        if order.unopposed:
            family = f"The council did not oppose your appeal, so it must {text} by {format_govuk_date(due)}"
            staff = f"Appeal not opposed: {text}"
            source = "SEND Regulations 2014, reg 45 (as amended by SI 2015/359) and reg 44(2)"
        else:
            family = f"The Tribunal ordered the council to {text} by {format_govuk_date(due)}"
            staff = f"Tribunal order: {text}"
            source = "SEND Regulations 2014, reg 44(2)"
        items.append(
            milestone(
                f"tribunal_order:{order.ref or index}:{order.kind.value}",
                family,
                staff,
                source,
                due,
                order.done_on,
                today,
                rules,
            )
        )
    return tuple(items)


# Milestones of a disagreement that are not something the council still has to do:
# - contact_mediation_adviser and appeal_deadline are the family's steps and rights;
# - mediation_notice records whether the family had 5 working days' notice: it only appears once the
#   mediation has been arranged and held, always done, so it is a record, never a duty outstanding;
# - icb_agreement_notice is the ICB's duty to the council (reg 42(4)), shown to staff as context.
NOT_COUNCIL_DUTIES = frozenset(
    {"contact_mediation_adviser", "appeal_deadline", "mediation_notice", "icb_agreement_notice"}
)


def council_duties(milestones: Iterable[Milestone]) -> tuple[Milestone, ...]:
    """The council's own duties among a disagreement's milestones, in timeline order: arranging mediation,
    telling the ICB, issuing the certificate, agreed actions and Tribunal orders (the staff caseload's
    next due date counts these alongside the assessment clock). Once the certificate has been issued
    without mediation (not arranged within 30 days), arranging mediation is no longer outstanding: the
    family can appeal, and the missed duty stays on the disagreement's own timeline as overdue."""
    items = tuple(milestones)
    certified = any(m.key == "mediation_certificate" and m.done is not None for m in items)
    return tuple(
        m
        for m in items
        if m.key not in NOT_COUNCIL_DUTIES and not (certified and m.key == "mediation_held" and m.done is None)
    )


def _appeal_window_state(item: Milestone, today: date) -> Milestone:
    # The appeal deadline is the family's right, not a council duty: once passed it is shown as closed
    # (met), never as the council's "overdue".
    if item.key == "appeal_deadline" and item.state == MilestoneState.OVERDUE:
        return replace(item, state=MilestoneState.MET, done=item.due, days_late=0)
    return item
