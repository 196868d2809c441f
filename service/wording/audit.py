"""The audit trail in words: what each AuditEvent.action code means ("Viewed the case"), and its detail made
readable ("review:4; 2026-10-03" is "Review 4, 3 October 2026"). Every action code the service records
has its words here: tests/integration/staff/test_audit_wording.py finds them in the code and fails on one
without. The codes themselves stay in the database and the CSV download, unchanged."""

from __future__ import annotations

import re
from datetime import date

from service.domain.dates import format_govuk_date

ACTIONS = {
    # The case
    "case.view": "Viewed the case",
    "case.view_timeline": "Viewed the timeline",
    "case.view_history": "Viewed what has happened",
    "case.view_documents": "Viewed the documents",
    "case.view_notes": "Viewed the notes",
    "case.view_audit": "Viewed the audit trail",
    "case.export_audit": "Downloaded the audit trail",
    "caseload.export": "Downloaded the caseload as a spreadsheet (CSV)",
    "sen2.view": "Viewed the SEN2 return and its validation report",
    "sen2.download": "Downloaded the SEN2 return or its validation report",
    "dashboard.view": "Viewed the council's dashboard",
    "dashboard.export": "Downloaded a table of the council's dashboard (CSV)",
    "threshold.change": "Changed a threshold of the ladder of intervention",
    "national.export": "Downloaded the national view's table of councils (CSV)",
    "case.view_cease": "Viewed ceasing the plan",
    "case.view_phase_transfer": "Viewed the phase transfer",
    "case.view_tribunal_orders": "Viewed the Tribunal's orders",
    "case.document_download": "Downloaded a document",
    "case.document_upload": "Uploaded a document",
    "case.note_added": "Added a note",
    "case.create_request": "Recorded a request received by post, email or phone",
    "case.assign": "Assigned a caseworker",
    "case.request_advice": "Recorded that advice was requested",
    "case.record_advice": "Recorded that advice was received",
    "case.apply_exception": "Applied an exception to a time limit",
    "case.decide_to_assess": "Recorded the decision to assess",
    "case.decide_not_to_assess": "Recorded the decision not to assess",
    "case.decide_to_issue": "Recorded the decision to issue a plan",
    "case.decide_not_to_issue": "Recorded the decision not to issue a plan",
    "case.serve_draft": "Recorded that the draft plan was served",
    "case.issue_final": "Recorded that the final plan was issued",
    "case.withdraw": "Recorded that the request was withdrawn",
    "case.set_phase_transfer": "Recorded the phase transfer",
    "case.cease_decision": "Recorded the decision to cease the plan",
    "case.cease_withdrawn": "Withdrew the proposal to cease the plan",
    "case.plan_ceased": "Recorded that the plan ceased",
    "case.tribunal_order": "Recorded a Tribunal order",
    "case.tribunal_order_done": "Recorded that a Tribunal order was carried out",
    # Advice
    "advice.list": "Viewed the advice requests",
    "advice.view": "Viewed an advice request",
    "advice.view_item": "Viewed part of the advice",
    "advice.edit": "Edited the advice",
    "advice.attach": "Attached a document to the advice",
    "advice.detach": "Removed a document from the advice",
    "advice.send": "Sent the advice to the council",
    "advice.export": "Downloaded the advice",
    "advice.add_to_plan": "Added the advice to the plan",
    # The plan
    "plan.start": "Started writing the plan",
    "plan.view": "Viewed the plan",
    "plan.view_section": "Viewed a section of the plan",
    "plan.view_item": "Viewed an item in the plan",
    "plan.edit": "Edited the plan",
    "plan.preview": "Previewed the plan",
    "plan.view_issue": "Viewed issuing the plan",
    "plan.issue_draft": "Issued a draft plan",
    "plan.issue_final": "Issued the final plan",
    "plan.issue_proposals": "Issued the proposed amendments",
    "plan.issue_amended": "Issued the amended plan",
    "plan.view_versions": "Viewed the plan's versions",
    "plan.view_version": "Viewed a version of the plan",
    "plan.compare": "Compared versions of the plan",
    "plan.export_json": "Downloaded the plan as data",
    "plan.view_comments": "Viewed the family's comments on the draft",
    "plan.view_comment": "Viewed a comment on the draft",
    "plan.respond": "Responded to a comment on the draft",
    # Reviews
    "review.view": "Viewed the annual review",
    "review.view_start": "Viewed starting the annual review",
    "review.start": "Started the annual review",
    "review.view_meeting": "Viewed the review meeting",
    "review.meeting": "Arranged the review meeting",
    "review.view_report": "Viewed the review report",
    "review.report_edit": "Edited the review report",
    "review.report_sent": "Sent the review report",
    "review.view_plan": "Viewed the plan for the review",
    "review.view_decision": "Viewed the review decision",
    "review.decision": "Recorded the decision after the review",
    # Placement and consultations
    "placement.view": "Viewed the placement",
    "placement.find": "Searched for a school or other setting",
    "placement.list_add": "Added a setting to the family's list",
    "placement.list_remove": "Removed a setting from the family's list",
    "placement.list_reason": "Recorded why a setting is on the list",
    "placement.list_ready": "Marked the list of settings ready",
    "placement.consult": "Consulted a school or other setting",
    "placement.view_consultation": "Viewed a consultation",
    "placement.share": "Shared a consultation's answer with the family",
    "placement.unshare": "Stopped sharing a consultation's answer with the family",
    "placement.decide": "Recorded the placement decision",
    "consultation.view": "Viewed a consultation",
    "consultation.answer": "Answered a consultation",
    # Disagreements
    "disagreement.view": "Viewed a disagreement",
    "disagreement.contact_recorded": "Recorded contact with the mediation adviser",
    "disagreement.mediation_arranged": "Recorded that mediation was arranged",
    "disagreement.outcome_recorded": "Recorded the outcome of mediation",
    "disagreement.certificate_issued": "Recorded that a mediation certificate was issued",
    "disagreement.appeal_recorded": "Recorded an appeal to the SEND Tribunal",
    "disagreement.action_added": "Added an agreed action",
    "disagreement.action_done": "Recorded that an agreed action was done",
    "disagreement.icb_told": "Told the health commissioners (ICB) about the disagreement",
    "disagreement.icb_told_council": "Recorded that the health commissioners (ICB) told the council",
    "council.disagreement_contacts_changed": "Changed the council's contacts for disagreements",
    # Transfers between councils
    "transfer.list": "Viewed the transfers",
    "transfer.view": "Viewed a transfer",
    "transfer.recorded": "Recorded a move to another council",
    "transfer.cancelled": "Cancelled a transfer",
    "transfer.out": "Transferred the plan to another council",
    "transfer.in": "Received the plan from another council",
    "transfer.notice": "Recorded the new council's notice to the family",
    "transfer.refused_stale": "A change was refused: the case had already been transferred",
    # Organisations, settings and people
    "organisation.add": "Added an organisation",
    "organisation.invite": "Invited someone to an organisation",
    "organisation.reinvite": "Invited someone to an organisation again",
    "organisation.remove": "Removed someone from an organisation",
    "organisation.new_link": "Sent a new sign-in link to someone in an organisation",
    "professional.accept_invitation": "Accepted an invitation to the service",
    "setting.add": "Added a school or other setting",
    "setting.correct": "Corrected a school's or other setting's details",
    "inclusion_plan.save": "Saved the local inclusion plan",
    "staff.invite": "Invited a member of staff",
    "staff.password_set": "Set a password",
    "staff.role": "Changed a member of staff's role",
    "staff.disable": "Stopped a member of staff's access",
    "staff.enable": "Restored a member of staff's access",
    "staff.second_factor": "Changed how they get security codes",
    "security.cross_council_denied": "Was refused another council's record",
}

