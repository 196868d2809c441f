"""Issuing the plan: a check-your-answers page with the quality flags grouped by section (each with a
link to fix it), then the issue itself through plan_changes.issue.

- The draft (Draft 1, then Draft 2 ... before the final): the first one records "draft served" on the
  statutory clock (checked first with check_move: reg 13(1), the family's 15 days start).
- The final plan, once a draft was issued and final_problems is empty (a setting named in section I):
  records the final issued step (the 20-week duty met or missed) and the family's appeal rights.
- After the final, an amended plan (reg 22): Amended 1, 2 ..., with the reason for the amendment.
- After a review whose report is sent and whose decision is pending: the proposed amendments (Proposed
  amendments 1, 2 ...), which record the decision to amend in the same notice and start the family's 15
  days (reg 22(2)); then the amended plan, refused on a date inside those 15 days
  (service.data.review_decisions).

Flags are advice, not a bar: issuing with flags needs the reason, kept with the version."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from service.auth.staff import CHANGE_ROLES, staff_required
from service.data import case_records, plan_changes, plans, review_decisions, reviews
from service.data.facts import assessment_facts
from service.domain.clock import Step, check_move, draft_comment_last_day, format_govuk_date
from service.domain.ehcp.quality import final_problems, quality_flags
from service.domain.ehcp.template import template_of
from service.forms.dates import PARTS
from service.journeys.staff import plan as pages
from service.journeys.staff.plan_forms import IssueForm
from service.journeys.staff.routes import bp
from service.journeys.staff.steps import advice_warnings
from service.web import staff_change, today_in_london

KINDS = {
    "draft": "Issue the draft plan",
    "final": "Issue the final plan",
    "proposals": "Issue the proposed amendments",
    "amend": "Issue the amended plan",
}
STATUSES = {"draft": "draft", "final": "final", "proposals": plan_changes.PROPOSED, "amend": "final"}
STALE = "The plan changed since you opened this page. Check what changed and the problems, then issue again"
REVIEW_STALE = "The review changed since you opened this page. Check what changed, then issue again"


def flag_groups(document, template, flags, case_id: int) -> list[dict]:
    """The flags by section, in template order, each with a link to the page that fixes it."""
    groups = []
    for section in template.sections:
        mine = [flag for flag in flags if flag.section == section.key]
        if not mine:
            continue
        rows = []
        for flag in mine:
            if flag.item_id and section.key not in ("a1",):
                href = url_for("staff.plan_item", case_id=case_id, key=section.key, item_id=flag.item_id)
            else:
                href = url_for("staff.plan_section", case_id=case_id, key=section.key)
            rows.append({"message": flag.message, "href": href})
        groups.append({"section": section, "flags": rows})
    return groups


def date_problem(case, issued, kind: str, on, today, review=None) -> str | None:
    """Why the date (or the step) cannot be recorded, from the statutory clock; None when it can."""
    facts = assessment_facts(case)
    if kind == "draft" and case.draft_served_on is None:
        problem = check_move(facts, Step.SERVE_DRAFT, on, today)
        if problem:
            return problem
    elif kind == "final" and case.final_issued_on is None:
        problem = check_move(facts, Step.ISSUE_FINAL, on, today)
        if problem:
            return problem
    if on > today:
        return "The date must be today or in the past"
    if kind == "proposals" and review is not None:
        problem = review_decisions.decision_date_problem(review, on, today)
        if problem:
            return problem
    if kind == "amend" and review is not None:
        problem = review_decisions.amended_problem(review, on)
        if problem:
            return problem
    if issued and on < issued[-1].issued_on:
        return f"The date must be on or after the day {issued[-1].label} was issued, {format_govuk_date(issued[-1].issued_on)}"
    return None


@bp.route("/cases/<int:case_id>/plan/issue/<kind>", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def plan_issue(case_id: int, kind: str):
    user, case, plan = pages.plan_or_404(case_id)
    if kind not in KINDS:
        abort(404)
    issued = plans.versions(plan)
    status = STATUSES[kind]
    review = _review(case, kind)
    # a form opened for a review's step (it carries the review's version) whose review has moved on since:
    # someone else issued the proposals or the amended plan; refused with what changed, never issued again
    moved_on = request.method == "POST" and bool(request.form.get("review_version")) and review is None
    if not pages.issue_choices(case, issued)[kind] and not moved_on:
        abort(404)
    change = staff_change()
    document = pages.would_be_issued(case, plan, status, user.name, change.today)
    template = template_of(document)
    flags = quality_flags(document, template)
    blockers = final_problems(plans.working(plan)) if status != "draft" else []
    form = IssueForm(today=today_in_london())
    if moved_on:
        return _review_stale(form, user, case, plan, kind, document, template, flags, blockers, None)
    clashes = None
    if request.method == "POST" and blockers:
        return _page(form, user, case, plan, kind, document, template, flags, blockers, None, 400)
    if request.method == "POST":  # the app-wide CSRFProtect has refused a POST without its token
        form.validate()  # every problem is shown at once: the date's, and the reasons' below
        if form.on.data and not form.on.errors:
            problem = date_problem(case, issued, kind, form.on.data, change.today, review)
            if problem:
                form.on.errors.append(problem)
                form.on.parts_in_error = PARTS  # the whole date is wrong: every box is marked
        if flags and not form.override_reason.data:
            form.override_reason.errors.append("Enter why you are issuing the plan with these problems")
        if kind in ("amend", "proposals") and not form.amendment_reason.data:
            form.amendment_reason.errors.append("Enter why the plan is being amended")
        if not form.errors:
            try:
                version = plan_changes.issue(
                    change,
                    plan,
                    case,
                    status=status,
                    on=form.on.data,
                    opened_version=pages.opened(form),
                    override_reason=(form.override_reason.data or "") if flags else "",
                    amendment_reason=(form.amendment_reason.data or "") if kind in ("amend", "proposals") else "",
                    review_version=_opened(form.review_version.data) if review is not None else None,
                )
            except plan_changes.StalePlan as stale:
                clashes = stale.edits
            except reviews.StaleReview as stale:
                return _review_stale(form, user, case, plan, kind, document, template, flags, blockers, stale.review)
            except review_decisions.DecisionRefused as refused:  # the review moved on under this page
                form.on.errors.append(str(refused))
                return _page(form, user, case, plan, kind, document, template, flags, blockers, None, 400, review)
            else:
                flash(_issued(version))
                return redirect(url_for("staff.plan_version", case_id=case.id, number=version.number))
    else:
        case_records.audit_read(change, case, "plan.view_issue")
    return _page(form, user, case, plan, kind, document, template, flags, blockers, clashes, review=review)


def _review(case, kind: str):
    """The review this issue belongs to: the pending decision's for proposals, the proposals' for an
    amended plan (None for an amendment outside a review)."""
    if kind == "proposals":
        return review_decisions.pending_review(case)
    if kind == "amend":
        return review_decisions.amending_review(case)
    return None


def _opened(value) -> int:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 9 else -1


def _review_stale(form, user, case, plan, kind, document, template, flags, blockers, review):
    """Someone else took a step on the review since the page was opened: nothing was issued; show what."""
    opened = _opened(form.review_version.data)
    if review is not None:
        changes = case_records.events(case)[: max(review.version - opened, 1)] if opened >= 0 else []
    else:  # the review's step was taken (and it may be complete): its latest event says what happened
        changes = case_records.events(case)[:1]
    fresh = _review(case, kind)
    form.review_version.data = str(fresh.version) if fresh is not None else ""
    # with nothing left to issue there is no form to correct: what changed is shown, without an error summary
    errors = [{"text": REVIEW_STALE, "href": "#on-day"}] if fresh is not None else None
    page = render_template(
        "staff/plan/issue.html",
        form=form,
        user=user,
        case=case,
        plan=plan,
        page_title=KINDS[kind],
        error_list=errors,
        changes=changes,
        kind=kind,
        label=document["plan"]["label"],
        groups=flag_groups(document, template, flags, case.id),
        flags=flags,
        blockers=[],
        review=fresh,
        review_gone=fresh is None,
        proposed_changes=_proposed(fresh),
    )
    return page, 409


def _proposed(review) -> list[dict]:
    return review_decisions.proposed_changes(reviews.report_of(review)) if review is not None else []


def _issued(version) -> str:
    when = format_govuk_date(version.issued_on)
    if version.status == plan_changes.PROPOSED:
        last_day = format_govuk_date(review_decisions.comments_last_day_from(version.issued_on))
        return (
            f"{version.label} issued on {when} with the decision to amend. The family has until {last_day} to comment"
        )
    if version.status == "draft":
        last_day = format_govuk_date(draft_comment_last_day(version.issued_on))
        return f"{version.label} issued on {when}. The family has until {last_day} to comment"
    return f"{version.label} issued on {when}. The family has been told their appeal rights"


def _page(form, user, case, plan, kind, document, template, flags, blockers, clashes, status=None, review=None):
    if request.method == "GET" or not form.review_version.data:
        form.review_version.data = str(review.version) if review is not None else ""
    page, code = pages.form_page(
        "staff/plan/issue.html",
        form,
        user,
        case,
        plan,
        KINDS[kind],
        clashes=clashes,
        kind=kind,
        label=document["plan"]["label"],
        groups=flag_groups(document, template, flags, case.id),
        flags=flags,
        blockers=[
            {"message": flag.message, "href": url_for("staff.plan_section", case_id=case.id, key=flag.section)}
            for flag in blockers
        ],
        stale_text=STALE,
        review=review,
        proposed_changes=_proposed(review),
        comments_last_day=review_decisions.comments_last_day(review) if review is not None else None,
        amended_due=review_decisions.amended_due(review) if review is not None else None,
        advice_warnings=advice_warnings(case) if kind == "draft" else [],
    )
    return page, status or code
