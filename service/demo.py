"""Demo data for `make run`: staff in two local authorities and cases at every stage, dated relative
to today so deadlines are always live. Development and test only; idempotent."""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache

from sqlmodel import col, select

from service.auth.passwords import hash_password
from service.data.facts import refresh_clock
from service.data.figures import refresh as refresh_figures
from service.data.local_authorities import by_old_code
from service.data.settings import load_demo_settings
from service.db import db
from service.demo_plans import seed_demo_plans
from service.domain.clock import AdviceRequest, AssessmentFacts
from service.domain.dates import add_months
from service.jobs import RENDER_PLAN_PDF, enqueue_after_commit
from service.models import AdviceRequest as AdviceRow
from service.models import (
    Case,
    CaseAccess,
    CaseEvent,
    InclusionPlan,
    Organisation,
    PlanVersion,
    Professional,
    StaffUser,
)
from service.references import new_reference

DEMO_PASSWORD = "demo password 2026"  # noqa: S105 - development demo accounts only
STAFF = [
    ("886", "kent.caseworker@example.gov.uk", "Sam Patel", "caseworker"),
    ("886", "kent.manager@example.gov.uk", "Alex Morgan", "manager"),
    ("886", "kent.readonly@example.gov.uk", "Jo Reid", "read_only"),
    ("383", "leeds.caseworker@example.gov.uk", "Priya Shah", "caseworker"),
]
FAMILY_EMAIL = "parent@example.com"
DEMO_INCLUSION_PLAN = {  # Kent's published local inclusion plan page (demo words, not Kent's)
    "partnership": (
        "Kent's local inclusion partnership brings together the council, schools, colleges, early years "
        "settings, the NHS Kent and Medway integrated care board and Kent's parent carer forum.\n\n"
        "We meet every term to plan support for children and young people with special educational "
        "needs and disabilities, and to check that it is working."
    ),
    "offer": (
        "Every school in Kent can ask the specialist teaching service for advice.\n\n"
        "Some mainstream schools have a resourced provision or a special educational needs unit: places "
        "for children who need more specialist support. Kent's special schools provide for children with "
        "the most complex needs.\n\n"
        "The list below shows the settings in Kent and the types of need each provides for."
    ),
}
# Issue 15: two plans at River Primary School (the demo SENCO's school), one with its annual review due next
# month and one whose review is overdue: (first name, last name, born, months since the final plan, email).
REVIEW_CASES = (
    ("Theo", "Hughes", date(2017, 10, 3), 11, "hughes.family@example.com"),
    ("Ryan", "Clarke", date(2016, 4, 18), 14, "clarke.family@example.com"),
)
RIVER_PRIMARY = ("River Primary School", 118393)
DEMO_FAMILY_EMAILS = (  # the families whose demo cases have plans
    FAMILY_EMAIL,
    "evans.family@example.com",
    *(email for *_, email in REVIEW_CASES),
)


@cache
def _demo_password_hash() -> str:
    """One argon2 hash for every demo account (they share the published demo password), made once per
    process: the demo is seeded before many tests, and four hashes cost half a second each time."""
    return hash_password(DEMO_PASSWORD)


