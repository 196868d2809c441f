"""The demo cases' plans, written through the service as a caseworker would write them (service.data.
plan_changes: start the plan, save it section by section, issue it), so the demo shows a plan, its edit
log, its versions and what changed between them.

- Leo Okafor (born 2019, draft served 5 days ago; educational psychology and health advice received): a
  draft plan for a 7-year-old with speech and language needs, early literacy, anxiety and fine motor needs.
- Noah Evans (final plan issued 30 days ago): Draft 1 and the Final plan, with the changes made after the
  family's comments between them, and the named school.
- Theo Hughes (final plan issued 11 months ago: its annual review is due next month) and Ryan Clarke
  (issued 14 months ago, no review held: overdue), both at River Primary School (URN 118393, the demo
  SENCO's school), named in section I, with outcomes in section E for the review to assess progress against.

The demo cases already have their draft served and final issued dates, so issuing records each version as
a later issue (a timeline event and the family's message) and not the statutory step again. Idempotent: a
case that has a plan is left alone. Development and test only.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from sqlmodel import select

from service.data.context import ChangeContext
from service.data.facts import assessment_facts, refresh_clock
from service.data.plan_changes import issue, save, start_plan
from service.data.plans import plan_for_case, working
from service.data.rows import saved_id
from service.db import db
from service.domain.ehcp.document import Document, replace_part
from service.models import AdviceRequest, Case, StaffUser

CASEWORKER = "kent.caseworker@example.gov.uk"
KENT_ICB = "NHS Kent and Medway Integrated Care Board"


def _provision(
    number: int,
    section: str,
    what: str,
    who: str,
    qualification: str,
    ratio: tuple[int, int],
    times: int,
    per: str,
    minutes: int,
    needs: list[int],
    outcomes: list[int],
    **extra: str,
) -> dict[str, Any]:
    return {
        "id": f"provision-{number}",
        "section": section,
        "what": what,
        "who": who,
        "qualification": qualification,
        "ratio": {"staff": ratio[0], "children": ratio[1]},
        "frequency": {"times": times, "per": per},
        "minutes": minutes,
        "need_ids": [f"need-{n}" for n in needs],
        "outcome_ids": [f"outcome-{n}" for n in outcomes],
        **extra,
    }


def _need(number: int, area: str, description: str, impact: str) -> dict[str, Any]:
    return {"id": f"need-{number}", "area": area, "description": description, "impact": impact}


def _outcome(number: int, statement: str, measure: str, by_when: str, needs: list[int]) -> dict[str, Any]:
    return {
        "id": f"outcome-{number}",
        "statement": statement,
        "measure": measure,
        "by_when": by_when,
        "need_ids": [f"need-{n}" for n in needs],
    }


# --- Leo Okafor ---------------------------------------------------------------------------------------

LEO_PERSONAL = {
    "preferred_name": "Leo",
    "sex": "Male",
    "ethnicity": "Black British - African",
    "first_language": "English (Leo also understands some Igbo)",
    "parent_first_language": "English",
}
LEO_SERVICES = {
    "health": "Maidstone Hospital paediatric audiology department; Orchard Surgery (GP)",
    "known_to_social_care": False,
    "other_professionals": [
        "Kent Educational Psychology Service",
        "Kent Community Health NHS Foundation Trust speech and language therapy",
        "Children's occupational therapy",
    ],
    "looked_after": False,
    "previously_looked_after": False,
}
LEO_A = {
    "history": (
        "Leo lives with his mum, dad and his older sisters Amara and Maya. He started at Oak Primary School "
        "in Reception. His nursery noticed that he was slow to start talking, and he was referred to speech "
        "and language therapy when he was 3. He had grommets fitted for glue ear when he was 4.\n\n"
        "At school Leo has had small group language work and a visual timetable since Reception. He has made "
        "progress, but the gap between Leo and other children of his age in language and early reading has "
        "grown. He finds the start of the day and changes to routine very hard."
    ),
    "communication": (
        "Get down to Leo's level, say his name first and use short sentences, one step at a time. Show him "
        "what you mean with pictures or by pointing. Give him time (count to 10) before repeating. Leo will "
        "nod even when he has not understood, so ask him to show you what to do. He can choose between two "
        "pictures when he is too upset to talk."
    ),
    "child_views": (
        'Leo told us, with his teaching assistant and using picture cards: "I like drawing dinosaurs and '
        "playing football with Mr Ade. I don't like it when it's noisy in the hall. Writing makes my hand "
        'hurt. I like it when Miss Shah helps me."'
    ),
    "family_views": (
        "Leo's parents say he is a loving, funny boy who wants to have friends but gets upset when other "
        "children do not understand him. Mornings are hard: he often cries at the school gate. They want "
        "him to get speech and language therapy in school every week, and for staff to understand that his "
        "behaviour is how he shows he is worried."
    ),
    "interests": "Dinosaurs, drawing, football, building with bricks and helping to cook at home.",
    "strengths": (
        "Leo is kind and notices when other children are sad. He has a very good visual memory: he remembers "
        "routes, where things are kept and how to build models from pictures. He works hard when he knows "
        "what is going to happen next, and he is good at football."
    ),
    "aspirations": (
        'Leo wants to "read dinosaur books by myself" and to play for a football team. His parents hope he '
        "will be confident to talk to other children and adults, and happy to go to school."
    ),
    "how_gathered": (
        "Leo's views were gathered by his teaching assistant, Miss Shah, in two short sessions at school "
        "using picture cards and drawings. His parents' views are from the request for an assessment and a "
        "meeting with the caseworker and the educational psychologist."
    ),
}
LEO_NEEDS = [
    _need(
        1,
        "communication_interaction",
        "Leo has a developmental language disorder. The speech and language therapist's assessment found that "
        "his understanding of spoken language is at the level expected of a child of 4 to 5. He understands "
        "single instructions about familiar things but loses the second part of longer instructions, and "
        "finds words about time and position (before, after, behind) hard.",
        "In class Leo often does not know what to do and copies other children. He misses much of what is "
        "taught through talk, especially on the carpet and in assemblies.",
    ),
    _need(
        2,
        "communication_interaction",
        "Leo speaks in sentences of 3 or 4 words, often leaving out small words and word endings. He says "
        "'t' for 'k' and 'd' for 'g' (\"tat\" for \"cat\"). Adults who do not know him understand about half "
        "of what he says.",
        "Leo becomes frustrated and sometimes pushes other children when they do not understand him. He does "
        "not yet put his hand up to answer in class.",
    ),
    _need(
        3,
        "cognition_learning",
        "Leo knows 19 of the phonics sounds taught so far and cannot yet reliably blend sounds to read "
        "three-letter words. The educational psychologist found that his verbal working memory is much "
        "weaker than his visual reasoning, which is in the average range.",
        "Leo is not yet reading the books the rest of his class reads, and he forgets instructions and new "
        "words quickly unless they are shown as well as said.",
    ),
    _need(
        4,
        "semh",
        "Leo becomes very anxious at the start of the school day, at transitions and when routines change "
        "without warning. He finds it hard to name his feelings. When overwhelmed he hides under a table or "
        "leaves the classroom, two or three times a week.",
        "Leo misses learning at the start of the day and after break times, and the adults around him spend "
        "time calming him rather than teaching him.",
    ),
    _need(
        5,
        "sensory_physical",
        "Leo holds his pencil in his fist and presses hard, and he finds cutting, fastening buttons and "
        "using a knife and fork difficult. The occupational therapist found his fine motor skills are well "
        "below those expected for his age.",
        "Leo's writing is slow and hard to read, his hand tires after a few minutes, and he needs help to get "
        "changed for PE.",
    ),
    _need(
        6,
        "health",
        "Leo has glue ear in both ears, which causes a mild hearing loss that comes and goes and is usually "
        "worse in the winter. He is under the care of the paediatric audiology department.",
        "When his hearing is reduced Leo understands even less of what is said in class, particularly in noisy rooms.",
    ),
]
LEO_OUTCOMES = [
    _outcome(
        1,
        'Leo will follow a two-part instruction given to the whole class (for example "put your book away and '
        'line up") without an adult repeating it, in 4 out of 5 observed opportunities.',
        "The class teacher observes five instructions over a week each half term. Baseline: 1 in 5.",
        "End of Year 2",
        [1, 6],
    ),
    _outcome(
        2,
        "Leo will tell an adult about something that happened using sentences of 6 words or more, joined with "
        '"and" or "because", and unfamiliar adults will understand most of what he says.',
        "The speech and language therapist records a language sample each term and compares it with the "
        "baseline in the advice.",
        "By the annual review",
        [2],
    ),
    _outcome(
        3,
        "Leo will read and blend all the phonics sounds taught in Year 1 and read 20 common exception words.",
        "The phonics assessment the school uses with every child, each half term.",
        "End of Year 2",
        [3],
    ),
    _outcome(
        4,
        "Leo will come into class in the morning and start the first task within 10 minutes on 4 days out of 5.",
        "The teaching assistant's arrival log, reviewed with Leo's parents each half term.",
        "End of the spring term",
        [4],
    ),
    _outcome(
        5,
        "Leo will name how he feels using the school's feelings pictures and choose a calming strategy, so that "
        "he leaves the classroom no more than once a week.",
        "The school's record of times Leo leaves the classroom. Baseline: 2 or 3 times a week.",
        "End of Year 2",
        [4],
    ),
    _outcome(
        6,
        "Leo will hold his pencil with a tripod grip (using a pencil grip) and write his name and a short "
        "sentence that an adult can read.",
        "The occupational therapist's review each term, with samples of Leo's writing.",
        "By the annual review",
        [5, 3],
    ),
    _outcome(
        7,
        "Leo will tell an adult when he has not heard or understood an instruction, at least once every day.",
        "The class teacher and teaching assistant note it on Leo's daily sheet for two weeks each half term.",
        "End of the spring term",
        [6, 1],
    ),
]
SLT = ("Speech and language therapist", "HCPC registered, with experience of developmental language disorder")
TA_SLT = ("Teaching assistant", "trained in Leo's programme by the speech and language therapist")
LEO_PROVISION = [
    _provision(
        1,
        "f",
        "Direct speech and language therapy in school for understanding and using language and for speech "
        "sounds, following the targets in the therapist's programme.",
        *SLT,
        (1, 1),
        1,
        "week",
        30,
        [1, 2],
        [1, 2],
    ),
    _provision(
        2,
        "f",
        "Practice of the speech and language therapist's programme: vocabulary, following instructions and "
        "sentence building.",
        *TA_SLT,
        (1, 1),
        3,
        "week",
        20,
        [1, 2],
        [1, 2],
    ),
    _provision(
        3,
        "f",
        "The speech and language therapist reviews Leo's targets with his class teacher and teaching assistant, "
        "models the strategies in class and updates the programme.",
        *SLT,
        (1, 1),
        1,
        "half_term",
        60,
        [1, 2],
        [1, 2],
    ),
    _provision(
        4,
        "f",
        "Individual phonics teaching, in addition to the class phonics lesson, using the school's systematic "
        "synthetic phonics programme, with pre-teaching of new sounds and daily revision of earlier ones.",
        "Teaching assistant",
        "trained in the school's phonics programme",
        (1, 1),
        5,
        "week",
        15,
        [3],
        [3, 6],
    ),
    _provision(
        5,
        "f",
        "Teaching adapted for Leo's language and memory: instructions broken into single steps and shown with "
        "pictures, a visual timetable, new words pre-taught before each topic, and Leo seated near the "
        "teacher away from the door and windows.",
        "Class teacher",
        "qualified teacher status",
        (1, 30),
        5,
        "week",
        330,
        [1, 3, 6],
        [1, 3, 7],
    ),
    _provision(
        6,
        "f",
        "A morning check-in at the classroom door: Leo looks at his visual timetable with a named adult, is "
        "told about any changes to the day and chooses his first activity.",
        "Teaching assistant",
        "named adult, trained in the school's emotional wellbeing approach",
        (1, 1),
        5,
        "week",
        10,
        [4],
        [4],
    ),
    _provision(
        7,
        "f",
        "Emotional literacy sessions to learn to recognise and name feelings and practise calming strategies, "
        "with a calm space in the classroom Leo can go to with a card.",
        "Emotional literacy support assistant (ELSA)",
        "ELSA trained and supervised by an educational psychologist",
        (1, 1),
        1,
        "week",
        30,
        [4],
        [5],
    ),
    _provision(
        8,
        "f",
        "Fine motor group following the occupational therapist's programme (pencil control, cutting, "
        "fastenings), with a pencil grip and sloped writing board in every lesson.",
        "Teaching assistant",
        "trained in the programme by the occupational therapist",
        (1, 3),
        3,
        "week",
        15,
        [5],
        [6],
    ),
    _provision(
        9,
        "f",
        "The occupational therapist reviews Leo's fine motor skills, updates the programme and advises staff.",
        "Occupational therapist",
        "HCPC registered",
        (1, 1),
        1,
        "term",
        45,
        [5],
        [6],
    ),
    _provision(
        10,
        "g",
        "A hearing test and review of Leo's glue ear, with written advice to school after each review.",
        "Clinical audiologist, paediatric audiology department",
        "HCPC registered",
        (1, 1),
        2,
        "year",
        45,
        [6],
        [7],
        agreed_by=KENT_ICB,
    ),
]


def _leo_steps(document: Document) -> list[tuple[str, str, Document]]:
    steps = []
    document = replace_part(document, "personal_details", LEO_PERSONAL)
    steps.append(("personal_details", "Personal details changed", document))
    document = replace_part(document, "services", LEO_SERVICES)
    steps.append(("services", "Services involved changed", document))
    document = replace_part(document, "section_a", LEO_A)
    steps.append(("a2", "Section A changed", document))
    document = {**document, "needs": LEO_NEEDS, "no_identified_needs": ["social_care"]}
    steps.append(("b", "Needs added", document))
    document = {**document, "outcomes": LEO_OUTCOMES}
    steps.append(("e", "Outcomes added", document))
    document = {**document, "provision": LEO_PROVISION}
    steps.append(("f", "Provision added", document))
    return steps


# --- Noah Evans ---------------------------------------------------------------------------------------

NOAH_PERSONAL = {
    "preferred_name": "Noah",
    "sex": "Male",
    "ethnicity": "White British",
    "first_language": "English",
    "parent_first_language": "English",
    "contacts": [
        {
            "name": "Sarah Evans",
            "relationship": "Mother",
            "email": "evans.family@example.com",
            "telephone": "07700 900123",
            "address": "1 Example Street, Maidstone ME14 1XX",
            "main_contact": True,
        }
    ],
}
NOAH_SERVICES = {
    "health": "Children and young people's mental health service (CYPMHS), Maidstone; Orchard Surgery (GP)",
    "known_to_social_care": True,
    "other_professionals": ["Kent Educational Psychology Service", "Kent disabled children's team"],
    "looked_after": False,
    "previously_looked_after": False,
}
NOAH_A = {
    "history": (
        "Noah was diagnosed with autism when he was 7. He did well academically at primary school with support "
        "from a teaching assistant. Since moving to secondary school his anxiety has increased, and in Year 9 "
        "his attendance fell to 62%. He has been seen by the mental health service since last year."
    ),
    "communication": (
        "Noah prefers clear, literal language and written information. Tell him about changes in advance, in "
        "writing if you can. He may not make eye contact when he is listening. Give him time to answer, and "
        "offer to talk while doing something else, such as walking."
    ),
    "child_views": (
        'Noah said: "I like science and computers. I want to be a software engineer. Corridors are too loud '
        "and crowded. I'd like somewhere quiet to go at lunch, and to know who to talk to when things go "
        'wrong."'
    ),
    "family_views": (
        "Noah's mum says he is clever and funny at home but exhausted after school. She wants the school to "
        "understand his anxiety and to help him get back to full-time attendance, and she wants Noah to be "
        "more independent, such as travelling to school on his own."
    ),
    "interests": "Coding, science, video games, Lego Technic and walking the family's dog.",
    "strengths": (
        "Noah is very able in maths, science and computing, remembers facts in great detail and is honest and "
        "loyal. He works very well on his own when he knows what is expected."
    ),
    "aspirations": "Noah wants to take A levels in maths, physics and computing and to study software engineering.",
    "how_gathered": (
        "Noah wrote his views with his form tutor and talked to the educational psychologist. His mum's views "
        "are from the request, the advice and a meeting with the caseworker."
    ),
}
NOAH_NEEDS = [
    _need(
        1,
        "communication_interaction",
        "Noah is autistic. He finds it hard to understand what other people are thinking or mean when they "
        "are not literal, and to join group conversations.",
        "Noah often works alone in group tasks and misunderstands jokes and instructions, which leads to "
        "conflict with other students.",
    ),
    _need(
        2,
        "cognition_learning",
        "Noah's processing speed is much slower than his reasoning, which is well above average. He finds it "
        "hard to plan and organise longer pieces of work and homework.",
        "Noah's written work does not show what he knows, and he falls behind with homework and coursework.",
    ),
    _need(
        3,
        "semh",
        "Noah has high anxiety, particularly about unstructured times, changes and being late. His attendance "
        "in Year 9 was 62%.",
        "Noah misses lessons and finds it hard to return after absence; he sometimes shuts down and cannot "
        "speak when anxious.",
    ),
    _need(
        4,
        "sensory_physical",
        "Noah is very sensitive to noise and crowds. Busy corridors, the canteen and loud classrooms overwhelm him.",
        "Noah avoids the canteen and often does not eat lunch; he arrives at lessons distressed after moving "
        "through busy corridors.",
    ),
    _need(
        5,
        "health",
        "Noah has an anxiety disorder, for which he sees the children and young people's mental health service.",
        "Noah's anxiety affects his sleep and his attendance.",
    ),
    _need(
        6,
        "social_care",
        "Noah has few opportunities to spend time with other young people outside school, and his family need "
        "breaks from caring. The disabled children's team found he is eligible for short breaks.",
        "Noah is isolated in the holidays and at weekends, and his parents are tired.",
    ),
]
NOAH_OUTCOMES = [
    _outcome(
        1,
        "Noah will attend school for at least 90% of sessions.",
        "The school's attendance record, reviewed each half term with Noah and his mum.",
        "End of Year 10",
        [3, 5],
    ),
    _outcome(
        2,
        "Noah will take part in group work in lessons, taking a role agreed with the teacher.",
        "Teachers' records from one lesson a week in science and computing.",
        "End of Year 10",
        [1],
    ),
    _outcome(
        3,
        "Noah will plan and hand in his homework on time, using a planner, in 4 out of 5 weeks.",
        "The school's homework record each half term.",
        "End of the spring term",
        [2],
    ),
    _outcome(
        4,
        "Noah will eat lunch at school every day, in the quiet room or the canteen.",
        "The learning mentor's weekly check, reviewed each half term.",
        "End of the autumn term",
        [4],
    ),
    _outcome(
        5,
        "Noah will go to a club or activity with other young people outside school twice a month.",
        "Noah's own record, reviewed with the short breaks worker each term.",
        "By the annual review",
        [6],
    ),
]
NOAH_PROVISION = [
    _provision(
        1,
        "f",
        "A weekly meeting with a named key adult to plan the week ahead, talk through changes and problems, "
        "and agree a plan for anything Noah is worried about.",
        "Learning mentor",
        "trained in autism (Autism Education Trust level 2)",
        (1, 1),
        1,
        "week",
        30,
        [1, 3],
        [1, 2],
    ),
    _provision(
        2,
        "f",
        "Social communication group working on group work, conversation and understanding other people's "
        "points of view.",
        "Specialist teaching assistant",
        "trained by the specialist teaching and learning service",
        (1, 4),
        1,
        "fortnight",
        45,
        [1],
        [2],
    ),
    _provision(
        3,
        "f",
        "Study skills sessions: planning homework and longer pieces of work using a planner and writing frames.",
        "Specialist teacher",
        "qualified teacher status and a postgraduate qualification in special educational needs",
        (1, 1),
        1,
        "fortnight",
        50,
        [2],
        [3],
    ),
    _provision(
        4,
        "f",
        "A pass to leave lessons 5 minutes early to move between lessons before the corridors fill, and use "
        "of the quiet room at break and lunch.",
        "Head of year",
        "qualified teacher status",
        (1, 1),
        5,
        "week",
        60,
        [4, 3],
        [4, 1],
    ),
    _provision(
        5,
        "g",
        "Cognitive behavioural therapy for anxiety.",
        "Clinical psychologist, children and young people's mental health service",
        "HCPC registered",
        (1, 1),
        1,
        "fortnight",
        50,
        [5, 3],
        [1],
        agreed_by=KENT_ICB,
    ),
    _provision(
        6,
        "h2",
        "Short breaks: a place at the council's youth club for disabled young people, with transport.",
        "Short breaks youth worker",
        "Level 3 in youth work, trained in autism",
        (1, 3),
        1,
        "fortnight",
        180,
        [6],
        [5],
    ),
]
NOAH_FINAL_CHANGES = {
    # After the family's comments on Draft 1: weekly study skills, travel training added, the school named.
    "family_views": NOAH_A["family_views"]
    + "\n\nOn the draft plan, Noah's mum asked for study skills support every week and for travel training.",
}
NOAH_TRAVEL = _provision(
    7,
    "f",
    "Independent travel training for the bus journey between home and school, until Noah travels on his own.",
    "Independent travel trainer",
    "trained by the council's travel training service",
    (1, 1),
    2,
    "week",
    60,
    [3],
    [6],
)
NOAH_TRAVEL_OUTCOME = _outcome(
    6,
    "Noah will travel to and from school by bus on his own.",
    "The travel trainer's record, signed off when Noah has travelled on his own for 2 weeks.",
    "End of the spring term",
    [3],
)
NOAH_PLACEMENT = {
    "name": "Maidstone Grammar School",
    "urn": "",
    "type": "Mainstream secondary school (academy)",
    "attendance": "day",
}


# --- The plans in their review cycle (Theo Hughes, Ryan Clarke) ----------------------------------------

RIVER_PLACEMENT = {
    "name": "River Primary School",
    "urn": "118393",
    "type": "Mainstream primary school",
    "attendance": "day",
}


def _renamed(value: Any, first: str, last: str) -> Any:
    """Leo's plan written for another child of the same age and needs (the demo's words, not a real child's)."""
    text = json.dumps(value).replace("Leo", first).replace("Okafor", last).replace("Oak Primary", "River Primary")
    text = text.replace(" and his older sisters Amara and Maya", "")
    return json.loads(text)


