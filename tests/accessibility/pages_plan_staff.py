"""The staff side of the plan for the sweep: the plan tab before a decision, with the start button, and as
a task list (for a caseworker and read-only staff); every section's page and its error states; adding,
changing and removing items; the preview; issuing (normal, error and blocked); versions, one version,
comparing; and the family's comments with the response form (normal, empty and error states)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.accessibility.pages_staff import CASEWORKER, READ_ONLY, _seed
from tests.accessibility.registry import SweepPage

PREFIX = "/staff/cases/{plan_case}/plan"


def _change(email: str = "kent.caseworker@example.gov.uk"):
    from sqlmodel import select

    from service.data.context import ChangeContext
    from service.db import db
    from service.models import StaffUser

    user = db.session.exec(select(StaffUser).where(StaffUser.email == email)).one()
    return ChangeContext(user=user, ip="127.0.0.1", today=date.today())


def _case_without_plan():
    """A Kent case the council decided to issue a plan for, with no plan yet (the demo's Leo and Noah have
    theirs, written in the service)."""
    from tests.factories import make_case

    return make_case(
        stage="assessing",
        decided_to_issue=True,
        decision_to_issue_on=date.today() - timedelta(days=3),
        child_first_name="Ella",
        child_last_name="Stone",
    )


def _seed_plan(app) -> dict:
    """The demo data; Leo's case with a plan (the demo's Draft 1, then a need in B, an outcome, provision in
    F and a health need with no provision), issued again as Draft 2 and Draft 3, with two comments from the
    family (one late); a case the council decided to issue a plan for, with no plan yet."""
    from sqlmodel import select

    from service.data import plan_changes, plans
    from service.data.plan_comments import add_comment
    from service.db import db
    from service.domain.ehcp.document import put_item
    from service.models import Case

    data = _seed(app)
    ids = {c.child_first_name: c.id for c in db.session.exec(select(Case))}
    case = db.session.get(Case, ids["Leo"])
    change = _change()
    plan = plans.plan_for_case(case) or plan_changes.start_plan(change, case)
    document = plans.working(plan)
    document = put_item(
        document,
        "needs",
        {
            "id": "need-1",
            "area": "communication_interaction",
            "description": "Leo speaks in phrases of two or three words and finds it hard to follow spoken instructions.",
            "impact": "He misses much of what is said in class.",
        },
    )
    document = put_item(
        document, "needs", {"id": "need-2", "area": "health", "description": "Glue ear in both ears", "impact": ""}
    )
    document = put_item(
        document,
        "outcomes",
        {
            "id": "outcome-1",
            "statement": "Leo will follow two-step instructions in class",
            "measure": "Termly review by the speech and language therapist",
            "by_when": "July 2027",
            "need_ids": ["need-1"],
        },
    )
    document = put_item(
        document,
        "provision",
        {
            "id": "provision-1",
            "section": "f",
            "what": "Speech and language therapy on following instructions",
            "who": "Speech and language therapist",
            "qualification": "HCPC registered",
            "ratio": {"staff": 1, "children": 1},
            "frequency": {"times": 1, "per": "week"},
            "minutes": 30,
            "need_ids": ["need-1"],
            "outcome_ids": ["outcome-1"],
        },
    )
    plan_changes.save(change, plan, document, section="b", opened_version=plan.version, summary="Needs added")
    today = date.today()
    first = plan_changes.issue(
        change,
        plan,
        case,
        status="draft",
        on=today - timedelta(days=2),
        opened_version=plan.version,
        override_reason="Health advice is late",
    )
    document = plans.working(plan)
    document["needs"][0]["description"] = "Leo speaks in phrases of three or four words."
    plan_changes.save(change, plan, document, section="b", opened_version=plan.version, summary="Need 1 changed")
    plan_changes.issue(change, plan, case, status="draft", on=today, opened_version=plan.version, override_reason="x")
    comment = add_comment(
        case,
        first,
        section="b",
        item_id="need-1",
        kind="change",
        text="He also needs help with his listening.",
        author_role="parent",
        late=False,
        today=today,
    )
    add_comment(
        case,
        first,
        section="a2",
        item_id="",
        kind="meeting",
        text="Can we meet?",
        author_role="parent",
        late=True,
        today=today,
    )
    db.session.commit()
    return data | {"plan_case": case.id, "start_case": _case_without_plan().id, "comment": comment.id}


def _seed_empty_plan(app) -> dict:
    """The demo data with a plan just started on a case: nothing issued, no comments."""

    from service.data import plan_changes
    from service.db import db
    from service.models import Case

    data = _seed(app)
    case = db.session.get(Case, _case_without_plan().id)
    plan_changes.start_plan(_change(), case)
    db.session.commit()
    return data | {"plan_case": case.id}


def _press(name: str):
    return lambda page: page.get_by_role("button", name=name, exact=True).click()


def _fill_and_save(selector: str, value: str):
    def act(page) -> None:
        page.locator(selector).fill(value)
        page.get_by_role("button", name="Save", exact=True).click()

    return act


def _check_and_save(label: str):
    def act(page) -> None:
        page.get_by_label(label).check()
        page.get_by_role("button", name="Save", exact=True).click()

    return act


def _page(name: str, path: str, *, sign_in=CASEWORKER, data=_seed_plan, **kwargs) -> SweepPage:
    return SweepPage(f"staff/plan/{name}", path, data=data, sign_in=sign_in, **kwargs)


SECTIONS = (
    "personal_details",
    "services",
    "a1",
    "a2",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h1",
    "h2",
    "i",
    "j",
    "k",
    "sign_off",
)
SAVE = _press("Save")

PAGES = [
    _page("not-decided", "/staff/cases/{case}/plan"),
    _page("start", "/staff/cases/{start_case}/plan"),
    _page("task-list", PREFIX),
    _page("task-list/read-only", PREFIX, sign_in=READ_ONLY),
    _page("task-list/just-started", PREFIX, data=_seed_empty_plan),
    *[_page(f"section/{key}", f"{PREFIX}/sections/{key}") for key in SECTIONS],
    _page("section/personal_details/error", f"{PREFIX}/sections/personal_details", actions=_fill_and_save("#name", "")),
    _page("section/services/error", f"{PREFIX}/sections/services", actions=_fill_and_save("#setting_urn", "12")),
    _page("section/a1/error", f"{PREFIX}/sections/a1", actions=_fill_and_save("#history", " ".join(["word"] * 501))),
    _page("section/a2/error", f"{PREFIX}/sections/a2", actions=_fill_and_save("#interests", "Trains\u202e")),
    _page(
        "section/b/error",
        f"{PREFIX}/sections/b",
        actions=_check_and_save("Communication and interaction: no identified needs"),
    ),
    _page("section/i/error", f"{PREFIX}/sections/i", actions=_fill_and_save("#urn", "abc")),
    _page("section/e/empty", f"{PREFIX}/sections/e", data=_seed_empty_plan),
    _page("section/f/empty", f"{PREFIX}/sections/f", data=_seed_empty_plan),
    _page("section/b/empty", f"{PREFIX}/sections/b", data=_seed_empty_plan),
    _page("item/contact/new/error", f"{PREFIX}/sections/personal_details/items/new", actions=SAVE),
    _page("item/contact/change", f"{PREFIX}/sections/personal_details/items/contact-1"),
    _page("item/need/new", f"{PREFIX}/sections/b/items/new"),
    _page("item/need/new/error", f"{PREFIX}/sections/b/items/new", actions=SAVE),
    _page("item/need/health/new", f"{PREFIX}/sections/c/items/new"),
    _page("item/need/change", f"{PREFIX}/sections/b/items/need-1"),
    _page("item/outcome/new/error", f"{PREFIX}/sections/e/items/new", actions=SAVE),
    _page("item/outcome/new/no-needs", f"{PREFIX}/sections/e/items/new", data=_seed_empty_plan),
    _page("item/provision/new", f"{PREFIX}/sections/f/items/new"),
    _page("item/provision/new/error", f"{PREFIX}/sections/f/items/new", actions=SAVE),
    _page("item/provision/health/new", f"{PREFIX}/sections/g/items/new"),
    _page("item/provision/change", f"{PREFIX}/sections/f/items/provision-1"),
    _page("item/need/remove", f"{PREFIX}/sections/b/items/need-1/remove"),
    _page("preview/draft", f"{PREFIX}/preview?as=draft"),
    _page("preview/final", f"{PREFIX}/preview"),
    _page("preview/just-started", f"{PREFIX}/preview", data=_seed_empty_plan),
    _page("issue/draft", f"{PREFIX}/issue/draft"),
    _page("issue/draft/error", f"{PREFIX}/issue/draft", actions=_press("Issue Draft 4")),
    _page("issue/final/blocked", f"{PREFIX}/issue/final"),
    _page("versions", f"{PREFIX}/versions"),
    _page("versions/empty", f"{PREFIX}/versions", data=_seed_empty_plan),
    _page("version", f"{PREFIX}/versions/1"),
    _page("compare", f"{PREFIX}/compare"),
    _page("compare/result", f"{PREFIX}/compare?from=1&to=2"),
    _page("compare/empty", f"{PREFIX}/compare", data=_seed_empty_plan),
    _page("comments", f"{PREFIX}/comments"),
    _page("comments/read-only", f"{PREFIX}/comments", sign_in=READ_ONLY),
    _page("comments/empty", f"{PREFIX}/comments", data=_seed_empty_plan),
    _page("respond", f"{PREFIX}/comments/{{comment}}"),
    _page("respond/error", f"{PREFIX}/comments/{{comment}}", actions=_press("Save response")),
]
