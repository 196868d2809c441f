"""The annual review's steps as pages, shared by council staff (service/journeys/staff/reviews.py) and the
setting's people (service/journeys/professional/reviews.py): arranging the meeting and its invitations
(short notice warned on a page of its own and, if confirmed with a reason, recorded), and the review report
written part by part (saved as you go), checked and sent.

Each page is given a Place: where the review is reached from (its endpoints, ids and layout), who acts, the
case and the review. Every form carries the review's version; a form opened before someone else's step is
refused (409) with what the review now says, and nothing is applied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import flash, redirect, render_template, request, url_for

from service.data import reviews
from service.domain.clock import format_govuk_date
from service.domain.dates import add_weeks
from service.domain.ehcp import review as review_document
from service.domain.ehcp.document import label_of
from service.domain.plan import review_meeting_problem, short_notice
from service.journeys.staff.review_forms import (
    INVITEES,
    ChangeForm,
    MeetingForm,
    ProgressForm,
    RecommendationForm,
    ReportMeetingForm,
    VersionForm,
    ViewsForm,
    parse_time,
)

STALE_REVIEW = "This review changed since you opened this page. Check what it now says, then try again"
NOT_READY = "You cannot send the report yet. Put these right first"


@dataclass
class Place:
    """Where a review page is reached from, and who is acting."""

    prefix: str  # "staff." or "professional."
    ids: dict[str, Any]  # the path's ids: {"case_id", "review_id"} for staff, {"review_id"} for professionals
    layout: str  # the template the review pages extend
    by: reviews.Actor
    case: Any
    review: Any
    home: str  # the review's own page
    context: dict[str, Any] = field(default_factory=dict)  # the layout's variables (user, or person and organisation)
    audit: Callable[[str], None] = lambda action: None

    def url(self, name: str, **values: Any) -> str:
        return url_for(f"{self.prefix}review_{name}", **self.ids, **values)


def opened(form) -> int:
    """The version a form carried; a form without one is refused as stale."""
    value = (form.version.data or "").strip()
    return int(value) if value.isdigit() and len(value) <= 9 else -1


def render(place: Place, template: str, title: str, status: int = 200, stale: bool = False, **context):
    error_list = None
    target = _first_input(context.get("form"))
    if stale and target:
        error_list = [{"text": STALE_REVIEW, "href": f"#{target}"}]
    return (
        render_template(
            template,
            layout=place.layout,
            case=place.case,
            review=place.review,
            review_url=place.url,
            review_home=place.home,
            organisation_held=reviews.organisation_of(place.review),
            invitees=reviews.invitees_of(place.review),
            stale=stale,
            error_list=error_list,
            page_title=title,
            **place.context,
            **context,
        ),
        409 if stale else status,
    )


def _first_input(form) -> str:
    """The id of the form's first field a person fills in ('' for a form of hidden fields only)."""
    for each in form or ():
        if each.type not in ("CSRFTokenField", "HiddenField", "SubmitField"):
            target = getattr(each, "error_target_id", None)
            return target() if callable(target) else each.id
    return ""


def _stale_form(form, place: Place) -> None:
    form.version.data = str(place.review.version)


# --- The meeting ---------------------------------------------------------------------------------------


def _meeting_form(place: Place) -> MeetingForm:
    review = place.review
    form = MeetingForm(today=place.by.today)
    if request.method == "GET":
        invited = reviews.invitees_of(review)
        labels = {label: key for key, label in INVITEES.items()}
        form.on.process(None, review.meeting_on)
        form.invitations_sent_on.process(None, review.invitations_sent_on)
        form.time.data = review.meeting_time
        form.place.data = review.meeting_place
        form.invited.data = [labels[name] for name in invited if name in labels]
        form.other.data = "\n".join(name for name in invited if name not in labels)
        form.advice_asked.data = review.advice_asked
        form.version.data = str(review.version)
    return form


