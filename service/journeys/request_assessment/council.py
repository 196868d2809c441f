"""Which council area the child lives in (issue 16 item 7), worked out from where they live.

The child's home address comes first in the journey, so its postcode (or, failing that, its town) is
looked up in the shipped GIAS lookup (service.domain.council_lookup):
- one council: "Is this the right council?" yes or no;
- a place that spans a few councils: those councils as radios, and "Another council";
- nothing found, too many councils, "No" or "Another council": the full list of 153 councils.
With no address (a draft that skipped it), the page asks for their postcode or town first. The answer is
saved as before, {"local_authority": id}, so drafts saved earlier keep working. Any page state accepts a
council chosen from the full list, so a page left open in another tab never loses the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import redirect, render_template, request, url_for

from service.auth.access import public
from service.data import requests as drafts
from service.data.council_lookup import councils_for_address, councils_for_place, councils_named
from service.domain.council_lookup import NOTHING, Found, looks_like_postcode, usable
from service.forms.recovery import recovered_answers
from service.journeys.request_assessment import bp, steps
from service.journeys.request_assessment.forms import (
    CouncilCandidatesForm,
    CouncilConfirmForm,
    CouncilPlaceForm,
    LocalAuthorityForm,
)
from service.journeys.request_assessment.routes import ANSWER_LIMIT, _after, _back, _draft
from service.web import today_in_london

SLUG = "local-authority"
SEARCH_KEY = "council-search"  # what the family typed when there was no address to go on
OTHER = "other"


@dataclass(frozen=True)
class State:
    mode: str  # "search", "confirm", "candidates" or "list"
    found: Found = NOTHING
    place: str = ""  # the postcode or town the councils were worked out from
    candidates: tuple[tuple[str, str], ...] = ()  # (id, name) of each council found
    not_found: bool = False  # the list is shown because nothing (or too much) was found


def _place_of(answers: dict) -> tuple[str, Found] | None:
    searched = (answers.get(SEARCH_KEY) or {}).get("place")
    if searched:
        return searched, councils_for_place(searched)
    address = answers.get("child-address") or {}
    postcode, town = (address.get("postcode") or "").upper(), address.get("town") or ""
    if not (postcode or town):
        return None
    found = councils_for_address(postcode, town)
    return (town if found.by == "town" else postcode or town), found


def _state(answers: dict) -> State:
    if request.args.get("list"):
        return State("list")
    if request.args.get("search"):
        return State("search")
    place = _place_of(answers)
    if place is None:
        return State("search")
    text, found = place
    if not usable(found):
        return State("list", found, text, not_found=True)
    candidates = tuple(councils_named(found.codes))
    saved = (answers.get(SLUG) or {}).get("local_authority")
    searched = bool((answers.get(SEARCH_KEY) or {}).get("place"))
    if saved and not searched and saved not in {la_id for la_id, _ in candidates}:
        return State("list", found, text)  # they chose another council before: show it in the list
    return State("confirm" if len(candidates) == 1 else "candidates", found, text, candidates)


def _form(state: State, answers: dict, formdata=None):
    saved = (answers.get(SLUG) or {}).get("local_authority")
    today = today_in_london()
    if state.mode == "search":
        return CouncilPlaceForm(formdata=formdata, data=answers.get(SEARCH_KEY) or {}, today=today)
    if state.mode == "confirm":
        data = {"confirm": "yes"} if saved and saved == state.candidates[0][0] else {}
        return CouncilConfirmForm(formdata=formdata, data=data, today=today)
    if state.mode == "candidates":
        form = CouncilCandidatesForm(formdata=formdata, data={"local_authority": saved}, today=today)
        form.local_authority.choices = [*state.candidates, (OTHER, "Another council")]
        return form
    form = LocalAuthorityForm(formdata=formdata, data={"local_authority": saved}, today=today)
    form.local_authority.choices = [("", "Select a council")] + drafts.local_authority_choices()
    return form


def _here(**args: Any) -> str:
    change = request.args.get("change")
    if change:
        args["change"] = change
    return url_for(".question", slug=SLUG, **args)


def _chose(draft, la_id: str):
    drafts.save_answers(draft, SLUG, {"local_authority": la_id})
    drafts.save_answers(draft, SEARCH_KEY, {})  # a later change of address is looked up afresh
    if request.form.get("save_and_return"):
        return redirect(url_for(".save"))
    return redirect(_after(SLUG, drafts.answers_of(draft)))


def _from_the_list(draft, answers: dict):
    """A council chosen from the full list, whichever state the page was in when it was opened."""
    form = _form(State("list"), answers, request.form)
    if form.validate():
        return _chose(draft, form.local_authority.data)
    return None


def _post(draft, answers: dict, state: State):
    posted = request.form.get("local_authority")
    if posted and posted != OTHER and "confirm" not in request.form and "place" not in request.form:
        chosen = _from_the_list(draft, answers)
        if chosen is not None:
            return chosen, None
    form = _form(state, answers, request.form)
    if not form.validate():
        return None, form
    if state.mode == "search":
        place = form.place.data
        drafts.save_answers(draft, SEARCH_KEY, {"place": place.upper() if looks_like_postcode(place) else place})
        return redirect(_here()), None
    if state.mode == "confirm":
        if form.confirm.data == "yes":
            return _chose(draft, state.candidates[0][0]), None
        return redirect(_here(list="yes")), None
    if state.mode == "candidates":
        if form.local_authority.data == OTHER:
            return redirect(_here(list="yes")), None
        return _chose(draft, form.local_authority.data), None
    return _chose(draft, form.local_authority.data), None


@bp.route(f"/{SLUG}", methods=["GET", "POST"])
@public
@ANSWER_LIMIT
def council():
    draft = _draft()
    if draft is None:
        return redirect(url_for(".start"))
    answers = drafts.answers_of(draft)
    state = _state(answers)
    if request.method == "POST":
        response, form = _post(draft, answers, state)
        if response is not None:
            return response
    else:
        kept = recovered_answers()
        form = _form(state, answers, kept)
        if kept is not None:
            form.validate()
    return render_template(
        "request_assessment/council.html",
        form=form,
        state=state,
        step=steps.BY_SLUG[SLUG],
        page_title="Is this the right council?" if state.mode == "confirm" else steps.BY_SLUG[SLUG].title,
        back_url=_back(SLUG, answers),
        change=request.args.get("change"),
        list_url=_here(list="yes"),
        search_url=_here(search="yes"),
        autocomplete=state.mode == "list",
    )
