"""Reminders to organisations asked for advice in the service: 7 days before the due date, and the day
after it passes unanswered. Each is sent once (reminded_before_on / reminded_after_on), so running the
job twice in a day, or every day, sends nothing more."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import col, select

from service.data import notifications
from service.data.advice import addresses
from service.data.rows import saved_id
from service.db import db
from service.domain.clock import format_govuk_date
from service.links import external_url
from service.models import AdviceRequest, Case, LocalAuthority, Organisation

DAYS_BEFORE = 7


def advice_reminders(today: date) -> tuple[int, int]:
    """Remind organisations of advice due in 7 days (or fewer, if the job missed a day) and of advice
    overdue since yesterday or before. Returns (requests reminded before, requests reminded after)."""
    query = (
        select(AdviceRequest, Case, Organisation, LocalAuthority)
        .join(Case, col(Case.id) == AdviceRequest.case_id)
        .join(Organisation, col(Organisation.id) == AdviceRequest.organisation_id)
        .join(LocalAuthority, col(LocalAuthority.id) == Case.local_authority_id)
        .where(
            col(AdviceRequest.received_on).is_(None),
            col(AdviceRequest.submitted_at).is_(None),
            col(AdviceRequest.due_on).is_not(None),
            col(Case.withdrawn_on).is_(None),
        )
        .order_by(col(AdviceRequest.id))
    )
    before = after = 0
    for advice, case, organisation, council in db.session.exec(query).all():
        due = advice.due_on
        assert due is not None
        if due < today and advice.reminded_after_on is None:
            send = notifications.send_advice_overdue
            advice.reminded_after_on = today
            advice.reminded_before_on = advice.reminded_before_on or today  # too late for "due soon"
            after += 1
        elif today <= due <= today + timedelta(days=DAYS_BEFORE) and advice.reminded_before_on is None:
            send = notifications.send_advice_due_soon
            advice.reminded_before_on = today
            before += 1
        else:
            continue
        link = external_url("professional.advice_request", advice_id=advice.id)
        for address in addresses(organisation):
            send(
                to=address,
                council=council.name,
                reference=case.reference,
                child_first_name=case.child_first_name,
                due_by=format_govuk_date(due),
                link=link,
                case_id=saved_id(case),
            )
        db.session.add(advice)
    db.session.flush()
    return before, after
