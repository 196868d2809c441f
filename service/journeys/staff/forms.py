"""Staff forms. Every form that changes a case carries the case's version, so a stale form is refused."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import HiddenField, PasswordField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from service.forms.dates import GovDateField as _GovDateField
from service.forms.dates import NotInTheFuture
from service.journeys.request_assessment.forms import UK_MOBILE, normalise_phone


class GovDateField(_GovDateField):
    """The shared date field, treating "no data given" (WTForms' unset_value, when the boxes are not in
    the POST at all) as no date, so the form says "Enter the date" instead of failing."""

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, None if data is unset_value else data, extra_filters)


ADVICE_KINDS = {
    "educational_psychology": "Educational psychologist",
    "health": "Health",
    "social_care": "Social care",
    "setting": "Early years setting, school or college",
    "preparing_for_adulthood": "Preparation for adulthood",
    "other": "Other",
}
EXCEPTION_PHASES = {
    "decision_to_assess": "Decision whether to assess (6 weeks, regulation 5(4))",
    "advice": "Advice (6 weeks, regulation 8(2))",
    "not_to_issue": "Decision not to issue a plan (16 weeks, regulation 10(4))",
    "final_plan": "Final plan (20 weeks, regulation 13(3))",
}
EXCEPTION_GROUNDS = {
    "school_closure": "The school or college was closed for at least 4 weeks",
    "early_years_closure": "The early years setting was closed for at least 4 weeks",
    "exceptional_personal_circumstances": "Exceptional personal circumstances of the child or family",
    "absent_from_area": "The child or family was away from the area for at least 4 weeks",
    "missed_appointment": "The child or family missed an appointment (advice only)",
}
SOURCES = {"post": "Post", "email": "Email", "phone": "Phone"}
ROLES = {
    "caseworker": "Caseworker",
    "manager": "Manager",
    "read_only": "Read only",
    "mediation_adviser": "Mediation adviser",
}


class SignInForm(FlaskForm):
    email = StringField("Email address", validators=[DataRequired("Enter your email address")], widget=GovTextInput())
    password = PasswordField("Password", validators=[DataRequired("Enter your password")], widget=GovPasswordInput())
    submit = SubmitField("Continue", widget=GovSubmitInput())


class CodeForm(FlaskForm):
    code = StringField(
        "Security code",
        validators=[DataRequired("Enter the security code")],
        widget=GovTextInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class StepForm(FlaskForm):
    today = None
    decision = RadioField(
        "What did the council decide?",
        validators=[InputRequired("Select what the council decided")],
        widget=GovRadioInput(),
    )
    on = GovDateField(
        "Date of the decision or step", noun="date", description="For example, 27 3 2027", validators=[NotInTheFuture()]
    )
    reasons = TextAreaField(
        "Reasons (needed for a decision not to assess or not to issue, or a withdrawal)",
        validators=[Length(max=5000, message="Reasons must be 5,000 characters or fewer")],
        widget=GovTextArea(),
    )
    named_setting = StringField(
        "Named school, college or other setting (final plan only)", validators=[Length(max=200)], widget=GovTextInput()
    )
    plan_file = FileField("Plan document (needed for a draft plan; optional for a final plan)", widget=GovFileInput())
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


class AdviceRequestForm(FlaskForm):
    today = None
    kind = RadioField(
        "Who was asked for advice?",
        choices=list(ADVICE_KINDS.items()),
        validators=[InputRequired("Select who was asked for advice")],
        widget=GovRadioInput(),
    )
    adviser = StringField(
        "Name of the adviser or service (optional)", validators=[Length(max=200)], widget=GovTextInput()
    )
    on = GovDateField(
        "Date the advice was requested", noun="date the advice was requested", validators=[NotInTheFuture()]
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


class AdviceReceivedForm(FlaskForm):
    today = None
    on = GovDateField(
        "Date the advice was received", noun="date the advice was received", validators=[NotInTheFuture()]
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


class ExceptionForm(FlaskForm):
    today = None
    phase = RadioField(
        "Which time limit does the exception apply to?",
        choices=list(EXCEPTION_PHASES.items()),
        validators=[InputRequired("Select which time limit the exception applies to")],
        widget=GovRadioInput(),
    )
    ground = RadioField(
        "Why does the exception apply?",
        choices=list(EXCEPTION_GROUNDS.items()),
        validators=[InputRequired("Select why the exception applies")],
        widget=GovRadioInput(),
    )
    starts_on = GovDateField("Date the circumstances started", noun="start date", validators=[NotInTheFuture()])
    ends_on = GovDateField("Date the circumstances ended (if they have)", noun="end date", validators=[Optional()])
    evidence = TextAreaField(
        "Evidence",
        description="What shows the exception applies, for example a letter from the school about its closure",
        validators=[
            DataRequired("Enter the evidence for the exception"),
            Length(max=5000, message="Evidence must be 5,000 characters or fewer"),
        ],
        widget=GovTextArea(),
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("End date must be the same as or after the start date")


class AssignForm(FlaskForm):
    caseworker = SelectField("Caseworker", validators=[InputRequired("Select a caseworker")], widget=GovSelect())
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


class NoteForm(FlaskForm):
    text = TextAreaField(
        "Add a note",
        description="Notes are for council staff only. Families never see them.",
        validators=[
            DataRequired("Enter the note"),
            Length(max=5000, message="The note must be 5,000 characters or fewer"),
        ],
        widget=GovTextArea(),
    )
    submit = SubmitField("Add note", widget=GovSubmitInput())


class DocumentForm(FlaskForm):
    category = RadioField(
        "What is the document?",
        choices=[
            ("decision_letter", "Decision letter"),
            ("advice", "Advice"),
            ("draft_plan", "Draft plan"),
            ("final_plan", "Final plan"),
            ("other", "Other"),
        ],
        validators=[InputRequired("Select what the document is")],
        widget=GovRadioInput(),
    )
    shared = RadioField(
        "Share it with the family?",
        choices=[("yes", "Yes, the family can see and download it"), ("no", "No, council staff only")],
        validators=[InputRequired("Select whether to share the document with the family")],
        widget=GovRadioInput(),
    )
    file = FileField("Upload a file", widget=GovFileInput())
    submit = SubmitField("Upload", widget=GovSubmitInput())


class NewRequestForm(FlaskForm):
    today = None
    source = RadioField(
        "How did the request arrive?",
        choices=list(SOURCES.items()),
        validators=[InputRequired("Select how the request arrived")],
        widget=GovRadioInput(),
    )
    received_on = GovDateField(
        "Date the council received the request", noun="date the request was received", validators=[NotInTheFuture()]
    )
    child_first_name = StringField(
        "Child or young person's first name",
        validators=[DataRequired("Enter the child's first name"), Length(max=100)],
        widget=GovTextInput(),
    )
    child_last_name = StringField(
        "Child or young person's last name",
        validators=[DataRequired("Enter the child's last name"), Length(max=100)],
        widget=GovTextInput(),
    )
    child_date_of_birth = GovDateField("Date of birth", noun="date of birth", validators=[NotInTheFuture()])
    requester_name = StringField(
        "Name of the person who made the request",
        validators=[DataRequired("Enter the name of the person who made the request"), Length(max=200)],
        widget=GovTextInput(),
    )
    requester_role = RadioField(
        "Who made the request?",
        choices=[
            ("parent", "A parent or carer"),
            ("young_person", "The young person"),
            ("professional", "A professional"),
        ],
        validators=[InputRequired("Select who made the request")],
        widget=GovRadioInput(),
    )
    requester_email = StringField(
        "Their email address (optional)",
        validators=[
            Optional(),
            Email("Enter an email address in the correct format, like name@example.com"),
            Length(max=320),
        ],
        widget=GovTextInput(),
    )
    requester_postal_address = TextAreaField(
        "Their postal address (optional)", validators=[Length(max=500)], widget=GovTextArea()
    )
    confirm_old_date = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_child_date_of_birth(self, field):
        if field.data and self.today and field.data.year < self.today.year - 26:
            raise ValidationError("Date of birth must be within the last 26 years (plans run to age 25)")


class InviteForm(FlaskForm):
    name = StringField(
        "Full name", validators=[DataRequired("Enter their full name"), Length(max=200)], widget=GovTextInput()
    )
    email = StringField(
        "Work email address",
        validators=[
            DataRequired("Enter their work email address"),
            Email("Enter an email address in the correct format, like name@council.gov.uk"),
            Length(max=320),
        ],
        widget=GovTextInput(),
    )
    role = RadioField(
        "Role",
        choices=list(ROLES.items()),
        validators=[InputRequired("Select their role")],
        widget=GovRadioInput(),
    )
    submit = SubmitField("Send invitation", widget=GovSubmitInput())


class RoleForm(FlaskForm):
    role = RadioField(
        "Role", choices=list(ROLES.items()), validators=[InputRequired("Select a role")], widget=GovRadioInput()
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "Create a password",
        description="Use at least 12 characters. A few unrelated words together make a good password.",
        validators=[
            DataRequired("Enter a password"),
            Length(min=12, message="Password must be 12 characters or more"),
            Length(max=200, message="Password must be 200 characters or fewer"),
        ],
        widget=GovPasswordInput(),
    )
    submit = SubmitField("Save password and sign in", widget=GovSubmitInput())


SECOND_FACTORS = {"email": "Email", "sms": "Text message", "totp": "Authenticator app"}


class SecondFactorForm(FlaskForm):
    method = RadioField(
        "How do you want to get your security code?",
        choices=list(SECOND_FACTORS.items()),
        validators=[InputRequired("Select how you want to get your security code")],
        widget=GovRadioInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class MobileForm(FlaskForm):
    mobile = StringField(
        "UK mobile number",
        description="We will text a code to this number to check it",
        validators=[DataRequired("Enter a UK mobile number")],
        widget=GovTextInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def validate_mobile(self, field):
        if not UK_MOBILE.match(normalise_phone(field.data)):
            raise ValidationError("Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982")


class ConfirmCodeForm(FlaskForm):
    """A 6-digit code that proves a new mobile number or authenticator app works."""

    code = StringField("Security code", validators=[DataRequired("Enter the security code")], widget=GovTextInput())
    submit = SubmitField("Continue", widget=GovSubmitInput())
