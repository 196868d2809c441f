"""The question pages of the request journey, one form a page.

Error messages follow the GOV.UK Design System: they say what is wrong and how to fix it.
"""

from __future__ import annotations

import re
from datetime import date
from types import MappingProxyType

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from service.domain.council_lookup import place_problem
from service.domain.postal import UK_POSTCODE, address_problem
from service.forms.fields import DatedForm, GovForm, date_field, email_field, mobile_field

POSTAL_HINT = "Put each part of the address on its own line, with the postcode on the last line"
UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
LONG_ANSWER = 2000


def valid_postcode(form, field):
    if field.data and not UK_POSTCODE.match(field.data.strip()):
        raise ValidationError("Enter a real postcode, like AA1 1AA")


class QuestionForm(DatedForm):
    """Every question page has a Continue button and is given today's date for its date rules."""

    submit = SubmitField("Continue", widget=GovSubmitInput())


class WhoForm(QuestionForm):
    role = RadioField(
        "Who is making the request?",
        choices=[
            ("parent", "I am a parent or carer of the child or young person"),
            ("young_person", "I am the young person (aged 16 to 25) and I am asking for myself"),
            ("professional", "I work for a school, nursery or college and I am asking for a child or young person"),
        ],
        validators=[InputRequired("Select who is making the request")],
        widget=GovRadioInput(),
    )


class ProfessionalForm(QuestionForm):
    setting_name = StringField(
        "Name of your school, nursery or college",
        validators=[DataRequired("Enter the name of your school, nursery or college"), Length(max=200)],
        widget=GovTextInput(),
    )
    family_agrees = BooleanField(
        "The child's parent or carer, or the young person, knows about this request and agrees to it",
        validators=[DataRequired("Confirm that the family knows about this request and agrees to it")],
        widget=GovCheckboxInput(),
    )


class ChildNameForm(QuestionForm):
    first_name = StringField(
        "First name",
        validators=[
            DataRequired("Enter their first name"),
            Length(max=100, message="First name must be 100 characters or fewer"),
        ],
        widget=GovTextInput(),
    )
    last_name = StringField(
        "Last name",
        validators=[
            DataRequired("Enter their last name"),
            Length(max=100, message="Last name must be 100 characters or fewer"),
        ],
        widget=GovTextInput(),
    )


class ChildDobForm(QuestionForm):
    date_of_birth = date_field(
        "What is their date of birth?", "date of birth", description="For example, 27 3 2015", past=True
    )

    def __init__(self, *args, role: str = "", **kwargs) -> None:
        self.role = role  # who is making the request: a young person must be 16 or older
        super().__init__(*args, **kwargs)

    def validate_date_of_birth(self, field):
        if field.data is None:
            return
        age = _age(field.data, self.today)
        if age > 25:
            raise ValidationError("The child or young person must be 25 or younger")
        if self.role == "young_person" and age < 16:
            raise ValidationError(
                "You said you are the young person: you must be 16 or older to ask for yourself. "
                "Check the date of birth, or go back and change who is making the request"
            )


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class ChildAddressForm(QuestionForm):
    address_line_1 = StringField(
        "Address line 1",
        validators=[DataRequired("Enter address line 1, typically the building and street"), Length(max=200)],
        widget=GovTextInput(),
    )
    address_line_2 = StringField(
        "Address line 2 (optional)", validators=[Optional(), Length(max=200)], widget=GovTextInput()
    )
    town = StringField(
        "Town or city", validators=[DataRequired("Enter town or city"), Length(max=100)], widget=GovTextInput()
    )
    postcode = StringField(
        "Postcode", validators=[DataRequired("Enter postcode"), valid_postcode], widget=GovTextInput()
    )


class LocalAuthorityForm(QuestionForm):
    """The full list of councils: the fallback when their council cannot be worked out, or is not right."""

    local_authority = SelectField(
        "Which council area do they live in?",
        description="This is the council that will consider the request. Start typing to search, or choose from the list.",
        validators=[DataRequired("Select the council area they live in")],
        widget=GovSelect(),
    )


