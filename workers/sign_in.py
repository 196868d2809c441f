"""Send a family's sign-in link, looking the address up here rather than in the web request.

The sign-in page answers in the same time whether or not the address has a case: the request only
records the sign-in (a row with no usable link or code) and enqueues this job. The job issues the
link and the code, and emails them only if the address has a request or plan to see. It runs once:
a row whose code is already issued is left alone.
"""

from __future__ import annotations

from service.data import family as family_data
from service.data import notifications
from service.db import db
from service.jobs import SEND_FAMILY_SIGN_IN
from service.links import external_url


@SEND_FAMILY_SIGN_IN.runs
def send_family_sign_in(token_id: int) -> str:
    issued = family_data.issue_token(token_id)
    if issued is None:
        db.session.rollback()
        return "skipped"
    email, token, code = issued
    sent = family_data.has_cases(email)
    if sent:
        link = external_url("track.sign_in_link", token=token)
        notifications.send_family_sign_in_link(to=email, link=link, code=code)
    db.session.commit()
    return "sent" if sent else "no case"