def _case(la_id: int, first: str, last: str, born: date, received: date, today: date, email: str, **steps) -> Case:
    requester = steps.pop("requester", {})  # Case fields of who asked, when not the parent (issue 16)
    advice = steps.pop("advice", ())
    named_setting = steps.pop("named_setting", "")
    facts = AssessmentFacts(received_on=received, advice_requests=tuple(AdviceRequest(*a) for a in advice), **steps)
    case = Case(
        reference=new_reference(),
        local_authority_id=la_id,
        stage="request_received",
        received_on=received,
        child_first_name=first,
        child_last_name=last,
        child_date_of_birth=born,
        child_address="1 Example Street",
        child_postcode="ME14 1XX",
        current_setting_type="school",
        current_setting_name="Oak Primary School",
        requester_role="parent",
        requester_name="Chidi Okafor" if email == FAMILY_EMAIL else "Demo Parent",
        requester_relationship="Parent",
        requester_email=email,
        contact_preference="email",
        communication_needs=json.dumps({"needs": ["none"]}),
        needs="Speech, language and communication needs",
        current_support="Speech and language therapy twice a term",
        support_tried="Small group work and visual timetables",
        hopes="Support to communicate and make friends",
        consent_to_share=True,
        named_setting=named_setting,
        **steps,
    )
    for name, value in requester.items():
        setattr(case, name, value)
    refresh_clock(case, facts, today)
    db.session.add(case)
    db.session.flush()
    for kind, on, *received in advice:
        db.session.add(
            AdviceRow(case_id=case.id, kind=kind, requested_on=on, received_on=received[0] if received else None)
        )
    db.session.add(
        CaseEvent(
            case_id=case.id,
            kind="request_received",
            summary="Request for an EHC needs assessment received",
            actor="The family",
            family_visible=True,
        )
    )
    return case


# Issue 16: Oliver Brown's request was made by River Primary School's SENCO; his mother is told by post and
# signs in with her own email.
DEMO_SCHOOL_REQUEST = {
    "requester_role": "professional",
    "requester_name": "Priya Shah",
    "requester_relationship": "SENCO",
    "requester_email": "senco@river-primary.example.sch.uk",
    "current_setting_name": "River Primary School",
    "parent_name": "Emma Brown",
    "parent_email": "brown.family@example.com",
    "parent_contact_preference": "post",
    "parent_postal_address": "22 Orchard Way\nDover\nCT16 1AA",
}


# Issue 14: organisations outside the council, added by Kent, each with one person who has accepted
# their invitation: (kind, name, urn, person's name, email, job title).
DEMO_PROFESSIONALS = [
    ("setting", "River Primary School", 118393, "Priya Shah", "senco@river-primary.example.sch.uk", "SENCO"),
    (
        "educational_psychology",
        "Kent Educational Psychology Service",
        None,
        "Dr Sam Lee",
        "ep@kent-eps.example.org",
        "Educational psychologist",
    ),
]


def _demo_professionals(kent_id: int) -> list[str]:
    lines = []
    for kind, name, urn, person_name, email, role in DEMO_PROFESSIONALS:
        organisation = db.session.exec(select(Organisation).where(Organisation.name == name)).first()
        if organisation is None:
            organisation = Organisation(kind=kind, name=name, urn=urn, local_authority_id=kent_id)
            db.session.add(organisation)
            db.session.flush()
        if db.session.exec(select(Professional).where(Professional.email == email)).first() is None:
            db.session.add(
                Professional(organisation_id=organisation.id, email=email, name=person_name, role=role, active=True)
            )
        lines.append(
            f"Professional: {email} at {name}: sign in at /professional/sign-in with the code from /dev/outbox"
        )
    return lines


