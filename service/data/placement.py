"""Where a child is educated (issue 14): the council's tailored list of settings for a child, the
family's preferences in order, and the consultation of each setting on the draft plan (CFA 2014
s38-39, SEND Regulations 2014 reg 13; CoP 9.78-9.80).

Every lookup that takes an id is scoped: a setting to what the council may see in the register (the
national rows it has not shadowed and its own), a list entry or a consultation to the case, and the
case itself to the council (staff) or to the family before it reaches here. Every change writes a case
event (the family sees the ones about them), an audit event, and the messages it causes, in the same
transaction; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from service.data import audit, notifications, plan_changes, plans
from service.data.context import ChangeContext
from service.data.family_messages import send_case_update
from service.data.professionals import organisation_by_urn
from service.data.rows import saved_id
from service.data.settings import setting_by_urn, setting_for
from service.db import db
from service.domain.clock import consultation_due, format_govuk_date
from service.domain.ehcp import document as plan_document
from service.links import external_url
from service.models import (
    Case,
    CaseEvent,
    Consultation,
    LocalAuthority,
    Organisation,
    PlanVersion,
    Professional,
    Setting,
    SettingPreference,
    StaffUser,
    TailoredSetting,
)
from service.models.organisation import SETTING
from service.models.placement import CAN_MEET, CANNOT_MEET, NAMED, NOT_NAMED, PENDING

__all__ = ["CAN_MEET", "CANNOT_MEET", "NAMED", "NOT_NAMED", "PENDING"]

NO_DRAFT = "Issue the draft plan before consulting settings: they are sent the draft"


class PlacementError(Exception):
    """A change that cannot be made, with the words to show."""


def _actor(change: ChangeContext) -> str:
    return f"{change.user.name} (council)"


def _event(case: Case, kind: str, summary: str, actor: str, family_visible: bool = True) -> None:
    db.session.add(
        CaseEvent(case_id=saved_id(case), kind=kind, summary=summary[:500], actor=actor, family_visible=family_visible)
    )


def _audit(change: ChangeContext, case: Case, action: str, detail: str = "") -> None:
    audit.record(change.user.id, change.user.local_authority_id, action, case.id, detail=detail, ip_address=change.ip)


# --- The tailored list ------------------------------------------------------------------------------


def tailored_list(case: Case) -> list[TailoredSetting]:
    query = select(TailoredSetting).where(col(TailoredSetting.case_id) == case.id)
    return list(db.session.exec(query.order_by(col(TailoredSetting.id))))


def list_entry(case: Case, entry_id: int) -> TailoredSetting | None:
    """One entry of this case's list; None for another case's."""
    query = select(TailoredSetting).where(col(TailoredSetting.id) == entry_id, col(TailoredSetting.case_id) == case.id)
    return db.session.exec(query).first()


def settings_of(entries: list[TailoredSetting]) -> dict[int, Setting]:
    """The register rows of the list's entries, by id (for their type, phase and town)."""
    ids = [entry.setting_id for entry in entries]
    if not ids:
        return {}
    rows = db.session.exec(select(Setting).where(col(Setting.id).in_(ids)))
    return {row.id: row for row in rows if row.id is not None}


def add_to_list(change: ChangeContext, case: Case, setting: Setting, reason: str = "") -> TailoredSetting:
    """Add a setting (already scoped to the council) to the child's list; PlacementError if it is on it."""
    if any(
        entry.setting_id == setting.id or (setting.urn and entry.urn == setting.urn) for entry in tailored_list(case)
    ):
        raise PlacementError(f"{setting.name} is already on {case.child_first_name}'s list")
    entry = TailoredSetting(
        case_id=saved_id(case),
        setting_id=saved_id(setting),
        urn=setting.urn,
        name=setting.name,
        reason=reason,
        added_by_id=change.user.id,
    )
    db.session.add(entry)
    _event(case, "setting_listed", f"{setting.name} added to the list of settings", _actor(change), False)
    _audit(change, case, "placement.list_add", f"setting:{setting.id}")
    db.session.flush()
    return entry


def remove_from_list(change: ChangeContext, case: Case, entry: TailoredSetting) -> None:
    db.session.delete(entry)
    _event(case, "setting_unlisted", f"{entry.name} removed from the list of settings", _actor(change), False)
    _audit(change, case, "placement.list_remove", f"setting:{entry.setting_id}")
    db.session.flush()


def set_reason(change: ChangeContext, case: Case, entry: TailoredSetting, reason: str) -> None:
    entry.reason = reason
    db.session.add(entry)
    _audit(change, case, "placement.list_reason", f"setting:{entry.setting_id}")
    db.session.flush()


def tell_family_list_ready(change: ChangeContext, case: Case) -> None:
    """Tell the family the list is ready for them to read and state a preference."""
    summary = f"The council suggested schools and other settings that could meet {case.child_first_name}'s needs"
    _event(case, "settings_list_ready", summary, _actor(change))
    _audit(change, case, "placement.list_ready")
    send_case_update(
        case,
        summary,
        change.today,
        "Read the list and tell the council which school or other setting you prefer. You can also ask for one "
        "that is not on the list.",
    )


