"""The family's plan pages for the sweep: the plan (a draft in its 15 days, a draft after them, the final
plan, an earlier version, after a comment was sent), the comment form (on a section, on an item, with
errors), the setting and meeting forms (normal and error), comments and responses (none and some),
versions (one and several), what changed (changes and none) and the 404 for a case with no plan."""

from __future__ import annotations

from datetime import date, timedelta

from tests.accessibility.pages_track import _family
from tests.accessibility.registry import SweepPage

EMAIL = "leo.family@example.com"


def _draft(app, served_on: date | None = None) -> dict:
    from tests.integration.plan_family.plans import planned_case

    case, _, _ = planned_case(email=EMAIL, served_on=served_on)
    return {"case": case.id}


def _late(app) -> dict:
    return _draft(app, date.today() - timedelta(days=20))


def _final(app) -> dict:
    from tests.integration.plan_family.plans import edit, issue, planned_case

    case, staff, _ = planned_case(email=EMAIL)
    edit(
        case,
        staff,
        "b",
        lambda d: {**d, "needs": [{**d["needs"][0], "impact": "He is left out of play."}, *d["needs"][1:]]},
    )
    issue(case, staff, "draft")
    issue(case, staff, "final")
    return {"case": case.id}


def _commented(app) -> dict:
    from service.data import plan_comments, plans
    from service.db import db
    from service.models import Case
    from tests.integration.plan_family.plans import planned_case, respond

    case, staff, version = planned_case(email=EMAIL, served_on=date.today() - timedelta(days=20))
    case = db.session.get(Case, case.id)
    made = [
        ("b", "need-2", "change", "Please add the reading assessment from May.\n\nIt shows a bigger gap.", True),
        ("f", "provision-1", "comment", "Weekly therapy is right; thank you.", True),
        ("i", "", "setting", "Riverside Primary School, Maidstone", True),
        ("plan", "", "meeting", "Any weekday after 3pm.", True),
    ]
    comments = [
        plan_comments.add_comment(case, version, section=section, item_id=item, kind=kind, text=text,
                                  author_role="parent", late=late, today=date.today())
        for section, item, kind, text, late in made
    ]  # fmt: skip
    db.session.commit()
    respond(staff, comments[0].id, "changed", "")
    respond(staff, comments[1].id, "not_changed", "The therapist's advice is one session a week.")
    assert plans.comments_for_case(case)
    return {"case": case.id}


def _no_plan(app) -> dict:
    from tests.factories import make_case

    return {"case": make_case(stage="assessing", requester_email=EMAIL).id}


def _sign_in(page, live, data) -> None:
    _family(page, live, data, EMAIL)


def _press(name: str):
    return lambda page: page.get_by_role("button", name=name).click()


def _send_comment(page) -> None:
    page.get_by_label("A comment", exact=True).check()
    page.get_by_label("Your comment").fill("Please add Leo's sensory needs.")
    page.get_by_role("button", name="Send comment").click()
    page.locator(".govuk-notification-banner--success").wait_for(timeout=5000)  # back on the plan, with the banner


PLAN = "/your-cases/{case}/plan"
VERSION_1 = "/your-cases/{case}/plan/versions/1"
SECTION = VERSION_1 + "/sections/b/comment"
ITEM = VERSION_1 + "/sections/f/items/provision-2/comment"


def _page(name: str, path: str, data, **kwargs) -> SweepPage:
    return SweepPage(f"plan-family/{name}", path, data=data, sign_in=_sign_in, **kwargs)


PAGES = [
    _page("plan/draft-in-window", PLAN, _draft),
    _page("plan/draft-late", PLAN, _late),
    _page("plan/final", PLAN, _final),
    _page("plan/earlier-version", VERSION_1, _final),
    _page("plan/after-a-comment", ITEM, _draft, actions=_send_comment),
    _page("plan/not-found", PLAN, _no_plan, status=404),
    _page("comment/section", SECTION, _draft),
    _page("comment/item", ITEM, _late),
    _page("comment/error", ITEM, _draft, actions=_press("Send comment")),
    _page("setting", VERSION_1 + "/setting", _draft),
    _page("setting/error", VERSION_1 + "/setting", _draft, actions=_press("Send")),
    _page("meeting", VERSION_1 + "/meeting", _late),
    _page("meeting/error", VERSION_1 + "/meeting", _draft, actions=_press("Ask for a meeting")),
    _page("comments/none", "/your-cases/{case}/plan/comments", _draft),
    _page("comments/some", "/your-cases/{case}/plan/comments", _commented),
    _page("versions/one", "/your-cases/{case}/plan/versions", _draft),
    _page("versions/several", "/your-cases/{case}/plan/versions", _final),
    _page("compare/changes", "/your-cases/{case}/plan/compare?from=1&to=3", _final),
    _page("compare/none", "/your-cases/{case}/plan/compare?from=1&to=1", _draft),
]
