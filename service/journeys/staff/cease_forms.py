"""The forms of ceasing a plan, Tribunal orders and the health duties. Each carries the case's version: a form
opened before another person's change is refused with what changed."""

from __future__ import annotations

from types import MappingProxyType

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, HiddenField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from service.domain.clock import CEASE_REASON_TEXT, OrderKind
from service.forms.fields import DatedForm, GovForm, date_field

# The labels staff choose from: the SEN2 2025 texts, numbered as in the return.
CEASE_REASONS = [(str(int(r)), f"{int(r)}. {text}") for r, text in CEASE_REASON_TEXT.items()]

ORDER_KINDS = {
    OrderKind.ASSESS_NOTIFY.value: "Assess: tell the family the council will assess (2 weeks)",
    OrderKind.ASSESS_NO_PLAN.value: "Assess: notice of a decision not to make a plan (10 weeks)",
    OrderKind.ASSESS_FINAL.value: "Assess: issue the final plan after the assessment (14 weeks)",
    OrderKind.MAKE_PLAN_DRAFT.value: "Make a plan: send the draft plan (5 weeks)",
    OrderKind.MAKE_PLAN_FINAL.value: "Make a plan: issue the final plan (11 weeks)",
    OrderKind.AMEND_CONTENTS.value: "Amend sections B, F or I: issue the amended plan (5 weeks)",
    OrderKind.SECTION_I_ONLY.value: "Section I only: name the school or college ordered (2 weeks)",
    OrderKind.CEASE_UPHELD.value: "The decision to cease is upheld: stop maintaining the plan (at once)",
}

WITHDRAW_REASONS = {
    "changed_mind": "The council changed its mind and will keep the plan",
    "appeal_won": "The family won their appeal to the SEND Tribunal",
}


class CeaseForm(DatedForm):
    """The decision to cease (reg 31): dates, the SEN2 reason, the council's reasons, the consultation."""

    nouns = MappingProxyType({"reasons": "Reasons"})
    decision_on = date_field(
        "Date of the decision to cease", "date of the decision", description="For example, 27 3 2027", not_future=True
    )
    notice_sent_on = date_field(
        "Date the notice was sent to the family",
        "date the notice was sent",
        description="The family's 2 months to appeal run from this date. For example, 27 3 2027",
        not_future=True,
    )
    reason = RadioField(
        "Reason (as reported in SEN2)",
        choices=CEASE_REASONS,
        validators=[InputRequired("Select the reason for ceasing the plan")],
        widget=GovRadioInput(),
    )
    reasons = TextAreaField(
        "The council's reasons",
        validators=[
            DataRequired("Enter the council's reasons for ceasing the plan"),
            Length(max=5000, message="Reasons must be 5,000 characters or fewer"),
        ],
        widget=GovTextArea(),
    )
    consulted = BooleanField(
        "The council informed and consulted the family and the head of the school, college or other setting",
        validators=[DataRequired("Confirm that the council consulted the family and the setting's head")],
        widget=GovCheckboxInput(),
    )
    consulted_on = date_field(
        "Date the consultation finished", "date the consultation finished", description="For example, 20 3 2027",
        not_future=True,
    )  # fmt: skip
    version = HiddenField()
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ConfirmForm(GovForm):
    version = HiddenField()
    submit = SubmitField("Send the decision", widget=GovSubmitInput())


class EndForm(DatedForm):
    on = date_field(
        "Date the plan ended",
        "date the plan ended",
        description="The day the council stopped maintaining the plan, not the date of the decision",
        not_future=True,
    )
    version = HiddenField()
    submit = SubmitField("Record the end of the plan", widget=GovSubmitInput())


class WithdrawForm(GovForm):
    why = RadioField(
        "Why is the decision to cease withdrawn?",
        choices=list(WITHDRAW_REASONS.items()),
        validators=[InputRequired("Select why the decision is withdrawn")],
        widget=GovRadioInput(),
    )
    version = HiddenField()
    submit = SubmitField("Withdraw the decision", widget=GovSubmitInput())


class OrderForm(DatedForm):
    nouns = MappingProxyType({"description": "Description"})
    kind = RadioField(
        "What must the council do?",
        choices=list(ORDER_KINDS.items()),
        validators=[InputRequired("Select what the Tribunal ordered")],
        widget=GovRadioInput(),
    )
    unopposed = RadioField(
        "Did the council tell the Tribunal it would not oppose the appeal?",
        choices=[("no", "No, the Tribunal made an order"), ("yes", "Yes, the appeal was not opposed (regulation 45)")],
        validators=[InputRequired("Select whether the council did not oppose the appeal")],
        widget=GovRadioInput(),
    )
    ordered_on = date_field(
        "Date of the order, or the day the council told the Tribunal it would not oppose",
        "date of the order",
        description="The deadlines run from this date. For example, 27 3 2027",
        not_future=True,
    )
    description = StringField(
        "Short description (optional)",
        validators=[Length(max=500, message="The description must be 500 characters or fewer")],
        widget=GovTextInput(),
    )
    version = HiddenField()
    submit = SubmitField("Record the order", widget=GovSubmitInput())


class DoneForm(DatedForm):
    on = date_field("Date it was done", "date it was done", description="For example, 27 3 2027", not_future=True)
    version = HiddenField()
    submit = SubmitField("Mark as done", widget=GovSubmitInput())


class ToldForm(DatedForm):
    """A date something was told (the ICB by the council, or the council by the ICB). The view sets the label."""

    on = date_field("Date", "date", description="For example, 27 3 2027", not_future=True)
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())
