"""Synthetic plan documents, for seed-synthetic and the plan benches: valid against the plan's JSON Schema,
of any size, with the golden thread (every outcome answers a need; every provision item meets a need and
supports an outcome, and states all five elements). Pure: a random generator in, a document out.

The sentences are built from short phrase lists, so a plan reads like a plan without being any child's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from service.domain.ehcp.document import Document, empty_document

B_AREAS = ("communication_interaction", "cognition_learning", "semh", "sensory_physical")
SKILLS = {
    "communication_interaction": [
        "understanding spoken instructions of more than two steps",
        "using sentences of four or more words to explain what happened",
        "starting and keeping up a conversation with other children",
        "understanding new topic vocabulary in lessons",
        "saying the sounds k, g and s clearly in words",
    ],
    "cognition_learning": [
        "blending sounds to read simple words",
        "remembering number facts to 10",
        "writing a sentence independently",
        "working memory for classroom instructions",
        "reading age-appropriate texts with understanding",
    ],
    "semh": [
        "managing worry at the start of the school day",
        "recognising and naming feelings before they become overwhelming",
        "coping with changes to routine",
        "joining in with games at break time",
        "returning to learning after a difficult moment",
    ],
    "sensory_physical": [
        "holding a pencil with a functional grip",
        "cutting along a line with scissors",
        "coping with noise in the dining hall",
        "balance and coordination in PE",
        "dressing and undressing for PE",
    ],
    "health": ["monitoring of hearing", "managing constipation at school", "sleep difficulties", "eczema care"],
    "social_care": ["support for the family with care at home", "time with peers outside school"],
}
IMPACTS = [
    "In class this means they often miss what to do next and rely on an adult to repeat it.",
    "This makes it hard to take part in group work without adult support.",
    "They become distressed and can leave the classroom, missing learning.",
    "Their written work is much shorter than they can say aloud.",
    "This affects friendships and confidence.",
]
PROVIDERS = {
    "f": [
        ("Speech and language therapist", "HCPC registered"),
        ("Teaching assistant", "trained in the school's language programme by the speech and language therapist"),
        ("Specialist teacher for specific learning difficulties", "Level 7 qualification in SpLD"),
        ("Class teacher", "qualified teacher status"),
        ("Occupational therapist", "HCPC registered"),
        ("Emotional literacy support assistant (ELSA)", "ELSA trained and supervised by an educational psychologist"),
    ],
    "g": [("NHS clinical audiologist", "HCPC registered"), ("School nurse", "NMC registered")],
    "h1": [("Personal assistant", "employed through a direct payment")],
    "h2": [("Short breaks youth worker", "Level 3 in youth work")],
}
ACTIVITIES = [
    "a structured language group following the therapist's programme",
    "individual phonics teaching using a systematic synthetic phonics programme",
    "a worry check-in with a named adult using a visual scale",
    "fine motor practice using the occupational therapist's programme",
    "pre-teaching of topic vocabulary before each new topic",
    "a review of progress against the outcomes, with the family",
    "a hearing review with advice to school on seating and amplification",
    "a short breaks session at a local club with trained staff",
]
PERIODS = ("day", "week", "week", "week", "fortnight", "half_term", "term")


@dataclass(frozen=True, slots=True)
class PlanSize:
    needs: int = 8
    outcomes: int = 6
    provision: int = 12


BENCH_SIZE = PlanSize(needs=30, outcomes=20, provision=60)  # about 40 pages as a PDF


def synthetic_document(
    rng: random.Random,
    size: PlanSize = PlanSize(),  # noqa: B008 - a frozen dataclass
    *,
    reference: str = "",
    local_authority: str = "",
    name: str = "",
    born: date | None = None,
    setting: str = "",
) -> Document:
    """A working copy with size.needs needs (across B, C and D), size.outcomes outcomes each answering one or
    two needs, and size.provision provision items in F, G, H1 and H2 each meeting a need and an outcome."""
    document = empty_document(reference, local_authority)
    personal = document["personal_details"]
    personal.update(name=name, date_of_birth=born.isoformat() if born else None, first_language="English")
    personal["contacts"] = [
        {"name": "Parent", "relationship": "Parent", "email": "", "telephone": "", "address": "", "main_contact": True}
    ]
    document["services"].update(setting=setting, known_to_social_care=False, looked_after=False)
    document["section_a"].update(
        history="Concerns were first raised at nursery. Support at school has included small group work.",
        communication="Use short sentences, give time to answer and show choices with pictures.",
        child_views="I like drawing and being outside. I don't like it when it's noisy.",
        family_views="We want them to be happy at school and to make friends.",
        interests="Drawing, football and dinosaurs.",
        strengths="Kind, funny and determined; remembers routes and places well.",
        aspirations="To read books on their own and to join a football club.",
        how_gathered="At a meeting with the family and in a session at school with a familiar adult.",
    )
    needs = []
    for n in range(1, max(size.needs, 1) + 1):
        area = B_AREAS[(n - 1) % 4]
        if n <= 2 and size.needs >= 6:  # a plan of any size has health and social care needs too
            area = "health" if n == 1 else "social_care"
        skill = rng.choice(SKILLS[area])
        needs.append(
            {
                "id": f"need-{n}",
                "area": area,
                "description": f"Difficulty with {skill}, at a level well below that expected for their age.",
                "impact": rng.choice(IMPACTS),
            }
        )
    document["needs"] = needs
    need_ids = [need["id"] for need in needs]
    used = {need["area"] for need in needs}
    document["no_identified_needs"] = [area for area in (*B_AREAS, "health", "social_care") if area not in used]
    outcome_count = max(size.outcomes, 1)
    answered_by = {need_id: f"outcome-{index % outcome_count + 1}" for index, need_id in enumerate(need_ids)}
    outcomes = []
    for n in range(1, outcome_count + 1):
        answers = [need_id for need_id in need_ids if answered_by[need_id] == f"outcome-{n}"] or [need_ids[0]]
        outcomes.append(
            {
                "id": f"outcome-{n}",
                "statement": f"Will show progress with {rng.choice(SKILLS[_area(needs, answers[0])])} "
                "in four out of five observed opportunities.",
                "measure": "Observation by the class teacher each half term, recorded against the baseline.",
                "by_when": rng.choice(
                    ["By the end of this school year", "By the next annual review", "Within 2 years"]
                ),
                "need_ids": answers,
            }
        )
    document["outcomes"] = outcomes
    provision = []
    for n in range(1, size.provision + 1):
        need = need_ids[(n - 1) % len(need_ids)]  # every need has provision once there are as many items as needs
        outcome_id = answered_by[need] if any(o["id"] == answered_by[need] for o in outcomes) else outcomes[0]["id"]
        section = {"health": "g", "social_care": "h2" if n % 2 else "h1"}.get(_area(needs, need), "f")
        who, qualification = rng.choice(PROVIDERS[section])
        row = {
            "id": f"provision-{n}",
            "section": section,
            "what": rng.choice(ACTIVITIES).capitalize() + ".",
            "who": who,
            "qualification": qualification,
            "ratio": {"staff": 1, "children": rng.choice((1, 1, 2, 4, 6))},
            "frequency": {"times": rng.choice((1, 1, 2, 3, 5)), "per": rng.choice(PERIODS)},
            "minutes": rng.choice((15, 20, 30, 45, 60)),
            "need_ids": [need],
            "outcome_ids": [outcome_id],
        }
        if section == "g":
            row["agreed_by"] = "The integrated care board"
        provision.append(row)
    document["provision"] = provision
    return document


def _area(needs: list[dict[str, str]], need_id: str) -> str:
    return next(need["area"] for need in needs if need["id"] == need_id)