# --- The family's preferences ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Choice:
    """One preference as the family stated it: a setting from the register, or another setting."""

    setting_id: int | None
    urn: int | None
    name: str
    other_details: str = ""


def preferences(case: Case) -> list[SettingPreference]:
    query = select(SettingPreference).where(col(SettingPreference.case_id) == case.id)
    return list(db.session.exec(query.order_by(col(SettingPreference.rank))))


def family_choice(case: Case, setting_id: int) -> Choice | None:
    """A setting the family may choose by id: one on the case's list, else None."""
    entry = next((e for e in tailored_list(case) if e.setting_id == setting_id), None)
    return Choice(entry.setting_id, entry.urn, entry.name) if entry else None


def register_choice(case: Case, urn: int) -> Choice | None:
    """A setting the family names by URN, as the council sees the register; None if there is none."""
    setting = setting_by_urn(case.local_authority_id, urn)
    return Choice(setting.id, setting.urn, setting.name) if setting else None


def state_preferences(case: Case, choices: list[Choice], *, stated_by: str, today: date) -> None:
    """Replace the family's statement with `choices` (first choice first); the timeline keeps each one."""
    for row in preferences(case):
        db.session.delete(row)
    db.session.flush()
    for rank, choice in enumerate(choices, start=1):
        db.session.add(
            SettingPreference(
                case_id=saved_id(case),
                rank=rank,
                setting_id=choice.setting_id,
                urn=choice.urn,
                name=choice.name[:200],
                other_details=choice.other_details[:1000],
                stated_on=today,
                stated_by=stated_by[:40],
            )
        )
    names = ", then ".join(choice.name for choice in choices)
    _event(case, "preference_stated", f"The family said which settings they prefer: {names}"[:500], "The family")
    send_case_update(
        case,
        f"We received the settings you prefer for {case.child_first_name}",
        today,
        "The council will consult the setting you prefer on the draft plan and tell you what it decides.",
    )
    db.session.flush()


# --- Consultations ---------------------------------------------------------------------------------


def latest_draft(case: Case) -> PlanVersion | None:
    query = select(PlanVersion).where(col(PlanVersion.case_id) == case.id, col(PlanVersion.status) == "draft")
    return db.session.exec(query.order_by(col(PlanVersion.number).desc()).limit(1)).first()


def consultations(case: Case) -> list[Consultation]:
    query = select(Consultation).where(col(Consultation.case_id) == case.id)
    return list(db.session.exec(query.order_by(col(Consultation.id))))


def consultation_for_case(case: Case, consultation_id: int) -> Consultation | None:
    query = select(Consultation).where(col(Consultation.id) == consultation_id, col(Consultation.case_id) == case.id)
    return db.session.exec(query).first()


def organisation_of(setting: Setting, local_authority_id: int) -> Organisation:
    """The setting's organisation (by URN), made from the register row when it has none yet."""
    if setting.urn is not None:
        found = organisation_by_urn(setting.urn)
    else:  # a council's own setting with no URN: its organisation has the same name, added by the council
        query = select(Organisation).where(
            col(Organisation.kind) == SETTING,
            col(Organisation.urn).is_(None),
            col(Organisation.name) == setting.name,
            col(Organisation.local_authority_id) == local_authority_id,
        )
        found = db.session.exec(query.order_by(col(Organisation.id))).first()
    if found is not None:
        return found
    organisation = Organisation(kind=SETTING, name=setting.name, urn=setting.urn, local_authority_id=local_authority_id)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def recipients(organisation: Organisation) -> list[str]:
    """Who at the organisation is told of new work: its active people and its shared inbox."""
    people = db.session.exec(
        select(Professional.email)
        .where(
            col(Professional.organisation_id) == organisation.id,
            col(Professional.active).is_(True),
            col(Professional.disabled).is_(False),
        )
        .order_by(col(Professional.id))
    ).all()
    addresses = list(dict.fromkeys([*people, *([organisation.email] if organisation.email else [])]))
    return addresses


def recipients_of(consultation: Consultation) -> list[str]:
    organisation = db.session.get(Organisation, consultation.organisation_id)
    return recipients(organisation) if organisation else []


@dataclass(frozen=True, slots=True)
class Sent:
    consultation: Consultation
    organisation: Organisation
    told: int  # how many addresses the email went to


