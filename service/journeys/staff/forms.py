"""Staff forms. Every form that changes a case carries the case's version, so a stale form is refused."""

from datetime import date
from types import MappingProxyType

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
from wtforms.validators import DataRequired, InputRequired, Length, StopValidation, ValidationError

from service.domain.clock import Step, format_govuk_date
from service.forms.dates import GovDateField, NotInTheFuture
from service.forms.fields import DatedForm, GovForm, date_field, email_field, mobile_field

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


class SignInForm(GovForm):
    email = email_field(check_format=False)  # a wrong address gets the same words as a wrong password
    password = PasswordField("Password", validators=[DataRequired("Enter your password")], widget=GovPasswordInput())
    submit = SubmitField("Continue", widget=GovSubmitInput())


class CodeForm(GovForm):
    code = StringField(
        "Security code",
        validators=[DataRequired("Enter the security code")],
        widget=GovTextInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


# The appealable decisions: the family's windows run from the day their decision letter was sent.
NOTICE_STEPS = {Step.DECIDE_NOT_TO_ASSESS, Step.DECIDE_NOT_TO_ISSUE}
DECISION_MISSING = "Select what the council decided"


class BlankDate:
    """An optional date left wholly blank is None (a part given and others missing is still an error)."""

    def __call__(self, form, field) -> None:
        if not any(field.parts.values()):
            field.errors[:] = []
            field.data = None
            raise StopValidation()


class ChooseStepForm(GovForm):
    """The first page of recording a step: which decision or step. Its own page then asks only for what
    that step needs (one page per decision: the GOV.UK pattern for branches this different)."""

    decision = RadioField(
        "What did the council decide?",
        validate_choice=False,  # AnyOf says it in GOV.UK words; the view sets the choices for the stage
        validators=[InputRequired(DECISION_MISSING)],
        widget=GovRadioInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def validate_decision(self, field) -> None:
        if field.data not in {value for value, _ in field.choices or []}:
            raise StopValidation(DECISION_MISSING)


def _reasons(label: str, description: str) -> TextAreaField:
    return TextAreaField(
        label,
        description=description,
        validators=[
            DataRequired("Enter the reasons for the decision"),
            Length(max=5000, message="Reasons must be 5,000 characters or fewer"),
        ],
        widget=GovTextArea(),
    )


class DecisionDateForm(DatedForm):
    """A decision to assess or to issue a plan: only its date."""

    on = date_field(
        "Date of the decision", "date of the decision", description="For example, 27 3 2027", not_future=True
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


class RefusalForm(DecisionDateForm):
    """A decision not to assess or not to issue: its date, the day the letter was sent (the family's
    windows run from it) and the reasons, kept as an internal note."""

    notice_sent_on = GovDateField(
        "Date the decision letter was sent (optional)",
        noun="date the decision letter was sent",
        description="Leave this blank if the letter was sent on the day of the decision. The family has 2 months "
        "from the day it was sent to contact the mediation adviser and to appeal. For example, 27 3 2027",
        validators=[BlankDate(), NotInTheFuture()],
    )
    reasons = _reasons(
        "Reasons for the decision",
        "Kept as an internal note. Put the full reasons in the letter to the family.",
    )

    def validate_notice_sent_on(self, field) -> None:
        if field.data is not None and self.on.data and field.data < self.on.data:
            field.parts_in_error = ("day", "month", "year")
            raise ValidationError(
                "Date the decision letter was sent must be the same as or after the date of the decision, "
                f"{format_govuk_date(self.on.data)}"
            )


class DraftServedForm(DatedForm):
    on = date_field(
        "Date the draft plan was sent to the family", "date", description="For example, 27 3 2027", not_future=True
    )
    plan_file = FileField(
        "Draft plan",
        description="PDF or Word, up to 20MB. The family can download it once it has been checked for viruses.",
        widget=GovFileInput(),
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_plan_file(self, field) -> None:
        if not (field.data and field.data.filename):
            raise ValidationError("Select the draft plan file")


class FinalIssuedForm(DatedForm):
    nouns = MappingProxyType({"named_setting": "Named setting"})
    on = date_field("Date the final plan was issued", "date", description="For example, 27 3 2027", not_future=True)
    named_setting = StringField(
        "Named school, college or other setting",
        validators=[DataRequired("Enter the named school, college or other setting"), Length(max=200)],
        widget=GovTextInput(),
    )
    plan_file = FileField(
        "Final plan (optional)",
        description="PDF or Word, up to 20MB. The family can download it once it has been checked for viruses.",
        widget=GovFileInput(),
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


class WithdrawnForm(DatedForm):
    on = date_field("Date the request was withdrawn", "date", description="For example, 27 3 2027", not_future=True)
    reasons = _reasons("Why was the request withdrawn?", "Kept as an internal note. Families never see it.")
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


# Each step's own page asks only for what it needs: nothing from another step's page is read or saved.
STEP_FORMS: dict[Step, type[DatedForm]] = {
    Step.DECIDE_TO_ASSESS: DecisionDateForm,
    Step.DECIDE_NOT_TO_ASSESS: RefusalForm,
    Step.DECIDE_TO_ISSUE: DecisionDateForm,
    Step.DECIDE_NOT_TO_ISSUE: RefusalForm,
    Step.SERVE_DRAFT: DraftServedForm,
    Step.ISSUE_FINAL: FinalIssuedForm,
    Step.WITHDRAW: WithdrawnForm,
}


ASK_WHERE = {
    "service": "An organisation that uses this service",
    "outside": "Someone outside this service (record that you asked them)",
}


class AdviceRequestForm(DatedForm):
    """Ask an organisation in the service (it is emailed, and writes its advice here), or record advice
    asked for outside it, the old way. Without a choice the request is recorded the old way. The view
    sets the organisations (this council's, and every setting) and checks the id against them."""

    kind = RadioField(
        "Who was asked for advice?",
        choices=list(ADVICE_KINDS.items()),
        validators=[InputRequired("Select who was asked for advice")],
        widget=GovRadioInput(),
    )
    adviser = StringField(
        "Name of the adviser or service (optional)", validators=[Length(max=200)], widget=GovTextInput()
    )
    on = date_field("Date the advice was requested", "date the advice was requested", not_future=True)
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())

    nouns = MappingProxyType({"adviser": "Name of the adviser or service", "asked": "What you are asking for"})
    where = RadioField(
        "Who are you asking?", choices=list(ASK_WHERE.items()), validate_choice=False, widget=GovRadioInput()
    )
    organisation_id = SelectField("Organisation", choices=[], validate_choice=False, widget=GovSelect())
    asked = TextAreaField(
        "What are you asking for?",
        description="Say what you need to know. The organisation sees this, and the date it is due",
        validators=[Length(max=5000, message="What you are asking for must be 5,000 characters or fewer")],
        widget=GovTextArea(),
    )

    @property
    def in_service(self) -> bool:
        return self.where.data == "service"

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        if self.where.data not in (None, "", *ASK_WHERE):
            self.where.errors = ["Select who you are asking"]
        if self.in_service:
            self.on.errors = []  # asked now, in the service: the request date is today
            self.on.data = self.today
            if not self.organisation_id.data:
                self.organisation_id.errors = ["Select the organisation you are asking for advice"]
            if not (self.asked.data or "").strip() and not self.asked.errors:
                self.asked.errors = ["Enter what you are asking for"]
        return not any(field.errors for field in self)


class AdviceReceivedForm(DatedForm):
    on = date_field("Date the advice was received", "date the advice was received", not_future=True)
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args, requested_on: date, **kwargs) -> None:
        self.requested_on = requested_on
        super().__init__(*args, **kwargs)

    def validate_on(self, field):
        if field.data and field.data < self.requested_on:
            raise ValidationError(
                "Date the advice was received must be on or after the day it was requested, "
                f"{format_govuk_date(self.requested_on)}"
            )


class ExceptionForm(DatedForm):
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
    starts_on = date_field("Date the circumstances started", "start date", not_future=True)
    ends_on = date_field("Date the circumstances ended (if they have)", "end date", optional=True)
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


class AssignForm(GovForm):
    # The view checks the choice against the council's own staff and says "Select a caseworker", in the
    # Design System's words, rather than WTForms' "Not a valid choice" (an id from elsewhere is no choice).
    caseworker = SelectField(
        "Caseworker", validators=[InputRequired("Select a caseworker")], widget=GovSelect(), validate_choice=False
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())


class NoteForm(GovForm):
    nouns = MappingProxyType({"text": "Note"})
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


class DocumentForm(GovForm):
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


class NewRequestForm(DatedForm):
    source = RadioField(
        "How did the request arrive?",
        choices=list(SOURCES.items()),
        validators=[InputRequired("Select how the request arrived")],
        widget=GovRadioInput(),
    )
    received_on = date_field("Date the council received the request", "date the request was received", not_future=True)
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
    child_date_of_birth = date_field("Date of birth", "date of birth", not_future=True)
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
    requester_email = email_field("Their email address (optional)", required=None)
    requester_postal_address = TextAreaField(
        "Their postal address (optional)", validators=[Length(max=500)], widget=GovTextArea()
    )
    confirm_old_date = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_child_date_of_birth(self, field):
        if field.data and field.data.year < self.today.year - 26:
            raise ValidationError("Date of birth must be within the last 26 years (plans run to age 25)")
        received = self.received_on.data
        if field.data and received and field.data > received:
            raise ValidationError("Date of birth must be before the date the request was received")


class InviteForm(GovForm):
    name = StringField(
        "Full name", validators=[DataRequired("Enter their full name"), Length(max=200)], widget=GovTextInput()
    )
    email = email_field("Work email address", "Enter their work email address", example="name@council.gov.uk")
    role = RadioField(
        "Role",
        choices=list(ROLES.items()),
        validators=[InputRequired("Select their role")],
        widget=GovRadioInput(),
    )
    submit = SubmitField("Send invitation", widget=GovSubmitInput())


class RoleForm(GovForm):
    role = RadioField(
        "Role", choices=list(ROLES.items()), validators=[InputRequired("Select a role")], widget=GovRadioInput()
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class SetPasswordForm(GovForm):
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


class SecondFactorForm(GovForm):
    method = RadioField(
        "How do you want to get your security code?",
        choices=list(SECOND_FACTORS.items()),
        validators=[InputRequired("Select how you want to get your security code")],
        widget=GovRadioInput(),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class MobileForm(GovForm):
    mobile = mobile_field(
        "UK mobile number", "Enter a UK mobile number", description="We will text a code to this number to check it"
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ConfirmCodeForm(GovForm):
    """A 6-digit code that proves a new mobile number or authenticator app works."""

    code = StringField("Security code", validators=[DataRequired("Enter the security code")], widget=GovTextInput())
    submit = SubmitField("Continue", widget=GovSubmitInput())


class UnlockForm(GovForm):
    """Only the CSRF token: the button is the whole form."""
