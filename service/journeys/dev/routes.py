"""Development-only pages. This blueprint is registered only when APP_ENV is development or test."""

import json

from flask import render_template

from service.auth.access import development_only
from service.data.outbox import recent_messages
from service.journeys.dev import bp
from service.message_catalogue import template_for


@bp.get("/outbox")
@development_only
def outbox():
    messages = recent_messages()
    rows = [(m, json.loads(m.personalisation)) for m in messages]
    rows = [(m, values, template_for(m.channel, m.template).render(values)) for m, values in rows]
    return render_template("dev/outbox.html", rows=rows)
