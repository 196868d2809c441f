"""A council's SEN2 return built from its cases' facts, and the checks run on it before submission.

`CaseFacts` is one case as service.data.sen2 reads it (the same rows service.data.figures counts, so the
dashboard and the return cannot disagree). `build_return` turns them into the DfE's modules (SEN2.md
section 1) and `Failure`s; a case with a missing fact is still in the return, with its failures listed,
never dropped. Rules followed (SEN2.md section 2):

- requests, assessments and ceased plans are those of the previous calendar year; active plans are
  those active at any time from its start to the census day. An outcome dated after 31 December is
  not yet made for this return (A): how events between 1 January and census day count is unconfirmed.
- an original outcome is never overwritten: the service keeps a refusal on the case when mediation or
  the Tribunal later reverses it (the order is a TribunalOrderRecord, the case's decision stays N), and
  the Request/Assessment Mediation and Tribunal flags are set instead.
- a plan transferred in is H at request and assessment, with TransferLA the old council's DfE code.
- CeaseDate is the day the plan ended (Case.ceased_on), never the decision to cease.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from service.domain.sen2.codes import (
    CEASE_REASON_TRANSFERRED,
    CEASE_REASONS,
    DS_FROM_YEAR,
    ETHNICITIES,
    REVIEW_OUTCOMES,
    SEN_SETTINGS,
    SEN_TYPES,
    SEX_WORDS,
    SEXES,
    Outcome,
    RequestSource,
    census_date,
    collection_period,
)

REQUEST_SOURCES = {"parent": RequestSource.PARENT_OR_YOUNG_PERSON, "young_person": RequestSource.PARENT_OR_YOUNG_PERSON}
# A professional's request in the service is made by a school or nursery (issue 16 item 6).
REQUEST_SOURCES["professional"] = RequestSource.EDUCATION_SETTING


@dataclass(frozen=True)
class CaseFacts:
    """What the service records of one case, as SEN2 needs it. Derived dates (outcome dates) are worked
    out once, in service.data.sen2's query, and counted from the same columns by the dashboard."""

    case_id: int
    reference: str
    forename: str
    surname: str
    birth_date: date | None
    postcode: str
    upn: str
    requester_role: str
    received_on: date
    decided_to_assess: bool | None
    request_outcome_on: date | None  # the day the family was told whether the council would assess
    decided_to_issue: bool | None
    decision_to_issue_on: date | None
    assessment_outcome_on: date | None  # Y: the day the plan was issued; N: the day the family was told
    withdrawn_on: date | None
    exceptions_apply: bool
    ceased_on: date | None
    cease_reason: int | None
    plan_start_on: date | None  # the current plan's date: the final plan or its latest amendment
    transfer_la: str  # the DfE code of the council the plan was transferred in from, or ""
    transferred_in_on: date | None
    request_mediation: bool
    request_tribunal: bool
    assessment_mediation: bool
    assessment_tribunal: bool
    other_mediation: bool
    other_tribunal: bool
    primary_need: str
    secondary_need: str
    setting_urn: int | None  # the named setting's URN, from the council's decision to name it
    setting_ukprn: str
    setting_code: str  # a SENsetting code where no URN applies
    sen_unit: bool
    resourced_provision: bool
    review_meeting_on: date | None  # the latest completed review on or before census day
    review_decision: str
    review_decision_on: date | None
    review_draft_on: date | None
    phase_transfer_due_on: date | None
    phase_transfer_final_on: date | None
    sex: str = ""  # as written in the plan's personal details, if a plan is held as data
    ethnicity: str = ""


@dataclass(frozen=True)
class Failure:
    rule: str  # G1..G10 (SEN2.md section 3) or D1.. (implied by the guide)
    reference: str
    module: str
    field: str
    problem: str
    fix: str


RULES = {
    "G1": "Each record has a unique ID and points to its parent",
    "G2": "A request decision has its date",
    "G3": "No plan after an assessment that is awaited or withdrawn",
    "G4": "An assessment decision has its date",
    "G5": "An active plan has its named plan details",
    "G6": "A plan names its setting and the child's needs",
    "G7": "Codes are from DfE's lists",
    "G8": "A ceased plan has its date and reason",
    "G9": "A UPN, ULN or the reason there is none",
    "G10": "Who made the request",
    "D1": "Dates are in order",
    "D2": "The child's details are complete",
}