def meeting(place: Place):
    """Arrange the meeting: a date in the past is refused; less than 2 weeks after the invitations is warned
    on a page of its own and, confirmed with a reason, recorded."""
    review = place.review
    if review.report_sent_on is not None:
        return redirect(place.home)
    form = _meeting_form(place)
    title = "Change the review meeting" if review.meeting_on else "Arrange the review meeting"
    if request.method == "GET":
        place.audit("review.view_meeting")
        return render(place, "staff/review/meeting.html", title, form=form)
    if not form.validate_on_submit():
        if form.confirmed.data == "yes" and form.short_notice_reason.errors and len(form.errors) == 1:
            return render(place, "staff/review/short_notice.html", "The notice is shorter than 2 weeks", 400, form=form)
        return render(place, "staff/review/meeting.html", title, 400, form=form)
    problem = review_meeting_problem(form.on.data, place.by.today)
    if problem:
        form.on.errors.append(problem)
        form.on.parts_in_error = ("day", "month", "year")
        return render(place, "staff/review/meeting.html", title, 400, form=form)
    sent = form.invitations_sent_on.data
    short = sent is not None and short_notice(sent, form.on.data)
    reason = (form.short_notice_reason.data or "").strip()
    if short and form.confirmed.data != "yes":
        place.audit("review.view_meeting")
        return render(place, "staff/review/short_notice.html", "The notice is shorter than 2 weeks", form=form)
    if short and not reason:
        form.short_notice_reason.errors.append("Enter why the notice is shorter than 2 weeks")
        return render(place, "staff/review/short_notice.html", "The notice is shorter than 2 weeks", 400, form=form)
    others = [line.strip() for line in (form.other.data or "").splitlines() if line.strip()]
    chosen = [INVITEES[key] for key in INVITEES if key in (form.invited.data or [])]
    details = reviews.Meeting(
        on=form.on.data,
        time=parse_time(form.time.data) or "",
        place=form.place.data,
        invitations_sent_on=form.invitations_sent_on.data,
        invitees=chosen + others,
        advice_asked=form.advice_asked.data or "",
        short_notice_reason=reason,
    )
    try:
        reviews.arrange(place.by, place.case, review, opened(form), details)
    except reviews.StaleReview:
        _stale_form(form, place)
        return render(place, "staff/review/meeting.html", title, stale=True, form=form)
    when = format_govuk_date(details.on)
    flash(f"Review meeting arranged for {when}" + (". The short notice and its reason are recorded" if short else ""))
    return redirect(place.home)


# --- The report ----------------------------------------------------------------------------------------


def report_context(place: Place) -> dict[str, Any]:
    report = reviews.report_draft(place.case, place.review)
    plan = reviews.plan_document(place.case) or {}
    return {
        "report": report,
        "progress_labels": review_document.PROGRESS,
        "recommendations": review_document.RECOMMENDATIONS,
        "changes": review_document.changes_by_section(report, plan) if plan else [],
        "problems": _problems(place, report),
        "label_of": label_of,
        "report_due": add_weeks(place.review.meeting_on, 2) if place.review.meeting_on else None,
        "today": place.by.today,
    }


def _problems(place: Place, report) -> list[dict[str, str]]:
    targets = {
        "meeting": place.url("report_meeting"),
        "views": place.url("report_views"),
        "recommendation": place.url("report_recommendation"),
        "changes": place.url("report_change"),
    }
    found = []
    review = place.review
    if review.meeting_on is None:
        found.append({"text": "Arrange the review meeting first", "href": place.url("meeting")})
    elif review.meeting_on > place.by.today:
        when = format_govuk_date(review.meeting_on)
        found.append({"text": f"You can send the report after the meeting on {when}", "href": place.home})
    for problem in review_document.problems(report):
        if problem.part.startswith("outcome:"):
            href = place.url("report_outcome", outcome_id=problem.part.split(":", 1)[1])
        else:
            href = targets[problem.part]
        found.append({"text": problem.message, "href": href})
    return found


def _writable(place: Place):
    """A redirect to the review's page once the report is sent (it is then read only), else None."""
    if place.review.report_sent_on is not None or place.review.status != reviews.OPEN:
        return redirect(place.home)
    return None


def report(place: Place):
    """The report so far, part by part, each with its link."""
    place.audit("review.view_report")
    return render(place, "staff/review/report.html", "Review report", **report_context(place))


