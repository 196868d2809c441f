"""Disagreements in words: the decisions a family can disagree with (as staff and the certificate name them,
and as the family's pages put them), the parts of a plan, how a family got in touch, how mediation takes
place, its outcomes and the kinds of action agreed at mediation."""

from __future__ import annotations

from service.domain.clock import PLAN_PARTS as PLAN_PART_KEYS
from service.domain.clock import DecisionKind, OrderKind

# Staff pages, the certificate and the figures: "the decision not to ..." (lower case, to follow words).
DECISION_NAMES = {
    DecisionKind.NOT_TO_ASSESS: "the decision not to carry out an EHC needs assessment",
    DecisionKind.NOT_TO_ISSUE: "the decision not to make an EHC plan",
    DecisionKind.PLAN_CONTENTS: "the final EHC plan",
    DecisionKind.NOT_TO_AMEND: "the decision not to change the EHC plan after its review",
    DecisionKind.CEASE: "the decision to stop maintaining the EHC plan",
}
# The family's pages: what the council did, in full.
FAMILY_DECISIONS = {
    DecisionKind.NOT_TO_ASSESS: "The council decided not to carry out an education, health and care (EHC) needs assessment",
    DecisionKind.NOT_TO_ISSUE: "The council decided not to make an education, health and care (EHC) plan",
    DecisionKind.PLAN_CONTENTS: "The council issued the final education, health and care (EHC) plan",
    DecisionKind.NOT_TO_AMEND: "The council reviewed the education, health and care (EHC) plan and decided not to change it",
    DecisionKind.CEASE: "The council decided to stop maintaining the education, health and care (EHC) plan",
}
# The parts of a final plan a family can disagree with, in the plan's order (the domain owns the keys).
PLAN_PARTS = dict(
    zip(
        PLAN_PART_KEYS,
        (
            "Section B: special educational needs",
            "Section F: special educational provision",
            "Section I: the school or college named in the plan",
            "Health parts of the plan",
            "Social care parts of the plan",
        ),
        strict=True,
    )
)
CONTACT_METHODS = {
    "phone": "By phone",
    "letter": "By letter",
    "email": "By email",
    "in_person": "In person",
    "online": "Online, through this service",
}
FORMATS = {"in_person": "In person", "online": "Online (video call)", "phone": "By phone"}
OUTCOMES = {"agreement": "Agreement", "partial": "Partial agreement", "none": "No agreement"}
ACTION_KINDS = {
    OrderKind.NOT_APPEALABLE: "Something the family could not appeal about (2 weeks)",
    OrderKind.ASSESS_NOTIFY: "Tell the family the council will carry out an assessment (2 weeks)",
    OrderKind.ASSESS_NO_PLAN: "After assessing, tell the family if no plan will be made (10 weeks)",
    OrderKind.ASSESS_FINAL: "After assessing, issue the final plan (14 weeks)",
    OrderKind.MAKE_PLAN_DRAFT: "Send the draft plan (5 weeks)",
    OrderKind.MAKE_PLAN_FINAL: "Issue the final plan (11 weeks)",
    OrderKind.AMEND_CONTENTS: "Amend sections B, F or I of the plan (5 weeks)",
    OrderKind.SECTION_I_ONLY: "Change the school or college named in section I only (2 weeks)",
}


def decision_name(kind: DecisionKind, capitalised: bool = False) -> str:
    name = DECISION_NAMES[kind]
    return f"{name[0].upper()}{name[1:]}" if capitalised else name
