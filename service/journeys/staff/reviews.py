"""The plan's annual reviews as the council sees them (CFA 2014 s44; SEND Regulations 2014 regs 18-22): the
case's Reviews tab (the next review due, the open review's steps with their due dates and state, the report
as sent, past reviews), starting a review held by the child's setting or by the council, arranging the
meeting, and, for a review the council holds, writing and sending the report (the same pages the setting
uses: service/journeys/staff/review_steps.py). Every page reads a case scoped to the council and is audited.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for

from service.auth.staff import CHANGE_ROLES, staff_required
from service.data import case_records, reviews
from service.domain.ehcp import review as review_document
from service.journeys.staff import review_steps
from service.journeys.staff.case_pages import case_or_404, render_case
from service.journeys.staff.review_forms import ARRANGED_BY, StartReviewForm
from service.journeys.staff.routes import bp
from service.web import staff_change

STALE_CASE = "This case changed since you opened this page. Check what it now says, then try again"


@bp.get("/cases/<int:case_id>/reviews")
@staff_required()
def case_reviews(case_id: int):
    user, case = case_or_404(case_id)
    change = staff_change()
    case_records.audit_read(change, case, "review.view")
    review = reviews.current_review(case)
    report = reviews.report_of(review) if review is not None else None
    plan = reviews.plan_document(case) or {}
    past = [r for r in reviews.all_reviews(case) if review is None or r.id != review.id]
    return render_case(
        "staff/review/reviews.html",
        user,
        case,
        "case_reviews",
        "Reviews",
        review=review,
        report=report,
        draft=reviews.report_draft(case, review) if review is not None and report is None else None,
        changes=review_document.changes_by_section(report, plan) if report and plan else [],
        steps=reviews.steps(case, review, change.today),
        organisation_held=reviews.organisation_of(review) if review else None,
        invitees=reviews.invitees_of(review) if review else [],
        past=[(r, reviews.organisation_of(r)) for r in past],
        cannot_start=reviews.cannot_start(case),
        can_change=user.role in CHANGE_ROLES,
        progress_labels=review_document.PROGRESS,
        recommendations=review_document.RECOMMENDATIONS,
        today=change.today,
    )


@bp.route("/cases/<int:case_id>/reviews/start", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def review_start(case_id: int):
    user, case = case_or_404(case_id)
    problem = reviews.cannot_start(case)
    if problem and request.method == "GET":
        return redirect(url_for("staff.case_reviews", case_id=case.id))
    settings = reviews.settings_for(case)
    default = reviews.default_setting(case, settings)
    form = StartReviewForm()
    form.organisation_id.choices = [("", "Choose a setting")] + [(str(o.id), o.name) for o in settings]
    if request.method == "GET":
        form.version.data = str(case.version)
        form.organisation_id.data = str(default.id) if default else ""
        form.arranged_by.data = "setting" if default else None
    change = staff_change(version=form.version.data or None)
    stale = False
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            organisation = None
            if form.arranged_by.data == "setting":
                chosen = form.organisation_id.data or ""
                organisation = next((o for o in settings if chosen.isdigit() and o.id == int(chosen)), None)
                if organisation is None:
                    abort(404)  # another council's organisation, or none at all
            try:
                reviews.start(change, case, form.arranged_by.data, organisation)
            except reviews.StaleCase:
                stale = True
            except ValueError as refused:
                form.form_errors.append(str(refused))
            else:
                who = organisation.name if organisation else "The council"
                flash(f"Review started. {who} will arrange the review meeting")
                return redirect(url_for("staff.case_reviews", case_id=case.id))
    else:
        case_records.audit_read(change, case, "review.view_start")
    if stale:
        form.version.data = str(case.version)
        status = 409
    error_list = None
    if stale or form.form_errors:
        error_list = [{"text": STALE_CASE if stale else form.form_errors[0], "href": "#arranged_by"}]
    return render_case(
        "staff/review/start.html",
        user,
        case,
        "case_reviews",
        "Start a review",
        status=status,
        form=form,
        error_list=error_list,
        stale=stale,
        default=default,
        arranged_by_labels=ARRANGED_BY,
        review_due=case.review_due_on,
    )


def _place(case_id: int, review_id: int, *, report: bool = False) -> review_steps.Place:
    """The review of this council's case; for the report pages, only a review the council holds."""
    user, case = case_or_404(case_id)
    review = reviews.review_for_case(case, review_id)
    if review is None or (report and review.arranged_by != reviews.COUNCIL_LED):
        abort(404)
    change = staff_change()
    return review_steps.Place(
        prefix="staff.",
        ids={"case_id": case.id, "review_id": review.id},
        layout="staff/review/_staff_layout.html",
        by=change,
        case=case,
        review=review,
        home=url_for("staff.case_reviews", case_id=case.id),
        context={"user": user},
        audit=lambda action: case_records.audit_read(change, case, action),
    )


@bp.route("/cases/<int:case_id>/reviews/<int:review_id>/meeting", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def review_meeting(case_id: int, review_id: int):
    place = _place(case_id, review_id)
    if place.review.status != reviews.OPEN:
        abort(404)
    return review_steps.meeting(place)


@bp.get("/cases/<int:case_id>/reviews/<int:review_id>/report")
@staff_required()
def review_report(case_id: int, review_id: int):
    return review_steps.report(_place(case_id, review_id, report=True))


@bp.route("/cases/<int:case_id>/reviews/<int:review_id>/report/meeting", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def review_report_meeting(case_id: int, review_id: int):
    return review_steps.report_meeting(_place(case_id, review_id, report=True))


@bp.route("/cases/<int:case_id>/reviews/<int:review_id>/report/views", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def review_report_views(case_id: int, review_id: int):
    return review_steps.report_views(_place(case_id, review_id, report=True))


@bp.route("/cases/<int:case_id>/reviews/<int:review_id>/report/outcomes/<outcome_id>", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def review_report_outcome(case_id: int, review_id: int, outcome_id: str):
    return review_steps.report_outcome(_place(case_id, review_id, report=True), outcome_id)


@bp.route("/cases/<int:case_id>/reviews/<int:review_id>/report/changes/new", methods=["GET", "POST"])
@bp.route("/cases/<int:case_id>/reviews/<int:review_id>/report/changes/<int:number>", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def review_report_change(case_id: int, review_id: int, number: int | None = None):
    return review_steps.report_change(_place(case_id, review_id, report=True), number)


@bp.route("/cases/<int:case_id>/reviews/<int:review_id>/report/changes/<int:number>/remove", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def review_report_change_remove(case_id: int, review_id: int, number: int):
    return review_steps.report_change_remove(_place(case_id, review_id, report=True), number)


@bp.route("/cases/<int:case_id>/reviews/<int:review_id>/report/recommendation", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def review_report_recommendation(case_id: int, review_id: int):
    return review_steps.report_recommendation(_place(case_id, review_id, report=True))


@bp.route("/cases/<int:case_id>/reviews/<int:review_id>/report/check", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def review_report_check(case_id: int, review_id: int):
    return review_steps.report_check(_place(case_id, review_id, report=True))
