"""The disagreement journey's forms: the family's questions, then the council's pages.

Checks that compare an answer with the disagreement (a date before the decision) are in each form's
`validate()`, given what they compare with when the form is made.
"""

from __future__ import annotations

import re
from datetime import date
from types import MappingProxyType

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from service.domain.clock import DecisionKind, format_govuk_date
from service.forms.fields import DatedForm, GovForm, date_field, email_field, phone_field
from service.wording.disagreements import ACTION_KINDS, CONTACT_METHODS, FORMATS, OUTCOMES, PLAN_PARTS, decision_name

LONG_ANSWER = 2000

# --- The family's questions --------------------------------------------------------------------------

SECTIONS = PLAN_PARTS
WANTS = {
    "mediation": "Try mediation with the council",
    "certificate": "Get a mediation certificate only",
}


class SectionsForm(GovForm):
    sections = SelectMultipleField(
        "What do you disagree with in the final plan?",
        choices=list(SECTIONS.items()),
        validators=[DataRequired("Select what you disagree with in the plan")],
        widget=GovCheckboxesInput(),
    )


class WantsForm(GovForm):
    wants = RadioField(
        "Do you want to try mediation, or get a mediation certificate only?",
        choices=list(WANTS.items()),
        validators=[InputRequired("Select if you want to try mediation or get a mediation certificate only")],
        widget=GovRadioInput(),
    )


def _long(label: str, name: str, hint: str) -> TextAreaField:
    return TextAreaField(
        f"{label} (optional)",
        description=hint,
        validators=[Length(max=LONG_ANSWER, message=f"{name} must be {LONG_ANSWER} characters or fewer")],
        widget=GovCharacterCount(),
    )


class ArrangingForm(GovForm):
    nouns = MappingProxyType(
        {
            "availability": "When you are available",
            "access_needs": "Your access needs",
            "attendees": "Who will come with you",
        }
    )
    availability = _long(
        "When are you available for mediation?",
        "When you are available",
        "For example, weekday mornings, or dates you cannot do",
    )
    access_needs = _long(
        "Do you have any access needs?",
        "Your access needs",
        "For example, an interpreter, step-free access or meeting online",
    )
    attendees = _long(
        "Who will come with you?",
        "Who will come with you",
        "For example, a partner, a friend or an adviser from your local SENDIASS",
    )


class SendForm(GovForm):
    pass


# --- The council's pages -----------------------------------------------------------------------------

SECTION_CHOICES = list(PLAN_PARTS.items())


