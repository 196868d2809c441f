"""What the family's case pages show against the clock: the assessment's and, once the final plan is
issued, the plan's milestones (the next review and its steps, amendments, the phase transfer, a transfer);
each disagreement's appeal deadline once its certificate is issued; and the appealable decisions the family
can still disagree with, each with its own window from the day its notice was sent.

Read-only, for a case already scoped to the family (service.data.family.case_for_family).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from service.data import case_reads, mediation
from service.data.facts import assessment_facts, disagreement_facts
from service.data.memo import per_request
from service.data.plan_life import plan_milestones
from service.db import db
from service.domain.assessment import AssessmentFacts
from service.domain.clock import (
    FAMILY_WINDOWS,
    DecisionKind,
    DisagreementFacts,
    Milestone,
    MilestoneState,
    appeal_deadline,
    assessment_timeline,
    disagreement_timeline,
    format_govuk_date,
    london_date,
    next_due,
)
from service.models import (
    Case,
    CaseAccess,
    CaseEvent,
    Disagreement,
    LocalAuthority,
    StaffUser,
)
from service.text import normalise_email
from service.wording.tracker import TITLES, Reader, can_do

SHOWN_DONE = (MilestoneState.MET, MilestoneState.MET_LATE)


@dataclass(frozen=True, slots=True)
class OpenDecision:
    """An appealable decision the family has not disagreed with yet, with the clock's contact window."""

    kind: DecisionKind
    notice_on: date
    contact: Milestone  # "To appeal, contact the mediation adviser by ..."
    current: bool  # the one the online journey asks about (the newest)


def milestones(case: Case, today: date, facts: AssessmentFacts | None = None) -> tuple[Milestone, ...]:
    """The assessment's milestones and, after the final plan, the plan's. `facts`: the case's assessment
    facts when the caller has read them already."""
    facts = assessment_facts(case) if facts is None else facts
    return (*assessment_timeline(facts, today), *plan_milestones(case, today))


def appeal_deadlines(case: Case, today: date, found: list[Disagreement] | None = None) -> list[Milestone]:
    """Each disagreement's appeal deadline ("by 5pm on ...") once its certificate is issued (or none is
    needed, Section I only), while the deadline has not passed."""
    items = []
    for d in mediation.disagreements_of(case) if found is None else found:
        if d.appealed_on is not None:
            continue
        for m in disagreement_timeline(disagreement_facts(d), today):
            if m.key == "appeal_deadline" and m.due is not None and m.due >= today:
                items.append(m)
    return items


def open_decisions(case: Case, today: date, found: list[Disagreement] | None = None) -> list[OpenDecision]:
    """The appealable decisions with no disagreement sent about them whose appeal window has not closed,
    newest last; the adviser-contact window of each runs from its own notice."""
    found = mediation.disagreements_of(case) if found is None else found
    sent = {(d.decision_kind, d.decision_notice_on) for d in found}
    decisions = mediation.appealable_decisions(case)
    current = decisions[-1] if decisions else None
    items = []
    for kind, notice_on in decisions:
        if (kind.value, notice_on) in sent:
            continue
        if (kind, notice_on) == current and mediation.for_case(case) is not None:
            continue
        timeline = {m.key: m for m in disagreement_timeline(DisagreementFacts(kind, notice_on), today)}
        if (kind, notice_on) != current and today > appeal_deadline(notice_on, None):
            continue  # an older decision whose 2 months to appeal have passed
        items.append(OpenDecision(kind, notice_on, timeline["contact_mediation_adviser"], (kind, notice_on) == current))
    return items


def urgent(case: Case, today: date, found: tuple[Milestone, ...] | None = None) -> Milestone | None:
    """The family's "what happens next" line on their list of cases: the earliest outstanding milestone of
    the assessment or the plan, or an appeal deadline if it comes first. `found`: the case's milestones,
    when the caller already has them (each computation reads the case's advice and exceptions)."""
    return next_due((*(milestones(case, today) if found is None else found), *appeal_deadlines(case, today)))


