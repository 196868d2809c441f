"""The staff unlock link's pages for the sweep: the page a working link opens (with its button) and the page
a used, expired or unknown link gets (404)."""

from __future__ import annotations

from datetime import timedelta

from tests.accessibility.registry import SweepPage

TOKEN = "sweep-unlock-token-0123456789abcdef"


def _locked(app) -> dict:
    import hashlib

    from service.db import db
    from service.models import StaffLockout, utcnow
    from tests.factories import make_staff

    user = make_staff("caseworker")
    db.session.add(
        StaffLockout(
            staff_user_id=user.id,
            ip_address="203.0.113.9",
            failures=0,
            locked_until=utcnow() + timedelta(minutes=30),
            unlock_token_hash=hashlib.sha256(TOKEN.encode()).hexdigest(),
        )
    )
    db.session.commit()
    return {"token": TOKEN}


PAGES = [
    SweepPage("staff/unlock", "/staff/unlock/{token}", data=_locked),
    SweepPage("staff/unlock/expired", "/staff/unlock/not-a-real-token", status=404),
]