def _save(
    place: Place, form, build: Callable[[dict], dict], what: str, saved: str, template: str, title: str, **context
):
    """Save one part (POST, valid): stale forms are refused with what the review now says."""
    try:
        current = reviews.report_draft(place.case, place.review)
        reviews.save_report(place.by, place.case, place.review, opened(form), build(current), what)
    except reviews.StaleReview:
        _stale_form(form, place)
        return render(place, template, title, stale=True, form=form, **report_context(place), **context)
    flash(saved)
    return redirect(place.url("report"))


def report_meeting(place: Place):
    if (refused := _writable(place)) is not None:
        return refused
    draft = reviews.report_draft(place.case, place.review)
    form = ReportMeetingForm(today=place.by.today)
    title = "The review meeting"
    if request.method == "GET":
        held = draft["meeting"]["held_on"]
        from datetime import date

        form.held_on.process(None, date.fromisoformat(held) if held else place.review.meeting_on)
        form.attended.data = "\n".join(
            f"{row['name']}, {row['role']}" if row["role"] else row["name"] for row in draft["meeting"]["attended"]
        )
        form.version.data = str(place.review.version)
        place.audit("review.view_report")
    elif form.validate_on_submit():
        attended = []
        for line in (form.attended.data or "").splitlines():
            name, _, role = line.partition(",")
            if name.strip():
                attended.append({"name": name.strip()[:200], "role": role.strip()[:200]})
        return _save(
            place,
            form,
            lambda current: review_document.with_meeting(current, form.held_on.data, attended),
            "meeting",
            "Meeting details saved",
            "staff/review/report_meeting.html",
            title,
        )
    return render(place, "staff/review/report_meeting.html", title, 400 if form.errors else 200, form=form)


def report_views(place: Place):
    if (refused := _writable(place)) is not None:
        return refused
    draft = reviews.report_draft(place.case, place.review)
    title = "Views of the child, the family and the setting"
    if request.method == "GET":
        form = ViewsForm(data={**draft["views"], "version": str(place.review.version)})
        place.audit("review.view_report")
    else:
        form = ViewsForm()
        if form.validate_on_submit():
            values = {
                "child": form.child.data or "",
                "family": form.family.data or "",
                "setting": form.setting.data or "",
            }
            return _save(
                place,
                form,
                lambda current: review_document.with_views(current, **values),
                "views",
                "Views saved",
                "staff/review/report_views.html",
                title,
            )
    return render(place, "staff/review/report_views.html", title, 400 if form.errors else 200, form=form)


def report_outcome(place: Place, outcome_id: str):
    draft = reviews.report_draft(place.case, place.review)
    row = review_document.outcome_row(draft, outcome_id)
    if row is None:
        from flask import abort

        abort(404)
    if (refused := _writable(place)) is not None:
        return refused
    title = f"Progress towards {label_of(outcome_id).lower()}"
    if request.method == "GET":
        form = ProgressForm(
            data={
                "progress": row["progress"] or None,
                "evidence": row["evidence"],
                "version": str(place.review.version),
            }
        )
        place.audit("review.view_report")
    else:
        form = ProgressForm()
        if form.validate_on_submit():
            progress, evidence = form.progress.data, form.evidence.data or ""
            return _save(
                place,
                form,
                lambda current: review_document.with_progress(current, outcome_id, progress, evidence),
                f"progress {outcome_id}",
                f"Progress towards {label_of(outcome_id).lower()} saved",
                "staff/review/report_outcome.html",
                title,
                row=row,
            )
    return render(place, "staff/review/report_outcome.html", title, 400 if form.errors else 200, form=form, row=row)


