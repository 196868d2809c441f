"""Plans for the family-side tests: a case ready for its draft, a realistic plan written by a caseworker
through service.data.plan_changes (start, save section by section, issue), and the council's response.

Independent of service/demo.py: the demo plan can change without breaking these tests. Call inside an
app context; each function commits, as a request would."""

from __future__ import annotations

from datetime import date, timedelta

from service.data import plan_changes, plans
from service.data.context import ChangeContext
from service.db import db
from service.domain.ehcp import document as plan_document
from service.models import Case, Plan, PlanComment, PlanVersion, StaffUser
from tests.factories import make_case, make_staff

NEEDS = [
    {
        "id": "need-1",
        "area": "communication_interaction",
        "description": "Leo has a severe receptive and expressive language disorder. He understands short "
        "instructions of two key words and speaks in phrases of three to four words.",
        "impact": "He cannot follow whole-class teaching without visual support and is often left out of play.",
    },
    {
        "id": "need-2",
        "area": "cognition_learning",
        "description": "Leo's reading and spelling are about two years behind his age; his working memory is "
        "below the 5th centile.",
        "impact": "He forgets multi-step tasks and loses confidence in writing.",
    },
    {
        "id": "need-3",
        "area": "semh",
        "description": "Leo becomes anxious at transitions and when routines change without warning.",
        "impact": "He leaves the classroom two or three times a week and needs an adult to help him return.",
    },
]
OUTCOMES = [
    {
        "id": "outcome-1",
        "statement": "By the end of Year 4, Leo will follow three-step spoken instructions in class.",
        "measure": "Speech and language therapist's review against his baseline, each term.",
        "by_when": "July 2028",
        "need_ids": ["need-1"],
    },
    {
        "id": "outcome-2",
        "statement": "By the end of Year 4, Leo will read books at book band 10 with 90% accuracy.",
        "measure": "Running records taken by the class teacher each half term.",
        "by_when": "July 2028",
        "need_ids": ["need-2"],
    },
    {
        "id": "outcome-3",
        "statement": "By Easter 2028, Leo will manage changes to his day without leaving the classroom.",
        "measure": "The school's behaviour log: no exits in four consecutive weeks.",
        "by_when": "April 2028",
        "need_ids": ["need-3"],
    },
]
PROVISION = [
    {
        "id": "provision-1",
        "section": "f",
        "what": "Individual speech and language therapy on understanding and using sentences.",
        "who": "Speech and language therapist",
        "qualification": "HCPC registered",
        "ratio": {"staff": 1, "children": 1},
        "frequency": {"times": 1, "per": "week"},
        "minutes": 45,
        "need_ids": ["need-1"],
        "outcome_ids": ["outcome-1"],
    },
    {
        "id": "provision-2",
        "section": "f",
        "what": "A structured phonics and reading programme (Read Write Inc. Fresh Start).",
        "who": "Teaching assistant",
        "qualification": "Trained in the programme, supervised by the SENCo",
        "ratio": {"staff": 1, "children": 3},
        "frequency": {"times": 4, "per": "week"},
        "minutes": 30,
        "need_ids": ["need-2"],
        "outcome_ids": ["outcome-2"],
    },
    {
        "id": "provision-3",
        "section": "f",
        "what": "A visual timetable checked with Leo at the start of each day, and a warning before any change.",
        "who": "Class teacher",
        "qualification": "Qualified teacher",
        "ratio": {"staff": 1, "children": 1},
        "frequency": {"times": 1, "per": "day"},
        "minutes": 10,
        "need_ids": ["need-3"],
        "outcome_ids": ["outcome-3"],
    },
]


def change_of(staff: StaffUser, today: date | None = None) -> ChangeContext:
    return ChangeContext(user=staff, ip="127.0.0.1", today=today or date.today())


def case_for_a_plan(*, email: str | None = None, **fields) -> Case:
    """A case whose assessment is done and the council has decided to issue a plan."""
    values = {"child_first_name": "Leo", "decided_to_issue": True, "decision_to_issue_on": date.today(), **fields}
    if email:
        values["requester_email"] = email
    return make_case(stage="assessing", received_on=date.today() - timedelta(weeks=14), **values)


def write_plan(case: Case, staff: StaffUser) -> Plan:
    """Start the plan (prefilled from the case) and write a realistic B, E, F and A2, section by section."""
    change = change_of(staff)
    plan = plan_changes.start_plan(change, case)
    document = plans.working(plan)
    document = plan_document.replace_part(
        document,
        "section_a",
        {
            "history": "Leo was born at 32 weeks and had speech therapy from the age of three.",
            "communication": "Use short sentences, pictures and time to answer. Leo likes to be asked by name.",
            "child_views": "I like Lego and dinosaurs. I don't like it when it is noisy.",
            "aspirations": "Leo wants to be a vet.",
        },
    )
    plan_changes.save(change, plan, document, section="a2", opened_version=plan.version, summary="Section A written")
    document = {**document, "needs": NEEDS, "no_identified_needs": ["sensory_physical", "health", "social_care"]}
    plan_changes.save(change, plan, document, section="b", opened_version=plan.version, summary="Needs written")
    document = {**document, "outcomes": OUTCOMES}
    plan_changes.save(change, plan, document, section="e", opened_version=plan.version, summary="Outcomes written")
    document = {**document, "provision": PROVISION}
    document = plan_document.replace_part(
        document, "placement", {"name": "Oak Primary School", "type": "Mainstream primary school", "attendance": "day"}
    )
    plan_changes.save(change, plan, document, section="f", opened_version=plan.version, summary="Provision written")
    db.session.commit()
    return plan


def edit(case: Case, staff: StaffUser, section: str, change_document) -> None:
    """Save a change to the working copy: change_document(document) -> document."""
    plan = plans.plan_for_case(db.session.get(Case, case.id))
    assert plan is not None
    plan_changes.save(
        change_of(staff),
        plan,
        change_document(plans.working(plan)),
        section=section,
        opened_version=plan.version,
        summary="Edited",
    )
    db.session.commit()


def issue(case: Case, staff: StaffUser, status: str = "draft", on: date | None = None) -> PlanVersion:
    case = db.session.get(Case, case.id)
    plan = plans.plan_for_case(case)
    assert plan is not None
    version = plan_changes.issue(
        change_of(staff),
        plan,
        case,
        status=status,
        on=on or date.today(),
        opened_version=plan.version,
        override_reason="Tested",
    )
    db.session.commit()
    return version


def planned_case(
    *, email: str | None = None, served_on: date | None = None, final: bool = False, **fields
) -> tuple[Case, StaffUser, PlanVersion]:
    """A case with a realistic plan issued as Draft 1 on served_on (today), and the Final when final."""
    staff = make_staff()
    case = case_for_a_plan(email=email, decision_to_issue_on=served_on or date.today(), **fields)
    write_plan(case, staff)
    version = issue(case, staff, "draft", served_on)
    if final:
        version = issue(case, staff, "final")
    return db.session.get(Case, case.id), staff, version


def respond(staff: StaffUser, comment_id: int, response: str, reason: str) -> None:
    comment = db.session.get(PlanComment, comment_id)
    case = db.session.get(Case, comment.case_id)
    plan_changes.respond(change_of(staff), case, comment, response, reason)
    db.session.commit()
