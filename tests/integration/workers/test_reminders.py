"""Daily reminders to caseworkers and to families before a draft plan's comment window closes."""

import json
from datetime import date, timedelta

from sqlmodel import select

from service.data.reminders import caseworker_reminders, draft_window_reminders
from service.models import Case, OutboxMessage
from tests.integration.staff.helpers import seed


def test_managers_get_their_councils_counts_and_families_a_reminder_3_days_before_the_window_closes(app):
    from service.db import db

    seed(app)
    today = date.today()
    with app.app_context():
        leo = db.session.exec(select(Case).where(Case.child_first_name == "Leo")).one()
        leo.draft_served_on = today - timedelta(days=11)  # 15 days beginning then: last day is today + 3
        db.session.commit()
        assert caseworker_reminders(today) == 1  # the Kent manager; no cases assigned to caseworkers
        assert draft_window_reminders(today) == 1
        assert draft_window_reminders(today) == 0  # once per case
        manager = db.session.exec(
            select(OutboxMessage).where(OutboxMessage.template == "caseworker_daily_reminder")
        ).one()
        assert manager.recipient == "kent.manager@example.gov.uk"
        assert json.loads(manager.personalisation)["overdue"] >= 1
        family = db.session.exec(
            select(OutboxMessage).where(OutboxMessage.template == "draft_plan_comment_reminder")
        ).one()
        assert family.recipient == "parent@example.com" and family.case_id == leo.id
        assert "Okafor" not in family.personalisation  # no child's name or needs in the reminder
