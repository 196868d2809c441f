"""Daily reminders: caseworkers' steps due soon and overdue; families' draft-plan comment windows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import select

from service.data import notifications
from service.data.family_messages import family_contacts
from service.db import db
from service.domain.clock import add_working_days, draft_comment_last_day, format_govuk_date
from service.links import external_url
from service.models import Case, OutboxMessage, StaffUser

WINDOW_REMINDER_DAYS_BEFORE = 3


def caseworker_reminders(today: date) -> int:
    """One email a day to each caseworker with cases assigned (managers: their council's whole caseload)."""
    soon = add_working_days(today, 5)
    link = external_url("staff.caseload", overdue="yes")
    sent = 0
    for user in db.session.exec(
        select(StaffUser).where(StaffUser.disabled.is_(False), StaffUser.role.in_(("caseworker", "manager")))
    ):
        scope = Case.local_authority_id == user.local_authority_id
        if user.role == "caseworker":
            scope = scope & (Case.assigned_caseworker_id == user.id)
        overdue = db.session.exec(select(func.count()).select_from(Case).where(scope, Case.next_due_on < today)).one()
        due_soon = db.session.exec(
            select(func.count()).select_from(Case).where(scope, Case.next_due_on >= today, Case.next_due_on <= soon)
        ).one()
        if overdue or due_soon:
            notifications.send_caseworker_daily_reminder(
                to=user.email, overdue=overdue, due_soon=due_soon, due_by=format_govuk_date(soon), link=link
            )
            sent += 1
    db.session.flush()
    return sent


def draft_window_reminders(today: date) -> int:
    """Remind families 3 days before their 15 days to comment on a draft plan end (once per case)."""
    sent = 0
    open_drafts = select(Case).where(
        Case.draft_served_on.is_not(None), Case.final_issued_on.is_(None), Case.withdrawn_on.is_(None)
    )
    for case in db.session.exec(open_drafts):
        last_day = draft_comment_last_day(case.draft_served_on)
        if (last_day - today).days != WINDOW_REMINDER_DAYS_BEFORE:
            continue
        already = db.session.exec(
            select(OutboxMessage.id).where(
                OutboxMessage.case_id == case.id, OutboxMessage.template == "draft_plan_comment_reminder"
            )
        ).first()
        if already:
            continue
        values = {"reference": case.reference, "comments_due": format_govuk_date(last_day), "case_id": case.id}
        contacts = family_contacts(case)
        for contact in contacts:
            if contact.channel == "sms":
                notifications.send_draft_plan_comment_reminder_sms(to=contact.to, **values)
            elif contact.channel == "letter":
                notifications.send_draft_plan_comment_reminder_letter(
                    to=contact.to, address=contact.address or {}, **values
                )
            else:
                link = external_url("track.draft_plan", case_id=case.id)
                notifications.send_draft_plan_comment_reminder(to=contact.to, link=link, **values)
        sent += 1 if contacts else 0
    db.session.flush()
    return sent
