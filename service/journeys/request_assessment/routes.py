"""Request an EHC needs assessment: one view per question page, Post/Redirect/Get.

No account is needed to start. Every answer is saved to a draft as the family goes; the draft's id
lives only in the server-side session, or in a single-use link the family asks for by email.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from flask import abort, flash, redirect, render_template, request, session, url_for

from service import uploads
from service.auth.access import public
from service.clients.filetypes import clean_filename
from service.data import requests as drafts
from service.data.outbox import messages_sent_to
from service.data.requests import utcnow
from service.db import db
from service.domain.clock import decision_to_assess_due, format_govuk_date
from service.extensions import limiter
from service.forms.recovery import recovered_answers
from service.journeys.request_assessment import bp, steps, summary
from service.journeys.request_assessment.forms import ConsentForm, ProfessionalInvolvedForm, SaveForm, SubmitRequestForm
from service.web import today_in_london

SESSION_KEY = "request_draft_id"
MAX_FILES = 10

# Anyone may use this journey without an account, so it is rate limited per client address and per
# recipient (issue 12 M3): it must never send unlimited email to an address someone typed in, nor
# fill a council's caseload. Over a limit, the GOV.UK "too many requests" page (429).
ANSWER_LIMIT = limiter.shared_limit("300 per hour", scope="request-answers", methods=["POST"])
RESUME_LINKS_PER_RECIPIENT_PER_DAY = 3


def _posted_recipient() -> str:
    return "recipient:" + ((request.form.get("email") or "").strip().lower() or "none")


def _draft_recipient() -> str:
    draft = drafts.get_draft(session.get(SESSION_KEY))
    email = drafts.answers_of(draft).get("contact", {}).get("email", "") if draft is not None else ""
    return "recipient:" + ((email or "").strip().lower() or "none")


def _draft(create: bool = False):
    draft = drafts.get_draft(session.get(SESSION_KEY))
    if draft is None or draft.submitted_at is not None:
        if not create:
            return None
        draft = drafts.new_draft()
        session[SESSION_KEY] = draft.id
    return draft


def _back(slug: str, answers: dict) -> str:
    if request.args.get("change"):
        return url_for(".check_answers")
    previous = steps.previous_page(slug, answers)
    return _url_for_page(previous) if previous else url_for("common.start")


def _url_for_page(slug: str, **kwargs) -> str:
    if slug in steps.BY_SLUG:
        return url_for(".question", slug=slug, **kwargs)
    return url_for(f".{slug.replace('-', '_')}", **kwargs)


def _after(slug: str, answers: dict) -> str:
    if request.args.get("change") and steps.is_complete(answers):
        return url_for(".check_answers")
    return _url_for_page(steps.next_page(slug, answers))


@bp.get("")
@public
@limiter.limit("30 per hour")
def start():
    draft = _draft(create=True)
    return redirect(_url_for_page(steps.first_unanswered(drafts.answers_of(draft))))


def _build_form(step, answers: dict, formdata=None):
    form_class = step.form
    stored = answers.get(step.slug, {})
    data = dict(stored)
    if "date_of_birth" in data and data["date_of_birth"]:
        data["date_of_birth"] = date.fromisoformat(data["date_of_birth"])
    extra = {"role": answers.get("who", {}).get("role", "")} if step.slug == "child-date-of-birth" else {}
    form = form_class(formdata=formdata, data=data, today=today_in_london(), **extra)
    if hasattr(form, "local_authority"):
        form.local_authority.choices = [("", "Select a council")] + drafts.local_authority_choices()
    return form


def _serialise(form) -> dict:
    values = {}
    for field in form:
        if field.name in ("csrf_token", "submit"):
            continue
        value = field.data
        if isinstance(value, date):
            value = value.isoformat()
        if isinstance(value, str):
            value = value.strip()
        values[field.name] = value
    return values


@bp.route("/<slug>", methods=["GET", "POST"])
@public
@ANSWER_LIMIT
def question(slug: str):
    step = steps.BY_SLUG.get(slug)
    if step is None:
        abort(404)
    draft = _draft()
    if draft is None:
        return redirect(url_for(".start"))
    answers = drafts.answers_of(draft)
    if not step.applies(answers):
        return redirect(_url_for_page(steps.next_page(slug, answers)))
    if request.method == "POST":
        form = _build_form(step, answers, request.form)
        if form.validate():
            drafts.save_answers(draft, slug, _serialise(form))
            answers = drafts.answers_of(draft)
            if request.form.get("save_and_return"):
                return redirect(url_for(".save"))
            return redirect(_after(slug, answers))
    else:
        kept = recovered_answers()
        form = _build_form(step, answers, kept)
        if kept is not None:
            form.validate()
    return render_template(
        "request_assessment/question.html",
        form=form,
        step=step,
        page_title=step.title,
        back_url=_back(slug, answers),
        change=request.args.get("change"),
        autocomplete=slug == "local-authority",
    )


@bp.route("/professionals", methods=["GET", "POST"])
@public
@ANSWER_LIMIT
def professionals():
    draft = _draft()
    if draft is None:
        return redirect(url_for(".start"))
    answers = drafts.answers_of(draft)
    people = answers.get("professionals", [])
    form = ProfessionalInvolvedForm(formdata=request.form if request.method == "POST" else recovered_answers())
    if request.method == "POST":
        if request.form.get("action") == "continue":
            drafts.save_answers(draft, "professionals", people)
            return redirect(_after("professionals", drafts.answers_of(draft)))
        if request.form.get("remove") is not None:
            index = request.form.get("remove", type=int)
            if index is not None and 0 <= index < len(people):
                removed = people.pop(index)
                drafts.save_answers(draft, "professionals", people)
                flash(f"{removed['name']} removed")
            return redirect(url_for(".professionals", change=request.args.get("change")))
        if form.validate():
            people.append(
                {
                    "name": form.name.data.strip(),
                    "role": form.role.data.strip(),
                    "organisation": form.organisation.data.strip(),
                }
            )
            drafts.save_answers(draft, "professionals", people)
            flash(f"{people[-1]['name']} added")
            return redirect(url_for(".professionals", change=request.args.get("change")))
    return render_template(
        "request_assessment/professionals.html",
        form=form,
        people=people,
        page_title="Which professionals are involved?",
        back_url=_back("professionals", answers),
    )


@bp.route("/evidence", methods=["GET", "POST"])
@public
@ANSWER_LIMIT
def evidence():
    draft = _draft()
    if draft is None:
        return redirect(url_for(".start"))
    answers = drafts.answers_of(draft)
    documents = drafts.draft_documents(draft)
    error_list = []
    if request.method == "POST":
        if request.form.get("remove"):
            names = {d.id: d.filename for d in documents}
            if drafts.remove_draft_document(draft, request.form["remove"]):
                flash(f"{names[request.form['remove']]} removed")
            return redirect(url_for(".evidence", change=request.args.get("change")))
        if request.form.get("action") == "continue":
            drafts.save_answers(draft, "evidence", [d.id for d in documents])
            return redirect(_after("evidence", drafts.answers_of(draft)))
        files = uploads.chosen(request.files.getlist("files"))
        if not files:
            error_list = [{"text": "Select a file to upload", "href": "#files"}]
        elif len(documents) + len(files) > MAX_FILES:
            error_list = [
                {"text": f"You can upload up to {MAX_FILES} files. Remove a file to add another", "href": "#files"}
            ]
        else:
            try:
                error_list = _store_files(draft, files)
            finally:
                for upload in files:
                    upload.close()
            if not error_list:
                one = clean_filename(files[0].filename or "")
                flash(f"{one} uploaded" if len(files) == 1 else f"{len(files)} files uploaded")
                return redirect(url_for(".evidence", change=request.args.get("change")))
            documents = drafts.draft_documents(draft)
    return render_template(
        "request_assessment/evidence.html",
        documents=documents,
        error_list=error_list,
        max_files=MAX_FILES,
        page_title="Upload evidence",
        back_url=_back("evidence", answers),
    ), (400 if error_list else 200)


def _store_files(draft, files) -> list[dict]:
    """Keep the good files (quarantined until scanned) and report the rest."""
    good, errors = uploads.check_uploads(files)
    for checked in good:
        uploads.quarantine(checked, partial(drafts.add_draft_document, draft))
        # Each acceptable file is kept even when another is refused and the page answers 400 (which would
        # roll the request back), so this view commits each one itself.
        db.session.commit()
    return errors


@bp.route("/consent", methods=["GET", "POST"])
@public
@ANSWER_LIMIT
def consent():
    draft = _draft()
    if draft is None:
        return redirect(url_for(".start"))
    answers = drafts.answers_of(draft)
    form = ConsentForm(formdata=request.form if request.method == "POST" else None, data=answers.get("consent", {}))
    if request.method == "POST" and form.validate():
        drafts.save_answers(draft, "consent", {"consent": True, "declaration": True})
        return redirect(url_for(".check_answers"))
    return render_template(
        "request_assessment/consent.html",
        form=form,
        page_title="Sharing information and declaration",
        back_url=_back("consent", answers),
    )


@bp.route("/check-answers", methods=["GET", "POST"])
@public
@limiter.limit("3 per 10 minutes;10 per day", methods=["POST"])
@limiter.limit("5 per day", methods=["POST"], key_func=_draft_recipient)
def check_answers():
    draft = _draft()
    if draft is None:
        done = session.get("request_submitted_case")
        return redirect(url_for(".confirmation") if done else url_for(".start"))
    answers = drafts.answers_of(draft)
    if not steps.is_complete(answers):
        return redirect(_url_for_page(steps.first_unanswered(answers)))
    form = SubmitRequestForm()
    if request.method == "POST" and form.validate():
        case = drafts.submit(draft, utcnow())
        session["request_submitted_case"] = case.reference
        session.pop(SESSION_KEY, None)
        return redirect(url_for(".confirmation"))
    return render_template(
        "request_assessment/check_answers.html",
        form=form,
        sections=summary.sections(
            answers,
            drafts.local_authority_name(answers["local-authority"]["local_authority"]),
            drafts.draft_documents(draft),
            _url_for_page,
        ),
        page_title="Check your answers before sending your request",
        back_url=url_for(".consent"),
    )


@bp.get("/confirmation")
@public
def confirmation():
    reference = session.get("request_submitted_case")
    case = drafts.submitted_case(reference)
    if case is None:
        return redirect(url_for(".start"))
    return render_template(
        "request_assessment/confirmation.html",
        case=case,
        decision_due=format_govuk_date(decision_to_assess_due(case.received_on)),
        page_title="Request sent",
    )


@bp.route("/save", methods=["GET", "POST"])
@public
@limiter.limit("5 per hour", methods=["POST"])
@limiter.limit("3 per day", methods=["POST"], key_func=_posted_recipient)
def save():
    draft = _draft()
    if draft is None:
        return redirect(url_for(".start"))
    answers = drafts.answers_of(draft)
    email = answers.get("contact", {}).get("email") or draft.resume_email
    form = SaveForm(formdata=request.form if request.method == "POST" else None, data={"email": email})
    if request.method == "POST" and form.validate():
        recipient = form.email.data.strip().lower()
        # Also counted in the database, so no limiter setting can let one address be flooded.
        if (
            messages_sent_to(recipient, "draft_resume_link", utcnow() - timedelta(days=1))
            >= RESUME_LINKS_PER_RECIPIENT_PER_DAY
        ):
            abort(429)
        drafts.issue_resume_link(draft, recipient)
        session["request_saved_to"] = recipient
        return redirect(url_for(".saved"))
    return render_template(
        "request_assessment/save.html",
        form=form,
        page_title="Save your answers and come back later",
        back_url=_url_for_page(steps.first_unanswered(answers)),
    )


@bp.get("/saved")
@public
def saved():
    email = session.get("request_saved_to")
    if not email:
        return redirect(url_for(".start"))
    return render_template("request_assessment/saved.html", email=email, page_title="Your answers have been saved")


@bp.get("/resume/<token>")
@public
def resume(token: str):
    draft = drafts.resume(token)
    if draft is None:
        return render_template(
            "request_assessment/link_expired.html", page_title="This link has expired or has been used"
        ), 400
    session.rotate()
    session[SESSION_KEY] = draft.id
    return redirect(_url_for_page(steps.first_unanswered(drafts.answers_of(draft))))
