"""The family's side of choosing a setting: the settings the council suggests (the tailored list, with
what each provides), their preferences in order (up to three, from the list or any other setting: their
right under the Children and Families Act 2014, sections 38 and 39), check answers and confirmation,
and where each consultation with a setting has got to.

Scoped to the family's own cases (another family's case is 404); a setting id that is not on the case's
list is 404. The setting's reasons show only once the council shares them.
"""

from __future__ import annotations

from dataclasses import asdict
from types import MappingProxyType

from flask import abort, redirect, render_template, request, session, url_for
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from service.auth.family import current_family, family_required
from service.data import family as family_data
from service.data import placement as placement_data
from service.data import settings as settings_data
from service.forms.fields import GovForm
from service.journeys.track import bp
from service.journeys.track.people import whose
from service.web import today_in_london

RANKS = ((1, "first"), (2, "second"), (3, "third"))
OTHER, NONE = "other", "none"


class PreferencesForm(GovForm):
    """Each rank's choice is a radio group drawn by the template (its options come from the case's list)."""

    nouns = MappingProxyType(
        {f"other_{part}_{n}": label for n, _ in RANKS for part, label in (("name", "Name"), ("details", "Details"))}
    )
    choice_1 = StringField()
    choice_2 = StringField()
    choice_3 = StringField()
    other_name_1 = StringField(validators=[Length(max=200, message="Name must be 200 characters or fewer")])
    other_name_2 = StringField(validators=[Length(max=200, message="Name must be 200 characters or fewer")])
    other_name_3 = StringField(validators=[Length(max=200, message="Name must be 200 characters or fewer")])
    other_details_1 = TextAreaField(validators=[Length(max=1000, message="Details must be 1,000 characters or fewer")])
    other_details_2 = TextAreaField(validators=[Length(max=1000, message="Details must be 1,000 characters or fewer")])
    other_details_3 = TextAreaField(validators=[Length(max=1000, message="Details must be 1,000 characters or fewer")])
    other_urn_1 = StringField()
    other_urn_2 = StringField()
    other_urn_3 = StringField()


class ConfirmForm(GovForm):
    """Only the CSRF token."""


def _family() -> str:
    email = current_family()
    if email is None:
        abort(404)
    return email


def _case(case_id: int):
    case = family_data.case_for_family(_family(), case_id)
    if case is None:
        abort(404)
    return case


def _stated_by(case) -> str:
    access = family_data.access_of(_family(), case)
    if access is not None:
        return str(access.role)
    return "young_person" if case.requester_role == "young_person" else "parent"


def _key(case) -> str:
    return f"setting_preferences:{case.id}"


def family_status(consultation, case) -> dict:
    """What the family reads of one consultation (never the setting's reasons until the council shares them)."""
    name, needs = consultation.setting_name, whose(case).needs
    if consultation.decision == placement_data.NAMED:
        text = f"The council will name {name} in the final plan."
    elif consultation.decision == placement_data.NOT_NAMED:
        text = f"The council decided not to name {name}: {consultation.decision_reason}"
    elif consultation.answer == placement_data.PENDING:
        text = (
            f"The council has asked {name} whether it can meet {needs}. "
            f"{name} should answer by {_date(consultation.due_on)}."
        )
    else:
        text = f"{name} has answered: the council is deciding."
    shared = None
    if consultation.answer != placement_data.PENDING and consultation.shared_with_family:
        shared = {
            "answer": f"{name} can meet {needs}"
            if consultation.answer == "can_meet"
            else f"{name} cannot meet {needs}",
            "reasons": consultation.reasons,
            "would_need": consultation.would_need,
        }
    return {"name": name, "text": text, "shared": shared}


def _date(value) -> str:
    from service.domain.clock import format_govuk_date

    return format_govuk_date(value)


