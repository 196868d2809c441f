"""The numbers of the law, in one place, with their sources.

Rules marked UNCONFIRMED in the domain notes (SEND-PROCESS.md) are fields here, so a council's lawyers can
change them without a code change: build `Rules(...)` with different values and pass it as `rules=` to any
timeline function. Every field's comment names its source.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rules:
    # The assessment (SEND Regulations 2014, SI 2014/1530). Calendar weeks from receipt of the request.
    decision_to_assess_weeks: int = 6  # reg 5(1)
    advice_weeks: int = 6  # reg 8(1): from the adviser being asked
    not_to_issue_weeks: int = 16  # reg 10
    draft_comment_days: int = 15  # reg 13(1): "beginning with the day on which the draft plan was served"
    final_plan_weeks: int = 20  # reg 13(2)
    consultation_days: int = 15  # CFA 2014 s39(2); CoP 9.80: a setting should answer within 15 days
    # After the plan
    annual_review_months: int = 12  # CFA 2014 s44(1)
    under_5_review_months: int = 6  # CoP 9.178: consider reviewing every 3 to 6 months for a child under 5
    review_notice_weeks: int = 2  # reg 20: at least 2 weeks' notice of the review meeting
    review_report_weeks: int = 2  # reg 20: report within 2 weeks of the meeting
    review_decision_weeks: int = 4  # reg 20 (paragraph number UNCONFIRMED): decision within 4 weeks
    amendment_comment_days: int = 15  # reg 22(2): at least 15 days, beginning with the day sent
    amended_plan_weeks: int = 8  # reg 22: final amended plan within 8 weeks of sending the proposals
    post_16_transfer_months_before: int = 5  # reg 18(2): post-16 to post-16, at least 5 months before the move
    reassessment_decision_days: int = 15  # regs 23-25 (numbers UNCONFIRMED)
    reassessment_refusal_months: int = 6  # LA may refuse if assessed < 6 months ago (UNCONFIRMED; Kent/Surrey)
    reassessment_final_weeks: int = 14  # reg 27(2)
    transfer_working_days: int = 15  # reg 15(2)
    transfer_notice_weeks: int = 6  # reg 15: the new LA's notice within 6 weeks of the transfer
    transfer_review_months: int = 3  # reg 15: review by the later of 12 months or 3 months from transfer
    # Ceasing a plan (CFA 2014 s45; regs 29-31 and 46)
    max_age: int = 25  # reg 46 (SEND-PROCESS.md 2.6): the plan ends with the academic year they turn 25
    # The academic year's last day (UNCONFIRMED: reg 46 says "the end of the academic year"; 31 July is the
    # school year's usual end, and SEN2's guidance counts the academic year from 1 August)
    academic_year_end_month: int = 7
    academic_year_end_day: int = 31
    max_age_warning_months: int = 12  # service choice: show the age limit when it is this close
    under_18: int = 18  # reg 29 and CFA s45(4): under 18, only if no longer necessary (or not responsible)
    # Disagreement (SEND Regulations 2014 Part 6; CFA 2014 s55)
    adviser_contact_months: int = 2  # reg 33; CFA s55
    certificate_working_days: int = 3  # reg 34 (the mediation adviser); reg 39 after mediation (the mediator)
    mediation_days: int = 30  # "within 30 days of being told" (regs 35 to 37)
    health_notice_working_days: int = 3  # LA tells each ICB of the health issues (reg 35)
    # At least 5 working days' notice of the mediation: local mediation guidance (Stoke IASS), a service
    # rule; regs 32-42 of the SEND Regulations 2014 set no notice period.
    mediation_notice_working_days: int = 5
    agreement_weeks: int = 2  # reg 42: agreed actions on matters that cannot be appealed
    icb_agreement_notice_weeks: int = 1  # reg 42(4): the ICB tells the council within 1 week what it will do
    # Reg 45 (as amended by SI 2015/359; UNCONFIRMED): an appeal the council does not oppose is treated as
    # determined in the family's favour on the day the council told the Tribunal, so the reg 44(2) periods
    # run from that day. False would leave unopposed appeals without deadlines until an order is recorded.
    unopposed_runs_from_notice: bool = True
    appeal_months_from_decision: int = 2  # Tribunal Procedure (HESC) Rules 2008, r.20(1)(c)
    appeal_months_from_certificate: int = 1  # Tribunal Procedure (HESC) Rules 2008, r.20(1)(c)
    # UNCONFIRMED in the domain notes (IPSEA gives the rule without its number). Found since: the HESC Rules
    # 2008 r.12(3)(a), as amended by the Tribunal Procedure (Amendment) Rules 2020: an application notice due
    # on 25 December-1 January, or on any day in August, is in time on the first working day after 1 January
    # or 31 August. r.12(2): one due on any other non-working day is in time on the next working day.
    appeal_august_moves_to_september: bool = True
    appeal_christmas_moves_to_next_working_day: bool = True
    appeal_non_working_day_moves_to_next_working_day: bool = True
    # Service choices, not law
    due_soon_working_days: int = 5  # "due soon": due within 5 working days of today (issue #3)
    # An exception counts against a limit only if its period overlaps the time the limit ran (a circumstance
    # that began after the due date cannot have made meeting it impractical). Regs 5(4), 8(2), 10(4), 13(3)
    # say "impractical ... because of"; this reading is the service's (UNCONFIRMED), and can be switched off.
    exception_must_overlap_period: bool = True


DEFAULT_RULES = Rules()
