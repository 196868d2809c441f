"""SEN2's pure rules: the census calendar, outcomes by period, the checks and the XML's nesting."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from xml.etree import ElementTree as ET

import pytest

from service.domain.sen2.codes import UnknownCollectionYear, census_date, collection_period
from service.domain.sen2.output import csv_zip, validation_csv, xml
from service.domain.sen2.rules import CaseFacts, assessment_outcome, build_return, request_outcome

HEADER = dict.fromkeys(
    ("Collection", "Year", "ReferenceDate", "SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"),
    "x",
)
PLAN = CaseFacts(
    case_id=1, reference="ABCD-EFGH", forename="Sam", surname="Jones", birth_date=date(2015, 3, 1), postcode="ME1 1AA",
    upn="A123456789012", requester_role="parent", received_on=date(2025, 1, 6), decided_to_assess=True,
    request_outcome_on=date(2025, 2, 10), decided_to_issue=True, decision_to_issue_on=date(2025, 4, 1),
    assessment_outcome_on=date(2025, 5, 19), withdrawn_on=None, exceptions_apply=False, ceased_on=None,
    cease_reason=None, plan_start_on=date(2025, 5, 19), transfer_la="", transferred_in_on=None,
    request_mediation=False, request_tribunal=False, assessment_mediation=False, assessment_tribunal=False,
    other_mediation=False, other_tribunal=False, primary_need="ASD", secondary_need="", setting_urn=118393,
    setting_ukprn="", setting_code="", sen_unit=False, resourced_provision=False, review_meeting_on=None,
    review_decision="", review_decision_on=None, review_draft_on=None, phase_transfer_due_on=None,
    phase_transfer_final_on=None, sex="Female", ethnicity="WBRI",
)  # fmt: skip


def test_census_days_are_dfes_and_an_unknown_year_is_refused():
    assert census_date(2026) == date(2026, 1, 15) and census_date(2027) == date(2027, 1, 21)
    assert collection_period(2026) == (date(2025, 1, 1), date(2025, 12, 31))
    with pytest.raises(UnknownCollectionYear, match="no SEN2 census date for 2031"):
        census_date(2031)


def test_outcomes_by_period_never_overwrite_and_transfers_are_historical():
    start, end = collection_period(2026)
    assert request_outcome(PLAN, start, end) == ("Y", date(2025, 2, 10))
    assert assessment_outcome(PLAN, start, end) == ("Y", date(2025, 5, 19))
    late = replace(PLAN, request_outcome_on=date(2026, 1, 5), assessment_outcome_on=None, decision_to_issue_on=None)
    assert request_outcome(late, start, end) == ("A", None)  # decided after the period: not yet, for this return
    earlier = collection_period(2025)
    assert request_outcome(PLAN, *collection_period(2027)) == ("H", None)
    assert assessment_outcome(replace(PLAN, assessment_outcome_on=None), *earlier) == ("A", None)
    drafted = replace(PLAN, assessment_outcome_on=None)
    assert assessment_outcome(drafted, start, end) == ("Y", None)  # decided to issue; the date waits for the plan
    refused = replace(PLAN, decided_to_assess=False, request_mediation=True, request_tribunal=True)
    assert request_outcome(refused, start, end) == ("N", date(2025, 2, 10))
    assert request_outcome(replace(PLAN, transfer_la="383"), start, end) == ("H", None)
    withdrawn = replace(PLAN, decided_to_assess=None, request_outcome_on=None, withdrawn_on=date(2025, 2, 1))
    assert request_outcome(withdrawn, start, end) == ("W", None)


def test_a_complete_plan_passes_and_each_missing_fact_is_a_listed_failure():
    result = build_return(2026, HEADER, [PLAN])
    assert result.failures == []
    assert [len(result.modules[m]) for m in ("person", "requests", "assessment", "namedplan", "plandetail")] == [1] * 5
    assert result.modules["person"][0]["Sex"] == "F"
    gaps = replace(PLAN, upn="", sex="", ethnicity="Black British", primary_need="", setting_urn=None,
                   requester_role="", ceased_on=date(2025, 3, 1), cease_reason=None)  # fmt: skip
    result = build_return(2026, HEADER, [gaps])
    found = {(f.rule, f.module, f.field) for f in result.failures}
    assert found == {
        ("G9", "Person", "UPN"), ("G7", "Person", "Sex"), ("G7", "Person", "Ethnicity"),
        ("G10", "Requests", "RequestSource"), ("G8", "NamedPlan", "CeaseReason"), ("D1", "NamedPlan", "CeaseDate"),
        ("G6", "PlanDetail", "URN"), ("G6", "SENneed", "SENtype"),
    }  # fmt: skip
    assert len(result.modules["namedplan"]) == 1  # still in the return
    assert "ABCD-EFGH" in validation_csv(result) and "How to fix it" in validation_csv(result)
    in_2023 = replace(PLAN, received_on=date(2023, 1, 6), request_outcome_on=date(2023, 2, 10),
                      decision_to_issue_on=date(2023, 4, 1), assessment_outcome_on=date(2023, 5, 19),
                      plan_start_on=date(2023, 5, 19), primary_need="DS")  # fmt: skip
    assert {(f.rule, f.field) for f in build_return(2024, HEADER, [in_2023]).failures} == {("G7", "SENtype")}
    assert build_return(2026, HEADER, [replace(PLAN, primary_need="DS")]).failures == []


def test_the_xml_nests_each_module_under_its_parent_and_the_zip_has_a_file_per_module():
    result = build_return(2026, HEADER, [PLAN])
    root = ET.fromstring(xml(result))  # noqa: S314 - our own output
    person = root.find("Persons/Person")
    assert person.findtext("Surname") == "Jones"
    assert person.find("Requests/Assessment/NamedPlan/PlanDetail").findtext("URN") == "118393"
    assert person.find("Requests/ActivePlans/SENneed").findtext("SENtype") == "ASD"
    assert person.find("Requests/ActivePlans/PlacementDetail") is not None
    import io
    import zipfile

    assert len(zipfile.ZipFile(io.BytesIO(csv_zip(result, "886"))).namelist()) == 9
