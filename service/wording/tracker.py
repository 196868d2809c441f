"""The family's step-by-step tracker in words: each stage's name and what the family can do at it, spoken to
a parent ("your child") or to a young person asking for themself ("you"). Dates come from the clock."""

from __future__ import annotations

from typing import NamedTuple

# The status of a stage, as the tracker shows it in words (never colour alone).
STATUS_TEXT = {"done": "Done", "now": "Now", "next": "Next", "later": "Later"}
STATUS_CLASSES = {
    "done": "govuk-tag--green",
    "now": "govuk-tag--blue",
    "next": "govuk-tag--light-blue",
    "later": "govuk-tag--grey",
}

TITLES = {
    "request_received": "Request received",
    "decision_to_assess": "Decision whether to assess",
    "advice": "Advice gathered",
    "decision_to_issue": "Decision whether to make a plan",
    "draft_plan": "Draft plan and 15 days to comment",
    "final_plan": "Final plan",
    "annual_review": "Annual review",
    "refused": "If you disagree with the decision",
    "withdrawn": "Request withdrawn",
    "cease": "The plan is stopping",
}


class Reader(NamedTuple):
    """How the pages speak about the child or young person."""

    young_person: bool
    child: str  # "Amara" or "you"
    childs: str  # "Amara's" or "your"
    needs: str  # "Amara's needs" or "your needs"

    @property
    def Childs(self) -> str:  # noqa: N802 - at the start of a sentence: "Amara's" or "Your"
        return "Your" if self.young_person else self.childs


def reader(young_person: bool, first_name: str) -> Reader:
    if young_person:
        return Reader(True, "you", "your", "your needs")
    return Reader(False, first_name, f"{first_name}'s", f"{first_name}'s needs")


def can_do(key: str, who: Reader) -> tuple[str, ...]:
    """What the family can do at a stage, in the reader's words."""
    you = "you" if who.young_person else "you and your child"
    texts: dict[str, tuple[str, ...]] = {
        "request_received": (f"Send the council any reports or letters about {who.needs} at any time.",),
        "decision_to_assess": (
            f"Send the council evidence of {who.needs} and the support tried so far.",
            "If the council decides not to assess, you can ask for mediation or appeal to the SEND Tribunal.",
        ),
        "advice": (
            "Tell the council who knows " + ("you" if who.young_person else who.child) + " well, so it can ask them.",
            f"The council must ask for {who.childs} views and yours, and take them into account."
            if not who.young_person
            else "The council must ask for your views and take them into account.",
        ),
        "decision_to_issue": (
            "If the council decides not to make a plan, you can ask for mediation or appeal to the SEND Tribunal.",
        ),
        "draft_plan": (
            "Comment on the draft plan, ask for a school or college to be named in it, or ask for a meeting, "
            "within 15 days of getting it.",
        ),
        "final_plan": (
            "If you disagree with what the final plan says or the school or college it names, you can ask for "
            "mediation or appeal to the SEND Tribunal.",
        ),
        "annual_review": (
            f"The council reviews the plan at least every 12 months. It asks what {you} think of it.",
            "You can ask the council for an early review if things change.",
        ),
        "refused": (
            "You can ask for mediation, or for a mediation certificate so you can appeal to the SEND Tribunal.",
        ),
        "withdrawn": ("You can make a new request at any time.",),
        "cease": ("You can appeal to the SEND Tribunal against the decision to stop the plan.",),
    }
    return texts.get(key, ())
