"""A GOV.UK date input as a WTForms field: three boxes named <name>-day, <name>-month, <name>-year.

Error messages follow the Design System's date input guidance and name the part that is wrong;
the error summary links to the first box in error.
"""

from __future__ import annotations

from datetime import date

from flask import render_template
from markupsafe import Markup
from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import ValidationError

PARTS = ("day", "month", "year")


class GovDateWidget:
    def __call__(self, field: GovDateField, **kwargs) -> Markup:
        params = kwargs.get("params", {})
        return Markup(render_template("components/date-input.html", field=field, params=params))  # noqa: S704 - autoescaped template


class GovDateField(Field):
    """`noun` is how error messages name the date, e.g. "date of birth" ("Enter the date of birth")."""

    widget = GovDateWidget()

    def __init__(self, label=None, validators=None, noun: str = "date", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.noun = noun
        self.parts = dict.fromkeys(PARTS, "")
        self.parts_in_error: tuple[str, ...] = ()

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        if data is unset_value:  # WTForms passes this when the form has no value for the field
            data = None
        self.data = data if data is not None else (self.default() if callable(self.default) else self.default)
        if isinstance(self.data, date):
            self.parts = {"day": str(self.data.day), "month": str(self.data.month), "year": str(self.data.year)}
        if formdata is not None and any(f"{self.name}-{p}" in formdata for p in PARTS):
            self.parts = {p: (formdata.get(f"{self.name}-{p}") or "").strip() for p in PARTS}
            self.data = None
            self.raw_data = [self.parts[p] for p in PARTS]

    def pre_validate(self, form):
        self.parts_in_error = ()
        values = self.parts
        if self.data is not None and not getattr(self, "raw_data", None):
            return
        missing = [p for p in PARTS if not values[p]]
        if len(missing) == 3:
            self.parts_in_error = PARTS
            raise ValidationError(f"Enter the {self.noun}")
        if missing:
            self.parts_in_error = tuple(missing)
            raise ValidationError(f"{self._Noun()} must include a {' and '.join(missing)}")
        if not all(values[p].isdigit() for p in PARTS) or len(values["year"]) != 4:
            self.parts_in_error = tuple(p for p in PARTS if not values[p].isdigit()) or ("year",)
            raise ValidationError(f"{self._Noun()} must be a real date")
        try:
            self.data = date(int(values["year"]), int(values["month"]), int(values["day"]))
        except (ValueError, OverflowError):  # OverflowError: a day or month too big for a C integer
            self.parts_in_error = PARTS
            raise ValidationError(f"{self._Noun()} must be a real date") from None

    def post_validate(self, form, validation_stopped):
        if self.errors and not self.parts_in_error:
            self.parts_in_error = PARTS

    def error_target_id(self) -> str:
        first = self.parts_in_error[0] if self.parts_in_error else "day"
        return f"{self.id}-{first}"

    def _Noun(self) -> str:  # noqa: N802 - reads as "the Noun, capitalised"
        return self.noun[0].upper() + self.noun[1:]

    def _value(self):
        return self.parts


class InThePast:
    def __call__(self, form, field):
        if field.data is not None and field.data >= form.today:
            field.parts_in_error = PARTS
            raise ValidationError(f"{field._Noun()} must be in the past")


class NotInTheFuture:
    def __call__(self, form, field):
        if field.data is not None and field.data > form.today:
            field.parts_in_error = PARTS
            raise ValidationError(f"{field._Noun()} must be today or in the past")