# The family's windows the staff case summary shows as context under the council's next duty.
CONTEXT_WINDOWS = ("draft_comments", "amendment_comments", "cease_appeal", "appeal_deadline")


def open_family_windows(case: Case, today: date, facts: AssessmentFacts | None = None) -> list[Milestone]:
    """The family's windows open today (commenting on a draft or on proposed amendments, appealing), each
    with its last day: context on the staff summary, never the council's duty."""
    items = [m for m in milestones(case, today, facts) if m.key in CONTEXT_WINDOWS and m.is_outstanding]
    items += appeal_deadlines(case, today)
    return sorted(items, key=lambda m: m.due or today)


# --- Who is reading ------------------------------------------------------------------------------------


def read_together(cases: list[Case]) -> None:
    """For a list of a family's cases (their "Your requests and plans" page): each case's advice requests,
    exceptions, disagreements and access, for all the cases in one statement rather than four a case, kept
    where the per-case reads (service.data.case_reads) will find them."""
    ids = [case.id for case in cases if case.id is not None]
    case_reads.read_for_cases(ids, ("advice", "exceptions", "disagreements", "access"))


def is_young_person(email: str, case: Case) -> bool:
    """The reader is the young person: they hold the case (CaseAccess role young_person), or they asked
    for themself and nobody else holds it. A parent who may see a young person's case is not."""
    email = normalise_email(email)
    access: CaseAccess | None = next((row for row in case_reads.rows("access", case.id) if row.email == email), None)
    if access is not None:
        return access.role == "young_person"
    return case.requester_role == "young_person" and normalise_email(case.requester_email) == email


# --- The step-by-step tracker --------------------------------------------------------------------------

DONE, NOW, NEXT, LATER = "done", "now", "next", "later"


@dataclass(frozen=True, slots=True)
class TrackerStep:
    """One stage of the statutory process on the family's case page."""

    key: str
    title: str
    when: tuple[str, ...]  # what happened and when, or the legal date it is due by (from the clock)
    can_do: tuple[str, ...]  # what the family can do at this stage
    done: bool
    status: str = LATER  # done, now, next or later (set by tracker())
    late: Milestone | None = None  # the clock's overdue milestone of this stage, if any


def _late(m: Milestone | None) -> Milestone | None:
    return m if m is not None and m.state == MilestoneState.OVERDUE and m.key not in FAMILY_WINDOWS else None


def _on(d: date | None) -> str:
    return format_govuk_date(d) if d is not None else ""


