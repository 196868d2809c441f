"""A case's SEND Tribunal orders and unopposed appeals (regs 44 and 45): the list with each reg 44(2) deadline,
recording one, marking one done; and the health duties on a disagreement: the day the council told the ICB of
the health issues (3 working days), and the day the ICB told the council what it will do about an agreed
health action (reg 42(4), 1 week). Each form carries the case's version; another council's ids are 404.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for

from service.auth.staff import CHANGE_ROLES, current_staff, staff_required
from service.data import case_records, mediation
from service.data import cease as cease_data
from service.data import tribunal_orders as orders_data
from service.domain.clock import ORDER_TEXT, OrderKind, format_govuk_date, tribunal_order_milestones
from service.journeys.staff.case_pages import case_or_404, render_case
from service.journeys.staff.cease import form_page
from service.journeys.staff.cease_forms import ORDER_KINDS, DoneForm, OrderForm, ToldForm
from service.journeys.staff.routes import bp
from service.journeys.staff.steps import STALE, _stale
from service.web import staff_change


@bp.get("/cases/<int:case_id>/tribunal-orders")
@staff_required()
def tribunal_orders(case_id: int):
    user, case = case_or_404(case_id)
    change = staff_change()
    case_records.audit_read(change, case, "case.view_tribunal_orders")
    rows = orders_data.orders_of(case)
    milestones = tribunal_order_milestones(orders_data.order_facts(rows), change.today)
    return render_case(
        "staff/tribunal/orders.html",
        user,
        case,
        "tribunal_orders",
        "Tribunal orders",
        orders=list(zip(rows, milestones, strict=True)),
        order_text={k.value: v for k, v in ORDER_TEXT.items()},
        can_change=user.role in CHANGE_ROLES,
    )


@bp.route("/cases/<int:case_id>/tribunal-orders/new", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def tribunal_order_new(case_id: int):
    user, case = case_or_404(case_id)
    change = staff_change()
    form = OrderForm(today=change.today)
    if request.method == "GET":
        case_records.audit_read(change, case, "case.view_tribunal_orders")
    refused = None
    if form.validate_on_submit() and not _stale(form, case):
        try:
            due = cease_data.record_order(
                staff_change(version=form.version.data),
                case,
                kind=OrderKind(form.kind.data),
                ordered_on=form.ordered_on.data,
                unopposed=form.unopposed.data == "yes",
                description=(form.description.data or "").strip(),
            )
        except cease_data.StaleCase:
            form.form_errors.append(STALE)
        except cease_data.CeaseError as error:
            refused = str(error)
        else:
            flash(f"Saved: {ORDER_KINDS[form.kind.data].split(' (')[0]}. Due by {format_govuk_date(due)}")
            return redirect(url_for("staff.tribunal_orders", case_id=case.id))
    return form_page("staff/tribunal/new.html", form, case, "Record a Tribunal order", refused=refused)


@bp.route("/cases/<int:case_id>/tribunal-orders/<int:order_id>/done", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def tribunal_order_done(case_id: int, order_id: int):
    user, case = case_or_404(case_id)
    row = orders_data.order_for_case(case, order_id)
    if row is None:
        abort(404)
    change = staff_change()
    if request.method == "GET":
        if row.done_on is not None:
            abort(404)
        case_records.audit_read(change, case, "case.view_tribunal_orders")
    form = DoneForm(today=change.today)
    refused = None
    if form.validate_on_submit() and not _stale(form, case):
        try:
            cease_data.order_done(staff_change(version=form.version.data), case, row, form.on.data)
        except cease_data.StaleCase:
            form.form_errors.append(STALE)
        except cease_data.CeaseError as error:
            refused = str(error)
        else:
            flash(f"Saved: done on {format_govuk_date(form.on.data)}")
            return redirect(url_for("staff.tribunal_orders", case_id=case.id))
    return form_page(
        "staff/tribunal/done.html",
        form,
        case,
        "Mark the order as done",
        refused=refused,
        what=ORDER_TEXT[OrderKind(row.kind)],
        row=row,
    )


# --- The health duties on a disagreement ------------------------------------------------------------------


def _disagreement_or_404(disagreement_id: int):
    user = current_staff()
    d = mediation.get_for_council(user.local_authority_id, disagreement_id)
    if d is None:
        abort(404)
    case = case_records.case_for_staff(user.local_authority_id, d.case_id)
    if case is None:
        abort(404)
    return user, d, case


@bp.route("/disagreements/<int:disagreement_id>/icb-told", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def icb_told(disagreement_id: int):
    user, d, case = _disagreement_or_404(disagreement_id)
    if not mediation.includes_health(d) or d.icb_told_on is not None:
        abort(404)
    change = staff_change()
    if request.method == "GET":
        case_records.audit_read(change, case, "disagreement.view")
    form = ToldForm(today=change.today)
    form.on.label.text = "When did the council tell the health service (ICB) about the health issues?"
    refused = None
    if form.validate_on_submit() and not _stale(form, case):
        if form.on.data < d.contacted_on:
            form.on.errors = [
                f"The date must be on or after the family got in touch, {format_govuk_date(d.contacted_on)}"
            ]
        else:
            try:
                cease_data.icb_told(staff_change(version=form.version.data), case, d, form.on.data)
            except cease_data.StaleCase:
                form.form_errors.append(STALE)
            else:
                flash(f"Saved: the ICB was told on {format_govuk_date(form.on.data)}")
                return redirect(url_for("mediation.staff_record", disagreement_id=d.id))
    return form_page(
        "staff/tribunal/told.html",
        form,
        case,
        "Record that the ICB was told",
        refused=refused,
        back=url_for("mediation.staff_record", disagreement_id=d.id),
        intro="The council tells each integrated care board (ICB) within 3 working days when the family wants to "
        "mediate about health provision.",
    )


@bp.route("/disagreements/<int:disagreement_id>/agreed-actions/<int:action_id>/health-told", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def health_told(disagreement_id: int, action_id: int):
    user, d, case = _disagreement_or_404(disagreement_id)
    action = mediation.action_for_council(user.local_authority_id, d.id, action_id)
    if action is None or not action.health or action.icb_told_council_on is not None:
        abort(404)
    change = staff_change()
    if request.method == "GET":
        case_records.audit_read(change, case, "disagreement.view")
    form = ToldForm(today=change.today)
    form.on.label.text = "When did the health service (ICB) tell the council what it will do?"
    if form.validate_on_submit() and not _stale(form, case):
        if form.on.data < action.agreed_on:
            form.on.errors = [f"The date must be on or after the agreement, {format_govuk_date(action.agreed_on)}"]
        else:
            try:
                cease_data.health_told_council(staff_change(version=form.version.data), case, action, form.on.data)
            except cease_data.StaleCase:
                form.form_errors.append(STALE)
            else:
                flash(f"Saved: the ICB told the council on {format_govuk_date(form.on.data)}")
                return redirect(url_for("mediation.staff_record", disagreement_id=d.id))
    return form_page(
        "staff/tribunal/told.html",
        form,
        case,
        "Record that the ICB told the council",
        back=url_for("mediation.staff_record", disagreement_id=d.id),
        intro="Where an agreement at mediation is about health provision, the integrated care board (ICB) tells "
        "the council within 1 week of the agreement what it will do (regulation 42(4)).",
    )