# What the ids in a detail refer to ("review:4" is "Review 4").
_REFERENCES = {
    "action": "Agreed action",
    "advice": "Advice request",
    "comment": "Comment",
    "consultation": "Consultation",
    "disagreement": "Disagreement",
    "from": "From council",
    "order": "Order",
    "organisation": "Organisation",
    "professional": "Professional",
    "reason": "Reason",
    "review": "Review",
    "setting": "Setting",
    "staff": "Staff member",
    "to": "To council",
    "transfer": "Transfer",
}
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_REFERENCE = re.compile(r"\b([a-z_]+):(\d+)\b")
_LABELLED = re.compile(r"\b([a-z_]+):([a-z_]+)\b")
_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def action_text(action: str) -> str:
    """The plain-English words for an action code (the code itself if it has none yet)."""
    return ACTIONS.get(action, action)


def _date(match: re.Match[str]) -> str:
    try:
        return format_govuk_date(date(int(match[1]), int(match[2]), int(match[3])))
    except ValueError:
        return match[0]


def _reference(match: re.Match[str]) -> str:
    noun = _REFERENCES.get(match[1])
    return f"{noun} {match[2]}" if noun else match[0]


def detail_text(detail: str) -> str:
    """A structured detail in words: dates as GOV.UK dates, ids named, codes as words, parts by commas."""
    if not detail:
        return ""
    parts = []
    for part in detail.split("; "):
        part = _ISO_DATE.sub(_date, part)
        part = re.sub(r"^notice[: ]", "letter sent ", part.replace(" notice ", ", letter sent "))
        part = _REFERENCE.sub(_reference, part)
        part = re.sub(r"\b([a-z_]+):(?=\d)", r"\1 ", part)
        part = _LABELLED.sub(lambda m: f"{m[1].replace('_', ' ')}: {m[2].replace('_', ' ')}", part)
        parts.append(_CODE.sub(lambda m: m[0].replace("_", " "), part).replace("->", " to "))
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]
