"""Keep what the user typed when a form expires (missing or stale CSRF token).

Nothing is changed by the rejected POST; its text answers are parked in the server-side session
for the same page, and the page's next GET fills the form with them.
"""

from __future__ import annotations

from flask import request, session
from werkzeug.datastructures import MultiDict

KEY = "_recovered_form"


def keep_answers_after_expired_form() -> bool:
    if request.method != "POST":
        return False
    answers = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
    if not answers:
        return False
    try:
        session[KEY] = {"path": request.path, "answers": answers}
    except RuntimeError:
        return False
    return True


def recovered_answers() -> MultiDict | None:
    """The answers kept for this page, once; None when there are none."""
    kept = session.get(KEY)
    if not kept or kept.get("path") != request.path:
        return None
    session.pop(KEY)
    return MultiDict([tuple(pair) for pair in kept["answers"]])