def _review_plan_steps(document: Document, first: str, last: str) -> list[tuple[str, str, Document]]:
    return [(section, summary, _renamed(doc, first, last)) for section, summary, doc in _leo_steps(document)]


def _noah_draft_steps(document: Document) -> list[tuple[str, str, Document]]:
    document = replace_part(document, "personal_details", NOAH_PERSONAL)
    document = replace_part(document, "services", NOAH_SERVICES)
    document = replace_part(document, "section_a", NOAH_A)
    steps = [("a2", "Personal details, services and section A written", document)]
    document = {**document, "needs": NOAH_NEEDS, "outcomes": NOAH_OUTCOMES, "provision": NOAH_PROVISION}
    steps.append(("b", "Needs, outcomes and provision written", document))
    return steps


def _noah_final_steps(document: Document) -> list[tuple[str, str, Document]]:
    document = replace_part(document, "section_a", NOAH_FINAL_CHANGES)
    steps = [("a2", "The family's views changed", document)]
    provision = [dict(row) for row in document["provision"]]
    for row in provision:
        if row["id"] == "provision-3":
            row["frequency"] = {"times": 1, "per": "week"}
    document = {
        **document,
        "outcomes": [*document["outcomes"], NOAH_TRAVEL_OUTCOME],
        "provision": [*provision, NOAH_TRAVEL],
    }
    steps.append(("f", "Provision 3 changed; provision 7 and outcome 6 added", document))
    document = replace_part(document, "placement", NOAH_PLACEMENT)
    steps.append(("i", "Placement named", document))
    return steps