@dataclass
class Sen2Return:
    year: int
    census_on: date
    period: tuple[date, date]
    header: dict[str, str]
    modules: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)

    def rows(self, module: str) -> list[dict[str, str]]:
        return self.modules.setdefault(module, [])


MODULES = (
    "person",
    "requests",
    "assessment",
    "namedplan",
    "plandetail",
    "activeplans",
    "placementdetail",
    "senneed",
)

# Columns of each module, by XML tag (SEN2.md section 1), after the IDs that link a record to its parent.
COLUMNS = {
    "person": ("Surname", "Forename", "PersonBirthDate", "Sex", "Ethnicity", "PostCode", "UPN", "UniqueLearnerNumber",
               "UPNunknown"),
    "requests": ("ReceivedDate", "RequestSource", "RYA", "RequestOutcomeDate", "RequestOutcome", "RequestMediation",
                 "RequestTribunal", "Exported"),
    "assessment": ("AssessmentOutcome", "AssessmentOutcomeDate", "AssessmentMediation", "AssessmentTribunal",
                   "OtherMediation", "OtherTribunal", "Week20"),
    "namedplan": ("StartDate", "PlanRes", "PlanWBP", "PB", "OA", "DP", "CeaseDate", "CeaseReason"),
    "plandetail": ("URN", "UKPRN", "SENsetting", "SENSettingOther", "PlacementRank", "SENunitIndicator",
                   "ResourcedProvisionIndicator"),
    "activeplans": ("TransferLA", "ReviewMeeting", "ReviewOutcome", "ReviewDraft", "PhaseTransferDueDate",
                    "PhaseTransferFinalDate", "LastReview"),
    "placementdetail": ("URN", "UKPRN", "SENsetting", "SENSettingOther", "PlacementRank", "EntryDate", "LeavingDate",
                        "SENunitIndicator", "ResourcedProvisionIndicator", "Res", "WBP"),
    "senneed": ("SENtype", "SENtypeRank"),
}  # fmt: skip
IDS = {
    "person": ("PersonID",),
    "requests": ("RequestID", "PersonID"),
    "assessment": ("AssessmentID", "RequestID"),
    "namedplan": ("NamedPlanID", "AssessmentID"),
    "plandetail": ("PlanDetailID", "NamedPlanID"),
    "activeplans": ("ActivePlansID", "RequestID"),
    "placementdetail": ("PlacementDetailID", "ActivePlansID"),
    "senneed": ("SENneedID", "ActivePlansID"),
}


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def flag(value: bool) -> str:
    return "1" if value else "0"


def request_outcome(f: CaseFacts, start: date, end: date) -> tuple[Outcome, date | None]:
    """RequestOutcome and its date for the period [start, end] (item 2.x; SEN2.md 2.2-2.3)."""
    if f.transfer_la:
        return Outcome.HISTORICAL, None
    on = f.request_outcome_on
    if f.decided_to_assess is not None and on is not None:
        if on < start:
            return Outcome.HISTORICAL, None
        if on <= end:
            return (Outcome.YES if f.decided_to_assess else Outcome.NO), on
        return Outcome.AWAITING, None
    if f.withdrawn_on is not None and f.withdrawn_on <= end:
        return Outcome.WITHDRAWN, None
    return Outcome.AWAITING, None


def assessment_outcome(f: CaseFacts, start: date, end: date) -> tuple[Outcome, date | None]:
    """AssessmentOutcome and its date: for Y, the day the plan was issued, blank until it is (item 3.x)."""
    if f.transfer_la:
        return Outcome.HISTORICAL, None
    on = f.assessment_outcome_on
    if f.decided_to_issue is True:
        if on is not None and on < start:
            return Outcome.HISTORICAL, None
        if on is not None and on <= end:
            return Outcome.YES, on
        if f.decision_to_issue_on is not None and f.decision_to_issue_on <= end:
            return Outcome.YES, None  # decided, no plan issued yet by the period's end: the date is left blank
    elif f.decided_to_issue is False and on is not None:
        if on < start:
            return Outcome.HISTORICAL, None
        if on <= end:
            return Outcome.NO, on
    if f.withdrawn_on is not None and f.withdrawn_on <= end:
        return Outcome.WITHDRAWN, None
    return Outcome.AWAITING, None


