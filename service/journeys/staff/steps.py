"""Recording the statutory steps. Each is a GOV.UK form that carries the case's version (a stale form
is refused and shows what changed), checks the move with the clock's check_move, and writes the change,
an audit event and the family's message in one transaction, then confirms with a success banner."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for

from service.auth.staff import CHANGE_ROLES, current_staff, staff_required
from service.data import advice as advice_data
from service.data import case_changes, case_records
from service.data.caseload import assignable_staff
from service.data.facts import assessment_facts
from service.domain.clock import (
    ALLOWED_GROUNDS,
    STAGE_NAMES,
    ExceptionGround,
    ExceptionPhase,
    Stage,
    Step,
    allowed_moves,
    check_move,
    format_govuk_date,
)
from service.journeys.staff.case_pages import case_or_404, store_upload
from service.journeys.staff.forms import (
    ADVICE_KINDS,
    NOTICE_STEPS,
    SOURCES,
    STEP_FORMS,
    AdviceReceivedForm,
    AdviceRequestForm,
    AssignForm,
    ChooseStepForm,
    ExceptionForm,
    NewRequestForm,
)
from service.journeys.staff.routes import bp
from service.web import staff_change, today_in_london
from service.wording.steps import STEP_LABELS, advice_not_arrived

STALE = "This case changed since you opened the page. Check what changed, then try again"


def _stale(form, case) -> bool:
    """True (and an error on the form) when the case changed since the form was opened."""
    if str(case.version) == (form.version.data or ""):
        return False
    form.form_errors.append(STALE)
    return True


def _changes_since(case, version: str) -> list:
    """The case's events since the version the form was opened at, newest first (to show what changed)."""
    try:
        opened = int(version)
    except (TypeError, ValueError):
        return []
    return case_records.events(case)[: max(case.version - opened, 0)]


def _page(template: str, form, case, title: str, **context):
    stale = bool(getattr(form, "form_errors", None))
    errors = None
    if stale:
        errors = [{"text": STALE, "href": f"#{_first_input_id(form)}"}] + [
            e for e in _field_errors(form) if e["text"] != STALE
        ]
    changes = _changes_since(case, request.form.get("version")) if stale else []
    form.version.data = str(case.version)
    status = 409 if stale else (400 if form.errors else 200)
    return (
        render_template(
            template,
            form=form,
            case=case,
            user=current_staff(),
            page_title=title,
            error_list=errors,
            changes=changes,
            **context,
        ),
        status,
    )


def _first_input_id(form) -> str:
    for field in form:
        if field.type not in ("CSRFTokenField", "HiddenField", "SubmitField"):
            target = getattr(field, "error_target_id", None)
            return target() if callable(target) else field.id
    return "main-content"


def _field_errors(form) -> list[dict]:
    from service.forms.errors import form_error_list

    return form_error_list(form)


STEP_TITLES = {
    Step.DECIDE_TO_ASSESS: "Record the decision to assess",
    Step.DECIDE_NOT_TO_ASSESS: "Record the decision not to assess",
    Step.DECIDE_TO_ISSUE: "Record the decision to issue a plan",
    Step.DECIDE_NOT_TO_ISSUE: "Record the decision not to issue a plan",
    Step.SERVE_DRAFT: "Record that the draft plan was served",
    Step.ISSUE_FINAL: "Record that the final plan was issued",
    Step.WITHDRAW: "Record that the request was withdrawn",
}
STEP_HINTS = {
    Step.DECIDE_NOT_TO_ASSESS: "You will be asked for the reasons and the day the letter was sent",
    Step.DECIDE_NOT_TO_ISSUE: "You will be asked for the reasons and the day the letter was sent",
    Step.SERVE_DRAFT: "You will be asked to upload the draft plan",
    Step.ISSUE_FINAL: "You will be asked for the named school, college or other setting",
    Step.WITHDRAW: "You will be asked why",
}