def _validate(case, form: PreferencesForm, entries, ok: bool) -> list[placement_data.Choice] | None:
    """The family's choices in order, or None with the errors on the form."""
    allowed = {str(entry.setting_id) for entry in entries}
    choices: list[placement_data.Choice] = []
    seen: dict[str, str] = {}
    for rank, word in RANKS:
        field = form[f"choice_{rank}"]
        value = (field.data or "").strip()
        if rank == 1 and value in ("", NONE):
            field.errors = ["Select your first choice, or another school, college or setting"]
            ok = False
            continue
        if value in ("", NONE):
            continue
        if value == OTHER:
            name_field = form[f"other_name_{rank}"]
            name = (name_field.data or "").strip()
            if not name:
                name_field.errors = [f"Enter the name of your {word} choice"]
                ok = False
                continue
            details = (form[f"other_details_{rank}"].data or "").strip()
            urn_field = form[f"other_urn_{rank}"]
            urn = (urn_field.data or "").replace(" ", "")
            if urn:
                found = placement_data.register_choice(case, int(urn)) if urn.isdigit() and len(urn) in (6, 7) else None
                if found is None:
                    urn_field.errors = [
                        f"There is no school or setting with URN {urn[:7]} in the list of settings: check it, "
                        "or leave it blank"
                    ]
                    ok = False
                    continue
                key = str(found.setting_id)
                choice = placement_data.Choice(found.setting_id, found.urn, found.name, details)
            else:
                key = "other:" + name.lower()
                choice = placement_data.Choice(None, None, name, details)
        else:
            if value not in allowed:
                abort(404)
            key = value
            found = placement_data.family_choice(case, int(value))
            if found is None:
                abort(404)
            choice = found
        if key in seen:
            field.errors = [f"Your {word} choice is the same as your {seen[key]} choice: choose a different setting"]
            ok = False
            continue
        seen[key] = word
        choices.append(choice)
    return choices if ok else None


def _page(case, form, status: int = 200):
    entries = placement_data.tailored_list(case)
    return render_template(
        "track/placement/settings.html",
        case=case,
        form=form,
        entries=entries,
        registered=placement_data.settings_of(entries),
        preferences=placement_data.preferences(case),
        statuses=[family_status(c, case) for c in placement_data.consultations(case)],
        ranks=RANKS,
        page_title=f"Schools and settings for {whose(case).child}",
        signed_in=True,
    ), status


@bp.route("/your-cases/<int:case_id>/settings", methods=["GET", "POST"])
@family_required
def settings(case_id: int):
    case = _case(case_id)
    if request.method == "GET":
        data = {}
        for row in placement_data.preferences(case):
            if row.rank <= 3:
                listed = row.setting_id is not None and placement_data.family_choice(case, row.setting_id) is not None
                data[f"choice_{row.rank}"] = str(row.setting_id) if listed else OTHER
                if not listed:
                    data[f"other_urn_{row.rank}"] = str(row.urn) if row.urn and row.setting_id else ""
                    data[f"other_name_{row.rank}"] = row.name
                    data[f"other_details_{row.rank}"] = row.other_details
        return _page(case, PreferencesForm(data=data))
    form = PreferencesForm()
    entries = placement_data.tailored_list(case)
    ok = form.validate()
    if "csrf_token" in form.errors:
        abort(400)
    choices = _validate(case, form, entries, ok)
    if choices is None:
        return _page(case, form, 400)
    session[_key(case)] = [asdict(choice) for choice in choices]
    return redirect(url_for("track.settings_check", case_id=case.id))


def _pending(case) -> list[placement_data.Choice] | None:
    raw = session.get(_key(case))
    if not raw:
        return None
    return [placement_data.Choice(**item) for item in raw]


@bp.route("/your-cases/<int:case_id>/settings/check", methods=["GET", "POST"])
@family_required
def settings_check(case_id: int):
    case = _case(case_id)
    choices = _pending(case)
    if choices is None:
        return redirect(url_for("track.settings", case_id=case.id))
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        # a setting on the list then may have gone since: check again, as when it was chosen
        allowed = {entry.setting_id for entry in placement_data.tailored_list(case)}
        if any(
            choice.setting_id is not None
            and choice.setting_id not in allowed
            and settings_data.setting_for(case.local_authority_id, choice.setting_id) is None
            for choice in choices
        ):
            session.pop(_key(case), None)
            return redirect(url_for("track.settings", case_id=case.id))
        placement_data.state_preferences(case, choices, stated_by=_stated_by(case), today=today_in_london())
        session.pop(_key(case), None)
        return redirect(url_for("track.settings_sent", case_id=case.id))
    return render_template(
        "track/placement/check.html",
        case=case,
        form=form,
        choices=choices,
        words=[word for _, word in RANKS],
        page_title="Check your preferences before sending them",
        signed_in=True,
    )


@bp.get("/your-cases/<int:case_id>/settings/sent")
@family_required
def settings_sent(case_id: int):
    case = _case(case_id)
    return render_template(
        "track/placement/sent.html",
        case=case,
        preferences=placement_data.preferences(case),
        page_title="Preferences sent",
        signed_in=True,
    )
