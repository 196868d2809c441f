"""The family's forms: sign in by email, the security code, and the response to a draft plan."""

from __future__ import annotations

from types import MappingProxyType

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovCheckboxInput, GovTextInput
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from service.forms.fields import GovForm, email_field


class EmailForm(GovForm):
    email = email_field(description="Use the email address you gave when you asked for the assessment")


class OneLoginForm(GovForm):
    """The button that sends the family to GOV.UK One Login (a POST, so a prefetched link starts nothing)."""


class ShareForm(GovForm):
    """A young person lets a parent or carer see their request."""

    email = email_field(
        "Their email address",
        "Enter the email address of the person you want to see your request",
        description="They sign in with this email address to see your request",
    )


class CodeForm(GovForm):
    code = StringField("Security code", validators=[DataRequired("Enter the security code")], widget=GovTextInput())


class DraftResponseForm(GovForm):
    nouns = MappingProxyType({"comments": "Your comments", "requested_setting": "The setting's name"})
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
        if not field.data and not self.requested_setting.data and not self.wants_meeting.data:
            raise ValidationError("Enter your comments, a setting you want named, or ask for a meeting")
