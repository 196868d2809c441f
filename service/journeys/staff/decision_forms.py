"""The review decision's forms: what the council decided (one question), then, to maintain or cease, the
dates of the decision and of the notice, and the reasons. Each carries the review's version when the page
was opened (a stale submit is refused with what changed)."""

from __future__ import annotations

from types import MappingProxyType

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length

from service.forms.fields import DatedForm, GovForm, date_field

DECISION_MISSING = "Select what the council decided"


class DecisionForm(GovForm):
    decision = RadioField(
        "What did the council decide after the review?",
        validate_choice=False,  # AnyOf says it in GOV.UK words
        validators=[InputRequired(DECISION_MISSING), AnyOf(["maintain", "amend", "cease"], message=DECISION_MISSING)],
        widget=GovRadioInput(),
    )
    version = HiddenField()
    submit = SubmitField("Continue", widget=GovSubmitInput())


class DecisionDatesForm(DatedForm):
    nouns = MappingProxyType({"reasons": "The reasons"})
    on = date_field(
        "Date of the decision", "date of the decision", description="For example, 27 3 2027", not_future=True
    )
    notice_on = date_field(
        "Date the notice was sent to the family (optional)",
        "date the notice was sent",
        description="Leave it empty if the notice was sent on the day of the decision",
        not_future=True,
        optional=True,
    )
    reasons = TextAreaField(
        "Reasons for the decision",
        validators=[
            InputRequired("Enter the reasons for the decision"),
            Length(max=5000, message="The reasons must be 5,000 characters or fewer"),
        ],
        widget=GovTextArea(),
    )
    version = HiddenField()
    submit = SubmitField("Record the decision", widget=GovSubmitInput())