class CouncilPlaceForm(QuestionForm):
    """Asked only when the journey has no home address to work the council out from."""

    nouns = MappingProxyType({"place": "Postcode or town"})
    place = StringField(
        "Which council area do they live in?",
        description="Enter their home postcode, like ME14 1XX, or their town. We will use it to find their council.",
        validators=[Length(max=200)],
        widget=GovTextInput(),
    )

    def validate_place(self, field):
        problem = place_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class CouncilConfirmForm(QuestionForm):
    """One council found from where they live: the family says whether it is right."""

    confirm = RadioField(
        "Is this the right council?",
        choices=[("yes", "Yes"), ("no", "No, choose their council from a list")],
        validators=[InputRequired("Select yes if this is the right council")],
        widget=GovRadioInput(),
    )


class CouncilCandidatesForm(QuestionForm):
    """Where they live spans councils: one of the candidates, or another council from the full list."""

    local_authority = RadioField(
        "Which council area do they live in?",
        validators=[InputRequired("Select the council area they live in")],
        widget=GovRadioInput(),
    )


class SettingForm(QuestionForm):
    setting_type = RadioField(
        "Where do they go to school, nursery or college now?",
        choices=[
            ("school", "School"),
            ("nursery", "Nursery or other early years setting"),
            ("college", "College or other post-16 setting"),
            ("home_education", "Educated at home"),
            ("none", "None of these"),
        ],
        validators=[InputRequired("Select where they go to school, nursery or college now")],
        widget=GovRadioInput(),
    )
    setting_name = StringField(
        "Name of the school, nursery or college (if they go to one)",
        validators=[Length(max=200)],
        widget=GovTextInput(),
    )
    upn = StringField(
        "Unique pupil number (UPN) (optional)",
        description="13 characters, on school reports. Leave this blank if you do not know it.",
        validators=[Optional()],
        widget=GovTextInput(),
    )

    def validate_setting_name(self, field):
        if self.setting_type.data in {"school", "nursery", "college"} and not (field.data or "").strip():
            raise ValidationError("Enter the name of the school, nursery or college")

    def validate_upn(self, field):
        if field.data and not UPN.match(field.data.strip().upper()):
            raise ValidationError("Enter a UPN in the correct format, like A123456789012")


class YourDetailsForm(QuestionForm):
    name = StringField(
        "Your full name", validators=[DataRequired("Enter your full name"), Length(max=200)], widget=GovTextInput()
    )
    relationship = StringField(
        "Your relationship to the child or young person",
        description="For example, mother, foster carer or SENCO",
        validators=[DataRequired("Enter your relationship to the child or young person"), Length(max=100)],
        widget=GovTextInput(),
    )


class ContactForm(QuestionForm):
    email = email_field(description="We will send your reference number and updates about the request here")
    mobile = mobile_field("UK mobile number (optional)", description="For text message updates")
    preference = RadioField(
        "How should the council contact you?",
        choices=[("email", "Email"), ("sms", "Text message"), ("post", "Post")],
        validators=[InputRequired("Select how the council should contact you")],
        widget=GovRadioInput(),
    )
    postal_address = TextAreaField(
        "Postal address (if you chose post)",
        description=POSTAL_HINT,
        validators=[Length(max=500)],
        widget=GovTextArea(),
    )

    def validate_mobile(self, field):
        if self.preference.data == "sms" and not field.data:
            raise ValidationError("Enter a UK mobile number to get text messages")

    def validate_postal_address(self, field):
        if self.preference.data == "post":
            problem = address_problem(field.data or "")
            if problem:
                raise ValidationError(problem)


