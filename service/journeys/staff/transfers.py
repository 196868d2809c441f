"""A plan moving with the family to another council (SEND Regulations 2014 reg 15; CoP 9.157-9.161).

The old council records the move it became aware of (its 15 working days run), transfers the plan (the case
leaves its caseload for the new council's) or cancels the move; the new council records its notice to the
family (6 weeks). /staff/transfers is each council's record of plans transferred out and in. Every form
carries the case's version: a stale one is refused with what changed. Every page is audited.
"""

from __future__ import annotations

from types import MappingProxyType

from flask import abort, flash, redirect, render_template, request, url_for
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextArea
from wtforms import HiddenField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from service.auth.staff import CHANGE_ROLES, current_staff, staff_required
from service.data import audit, case_changes, transfers
from service.domain.clock import MilestoneState, format_govuk_date
from service.forms.fields import DatedForm, GovForm, date_field
from service.journeys.staff.case_pages import case_or_404
from service.journeys.staff.routes import bp
from service.journeys.staff.steps import STALE, _changes_since, _page, _stale
from service.web import client_ip, staff_change, today_in_london

NOT_MOVABLE = {
    transfers.NO_FINAL_PLAN: "A move to another council can only be recorded once the final EHC plan is issued",
    transfers.CEASED: "The plan has ceased, so there is nothing to transfer",
    transfers.ALREADY_OPEN: "A move is already recorded for this plan. Transfer the plan, or cancel the move",
}
ICB_REMINDER = (
    "If the move also changes the integrated care board (ICB) responsible for the child's health care, the old "
    "ICB must tell the new one within 15 working days (regulation 16, number unconfirmed). Check the health "
    "provision in section G with the new ICB."
)


