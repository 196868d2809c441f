"""The plan editor's forms: one per section of the template, one per item (a contact, a need, an outcome,
a provision item), and the issue, respond and remove forms. Every form that changes the plan carries
`opened_version` (the plan's version when the page was drawn), so a clash on the same section is caught.

Choices that come from the template (areas of need, frequency periods, attendance patterns) or from the
plan (the needs and outcomes an item may link to) are set by the view, from the template the plan was
written in."""

from __future__ import annotations

import re
from types import MappingProxyType

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, HiddenField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from service.forms.fields import DatedForm, GovForm, date_field

SHORT = 200
LONG = 20000  # the plan schema's longest text
YES_NO = [("yes", "Yes"), ("no", "No"), ("", "Not known")]
NHS_NUMBER = re.compile(r"[0-9]{10}")
UPN = re.compile(r"[A-Z][0-9]{11}[0-9A-Z]")
URN = re.compile(r"[0-9]{6,7}")
WHOLE = re.compile(r"[0-9]{1,6}")


def _short(label: str, required: str | None = None, *, description: str | None = None) -> StringField:
    validators: list = [DataRequired(required)] if required else []
    validators.append(Length(max=SHORT, message=f"{_noun(label)} must be {SHORT} characters or fewer"))
    return StringField(label, description=description, validators=validators, widget=GovTextInput())


def _long(label: str, required: str | None = None, *, description: str | None = None) -> TextAreaField:
    validators: list = [DataRequired(required)] if required else []
    validators.append(Length(max=LONG, message=f"{_noun(label)} must be {LONG:,} characters or fewer"))
    return TextAreaField(label, description=description, validators=validators, widget=GovTextArea())


