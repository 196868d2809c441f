"""Phase transfers (reg 18): the council's cohort for a year, /staff/phase-transfers?year=2027 (a summary per
transfer kind, then the plans by deadline), and a case's transfer set or confirmed,
/staff/cases/<id>/phase-transfer. Everything works without JavaScript; filters are GET parameters."""

from __future__ import annotations

from types import MappingProxyType

from flask import flash, redirect, render_template, request, url_for
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import HiddenField, RadioField, StringField, SubmitField
from wtforms.validators import InputRequired

from service.auth.staff import CHANGE_ROLES, current_local_authority, current_staff, staff_required
from service.data import case_changes, case_records
from service.data import phase_transfers as data
from service.domain.clock import PhaseTransfer, format_govuk_date, phase_transfer_due
from service.domain.phase import next_september
from service.forms.fields import DatedForm, date_field
from service.journeys.staff.case_pages import case_or_404
from service.journeys.staff.caseload import _page_number
from service.journeys.staff.routes import bp
from service.journeys.staff.steps import STALE, _page, _stale
from service.web import staff_change, today_in_london
from service.wording.due import TRANSFER_NAMES

NONE = "none"
YEARS_BACK, YEARS_AHEAD = 1, 20


def _year_problem(value: str, today) -> tuple[int | None, str | None]:
    low, high = next_september(today) - YEARS_BACK, next_september(today) + YEARS_AHEAD
    value = value.strip()
    if not value:
        return None, None
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        return None, f"Year of the move must be a number, like {next_september(today)}"
    if not low <= int(value) <= high:
        return None, f"Year of the move must be between {low} and {high}"
    return int(value), None


class PhaseTransferForm(DatedForm):
    nouns = MappingProxyType({"year": "Year of the move"})
    kind = RadioField(
        "Which phase transfer does the child or young person make?",
        choices=[(k.value, TRANSFER_NAMES[k]) for k in PhaseTransfer] + [(NONE, "No phase transfer")],
        validators=[InputRequired("Select the phase transfer, or no phase transfer")],
        widget=GovRadioInput(),
    )
    year = StringField(
        "Year of the September move",
        description="For example, 2027. Not needed for a move between post-16 institutions",
        widget=GovTextInput(),
    )
    move_on = date_field(
        "Date of the move (post-16 to another post-16 institution only)",
        "date of the move",
        description="For example, 1 9 2027. The amended plan is due at least 5 months before",
        optional=True,
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        post_16 = self.kind.data == PhaseTransfer.POST_16_TO_POST_16.value
        year, problem = _year_problem(self.year.data or "", self.today)
        if post_16:
            if self.move_on.data is None:
                self.move_on.errors.append("Enter the date of the move")
            elif self.move_on.data < self.today.replace(year=self.today.year - YEARS_BACK):
                self.move_on.errors.append("Date of the move must be within the last year or in the future")
            else:
                return True
            return False
        if problem:
            self.year.errors.append(problem)
        elif year is None:
            self.year.errors.append("Enter the year of the September move")
        else:
            self.year_value = year
            return True
        return False


@bp.route("/cases/<int:case_id>/phase-transfer", methods=["GET", "POST"])
@staff_required(*CHANGE_ROLES)
def phase_transfer(case_id: int):
    user, case = case_or_404(case_id)
    today = today_in_london()
    form = PhaseTransferForm(today=today)
    expected = data.expected_for_case(case, today)
    if request.method == "GET":
        case_records.audit_read(staff_change(), case, "case.view_phase_transfer")
        if case.phase_transfer:
            form.kind.data = case.phase_transfer
            form.year.data = str(case.phase_transfer_year or "")
            form.move_on.process(None, case.phase_transfer_move_on)
        elif case.phase_transfer_year:
            form.kind.data, form.year.data = NONE, str(case.phase_transfer_year)
        elif expected:
            form.kind.data, form.year.data = expected[0].value, str(expected[1])
    if form.validate_on_submit() and not _stale(form, case):
        kind = None if form.kind.data == NONE else PhaseTransfer(form.kind.data)
        post_16 = kind == PhaseTransfer.POST_16_TO_POST_16
        year = form.move_on.data.year if post_16 else form.year_value
        try:
            data.set_phase_transfer(
                staff_change(version=form.version.data), case, kind, year, form.move_on.data if post_16 else None
            )
        except case_changes.StaleCase:
            form.form_errors.append(STALE)
        else:
            if kind is None:
                flash(f"Saved: no phase transfer in {year}")
            else:
                due = case.phase_transfer_due_on
                flash(
                    f"Saved: {TRANSFER_NAMES[kind].lower()}. "
                    f"The amended plan naming the next setting is due by {format_govuk_date(due)}"
                    if due
                    else f"Saved: {TRANSFER_NAMES[kind].lower()}"
                )
            return redirect(url_for("staff.case_record", case_id=case.id))
    return _page(
        "staff/phase_transfers/set.html",
        form,
        case,
        "Phase transfer",
        expected=expected,
        expected_due=phase_transfer_due(*expected) if expected else None,
        names=TRANSFER_NAMES,
    )


@bp.get("/phase-transfers")
@staff_required()
def phase_transfers():
    """The cohort of a year's phase transfers: the summary per kind, then the plans by deadline."""
    user = current_staff()
    today = today_in_london()
    default = next_september(today)
    year, problem = _year_problem(request.args.get("year", ""), today)
    errors = [{"text": problem, "href": "#year"}] if problem else []
    year = year or default
    kinds = {k.value: k for k in PhaseTransfer}
    kind = kinds.get(request.args.get("kind", ""))
    page = _page_number(request.args.get("page", ""))
    counts = data.cohort_counts(user.local_authority_id, year, today)
    total = sum(c.plans for c in counts if kind is None or c.kind == kind)
    pages = max((total + data.PAGE_SIZE - 1) // data.PAGE_SIZE, 1)
    rows = data.cohort(user.local_authority_id, year, kind, min(page, pages), today)

    def link(**changes) -> str:
        values = {"year": year, "kind": kind.value if kind else None, "page": None, **changes}
        return url_for("staff.phase_transfers", **{k: v for k, v in values.items() if v is not None})

    return render_template(
        "staff/phase_transfers/cohort.html",
        user=user,
        la=current_local_authority(),
        page_title="Phase transfers",
        year=year,
        year_text=request.args.get("year", "") if problem else str(year),
        kind=kind,
        counts=counts,
        rows=rows,
        total=total,
        page=min(page, pages),
        pages=pages,
        link=link,
        names=TRANSFER_NAMES,
        today=today,
        error_list=errors,
        year_error=problem,
        can_change=user.role in CHANGE_ROLES,
    ), (400 if problem else 200)
