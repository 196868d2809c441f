"""The council's side of a disagreement, one thing a page: the list (with what is due, the certificate
that falls due when mediation is not held within 30 days, and overdue agreed actions), the record, and
separate pages to record a family's contact made by phone or letter, arrange mediation, record its
outcome, issue the generated certificate, add and complete agreed actions, record an appeal; the
council's contacts (managers); and the council's figures. Every date comes from the statutory clock.

Caseworkers, managers and mediation advisers change things; read-only staff see. Another council's
disagreement is a 404.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from service.auth.staff import ALL_ROLES, MANAGER, current_staff, staff_required
from service.data import mediation, mediation_changes, mediation_figures
from service.data.case_records import audit_read, case_for_staff
from service.data.facts import agreed_actions, disagreement_facts
from service.data.mediation_certificate import certificate_content
from service.domain.clock import (
    DecisionKind,
    MilestoneState,
    appeal_deadline,
    disagreement_timeline,
    earliest_mediation_date,
    format_govuk_date,
    mediation_date_problem,
    mediation_due,
    section_i_only,
)
from service.journeys.mediation import bp
from service.journeys.mediation.contacts import contact_for as _contact_for
from service.journeys.mediation.forms import ActionForm, AppealForm, ArrangeForm, ContactForm, ContactsForm, OutcomeForm
from service.journeys.mediation.forms import parse_time as _time
from service.web import staff_change, today_in_london
from service.wording.disagreements import (
    ACTION_KINDS,
    CONTACT_METHODS,
    DECISION_NAMES,
    FORMATS,
    OUTCOMES,
    PLAN_PARTS,
)

STAFF_ROLES = ("caseworker", "manager", "mediation_adviser")


def _disagreement_or_404(disagreement_id: int):
    user = current_staff()
    d = mediation.get_for_council(user.local_authority_id, disagreement_id)
    if d is None:
        abort(404)
    case = case_for_staff(user.local_authority_id, d.case_id)
    if case is None:
        abort(404)
    return user, d, case


def _render(template: str, status: int | None = None, **context):
    form = context.get("form")
    if status is None:
        status = 400 if form is not None and form.errors else 200
    return render_template(template, user=current_staff(), **context), status


def _certificate_due_after_30_days(d, milestones: dict):
    """The certificate milestone when it fell due because mediation was not held within 30 days."""
    certificate = milestones.get("mediation_certificate")
    if d.wants_mediation and d.mediation_ended_on is None and certificate is not None and certificate.due:
        return certificate
    return None


@bp.get("/staff/disagreements")
@staff_required(*ALL_ROLES)
def staff_list():
    user = current_staff()
    today = today_in_london()
    actions = mediation.actions_for_council(user.local_authority_id)
    rows = []
    for d, case in mediation.for_council(user.local_authority_id):
        milestones = disagreement_timeline(disagreement_facts(d, actions.get(d.id, [])), today)
        by_key = {m.key: m for m in milestones}
        outstanding = [m for m in milestones if m.is_outstanding and m.key != "appeal_deadline"]
        overdue_actions = [
            m for m in milestones if m.key.startswith("agreed_action:") and m.state == MilestoneState.OVERDUE
        ]
        rows.append(
            {
                "d": d,
                "case": case,
                "next": min(outstanding, key=lambda m: m.due) if outstanding else None,
                "certificate_after_30_days": _certificate_due_after_30_days(d, by_key),
                "overdue_actions": len(overdue_actions),
                "health_only": mediation.health_only(d),
            }
        )
    return _render("staff/disagreements/list.html", rows=rows, today=today, page_title="Disagreements")


@bp.get("/staff/disagreements/<int:disagreement_id>")
@staff_required(*ALL_ROLES)
def staff_record(disagreement_id: int):
    user, d, case = _disagreement_or_404(disagreement_id)
    change = staff_change()
    audit_read(change, case, "disagreement.view")
    today = change.today
    actions = agreed_actions(d)
    milestones = [
        m for m in disagreement_timeline(disagreement_facts(d, actions), today) if m.state.value != "not_applicable"
    ]
    by_key = {m.key: m for m in milestones}
    action_rows = [(a, by_key.get(f"agreed_action:{i}")) for i, a in enumerate(actions)]
    la = mediation.council(user.local_authority_id)
    can_change = user.role in STAFF_ROLES
    facts = disagreement_facts(d, actions)
    return _render(
        "staff/disagreements/record.html",
        d=d,
        case=case,
        milestones=[m for m in milestones if not m.key.startswith("agreed_action:")],
        action_rows=action_rows,
        action_kinds=ACTION_KINDS,
        certificate_after_30_days=_certificate_due_after_30_days(d, by_key),
        mediation_due=mediation_due(facts),
        # The family sees this date from the start; it moves to 1 month after the certificate if later.
        appeal_by=appeal_deadline(d.decision_notice_on, d.certificate_issued_on, section_i_only(facts)),
        contact=_contact_for(d, la),
        certificate=mediation.certificate_document(d),
        decision=DECISION_NAMES[DecisionKind(d.decision_kind)],
        sections=PLAN_PARTS,
        methods=CONTACT_METHODS,
        formats=FORMATS,
        outcomes=OUTCOMES,
        can_change=can_change,
        can_arrange=can_change and d.wants_mediation and d.mediation_ended_on is None,
        can_record_outcome=can_change and d.wants_mediation and d.mediation_ended_on is None,
        can_add_action=can_change and d.outcome in ("agreement", "partial"),
        can_issue=can_change and d.certificate_issued_on is None and not section_i_only(facts),
        can_record_appeal=can_change and d.appealed_on is None,
        page_title="Disagreement",
    )


# --- Record a contact made by phone, letter, email or in person ------------------------------------------


@bp.route("/staff/cases/<int:case_id>/record-disagreement", methods=["GET", "POST"])
@staff_required(*STAFF_ROLES)
def record_contact(case_id: int):
    user = current_staff()
    case = case_for_staff(user.local_authority_id, case_id)
    if case is None:
        abort(404)
    decisions = [(k, on) for k, on in mediation.appealable_decisions(case) if mediation.for_decision(case, k) is None]
    if not decisions:
        abort(404)
    change = staff_change()
    form = ContactForm(today=change.today, decisions=decisions)  # checks the date and sections too
    if form.validate_on_submit():
        kind = DecisionKind(form.decision.data)
        d = mediation_changes.record_contact(
            change,
            case,
            kind,
            form.contacted_on.data,
            form.method.data,
            form.wants.data == "mediation",
            form.sections.data if kind == DecisionKind.PLAN_CONTENTS else [],  # present for a final plan
        )
        flash("Disagreement recorded" + (": the request was after the 2-month window" if d.late else ""))
        return redirect(url_for(".staff_record", disagreement_id=d.id))
    return _render(
        "staff/disagreements/form.html",
        form=form,
        case=case,
        back=url_for("staff.case_record", case_id=case.id),
        button="Record the disagreement",
        page_title="Record a disagreement",
        intro=["Use this when the family got in touch by phone, letter, email or in person."],
    )


# --- Arrange mediation -------------------------------------------------------------------------------


@bp.route("/staff/disagreements/<int:disagreement_id>/arrange", methods=["GET", "POST"])
@staff_required(*STAFF_ROLES)
def arrange(disagreement_id: int):
    user, d, case = _disagreement_or_404(disagreement_id)
    if not d.wants_mediation or d.mediation_ended_on is not None:
        abort(404)
    change = staff_change()
    today = change.today
    facts = disagreement_facts(d)
    due = mediation_due(facts)
    form = ArrangeForm(
        data={
            "on": d.mediation_on,
            "time": d.mediation_time,
            "mediator": d.mediator_name,
            "format": d.mediation_format or None,
            "place": d.mediation_place,
        }
        if request.method == "GET" and d.mediation_on
        else None
    )
    if form.validate_on_submit():
        problem = mediation_date_problem(facts, form.on.data, today)
        if problem:
            form.on.errors.append(problem)
        else:
            mediation_changes.arrange_mediation(
                change,
                d,
                case,
                form.on.data,
                _time(form.time.data),
                form.mediator.data.strip(),
                form.format.data,
                form.place.data.strip(),
            )
            message = f"Mediation arranged for {format_govuk_date(form.on.data)} and the family told"
            if d.mediation_late:
                message += f". It is after the 30-day duty ({format_govuk_date(due)}), so it is recorded as late"
            flash(message)
            return redirect(url_for(".staff_record", disagreement_id=d.id))
    return _render(
        "staff/disagreements/form.html",
        form=form,
        case=case,
        back=url_for(".staff_record", disagreement_id=d.id),
        button="Arrange mediation",
        page_title="Arrange mediation",
        intro=[
            "The family will be told today. The mediation must be at least 5 working days from today, "
            f"so on or after {format_govuk_date(earliest_mediation_date(today))}.",
            f"The council must arrange for it to take place by {format_govuk_date(due)}. "
            "A later date can be saved, but it is recorded as late.",
        ],
    )


# --- Record the outcome ------------------------------------------------------------------------------


@bp.route("/staff/disagreements/<int:disagreement_id>/outcome", methods=["GET", "POST"])
@staff_required(*STAFF_ROLES)
def outcome(disagreement_id: int):
    user, d, case = _disagreement_or_404(disagreement_id)
    if not d.wants_mediation or d.mediation_ended_on is not None:
        abort(404)
    change = staff_change()
    form = OutcomeForm(
        today=change.today,
        decided_on=d.decision_notice_on,
        asked_on=d.contacted_on,
        arranged_on=d.mediation_arranged_on,
    )
    if form.validate_on_submit():
        mediation_changes.record_outcome(change, d, case, form.outcome.data, form.ended_on.data)
        flash("Outcome recorded. The mediation certificate is now due within 3 working days")
        return redirect(url_for(".staff_record", disagreement_id=d.id))
    return _render(
        "staff/disagreements/form.html",
        form=form,
        case=case,
        back=url_for(".staff_record", disagreement_id=d.id),
        button="Record the outcome",
        page_title="Record the outcome of mediation",
        intro=[],
    )


# --- Issue the certificate ---------------------------------------------------------------------------


@bp.route("/staff/disagreements/<int:disagreement_id>/certificate", methods=["GET", "POST"])
@staff_required(*STAFF_ROLES)
def issue_certificate(disagreement_id: int):
    user, d, case = _disagreement_or_404(disagreement_id)
    if d.certificate_issued_on is not None or section_i_only(disagreement_facts(d)):
        abort(404)
    change = staff_change()
    today = change.today
    if request.method == "POST":
        mediation_changes.issue_certificate(change, d, case)  # the PDF is made and stored by a worker
        flash("Mediation certificate issued. It is shared with the family in their case's documents")
        return redirect(url_for(".staff_record", disagreement_id=d.id))
    content = certificate_content(d, case, today)
    due = mediation_due(disagreement_facts(d))
    return _render(
        "staff/disagreements/certificate.html",
        d=d,
        case=case,
        mediation_pending=d.wants_mediation and d.mediation_ended_on is None and due is not None and today <= due,
        mediation_due=due,
        lines=content.lines(),
        page_title="Issue the mediation certificate",
    )


# --- Agreed actions (reg 42) -------------------------------------------------------------------------


@bp.route("/staff/disagreements/<int:disagreement_id>/agreed-actions/new", methods=["GET", "POST"])
@staff_required(*STAFF_ROLES)
def add_action(disagreement_id: int):
    user, d, case = _disagreement_or_404(disagreement_id)
    if d.outcome not in ("agreement", "partial"):
        abort(404)
    form = ActionForm()
    if form.validate_on_submit():
        due = mediation_changes.add_agreed_action(
            staff_change(), d, case, form.description.data.strip(), form.kind.data, health=form.health.data == "yes"
        )
        flash(f"Agreed action added. It is due by {format_govuk_date(due)}")
        return redirect(url_for(".staff_record", disagreement_id=d.id))
    return _render(
        "staff/disagreements/form.html",
        form=form,
        case=case,
        back=url_for(".staff_record", disagreement_id=d.id),
        button="Add the action",
        page_title="Add an action agreed at mediation",
        intro=[
            f"Agreed at mediation on {format_govuk_date(d.mediation_ended_on)}. The due date comes from regulation 42."
        ],
    )


@bp.post("/staff/disagreements/<int:disagreement_id>/agreed-actions/<int:action_id>/done")
@staff_required(*STAFF_ROLES)
def action_done(disagreement_id: int, action_id: int):
    user, d, case = _disagreement_or_404(disagreement_id)
    action = mediation.action_for_council(user.local_authority_id, d.id, action_id)
    if action is None:
        abort(404)
    if action.done_on is None:
        change = staff_change()
        mediation_changes.mark_action_done(change, case, action, change.today)
        flash(f"Marked as done: {action.description}")
    return redirect(url_for(".staff_record", disagreement_id=d.id))


# --- Record an appeal --------------------------------------------------------------------------------


@bp.route("/staff/disagreements/<int:disagreement_id>/appeal", methods=["GET", "POST"])
@staff_required(*STAFF_ROLES)
def record_appeal(disagreement_id: int):
    user, d, case = _disagreement_or_404(disagreement_id)
    if d.appealed_on is not None:
        abort(404)
    change = staff_change()
    form = AppealForm(today=change.today, decided_on=d.decision_notice_on)
    if form.validate_on_submit():
        mediation_changes.record_appeal(change, d, case, form.on.data)
        flash("Appeal recorded")
        return redirect(url_for(".staff_record", disagreement_id=d.id))
    return _render(
        "staff/disagreements/form.html",
        form=form,
        case=case,
        back=url_for(".staff_record", disagreement_id=d.id),
        button="Record the appeal",
        page_title="Record an appeal",
        intro=["Record this when the Tribunal tells the council the family has appealed."],
    )


# --- The council's contacts (managers) ---------------------------------------------------------------


@bp.route("/staff/disagreements/contacts", methods=["GET", "POST"])
@staff_required(MANAGER)
def contacts():
    user = current_staff()
    la = mediation.council(user.local_authority_id)
    form = ContactsForm(
        data={name: getattr(la, name) for name in mediation.CONTACT_FIELDS} if request.method == "GET" else None
    )
    if form.validate_on_submit():
        values = {name: (getattr(form, name).data or "").strip() for name in mediation.CONTACT_FIELDS}
        mediation_changes.update_contacts(staff_change(), values)
        flash("Contacts saved. Families see them on their disagreement pages")
        return redirect(url_for(".staff_list"))
    return _render(
        "staff/disagreements/contacts.html",
        form=form,
        council=la,
        page_title="Disagreement contacts",
    )


# --- Figures -----------------------------------------------------------------------------------------


@bp.get("/staff/disagreements/figures")
@staff_required(*ALL_ROLES)
def figures():
    user = current_staff()
    today = today_in_london()
    years = mediation_figures.figure_years(user.local_authority_id)
    year = request.args.get("year", "")
    if year and (not year.isdigit() or int(year) not in years):
        year = ""  # an unknown year shows every disagreement, never an error
    return _render(
        "staff/disagreements/figures.html",
        figures=mediation_figures.figures(user.local_authority_id, today, int(year) if year else None),
        years=years,
        year=year,
        decisions=DECISION_NAMES,
        outcomes=OUTCOMES,
        council=mediation.council(user.local_authority_id),
        today=today,
        page_title="Disagreement figures",
    )