class ContactForm(DatedForm):
    """A family's contact made by phone, letter, email or in person, about one of `decisions`
    ((kind, decided on) pairs, the decisions with no disagreement yet)."""

    decision = RadioField(
        "Which decision does the family disagree with?",
        validators=[InputRequired("Select which decision the family disagrees with")],
        widget=GovRadioInput(),
    )
    method = RadioField(
        "How did the family get in touch?",
        choices=[(k, v) for k, v in CONTACT_METHODS.items() if k != "online"],
        validators=[InputRequired("Select how the family got in touch")],
        widget=GovRadioInput(),
    )
    contacted_on = date_field(
        "When did the family get in touch?",
        "date the family got in touch",
        description="For example, 27 3 2027",
        not_future=True,
    )
    wants = RadioField(
        "What does the family want?",
        choices=[("mediation", "Mediation"), ("certificate", "A mediation certificate only")],
        validators=[InputRequired("Select whether the family wants mediation or a certificate only")],
        widget=GovRadioInput(),
    )
    sections = SelectMultipleField(
        "What do they disagree with in the final plan?",
        description="Final plans only. Select all that apply",
        choices=SECTION_CHOICES,
        widget=GovCheckboxesInput(),
    )

    def __init__(self, *args, decisions: list[tuple[DecisionKind, date]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.decisions = dict(decisions)
        if DecisionKind.PLAN_CONTENTS not in self.decisions:
            del self.sections  # only a final plan has sections to disagree with
        self.decision.choices = [
            (k.value, f"{decision_name(k, capitalised=True)} ({format_govuk_date(on)})") for k, on in decisions
        ]

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        kind = DecisionKind(self.decision.data)
        decided_on = self.decisions[kind]
        if self.contacted_on.data < decided_on:
            self.contacted_on.errors.append(
                f"The date the family got in touch must be on or after the decision ({format_govuk_date(decided_on)})"
            )
            return False
        if kind == DecisionKind.PLAN_CONTENTS and not self.sections.data:  # present for a final plan
            self.sections.errors.append("Select what the family disagrees with in the final plan")
            return False
        return True


def parse_time(value: str) -> str | None:
    """'9:30', '09.30' or '14:30' as 'HH:MM' (24-hour), or None."""
    match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", value or "")
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    return f"{hours:02d}:{minutes:02d}" if hours < 24 and minutes < 60 else None


class ArrangeForm(GovForm):
    on = date_field("Date of the mediation", "date of the mediation")
    time = StringField(
        "Start time",
        description="Use the 24-hour clock, for example 09:30 or 14:00",
        validators=[DataRequired("Enter the start time")],
        widget=GovTextInput(),
    )
    mediator = StringField(
        "Mediator's name",
        validators=[DataRequired("Enter the mediator's name"), Length(max=200)],
        widget=GovTextInput(),
    )
    format = RadioField(
        "How will the mediation take place?",
        choices=list(FORMATS.items()),
        validators=[InputRequired("Select how the mediation will take place")],
        widget=GovRadioInput(),
    )
    place = TextAreaField(
        "Venue address, video link or phone number",
        validators=[DataRequired("Enter the venue address, video link or phone number"), Length(max=500)],
        widget=GovTextArea(),
    )

    def validate_time(self, field):
        if field.data and parse_time(field.data) is None:
            raise ValidationError("Enter the start time as hours and minutes, like 09:30 or 14:00")


class OutcomeForm(DatedForm):
    """Mediation's outcome: it cannot end before the decision (`decided_on`), the family's request
    (`asked_on`) or the day the mediation was arranged (`arranged_on`, when it was)."""

    outcome = RadioField(
        "What was the outcome of mediation?",
        choices=list(OUTCOMES.items()),
        validators=[InputRequired("Select the outcome of mediation")],
        widget=GovRadioInput(),
    )
    ended_on = date_field("When did mediation end?", "date mediation ended", not_future=True)

    def __init__(self, *args, decided_on: date, asked_on: date, arranged_on: date | None = None, **kwargs) -> None:
        self.decided_on, self.asked_on, self.arranged_on = decided_on, asked_on, arranged_on
        super().__init__(*args, **kwargs)

    def validate_ended_on(self, field):
        if field.data is None:
            return
        if field.data < self.decided_on:
            raise ValidationError(
                f"The date mediation ended must be on or after the decision ({format_govuk_date(self.decided_on)})"
            )
        if field.data < self.asked_on:
            raise ValidationError(
                "The date mediation ended must be on or after the family asked for mediation "
                f"({format_govuk_date(self.asked_on)})"
            )
        if self.arranged_on is not None and field.data < self.arranged_on:
            raise ValidationError(
                "The date mediation ended must be on or after the day it was arranged "
                f"({format_govuk_date(self.arranged_on)})"
            )


class ActionForm(GovForm):
    nouns = MappingProxyType({"description": "What the council agreed to do"})
    description = TextAreaField(
        "What did the council agree to do?",
        validators=[DataRequired("Enter what the council agreed to do"), Length(max=500)],
        widget=GovTextArea(),
    )
    kind = RadioField(
        "What kind of action is it?",
        description="Actions the family could appeal about have the time the Tribunal would give; others have 2 weeks",
        choices=[(k.value, label) for k, label in ACTION_KINDS.items()],
        validators=[InputRequired("Select what kind of action it is")],
        widget=GovRadioInput(),
    )
    # reg 42(4): an action about health provision gives the ICB 1 week to tell the council what it will do
    health = RadioField(
        "Is it about health provision?",
        choices=[("no", "No"), ("yes", "Yes, the health service (ICB) must act on it")],
        default="no",
        validate_choice=False,
        widget=GovRadioInput(),
    )


class AppealForm(DatedForm):
    """An appeal to the Tribunal, on or after the decision (`decided_on`)."""

    on = date_field("When did the family appeal to the SEND Tribunal?", "date of the appeal", not_future=True)

    def __init__(self, *args, decided_on: date, **kwargs) -> None:
        self.decided_on = decided_on
        super().__init__(*args, **kwargs)

    def validate_on(self, field):
        if field.data is not None and field.data < self.decided_on:
            raise ValidationError(
                f"The date of the appeal must be on or after the decision ({format_govuk_date(self.decided_on)})"
            )


def _contact_email(label: str) -> StringField:
    return email_field(label, required=None)


class ContactsForm(GovForm):
    mediation_adviser_name = StringField(
        "Mediation adviser service",
        validators=[DataRequired("Enter the name of the mediation adviser service"), Length(max=200)],
        widget=GovTextInput(),
    )
    mediation_adviser_email = _contact_email("Mediation adviser email address")
    mediation_adviser_phone = phone_field("Mediation adviser phone number")
    health_contact_name = StringField(
        "Health (integrated care board) disagreement contact",
        validators=[DataRequired("Enter the name of the health disagreement contact"), Length(max=200)],
        widget=GovTextInput(),
    )
    health_contact_email = _contact_email("Health contact email address")
    health_contact_phone = phone_field("Health contact phone number")