def plan_start(f: CaseFacts) -> date | None:
    return f.plan_start_on or (f.transferred_in_on if f.transfer_la else None)


def in_return(f: CaseFacts, start: date, end: date, census: date) -> bool:
    """Whether the case belongs in the return: a request received in the period, work on it during the
    period or still open at its end, or a plan active at any time from the period's start to census day."""
    if f.received_on > end and not f.transfer_la:
        return False
    held_from = plan_start(f)
    if held_from is not None and held_from <= census:
        return f.ceased_on is None or f.ceased_on >= start
    if f.transfer_la:
        return False
    closed = [d for d in (f.request_outcome_on if f.decided_to_assess is False else None,
                          f.assessment_outcome_on if f.decided_to_issue is False else None, f.withdrawn_on) if d]  # fmt: skip
    return f.received_on >= start or not closed or min(closed) >= start


def build_return(year: int, header: dict[str, str], cases: list[CaseFacts]) -> Sen2Return:
    """The return of collection `year` (UnknownCollectionYear for a year without a census date)."""
    census = census_date(year)
    start, end = collection_period(year)
    result = Sen2Return(year, census, (start, end), header)
    seen: set[str] = set()
    for f in sorted(cases, key=lambda c: c.reference):
        if not in_return(f, start, end, census):
            continue
        if f.reference in seen:
            result.failures.append(
                Failure(
                    "G1",
                    f.reference,
                    "Requests",
                    "RequestID",
                    "This case reference appears twice",
                    "Contact the service team: each case must have its own reference",
                )  # fmt: skip
            )
            continue
        seen.add(f.reference)
        _add_case(result, f, start, end, census)
    return result


