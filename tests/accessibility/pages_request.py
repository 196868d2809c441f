"""The request journey's pages for the sweep: every question page filled in, empty and in error,
plus check answers, confirmation, save and return, and the expired-link page."""

from __future__ import annotations

import hashlib
import json
import secrets

from tests.accessibility.registry import SweepPage

COMPLETE = {
    "who": {"role": "professional"},
    "your-setting": {"setting_name": "Oak Primary School", "family_agrees": True},
    "child-name": {"first_name": "Amara", "last_name": "Okafor"},
    "child-date-of-birth": {"date_of_birth": "2017-03-14"},
    "child-address": {
        "address_line_1": "1 High Street",
        "address_line_2": "",
        "town": "Maidstone",
        "postcode": "ME14 1XX",
    },
    "local-authority": {"local_authority": None},
    "setting": {"setting_type": "school", "setting_name": "Oak Primary School", "upn": ""},
    "your-details": {"name": "Jo Smith", "relationship": "SENCO"},
    "contact": {"email": "parent@example.com", "mobile": "07700900982", "preference": "email", "postal_address": ""},
    "parent-contact": {  # a school's request names the parent (issue 16; its pages are in pages_messages.py)
        "parent_name": "Grace Okafor",
        "parent_email": "grace@example.com",
        "parent_mobile": "",
        "parent_contact_preference": "post",
        "parent_postal_address": "4 Mill Lane\nMaidstone\nME14 1XX",
    },
    "communication": {"needs": ["interpreter"], "language": "Igbo", "other": ""},
    "needs": {"needs": "Speech and language delay", "current_support": "SALT", "support_tried": "Small groups"},
    "hopes": {"hopes": "Speech therapy", "child_views": "I like drawing"},
    "professionals": [{"name": "Dr Patel", "role": "Paediatrician", "organisation": "NHS Kent"}],
    "evidence": [],
    "consent": {"consent": True, "declaration": True},
}
QUESTIONS = [
    "who",
    "your-setting",
    "child-name",
    "child-date-of-birth",
    "child-address",
    "local-authority",
    "setting",
    "your-details",
    "contact",
    "communication",
    "needs",
    "hopes",
]


def _draft(answers: dict):
    def make(app) -> dict:
        from service.data.local_authorities import by_old_code
        from service.db import db
        from service.models import RequestDraft

        filled = json.loads(json.dumps(answers))
        if "local-authority" in filled:
            filled["local-authority"]["local_authority"] = str(by_old_code("886").id)
        token = secrets.token_urlsafe(16)
        draft = RequestDraft(answers=json.dumps(filled), resume_token_hash=hashlib.sha256(token.encode()).hexdigest())
        db.session.add(draft)
        db.session.commit()
        return {"token": token}

    return make


def _resume(page, live, data):
    # Each browser context uses the link once; make a fresh token for the second (no-JS) visit.
    from service.db import db
    from service.models import RequestDraft

    with live.app.app_context():
        draft = db.session.exec(
            __import__("sqlmodel").select(RequestDraft).order_by(RequestDraft.created_at.desc())
        ).first()
        token = secrets.token_urlsafe(16)
        draft.resume_token_hash = hashlib.sha256(token.encode()).hexdigest()
        db.session.commit()
    page.goto(live(f"/request/resume/{token}"))


def _continue(page):
    page.get_by_role("button", name="Continue").click()


def _send(page, live, data):
    # Sending uses the draft up, so each browser context sends a fresh one.
    with live.app.app_context():
        _draft(COMPLETE)(live.app)
    _resume(page, live, data)
    page.goto(live("/request/check-answers"))
    page.get_by_role("button", name="Send request").click()


def _save(page, live, data):
    _resume(page, live, data)
    page.goto(live("/request/save"))
    page.get_by_role("button", name="Send the link").click()


def _add_professional(page) -> None:
    """Add another professional: the page after it reads its success banner first (issue 20 item 3)."""
    page.get_by_role("textbox", name="Name", exact=True).fill("Dr Ada Mensah")
    page.get_by_role("textbox", name="Role", exact=True).fill("Paediatrician")
    page.locator("#organisation").fill("Kent Community Health")
    page.get_by_role("button", name="Add this professional").click()
    page.locator(".govuk-notification-banner--success").wait_for(timeout=5000)


def _upload(page) -> None:
    page.set_input_files("#files", files=[{"name": "report.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7"}])
    page.get_by_role("button", name="Upload file").click()
    page.locator(".govuk-notification-banner--success").wait_for(timeout=5000)


PAGES = (
    [
        SweepPage(f"request/{slug}/filled", f"/request/{slug}", data=_draft(COMPLETE), sign_in=_resume)
        for slug in QUESTIONS
    ]
    + [
        SweepPage(
            f"request/{slug}/error-empty",
            f"/request/{slug}",
            data=_draft({"who": {"role": "professional"}}),
            sign_in=_resume,
            actions=_continue,
        )
        for slug in QUESTIONS
        if slug != "who"
    ]
    + [
        SweepPage("request/who/error-empty", "/request/who", data=_draft({}), sign_in=_resume, actions=_continue),
        SweepPage(
            "request/professionals/empty",
            "/request/professionals",
            data=_draft({"who": {"role": "parent"}}),
            sign_in=_resume,
        ),
        SweepPage("request/professionals/listed", "/request/professionals", data=_draft(COMPLETE), sign_in=_resume),
        SweepPage(
            "request/professionals/error",
            "/request/professionals",
            data=_draft(COMPLETE),
            sign_in=_resume,
            actions=lambda page: page.get_by_role("button", name="Add this professional").click(),
        ),
        SweepPage(
            "request/professionals/after-adding",
            "/request/professionals",
            data=_draft(COMPLETE),
            sign_in=_resume,
            actions=_add_professional,
        ),
        SweepPage("request/evidence/empty", "/request/evidence", data=_draft(COMPLETE), sign_in=_resume),
        SweepPage(
            "request/evidence/after-upload",
            "/request/evidence",
            data=_draft(COMPLETE),
            sign_in=_resume,
            actions=_upload,
        ),
        SweepPage(
            "request/evidence/error",
            "/request/evidence",
            data=_draft(COMPLETE),
            sign_in=_resume,
            actions=lambda page: page.get_by_role("button", name="Upload file").click(),
        ),
        SweepPage(
            "request/consent/error",
            "/request/consent",
            data=_draft({"who": {"role": "parent"}}),
            sign_in=_resume,
            actions=_continue,
        ),
        SweepPage("request/check-answers", "/request/check-answers", data=_draft(COMPLETE), sign_in=_resume),
        SweepPage("request/confirmation", "/request/confirmation", data=_draft(COMPLETE), sign_in=_send),
        SweepPage("request/save", "/request/save", data=_draft(COMPLETE), sign_in=_resume),
        SweepPage("request/saved", "/request/saved", data=_draft(COMPLETE), sign_in=_save),
        SweepPage("request/link-expired", "/request/resume/not-a-real-token", status=400),
    ]
)
