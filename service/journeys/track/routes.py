"""Families sign in and see where each of their cases is, against the statutory clock."""

from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, render_template, request, session, url_for

from service import uploads
from service.auth import oidc
from service.auth.access import public
from service.auth.family import (
    UNVERIFIED_EMAIL,
    OneLoginSignIn,
    browser_nonce,
    complete_sign_in,
    current_family,
    family_required,
    sign_in_method,
)
from service.clients.oidc import CANCELLED, NO_PENDING, UNAVAILABLE, OidcError
from service.clients.storage import document_response
from service.data import case_reads, case_records, family_view, mediation, plans
from service.data import family as family_data
from service.data.family_messages import describe, send_case_update, summary
from service.domain.clock import FAMILY_WINDOWS, STAGE_NAMES, Stage, draft_comment_last_day
from service.extensions import limiter
from service.journeys.track import bp
from service.journeys.track.forms import CodeForm, DraftResponseForm, EmailForm, OneLoginForm, ShareForm
from service.journeys.track.people import case_title, whose
from service.message_catalogue import CHANNEL_NAMES
from service.web import today_in_london
from service.wording.disagreements import FAMILY_DECISIONS
from service.wording.tracker import STATUS_CLASSES, STATUS_TEXT


def _email_key() -> str:
    return (request.form.get("email") or "").strip().lower() or "none"


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit("20 per hour", methods=["POST"])
@limiter.limit("5 per hour", methods=["POST"], key_func=_email_key)
def sign_in():
    method = sign_in_method()
    if isinstance(method, OneLoginSignIn):
        return _one_login_start(method)
    form = EmailForm()
    if form.validate_on_submit():
        method.start(form.email.data.strip().lower())
        return redirect(url_for(".check_email"))
    return render_template("track/sign_in.html", form=form, page_title="Sign in to see your requests and plans")


def _one_login_start(method: OneLoginSignIn):
    oidc.allow_redirect_to(oidc.one_login())
    form = OneLoginForm()
    if form.validate_on_submit():
        try:
            return redirect(method.start())
        except OidcError as error:
            oidc.log_refusal(oidc.ONE_LOGIN, error.reason)
            return _one_login_problem(error.reason)
    return render_template(
        "track/sign_in_one_login.html", form=form, page_title="Sign in to see your requests and plans"
    )


# What the family is told when a One Login sign-in does not finish: (page title, what happened), by reason.
ONE_LOGIN_PROBLEMS = {
    CANCELLED: ("You have not signed in", "You stopped signing in with GOV.UK One Login before it finished."),
    UNAVAILABLE: (
        "Sorry, there is a problem with GOV.UK One Login",
        "We cannot reach GOV.UK One Login at the moment. Try again later.",
    ),
    UNVERIFIED_EMAIL: (
        "You need to confirm your email address",
        "GOV.UK One Login has not confirmed your email address yet. Sign in to your GOV.UK One Login, "
        "confirm your email address, then try again.",
    ),
}
SIGN_IN_PROBLEM = ("Sorry, there is a problem signing you in", "We could not sign you in with GOV.UK One Login.")


def _one_login_problem(reason: str):
    title, lead = ONE_LOGIN_PROBLEMS.get(reason, SIGN_IN_PROBLEM)
    return render_template("track/one_login_problem.html", page_title=title, lead=lead), (
        503 if reason == UNAVAILABLE else 400
    )


@bp.get("/sign-in/one-login/callback")
@public
@limiter.limit("30 per 10 minutes")
def one_login_callback():
    """Where GOV.UK One Login sends the family back. Any failure ends on a page that lets them try again,
    with nothing changed: no one is signed in and no account is linked."""
    method = sign_in_method()
    try:
        if not isinstance(method, OneLoginSignIn):
            raise OidcError(CANCELLED if request.args.get("error") == "access_denied" else NO_PENDING)
        method.finish(request.args.to_dict())
    except OidcError as error:
        oidc.log_refusal(oidc.ONE_LOGIN, error.reason)
        return _one_login_problem(error.reason)
    return redirect(url_for(".your_cases"))