def _add_case(r: Sen2Return, f: CaseFacts, start: date, end: date, census: date) -> None:
    fail = r.failures.append
    ref = f.reference
    person_id, request_id = f"P{ref}", f"R{ref}"
    sex = SEX_WORDS.get(f.sex.strip().lower(), f.sex.strip().upper() if f.sex.strip().upper() in SEXES else "")
    ethnicity = f.ethnicity.strip().upper() if f.ethnicity.strip().upper() in ETHNICITIES else ""
    upn_unknown = ""
    if not f.upn and f.birth_date is not None and _age(f.birth_date, census) < 6:
        upn_unknown = "UN1"  # aged under 6 with no UPN yet
    r.rows("person").append(
        {
            "PersonID": person_id,
            "Surname": f.surname,
            "Forename": f.forename,
            "PersonBirthDate": iso(f.birth_date),
            "Sex": sex,
            "Ethnicity": ethnicity,
            "PostCode": f.postcode,
            "UPN": f.upn,
            "UniqueLearnerNumber": "",
            "UPNunknown": upn_unknown,
        }  # fmt: skip
    )
    if not f.surname or not f.forename:
        fail(Failure("D2", ref, "Person", "Surname, Forename", "The child's full name is missing",
                     "Enter the child's first and last name on the case"))  # fmt: skip
    if f.birth_date is None:
        fail(Failure("D2", ref, "Person", "PersonBirthDate", "The child's date of birth is missing",
                     "Enter the child's date of birth on the case"))  # fmt: skip
    elif f.birth_date > f.received_on:
        fail(Failure("D1", ref, "Person", "PersonBirthDate", "The date of birth is after the request was received",
                     "Check the child's date of birth and the date the request was received"))  # fmt: skip
    if not f.postcode:
        fail(Failure("D2", ref, "Person", "PostCode", "The child's postcode is missing",
                     "Enter the child's postcode on the case"))  # fmt: skip
    if not sex:
        problem = f"Sex '{f.sex}' is not M or F" if f.sex else "The child's sex is not recorded"
        fail(Failure("G7", ref, "Person", "Sex", problem,
                     "Enter the child's sex as Male or Female in the plan's personal details"))  # fmt: skip
    if not ethnicity:
        problem = (
            f"Ethnicity '{f.ethnicity}' is not a DfE ethnicity code" if f.ethnicity else "Ethnicity is not recorded"
        )
        fail(Failure("G7", ref, "Person", "Ethnicity", problem,
                     "Enter the child's ethnicity as a DfE code (for example WBRI, or REFU if refused) in the plan's "
                     "personal details"))  # fmt: skip
    if not f.upn and not upn_unknown:
        fail(Failure("G9", ref, "Person", "UPN", "There is no UPN, ULN or reason for having neither",
                     "Enter the child's unique pupil number on the case, or record why they do not have one"))  # fmt: skip

    outcome, outcome_on = request_outcome(f, start, end)
    source = REQUEST_SOURCES.get(f.requester_role)
    r.rows("requests").append(
        {
            "RequestID": request_id,
            "PersonID": person_id,
            "ReceivedDate": iso(f.received_on),
            "RequestSource": source.value if source else "",
            "RYA": "",
            "RequestOutcomeDate": iso(outcome_on),
            "RequestOutcome": outcome.value,
            "RequestMediation": flag(f.request_mediation),
            "RequestTribunal": flag(f.request_tribunal),
            "Exported": "",
        }  # fmt: skip
    )
    if source is None and not f.transfer_la:
        fail(Failure("G10", ref, "Requests", "RequestSource", "Who made the request is not recorded",
                     "Record whether the request came from the family, a school or another professional"))  # fmt: skip
    if outcome in (Outcome.YES, Outcome.NO) and outcome_on is None:
        fail(Failure("G2", ref, "Requests", "RequestOutcomeDate", "The decision whether to assess has no date",
                     "Record the date of the decision whether to assess on the case"))  # fmt: skip
    if outcome_on is not None and outcome_on < f.received_on:
        fail(Failure("D1", ref, "Requests", "RequestOutcomeDate", "The decision is dated before the request was received",
                     "Check the dates of the request and of the decision whether to assess"))  # fmt: skip
    if outcome not in (Outcome.YES, Outcome.HISTORICAL):
        return

    a_outcome, a_on = assessment_outcome(f, start, end)
    assessment_id = f"A{ref}"
    r.rows("assessment").append(
        {
            "AssessmentID": assessment_id,
            "RequestID": request_id,
            "AssessmentOutcome": a_outcome.value,
            "AssessmentOutcomeDate": iso(a_on),
            "AssessmentMediation": flag(f.assessment_mediation),
            "AssessmentTribunal": flag(f.assessment_tribunal),
            "OtherMediation": flag(f.other_mediation),
            "OtherTribunal": flag(f.other_tribunal),
            "Week20": flag(f.exceptions_apply),
        }  # fmt: skip
    )
    if a_outcome == Outcome.NO and a_on is None:
        fail(Failure("G4", ref, "Assessment", "AssessmentOutcomeDate", "The decision not to issue a plan has no date",
                     "Record the date the family was told the council would not issue a plan"))  # fmt: skip
    if a_on is not None and a_on < f.received_on:
        fail(Failure("D1", ref, "Assessment", "AssessmentOutcomeDate",
                     "The assessment decision is dated before the request was received",
                     "Check the dates of the request and of the decision whether to issue a plan"))  # fmt: skip
    starts = plan_start(f)
    if starts is None or starts > census:
        return
    if a_outcome in (Outcome.AWAITING, Outcome.WITHDRAWN):
        fail(Failure("G3", ref, "Assessment", "AssessmentOutcome",
                     f"A plan is held but the assessment outcome is {a_outcome.value}",
                     "Check the dates the plan was issued and the request withdrawn"))  # fmt: skip
        return
    _add_plan(r, f, assessment_id, request_id, starts, start, end, census)


