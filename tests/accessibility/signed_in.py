"""Sign a sweep page's browser in without driving the sign-in forms: a server-side session row for the
principal, as the sign-in code writes it, and its cookie in the browser context.

The sign-in pages and their error states are sweep pages of their own, and the browser journeys and the
integration tests sign in through the real forms; the other sweep pages only need to be signed in. Driving
the forms for each of them cost two page loads and a password hash check, about a second of a shared
2-core machine, several minutes of the whole run.
"""

from __future__ import annotations

import json
import secrets

from service.auth.family import FAMILY_ABSOLUTE_SECONDS, FAMILY_IDLE_SECONDS
from service.auth.staff import STAFF_ABSOLUTE_SECONDS, STAFF_IDLE_SECONDS


def sign_in_as(page, live, principal: str) -> None:
    """Give the page's context a live session for `principal` ('staff:7', 'professional:3', 'family:<email>')."""
    from urllib.parse import urlsplit

    from service.data.sessions import hash_session_id
    from service.db import db
    from service.models import WebSession

    family = principal.startswith("family:")
    data = {
        "_principal": principal,
        "_idle_seconds": FAMILY_IDLE_SECONDS if family else STAFF_IDLE_SECONDS,
        "_absolute_seconds": FAMILY_ABSOLUTE_SECONDS if family else STAFF_ABSOLUTE_SECONDS,
    }
    sid = secrets.token_urlsafe(32)
    with live.app.app_context():
        db.session.add(WebSession(id_hash=hash_session_id(sid), data=json.dumps(data), principal=principal))
        db.session.commit()
        name = live.app.config["SESSION_COOKIE_NAME"]
    host = urlsplit(live("/")).hostname
    page.context.add_cookies(
        [{"name": name, "value": sid, "domain": host, "path": "/", "httpOnly": True, "sameSite": "Lax"}]
    )


def staff(email: str):
    def sign_in(page, live, data) -> None:
        from sqlmodel import select

        from service.db import db
        from service.models import StaffUser

        with live.app.app_context():
            user_id = db.session.exec(select(StaffUser.id).where(StaffUser.email == email)).one()
        sign_in_as(page, live, f"staff:{user_id}")

    return sign_in


def professional(email: str):
    def sign_in(page, live, data) -> None:
        from sqlmodel import select

        from service.db import db
        from service.models import Professional

        with live.app.app_context():
            person_id = db.session.exec(select(Professional.id).where(Professional.email == email)).one()
        sign_in_as(page, live, f"professional:{person_id}")

    return sign_in


def family(page, live, email: str) -> None:
    sign_in_as(page, live, f"family:{email}")
