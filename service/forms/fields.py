"""The base of every form and the fields more than one journey asks for (email, phone, dates).

Every form is a `GovForm`: each text answer is trimmed (a WTForms filter), and an answer holding a
control character (NUL, escape and the like) or a bidirectional override is refused with a GOV.UK
error message; tab and new lines are fine in a text area. A form with date rules is a `DatedForm`,
which takes `today` in its constructor, so no view can forget to give it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, StopValidation, ValidationError

from service.forms.dates import GovDateField, InThePast, NotInTheFuture
from service.text import has_control_characters, normalise_email

UK_MOBILE = re.compile(r"^(?:\+44|0044|0)7\d{9}$")
QUESTION_WORDS = ("what", "which", "who", "how", "when", "where", "why", "do", "does", "is", "are")


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s()-]", "", value or "")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def noun_of(form, field) -> str:
    """How an error message names a text field: the form's `nouns` entry for it, else its label without
    the parenthesis ("Address line 2 (optional)" -> "Address line 2"), or "Your answer" for a question."""
    given = getattr(form, "nouns", {}).get(field.short_name)
    if given:
        return given
    text = re.sub(r"\s*\([^)]*\)", "", str(field.label.text)).strip().rstrip("?:").strip()
    if not text or text.split()[0].lower() in QUESTION_WORDS:
        return "Your answer"
    return text[0].upper() + text[1:]


class NoControlCharacters:
    """Refuse control characters and bidirectional overrides; stops the field's other checks."""

    def __init__(self, allow_lines: bool = False) -> None:
        self.allow_lines = allow_lines

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str) and has_control_characters(field.data, self.allow_lines):
            field.errors[:] = []
            raise StopValidation(f"{noun_of(form, field)} must not include control characters")


class GovForm(FlaskForm):
    """Every text field (not passwords) is trimmed and checked for control characters, first.
    `nouns` names a field in error messages when its label is not a noun ("Add a note": "Note")."""

    nouns: Mapping[str, str] = MappingProxyType({})

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                kwargs = unbound_field.kwargs
                assert len(unbound_field.args) <= 1, "give a text field's validators and filters by keyword"
                check = NoControlCharacters(allow_lines=issubclass(field_class, TextAreaField))
                options = {
                    **options,
                    "filters": [_strip, *kwargs.get("filters", ())],
                    "validators": [check, *(kwargs.get("validators") or ())],
                }
            return unbound_field.bind(form=form, **options)


class DatedForm(GovForm):
    """A form whose rules need today's date (in London), given when the form is made."""

    def __init__(self, *args, today: date, **kwargs) -> None:
        self.today = today
        super().__init__(*args, **kwargs)


def email_field(
    label: str = "Email address",
    required: str | None = "Enter your email address",
    *,
    description: str | None = None,
    example: str = "name@example.com",
    check_format: bool = True,
) -> StringField:
    """An email address, stored and looked up in one form (service.text.normalise_email).
    `required` is the message when it is missing; None makes the field optional."""
    validators = [DataRequired(required) if required else Optional()]
    if check_format:
        validators += [Email(f"Enter an email address in the correct format, like {example}"), Length(max=320)]
    return StringField(
        label, description=description, filters=[normalise_email], validators=validators, widget=GovTextInput()
    )


def valid_mobile(form, field) -> None:
    if field.data and not UK_MOBILE.match(normalise_phone(field.data)):
        raise ValidationError("Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982")


def mobile_field(label: str, required: str | None = None, *, description: str | None = None) -> StringField:
    """A UK mobile number (for text messages). `required` is the message when it is missing."""
    validators = [DataRequired(required)] if required else []
    return StringField(label, description=description, validators=[*validators, valid_mobile], widget=GovTextInput())


def phone_field(label: str) -> StringField:
    """Any phone number people can ring (a council's contact), up to 40 characters."""
    return StringField(label, validators=[Length(max=40)], widget=GovTextInput())


def date_field(
    label: str,
    noun: str,
    *,
    description: str | None = None,
    past: bool = False,
    not_future: bool = False,
    optional: bool = False,
) -> GovDateField:
    """A GOV.UK date input. `past`: before today; `not_future`: today or before (the form is a DatedForm)."""
    validators: list[object] = []
    if past:
        validators.append(InThePast())
    if not_future:
        validators.append(NotInTheFuture())
    if optional:
        validators.append(Optional())
    return GovDateField(label, noun=noun, description=description, validators=validators)
