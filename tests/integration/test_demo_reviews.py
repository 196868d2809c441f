"""Issue 15's done means: the demo has a plan whose annual review is due next month and one overdue, both at
River Primary School (the demo SENCO's school), named in section I, with outcomes to review against."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import select

from service.data.plan_life import plan_milestones
from service.db import db
from service.demo import seed_demo
from service.domain.clock import MilestoneState
from service.domain.dates import add_months
from service.models import Case, PlanVersion

TODAY = date(2026, 12, 1)


def _case(first: str) -> Case:
    return db.session.exec(select(Case).where(Case.child_first_name == first)).one()


def _final(case: Case) -> dict:
    query = select(PlanVersion).where(PlanVersion.case_id == case.id, PlanVersion.status == "final")
    return json.loads(db.session.exec(query).one().document)


def test_the_demo_has_a_review_due_next_month_and_one_overdue_at_river_primary(app_context):
    seed_demo(TODAY)
    theo, ryan = _case("Theo"), _case("Ryan")
    assert theo.final_issued_on == add_months(TODAY, -11) and theo.review_due_on == add_months(TODAY, 1)
    assert theo.review_due_on.month == 1 and theo.review_due_on.year == 2027  # next month
    assert ryan.review_due_on == add_months(TODAY, -2) and ryan.review_due_on < TODAY
    (review,) = [m for m in plan_milestones(ryan, TODAY) if m.key == "annual_review"]
    assert review.state == MilestoneState.OVERDUE and review.days_late == (TODAY - ryan.review_due_on).days
    (due,) = [m for m in plan_milestones(theo, TODAY) if m.key == "annual_review"]
    assert due.state == MilestoneState.UPCOMING
    for case in (theo, ryan):
        assert (case.current_setting_urn, case.current_setting_name) == (118393, "River Primary School")
        assert case.next_due_on == case.review_due_on and case.next_due_key == "annual_review"
        document = _final(case)
        assert document["placement"]["name"] == "River Primary School" and document["placement"]["urn"] == "118393"
        assert len(document["outcomes"]) >= 3 and all(o["statement"] for o in document["outcomes"])
        assert "Leo" not in json.dumps(document)
    count = len(db.session.exec(select(Case)).all())
    seed_demo(TODAY)  # idempotent
    assert len(db.session.exec(select(Case)).all()) == count
