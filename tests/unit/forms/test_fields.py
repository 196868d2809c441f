"""The shared form machinery: text is trimmed, control characters are refused (issue 12 M4), email
addresses take one form (M5), and forms with date rules must be given today."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict
from wtforms import StringField, TextAreaField

from service.forms.fields import DatedForm, GovForm, date_field, email_field
from service.text import has_control_characters, normalise_email


@pytest.fixture
def context():
    app = Flask(__name__)
    app.config.update(SECRET_KEY="x", WTF_CSRF_ENABLED=False)
    with app.test_request_context():
        yield


class _Form(GovForm):
    name = StringField("Full name (optional)")
    notes = TextAreaField("What happened?")
    email = email_field(required=None)


@pytest.mark.parametrize(
    ("value", "lines", "found"),
    [
        ("plain", False, False),
        ("emoji 😀 and Ünïcode, עברית", False, False),
        ("tab\tand\nnew line", True, False),
        ("tab\t", False, True),
        ("nul\x00", True, True),
        ("escape\x1b", True, True),
        ("delete\x7f", True, True),
        ("c1\x85", True, True),
        ("override\u202e", True, True),
        ("isolate\u2066", True, True),
    ],
)
def test_m4_control_characters_are_found(value, lines, found):
    assert has_control_characters(value, allow_lines=lines) is found


def test_m4_every_text_field_refuses_control_characters_naming_the_field(context):
    form = _Form(formdata=MultiDict({"name": "Sam\x00", "notes": "a\x08b", "email": ""}))
    assert not form.validate()
    assert form.name.errors == ["Full name must not include control characters"]
    assert form.notes.errors == ["Your answer must not include control characters"]


def test_m4_text_is_trimmed_and_lines_are_kept_in_text_areas(context):
    form = _Form(formdata=MultiDict({"name": "  Sam  ", "notes": "  one\r\n\ttwo  ", "email": ""}))
    assert form.validate(), form.errors
    assert (form.name.data, form.notes.data) == ("Sam", "one\r\n\ttwo")


def test_m5_every_email_address_is_trimmed_and_lowercased(context):
    form = _Form(formdata=MultiDict({"email": "  Sana.Ali@Example.COM "}))
    assert form.validate(), form.errors
    assert form.email.data == "sana.ali@example.com" == normalise_email(" SANA.ALI@example.com")


def test_a_form_with_date_rules_cannot_be_made_without_today(context):
    class Dated(DatedForm):
        on = date_field("Date", "date", not_future=True)

    with pytest.raises(TypeError):
        Dated(formdata=None)
    tomorrow = {"on-day": "2", "on-month": "1", "on-year": "2026"}
    form = Dated(formdata=MultiDict(tomorrow), today=date(2026, 1, 1))
    assert not form.validate() and form.on.errors == ["Date must be today or in the past"]


def test_a_day_too_big_for_the_computer_is_not_a_real_date(context):
    """Found by the fuzz (issue 12): a 400-digit day raised OverflowError, a 500."""

    class Dated(DatedForm):
        on = date_field("Date", "date")

    form = Dated(formdata=MultiDict({"on-day": "9" * 400, "on-month": "1", "on-year": "2026"}), today=date(2026, 1, 1))
    assert not form.validate() and form.on.errors == ["Date must be a real date"]