# --- Writing them -------------------------------------------------------------------------------------


def _write(change: ChangeContext, case: Case, steps: list[tuple[str, str, Document]]) -> None:
    plan = plan_for_case(case)
    assert plan is not None
    for section, summary, document in steps:
        save(change, plan, document, section=section, opened_version=plan.version, summary=summary)


def _find(la_id: int, first: str, last: str) -> Case | None:
    query = select(Case).where(
        Case.local_authority_id == la_id, Case.child_first_name == first, Case.child_last_name == last
    )
    return db.session.exec(query).first()


def _noah_advice(case: Case) -> None:
    """Noah's demo case was created without its advice; a final plan lists what it was written from (K)."""
    if db.session.exec(select(AdviceRequest).where(AdviceRequest.case_id == case.id)).first() is not None:
        return
    assert case.decision_to_assess_on is not None
    asked = case.decision_to_assess_on + timedelta(days=2)
    for kind, adviser, days in (
        ("parent", "Sarah Evans (mother)", 10),
        ("setting", "Maidstone Grammar School SENCo", 30),
        ("educational_psychology", "Kent Educational Psychology Service", 38),
        ("health", "Children and young people's mental health service", 41),
        ("social_care", "Kent disabled children's team", 35),
        ("preparing_for_adulthood", "Kent careers and transition service", 40),
    ):
        db.session.add(
            AdviceRequest(
                case_id=saved_id(case),
                kind=kind,
                requested_on=asked,
                received_on=asked + timedelta(days=days),
                adviser=adviser,
            )
        )
    db.session.flush()


