"""Give feedback: the GOV.UK feedback pattern (how satisfied, and how we could improve the service), linked
from the phase banner on every page. Anyone may send it; it names nobody."""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput
from wtforms import RadioField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length

from service.auth.access import public
from service.data.feedback import RATINGS, add_feedback
from service.extensions import limiter
from service.forms.fields import GovForm
from service.journeys.common import bp

IMPROVE_MAX = 1200
RATING_MISSING = "Select how you feel about the service"


class FeedbackForm(GovForm):
    nouns = {"improve": "Your feedback"}
    rating = RadioField(
        "Overall, how did you feel about the service you received today?",
        choices=list(RATINGS),
        validate_choice=False,  # AnyOf says it in GOV.UK words
        validators=[InputRequired(RATING_MISSING), AnyOf([value for value, _ in RATINGS], message=RATING_MISSING)],
        widget=GovRadioInput(),
    )
    improve = TextAreaField(
        "How could we improve this service? (optional)",
        description=(
            "Do not include personal or financial information, like your National Insurance number or credit "
            "card details, or details about a child's needs."
        ),
        validators=[Length(max=IMPROVE_MAX, message=f"Your feedback must be {IMPROVE_MAX} characters or fewer")],
        widget=GovCharacterCount(),
    )


@bp.route("/feedback", methods=["GET", "POST"])
@public
@limiter.limit("10 per 10 minutes", methods=["POST"])
def feedback():
    form = FeedbackForm()
    if form.validate_on_submit():
        add_feedback(form.rating.data, form.improve.data or "")
        return redirect(url_for(".feedback_sent"))
    title = f"Give feedback on {current_app.config['SERVICE_NAME']}"
    page = render_template("common/feedback.html", form=form, improve_max=IMPROVE_MAX, page_title=title)
    return page, (400 if form.errors else 200)


@bp.get("/feedback/thank-you")
@public
def feedback_sent():
    return render_template("common/feedback_sent.html", page_title="Thank you for your feedback")
