"""The family asks for mediation or a mediation certificate, one thing a page.

Start (which decision, what they can do and by when) -> what they disagree with (final plans only)
-> mediation or a certificate only -> arranging mediation (mediation only) -> check answers -> sent.
Answers live in the server-side session, keyed by case id, until the request is sent. Every date
shown comes from the statutory clock (service.domain). A request already sent about the decision is
never duplicated: the journey sends the family to it instead.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import abort, redirect, render_template, request, session, url_for

from service.auth.family import current_family, family_required
from service.data import family as family_data
from service.data import mediation, mediation_changes
from service.data.facts import disagreement_facts
from service.data.requests import local_authority_name
from service.domain.clock import (
    APPEALABLE_SECTIONS,
    HEALTH_PARTS,
    DecisionKind,
    appeal_deadline,
    contact_is_late,
    disagreement_timeline,
    format_govuk_date,
    section_i_only,
)
from service.forms.recovery import recovered_answers
from service.journeys.mediation import bp
from service.journeys.mediation.forms import SECTIONS, WANTS, ArrangingForm, SectionsForm, SendForm, WantsForm
from service.web import today_in_london
from service.wording.disagreements import FAMILY_DECISIONS as DECISIONS

SESSION_KEY = "mediation_requests"
# The journey's pages, in order; each is an endpoint on the blueprint.
PAGES = ("family_sections", "family_wants", "family_arranging", "family_check_answers")
ANSWER_KEYS = {"family_sections": "sections", "family_wants": "wants", "family_arranging": "arranging"}


def _family_case(case_id: int):
    case = family_data.case_for_family(current_family(), case_id)
    if case is None or mediation.appealable_decision(case) is None:
        abort(404)
    return case


def _answers(case) -> dict:
    return dict(session.get(SESSION_KEY, {}).get(str(case.id), {}))


def _save(case, **values) -> None:
    drafts = dict(session.get(SESSION_KEY, {}))
    drafts[str(case.id)] = {**drafts.get(str(case.id), {}), **values}
    session[SESSION_KEY] = drafts  # reassigned, so the server-side session knows it changed


def _forget(case) -> None:
    drafts = dict(session.get(SESSION_KEY, {}))
    if drafts.pop(str(case.id), None) is not None:
        session[SESSION_KEY] = drafts


def _is_plan(case) -> bool:
    return mediation.appealable_decision(case)[0] == DecisionKind.PLAN_CONTENTS


def _applies(page: str, case, answers: dict) -> bool:
    if page == "family_sections":
        return _is_plan(case)
    if page == "family_arranging":
        return answers.get("wants") == "mediation"
    return True


def _first_unanswered(case, answers: dict) -> str:
    for page in PAGES:
        if page in ANSWER_KEYS and _applies(page, case, answers) and ANSWER_KEYS[page] not in answers:
            return page
    return "family_check_answers"


def _back(page: str, case, answers: dict) -> str:
    if request.args.get("change"):
        return url_for(".family_check_answers", case_id=case.id)
    earlier = [p for p in PAGES[: PAGES.index(page)] if _applies(p, case, answers)]
    return url_for(f".{earlier[-1]}" if earlier else ".request_mediation", case_id=case.id)


def _after(page: str, case, answers: dict) -> str:
    """The next page; after a change, back to check answers unless a newly needed page is unanswered."""
    if request.args.get("change"):
        first = _first_unanswered(case, answers)
        if first == "family_check_answers":
            return url_for(".family_check_answers", case_id=case.id)
        return url_for(f".{first}", case_id=case.id, change="yes")
    later = [p for p in PAGES[PAGES.index(page) + 1 :] if _applies(p, case, answers)]
    return url_for(f".{later[0]}", case_id=case.id)


def _facts(case, answers: dict, today: date):
    """What the clock would know if the request were sent today with these answers."""
    sections = answers.get("sections", [])
    return replace(
        mediation.preview_facts(case),
        sections_disputed=frozenset(s for s in sections if s in APPEALABLE_SECTIONS),
        health_or_social_care=any(s in sections for s in HEALTH_PARTS),
        wants_mediation=None if "wants" not in answers else answers["wants"] == "mediation",
        adviser_contacted_on=today,
    )


def _already_sent(case):
    """A request about this decision was sent already: go to it rather than start another."""
    if mediation.for_case(case) is not None:
        _forget(case)
        return redirect(url_for(".family_dates", case_id=case.id))
    return None


def _question(page: str, case_id: int, form_class, title: str, stored, store, **extra):
    """One question page: Post/Redirect/Get, kept answers after an expired form, change links.

    `stored(answers)` gives the form its saved data; `store(form)` what to keep from a valid form."""
    case = _family_case(case_id)
    sent = _already_sent(case)
    if sent is not None:
        return sent
    answers = _answers(case)
    if not _applies(page, case, answers):
        return redirect(url_for(f".{_first_unanswered(case, answers)}", case_id=case.id))
    if request.method == "POST":
        form = form_class()
        if form.validate():
            _save(case, **store(form))
            return redirect(_after(page, case, _answers(case)))
    else:
        kept = recovered_answers()  # what they typed before the form expired: shown again, checked
        form = form_class(formdata=kept, data=stored(answers), meta={"csrf": kept is None})
        if kept is not None:
            form.validate()
    return render_template(
        f"mediation/{page}.html",
        form=form,
        case=case,
        back_url=_back(page, case, answers),
        page_title=title,
        signed_in=True,
        **{name: value(case, answers) for name, value in extra.items()},
    ), (400 if form.errors else 200)


@bp.get("/your-cases/<int:case_id>/disagree")
@family_required
def request_mediation(case_id: int):
    """The start page: which decision, what the family can do and by when."""
    case = _family_case(case_id)
    sent = _already_sent(case)
    if sent is not None:
        return sent
    kind, decided_on = mediation.appealable_decision(case)
    today = today_in_london()
    facts = mediation.preview_facts(case)
    preview = {m.key: m for m in disagreement_timeline(facts, today)}
    appeal_by = appeal_deadline(facts.decision_notice_on, None)
    return render_template(
        "mediation/family_start.html",
        case=case,
        decision=DECISIONS[kind],
        decided_on=decided_on,
        contact=preview["contact_mediation_adviser"],
        appeal_by=appeal_by,
        late=contact_is_late(replace(facts, adviser_contacted_on=today)),
        appeal_passed=today > appeal_by,
        plan=kind == DecisionKind.PLAN_CONTENTS,
        first_page=url_for(f".{_first_unanswered(case, {})}", case_id=case.id),
        page_title="Request mediation or a mediation certificate",
        signed_in=True,
    )


@bp.route("/your-cases/<int:case_id>/disagree/what-you-disagree-with", methods=["GET", "POST"])
@family_required
def family_sections(case_id: int):
    return _question(
        "family_sections",
        case_id,
        SectionsForm,
        "What do you disagree with in the final plan?",
        lambda answers: {"sections": answers.get("sections", [])},
        lambda form: {"sections": [s for s in SECTIONS if s in form.sections.data]},
    )


@bp.route("/your-cases/<int:case_id>/disagree/mediation-or-certificate", methods=["GET", "POST"])
@family_required
def family_wants(case_id: int):
    return _question(
        "family_wants",
        case_id,
        WantsForm,
        "Do you want to try mediation, or get a mediation certificate only?",
        lambda answers: {"wants": answers.get("wants")},
        lambda form: {"wants": form.wants.data},
        section_i_only=lambda case, answers: section_i_only(_facts(case, answers, today_in_london())),
    )


@bp.route("/your-cases/<int:case_id>/disagree/arranging-mediation", methods=["GET", "POST"])
@family_required
def family_arranging(case_id: int):
    return _question(
        "family_arranging",
        case_id,
        ArrangingForm,
        "Arranging mediation",
        lambda answers: answers.get("arranging", {}),
        lambda form: {
            "arranging": {f: (form[f].data or "").strip() for f in ("availability", "access_needs", "attendees")}
        },
    )


@bp.route("/your-cases/<int:case_id>/disagree/check-answers", methods=["GET", "POST"])
@family_required
def family_check_answers(case_id: int):
    case = _family_case(case_id)
    sent = _already_sent(case)
    if sent is not None:
        return sent
    answers = _answers(case)
    first = _first_unanswered(case, answers)
    if first != "family_check_answers":
        return redirect(url_for(f".{first}", case_id=case.id))
    today = today_in_london()
    wants_mediation = answers["wants"] == "mediation"
    form = SendForm()
    if request.method == "POST" and form.validate():
        arranging = answers.get("arranging", {}) if wants_mediation else {}
        mediation_changes.request_mediation(
            case,
            answers.get("sections", []) if _is_plan(case) else [],
            wants_mediation,
            arranging.get("availability", ""),
            arranging.get("access_needs", ""),
            arranging.get("attendees", ""),
            today,
        )
        _forget(case)
        return redirect(url_for(".family_confirmation", case_id=case.id))
    kind, decided_on = mediation.appealable_decision(case)
    return render_template(
        "mediation/family_check_answers.html",
        form=form,
        case=case,
        rows=_summary_rows(case, answers, kind, decided_on),
        section_i_only=section_i_only(_facts(case, answers, today)),
        late=contact_is_late(_facts(case, answers, today)),
        back_url=url_for(f".{PAGES[2] if wants_mediation else PAGES[1]}", case_id=case.id),
        page_title="Check your answers before sending your request",
        signed_in=True,
    )


def _summary_rows(case, answers: dict, kind: DecisionKind, decided_on: date) -> list[dict]:
    def row(label: str, value: str, page: str | None = None) -> dict:
        item = {"key": {"text": label}, "value": {"text": value or "Not given"}}
        if page is not None:
            href = url_for(f".{page}", case_id=case.id, change="yes")
            item["actions"] = {"items": [{"href": href, "text": "Change", "visuallyHiddenText": label.lower()}]}
        return item

    rows = [row("Decision", f"{DECISIONS[kind]} on {format_govuk_date(decided_on)}")]
    if kind == DecisionKind.PLAN_CONTENTS:
        chosen = "<br>".join(SECTIONS[s] for s in answers.get("sections", []))
        rows.append(row("What you disagree with", chosen, "family_sections"))
        rows[-1]["value"] = {"html": chosen}
    rows.append(row("What you want", WANTS[answers["wants"]], "family_wants"))
    if answers["wants"] == "mediation":
        arranging = answers.get("arranging", {})
        rows += [
            row("When you are available", arranging.get("availability", ""), "family_arranging"),
            row("Access needs", arranging.get("access_needs", ""), "family_arranging"),
            row("Who will come with you", arranging.get("attendees", ""), "family_arranging"),
        ]
    return rows


@bp.get("/your-cases/<int:case_id>/disagree/sent")
@family_required
def family_confirmation(case_id: int):
    case = _family_case(case_id)
    d = mediation.for_case(case)
    if d is None:
        return redirect(url_for(".request_mediation", case_id=case.id))
    today = today_in_london()
    facts = disagreement_facts(d)
    milestones = [
        m
        for m in disagreement_timeline(facts, today)
        if m.state.value != "not_applicable" and m.key != "contact_mediation_adviser"
    ]
    return render_template(
        "mediation/family_confirmation.html",
        case=case,
        d=d,
        council=local_authority_name(case.local_authority_id),
        milestones=milestones,
        section_i_only=section_i_only(facts),
        appeal_passed=today > appeal_deadline(facts.decision_notice_on, None, section_i_only(facts)),
        page_title="Request sent",
        signed_in=True,
    )


@bp.get("/your-cases/<int:case_id>/disagree/dates")
@family_required
def family_dates(case_id: int):
    case = _family_case(case_id)
    d = mediation.for_case(case)
    if d is None:
        return redirect(url_for(".request_mediation", case_id=case.id))
    milestones = [
        m for m in disagreement_timeline(disagreement_facts(d), today_in_london()) if m.state.value != "not_applicable"
    ]
    return render_template(
        "mediation/family_dates.html",
        case=case,
        d=d,
        milestones=milestones,
        page_title="Your mediation certificate and how to appeal"
        if d.certificate_issued_on and d.appealed_on is None
        else "Your mediation request",
        signed_in=True,
    )
