"""Families sign in and see where each of their cases is, against the statutory clock."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovCheckboxInput, GovTextInput
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from service.auth.access import public
from service.auth.family import browser_nonce, complete_sign_in, current_family, family_required, sign_in_method
from service.data import cases as case_data
from service.data import family as family_data
from service.data.requests import local_authority_name, utcnow
from service.domain.clock import (
    STAGE_NAMES,
    MilestoneState,
    Stage,
    assessment_timeline,
    draft_comment_last_day,
    london_date,
    next_due,
)
from service.extensions import limiter

bp = Blueprint("track", __name__)


class EmailForm(FlaskForm):
    email = StringField(
        "Email address",
        description="Use the email address you gave when you asked for the assessment",
        validators=[
            DataRequired("Enter your email address"),
            Email("Enter an email address in the correct format, like name@example.com"),
        ],
        widget=GovTextInput(),
    )


class CodeForm(FlaskForm):
    code = StringField("Security code", validators=[DataRequired("Enter the security code")], widget=GovTextInput())


def _email_key() -> str:
    return (request.form.get("email") or "").strip().lower() or "none"


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit("20 per hour", methods=["POST"])
@limiter.limit("5 per hour", methods=["POST"], key_func=_email_key)
def sign_in():
    form = EmailForm()
    if form.validate_on_submit():
        sign_in_method().start(form.email.data.strip().lower())
        return redirect(url_for(".check_email"))
    return render_template("track/sign_in.html", form=form, page_title="Sign in to see your requests and plans")


@bp.route("/sign-in/check-email", methods=["GET", "POST"])
@public
@limiter.limit("10 per 10 minutes", methods=["POST"])
def check_email():
    form = CodeForm()
    if form.validate_on_submit():
        result = family_data.redeem_code(browser_nonce(), form.code.data)
        if result:
            complete_sign_in(result)
            return redirect(url_for(".your_cases"))
        if result is None:
            return render_template("track/link_expired.html", page_title="Your sign-in code has expired"), 400
        form.code.errors.append("The security code is not correct. Check the code in your email and try again")
    return render_template("track/check_email.html", form=form, page_title="Check your email")


@bp.get("/sign-in/link/<token>")
@public
def sign_in_link(token: str):
    email = family_data.redeem_link(token, browser_nonce())
    if email is None:
        return render_template(
            "track/link_expired.html", page_title="This sign-in link has expired or has been used"
        ), 400
    complete_sign_in(email)
    return redirect(url_for(".your_cases"))


@bp.post("/sign-out")
@family_required
def sign_out():
    session.destroy()
    return redirect(url_for("common.start"))


@bp.get("/your-cases")
@family_required
def your_cases():
    today = london_date(utcnow())
    rows = []
    for case in family_data.cases_for_family(current_family()):
        urgent = next_due(assessment_timeline(case_data.facts_of(case), today))
        rows.append((case, STAGE_NAMES[Stage(case.stage)][1], urgent))
    return render_template("track/your_cases.html", rows=rows, page_title="Your requests and plans", signed_in=True)


@bp.get("/your-cases/<int:case_id>")
@family_required
def case_page(case_id: int):
    case = family_data.case_for_family(current_family(), case_id)
    if case is None:
        abort(404)
    today = london_date(utcnow())
    timeline = assessment_timeline(case_data.facts_of(case), today)
    return render_template(
        "track/case.html",
        case=case,
        stage_text=STAGE_NAMES[Stage(case.stage)][1],
        upcoming=[m for m in timeline if m.is_outstanding],
        done=[m for m in timeline if m.state in (MilestoneState.MET, MilestoneState.MET_LATE)],
        events=case_data.events(case, family_only=True),
        council=local_authority_name(case.local_authority_id),
        caseworker=case_data.caseworker_name(case),
        appealable=_appeal_contact(case, today),
        page_title=f"{case.child_first_name}'s request",
        signed_in=True,
    )


@bp.get("/your-notifications")
@family_required
def notifications():
    messages = family_data.messages_for_family(current_family())
    return render_template(
        "track/notifications.html", messages=messages, page_title="Messages we have sent you", signed_in=True
    )


class DraftResponseForm(FlaskForm):
    comments = TextAreaField(
        "Your comments on the draft plan (optional)",
        description="For example, needs that are missing, or support that is not specific enough",
        validators=[Length(max=5000, message="Your comments must be 5000 characters or fewer")],
        widget=GovCharacterCount(),
    )
    requested_setting = StringField(
        "A school, college or other setting you want named in the plan (optional)",
        validators=[Length(max=200, message="The setting's name must be 200 characters or fewer")],
        widget=GovTextInput(),
    )
    wants_meeting = BooleanField(
        "I would like a meeting with the council to discuss the draft plan", widget=GovCheckboxInput()
    )

    def validate_comments(self, field):
        if (
            not (field.data or "").strip()
            and not (self.requested_setting.data or "").strip()
            and not self.wants_meeting.data
        ):
            raise ValidationError("Enter your comments, a setting you want named, or ask for a meeting")


@bp.route("/your-cases/<int:case_id>/draft-plan", methods=["GET", "POST"])
@family_required
def draft_plan(case_id: int):
    case = family_data.case_for_family(current_family(), case_id)
    if case is None or case.draft_served_on is None or case.final_issued_on is not None:
        abort(404)
    today = london_date(utcnow())
    last_day = draft_comment_last_day(case.draft_served_on)
    form = DraftResponseForm()
    if form.validate_on_submit():
        family_data.add_draft_response(
            case,
            (form.comments.data or "").strip(),
            (form.requested_setting.data or "").strip(),
            bool(form.wants_meeting.data),
            today > last_day,
        )
        flash("Your response has been sent to the council")
        return redirect(url_for(".case_page", case_id=case.id))
    return render_template(
        "track/draft_plan.html",
        form=form,
        case=case,
        last_day=last_day,
        late=today > last_day,
        responses=family_data.draft_responses(case),
        page_title="Respond to the draft plan",
        signed_in=True,
    )


def _appeal_contact(case, today):
    """The mediation-adviser milestone for an appealable decision (from the clock), or None."""
    from service.data import mediation
    from service.domain.clock import disagreement_timeline

    facts = mediation.preview_facts(case)
    if facts is None:
        return None
    return next(m for m in disagreement_timeline(facts, today) if m.key == "contact_mediation_adviser")
