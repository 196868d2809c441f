"""Staff forms."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import HiddenField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length

from service.forms.dates import GovDateField, NotInTheFuture


class SignInForm(FlaskForm):
    email = StringField("Email address", validators=[DataRequired("Enter your email address")], widget=GovTextInput())
    password = PasswordField("Password", validators=[DataRequired("Enter your password")], widget=GovPasswordInput())
    submit = SubmitField("Continue", widget=GovSubmitInput())


class CodeForm(FlaskForm):
    code = StringField(
        "Security code",
        description="We sent a 6-digit code to your email address. It expires after 10 minutes.",
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
    named_setting = StringField(
        "Named school, college or other setting (final plan only)", validators=[Length(max=200)], widget=GovTextInput()
    )
    version = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())
