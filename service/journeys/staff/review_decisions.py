"""The council's decision after a plan's review, for caseworkers and managers: what it decided (one question
page), then, to maintain or cease the plan, the dates of the decision and of the notice and the reasons.
A decision to amend is not recorded here: it goes with the proposed amendments in one notice (R (L, M, P)
v Devon CC [2022] EWHC 493 (Admin)), so choosing it sends the caseworker to write and issue them from the
plan (service/journeys/staff/plan_issue.py, kind "proposals").

Every page is scoped through case_or_404 and reviews.review_for_case (another council's case, or another
case's review, is 404) and audited. The forms carry the review's version: a submit from a page opened
before someone else's step is refused (409) with what changed.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from service.auth.staff import CHANGE_ROLES, staff_required
from service.data import case_records, review_decisions, reviews
from service.domain.clock import format_govuk_date
from service.forms.dates import PARTS
from service.forms.errors import form_error_list
from service.journeys.staff.case_pages import case_or_404
from service.journeys.staff.decision_forms import DecisionDatesForm, DecisionForm
from service.journeys.staff.routes import bp
from service.web import staff_change, today_in_london

STALE = "This review changed since you opened the page. Check what changed, then try again"
KINDS = {review_decisions.MAINTAIN: "Keep the plan as it is", review_decisions.CEASE: "Stop the plan"}


def review_or_404(case_id: int, review_id: int):
    user, case = case_or_404(case_id)
    review = reviews.review_for_case(case, review_id)
    if review is None:
        abort(404)
    return user, case, review


def _version(value) -> int:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 9 else -1


def _changes(case, review, opened: int) -> list:
    """The case's events since the review's version the form was opened at, newest first."""
    if opened < 0:
        return []
    return case_records.events(case)[: max(review.version - opened, 1)]


def _context(case, review) -> dict:
    today = today_in_london()
    report = reviews.report_of(review)
    due = review_decisions.decision_due(review)
    return {
        "review": review,
        "report": report,
        "recommendation": (report or {}).get("recommendation", ""),
        "decisions": review_decisions.DECISIONS,
        "decided": review_decisions.DECIDED,
        "decision_due": due,
        "overdue": due is not None and not review.decision and today > due,
        "proposed_changes": review_decisions.proposed_changes(report),
        "problem": review_decisions.decision_problem(review),
        "reviews_url": _reviews_url(case),
    }


def _reviews_url(case) -> str | None:
    if "staff.case_reviews" in current_app.view_functions:
        return url_for("staff.case_reviews", case_id=case.id)
    return None


def _after(case, review, decision: str) -> str:
    """Where to go after the decision: to stop the plan, the cease page (when it exists); else the reviews page,
    or back to this review's decision page."""
    if decision == review_decisions.CEASE and "staff.cease_plan" in current_app.view_functions:
        return url_for("staff.cease_plan", case_id=case.id)
    return _reviews_url(case) or url_for("staff.review_decision", case_id=case.id, review_id=review.id)


def _render(template: str, form, user, case, review, title: str, *, stale: bool = False, changes=(), **extra):
    errors = None
    if stale:
        errors = [{"text": STALE, "href": f"#{_first_input_id(form)}"}]
    elif form.errors:
        errors = form_error_list(form)
    status = 409 if stale else (400 if form.errors else 200)
    page = render_template(
        template,
        form=form,
        user=user,
        case=case,
        page_title=title,
        error_list=errors,
        changes=list(changes),
        **_context(case, review),
        **extra,
    )
    return page, status


def _first_input_id(form) -> str:
    for field in form:
        if field.type not in ("CSRFTokenField", "HiddenField", "SubmitField"):
            target = getattr(field, "error_target_id", None)
            return target() if callable(target) else field.id
    return "main-content"


