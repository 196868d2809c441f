"""Factories for test data: a case, a family, a member of staff and a disagreement, each with sensible
defaults, so a test states only the facts it depends on.

They build real rows through the service's models and data functions (the clock is refreshed by
service.data.facts, a disagreement is recorded by service.data.mediation_changes), like the demo data in
service/demo.py but independent of it: editing the demo family breaks no test. Call them inside an
app context (`with app.app_context():`); each commits, and the rows it returns stay readable after
the context ends (the session does not expire on commit).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from service.auth.passwords import hash_password
from service.data.caseload import forget_counts
from service.data.facts import assessment_facts, refresh_clock
from service.data.local_authorities import by_old_code
from service.data.mediation_changes import request_mediation
from service.db import db
from service.models import (
    AdviceRequest,
    Case,
    CaseAccess,
    CaseEvent,
    Disagreement,
    LocalAuthority,
    Organisation,
    Professional,
    StaffUser,
)
from service.references import new_reference

KENT, LEEDS = "886", "383"  # DfE local authority codes: any of the 153 loaded before the tests
PASSWORD = "factory password 2026"
_numbers = itertools.count(1)
_password_hashes: dict[str, str] = {}

# The facts each stage needs, beyond the request (service.domain.stages.stage reads them in this order).
STAGE_FACTS: dict[str, dict[str, bool]] = {
    "request_received": {},
    "not_to_assess": {"decided_to_assess": False},
    "assessing": {"decided_to_assess": True},
    "not_to_issue": {"decided_to_assess": True, "decided_to_issue": False},
    "draft_issued": {"decided_to_assess": True, "decided_to_issue": True, "draft_served_on": True},
    "final_issued": {
        "decided_to_assess": True,
        "decided_to_issue": True,
        "draft_served_on": True,
        "final_issued_on": True,
    },
    "withdrawn": {"withdrawn_on": True},
}

STEP_DATES = (  # each stage fact and its date, in the legal order
    ("decided_to_assess", "decision_to_assess_on"),
    ("decided_to_issue", "decision_to_issue_on"),
    ("draft_served_on", "draft_served_on"),
    ("final_issued_on", "final_issued_on"),
    ("withdrawn_on", "withdrawn_on"),
)


def council(code: str | LocalAuthority = KENT) -> LocalAuthority:
    """A local authority by its 3-digit DfE code (Kent unless told)."""
    if isinstance(code, LocalAuthority):
        return code
    found = by_old_code(code)
    assert found is not None, f"no local authority with code {code}"
    return found


def _password_hash(password: str) -> str:
    # argon2 is slow on purpose; one hash per password for the whole run keeps the factories quick.
    if password not in _password_hashes:
        _password_hashes[password] = hash_password(password)
    return _password_hashes[password]


def make_staff(
    role: str = "caseworker",
    local_authority: str | LocalAuthority = KENT,
    *,
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    **fields,
) -> StaffUser:
    """A council staff account (role: caseworker, manager, read_only or mediation_adviser) that signs in
    with `password` (None: invited, no password yet)."""
    la = council(local_authority)
    n = next(_numbers)
    user = StaffUser(
        local_authority_id=la.id,
        email=email or f"{role.replace('_', '-')}.{n}@{la.old_la_code}.example.gov.uk",
        name=name or f"{role.replace('_', ' ').capitalize()} {n}",
        role=role,
        password_hash=_password_hash(password) if password is not None else None,
        **fields,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_case(
    local_authority: str | LocalAuthority = KENT,
    received_on: date | None = None,
    stage: str = "request_received",
    *,
    today: date | None = None,
    advice: tuple[tuple, ...] = (),
    **fields,
) -> Case:
    """A case received on `received_on` (a week before today unless told) that has reached `stage`.

    The steps the stage needs happen today unless a field dates them (`decision_to_assess_on=`,
    `draft_served_on=`, ...); an undated step happens on the day of the next dated one. Any Case field
    can be given. `advice` is (kind, requested_on[, received_on])
    tuples. The stored stage and next due date come from the clock, as for every real case.
    """
    if stage not in STAGE_FACTS:
        raise ValueError(f"unknown stage {stage!r}: one of {', '.join(STAGE_FACTS)}")
    today = today or date.today()
    received_on = received_on or today - timedelta(weeks=1)
    la = council(local_authority)
    n = next(_numbers)
    needed = STAGE_FACTS[stage]
    steps: dict[str, object] = {name: value for name, value in needed.items() if name.startswith("decided_to_")}
    latest = today  # a step not dated happens on the day of the next dated step, or today
    for name, on in reversed(STEP_DATES):
        if on in fields:
            latest = fields[on]
        elif name in needed:
            steps[on] = latest
    if stage == "final_issued":
        steps["named_setting"] = "Oak Primary School"
    values = {
        "child_first_name": "Child",
        "child_last_name": f"Number{n}",
        "child_date_of_birth": date(2016, 1, 1),
        "child_address": "1 Example Street",
        "child_postcode": "ME14 1XX",
        "current_setting_type": "school",
        "current_setting_name": "Oak Primary School",
        "requester_role": "parent",
        "requester_name": f"Parent {n}",
        "requester_relationship": "Parent",
        "requester_email": f"family.{n}@example.com",
        "contact_preference": "email",
        "communication_needs": json.dumps({"needs": ["none"]}),
        "needs": "Speech, language and communication needs",
        "consent_to_share": True,
        **steps,
        **fields,
    }
    case = Case(reference=new_reference(), local_authority_id=la.id, stage=stage, received_on=received_on, **values)
    db.session.add(case)
    db.session.flush()
    for kind, requested_on, *received in advice:
        db.session.add(
            AdviceRequest(case_id=case.id, kind=kind, requested_on=requested_on, received_on=(received or [None])[0])
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
    db.session.flush()
    refresh_clock(case, assessment_facts(case), today)
    assert case.stage == stage, f"the facts given make a {case.stage} case, not {stage}"
    db.session.commit()
    forget_counts(la.id)  # the caseload's filter counts are cached per process
    return case


@dataclass
class Family:
    """The people who signed in with one email address, and their children's cases."""

    email: str
    cases: list[Case] = field(default_factory=list)

    def case(self, first_name: str) -> Case:
        return next(c for c in self.cases if c.child_first_name == first_name)


