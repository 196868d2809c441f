"""The family's side of the EHC plan: each issued version as a web page (and as data), comments on a
section or an item, the setting they want named, a meeting, the council's responses, and what changed
between two versions.

A family reaches a plan only through a case scoped to them (service.data.family.case_for_family, which
applies the young person's consent rules), and sees issued versions only, never the working copy. Any
other family's case, another case's version, or a section or item the version does not hold is 404.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for

from service.auth.family import current_family, family_required
from service.data import family as family_data
from service.data import plan_comments, plans, review_decisions
from service.data.plan_changes import PROPOSED
from service.data.requests import local_authority_name
from service.domain.clock import draft_comment_last_day
from service.domain.ehcp.diff import compare
from service.domain.ehcp.document import golden_thread, label_of
from service.domain.ehcp.sections import Entry, SectionView, plan_sections, section_view
from service.domain.ehcp.template import template_of
from service.journeys.track import bp
from service.journeys.track.people import whose
from service.journeys.track.plan_forms import MAX_CHARACTERS, MeetingForm, PlanCommentForm, SettingForm
from service.web import today_in_london

WHOLE_PLAN = "plan"  # the section a meeting request is about: the plan as a whole
SETTING_SECTION = "i"  # the setting the family wants named belongs to section I, the placement
KIND_LABELS = {
    "comment": "Comment",
    "change": "Change you asked for",
    "setting": "The setting you want named",
    "meeting": "Meeting request",
}
RESPONSE_LABELS = {"changed": "The council changed the plan", "not_changed": "The council did not change the plan"}


@dataclass(frozen=True, slots=True)
class Window:
    """The reg 13(1) window to comment on a draft: 15 days from the first draft being served; or the reg 22(2)
    window on proposed amendments."""

    last_day: date
    ended: bool
    proposed: bool = False  # the window on proposed amendments after a review (reg 22(2)), not a draft


def _family() -> str:
    email = current_family()
    if email is None:  # @family_required has signed-out visitors sign in first
        abort(404)
    return email


def _case(case_id: int):
    case = family_data.case_for_family(_family(), case_id)
    if case is None:
        abort(404)
    return case


def _version(case, number: int):
    version = plans.version_for_case(case, number)
    if version is None:
        abort(404)
    return version


def _window(case, version, today: date) -> Window | None:
    """The window for a draft (counted from the first draft, as the clock counts it), or for proposed
    amendments after a review (15 days beginning with the day the review's proposals were sent, reg 22(2));
    None for a final plan."""
    if version.status == PROPOSED:
        review = review_decisions.review_of_proposals(version)
        sent = review.proposals_sent_on if review is not None and review.proposals_sent_on else version.issued_on
        last_day = review_decisions.comments_last_day_from(sent)
        return Window(last_day, today > last_day, proposed=True)
    if version.status != "draft":
        return None
    last_day = draft_comment_last_day(case.draft_served_on or version.issued_on)
    return Window(last_day, today > last_day)


def _plan_url(case, version, latest) -> str:
    if latest is not None and version.number == latest.number:
        return url_for(".plan", case_id=case.id)
    return url_for(".plan_version", case_id=case.id, number=version.number)


def _pdf(case, version):
    """The version's PDF, once the worker has made it and it is clean, or None."""
    if not version.pdf_document_id:
        return None
    document = family_data.document_for_family(_family(), case.id, version.pdf_document_id)
    return document if document is not None and document.status == "clean" else None


def _author_role(case) -> str:
    access = family_data.access_of(_family(), case)
    if access is not None:
        return str(access.role)
    return "young_person" if case.requester_role == "young_person" else "parent"


@bp.app_template_global("issued_plan")
def issued_plan(case):
    """The latest issued version of the case's plan (for the case page's link), or None."""
    return plans.latest_version(case)


# --- Reading the plan -------------------------------------------------------------------------------


@bp.get("/your-cases/<int:case_id>/plan")
@family_required
def plan(case_id: int):
    case = _case(case_id)
    latest = plans.latest_version(case)
    if latest is None:
        abort(404)
    return _plan_page(case, latest, latest)


@bp.get("/your-cases/<int:case_id>/plan/versions/<int:number>")
@family_required
def plan_version(case_id: int, number: int):
    case = _case(case_id)
    version = _version(case, number)
    return _plan_page(case, version, plans.latest_version(case))


def _plan_page(case, version, latest):
    document = plans.document_of(version)
    is_latest = version.number == latest.number

    def comment_url(section_key: str, item_id: str) -> str:
        if item_id:
            return url_for(
                ".plan_item_comment", case_id=case.id, number=version.number, section=section_key, item_id=item_id
            )
        return url_for(".plan_comment", case_id=case.id, number=version.number, section=section_key)

    comments = plans.comments_for_case(case)
    in_force = review_decisions.plan_in_force(case, version) if version.status == PROPOSED else None
    return render_template(
        "track/plan/plan.html",
        in_force=in_force,
        proposed_changes=compare(plans.document_of(in_force), document) if in_force is not None else None,
        case=case,
        version=version,
        latest=latest,
        is_latest=is_latest,
        sections=plan_sections(document),
        council=local_authority_name(case.local_authority_id) or document["plan"]["local_authority"],
        threads=golden_thread(document),
        window=_window(case, version, today_in_london()),
        pdf=_pdf(case, version),
        comment_url=comment_url if is_latest else None,
        comment_count=len(comments),
        answered_count=sum(1 for comment in comments if comment.response),
        page_title=f"{whose(case).Childs} EHC plan: {version.label}",
        signed_in=True,
    )


@bp.get("/your-cases/<int:case_id>/plan/versions/<int:number>/plan.json")
@family_required
def plan_json(case_id: int, number: int):
    """The version exactly as issued: the JSON document the web page and the PDF are made from."""
    case = _case(case_id)
    version = _version(case, number)
    body = json.dumps(plans.document_of(version), ensure_ascii=False, indent=2)
    filename = f"ehc-plan-{case.reference}-version-{version.number}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# --- Commenting -------------------------------------------------------------------------------------


def _section(document, section_key: str) -> SectionView:
    if not template_of(document).has_section(section_key):
        abort(404)
    return section_view(document, section_key)


def _entry(view: SectionView, item_id: str) -> Entry:
    entry = next((entry for entry in view.entries if entry.item_id and entry.item_id == item_id), None)
    if entry is None:
        abort(404)
    return entry


def _save(case, version, *, section: str, item_id: str, kind: str, text: str):
    """Keep the comment (a late one too, marked late), say so, and go back to the plan (POST/redirect/GET)."""
    today = today_in_london()
    window = _window(case, version, today)
    late = window is not None and window.ended
    plan_comments.add_comment(
        case,
        version,
        section=section,
        item_id=item_id,
        kind=kind,
        text=text,
        author_role=_author_role(case),
        late=late,
        today=today,
    )
    sent = {"setting": "The setting you want named", "meeting": "Your request for a meeting"}.get(kind, "Your comment")
    flash(
        f"{sent} has been sent to the council"
        + (". It arrived after the 15 days to comment ended: the council will see that it was late" if late else "")
    )
    return redirect(_plan_url(case, version, plans.latest_version(case)))


@bp.route("/your-cases/<int:case_id>/plan/versions/<int:number>/sections/<section>/comment", methods=["GET", "POST"])
@family_required
def plan_comment(case_id: int, number: int, section: str):
    return _comment_page(case_id, number, section, "")


@bp.route(
    "/your-cases/<int:case_id>/plan/versions/<int:number>/sections/<section>/items/<item_id>/comment",
    methods=["GET", "POST"],
)
@family_required
def plan_item_comment(case_id: int, number: int, section: str, item_id: str):
    return _comment_page(case_id, number, section, item_id)


def _comment_page(case_id: int, number: int, section_key: str, item_id: str):
    case = _case(case_id)
    version = _version(case, number)
    view = _section(plans.document_of(version), section_key)
    entry = _entry(view, item_id) if item_id else None
    form = PlanCommentForm()
    if form.validate_on_submit():
        return _save(
            case, version, section=section_key, item_id=item_id, kind=form.kind.data, text=form.text.data or ""
        )
    about = entry.title if entry else view.section.heading
    return render_template(
        "track/plan/comment.html",
        form=form,
        case=case,
        version=version,
        view=view,
        entry=entry,
        window=_window(case, version, today_in_london()),
        back=_plan_url(case, version, plans.latest_version(case)) + f"#section-{section_key}",
        max_characters=MAX_CHARACTERS,
        page_title=f"Comment on {about[0].lower()}{about[1:]}",
        signed_in=True,
    ), (400 if form.errors else 200)


def _draft_version(case_id: int, number: int):
    """A draft the family may still say things about: the setting they want named, a meeting."""
    case = _case(case_id)
    version = _version(case, number)
    if version.status != "draft":
        abort(404)
    return case, version


@bp.route("/your-cases/<int:case_id>/plan/versions/<int:number>/setting", methods=["GET", "POST"])
@family_required
def plan_setting(case_id: int, number: int):
    case, version = _draft_version(case_id, number)
    form = SettingForm()
    if form.validate_on_submit():
        return _save(case, version, section=SETTING_SECTION, item_id="", kind="setting", text=form.text.data or "")
    return _short_form(case, version, form, "Tell us which school or other setting you want named")


@bp.route("/your-cases/<int:case_id>/plan/versions/<int:number>/meeting", methods=["GET", "POST"])
@family_required
def plan_meeting(case_id: int, number: int):
    case, version = _draft_version(case_id, number)
    form = MeetingForm()
    if form.validate_on_submit():
        return _save(case, version, section=WHOLE_PLAN, item_id="", kind="meeting", text=form.text.data or "")
    return _short_form(case, version, form, "Ask for a meeting about the draft plan")


def _short_form(case, version, form, title: str):
    return render_template(
        "track/plan/short_form.html",
        form=form,
        case=case,
        version=version,
        window=_window(case, version, today_in_london()),
        back=_plan_url(case, version, plans.latest_version(case)),
        max_characters=MAX_CHARACTERS,
        page_title=title,
        signed_in=True,
    ), (400 if form.errors else 200)


# --- Comments and responses -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CommentRow:
    comment: object
    version_label: str
    title: str  # 'Comment: Section B: Special educational needs, need 2', 'Meeting request'
    response: str


def _place(document, section: str, item_id: str) -> str:
    """Where a comment is: 'Section B: Special educational needs, need 2', or 'The whole plan'."""
    if section == WHOLE_PLAN:
        return "The whole plan"
    template = template_of(document)
    heading = template.section(section).heading if template.has_section(section) else section
    return f"{heading}, {label_of(item_id).lower()}" if item_id else heading


def _title(comment, document) -> str:
    kind = KIND_LABELS.get(comment.kind, comment.kind)
    if comment.kind in ("setting", "meeting"):
        return kind
    return f"{kind}: {_place(document, comment.section, comment.item_id)}"


@bp.get("/your-cases/<int:case_id>/plan/comments")
@family_required
def plan_comments_page(case_id: int):
    case = _case(case_id)
    versions = {version.id: version for version in plans.versions_for_case(case)}
    if not versions:
        abort(404)
    documents = {version_id: plans.document_of(version) for version_id, version in versions.items()}
    rows = [
        CommentRow(
            comment=comment,
            version_label=versions[comment.plan_version_id].label,
            title=_title(comment, documents[comment.plan_version_id]),
            response=RESPONSE_LABELS.get(comment.response, ""),
        )
        for comment in reversed(plans.comments_for_case(case))
    ]
    return render_template(
        "track/plan/comments.html",
        case=case,
        rows=rows,
        latest=max(versions.values(), key=lambda version: version.number),
        page_title="Your comments and the council's responses",
        signed_in=True,
    )


# --- Versions ---------------------------------------------------------------------------------------


@bp.get("/your-cases/<int:case_id>/plan/versions")
@family_required
def plan_versions(case_id: int):
    case = _case(case_id)
    versions = plans.versions_for_case(case)
    if not versions:
        abort(404)
    return render_template(
        "track/plan/versions.html",
        case=case,
        versions=list(reversed(versions)),
        compare_from=versions[-2].number if len(versions) > 1 else None,
        compare_to=versions[-1].number,
        page_title="Versions of the plan",
        signed_in=True,
    )


def _number_arg(name: str) -> int:
    value = request.args.get(name, "")
    if not (value.isascii() and value.isdigit() and len(value) <= 9):
        abort(404)
    return int(value)


@bp.get("/your-cases/<int:case_id>/plan/compare")
@family_required
def plan_compare(case_id: int):
    case = _case(case_id)
    old = _version(case, _number_arg("from"))
    new = _version(case, _number_arg("to"))
    versions = plans.versions_for_case(case)
    return render_template(
        "track/plan/compare.html",
        case=case,
        old=old,
        new=new,
        versions=list(reversed(versions)),
        changes=compare(plans.document_of(old), plans.document_of(new)),
        page_title=f"What changed from {old.label} to {new.label}",
        signed_in=True,
    )
