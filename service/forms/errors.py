"""Build the GOV.UK error summary from a WTForms form.

Each link points at the input the user must fix: the first box of a date (the one in error, where the
field says which), the first radio or checkbox of a group, or the field itself.
"""

from __future__ import annotations

from wtforms import Form


def form_error_list(form: Form) -> list[dict]:
    items = []
    for field in form:
        if not field.errors:
            continue
        target = getattr(field, "error_target_id", None)
        href = target() if callable(target) else field.id
        items.append({"text": field.errors[0], "href": f"#{href}"})
    return items