def report_change(place: Place, number: int | None):
    draft = reviews.report_draft(place.case, place.review)
    row = review_document.change_at(draft, number) if number is not None else None
    if number is not None and row is None:
        from flask import abort

        abort(404)
    if (refused := _writable(place)) is not None:
        return refused
    plan = reviews.plan_document(place.case) or {}
    choices = [("", "Choose a part of the plan")] + review_document.parts(plan)
    title = "Change a proposed change" if row else "Propose a change to the plan"
    if request.method == "GET":
        part = (f"{row['section']}:{row['item_id']}" if row["item_id"] else row["section"]) if row else ""
        form = ChangeForm(
            data={
                "part": part,
                "proposed": row["proposed"] if row else "",
                "reason": row["reason"] if row else "",
                "version": str(place.review.version),
            }
        )
        form.part.choices = choices
        place.audit("review.view_report")
    else:
        form = ChangeForm()
        form.part.choices = choices
        if form.validate_on_submit():
            section, item_id = review_document.split_part(form.part.data)
            values = {
                "section": section,
                "item_id": item_id,
                "proposed": form.proposed.data,
                "reason": form.reason.data,
            }
            return _save(
                place,
                form,
                lambda current: review_document.put_change(current, number, values),
                f"change {number or 'added'} ({section})",
                "Proposed change saved",
                "staff/review/report_change.html",
                title,
                number=number,
                current=[],
            )
    current = []
    if form.part.data and form.part.data in {value for value, _ in choices if value}:
        section, item_id = review_document.split_part(form.part.data)
        current = review_document.current_entries(plan, section, item_id)
    return render(
        place,
        "staff/review/report_change.html",
        title,
        400 if form.errors else 200,
        form=form,
        number=number,
        current=current,
    )


def report_change_remove(place: Place, number: int):
    draft = reviews.report_draft(place.case, place.review)
    row = review_document.change_at(draft, number)
    if row is None:
        from flask import abort

        abort(404)
    if (refused := _writable(place)) is not None:
        return refused
    title = "Are you sure you want to remove this proposed change?"
    form = VersionForm() if request.method == "POST" else VersionForm(data={"version": str(place.review.version)})
    if form.validate_on_submit():
        return _save(
            place,
            form,
            lambda current: review_document.remove_change(current, number),
            f"change {number} removed",
            "Proposed change removed",
            "staff/review/report_change_remove.html",
            title,
            row=row,
            number=number,
        )
    return render(
        place,
        "staff/review/report_change_remove.html",
        title,
        400 if form.errors else 200,
        form=form,
        row=row,
        number=number,
    )


def report_recommendation(place: Place):
    if (refused := _writable(place)) is not None:
        return refused
    draft = reviews.report_draft(place.case, place.review)
    title = "What the review recommends"
    if request.method == "GET":
        form = RecommendationForm(
            data={
                "recommendation": draft["recommendation"] or None,
                "notes": draft["notes"],
                "version": str(place.review.version),
            }
        )
        place.audit("review.view_report")
    else:
        form = RecommendationForm()
        if form.validate_on_submit():
            chosen, notes = form.recommendation.data, form.notes.data or ""
            return _save(
                place,
                form,
                lambda current: review_document.with_recommendation(current, chosen, notes),
                "recommendation",
                "Recommendation saved",
                "staff/review/report_recommendation.html",
                title,
            )
    return render(place, "staff/review/report_recommendation.html", title, 400 if form.errors else 200, form=form)


def report_check(place: Place):
    """Check the report and send it (GOV.UK check answers); it is then read only."""
    if (refused := _writable(place)) is not None:
        return refused
    title = "Check the review report and send it"
    if request.method == "GET":
        place.audit("review.view_report")
        form = VersionForm(data={"version": str(place.review.version)})
        return render(place, "staff/review/report_check.html", title, form=form, **report_context(place))
    form = VersionForm()
    if not form.validate_on_submit():
        from flask import abort

        abort(400)
    try:
        late = reviews.send_report(place.by, place.case, place.review, opened(form))
    except reviews.StaleReview:
        _stale_form(form, place)
        return render(place, "staff/review/report_check.html", title, stale=True, form=form, **report_context(place))
    except reviews.NotReady:
        return render(place, "staff/review/report_check.html", title, 400, form=form, **report_context(place))
    sent = format_govuk_date(place.review.report_sent_on)
    flash(f"Review report sent on {sent}" + (". It was sent after the 2 weeks the law allows" if late else ""))
    return redirect(place.home)
