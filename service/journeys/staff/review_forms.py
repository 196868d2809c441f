"""The annual review's forms, the same for council staff and the setting's people: starting a review (staff),
arranging the meeting and its invitations, confirming short notice, and the report's parts (the meeting,
the views, progress against an outcome, a proposed change, the recommendation) and sending it.

Every form that changes a review carries `version` (the review's version when the page was drawn): a form
opened before someone else's step is refused with what the review now says."""

from __future__ import annotations

import re
from types import MappingProxyType

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from service.domain.ehcp.review import PROGRESS, RECOMMENDATIONS
from service.forms.fields import DatedForm, GovForm, date_field

LONG = 20000
SHORT = 200
ARRANGED_BY = {
    "setting": "The child's school, college or other setting (regulation 20)",
    "council": "The council (regulation 21)",
}
INVITEES = {
    "family": "The child's parents or the young person",
    "setting": "The head teacher, principal or SENCO of the setting",
    "council": "The council's SEN officer",
    "health": "Health care professionals working with the child",
    "social_care": "Social care",
}


def parse_time(value: str) -> str | None:
    """'9:30', '09.30' or '14:30' as 'HH:MM' (24-hour), or None."""
    match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", value or "")
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    return f"{hours:02d}:{minutes:02d}" if hours < 24 and minutes < 60 else None


def _long(label: str, required: str | None = None, *, description: str | None = None) -> TextAreaField:
    noun = re.sub(r"\s*\([^)]*\)", "", label).strip()
    validators: list = [DataRequired(required)] if required else []
    validators.append(Length(max=LONG, message=f"{noun} must be {LONG:,} characters or fewer"))
    return TextAreaField(label, description=description, validators=validators, widget=GovTextArea())


class StartReviewForm(GovForm):
    """The view sets the settings to choose from and checks the id against them."""

    arranged_by = RadioField(
        "Who will arrange the review meeting?",
        choices=list(ARRANGED_BY.items()),
        validators=[InputRequired("Select who will arrange the review meeting")],
        widget=GovRadioInput(),
    )
    organisation_id = SelectField(
        "Which setting? (if the setting arranges it)", choices=[], validate_choice=False, widget=GovSelect()
    )
    version = HiddenField()
    submit = SubmitField("Start the review", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.arranged_by.data == "setting" and not self.organisation_id.data:
            self.organisation_id.errors.append("Select the setting that will arrange the review meeting")
            return False
        return True


class MeetingForm(DatedForm):
    nouns = MappingProxyType({"time": "Start time", "place": "Where the meeting is", "other": "Other people invited"})
    on = date_field("Date of the review meeting", "date of the review meeting", description="For example, 27 3 2027")
    time = StringField(
        "Start time",
        description="Use the 24-hour clock, for example 09:30 or 14:00",
        validators=[DataRequired("Enter the start time")],
        widget=GovTextInput(),
    )
    place = StringField(
        "Where is the meeting?",
        description="For example, the school's meeting room, or online",
        validators=[
            DataRequired("Enter where the meeting is"),
            Length(max=500, message="Where the meeting is must be 500 characters or fewer"),
        ],
        widget=GovTextInput(),
    )
    invitations_sent_on = date_field(
        "Date the invitations were sent",
        "date the invitations were sent",
        description="Invitations must go at least 2 weeks before the meeting. Leave this blank if you have not sent "
        "them yet, and come back when you have. For example, 27 3 2027",
        not_future=True,
        optional=True,
    )
    invited = SelectMultipleField(
        "Who was invited?",
        description="Select all that apply (needed once the invitations are sent)",
        choices=list(INVITEES.items()),
        validate_choice=False,
        widget=GovCheckboxesInput(),
    )
    other = _long("Other people invited (optional)", description="Put each person on their own line, with their role")
    advice_asked = _long(
        "Advice and information asked for the meeting (optional)",
        description="Who was asked for advice or information, and what. It must be sent to everyone invited at "
        "least 2 weeks before the meeting",
    )
    short_notice_reason = _long("Why is the notice shorter than 2 weeks?")
    confirmed = HiddenField()
    version = HiddenField()

    def validate_time(self, field) -> None:
        if field.data and parse_time(field.data) is None:
            raise ValidationError("Enter the start time using the 24-hour clock, like 09:30 or 14:00")

    def validate_invited(self, field) -> None:
        if self.invitations_sent_on.data is not None and not (field.data or (self.other.data or "").strip()):
            raise ValidationError("Select who was invited")

    def validate_on(self, field) -> None:
        sent = self.invitations_sent_on.data
        if field.data is not None and sent is not None and field.data < sent:
            raise ValidationError("The date of the review meeting must be on or after the invitations were sent")


class ReportMeetingForm(DatedForm):
    held_on = date_field("Date the review meeting was held", "date the review meeting was held", not_future=True)
    attended = _long(
        "Who attended?",
        "Enter who attended the meeting",
        description="Put each person on their own line: their name, a comma, then their role. For example, Priya "
        "Shah, SENCO",
    )
    version = HiddenField()


class ViewsForm(GovForm):
    child = _long("The child's or young person's views", description="In their own words, where you can")
    family = _long("The family's views")
    setting = _long("The setting's views (optional)")
    version = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not (self.child.data or self.family.data):
            self.child.errors.append("Enter the child's or the family's views")
            return False
        return True


class ProgressForm(GovForm):
    progress = RadioField(
        "What progress has been made?",
        choices=list(PROGRESS.items()),
        validators=[InputRequired("Select the progress made towards the outcome")],
        widget=GovRadioInput(),
    )
    evidence = _long("How do you know? (optional)", description="What the child can do now, and how it was seen")
    version = HiddenField()


class ChangeForm(GovForm):
    """The view sets the plan's sections and items as the choices."""

    nouns = MappingProxyType({"proposed": "The change", "reason": "The reason"})
    part = SelectField("Which part of the plan?", choices=[], validate_choice=False, widget=GovSelect())
    proposed = _long(
        "What should the plan say?",
        "Enter the change you propose",
        description="The new wording, or what to add or take out",
    )
    reason = _long("Why?", "Enter why you propose the change")
    version = HiddenField()

    def validate_part(self, field) -> None:
        if field.data not in {value for value, _ in field.choices if value}:
            raise ValidationError("Select the part of the plan the change is for")


class RecommendationForm(GovForm):
    recommendation = RadioField(
        "What does the review recommend?",
        choices=list(RECOMMENDATIONS.items()),
        validators=[InputRequired("Select what the review recommends")],
        widget=GovRadioInput(),
    )
    notes = _long("Anything else the council should know (optional)")
    version = HiddenField()


class VersionForm(GovForm):
    """Only the CSRF token and the review's version (sending the report, removing a change)."""

    version = HiddenField()
