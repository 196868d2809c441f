"""Every demo and synthetic plan document validates against the published schema (ehc-plan-1.schema.json);
the demo plans are written through the service, once; synthetic plans carry the golden thread."""

from __future__ import annotations

import json
import random
from datetime import date

from sqlmodel import func, select

from service.db import db
from service.demo import seed_demo
from service.domain.ehcp.diff import compare
from service.domain.ehcp.document import validation_errors
from service.domain.ehcp.quality import quality_flags
from service.models import Case, CaseEvent, Plan, PlanEdit, PlanVersion
from service.synthetic import generate
from service.synthetic_plans import BENCH_SIZE, PlanSize, synthetic_document


def _documents() -> list[tuple[str, dict]]:
    found = [(f"plan {p.id} working copy", json.loads(p.working)) for p in db.session.exec(select(Plan))]
    found += [(f"version {v.id}", json.loads(v.document)) for v in db.session.exec(select(PlanVersion))]
    return found


def _versions(first_name: str) -> list[PlanVersion]:
    case = db.session.exec(select(Case).where(Case.child_first_name == first_name)).one()
    return list(db.session.exec(select(PlanVersion).where(PlanVersion.case_id == case.id).order_by(PlanVersion.number)))


def _assert_golden_thread(name: str, document: dict) -> None:
    need_ids = {need["id"] for need in document["needs"]}
    outcome_ids = {outcome["id"] for outcome in document["outcomes"]}
    assert need_ids and outcome_ids and document["provision"], name
    for outcome in document["outcomes"]:
        assert outcome["need_ids"] and set(outcome["need_ids"]) <= need_ids, (name, outcome["id"])
    for row in document["provision"]:
        assert row["need_ids"] and set(row["need_ids"]) <= need_ids, (name, row["id"])
        assert row["outcome_ids"] and set(row["outcome_ids"]) <= outcome_ids, (name, row["id"])
        assert row["what"] and row["who"] and row["ratio"] and row["frequency"] and row["minutes"], (name, row["id"])


def test_the_demo_plans_are_valid_written_through_the_service_and_seeded_once(app_context):
    today = date.today()
    seed_demo(today)
    documents = _documents()
    # four plans; Leo's Draft 1, Noah's Draft 1 and Final, Theo's and Ryan's Draft 1 and Final
    assert len(documents) == 4 + 7
    for name, document in documents:
        assert validation_errors(document) == [], name
        assert quality_flags(document) == [], name  # no vague wording, every element given, the thread whole
    (leo_draft,) = _versions("Leo")
    leo = db.session.get(Case, leo_draft.case_id)
    assert (leo_draft.label, leo_draft.status, leo_draft.issued_on) == ("Draft 1", "draft", leo.draft_served_on)
    leo_document = json.loads(leo_draft.document)
    areas = {need["area"] for need in leo_document["needs"]}
    assert {"communication_interaction", "cognition_learning", "semh", "sensory_physical", "health"} <= areas
    assert leo_document["no_identified_needs"] == ["social_care"]
    assert {row["section"] for row in leo_document["provision"]} == {"f", "g"}
    assert [row["kind"] for row in leo_document["advice"]] == ["educational_psychology", "health"]
    events = db.session.exec(select(CaseEvent.kind).where(CaseEvent.case_id == leo.id).order_by(CaseEvent.id)).all()
    assert events == ["request_received", "plan_started", "plan_draft_issued"]  # draft served is not recorded again
    assert db.session.exec(select(func.count()).select_from(PlanEdit)).one() > 5  # saved section by section
    draft, final = _versions("Noah")
    noah = db.session.get(Case, final.case_id)
    assert (draft.label, final.label, final.issued_on) == ("Draft 1", "Final", noah.final_issued_on)
    final_document = json.loads(final.document)
    assert final_document["placement"]["name"] == "Maidstone Grammar School"
    assert {row["section"] for row in final_document["provision"]} == {"f", "g", "h2"}
    changed = {change.section.key for change in compare(json.loads(draft.document), final_document)}
    assert {"a2", "e", "f", "i", "sign_off"} <= changed  # what changed between the versions has demo data
    seed_demo(today)  # again: nothing new
    assert len(_documents()) == 11


def test_synthetic_plans_are_valid_and_have_the_golden_thread(app_context):
    made = generate(date.today(), scale=0.02, only_la="Kent")
    assert made.structured_plans > 5 and made.plan_versions > made.structured_plans  # finals as well as drafts
    documents = _documents()
    assert len(documents) == made.structured_plans + made.plan_versions
    for name, document in documents:
        assert validation_errors(document) == [], name
        _assert_golden_thread(name, document)
    finals = [d for _, d in documents if d["plan"]["status"] == "final"]
    assert finals and all(d["placement"]["name"] and d["sign_off"]["date"] for d in finals)
    again = generate(date.today(), scale=0.02, only_la="Kent")  # a re-run replaces them
    assert len(_documents()) == again.structured_plans + again.plan_versions == len(documents)


def test_the_plan_generator_makes_valid_plans_of_any_size():
    rng = random.Random(7)
    for size in (PlanSize(needs=1, outcomes=1, provision=1), PlanSize(), BENCH_SIZE):
        document = synthetic_document(rng, size)
        assert validation_errors(document) == []
        assert quality_flags(document) == []
        _assert_golden_thread(str(size), document)
        assert (len(document["needs"]), len(document["outcomes"]), len(document["provision"])) == (
            size.needs,
            size.outcomes,
            size.provision,
        )