@bp.route("/sign-in/check-email", methods=["GET", "POST"])
@public
@limiter.limit("10 per 10 minutes", methods=["POST"])
def check_email():
    if sign_in_method().kind != "email":
        return redirect(url_for(".sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        result = family_data.redeem_code(browser_nonce(), form.code.data)
        if result:
            complete_sign_in(result)
            return redirect(url_for(".your_cases"))
        if result is None:
            return render_template("track/link_expired.html", page_title="Your sign-in code has expired"), 400
        form.code.errors.append("The security code is not correct. Check the code in your email and try again")
    return render_template("track/check_email.html", form=form, page_title="Check your email")


@bp.get("/sign-in/link/<token>")
@public
def sign_in_link(token: str):
    if sign_in_method().kind != "email":
        return redirect(url_for(".sign_in"))
    email = family_data.redeem_link(token, browser_nonce())
    if email is None:
        return render_template(
            "track/link_expired.html", page_title="This sign-in link has expired or has been used"
        ), 400
    complete_sign_in(email)
    return redirect(url_for(".your_cases"))


@bp.post("/sign-out")
@family_required
def sign_out():
    method = sign_in_method()
    one_login_sign_out = method.sign_out_url() if isinstance(method, OneLoginSignIn) else None
    session.destroy()
    return redirect(one_login_sign_out or url_for("common.start"))


@bp.get("/your-cases")
@family_required
def your_cases():
    today = today_in_london()
    rows = []
    cases = family_data.cases_for_family(current_family())
    family_view.read_together(cases)
    for case in cases:
        found = family_view.milestones(case, today)
        rows.append(
            (
                case,
                STAGE_NAMES[Stage(case.stage)][1],
                family_view.urgent(case, today, found),
                family_view.is_overdue(case, today, found),
                family_view.is_young_person(current_family(), case),
            )
        )
    return render_template("track/your_cases.html", rows=rows, page_title="Your requests and plans", signed_in=True)


@bp.app_template_global("case_help")
def case_help(case):
    """The contact and help panel's facts for a family case page (track/_help.html)."""
    return family_view.help_for(case, today_in_london())


# What the family case page reads of the case, in one statement.
FAMILY_CASE_READS = ("advice", "exceptions", "disagreements", "access", "events", "latest_version", "council")


@bp.get("/your-cases/<int:case_id>")
@family_required
def case_page(case_id: int):
    """Where the case is against the clock: after the final plan, the plan's milestones (the next review and
    its steps, amendments, phase transfer, transfer); a disagreement's appeal deadline once its certificate
    is issued; and what the family can do about each appealable decision, from its own notice."""
    case = family_data.case_for_family(current_family(), case_id)
    if case is None:
        abort(404)
    case_reads.read_together(case.id, FAMILY_CASE_READS)  # one statement for the rows below (issue 18)
    today = today_in_london()
    timeline = family_view.milestones(case, today)
    disagreements = mediation.disagreements_of(case)
    has_plan = case.final_issued_on is not None
    who = whose(case)
    return render_template(
        "track/case.html",
        case=case,
        stage_text=STAGE_NAMES[Stage(case.stage)][1],
        upcoming=sorted(
            [m for m in timeline if m.is_outstanding] + family_view.appeal_deadlines(case, today, disagreements),
            key=lambda m: m.due or today,
        ),
        done=[m for m in timeline if m.state in family_view.SHOWN_DONE],
        family_windows=FAMILY_WINDOWS,
        events=family_view.events_by_day(case_records.events(case, family_only=True)),
        steps=family_view.tracker(case, today, who),
        status_text=STATUS_TEXT,
        status_classes=STATUS_CLASSES,
        who=who,
        council=family_view.council_name(family_view.local_authority_of(case)),
        open_decisions=family_view.open_decisions(case, today, disagreements),
        disagreement_sent=mediation.for_case(case),
        decision_names=FAMILY_DECISIONS,
        has_plan=has_plan,
        holds_case=_holds_case(case),
        page_title=case_title(case, has_plan),
        signed_in=True,
    )


@bp.get("/your-notifications")
@family_required
def notifications():
    messages = family_data.messages_for_family(current_family())
    return render_template(
        "track/notifications.html",
        messages=messages,
        describe=describe,
        summary=summary,
        today=today_in_london(),
        channel_names=CHANNEL_NAMES,
        page_title="Messages we have sent you",
        signed_in=True,
    )


@bp.route("/your-cases/<int:case_id>/draft-plan", methods=["GET", "POST"])
@family_required
def draft_plan(case_id: int):
    case = family_data.case_for_family(current_family(), case_id)
    if case is None:
        abort(404)
    if plans.latest_version(case) is not None:
        return redirect(url_for(".plan", case_id=case.id))  # the draft was written in the service: comment there
    if case.draft_served_on is None or case.final_issued_on is not None:
        abort(404)
    today = today_in_london()
    last_day = draft_comment_last_day(case.draft_served_on)
    form = DraftResponseForm()
    if form.validate_on_submit():
        family_data.add_draft_response(
            case,
            (form.comments.data or "").strip(),
            (form.requested_setting.data or "").strip(),
            bool(form.wants_meeting.data),
            today > last_day,
            today,
        )
        flash("Your response has been sent to the council")
        return redirect(url_for(".case_page", case_id=case.id))
    return render_template(
        "track/draft_plan.html",
        form=form,
        case=case,
        last_day=last_day,
        late=today > last_day,
        responses=family_data.draft_responses(case),
        page_title="Respond to the draft plan",
        signed_in=True,
    )


def _holds_case(case) -> bool:
    """The reader decides who else sees the case: the young person who holds it or asked for themself."""
    return family_view.is_young_person(current_family(), case)


MAX_FAMILY_FILES = 10


@bp.route("/your-cases/<int:case_id>/documents", methods=["GET", "POST"])
@family_required
def documents(case_id: int):
    """The family's uploads and the council's shared documents; more evidence can be sent at any time."""
    case = family_data.case_for_family(current_family(), case_id)
    if case is None:
        abort(404)
    error_list = []
    if request.method == "POST":
        files = uploads.chosen(request.files.getlist("files"))
        try:
            if not files:
                error_list = [{"text": "Select a file to upload", "href": "#files"}]
            elif len(files) > MAX_FAMILY_FILES:
                error_list = [{"text": f"Select up to {MAX_FAMILY_FILES} files at a time", "href": "#files"}]
            else:
                error_list = _store_family_files(case, files)
        finally:
            for upload in files:
                upload.close()
        if not error_list:
            flash(f"{len(files)} file{'s' if len(files) != 1 else ''} sent to the council" if files else "")
            return redirect(url_for(".documents", case_id=case.id))
    return render_template(
        "track/documents.html",
        case=case,
        documents=family_data.documents_for_case(case),
        error_list=error_list,
        page_title="Documents",
        signed_in=True,
    ), (400 if error_list else 200)


def _store_family_files(case, files) -> list[dict]:
    """The one upload path (service.uploads): type from magic bytes, size, DOCX bombs, active PDFs."""
    checked, errors = uploads.check_uploads(files)
    if errors:
        return errors  # nothing is sent until every file is acceptable, so the family can simply try again
    for file in checked:
        uploads.quarantine(file, partial(family_data.add_family_document, case))
    today = today_in_london()
    what = (
        "We received the document you sent"
        if len(checked) == 1
        else f"We received the {len(checked)} documents you sent"
    )
    send_case_update(case, f"{what}. We check every file for viruses before your caseworker sees it", today)
    return []


@bp.get("/your-cases/<int:case_id>/documents/<document_id>")
@family_required
def download(case_id: int, document_id: str):
    """A clean document on the family's own case, streamed to this session; 404 for anything else."""
    document = family_data.document_for_family(current_family(), case_id, document_id)
    if document is None or document.status != "clean":
        abort(404)
    return document_response(document.storage_key, document.filename, document.content_type)


@bp.route("/your-cases/<int:case_id>/sharing", methods=["GET", "POST"])
@family_required
def sharing(case_id: int):
    """A young person decides who else sees their case: one who holds it, or who asked for themself. They
    let a parent or carer see it, or stop them (CSRF is checked for every POST by the app-wide CSRFProtect)."""
    email = current_family()
    case = family_data.case_for_family(email, case_id)
    if case is None or not family_view.is_young_person(email, case):
        abort(404)
    form = ShareForm()
    if request.method == "POST" and request.form.get("action") == "add":
        if form.validate_on_submit():
            if family_data.let_parent_see(case, form.email.data):
                flash(f"{form.email.data} can now see your request")
                return redirect(url_for(".sharing", case_id=case.id))
            form.email.errors.append("That person can already see your request")
    elif request.method == "POST":
        choice = request.form.get("agreed")
        access_id = request.form.get("access_id", "")
        access_id = int(access_id) if access_id.isascii() and access_id.isdigit() and len(access_id) <= 9 else None
        if choice in ("yes", "no") and access_id and family_data.set_parent_agreement(case, access_id, choice == "yes"):
            flash("Your choice has been saved")
        return redirect(url_for(".sharing", case_id=case.id))
    return render_template(
        "track/sharing.html",
        case=case,
        form=form,
        parents=family_data.parents_of(case),
        page_title="Who can see your request",
        signed_in=True,
    ), (400 if form.errors else 200)