@bp.route("/cases/<int:case_id>/reviews/<int:review_id>/decision", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def review_decision(case_id: int, review_id: int):
    """What the council decided: maintain, amend or cease (then the next page, or the proposals)."""
    user, case, review = review_or_404(case_id, review_id)
    change = staff_change()
    form = DecisionForm()
    form.decision.choices = list(review_decisions.DECISIONS.items())
    title = "Record the council's decision after the review"
    if request.method == "POST":
        problem = review_decisions.decision_problem(review)
        if problem:
            form.validate()
            form.decision.errors = [problem]
            return _render("staff/review/decision.html", form, user, case, review, title)
        if form.validate_on_submit():
            if _version(form.version.data) != review.version:
                changes = _changes(case, review, _version(form.version.data))
                form.version.data = str(review.version)
                return _render(
                    "staff/review/decision.html", form, user, case, review, title, stale=True, changes=changes
                )
            if form.decision.data == review_decisions.AMEND:
                flash(
                    "Write the proposed amendments in the plan's sections, then issue them. The decision to amend "
                    "is recorded when you issue the proposed amendments: the family gets both in one notice"
                )
                return redirect(url_for("staff.plan", case_id=case.id))
            return redirect(
                url_for(
                    "staff.review_decision_dates",
                    case_id=case.id,
                    review_id=review.id,
                    decision=form.decision.data,
                    version=review.version,
                )
            )
        return _render("staff/review/decision.html", form, user, case, review, title)
    case_records.audit_read(change, case, "review.view_decision")
    form.version.data = str(review.version)
    return _render("staff/review/decision.html", form, user, case, review, title)


@bp.route("/cases/<int:case_id>/reviews/<int:review_id>/decision/<decision>", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def review_decision_dates(case_id: int, review_id: int, decision: str):
    """To maintain or cease: the date of the decision, the notice's, and the reasons."""
    if decision not in KINDS:
        abort(404)
    user, case, review = review_or_404(case_id, review_id)
    change = staff_change()
    form = DecisionDatesForm(today=today_in_london())
    title = f"{KINDS[decision]}: the decision and the notice"
    extra: dict[str, Any] = {"decision": decision, "decision_title": KINDS[decision]}
    if request.method == "GET":
        case_records.audit_read(change, case, "review.view_decision")
        asked = request.args.get("version", "")
        form.version.data = asked if _version(asked) >= 0 else str(review.version)
        return _render("staff/review/decision_dates.html", form, user, case, review, title, **extra)
    if form.validate_on_submit():
        on = form.on.data
        problem = review_decisions.decision_date_problem(review, on, change.today)
        if problem:
            form.on.errors.append(problem)
            form.on.parts_in_error = PARTS
        notice_on = form.notice_on.data
        if notice_on is not None and not form.notice_on.errors:
            problem = review_decisions.notice_date_problem(on, notice_on, change.today)
            if problem:
                form.notice_on.errors.append(problem)
                form.notice_on.parts_in_error = PARTS
        if not form.errors:
            opened = _version(form.version.data)
            try:
                review_decisions.record_decision(
                    change,
                    case,
                    review,
                    decision=decision,
                    on=on,
                    notice_on=notice_on,
                    reasons=form.reasons.data or "",
                    opened_version=opened,
                )
            except reviews.StaleReview as stale:
                fresh = stale.review
                form.version.data = str(fresh.version)
                changes = _changes(case, fresh, opened)
                return _render(
                    "staff/review/decision_dates.html",
                    form,
                    user,
                    case,
                    fresh,
                    title,
                    stale=True,
                    changes=changes,
                    **extra,
                )
            except review_decisions.DecisionRefused as refused:
                form.on.errors.append(str(refused))
            else:
                flash(
                    f"Decision recorded: {review_decisions.DECIDED[decision]}, on {format_govuk_date(on)}. "
                    "The review is complete and the family has been told"
                )
                return redirect(_after(case, review, decision))
    return _render("staff/review/decision_dates.html", form, user, case, review, title, **extra)


@bp.app_template_global("review_decision_steps")
def review_decision_steps(case, review, user) -> list[dict]:
    """The decision's steps for the review partial (templates/staff/review/_after_report.html): each with its
    due date and state from the clock, what was done, and the link to take it (for caseworkers and managers)."""
    today = today_in_london()
    can_change = user is not None and user.role in CHANGE_ROLES
    steps = {step.key: step for step in review_decisions.decision_steps(case, review, today)}
    pending = review.status == reviews.OPEN and review_decisions.decision_problem(review) is None
    last_day = review_decisions.comments_last_day(review)
    rows = []
    for key, step in steps.items():
        milestone = step.milestone
        links: list[tuple[str, str]] = []
        row: dict[str, Any] = {
            "links": links,
            "key": key,
            "title": step.title,
            "due": milestone.due if milestone else None,
            "state": milestone.state.value if milestone else "",
            "done": "",
        }
        if key == "review_decision":
            if review.decision:
                row["done"] = (
                    f"Decided {review_decisions.DECIDED[review.decision]} on {format_govuk_date(review.decision_on)}"
                )
            elif pending and can_change:
                links.append(
                    ("Record the decision", url_for("staff.review_decision", case_id=case.id, review_id=review.id))
                )
                links.append(
                    (
                        "Write and issue the proposed amendments",
                        url_for("staff.plan_issue", case_id=case.id, kind="proposals"),
                    )
                )
        elif key == "amendment_comments":
            if last_day is None:
                continue
            row["done"] = f"Proposed amendments sent on {format_govuk_date(review.proposals_sent_on)}"
        elif key == "amended_plan":
            if review.proposals_sent_on is None:
                continue
            if review.amended_issued_on:
                row["done"] = f"Amended plan issued on {format_govuk_date(review.amended_issued_on)}"
            elif last_day is not None and today <= last_day:
                row["done"] = f"You can issue the amended plan from the day after {format_govuk_date(last_day)}"
            elif can_change and review.status == reviews.OPEN:
                links.append(("Issue the amended plan", url_for("staff.plan_issue", case_id=case.id, kind="amend")))
        rows.append(row)
    return rows


@bp.app_template_global("review_proposed_changes")
def review_proposed_changes(case, section_key: str) -> list[dict]:
    """The open review's report's proposed changes to one section of the plan, while its amendments are being
    written (the report sent, the amended plan not yet issued); empty otherwise."""
    review = reviews_open_for_amending(case)
    if review is None:
        return []
    return review_decisions.proposed_changes(reviews.report_of(review), section_key)


def reviews_open_for_amending(case):
    return review_decisions.pending_review(case) or review_decisions.amending_review(case)
