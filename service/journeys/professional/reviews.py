"""Annual reviews held by the professional's setting (SEND Regulations 2014 reg 20): the review's page (its
steps and due dates, the meeting, the report as sent), arranging the meeting and its invitations, the plan's
latest issued version being reviewed (read only), and the review report written part by part, saved as they
go, checked and sent (the same pages council staff use for a review the council holds:
service/journeys/staff/review_steps.py).

Work belongs to the organisation: a colleague sees the same review and report. Every review id is scoped to
the organisation: another organisation's gives 404. Every read and change is audited as the professional's."""

from __future__ import annotations

from flask import abort, request, url_for

from service.auth.professional import current_organisation, current_professional, professional_required
from service.data import audit, reviews
from service.domain.ehcp import review as review_document
from service.domain.ehcp.sections import section_view
from service.domain.ehcp.template import template_of
from service.journeys.professional import bp
from service.journeys.staff import review_steps
from service.web import client_ip, today_in_london

PLAN_SECTIONS = ("a1", "a2", "b", "c", "d", "e", "f", "g", "h1", "h2", "i", "j", "k")


def _place() -> review_steps.Place:
    """The review in the path, held by the professional's organisation, or 404."""
    person, organisation = current_professional(), current_organisation()
    review_id = request.view_args["review_id"] if request.view_args else 0
    found = reviews.review_for_organisation(organisation.id, review_id)
    if found is None:
        abort(404)
    review, case, council = found
    ip = client_ip()

    def record(action: str) -> None:
        audit.record_professional(
            person.id, council.id, action, case_id=case.id, detail=f"review:{review.id}", ip_address=ip
        )

    return review_steps.Place(
        prefix="professional.",
        ids={"review_id": review.id},
        layout="professional/reviews/_layout.html",
        by=reviews.ProfessionalChange(person, organisation, ip, today_in_london()),
        case=case,
        review=review,
        home=url_for("professional.review", review_id=review.id),
        context={"person": person, "organisation": organisation, "council": council},
        audit=record,
    )


@bp.get("/reviews/<int:review_id>")
@professional_required
def review(review_id: int):
    place = _place()
    place.audit("review.view")
    report = reviews.report_of(place.review)
    plan = reviews.plan_document(place.case) or {}
    return review_steps.render(
        place,
        "professional/reviews/review.html",
        f"Annual review for {place.case.child_first_name} {place.case.child_last_name}",
        steps=reviews.steps(place.case, place.review, place.by.today),
        report=report,
        changes=review_document.changes_by_section(report, plan) if report and plan else [],
        progress_labels=review_document.PROGRESS,
        recommendations=review_document.RECOMMENDATIONS,
        today=place.by.today,
    )


@bp.get("/reviews/<int:review_id>/plan")
@professional_required
def review_plan(review_id: int):
    """The plan's latest issued version, the one being reviewed: its sections, read only."""
    place = _place()
    version = reviews.plan_version(place.case)
    if version is None:
        abort(404)
    place.audit("review.view_plan")
    document = reviews.plan_document(place.case) or {}
    template = template_of(document)
    sections = [section_view(document, key, template) for key in PLAN_SECTIONS if template.has_section(key)]
    return review_steps.render(
        place, "professional/reviews/plan.html", "The plan being reviewed", version=version, sections=sections
    )


@bp.route("/reviews/<int:review_id>/meeting", methods=["GET", "POST"])
@professional_required
def review_meeting(review_id: int):
    place = _place()
    if place.review.status != reviews.OPEN:
        abort(404)
    return review_steps.meeting(place)


@bp.get("/reviews/<int:review_id>/report")
@professional_required
def review_report(review_id: int):
    return review_steps.report(_place())


@bp.route("/reviews/<int:review_id>/report/meeting", methods=["GET", "POST"])
@professional_required
def review_report_meeting(review_id: int):
    return review_steps.report_meeting(_place())


@bp.route("/reviews/<int:review_id>/report/views", methods=["GET", "POST"])
@professional_required
def review_report_views(review_id: int):
    return review_steps.report_views(_place())


@bp.route("/reviews/<int:review_id>/report/outcomes/<outcome_id>", methods=["GET", "POST"])
@professional_required
def review_report_outcome(review_id: int, outcome_id: str):
    return review_steps.report_outcome(_place(), outcome_id)


@bp.route("/reviews/<int:review_id>/report/changes/new", methods=["GET", "POST"])
@bp.route("/reviews/<int:review_id>/report/changes/<int:number>", methods=["GET", "POST"])
@professional_required
def review_report_change(review_id: int, number: int | None = None):
    return review_steps.report_change(_place(), number)


@bp.route("/reviews/<int:review_id>/report/changes/<int:number>/remove", methods=["GET", "POST"])
@professional_required
def review_report_change_remove(review_id: int, number: int):
    return review_steps.report_change_remove(_place(), number)


@bp.route("/reviews/<int:review_id>/report/recommendation", methods=["GET", "POST"])
@professional_required
def review_report_recommendation(review_id: int):
    return review_steps.report_recommendation(_place())


@bp.route("/reviews/<int:review_id>/report/check", methods=["GET", "POST"])
@professional_required
def review_report_check(review_id: int):
    return review_steps.report_check(_place())