def _noun(label: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", label).strip()


def _links(label: str, description: str | None = None) -> SelectMultipleField:
    """Checkboxes for the needs or outcomes an item is linked to; the view sets the choices."""
    return SelectMultipleField(
        label, description=description, choices=[], validate_choice=False, widget=GovCheckboxesInput()
    )


class PlanForm(GovForm):
    opened_version = HiddenField()


class StartPlanForm(GovForm):
    """Only the CSRF token: starting a plan asks nothing."""


class PersonalDetailsForm(DatedForm):
    opened_version = HiddenField()
    nouns = MappingProxyType(
        {
            "nhs_number": "NHS number",
            "upn": "Unique pupil number",
            "first_language": "First language",
            "parent_first_language": "Parent or carer's first language",
        }
    )
    name = _short("Full name", "Enter the child or young person's full name")
    preferred_name = _short("Preferred name (optional)")
    date_of_birth = date_field("Date of birth", "date of birth", description="For example, 27 3 2016", past=True)
    sex = _short("Sex (optional)")
    ethnicity = _short("Ethnicity (optional)")
    first_language = _short("First language or method of communication (optional)")
    parent_first_language = _short("Parent or carer's first language (optional)")
    nhs_number = StringField(
        "NHS number (optional)",
        description="10 digits, like 485 777 3456",
        filters=[lambda value: re.sub(r"[\s-]", "", value) if isinstance(value, str) else value],
        widget=GovTextInput(),
    )
    upn = StringField(
        "Unique pupil number (UPN) (optional)",
        description="13 characters: a letter, 11 numbers, then a letter or number, like A123456789012",
        filters=[lambda value: value.replace(" ", "").upper() if isinstance(value, str) else value],
        widget=GovTextInput(),
    )

    def validate_nhs_number(self, field) -> None:
        if field.data and not NHS_NUMBER.fullmatch(field.data):
            raise ValidationError("NHS number must be 10 digits, like 485 777 3456")

    def validate_upn(self, field) -> None:
        if field.data and not UPN.fullmatch(field.data):
            raise ValidationError("Enter a unique pupil number in the correct format, like A123456789012")


class ContactForm(PlanForm):
    nouns = MappingProxyType({"telephone": "Telephone number"})
    name = _short("Name", "Enter the contact's name")
    relationship = _short("Relationship to the child or young person (optional)", description="For example, mother")
    email = _short("Email address (optional)")
    telephone = _short("Telephone number (optional)")
    address = _long("Address (optional)")
    main_contact = BooleanField("This is the main contact", widget=GovCheckboxInput())

    def validate_email(self, field) -> None:
        if field.data and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", field.data):
            raise ValidationError("Enter an email address in the correct format, like name@example.com")


class ServicesForm(PlanForm):
    nouns = MappingProxyType({"setting_urn": "Setting URN", "moved_from_local_authority": "Council"})
    setting = _short("Education setting the child or young person attends now (optional)")
    setting_urn = _short("The setting's unique reference number (URN) (optional)", description="6 or 7 digits")
    health = _long("GP or key health professional (optional)")
    known_to_social_care = RadioField(
        "Is the child or young person known to social care?", choices=YES_NO, default="", widget=GovRadioInput()
    )
    other_professionals = _long("Other professionals involved (optional)", description="Put each one on its own line")
    looked_after = RadioField("Are they looked after now?", choices=YES_NO, default="", widget=GovRadioInput())
    previously_looked_after = RadioField(
        "Were they looked after before?", choices=YES_NO, default="", widget=GovRadioInput()
    )
    moved_from_local_authority = _short(
        "Council they moved from with a plan (optional)", description="Leave empty if they did not move in with a plan"
    )

    def validate_setting_urn(self, field) -> None:
        if field.data and not URN.fullmatch(field.data):
            raise ValidationError("The setting's URN must be 6 or 7 digits")


class SectionA1Form(PlanForm):
    """History and communication share section A1's limit of 500 words together; the view checks the sum
    (service.domain.ehcp.document.word_count) and puts the error on the field that takes it over."""

    history = TextAreaField("Summary of history", validators=[Length(max=LONG)], widget=GovCharacterCount())
    communication = TextAreaField(
        "How to communicate with the child or young person and involve them in decisions",
        validators=[Length(max=LONG)],
        widget=GovCharacterCount(),
    )
    nouns = MappingProxyType({"history": "Summary of history", "communication": "How to communicate"})


class SectionA2Form(PlanForm):
    child_views = _long("The child or young person's views (optional)")
    family_views = _long("The family's views (optional)")
    interests = _long("Interests (optional)")
    strengths = _long("Strengths (optional)")
    aspirations = _long("Aspirations (optional)")
    how_gathered = _long(
        "How these views were gathered (optional)", description="And who gave them on the child's behalf"
    )


class NeedForm(PlanForm):
    area = RadioField("Area of need", validators=[InputRequired("Select the area of need")], widget=GovRadioInput())
    description = _long("Need", "Enter the need", description="What the child or young person finds difficult")
    impact = _long("Impact (optional)", description="How it affects their learning and everyday life")


class NoNeedsForm(PlanForm):
    areas = SelectMultipleField(
        "Areas with no identified needs",
        choices=[],
        validate_choice=False,
        widget=GovCheckboxesInput(),
    )


class OutcomeForm(PlanForm):
    statement = _long("Outcome", "Enter the outcome", description="What the child or young person will achieve")
    measure = _long("How we will know it has been achieved", "Enter how we will know the outcome has been achieved")
    by_when = _short(
        "By when", "Enter when the outcome should be achieved", description="A date or a stage, like the end of year 6"
    )
    need_ids = _links("Needs it answers")
    nouns = MappingProxyType({"measure": "How we will know", "by_when": "By when"})


def _whole_number(label: str) -> StringField:
    return StringField(label, widget=GovTextInput())


class ProvisionForm(PlanForm):
    """The five elements of provision: what, who (and their qualification), the ratio, how often and how
    long. Each one is needed; numbers are whole numbers of 1 or more."""

    what = _long("What the support is", "Enter what the support is")
    who = _short("Who provides it", "Enter who provides the support", description="For example, a teaching assistant")
    qualification = _short("Their qualification or training (optional)")
    ratio_staff = _whole_number("Number of staff")
    ratio_children = _whole_number("Number of children")
    times = _whole_number("Number of times")
    per = RadioField("Each", choices=[], validate_choice=False, widget=GovRadioInput())
    minutes = _whole_number("How long each time, in minutes")
    agreed_by = _short(
        "Agreed by (optional)", description="The health commissioning body that agreed it (regulation 12(2))"
    )
    need_ids = _links("Needs it meets")
    outcome_ids = _links("Outcomes it supports")

    MESSAGES = MappingProxyType(
        {
            "ratio_staff": ("Enter the number of staff", "Number of staff"),
            "ratio_children": ("Enter the number of children", "Number of children"),
            "times": ("Enter how often this provision happens", "Number of times"),
            "minutes": ("Enter how long each session lasts in minutes", "How long each time"),
        }
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for name, (missing, noun) in self.MESSAGES.items():
            field = self[name]
            value = (field.data or "").strip()
            if field.errors:
                continue
            if not value:
                field.errors.append(missing)
            elif not WHOLE.fullmatch(value) or int(value) < 1:
                field.errors.append(f"{noun} must be a whole number of 1 or more")
        if not self.times.errors and not self.per.data or self.per.data and self.per.data not in dict(self.per.choices):
            self.per.errors.append("Select how often this provision happens: each day, week, term or other period")
        return valid and not any(self[name].errors for name in (*self.MESSAGES, "per"))

    def number(self, name: str) -> int:
        return int(self[name].data.strip())


class PlacementForm(PlanForm):
    nouns = MappingProxyType({"urn": "URN", "type": "Type of setting"})
    name = _short("Name of the school or other setting (optional)")
    urn = _short("Unique reference number (URN) (optional)", description="6 or 7 digits")
    type = _short(
        "Type of school or other setting (optional)", description="For example, maintained mainstream primary school"
    )
    attendance = RadioField("Attendance", choices=[], default="", validate_choice=False, widget=GovRadioInput())

    def validate_urn(self, field) -> None:
        if field.data and not URN.fullmatch(field.data):
            raise ValidationError("The URN must be 6 or 7 digits")


class BudgetForm(PlanForm):
    details = _long("Details of the personal budget (optional)")
    arrangements = _long("Arrangements for direct payments (optional)")
    need_ids = _links("Needs it meets")
    outcome_ids = _links("Outcomes it supports")


class IssueForm(DatedForm):
    """Issuing a version. The view says which reasons it needs (flags overridden, an amendment)."""

    opened_version = HiddenField()
    review_version = HiddenField()  # after a review: the review's version the page was opened at
    on = date_field("Date of issue", "date of issue", description="For example, 27 3 2027", not_future=True)
    override_reason = TextAreaField(
        "Why are you issuing the plan with these problems?",
        validators=[Optional(), Length(max=5000, message="The reason must be 5,000 characters or fewer")],
        widget=GovTextArea(),
    )
    amendment_reason = TextAreaField(
        "Why is the plan being amended?",
        description="The family sees this reason (regulation 22)",
        validators=[
            Optional(),
            Length(max=2000, message="The reason for the amendment must be 2,000 characters or fewer"),
        ],
        widget=GovTextArea(),
    )
    nouns = MappingProxyType({"override_reason": "The reason", "amendment_reason": "The reason for the amendment"})


RESPONSES = {"changed": "Accepted and the plan was changed", "not_changed": "Not changed"}


class RespondForm(GovForm):
    response = RadioField(
        "What did the council do?",
        choices=list(RESPONSES.items()),
        validators=[InputRequired("Select whether the plan was changed")],
        widget=GovRadioInput(),
    )
    reason = TextAreaField(
        "Reason",
        description="Needed when the plan was not changed. The family sees it",
        validators=[Length(max=5000, message="Reason must be 5,000 characters or fewer")],
        widget=GovTextArea(),
    )

    def validate_reason(self, field) -> None:
        if self.response.data == "not_changed" and not field.data:
            raise ValidationError("Enter why the plan was not changed")