def send_consultation(change: ChangeContext, case: Case, setting: Setting, message: str = "") -> Sent:
    """Consult a setting on the latest draft. PlacementError with NO_DRAFT when no draft was issued, or
    when this setting was already sent this draft."""
    draft = latest_draft(case)
    if draft is None:
        raise PlacementError(NO_DRAFT)
    organisation = organisation_of(setting, case.local_authority_id)
    if any(c.organisation_id == organisation.id and c.plan_version_id == draft.id for c in consultations(case)):
        raise PlacementError(f"{setting.name} has already been sent {draft.label} of the plan")
    consultation = Consultation(
        case_id=saved_id(case),
        organisation_id=saved_id(organisation),
        setting_id=setting.id,
        urn=setting.urn,
        setting_name=setting.name,
        plan_version_id=draft.id,
        sent_on=change.today,
        due_on=consultation_due(change.today),
        message=message,
        sent_by_id=change.user.id,
    )
    db.session.add(consultation)
    db.session.flush()
    _event(case, "setting_consulted", f"The council consulted {setting.name}", _actor(change))
    _audit(change, case, "placement.consult", f"consultation:{consultation.id}")
    council = db.session.get(LocalAuthority, case.local_authority_id)
    addresses = recipients(organisation)
    for address in addresses:
        notifications.send_consultation_sent(
            to=address,
            council=council.name if council else "",
            reference=case.reference,
            child_first_name=case.child_first_name,
            due_by=format_govuk_date(consultation.due_on),
            link=external_url("professional.consultation", consultation_id=consultation.id),
            case_id=saved_id(case),
        )
    return Sent(consultation, organisation, len(addresses))


def status_of(consultation: Consultation, today: date) -> str:
    """Waiting, Overdue, Can meet needs, Cannot meet needs or Answered late."""
    if consultation.answer == PENDING:
        return "Overdue" if today > consultation.due_on else "Waiting"
    if consultation.late:
        return "Answered late"
    return "Can meet needs" if consultation.answer == CAN_MEET else "Cannot meet needs"


def answer(
    person: Professional, consultation: Consultation, case: Case, *, can_meet: bool, reasons: str, would_need: str,
    today: date, ip: str,
) -> None:  # fmt: skip
    """The setting's answer; a late answer is accepted and marked late. The caller checked it is unanswered."""
    consultation.answer = CAN_MEET if can_meet else CANNOT_MEET
    consultation.reasons = reasons
    consultation.would_need = would_need
    consultation.answered_on = today
    consultation.answered_by_id = person.id
    consultation.late = today > consultation.due_on
    db.session.add(consultation)
    _event(
        case,
        "setting_answered",
        f"{consultation.setting_name} answered",
        f"{person.name} ({consultation.setting_name})",
    )
    audit.record_professional(
        saved_id(person),
        case.local_authority_id,
        "consultation.answer",
        case_id=case.id,
        detail=f"consultation:{consultation.id}" + ("; late" if consultation.late else ""),
        ip_address=ip,
    )
    if case.assigned_caseworker_id:
        caseworker = db.session.get(StaffUser, case.assigned_caseworker_id)
        if caseworker is not None and caseworker.email:
            notifications.send_consultation_answered(
                to=caseworker.email,
                setting=consultation.setting_name,
                reference=case.reference,
                child_first_name=case.child_first_name,
                answered_on=format_govuk_date(today),
                due_by=format_govuk_date(consultation.due_on),
                link=external_url("staff.consultation", case_id=case.id, consultation_id=consultation.id),
                case_id=saved_id(case),
            )
    db.session.flush()


def share_with_family(change: ChangeContext, case: Case, consultation: Consultation, shared: bool) -> None:
    consultation.shared_with_family = shared
    db.session.add(consultation)
    _audit(change, case, "placement.share" if shared else "placement.unshare", f"consultation:{consultation.id}")
    db.session.flush()


def decide(
    change: ChangeContext,
    case: Case,
    consultation: Consultation,
    *,
    named: bool,
    attendance: str = "",
    reason: str = "",
) -> None:
    """The council's decision. Naming writes section I of the plan's working copy (the final plan then
    carries it, and issuing it records the named setting on the case); an earlier named setting is not
    named any more."""
    consultation.decision = NAMED if named else NOT_NAMED
    consultation.decision_reason = "" if named else reason
    consultation.decided_on = change.today
    db.session.add(consultation)
    if named:
        for other in consultations(case):
            if other.id != consultation.id and other.decision == NAMED:
                other.decision = NOT_NAMED
                other.decision_reason = f"The council named {consultation.setting_name} instead"
                other.decided_on = change.today
                db.session.add(other)
        plan = plans.plan_for_case(case)
        if plan is not None:
            setting = setting_for(case.local_authority_id, consultation.setting_id) if consultation.setting_id else None
            values = {
                "name": consultation.setting_name,
                "urn": str(consultation.urn) if consultation.urn else "",
                "type": setting.type_name if setting else "",
                "attendance": attendance,
            }
            document = plan_document.replace_part(plans.working(plan), "placement", values)
            plan_changes.save(
                change,
                plan,
                document,
                section="i",
                opened_version=plan.version,
                summary=f"Section I: {consultation.setting_name} named after consultation",
            )
        summary = f"{consultation.setting_name} will be named in the final plan"
        _event(case, "setting_named", summary, _actor(change))
        send_case_update(case, summary, change.today)
    else:
        _event(
            case, "setting_not_named", f"The council decided not to name {consultation.setting_name}", _actor(change)
        )
    _audit(change, case, "placement.decide", f"consultation:{consultation.id}; {consultation.decision}")
    db.session.flush()