class MoveForm(DatedForm):
    nouns = MappingProxyType({"to": "Council"})
    to = SelectField(
        "Which council's area is the family moving to?", choices=[], validate_choice=False, widget=GovSelect()
    )
    aware_on = date_field(
        "When did the council become aware of the move?",
        "date the council became aware of the move",
        description="For example, 27 3 2027. The 15 working days to transfer the plan begin on this day",
        not_future=True,
    )
    move_on = date_field(
        "Date of the move (if known)",
        "date of the move",
        description="If the council was told at least 15 working days before, the plan transfers on this day",
        optional=True,
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


class TransferForm(DatedForm):
    on = date_field("Date the plan was transferred", "date the plan was transferred", not_future=True)
    transfer = HiddenField()
    version = HiddenField()
    submit = SubmitField("Transfer the plan", widget=GovSubmitInput())


class CancelForm(GovForm):
    transfer = HiddenField()
    version = HiddenField()
    submit = SubmitField("Cancel the move", widget=GovSubmitInput())


REASSESS = {"yes": "Yes", "no": "No"}


class NoticeForm(DatedForm):
    nouns = MappingProxyType({"interim": "Interim setting"})
    on = date_field("Date the council told the family", "date the council told the family", not_future=True)
    will_reassess = RadioField(
        "Will the council re-assess the child's needs?",
        choices=list(REASSESS.items()),
        validators=[InputRequired("Select whether the council will re-assess the child's needs")],
        widget=GovRadioInput(),
    )
    interim = TextAreaField(
        "Interim setting (if the named setting is not practical after the move)",
        description="Kept as an internal note. For example, the school the child attends until the plan is amended",
        validators=[Length(max=2000, message="Interim setting must be 2,000 characters or fewer")],
        widget=GovTextArea(),
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


def _audit(user, what: str, case_id: int | None = None, detail: str = "") -> None:
    audit.record(user.id, user.local_authority_id, what, case_id, detail=detail, ip_address=client_ip())


def _transfer_of_form(case, form):
    """The transfer a form was opened for: this case's (another case's id is 404). None when it is no longer
    open (transferred, or cancelled and so deleted, meanwhile): the caller refuses the form as stale."""
    value = form.transfer.data or ""
    opened = transfers.open_transfer(case)
    if opened is not None and value == str(opened.id):
        return opened
    if value.isdigit() and len(value) <= 9 and transfers.belongs_to_or_gone(case, int(value)):
        return None
    abort(404)


def _gone(user, case_id: int):
    """A form for a case this council has just transferred (by someone else): refused with what changed."""
    done = transfers.transferred_out_by(user.local_authority_id, case_id)
    if done is None:
        abort(404)
    _audit(user, "transfer.refused_stale", case_id, detail=f"transfer:{done.id}")
    return (
        render_template(
            "staff/transfers/gone.html",
            user=user,
            transfer=done,
            to_council=transfers.council_name(done.to_local_authority_id),
            page_title="This plan has been transferred",
        ),
        409,
    )


def _stale_page(template: str, form, case, title: str):
    """A form for a move that is no longer open (transferred or cancelled meanwhile): what changed, and no
    form to send again (so no error summary pointing at one)."""
    return (
        render_template(
            template,
            form=form,
            case=case,
            user=current_staff(),
            page_title=title,
            to_council="",
            opened=None,
            changes=_changes_since(case, request.form.get("version", "")),
            stale=True,
        ),
        409,
    )


@bp.get("/cases/<int:case_id>/transfer")
@staff_required()
def transfer(case_id: int):
    user, case = case_or_404(case_id)
    change = staff_change()
    audit.record(user.id, user.local_authority_id, "transfer.view", case.id, ip_address=change.ip)
    today = change.today
    opened = transfers.open_transfer(case)
    arrived = transfers.transferred_in(case)
    moving = None
    if opened is not None:
        moving = transfers.moving_state(opened, today)
    notice = None
    if arrived is not None:
        notice = transfers.notice_state(arrived, today)
    problem = transfers.cannot_move(case)
    return render_template(
        "staff/transfers/transfer.html",
        user=user,
        case=case,
        opened=opened,
        to_council=transfers.council_name(opened.to_local_authority_id) if opened else "",
        moving=moving,
        arrived=arrived,
        from_council=transfers.council_name(arrived.from_local_authority_id) if arrived else "",
        notice=notice,
        review_date=transfers.review_date(case) if arrived else None,
        problem=NOT_MOVABLE.get(problem) if problem and problem != transfers.ALREADY_OPEN else None,
        can_change=user.role in CHANGE_ROLES,
        holder=transfers.council_name(case.local_authority_id),
        icb_reminder=ICB_REMINDER,
        states=MilestoneState,
        page_title="Moving to another council",
    )


@bp.route("/cases/<int:case_id>/transfer/new", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def transfer_record_move(case_id: int):
    user, case = case_or_404(case_id)
    problem = transfers.cannot_move(case)
    if request.method == "GET" and problem in (transfers.NO_FINAL_PLAN, transfers.CEASED):
        return redirect(url_for("staff.transfer", case_id=case.id))
    form = MoveForm(today=today_in_london())
    choices = [c for c in transfers.councils() if c.id != case.local_authority_id]
    form.to.choices = [("", "Choose a council")] + [(str(c.id), c.name) for c in choices]
    change = staff_change(version=form.version.data or None)
    if form.validate_on_submit() and not _stale(form, case):
        chosen = form.to.data or ""
        to = transfers.council(int(chosen)) if chosen.isdigit() and len(chosen) <= 9 else None
        if problem == transfers.ALREADY_OPEN:
            form.form_errors.append(STALE)
        elif problem:
            form.to.errors.append(NOT_MOVABLE[problem])
        elif to is None:
            form.to.errors.append("Select the council the family is moving to")
        elif to.id == case.local_authority_id:
            form.to.errors.append(
                f"Select a council other than {to.name}: it already holds the plan, so there is nothing to transfer"
            )
        elif form.move_on.data is not None and form.move_on.data < form.aware_on.data:
            form.move_on.errors.append(
                "The date of the move must be the same as or after the date the council became aware of it"
            )
        else:
            try:
                recorded = transfers.record_move(change, case, to, form.aware_on.data, form.move_on.data)
            except case_changes.StaleCase:
                form.form_errors.append(STALE)
            else:
                flash(
                    f"Saved: the move to {to.name}. Transfer the plan by "
                    f"{format_govuk_date(transfers.due_on(recorded))}"
                )
                return redirect(url_for("staff.transfer", case_id=case.id))
    return _page("staff/transfers/record_move.html", form, case, "Record a move to another council")


@bp.route("/cases/<int:case_id>/transfer/now", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def transfer_now(case_id: int):
    user = current_staff()
    if not transfers.holds(user.local_authority_id, case_id):  # transferred meanwhile (by another browser)?
        return _gone(user, case_id)
    user, case = case_or_404(case_id)
    opened = transfers.open_transfer(case)
    if request.method == "GET" and opened is None:
        abort(404)
    form = TransferForm(today=today_in_london())
    if request.method == "GET" and opened is not None:
        form.transfer.data = str(opened.id)
    change = staff_change(version=form.version.data or None)
    target = _transfer_of_form(case, form) if form.is_submitted() else opened
    if target is None:  # transferred or cancelled since the form was opened
        return _stale_page("staff/transfers/transfer_now.html", form, case, "Transfer the plan")
    to_name = transfers.council_name(target.to_local_authority_id)
    if form.validate_on_submit() and not _stale(form, case):
        if form.on.data < target.aware_on:
            form.on.errors.append(
                "The date the plan was transferred must be the same as or after "
                f"{format_govuk_date(target.aware_on)}, when the council became aware of the move"
            )
        else:
            try:
                transfers.lock_case(case)
                transfers.transfer_plan(change, case, target, form.on.data)
            except case_changes.StaleCase:
                form.form_errors.append(STALE)
            else:
                flash(f"The plan was transferred to {to_name}. The case is now in {to_name}'s caseload")
                return redirect(url_for("staff.transfers_list"))
    return _page(
        "staff/transfers/transfer_now.html",
        form,
        case,
        f"Transfer the plan to {to_name}",
        opened=target,
        to_council=to_name,
        due=transfers.due_on(target),
    )


@bp.route("/cases/<int:case_id>/transfer/cancel", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def transfer_cancel(case_id: int):
    user = current_staff()
    if request.method == "POST" and transfers.holds(user.local_authority_id, case_id) is False:
        return _gone(user, case_id)
    user, case = case_or_404(case_id)
    opened = transfers.open_transfer(case)
    if request.method == "GET" and opened is None:
        abort(404)
    form = CancelForm()
    if request.method == "GET" and opened is not None:
        form.transfer.data = str(opened.id)
    change = staff_change(version=form.version.data or None)
    target = _transfer_of_form(case, form) if form.is_submitted() else opened
    title = "Cancel the move: the family did not move"
    if target is None or (form.validate_on_submit() and _stale(form, case)):
        # the form has no field for an error summary to point at: the page says what changed instead
        return _stale_page("staff/transfers/cancel.html", form, case, title)
    to_name = transfers.council_name(target.to_local_authority_id)
    if form.validate_on_submit():
        try:
            transfers.cancel_move(change, case, target)
        except case_changes.StaleCase:
            return _stale_page("staff/transfers/cancel.html", form, case, title)
        holder = transfers.council_name(case.local_authority_id)
        flash(f"The move to {to_name} was cancelled. {holder} keeps the plan")
        return redirect(url_for("staff.transfer", case_id=case.id))
    return _page("staff/transfers/cancel.html", form, case, title, to_council=to_name)


@bp.route("/cases/<int:case_id>/transfer/notice", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def transfer_notice(case_id: int):
    user, case = case_or_404(case_id)
    arrived = transfers.transferred_in(case)
    if arrived is None:
        abort(404)
    if request.method == "GET" and arrived.new_la_notice_on is not None:
        return redirect(url_for("staff.transfer", case_id=case.id))
    form = NoticeForm(today=today_in_london())
    change = staff_change(version=form.version.data or None)
    if form.validate_on_submit() and not _stale(form, case):
        assert arrived.transferred_on is not None
        if arrived.new_la_notice_on is not None:
            form.form_errors.append(STALE)
        elif form.on.data < arrived.transferred_on:
            form.on.errors.append(
                "The date the council told the family must be the same as or after the transfer, "
                f"{format_govuk_date(arrived.transferred_on)}"
            )
        else:
            try:
                review_by = transfers.record_notice(
                    change, case, arrived, form.on.data, form.will_reassess.data == "yes", form.interim.data or ""
                )
            except case_changes.StaleCase:
                form.form_errors.append(STALE)
            else:
                flash(
                    f"Saved: the family was told about the transfer. Review the plan by {format_govuk_date(review_by)}"
                )
                return redirect(url_for("staff.transfer", case_id=case.id))
    return _page(
        "staff/transfers/notice.html",
        form,
        case,
        "Record the notice to the family",
        arrived=arrived,
        from_council=transfers.council_name(arrived.from_local_authority_id),
        notice_due=transfers.notice_due_on(arrived),
        review_date=transfers.review_date(case),
    )


@bp.get("/transfers")
@staff_required()
def transfers_list():
    user = current_staff()
    today = today_in_london()
    out = transfers.transferred_out(user.local_authority_id)
    recorded = transfers.moves_recorded(user.local_authority_id)
    arrived = transfers.transferred_to(user.local_authority_id)
    _audit(user, "transfer.list")
    notices = {row.transfer.id: transfers.notice_state(row.transfer, today) for row in arrived}
    due = {row.transfer.id: transfers.moving_state(row.transfer, today) for row in recorded}
    return render_template(
        "staff/transfers/list.html",
        user=user,
        out=out,
        recorded=recorded,
        arrived=arrived,
        notices=notices,
        due=due,
        today=today,
        held={row.case_id for row in arrived if transfers.holds(user.local_authority_id, row.case_id)},
        states=MilestoneState,
        page_title="Plans transferred between councils",
    )
