"""Issue 16's "download your data" page (nothing asked yet, being prepared, ready, expired) and the feedback
page (normal, error, thank you)."""

from __future__ import annotations

from datetime import timedelta

from tests.accessibility import signed_in
from tests.accessibility.registry import SweepPage

FAMILY = "parent@example.com"


def _export(status: str, ready_hours_ago: float | None = None):
    def data(app) -> dict:
        import uuid

        from service.db import db
        from service.models import DataExport, utcnow
        from tests.factories import make_case

        make_case(requester_email=FAMILY, child_first_name="Amara", child_last_name="Okafor")
        if status:
            export = DataExport(id=str(uuid.uuid4()), email=FAMILY, status=status)
            if ready_hours_ago is not None:
                export.ready_at = utcnow() - timedelta(hours=ready_hours_ago)
                export.expires_at = export.ready_at + timedelta(hours=24)
                export.object_key, export.size_bytes = uuid.uuid4().hex, 123_456
            db.session.add(export)
        db.session.commit()
        return {}

    return data


def _family(page, live, data) -> None:
    signed_in.family(page, live, FAMILY)


PAGES = [
    SweepPage("mydata/download/none", "/your-data", data=_export(""), sign_in=_family),
    SweepPage("mydata/download/pending", "/your-data", data=_export("pending"), sign_in=_family),
    SweepPage("mydata/download/ready", "/your-data", data=_export("ready", 1), sign_in=_family),
    SweepPage("mydata/download/expired", "/your-data", data=_export("expired", 25), sign_in=_family),
    SweepPage("mydata/feedback", "/feedback"),
    SweepPage(
        "mydata/feedback/error",
        "/feedback",
        actions=lambda page: page.get_by_role("button", name="Send feedback").click(),
    ),
    SweepPage("mydata/feedback/thank-you", "/feedback/thank-you"),
]
