"""The numbers of the law, in one place, with their sources. Rules marked UNCONFIRMED in the domain
notes (SEND-PROCESS.md) are switches here, so a council's lawyers can set them without a code change."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    decision_to_assess_weeks: int = 6  # reg 5(1)
    advice_weeks: int = 6  # reg 8(1)
    not_to_issue_weeks: int = 16  # reg 10
    draft_comment_days: int = 15  # reg 13(1): "beginning with the day on which it was served"
    final_plan_weeks: int = 20  # reg 13(2)
    annual_review_months: int = 12  # CFA 2014 s44(1)
    review_notice_weeks: int = 2  # reg 20 (notice of the meeting)
    review_report_weeks: int = 2  # reg 20 (report after the meeting)
    review_decision_weeks: int = 4  # reg 20 (para no. UNCONFIRMED)
    amendment_comment_days: int = 15  # reg 22(2)
    amended_plan_weeks: int = 8  # reg 22
    reassessment_decision_days: int = 15  # regs 23-25 (nos. UNCONFIRMED)
    reassessment_final_weeks: int = 14  # reg 27(2)
    transfer_working_days: int = 15  # reg 15
    transfer_notice_weeks: int = 6  # reg 15
    transfer_review_months: int = 3  # reg 15
    adviser_contact_months: int = 2  # reg 33; CFA s55
    certificate_working_days: int = 3  # reg 34 and after mediation ends (CoP ch. 11)
    mediation_days: int = 30  # regs 35-37 (nos. UNCONFIRMED)
    mediation_notice_working_days: int = 5  # reg UNCONFIRMED (IASS guidance)
    agreement_weeks: int = 2  # reg 42: matters that cannot be appealed
    appeal_months_from_decision: int = 2  # Tribunal Procedure Rules r.20(1)(c)
    appeal_months_from_certificate: int = 1  # Tribunal Procedure Rules r.20(1)(c)
    # UNCONFIRMED (IPSEA guidance; rule number not found): an appeal deadline in August moves to the
    # first working day of September, and one from 25 December to 1 January to the next working day.
    appeal_august_moves_to_september: bool = True
    appeal_christmas_moves_to_next_working_day: bool = True
    due_soon_working_days: int = 5  # service choice: "due within 5 working days" in the caseload


DEFAULT_RULES = Rules()