def tracker(case: Case, today: date, who: Reader) -> list[TrackerStep]:
    """Every stage of the statutory process, in order, each done, now, next or later, with its legal date
    from the clock (never recomputed here). A refusal, a withdrawal or a decision to stop the plan ends the
    list where it happened."""
    by_key = {m.key: m for m in milestones(case, today)}
    advice = [m for m in by_key.values() if m.key.startswith("advice:")]
    steps: list[TrackerStep] = []

    def add(key: str, when: tuple[str, ...], done: bool, late: Milestone | None = None) -> None:
        steps.append(TrackerStep(key, TITLES[key], when, can_do(key, who), done, late=_late(late)))

    add("request_received", (f"The council received the request on {_on(case.received_on)}.",), True)

    assess = by_key["decision_to_assess"]
    if case.decision_to_assess_on is not None:
        what = "to carry out an assessment" if case.decided_to_assess else "not to carry out an assessment"
        add("decision_to_assess", (f"The council decided {what} on {_on(case.decision_to_assess_on)}.",), True)
    elif case.withdrawn_on is None:
        add("decision_to_assess", (f"{assess.family_text}.",), False, assess)
    if case.decided_to_assess is False:
        return _ended(case, today, steps, who, "refused", (_decision_sent(case.assess_notice_sent_on),))

    arrived = [m for m in advice if m.done is not None]
    if case.withdrawn_on is not None:
        if arrived:  # after a withdrawal, only what was done still shows
            add("advice", tuple(f"{_advice_name(m)} advice arrived on {_on(m.done)}." for m in arrived), True)
    else:
        if advice:
            when = tuple(
                f"{m.family_text}." if m.done is None else f"{_advice_name(m)} advice arrived on {_on(m.done)}."
                for m in advice
            )
        elif case.decided_to_assess:
            someone = "you" if who.young_person else who.child
            when = (f"The council asks for advice from the people who know {someone}. Each has 6 weeks to send it.",)
        else:
            when = ("If the council decides to assess, it asks for advice. Each adviser has 6 weeks to send it.",)
        gathered = case.decided_to_issue is not None or case.draft_served_on is not None
        add("advice", when, gathered, next((m for m in advice if _late(m)), None))

    issue = by_key["decision_to_issue"]
    if case.decision_to_issue_on is not None:
        what = "to make a plan" if case.decided_to_issue else "not to make a plan"
        add("decision_to_issue", (f"The council decided {what} on {_on(case.decision_to_issue_on)}.",), True)
    elif case.withdrawn_on is None:
        add("decision_to_issue", (f"{issue.family_text}.",), False, issue)
    if case.decided_to_issue is False:
        return _ended(case, today, steps, who, "refused", (_decision_sent(case.issue_notice_sent_on),))

    comments = by_key.get("draft_comments")
    if case.draft_served_on is not None and comments is not None:
        closed = comments.state == MilestoneState.MET or case.final_issued_on is not None or bool(case.withdrawn_on)
        add(
            "draft_plan",
            (f"The council sent you the draft plan on {_on(case.draft_served_on)}.", f"{comments.family_text}."),
            closed,
        )
    elif case.withdrawn_on is None:
        add("draft_plan", ("The council sends you a draft plan before the final plan.",), False)

    final = by_key["final_plan"]
    if case.final_issued_on is not None:
        add("final_plan", (f"The council issued the final plan on {_on(case.final_issued_on)}.",), True)
    elif case.withdrawn_on is None:
        add("final_plan", (f"{final.family_text}.",), False, final)

    if case.withdrawn_on is not None:
        return _ended(
            case, today, steps, who, "withdrawn", (f"The request was withdrawn on {_on(case.withdrawn_on)}.",)
        )
    if case.final_issued_on is not None and case.cease_decision_on is None:
        review = by_key.get("annual_review")
        lines: list[str] = []
        if case.last_review_on is not None:
            lines.append(f"The last review meeting was on {_on(case.last_review_on)}.")
        if review is not None and review.due is not None:
            lines.append(f"{review.family_text}.")
        add("annual_review", tuple(lines), False, review)
    if case.cease_decision_on is not None:
        lines = [f"The council decided on {_on(case.cease_decision_on)} to stop maintaining the plan."]
        appeal = by_key.get("cease_appeal")
        if appeal is not None and appeal.is_outstanding:
            lines.append(f"{appeal.family_text}.")
        if case.ceased_on is not None:
            lines.append(f"The plan ended on {_on(case.ceased_on)}.")
        add("cease", tuple(lines), case.ceased_on is not None)
    return _statuses(steps)


def _advice_name(m: Milestone) -> str:
    return m.key.split(":", 2)[2].replace("_", " ").capitalize()


def _decision_sent(notice_on: date | None) -> str:
    return (
        f"The council sent you its decision on {_on(notice_on)}. The request ends here unless the decision changes."
        if notice_on
        else "The request ends here unless the decision changes."
    )


def _ended(
    case: Case, today: date, steps: list[TrackerStep], who: Reader, key: str, when: tuple[str, ...]
) -> list[TrackerStep]:
    """The list ends where the request ended: a refusal (with the family's window to disagree while it is
    open) or a withdrawal."""
    if key == "refused":
        windows = [d.contact.family_text + "." for d in open_decisions(case, today)]
        when = (*when, *windows)
        done = not windows
    else:
        done = True
    steps.append(TrackerStep(key, TITLES[key], when, can_do(key, who), done))
    return _statuses(steps)


def _statuses(steps: list[TrackerStep]) -> list[TrackerStep]:
    """Done stages are done; the first stage not done is now, the one after it next, the rest later."""
    result = []
    pending = 0
    for step in steps:
        if step.done:
            status = DONE
        else:
            status = (NOW, NEXT)[pending] if pending < 2 else LATER
            pending += 1
        result.append(TrackerStep(step.key, step.title, step.when, step.can_do, step.done, status, step.late))
    return result


