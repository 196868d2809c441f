"""Ceasing a plan (CFA 2014 s45; regs 29-31 and 46), one thing a page: the decision (dates, the SEN2 reason,
the council's reasons, the consultation), check answers, the confirmation with the family's appeal deadline;
then the plan's end (SEN2 CeaseDate), or withdrawing the decision.

/staff/cases/<id>/cease is `staff.cease_plan`: a review's "cease" decision sends staff here with
?review=<review id>, which must be one of this case's reviews. The answers wait in the server-side session
(with the case version the form was opened at) until they are sent; a submit from a form opened before
another person's change is refused with what changed.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, session, url_for

from service.auth.staff import CHANGE_ROLES, current_staff, staff_required
from service.data import case_records, reviews
from service.data import cease as cease_data
from service.domain.clock import (
    CEASE_REASON_TEXT,
    CeaseReason,
    age_on,
    cease_appeal_deadline,
    cease_problem,
    cease_warnings,
    format_govuk_date,
    max_age_end,
)
from service.forms.errors import form_error_list
from service.journeys.staff.case_pages import case_or_404, render_case
from service.journeys.staff.cease_forms import CeaseForm, ConfirmForm, EndForm, WithdrawForm
from service.journeys.staff.routes import bp
from service.journeys.staff.steps import STALE, _changes_since, _first_input_id, _stale
from service.web import staff_change, today_in_london

SESSION_KEY = "cease_decisions"


def form_page(
    template: str,
    form,
    case,
    title: str,
    *,
    version: str | None = None,
    refused: str | None = None,
    error_href: str | None = None,
    **context,
):
    """A form page of the plan's life: the error summary; after a stale submit, what changed since the page was
    opened (and the form then carries the new version); otherwise the version the page was opened at (given, or
    submitted, or the case's now), so a change by someone else in between is still caught. A refusal (`refused`,
    the law or the case's state) is shown at the top with 409."""
    stale = STALE in form.form_errors
    submitted = request.form.get("version")
    errors = form_error_list(form)
    href = error_href or f"#{_first_input_id(form)}"
    if stale:
        errors = [{"text": STALE, "href": href}, *errors]
        form.version.data = str(case.version)
    else:
        form.version.data = version or submitted or str(case.version)
    if refused:
        errors = [{"text": refused, "href": href}, *errors]
    status = 409 if stale or refused else (400 if errors else 200)
    page = render_template(
        template,
        form=form,
        case=case,
        user=current_staff(),
        page_title=title,
        error_list=errors or None,
        changes=_changes_since(case, submitted or "") if stale else [],
        **context,
    )
    return page, status


def _answers(case) -> dict:
    return dict(session.get(SESSION_KEY, {}).get(str(case.id), {}))


def _save(case, values: dict) -> None:
    drafts = dict(session.get(SESSION_KEY, {}))
    drafts[str(case.id)] = values
    session[SESSION_KEY] = drafts


def _forget(case) -> None:
    drafts = dict(session.get(SESSION_KEY, {}))
    if drafts.pop(str(case.id), None) is not None:
        session[SESSION_KEY] = drafts


DATES = ("decision_on", "notice_sent_on", "consulted_on")


def _kept_data(kept: dict) -> dict:
    """The answers kept in the session (dates as ISO text), as the form's data, for Change."""
    return {**kept, **{name: date.fromisoformat(kept[name]) for name in DATES}}


def _review_or_404(case) -> int | None:
    """The review the decision comes from (?review=<id>, or the form's): one of this case's, else 404."""
    raw = request.values.get("review")
    if not raw:
        return None
    try:
        review_id = int(raw)
    except ValueError:
        abort(404)
    if reviews.review_for_case(case, review_id) is None:
        abort(404)
    return review_id


def _age_limit(case) -> date | None:
    return max_age_end(case.child_date_of_birth) if case.child_date_of_birth else None


def _status(user, case, change, review_id: int | None, status: int = 200):
    """The plan's cease state: no final plan, ended, or decided (with its appeal deadline and what next)."""
    return render_case(
        "staff/cease/status.html",
        user,
        case,
        "cease",
        "Cease the plan",
        status=status,
        problem=cease_data.decision_problem(case),
        appeal_by=cease_data.appeal_by(case),
        reason=CEASE_REASON_TEXT[CeaseReason(case.cease_reason)] if case.cease_reason else None,
        age_limit=_age_limit(case),
        can_change=user.role in CHANGE_ROLES,
        review_id=review_id,
    )


@bp.route("/cases/<int:case_id>/cease", methods=["GET", "POST"])
@staff_required()
def cease_plan(case_id: int):
    user, case = case_or_404(case_id)
    review_id = _review_or_404(case)
    change = staff_change()
    case_records.audit_read(change, case, "case.view_cease")
    if cease_data.decision_problem(case) or user.role not in CHANGE_ROLES:
        if request.method == "POST":
            return _status(user, case, change, review_id, status=409 if user.role in CHANGE_ROLES else 403)
        return _status(user, case, change, review_id)
    answers = _answers(case)
    kept = answers.get("form") if request.method == "GET" else None
    form = CeaseForm(
        today=today_in_london(),
        data=_kept_data(kept) if kept else None,
    )
    if form.validate_on_submit() and not _stale(form, case):
        reason = CeaseReason(int(form.reason.data))
        problem = cease_problem(reason, case.child_date_of_birth, form.decision_on.data)
        notice = cease_data.notice_problem(form.decision_on.data, form.notice_sent_on.data, form.today)
        if problem:
            form.reason.errors = [*form.reason.errors, problem]
        if notice:
            form.notice_sent_on.errors = [*form.notice_sent_on.errors, notice]
        if not problem and not notice:
            _save(
                case,
                {
                    "form": {
                        "decision_on": form.decision_on.data.isoformat(),
                        "notice_sent_on": form.notice_sent_on.data.isoformat(),
                        "reason": form.reason.data,
                        "reasons": form.reasons.data,
                        "consulted": True,
                        "consulted_on": form.consulted_on.data.isoformat(),
                    },
                    "version": form.version.data,
                    "review": review_id,
                },
            )
            return redirect(url_for("staff.cease_check", case_id=case.id))
    born = case.child_date_of_birth
    return form_page(
        "staff/cease/decision.html",
        form,
        case,
        "Cease the plan",
        version=answers.get("version") if request.method == "GET" else None,
        age_limit=_age_limit(case),
        age=age_on(born, form.today) if born else None,
        review_id=review_id,
    )


@bp.route("/cases/<int:case_id>/cease/check", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def cease_check(case_id: int):
    user, case = case_or_404(case_id)
    answers = _answers(case)
    change = staff_change(version=None)
    if not answers.get("form"):
        return redirect(url_for("staff.cease_plan", case_id=case.id))
    if request.method == "GET" and cease_data.decision_problem(case):
        _forget(case)  # decided (or ended) since: the cease page says so
        return redirect(url_for("staff.cease_plan", case_id=case.id))
    values = answers["form"]
    decision_on = date.fromisoformat(values["decision_on"])
    notice_sent_on = date.fromisoformat(values["notice_sent_on"])
    consulted_on = date.fromisoformat(values["consulted_on"])
    reason = CeaseReason(int(values["reason"]))
    form = ConfirmForm()
    refused = None
    if request.method == "GET":
        case_records.audit_read(change, case, "case.view_cease")
    if form.validate_on_submit() and not _stale(form, case):
        try:
            cease_data.decide(
                staff_change(version=int(form.version.data)),
                case,
                decision_on=decision_on,
                notice_sent_on=notice_sent_on,
                reason=reason,
                reasons=values["reasons"],
                consulted_on=consulted_on,
            )
        except cease_data.StaleCase:
            form.form_errors.append(STALE)
        except cease_data.CeaseError as error:
            refused = str(error)
        else:
            _forget(case)
            return redirect(url_for("staff.cease_sent", case_id=case.id))
    change_link = url_for("staff.cease_plan", case_id=case.id, review=answers.get("review"))

    def row(label: str, value: str) -> dict:
        return {
            "key": {"text": label},
            "value": {"text": value},
            "actions": {"items": [{"href": change_link, "text": "Change", "visuallyHiddenText": label.lower()}]},
        }

    rows = [
        row("Date of the decision", format_govuk_date(decision_on)),
        row("Notice sent to the family", format_govuk_date(notice_sent_on)),
        row("Reason (SEN2)", f"{int(reason)}. {CEASE_REASON_TEXT[reason]}"),
        row("The council's reasons", values["reasons"]),
        row("Family and setting's head consulted", f"Yes, finished on {format_govuk_date(consulted_on)}"),
    ]
    return form_page(
        "staff/cease/check.html",
        form,
        case,
        "Check the decision before you send it",
        version=answers.get("version") if request.method == "GET" else None,
        refused=refused,
        error_href="#send",
        rows=rows,
        warnings=cease_warnings(reason, case.child_date_of_birth, decision_on),
        appeal_by=cease_appeal_deadline(notice_sent_on),
    )


@bp.get("/cases/<int:case_id>/cease/sent")
@staff_required()
def cease_sent(case_id: int):
    user, case = case_or_404(case_id)
    change = staff_change()
    case_records.audit_read(change, case, "case.view_cease")
    if case.cease_decision_on is None:
        return redirect(url_for("staff.cease_plan", case_id=case.id))
    return render_case(
        "staff/cease/sent.html",
        user,
        case,
        "cease",
        "Decision to cease sent",
        appeal_by=cease_data.appeal_by(case),
        setting=cease_data.setting_organisation(case),
    )


@bp.route("/cases/<int:case_id>/cease/end", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def cease_end(case_id: int):
    user, case = case_or_404(case_id)
    change = staff_change(version=None)
    if case.cease_decision_on is None or case.ceased_on is not None:
        abort(404)
    form = EndForm(today=change.today)
    if request.method == "GET":
        case_records.audit_read(change, case, "case.view_cease")
    if form.validate_on_submit() and not _stale(form, case):
        problem = cease_data.end_problem_for(case, form.on.data, change.today)
        if problem:
            form.on.errors = [*form.on.errors, problem]
        else:
            try:
                cease_data.end(staff_change(version=int(form.version.data)), case, form.on.data)
            except cease_data.StaleCase:
                form.form_errors.append(STALE)
            else:
                flash(f"Saved: the plan ended on {format_govuk_date(form.on.data)}")
                return redirect(url_for("staff.cease_plan", case_id=case.id))
    return form_page(
        "staff/cease/end.html",
        form,
        case,
        "Record the end of the plan",
        appeal_by=cease_data.appeal_by(case),
    )


@bp.route("/cases/<int:case_id>/cease/withdraw", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def cease_withdraw(case_id: int):
    user, case = case_or_404(case_id)
    change = staff_change(version=None)
    if case.cease_decision_on is None or case.ceased_on is not None:
        abort(404)
    form = WithdrawForm()
    if request.method == "GET":
        case_records.audit_read(change, case, "case.view_cease")
    if form.validate_on_submit() and not _stale(form, case):
        try:
            cease_data.withdraw(staff_change(version=int(form.version.data)), case, form.why.data)
        except cease_data.StaleCase:
            form.form_errors.append(STALE)
        else:
            flash("Saved: the decision to cease was withdrawn. The plan is maintained")
            return redirect(url_for("staff.case_record", case_id=case.id))
    return form_page("staff/cease/withdraw.html", form, case, "Withdraw the decision to cease")
