"""Family pages for the sweep: sign-in (normal and error), check email (normal and error), expired
link, the list of cases, a case page with an overdue step, one with a draft plan and one with a plan whose
review is overdue, messages, the draft
plan response, and documents (none, every scan state, and the upload error)."""

from __future__ import annotations

from datetime import date

from tests.accessibility import signed_in
from tests.accessibility.registry import SweepPage

FAMILY = "parent@example.com"


def _seed(app) -> dict:
    from sqlmodel import select

    from service.db import db
    from service.demo import seed_demo
    from service.models import Case
    from tests.factories import make_case

    seed_demo(date.today())
    # a draft plan the council sent as a document (no plan in the service: Leo's demo plan is written in it)
    make_case(stage="draft_issued", requester_email=FAMILY, child_first_name="Zoe", child_last_name="Okafor")
    ids = {c.child_first_name: c.id for c in db.session.exec(select(Case))}
    return {"overdue": ids["Amara"], "draft": ids["Leo"], "draft_document": ids["Zoe"], "review_overdue": ids["Ryan"]}


def _ask(page, live, data, email=FAMILY) -> None:
    page.goto(live("/sign-in"))
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Continue").click()


def _family(page, live, data, email=FAMILY) -> None:
    """Signed in as the family (a session made directly: the sign-in pages are sweep pages of their own)."""
    signed_in.family(page, live, email)


def _continue(page) -> None:
    page.get_by_role("button", name="Continue").click()


PAGES = [
    SweepPage("track/sign-in", "/sign-in"),
    SweepPage("track/sign-in/error", "/sign-in", actions=_continue),
    SweepPage("track/check-email", "/sign-in/check-email", data=_seed, sign_in=_ask),
    SweepPage("track/check-email/error", "/sign-in/check-email", data=_seed, sign_in=_ask, actions=_continue),
    SweepPage("track/link-expired", "/sign-in/link/not-a-real-link", status=400),
    SweepPage("track/your-cases", "/your-cases", data=_seed, sign_in=_family),
    SweepPage("track/case/overdue", "/your-cases/{overdue}", data=_seed, sign_in=_family),
    SweepPage("track/case/draft", "/your-cases/{draft}", data=_seed, sign_in=_family),
    SweepPage("track/messages", "/your-notifications", data=_seed, sign_in=_family),
    # issue 15: the demo's Ryan Clarke, a final plan whose annual review is overdue (the plan's milestones)
    SweepPage(
        "track/case/plan-review-overdue",
        "/your-cases/{review_overdue}",
        data=_seed,
        sign_in=lambda page, live, data: _family(page, live, data, "clarke.family@example.com"),
    ),
]

PAGES += [
    SweepPage("track/draft-plan", "/your-cases/{draft_document}/draft-plan", data=_seed, sign_in=_family),
    SweepPage(
        "track/draft-plan/error",
        "/your-cases/{draft_document}/draft-plan",
        data=_seed,
        sign_in=_family,
        actions=lambda page: page.get_by_role("button", name="Send response").click(),
    ),
]


def _seed_documents(app) -> dict:
    from service.db import db
    from service.models import Document

    data = _seed(app)
    for filename, status, by in [
        ("school report.pdf", "clean", "family"),
        ("photo of letter.jpg", "waiting", "family"),
        ("scan.pdf", "infected", "family"),
        ("decision letter.pdf", "clean", "staff:1"),
    ]:
        db.session.add(Document(case_id=data["draft"], filename=filename, content_type="application/pdf",
                                size_bytes=10, storage_key=filename, status=status, uploaded_by=by))  # fmt: skip
    db.session.commit()
    return data


PAGES += [
    SweepPage("track/documents/empty", "/your-cases/{overdue}/documents", data=_seed, sign_in=_family),
    SweepPage("track/documents/listed", "/your-cases/{draft}/documents", data=_seed_documents, sign_in=_family),
    SweepPage(
        "track/documents/error",
        "/your-cases/{draft}/documents",
        data=_seed_documents,
        sign_in=_family,
        actions=lambda page: page.get_by_role("button", name="Send files").click(),
    ),
]


YOUNG_PERSON = "amara.young@example.com"


def _seed_young_person(app) -> dict:
    from service.data import family as family_data
    from service.db import db
    from service.models import Case

    data = _seed(app)
    family_data.give_young_person_access(db.session.get(Case, data["overdue"]), YOUNG_PERSON)
    db.session.commit()
    return data


def _young_person(page, live, data) -> None:
    _family(page, live, data, YOUNG_PERSON)


PAGES += [
    SweepPage("track/case/young-person", "/your-cases/{overdue}", data=_seed_young_person, sign_in=_young_person),
    SweepPage("track/sharing", "/your-cases/{overdue}/sharing", data=_seed_young_person, sign_in=_young_person),
    SweepPage(
        "track/sharing/after-a-choice",
        "/your-cases/{overdue}/sharing",
        data=_seed_young_person,
        sign_in=_young_person,
        # the sweep visits twice (with and without JavaScript) on the same data: toggle either way
        actions=lambda page: page.locator("main form .govuk-button").first.click(),
    ),
]