def is_overdue(case: Case, today: date, found: tuple[Milestone, ...] | None = None) -> bool:
    """The council has missed a statutory date on the case (the clock's overdue milestones, the family's
    own windows left out): the "Overdue" tag on the family's list of cases."""
    every = milestones(case, today) if found is None else found
    return any(m.state == MilestoneState.OVERDUE and m.key not in FAMILY_WINDOWS for m in every)


# --- What has happened ---------------------------------------------------------------------------------


def event_day(event: CaseEvent) -> date:
    """The day an event happened: its own date when staff recorded one, else the day it was recorded."""
    return event.happened_on or london_date(event.at)


def events_by_day(events: list[CaseEvent]) -> list[tuple[CaseEvent, date]]:
    """The family's timeline, newest first by the day each thing happened."""
    dated = [(e, event_day(e)) for e in events]
    return sorted(dated, key=lambda pair: (pair[1], pair[0].at), reverse=True)


# --- Contact and help ----------------------------------------------------------------------------------

IAS_FINDER = (
    "https://councilfordisabledchildren.org.uk/information-advice-and-support-services-network/"
    "find-your-local-ias-service"
)
TRIBUNAL_GUIDANCE = "https://www.gov.uk/send-tribunal"


@dataclass(frozen=True, slots=True)
class Help:
    """Who to contact about a case: the caseworker, the council's SEND team, SENDIASS and, once the family
    can appeal, the SEND Tribunal with the last day to appeal."""

    council: str
    caseworker: str | None
    send_team_email: str
    send_team_phone: str
    sendiass_name: str
    sendiass_url: str
    sendiass_phone: str
    can_appeal: bool
    appeal_by: date | None
    ias_finder: str = IAS_FINDER
    tribunal_guidance: str = TRIBUNAL_GUIDANCE


def local_authority_of(case: Case) -> LocalAuthority | None:
    la_id = case.local_authority_id
    return per_request(("local_authority", la_id), lambda: db.session.get(LocalAuthority, la_id))


def council_name(la: LocalAuthority | None) -> str:
    """The council as it is known ("Kent County Council"), else "<name> Council" (LocalAuthority.display_name)."""
    if la is None:
        return ""
    return la.display_name


def help_for(case: Case, today: date, found: list[Disagreement] | None = None) -> Help:
    la = local_authority_of(case)
    worker = db.session.get(StaffUser, case.assigned_caseworker_id) if case.assigned_caseworker_id else None
    decisions = mediation.appealable_decisions(case)
    return Help(
        council=council_name(la),
        caseworker=worker.name if worker else None,
        send_team_email=(la.send_team_email or "") if la else "",
        send_team_phone=la.send_team_phone if la else "",
        sendiass_name=la.sendiass_name if la else "",
        sendiass_url=la.sendiass_url if la else "",
        sendiass_phone=la.sendiass_phone if la else "",
        can_appeal=bool(decisions),
        appeal_by=last_day_to_appeal(case, today, decisions, found),
    )


def last_day_to_appeal(
    case: Case,
    today: date,
    decisions: list[tuple[DecisionKind, date]] | None = None,
    found: list[Disagreement] | None = None,
) -> date | None:
    """The last day to appeal to the SEND Tribunal, from the clock's deadlines: a disagreement's appeal
    deadline once its certificate is issued, the newest decision's 2 months from its notice, and the
    appeal against stopping the plan; the latest of those not passed, or None."""
    decisions = mediation.appealable_decisions(case) if decisions is None else decisions
    days = [m.due for m in appeal_deadlines(case, today, found) if m.due is not None]
    if decisions:
        days.append(appeal_deadline(decisions[-1][1], None))
    days += [m.due for m in plan_milestones(case, today) if m.key == "cease_appeal" and m.is_outstanding and m.due]
    days = [d for d in days if d >= today]
    return max(days) if days else None