def _add_plan(
    r: Sen2Return, f: CaseFacts, assessment_id: str, request_id: str, starts: date, start: date, end: date,
    census: date,
) -> None:  # fmt: skip
    fail = r.failures.append
    ref = f.reference
    plan_id = f"N{ref}"
    ceased = f.ceased_on if f.ceased_on is not None and f.ceased_on <= census else None
    reason = f.cease_reason if ceased else None
    r.rows("namedplan").append(
        {
            "NamedPlanID": plan_id,
            "AssessmentID": assessment_id,
            "StartDate": iso(starts),
            "PlanRes": "",
            "PlanWBP": "",
            "PB": "",
            "OA": "",
            "DP": "",
            "CeaseDate": iso(ceased),
            "CeaseReason": str(reason) if reason else "",
        }  # fmt: skip
    )
    if ceased and reason is None:
        fail(Failure("G8", ref, "NamedPlan", "CeaseReason", "The plan has ended but has no reason for ceasing",
                     "Record the reason the plan ceased (1 to 9) with the decision to cease"))  # fmt: skip
    if reason is not None and reason not in CEASE_REASONS:
        fail(Failure("G7", ref, "NamedPlan", "CeaseReason", f"CeaseReason {reason} is not 1 to 9",
                     "Record the reason the plan ceased as one of DfE's reasons 1 to 9"))  # fmt: skip
    if ceased and ceased < starts:
        fail(Failure("D1", ref, "NamedPlan", "CeaseDate", "The plan ended before its start date",
                     "Check the date the plan ended and the date it was issued"))  # fmt: skip
    if f.cease_reason == CEASE_REASON_TRANSFERRED and ceased:
        fail(Failure("G8", ref, "NamedPlan", "CeaseReason",
                     "CeaseReason 5 (transferred to another council) but the service holds no transfer",
                     "Record the transfer on the Transfers page instead of ceasing the plan"))  # fmt: skip

    setting = _setting(f)
    if setting is None:
        fail(Failure("G6", ref, "PlanDetail", "URN", "The plan names no setting with a URN or a SENsetting code",
                     "Name the setting in section I through a consultation, so its URN is recorded"))  # fmt: skip
    else:
        r.rows("plandetail").append({"PlanDetailID": f"D{ref}", "NamedPlanID": plan_id, **setting})

    active_id = f"S{ref}"
    review_outcome = REVIEW_OUTCOMES.get(f.review_decision)
    r.rows("activeplans").append(
        {
            "ActivePlansID": active_id,
            "RequestID": request_id,
            "TransferLA": f.transfer_la,
            "ReviewMeeting": iso(f.review_meeting_on),
            "ReviewOutcome": review_outcome.value if review_outcome else "",
            "ReviewDraft": iso(f.review_draft_on),
            "PhaseTransferDueDate": iso(f.phase_transfer_due_on),
            "PhaseTransferFinalDate": iso(f.phase_transfer_final_on),
            "LastReview": iso(f.review_decision_on),
        }  # fmt: skip
    )
    if setting is not None:
        placement = {key: value for key, value in setting.items() if key != "PlacementRank"}
        r.rows("placementdetail").append(
            {
                "PlacementDetailID": f"L{ref}",
                "ActivePlansID": active_id,
                **placement,
                "PlacementRank": "1",
                "EntryDate": "",
                "LeavingDate": iso(ceased),
                "Res": "",
                "WBP": "",
            }  # fmt: skip
        )
    needs = [n for n in (f.primary_need, f.secondary_need) if n]
    if not f.primary_need:
        fail(Failure("G6", ref, "SENneed", "SENtype", "The child's primary type of need is not recorded",
                     "Record the primary type of need (for example ASD or SLCN) on the case"))  # fmt: skip
    if f.secondary_need and f.secondary_need == f.primary_need:
        fail(Failure("G6", ref, "SENneed", "SENtypeRank", "The secondary need is the same as the primary need",
                     "Record a different secondary need, or none"))  # fmt: skip
    for rank, need in enumerate(needs, start=1) if f.primary_need else ():
        r.rows("senneed").append(
            {"SENneedID": f"E{ref}-{rank}", "ActivePlansID": active_id, "SENtype": need, "SENtypeRank": str(rank)}
        )
        if need not in SEN_TYPES or (need == "DS" and r.year < DS_FROM_YEAR):
            fail(Failure("G7", ref, "SENneed", "SENtype", f"'{need}' is not a SEN type for {r.year}",
                         "Record the type of need as one of DfE's SEN types"))  # fmt: skip


def _setting(f: CaseFacts) -> dict[str, str] | None:
    if f.setting_urn is None and f.setting_code not in SEN_SETTINGS:
        return None
    return {
        "URN": str(f.setting_urn) if f.setting_urn is not None else "",
        "UKPRN": f.setting_ukprn if f.setting_urn is not None else "",
        "SENsetting": "" if f.setting_urn is not None else f.setting_code,
        "SENSettingOther": "",
        "PlacementRank": "1",
        "SENunitIndicator": flag(f.sen_unit),
        "ResourcedProvisionIndicator": flag(f.resourced_provision),
    }


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