@bp.route("/cases/<int:case_id>/record-step", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def record_step(case_id: int):
    """Which decision or step: then its own page (Post/Redirect/Get), which asks only for what it needs.
    Anything else posted here (a form from before the pages were split) is ignored, never saved."""
    user, case = case_or_404(case_id)
    moves = allowed_moves(Stage(case.stage))
    steps = [step for step in STEP_LABELS if step in moves]
    if request.method == "GET" and not steps:
        abort(404)
    form = ChooseStepForm()
    form.decision.choices = [(step.value, STEP_LABELS[step]) for step in steps]
    if request.method == "GET" and request.args.get("decision") in {step.value for step in steps}:
        form.decision.data = request.args["decision"]  # back from a step's page: the choice is kept
    if form.validate_on_submit():
        return redirect(url_for("staff.record_step_for", case_id=case.id, step=form.decision.data))
    hints = {step.value: STEP_HINTS[step] for step in steps if step in STEP_HINTS}
    page = render_template(
        "staff/record_step.html",
        form=form,
        case=case,
        user=user,
        page_title="Record a decision or step",
        hints=hints,
    )
    return page, (400 if form.errors else 200)


@bp.route("/cases/<int:case_id>/record-step/<step>", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def record_step_for(case_id: int, step: str):
    """One decision or step, with only the questions it needs. Its date is checked with the clock's
    check_move; the change, audit and family's message are written in one transaction."""
    user, case = case_or_404(case_id)
    chosen = next((s for s in STEP_FORMS if s.value == step), None)
    if chosen is None:
        abort(404)
    _require_move(case, chosen)
    form = STEP_FORMS[chosen](today=today_in_london())
    change = staff_change(version=form.version.data or None)
    if form.validate_on_submit() and not _stale(form, case):
        reason = check_move(assessment_facts(case), chosen, form.on.data, form.today)
        upload = getattr(form, "plan_file", None)
        upload = upload.data if upload is not None and upload.data and upload.data.filename else None
        if reason:
            form.on.errors.append(reason)
        else:
            problem = None
            if upload is not None:
                category = "draft_plan" if chosen == Step.SERVE_DRAFT else "final_plan"
                problem = store_upload(change, case, upload, category, shared=True)
            if problem:
                form.plan_file.errors.append(problem)  # the 400 response rolls back whatever was added
            else:
                try:
                    case_changes.record_step(
                        change,
                        case,
                        chosen,
                        form.on.data,
                        (getattr(form, "named_setting", None) and form.named_setting.data or "").strip(),
                        (getattr(form, "reasons", None) and form.reasons.data or "").strip(),
                        notice_sent_on=form.notice_sent_on.data if chosen in NOTICE_STEPS else None,
                    )
                except case_changes.StaleCase:
                    form.form_errors.append(STALE)
                else:
                    flash(_saved(case, f"{STEP_LABELS[chosen]} on {format_govuk_date(form.on.data)}"))
                    return redirect(url_for("staff.case_record", case_id=case.id))
    return _page(
        "staff/record_step_for.html",
        form,
        case,
        STEP_TITLES[chosen],
        step=chosen,
        advice_warnings=advice_warnings(case) if chosen == Step.SERVE_DRAFT else [],
    )


def advice_warnings(case) -> list[str]:
    """Advice asked for that has not arrived: serving a draft plan without it is warned, on this page and
    on the plan's issue page alike (it is not a bar: the council may go ahead)."""
    return [advice_not_arrived(a.kind, a.adviser, a.requested_on) for a in case_records.outstanding_advice(case)]


def _saved(case, what: str) -> str:
    """The confirmation: what was saved and what the clock says is due next."""
    if case.next_due_on:
        return f"Saved: {what}. Next due: {format_govuk_date(case.next_due_on)}"
    return f"Saved: {what}. {STAGE_NAMES[Stage(case.stage)][0]}: nothing more is due"


def _require_move(case, step: Step) -> None:
    if step not in allowed_moves(Stage(case.stage)) and request.method == "GET":
        abort(404)


@bp.route("/cases/<int:case_id>/advice/new", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def request_advice(case_id: int):
    user, case = case_or_404(case_id)
    _require_move(case, Step.REQUEST_ADVICE)
    form = AdviceRequestForm(today=today_in_london())
    organisations = advice_data.organisations_for_council(user.local_authority_id)
    form.organisation_id.choices = [("", "Choose an organisation")] + [(str(o.id), o.name) for o in organisations]
    change = staff_change(version=form.version.data or None)
    if form.validate_on_submit() and not _stale(form, case):
        organisation = None
        if form.in_service:
            chosen = form.organisation_id.data or ""
            organisation = (
                advice_data.organisation_for_council(user.local_authority_id, int(chosen))
                if chosen.isdigit() and len(chosen) <= 9
                else None
            )
            if organisation is None:
                abort(404)  # another council's organisation, or none at all
        reason = check_move(assessment_facts(case), Step.REQUEST_ADVICE, form.on.data, form.today)
        if reason:
            form.on.errors.append(reason)
        else:
            label = ADVICE_KINDS[form.kind.data]
            try:
                if organisation is not None:
                    advice = case_changes.ask_organisation_for_advice(
                        change,
                        case,
                        form.kind.data,
                        label,
                        organisation.id,
                        organisation.name,
                        form.asked.data.strip(),
                        form.on.data,
                    )
                    due = advice.due_on
                    told = advice_data.tell_organisation(advice, case, organisation)
                else:
                    due = case_changes.add_advice_request(
                        change, case, form.kind.data, label, (form.adviser.data or "").strip(), form.on.data
                    )
            except case_changes.StaleCase:
                form.form_errors.append(STALE)
            else:
                if organisation is None:
                    flash(f"Saved: {label} advice requested. It is due by {format_govuk_date(due)}")
                elif told:
                    flash(f"{organisation.name} has been asked for advice. It is due by {format_govuk_date(due)}")
                else:
                    flash(
                        f"{organisation.name} has been asked for advice, due by {format_govuk_date(due)}. "
                        f"Nobody at {organisation.name} uses the service yet: invite someone"
                    )
                    return redirect(url_for("staff.advice_page", case_id=case.id, advice_id=advice.id))
                return redirect(url_for("staff.case_timeline", case_id=case.id))
    return _page("staff/request_advice.html", form, case, "Request advice", organisations=organisations)


@bp.route("/cases/<int:case_id>/advice/<int:advice_id>/received", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def advice_received(case_id: int, advice_id: int):
    user, case = case_or_404(case_id)
    advice = case_records.advice_for_case(case, advice_id)
    if advice is None:
        abort(404)
    label = ADVICE_KINDS.get(advice.kind, advice.kind.replace("_", " ").capitalize())
    form = AdviceReceivedForm(today=today_in_london(), requested_on=advice.requested_on)
    change = staff_change(version=form.version.data or None)
    if form.validate_on_submit() and not _stale(form, case):
        reason = check_move(assessment_facts(case), Step.RECORD_ADVICE, form.on.data, form.today)
        if advice.received_on is not None:
            form.form_errors.append(STALE)
        elif reason:
            form.on.errors.append(reason)
        else:
            try:
                case_changes.record_advice_received(change, case, advice, label, form.on.data)
            except case_changes.StaleCase:
                form.form_errors.append(STALE)
            else:
                flash(f"Saved: {label} advice received on {format_govuk_date(form.on.data)}")
                return redirect(url_for("staff.case_timeline", case_id=case.id))
    return _page("staff/advice_received.html", form, case, f"Record {label.lower()} advice received", advice=advice)


@bp.route("/cases/<int:case_id>/exception", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def apply_exception(case_id: int):
    user, case = case_or_404(case_id)
    _require_move(case, Step.APPLY_EXCEPTION)
    form = ExceptionForm(today=today_in_london())
    change = staff_change(version=form.version.data or None)
    if form.validate_on_submit() and not _stale(form, case):
        phase, ground = ExceptionPhase(form.phase.data), ExceptionGround(form.ground.data)
        reason = check_move(assessment_facts(case), Step.APPLY_EXCEPTION, form.starts_on.data, form.today)
        if ground not in ALLOWED_GROUNDS[phase]:
            form.ground.errors.append("A missed appointment is only an exception to the 6-week time limit for advice")
        elif reason and "received" not in reason:
            form.starts_on.errors.append(reason)
        else:
            try:
                case_changes.apply_exception(
                    change,
                    case,
                    phase.value,
                    ground.value,
                    form.starts_on.data,
                    form.ends_on.data,
                    form.evidence.data.strip(),
                )
            except case_changes.StaleCase:
                form.form_errors.append(STALE)
            else:
                flash("Saved: exception recorded. The due dates do not change; the timeline shows the exception")
                return redirect(url_for("staff.case_timeline", case_id=case.id))
    return _page("staff/exception.html", form, case, "Apply an exception to a time limit")


@bp.route("/cases/<int:case_id>/assign", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def assign(case_id: int):
    user, case = case_or_404(case_id)
    people = {str(p.id): p for p in assignable_staff(user.local_authority_id)}
    form = AssignForm()
    if request.method == "GET":
        form.caseworker.data = str(case.assigned_caseworker_id or "")
    form.caseworker.choices = [("", "Choose a caseworker")] + [(k, p.name) for k, p in people.items()]
    if form.validate_on_submit() and not _stale(form, case):
        chosen = people.get(form.caseworker.data)
        if chosen is None:
            form.caseworker.errors.append("Select a caseworker")
        else:
            try:
                case_changes.assign(staff_change(version=form.version.data), case, chosen)
            except case_changes.StaleCase:
                form.form_errors.append(STALE)
            else:
                flash(f"Saved: assigned to {chosen.name}")
                return redirect(url_for("staff.case_record", case_id=case.id))
    return _page("staff/assign.html", form, case, "Assign a caseworker")


@bp.route("/requests/new", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def new_request():
    """A request that arrived by post, email or phone. A received date more than 6 weeks ago is allowed
    (post gets lost) but must be confirmed, because the decision is then already overdue."""
    user = current_staff()
    change = staff_change()
    today = change.today
    form = NewRequestForm(today=today)
    warn_old = False
    if form.validate_on_submit():
        received = form.received_on.data
        if received < today - timedelta(weeks=6) and form.confirm_old_date.data != received.isoformat():
            warn_old = True
            form.confirm_old_date.data = received.isoformat()
        else:
            case = case_changes.create_request(
                change,
                {
                    "source": form.source.data,
                    "received_on": received,
                    "child_first_name": form.child_first_name.data.strip(),
                    "child_last_name": form.child_last_name.data.strip(),
                    "child_date_of_birth": form.child_date_of_birth.data,
                    "requester_role": form.requester_role.data,
                    "requester_name": form.requester_name.data.strip(),
                    "requester_email": (form.requester_email.data or "").strip(),
                    "requester_postal_address": (form.requester_postal_address.data or "").strip(),
                },
            )
            flash(
                f"Saved: request {case.reference} received by {SOURCES[case.source].lower()} on "
                f"{format_govuk_date(received)}. Decision whether to assess due by {format_govuk_date(case.next_due_on)}"
            )
            return redirect(url_for("staff.case_record", case_id=case.id))
    return render_template(
        "staff/new_request.html",
        form=form,
        user=user,
        warn_old=warn_old,
        page_title="Record a request received by post, email or phone",
    ), (400 if form.errors else 200)
