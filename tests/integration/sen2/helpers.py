"""Factory cases in Kent covering every SEN2 outcome in calendar year 2025 (collection 2026, census day
Thursday 15 January 2026), and a Leeds case that must never appear in Kent's return."""

from __future__ import annotations

from datetime import date

from service.db import db
from service.models import Disagreement, LaTransfer, TribunalOrderRecord
from tests.factories import KENT, LEEDS, council, make_case, make_disagreement

TODAY = date(2026, 6, 1)  # the day the figures are worked out: after census day 2026


def seed_every_outcome() -> dict[str, int]:
    ids: dict[str, int] = {}

    def case(name: str, stage: str, received: date, la: str = KENT, **fields) -> None:
        ids[name] = make_case(la, received, stage, today=TODAY, **fields).id

    case("awaiting", "request_received", date(2025, 11, 20), primary_need="")
    case("refused_quick", "not_to_assess", date(2025, 2, 3), decision_to_assess_on=date(2025, 3, 10))
    case("refused_slow", "not_to_assess", date(2025, 3, 3), decision_to_assess_on=date(2025, 5, 1),
         assess_notice_sent_on=date(2025, 5, 6))  # fmt: skip
    case("withdrawn", "withdrawn", date(2025, 4, 1), withdrawn_on=date(2025, 4, 20))
    case("assessing", "assessing", date(2025, 9, 1), decision_to_assess_on=date(2025, 10, 1))
    case("not_to_issue", "not_to_issue", date(2025, 1, 6), decision_to_assess_on=date(2025, 2, 10),
         decision_to_issue_on=date(2025, 5, 1))  # fmt: skip
    case("draft", "draft_issued", date(2025, 6, 2), decision_to_assess_on=date(2025, 7, 1),
         decision_to_issue_on=date(2025, 10, 1), draft_served_on=date(2025, 10, 6))  # fmt: skip
    case("on_time", "final_issued", date(2025, 1, 13), decision_to_assess_on=date(2025, 2, 17),
         final_issued_on=date(2025, 5, 26), primary_need="ASD", secondary_need="SLCN")  # fmt: skip
    case("late_with_exception", "final_issued", date(2025, 2, 3), decision_to_assess_on=date(2025, 3, 17),
         final_issued_on=date(2025, 9, 1), exceptions_apply=True, primary_need="SEMH")  # fmt: skip
    case("late", "final_issued", date(2025, 3, 3), decision_to_assess_on=date(2025, 4, 10),
         final_issued_on=date(2025, 10, 6), primary_need="ASD")  # fmt: skip
    case("historical", "final_issued", date(2023, 5, 1), decision_to_assess_on=date(2023, 6, 1),
         final_issued_on=date(2023, 10, 2), upn="A123456789012")  # fmt: skip
    case("ceased", "final_issued", date(2022, 5, 2), decision_to_assess_on=date(2022, 6, 1),
         final_issued_on=date(2022, 10, 3), ceased_on=date(2025, 9, 1), cease_reason=2,
         cease_decision_on=date(2025, 6, 2), primary_need="SLCN")  # fmt: skip
    case("transferred_in", "final_issued", date(2021, 5, 3), decision_to_assess_on=date(2021, 6, 1),
         final_issued_on=date(2021, 10, 4), primary_need="HI")  # fmt: skip
    db.session.add(LaTransfer(case_id=ids["transferred_in"], from_local_authority_id=council(LEEDS).id,
                              to_local_authority_id=council(KENT).id, aware_on=date(2025, 5, 1),
                              transferred_on=date(2025, 5, 22)))  # fmt: skip
    # Mediation and then the Tribunal reversed this refusal: the refusal stays N, the flags are set.
    case("reversed", "not_to_assess", date(2025, 5, 6), decision_to_assess_on=date(2025, 6, 2))
    db.session.commit()
    # A plan issued on time after mediation: not in DfE's 20-week measure.
    case("disputed_plan", "final_issued", date(2025, 1, 20), decision_to_assess_on=date(2025, 2, 24),
         final_issued_on=date(2025, 6, 2), primary_need="ASD")  # fmt: skip
    case("next_year", "request_received", date(2026, 1, 8))
    case("leeds", "final_issued", date(2025, 1, 6), la=LEEDS, decision_to_assess_on=date(2025, 2, 3),
         final_issued_on=date(2025, 5, 5), child_last_name="Leedsonly")  # fmt: skip
    from service.models import Case

    reversal = make_disagreement(db.session.get(Case, ids["reversed"]), contacted_on=date(2025, 6, 10))
    reversal.mediation_held_on = date(2025, 7, 1)
    reversal.appealed_on = date(2025, 7, 20)
    db.session.add(TribunalOrderRecord(case_id=ids["reversed"], local_authority_id=council(KENT).id,
                                       disagreement_id=reversal.id, kind="assess_notify",
                                       ordered_on=date(2025, 11, 3)))  # fmt: skip
    db.session.add(Disagreement(case_id=ids["disputed_plan"], local_authority_id=council(KENT).id,
                                decision_kind="not_to_issue", decision_notice_on=date(2025, 3, 3),
                                wants_mediation=True, contacted_on=date(2025, 3, 10),
                                mediation_held_on=date(2025, 4, 1)))  # fmt: skip
    db.session.commit()
    return ids
