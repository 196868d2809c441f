"""Properties of the clock over thousands of generated cases."""

from dataclasses import replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from service.domain.clock import (
    AdviceRequest,
    AssessmentFacts,
    ExceptionGround,
    ExceptionPhase,
    Milestone,
    MilestoneState,
    TimeLimitException,
    add_months,
    add_working_days,
    appeal_deadline,
    assessment_timeline,
    draft_comment_last_day,
    is_working_day,
    next_due,
    working_days_between,
)

DAY0 = st.dates(min_value=date(2016, 1, 1), max_value=date(2033, 12, 31))


@st.composite
def cases(draw):
    received = draw(DAY0)
    offsets = sorted(draw(st.lists(st.integers(min_value=0, max_value=300), min_size=5, max_size=5)))
    stage = draw(st.integers(min_value=0, max_value=4))
    facts = AssessmentFacts(received_on=received)
    if stage >= 1:
        facts = replace(
            facts,
            decided_to_assess=True,
            decision_to_assess_on=received + timedelta(days=offsets[0]),
            advice_requests=(AdviceRequest("health", received + timedelta(days=offsets[0])),),
        )
    if stage >= 2:
        facts = replace(facts, decided_to_issue=True, decision_to_issue_on=received + timedelta(days=offsets[1]))
    if stage >= 3:
        facts = replace(facts, draft_served_on=received + timedelta(days=offsets[2]))
    if stage >= 4:
        facts = replace(facts, final_issued_on=received + timedelta(days=offsets[3] + 15))
    today = received + timedelta(days=offsets[4] + draw(st.integers(min_value=0, max_value=200)))
    return facts, today


@settings(max_examples=400, deadline=None)
@given(cases())
def test_no_due_date_is_before_day_0(case):
    facts, today = case
    for m in assessment_timeline(facts, today):
        assert m.due is None or m.due >= facts.received_on


@settings(max_examples=400, deadline=None)
@given(cases(), st.sampled_from(list(ExceptionPhase)))
def test_adding_an_exception_never_makes_a_late_case_look_on_time(case, phase):
    facts, today = case
    before = {m.key: m for m in assessment_timeline(facts, today)}
    exception = TimeLimitException(phase, ExceptionGround.EXCEPTIONAL_PERSONAL_CIRCUMSTANCES, facts.received_on)
    after = {m.key: m for m in assessment_timeline(replace(facts, exceptions=(exception,)), today)}
    for key, m in before.items():
        assert after[key].due == m.due
        assert after[key].state == m.state
        assert after[key].days_late == m.days_late
        if m.is_late:
            assert after[key].is_late


@settings(max_examples=200)
@given(DAY0)
def test_the_comment_window_begins_with_the_day_of_service(served):
    last = draft_comment_last_day(served)
    assert (last - served).days == 14


@settings(max_examples=400)
@given(DAY0, st.one_of(st.none(), st.integers(min_value=0, max_value=120)))
def test_the_appeal_deadline_is_never_before_2_months_from_the_decision(decided, certificate_offset):
    certificate = None if certificate_offset is None else decided + timedelta(days=certificate_offset)
    deadline = appeal_deadline(decided, certificate)
    assert deadline >= add_months(decided, 2)
    if certificate is not None:
        assert deadline >= add_months(certificate, 1)


@settings(max_examples=400, deadline=None)
@given(cases())
def test_a_met_step_is_done_and_an_overdue_step_is_past_due(case):
    facts, today = case
    for m in assessment_timeline(facts, today):
        if m.state in (MilestoneState.MET, MilestoneState.MET_LATE):
            assert m.done is not None
        if m.state == MilestoneState.OVERDUE:
            assert m.done is None and today > m.due and m.days_late == (today - m.due).days


@settings(max_examples=400, deadline=None)
@given(cases(), st.sampled_from(list(ExceptionPhase)), DAY0, st.one_of(st.none(), st.integers(0, 400)))
def test_any_exception_leaves_every_due_date_state_and_lateness_unchanged(case, phase, starts, length):
    facts, today = case
    ends = None if length is None else starts + timedelta(days=length)
    exception = TimeLimitException(phase, ExceptionGround.ABSENT_FROM_AREA, starts, ends, "evidence")
    before = assessment_timeline(facts, today)
    after = assessment_timeline(replace(facts, exceptions=(exception,)), today)
    assert [(m.key, m.due, m.done, m.state, m.days_late) for m in before] == [
        (m.key, m.due, m.done, m.state, m.days_late) for m in after
    ]


@settings(max_examples=400, deadline=None)
@given(cases())
def test_next_due_is_the_earliest_outstanding_milestone(case):
    facts, today = case
    timeline = assessment_timeline(facts, today)
    chosen = next_due(timeline)
    outstanding = [m for m in timeline if m.is_outstanding]
    if not outstanding:
        assert chosen is None
    else:
        assert chosen in outstanding and chosen.due == min(m.due for m in outstanding)


@settings(max_examples=300)
@given(DAY0, st.integers(min_value=-36, max_value=36))
def test_months_clamp_exactly_as_relativedelta(start, months):
    assert add_months(start, months) == start + relativedelta(months=months)


@settings(max_examples=300)
@given(DAY0, st.integers(min_value=1, max_value=40))
def test_counting_working_days_back_lands_on_a_working_day(start, days):
    earlier = add_working_days(start, -days)
    assert earlier < start and is_working_day(earlier)
    assert working_days_between(earlier, start) == days - 1 + is_working_day(start)


@settings(max_examples=300)
@given(DAY0, st.one_of(st.none(), st.integers(min_value=0, max_value=120)))
def test_the_appeal_deadline_is_a_working_day_and_in_august_or_christmas_only_when_moved_there(
    decided, certificate_offset
):
    """HESC r.12(3)(a) moves a deadline that ends in August or 25 December-1 January; r.12(2) moves one that
    ends on a non-working day to the next working day, which can itself fall in August or at Christmas
    (a Saturday 31 July moves to Monday 2 August)."""
    certificate = None if certificate_offset is None else decided + timedelta(days=certificate_offset)
    deadline = appeal_deadline(decided, certificate)
    unmoved = max(add_months(decided, 2), add_months(certificate, 1) if certificate else decided)
    assert is_working_day(deadline) and deadline >= unmoved
    if deadline.month == 8:
        assert unmoved.month == 7 and not is_working_day(unmoved)
    if (deadline.month, deadline.day) >= (12, 25) or deadline == date(deadline.year, 1, 1):
        assert unmoved.month == 12 and unmoved.day < 25 and not is_working_day(unmoved)


@settings(max_examples=200, deadline=None)
@given(cases())
def test_fast_built_milestones_equal_ones_built_by_the_dataclass(case):
    facts, today = case
    for m in assessment_timeline(facts, today):
        rebuilt = Milestone(**{name: getattr(m, name) for name in Milestone.__dataclass_fields__})
        assert rebuilt == m and hash(rebuilt) == hash(m)
