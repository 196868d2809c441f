"""The advice forms: the plan editor's need, outcome and provision forms (the same fields and GOV.UK
messages staff see, so advice pulls into the plan unchanged), with the plan section a provision item
belongs in, limits on numbers no provision can have, the summary, a report and sending."""

from __future__ import annotations

from types import MappingProxyType

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovRadioInput
from wtforms import RadioField
from wtforms.validators import InputRequired, ValidationError

from service.domain.ehcp.advice import SECTION_NAMES
from service.forms.fields import GovForm
from service.journeys.staff.plan_forms import NeedForm, OutcomeForm, ProvisionForm, _long

__all__ = ["NeedForm", "OutcomeForm", "AdviceProvisionForm", "SummaryForm", "ReportForm", "SendForm"]

SECTIONS = {
    "f": "F: special educational provision",
    "g": "G: health care provision",
    "h1": "H1: social care provision under the Chronically Sick and Disabled Persons Act 1970",
    "h2": "H2: other social care provision",
}
assert set(SECTIONS) == set(SECTION_NAMES)

# The most a number can be: more is a typing mistake, not provision.
LIMITS = MappingProxyType(
    {
        "ratio_staff": (100, "Number of staff must be 100 or fewer"),
        "ratio_children": (100, "Number of children must be 100 or fewer"),
        "times": (1000, "Number of times must be 1,000 or fewer"),
        "minutes": (1440, "How long each time must be 1,440 minutes (24 hours) or fewer"),
    }
)


class AdviceProvisionForm(ProvisionForm):
    section = RadioField(
        "Which part of the plan is it for?",
        choices=list(SECTIONS.items()),
        validators=[InputRequired("Select which part of the plan the provision is for")],
        validate_choice=False,
        widget=GovRadioInput(),
    )

    def validate_section(self, field) -> None:
        if field.data not in SECTIONS:
            raise ValidationError("Select which part of the plan the provision is for")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for name, (most, message) in LIMITS.items():
            field = self[name]
            if not field.errors and int(field.data.strip()) > most:
                field.errors.append(message)
                valid = False
        return valid


class SummaryForm(GovForm):
    summary = _long(
        "Summary of your advice (optional)",
        description="In your own words: what you found and what you recommend. Do not repeat the items below",
    )


class ReportForm(GovForm):
    report = FileField(
        "Upload a report",
        description="A PDF, DOCX, JPG or PNG, smaller than 20MB. The council can read it once it has been checked for viruses",
        widget=GovFileInput(),
    )


class SendForm(GovForm):
    """Only the CSRF token."""