def seed_demo(today: date) -> list[str]:
    """Create the demo accounts and cases once; return lines describing what exists."""
    lines = []
    kent, leeds = by_old_code("886"), by_old_code("383")
    for code, email, name, role in STAFF:
        la = kent if code == "886" else leeds
        if db.session.exec(select(StaffUser).where(StaffUser.email == email)).first() is None:
            db.session.add(
                StaffUser(
                    local_authority_id=la.id,
                    email=email,
                    name=name,
                    role=role,
                    password_hash=_demo_password_hash(),
                )
            )
        lines.append(f"{la.name} {role}: {email} / password '{DEMO_PASSWORD}' (then the code at /dev/outbox)")
    lines += _demo_professionals(kent.id)  # issue 14: a school and an EP service, each with a person
    kent.send_team_email = kent.send_team_email or "send.team@kent.example.gov.uk"
    # issue 16: the contact and help on every family case page (demo values: example addresses, Ofcom's drama range)
    for la, area, phone, ias_phone in (
        (kent, "kent", "01632 960001", "01632 960011"),
        (leeds, "leeds", "01632 960002", "01632 960012"),
    ):
        la.send_team_phone = la.send_team_phone or phone
        if not la.sendiass_name:
            la.sendiass_name = f"{la.name} SENDIASS (demo)"
            la.sendiass_url = f"https://sendiass.{area}.example.org"
            la.sendiass_phone = ias_phone
    if not kent.mediation_adviser_name:  # who families contact to disagree (managers change them on a staff page)
        kent.mediation_adviser_name = "Kent Mediation Service (demo)"
        kent.mediation_adviser_email = "mediation@kent.example.org"
        kent.mediation_adviser_phone = "01622 000000"
        kent.health_contact_name = "NHS Kent and Medway SEND disagreements (demo)"
        kent.health_contact_email = "send.disagreements@nhs.example.net"
        kent.health_contact_phone = "01622 111111"
    if db.session.exec(select(Case).where(Case.local_authority_id == kent.id)).first() is None:
        d = lambda days: today - timedelta(days=days)  # noqa: E731
        _case(kent.id, "Amara", "Okafor", date(2017, 3, 14), d(50), today, FAMILY_EMAIL)
        _case(
            kent.id,
            "Leo",
            "Okafor",
            date(2019, 9, 2),
            d(125),
            today,
            FAMILY_EMAIL,
            decided_to_assess=True,
            decision_to_assess_on=d(90),
            decided_to_issue=True,
            decision_to_issue_on=d(10),
            draft_served_on=d(5),
            advice=(("educational_psychology", d(89), d(50)), ("health", d(89), d(46))),
        )
        _case(
            kent.id,
            "Maya",
            "Okafor",
            date(2014, 1, 20),
            d(70),
            today,
            FAMILY_EMAIL,
            decided_to_assess=False,
            decision_to_assess_on=d(25),
        )
        # Issue 16: a request River Primary School's SENCO made, naming Oliver's mother, who chose letters
        oliver = _case(
            kent.id,
            "Oliver",
            "Brown",
            date(2016, 5, 1),
            d(10),
            today,
            DEMO_SCHOOL_REQUEST["requester_email"],
            requester=DEMO_SCHOOL_REQUEST,
        )
        db.session.add(
            CaseAccess(case_id=oliver.id, email=DEMO_SCHOOL_REQUEST["parent_email"], role="parent",
                       agreed_by_young_person=True)
        )  # fmt: skip
        _case(
            kent.id,
            "Isla",
            "Khan",
            date(2015, 11, 30),
            d(75),
            today,
            "khan.family@example.com",
            decided_to_assess=True,
            decision_to_assess_on=d(36),
            advice=(("educational_psychology", d(35)), ("social_care", d(20))),
        )
        _case(
            kent.id,
            "Noah",
            "Evans",
            date(2012, 7, 7),
            d(160),
            today,
            "evans.family@example.com",
            decided_to_assess=True,
            decision_to_assess_on=d(120),
            decided_to_issue=True,
            decision_to_issue_on=d(60),
            draft_served_on=d(55),
            final_issued_on=d(30),
            named_setting="Maidstone Grammar School",
        )
    _review_cases(kent.id, today)
    if db.session.exec(select(Case).where(Case.local_authority_id == leeds.id)).first() is None:
        _case(
            leeds.id, "Ruby", "Walker", date(2018, 2, 2), today - timedelta(days=20), today, "walker.family@example.com"
        )
        _case(leeds.id, "Jack", "Wood", date(2013, 4, 4), today - timedelta(days=45), today, "wood.family@example.com")
    if load_demo_settings(today):  # River Primary School, Dover (URN 118393) and settings near it
        lines.append("Settings: the demo's Kent settings loaded (flask load-settings loads all of them)")
    if db.session.exec(select(InclusionPlan).where(InclusionPlan.local_authority_id == kent.id)).first() is None:
        db.session.add(InclusionPlan(local_authority_id=kent.id, published=True, **DEMO_INCLUSION_PLAN))
    db.session.commit()
    lines += seed_demo_plans(kent.id, today)  # written and issued through the service, after the cases exist
    db.session.commit()
    # Issue 17: the dashboard's live figures of the demo councils, worked out from their cases as the worker does.
    written = sum(r.figures for r in refresh_figures([kent.id, leeds.id], today))
    lines.append(f"Dashboard: Kent's and Leeds's live figures worked out from their cases ({written} figures)")
    lines += seed_national_users(_demo_password_hash())
    db.session.commit()
    lines.append(
        f"Family: {FAMILY_EMAIL} has 3 cases in Kent: sign in at /sign-in with the link or code from /dev/outbox"
    )
    return lines


