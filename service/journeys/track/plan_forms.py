"""The family's forms on an issued plan: a comment on a section or an item (or a change they want), the
school or other setting they want named, and a request for a meeting. Each is one text area of up to
5,000 characters (GovForm trims it and refuses control characters first)."""

from __future__ import annotations

from types import MappingProxyType

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length

from service.forms.fields import GovForm

MAX_CHARACTERS = 5000


def _text(label: str, missing: str, noun: str, description: str | None = None) -> TextAreaField:
    return TextAreaField(
        label,
        description=description,
        validators=[
            DataRequired(missing),
            Length(max=MAX_CHARACTERS, message=f"{noun} must be {MAX_CHARACTERS:,} characters or fewer"),
        ],
        widget=GovCharacterCount(),
    )


KIND_MISSING = "Select whether this is a comment or a change you want made"


class PlanCommentForm(GovForm):
    nouns = MappingProxyType({"text": "Your comment"})
    kind = RadioField(
        "Is this a comment or a change you want made?",
        choices=[("comment", "A comment"), ("change", "A change I want made to the plan")],
        validate_choice=False,  # AnyOf says it in GOV.UK words, not WTForms' "Not a valid choice"
        validators=[InputRequired(KIND_MISSING), AnyOf(["comment", "change"], message=KIND_MISSING)],
        widget=GovRadioInput(),
    )
    text = _text(
        "Your comment",
        "Enter your comment",
        "Your comment",
        description="Say what you think is missing, wrong or not specific enough, and what you want it to say",
    )
    submit = SubmitField("Send comment", widget=GovSubmitInput())


class SettingForm(GovForm):
    nouns = MappingProxyType({"text": "The setting you want named"})
    text = _text(
        "Which school, college or other setting do you want named in the plan?",
        "Enter the school, college or other setting you want named",
        "The setting you want named",
        description="Give its name and town, and tell us why you want it, if you can",
    )
    submit = SubmitField("Send", widget=GovSubmitInput())


class MeetingForm(GovForm):
    nouns = MappingProxyType({"text": "What you want to discuss"})
    text = _text(
        "What would you like to discuss at the meeting?",
        "Enter what you would like to discuss at the meeting",
        "What you want to discuss",
        description="Tell us when you could meet and anything that would help you take part",
    )
    submit = SubmitField("Ask for a meeting", widget=GovSubmitInput())