def make_family(
    *children: dict,
    email: str | None = None,
    local_authority: str | LocalAuthority = KENT,
    young_person: str = "",
    **fields,
) -> Family:
    """A family: one case per child (each a dict of make_case arguments; one child unless told), all
    requested from `email`, with `fields` (make_case arguments) common to every child. `young_person`
    (an email) holds the first child's case as a young person."""
    email = email or f"family.{next(_numbers)}@example.com"
    family = Family(email=email)
    for child in children or ({},):
        family.cases.append(make_case(local_authority, **{"requester_email": email, **fields, **child}))
    if young_person:
        db.session.add(CaseAccess(case_id=family.cases[0].id, email=young_person, role="young_person"))
        db.session.commit()
    return family


def make_disagreement(
    case: Case | None = None,
    *,
    wants_mediation: bool = True,
    sections: tuple[str, ...] = (),
    contacted_on: date | None = None,
    availability: str = "Weekday mornings",
    access_needs: str = "",
    attendees: str = "",
) -> Disagreement:
    """The family's disagreement with the case's appealable decision, as the family's request records it
    (a case decided not to assess today unless one is given), contacted on `contacted_on` (today)."""
    case = db.session.get(Case, case.id) if case is not None else make_case(stage="not_to_assess")
    disagreement = request_mediation(
        case,
        list(sections),
        wants_mediation,
        availability,
        access_needs,
        attendees,
        contacted_on or date.today(),
    )
    db.session.commit()  # data functions flush; the request (here, the factory) commits
    forget_counts(case.local_authority_id)
    return disagreement


def make_organisation(
    kind: str = "setting",
    local_authority: str | LocalAuthority = KENT,
    *,
    name: str | None = None,
    urn: int | None = None,
    **fields,
) -> Organisation:
    """An organisation outside the council (a setting, EP service, health provider or social care team)."""
    n = next(_numbers)
    organisation = Organisation(
        kind=kind,
        name=name or f"{kind.replace('_', ' ').capitalize()} organisation {n}",
        urn=urn,
        local_authority_id=council(local_authority).id,
        **fields,
    )
    db.session.add(organisation)
    db.session.commit()
    return organisation


def make_professional(
    organisation: Organisation | None = None, *, email: str | None = None, name: str | None = None, **fields
) -> Professional:
    """A person at `organisation` (a new setting unless given) who has accepted their invitation."""
    organisation = organisation or make_organisation()
    n = next(_numbers)
    person = Professional(
        organisation_id=organisation.id,
        email=email or f"professional.{n}@org{organisation.id}.example.org",
        name=name or f"Professional {n}",
        active=fields.pop("active", True),
        **fields,
    )
    db.session.add(person)
    db.session.commit()
    return person


def make_aggregate_user(role: str = "national", region: str = "", *, email: str | None = None) -> StaffUser:
    """A DfE national or regional analyst (issue 17): a staff account with no council."""
    n = next(_numbers)
    user = StaffUser(
        local_authority_id=None,
        region=region,
        email=email or f"{role}.{n}@example.gov.uk",
        name=f"{role.capitalize()} analyst {n}",
        role=role,
        password_hash=_password_hash(PASSWORD),
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_figures(
    local_authority: str | LocalAuthority, measure: str, values: dict[str, tuple[int, int | None]], breakdown: str = ""
) -> None:
    """CouncilFigure rows of one measure: period ("YYYY-MM") -> (numerator, denominator)."""
    from service.models import CouncilFigure

    la = council(local_authority)
    for period, (numerator, denominator) in values.items():
        db.session.add(
            CouncilFigure(
                local_authority_id=la.id,
                measure=measure,
                period=period,
                breakdown=breakdown,
                numerator=numerator,
                denominator=denominator,
            )
        )
    db.session.commit()