NATIONAL_USERS = [
    ("dfe.analyst@example.gov.uk", "Dana Fox", "national", ""),
    ("southeast.analyst@example.gov.uk", "Rob Lane", "regional", "South East"),
]


def seed_national_users(password_hash: str) -> list[str]:
    lines = []
    for email, name, role, region in NATIONAL_USERS:
        if db.session.exec(select(StaffUser).where(StaffUser.email == email)).first() is None:
            db.session.add(
                StaffUser(
                    local_authority_id=None,  # type: ignore[arg-type] # no council: an aggregate role
                    email=email,
                    name=name,
                    role=role,
                    region=region,
                    password_hash=password_hash,
                )
            )
        lines.append(
            f"{'DfE national' if role == 'national' else region + ' regional'} view: {email} at /staff/sign-in, then /national"
        )
    return lines


def _review_cases(kent_id: int, today: date) -> None:
    """The plans in their annual review cycle at River Primary School, each created once (the demo may have
    been seeded before they were added). Their plans are written and issued by seed_demo_plans."""
    for first, last, born, months, email in REVIEW_CASES:
        query = select(Case).where(
            Case.local_authority_id == kent_id, Case.child_first_name == first, Case.child_last_name == last
        )
        if db.session.exec(query).first() is not None:
            continue
        final = add_months(today, -months)
        case = _case(
            kent_id,
            first,
            last,
            born,
            final - timedelta(weeks=20),
            today,
            email,
            decided_to_assess=True,
            decision_to_assess_on=final - timedelta(weeks=14),
            decided_to_issue=True,
            decision_to_issue_on=final - timedelta(weeks=5),
            draft_served_on=final - timedelta(weeks=4),
            final_issued_on=final,
            named_setting=RIVER_PRIMARY[0],
            advice=(
                ("educational_psychology", final - timedelta(weeks=13), final - timedelta(weeks=8)),
                ("health", final - timedelta(weeks=13), final - timedelta(weeks=9)),
                ("setting", final - timedelta(weeks=13), final - timedelta(weeks=10)),
            ),
        )
        case.current_setting_name, case.current_setting_urn = RIVER_PRIMARY
        case.current_setting_type = "school"


def queue_demo_pdfs() -> int:
    """Ask the worker for the PDF of each demo plan version that has none (the demo seed leaves them, so
    the many tests that seed the demo do not each render three PDFs). `flask seed-demo` calls this; the
    caller commits, and the jobs go to the worker (or run in this process without Redis) after that.
    Only the demo's own cases: synthetic plans in the same database wait for the worker's sweeper."""
    demo_cases = select(Case.id).where(col(Case.requester_email).in_(DEMO_FAMILY_EMAILS))
    query = select(PlanVersion.id).where(
        col(PlanVersion.case_id).in_(demo_cases), col(PlanVersion.pdf_document_id).is_(None)
    )
    ids = [version_id for version_id in db.session.exec(query) if version_id is not None]
    for version_id in ids:
        enqueue_after_commit(RENDER_PLAN_PDF, version_id)
    return len(ids)
