"""Forms of the professionals' side."""

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired

from service.forms.fields import GovForm, email_field


class SignInForm(GovForm):
    email = email_field(description="The address your invitation was sent to")
    submit = SubmitField("Continue", widget=GovSubmitInput())


class CodeForm(GovForm):
    code = StringField("Security code", validators=[DataRequired("Enter the security code")], widget=GovTextInput())
    submit = SubmitField("Continue", widget=GovSubmitInput())