def seed_demo_plans(la_id: int, today: date) -> list[str]:
    """Write and issue the demo plans of the council's demo cases that have none yet; commit."""
    officer = db.session.exec(select(StaffUser).where(StaffUser.email == CASEWORKER)).first()
    if officer is None:
        return []
    change = ChangeContext(user=officer, ip="127.0.0.1", today=today)
    lines = []
    leo = _find(la_id, "Leo", "Okafor")
    if leo is not None and leo.draft_served_on is not None and plan_for_case(leo) is None:
        plan = start_plan(change, leo)
        _write(change, leo, _leo_steps(working(plan)))
        issue(change, plan, leo, status="draft", on=leo.draft_served_on, opened_version=plan.version, render_pdf=False)
        lines.append("Leo Okafor's case has Draft 1 of his plan")
    noah = _find(la_id, "Noah", "Evans")
    if noah is not None and noah.final_issued_on and noah.draft_served_on and plan_for_case(noah) is None:
        _noah_advice(noah)
        plan = start_plan(change, noah)
        _write(change, noah, _noah_draft_steps(working(plan)))
        issue(
            change, plan, noah, status="draft", on=noah.draft_served_on, opened_version=plan.version, render_pdf=False
        )
        _write(change, noah, _noah_final_steps(working(plan)))
        issue(
            change, plan, noah, status="final", on=noah.final_issued_on, opened_version=plan.version, render_pdf=False
        )
        lines.append("Noah Evans's case has Draft 1 and the Final plan")
    for first, last, when in (("Theo", "Hughes", "due next month"), ("Ryan", "Clarke", "overdue")):
        case = _find(la_id, first, last)
        if case is None or not (case.final_issued_on and case.draft_served_on) or plan_for_case(case) is not None:
            continue
        plan = start_plan(change, case)
        _write(change, case, _review_plan_steps(working(plan), first, last))
        issue(
            change, plan, case, status="draft", on=case.draft_served_on, opened_version=plan.version, render_pdf=False
        )
        _write(change, case, [("i", "School named", replace_part(working(plan), "placement", RIVER_PLACEMENT))])
        issue(
            change, plan, case, status="final", on=case.final_issued_on, opened_version=plan.version, render_pdf=False
        )
        refresh_clock(case, assessment_facts(case), today)
        lines.append(f"{first} {last}'s plan names River Primary School; its annual review is {when}")
    db.session.commit()
    return lines