class ParentContactForm(QuestionForm):
    """On a request a school or nursery makes: the parent or carer, who is told of every decision."""

    parent_name = StringField(
        "Their full name",
        validators=[DataRequired("Enter the parent or carer's full name"), Length(max=200)],
        widget=GovTextInput(),
    )
    parent_email = email_field(
        "Their email address (optional if they want text messages or letters)",
        required=None,
        description="They can sign in with this email address to see the request and its dates",
    )
    parent_mobile = mobile_field("Their UK mobile number (optional)", description="For text message updates")
    parent_contact_preference = RadioField(
        "How do they want to be told about the request?",
        choices=[("email", "Email"), ("sms", "Text message"), ("post", "Post")],
        validators=[InputRequired("Select how the parent or carer wants to be told about the request")],
        widget=GovRadioInput(),
    )
    parent_postal_address = TextAreaField(
        "Their postal address (if they chose post)",
        description=POSTAL_HINT,
        validators=[Length(max=500)],
        widget=GovTextArea(),
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # the email field is optional, so its own validators stop at an empty answer: check it here
        if self.parent_contact_preference.data == "email" and not self.parent_email.data:
            self.parent_email.errors = [
                *self.parent_email.errors,
                "Enter the parent or carer's email address to send them emails",
            ]
            return False
        return valid

    def validate_parent_mobile(self, field):
        if self.parent_contact_preference.data == "sms" and not field.data:
            raise ValidationError("Enter the parent or carer's UK mobile number to send them text messages")

    def validate_parent_postal_address(self, field):
        if self.parent_contact_preference.data == "post":
            problem = address_problem(field.data or "")
            if problem:
                raise ValidationError(problem.replace("Enter your postal address", "Enter their postal address"))


class CommunicationNeedsForm(QuestionForm):
    needs = SelectMultipleField(
        "Do you need any help to communicate with the council?",
        choices=[
            ("interpreter", "An interpreter"),
            ("large_print", "Large print"),
            ("easy_read", "Easy read"),
            ("other", "Something else"),
            ("none", "No, I do not need any help"),
        ],
        validators=[DataRequired("Select the help you need, or select 'No, I do not need any help'")],
        widget=GovCheckboxesInput(),
    )
    language = StringField("Language for the interpreter", validators=[Length(max=100)], widget=GovTextInput())
    other = StringField("Other help you need", validators=[Length(max=200)], widget=GovTextInput())

    def validate_needs(self, field):
        if "none" in (field.data or []) and len(field.data) > 1:
            raise ValidationError("Select the help you need, or select 'No, I do not need any help' only")

    def validate_language(self, field):
        if "interpreter" in (self.needs.data or []) and not field.data:
            raise ValidationError("Enter the language you need an interpreter for")

    def validate_other(self, field):
        if "other" in (self.needs.data or []) and not field.data:
            raise ValidationError("Enter the other help you need")


def _long(label: str, message: str, description: str | None = None, required: bool = True):
    return TextAreaField(
        label,
        description=description,
        validators=[
            DataRequired(message) if required else Optional(),
            Length(max=LONG_ANSWER, message=f"{label.split('(')[0].strip()} must be {LONG_ANSWER} characters or fewer"),
        ],
        widget=GovCharacterCount(),
    )


class NeedsForm(QuestionForm):
    nouns = MappingProxyType(
        {"needs": "Their needs", "current_support": "The support they get now", "support_tried": "What has been tried"}
    )
    needs = _long(
        "What are their needs?",
        "Enter what their needs are",
        "For example, difficulties with learning, communication, behaviour, health or a disability",
    )
    current_support = _long("What support do they get now?", "Enter the support they get now")
    support_tried = _long("What has been tried, and what happened?", "Enter what has been tried")


class HopesForm(QuestionForm):
    nouns = MappingProxyType({"hopes": "What you hope for", "child_views": "Their views"})
    hopes = _long("What do you hope an assessment will lead to?", "Enter what you hope an assessment will lead to")
    child_views = _long(
        "What does the child or young person think? (optional)",
        "",
        "Their own views, in their words if you can. This will help write section A of a plan.",
        required=False,
    )


class ProfessionalInvolvedForm(GovForm):
    name = StringField(
        "Name", validators=[DataRequired("Enter the professional's name"), Length(max=200)], widget=GovTextInput()
    )
    role = StringField(
        "Role",
        description="For example, speech and language therapist",
        validators=[DataRequired("Enter their role"), Length(max=100)],
        widget=GovTextInput(),
    )
    organisation = StringField(
        "Organisation", validators=[DataRequired("Enter their organisation"), Length(max=200)], widget=GovTextInput()
    )
    submit = SubmitField("Add this professional", widget=GovSubmitInput())


class ConsentForm(GovForm):
    consent = BooleanField(
        "I agree that the council can share this information with education, health and social care services to "
        "carry out the assessment",
        validators=[DataRequired("Confirm that the council can share the information")],
        widget=GovCheckboxInput(),
    )
    declaration = BooleanField(
        "The information I have given is correct to the best of my knowledge",
        validators=[DataRequired("Confirm that the information you have given is correct")],
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class SaveForm(GovForm):
    email = email_field(description="We will send you a link to come back to your request. It works once, for 28 days.")
    submit = SubmitField("Send the link", widget=GovSubmitInput())


class SubmitRequestForm(GovForm):
    submit = SubmitField("Send request", widget=GovSubmitInput())
