"""Issue 18: a case page reads the case's own rows in one statement (service.data.case_reads), and what it
gets is what each part's own statement returns: the same rows, in the same order, every column equal and
of the same type, as ORM objects the session holds like any it loaded."""

from __future__ import annotations

import math
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import JSON, event, inspect
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import select

from service.data import case_reads
from service.db import db
from service.models import (
    AdviceRequest,
    CaseAccess,
    CaseEvent,
    DraftPlanResponse,
    OutboxMessage,
    Plan,
    PlanVersion,
    TimeLimitException,
    TribunalOrderRecord,
)
from tests.factories import make_case, make_disagreement, make_staff

ODD_TEXT = "Quotes \" ' and \\ slashes, a tab\tand a new line\n, accents é ü, Welsh ŵ ŷ, an emoji 🧒 and <b>markup</b>"


def _rich_case():
    """A case with rows in every part: several of each where order matters, and odd values."""
    staff = make_staff()
    case = make_case(stage="not_to_assess", advice=(("educational_psychology", date.today() - timedelta(days=9)),))
    db.session.add_all(
        [
            AdviceRequest(case_id=case.id, kind="health", requested_on=date(2026, 1, 2), received_on=date(2026, 2, 3)),
            TimeLimitException(
                case_id=case.id,
                phase="advice",
                ground="missed_appointment",
                starts_on=date(2026, 8, 1),
                ends_on=None,
                evidence=ODD_TEXT,
                recorded_by_id=staff.id,
            ),  # fmt: skip
            TimeLimitException(
                case_id=case.id,
                phase="advice",
                ground="absent_from_area",
                starts_on=date(2026, 9, 1),
                ends_on=date(2026, 9, 20),
            ),  # fmt: skip
            CaseAccess(case_id=case.id, email="young.person@example.com", role="young_person"),
            CaseAccess(case_id=case.id, email="parent@example.com", role="parent", agreed_by_young_person=True),
            # two events of one moment (newest id first), one whole second (no fraction in its JSON), one hidden
            CaseEvent(
                case_id=case.id,
                at=datetime(2026, 3, 1, 9, 0, 0, 123456, tzinfo=UTC),
                kind="a",
                summary=ODD_TEXT,
                actor="Sam (caseworker)",
                family_visible=False,
                happened_on=date(2026, 2, 28),
            ),  # fmt: skip
            CaseEvent(
                case_id=case.id,
                at=datetime(2026, 3, 1, 9, 0, 0, 123456, tzinfo=UTC),
                kind="b",
                summary="b",
                actor="The family",
            ),  # fmt: skip
            CaseEvent(
                case_id=case.id,
                at=datetime(2026, 3, 2, 10, 0, 0, tzinfo=UTC),
                kind="c",
                summary="c",
                actor="The family",
            ),  # fmt: skip
            DraftPlanResponse(case_id=case.id, comments=ODD_TEXT, requested_setting="Oak", wants_meeting=True),
            DraftPlanResponse(case_id=case.id, comments="later", late=True),
            OutboxMessage(channel="letter", template="decision_letter", recipient="1 Example Street", case_id=case.id),
            OutboxMessage(
                channel="email",
                template="case_update",
                recipient="a@example.com",
                case_id=case.id,
                status="failed",
                attempts=3,
                last_error="Notify said no",
                next_attempt_at=None,
            ),  # fmt: skip
            OutboxMessage(channel="email", template="case_update", recipient="b@example.com", case_id=case.id),
            TribunalOrderRecord(
                case_id=case.id,
                local_authority_id=case.local_authority_id,
                kind="amend_contents",
                ordered_on=date(2026, 4, 1),
                description=ODD_TEXT,
            ),  # fmt: skip
        ]
    )
    plan = Plan(case_id=case.id, local_authority_id=case.local_authority_id, template_id="national",
                template_version="1", working="{}")  # fmt: skip
    db.session.add(plan)
    db.session.flush()
    for number in (1, 2, 3):
        db.session.add(PlanVersion(plan_id=plan.id, case_id=case.id, local_authority_id=case.local_authority_id,
                                   number=number, status="draft" if number < 3 else "final", label=f"Version {number}",
                                   document='{"plan": {"a": "' + str(number) + '"}}', issued_on=date(2026, 5, number),
                                   issued_by_id=staff.id))  # fmt: skip
    db.session.commit()
    make_disagreement(make_case(stage="not_to_assess"))  # another case's disagreement, never read for this one
    make_disagreement(case)
    return case.id


def _snapshot(objects) -> list[dict]:
    """Every column of every object: its value, and for datetimes the offset it carries."""
    found = []
    for obj in objects:
        mapper = inspect(type(obj))
        values = {}
        for attribute in mapper.column_attrs:
            value = getattr(obj, attribute.key)
            values[attribute.key] = (type(value), value, value.utcoffset() if isinstance(value, datetime) else None)
        found.append(values)
    return found


@contextmanager
def _counting(app):
    """The statements run inside the block, as they are sent."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_every_part_read_together_is_what_its_own_statement_reads(app):
    with app.app_context():
        case_id = _rich_case()
    names = tuple(case_reads.PARTS)
    with app.test_request_context("/", method="GET"):
        alone = {name: _snapshot(case_reads.read_one(name, case_id)) for name in names}
    assert all(alone[name] for name in names), [name for name in names if not alone[name]]  # every part has rows
    assert [row["kind"][1] for row in alone["events"] if row["kind"][1] in "abc"] == ["c", "b", "a"]
    assert [row["number"][1] for row in alone["latest_version"]] == [3]
    assert {row["recipient"][1] for row in alone["letters_and_failures"]} == {"1 Example Street", "a@example.com"}
    with _counting(app) as seen, app.test_request_context("/", method="GET"):
        case_reads.read_together(case_id, names)
        together = {name: _snapshot(case_reads.rows(name, case_id)) for name in names}
        statements = list(seen)
    assert len(statements) == 1, statements
    assert together == alone


def test_the_objects_are_the_sessions_own_and_unchanged(app):
    with app.app_context():
        case_id = _rich_case()
    with _counting(app) as seen, app.test_request_context("/", method="GET"):
        already = db.session.exec(select(AdviceRequest).where(AdviceRequest.case_id == case_id)).first()
        already.kind = "changed in this request"  # not yet written: a query would return it as it is
        seen.clear()
        with db.session.no_autoflush:
            case_reads.read_together(case_id, ("advice", "events", "council"))
        advice = case_reads.rows("advice", case_id)
        assert any(row is already for row in advice)  # the held object, as a query returns it
        assert already.kind == "changed in this request"
        for row in (*advice, *case_reads.rows("events", case_id)):
            state = inspect(row)
            assert state.persistent and not state.modified or row is already
        council = case_reads.rows("council", case_id)[0]
        from service.models import LocalAuthority

        assert db.session.get(LocalAuthority, council.id) is council  # found in the session, not asked for
        assert len(seen) == 1, seen
        db.session.expunge(already)
        seen.clear()
        db.session.flush()
        assert seen == []  # nothing read together is written back


def test_only_a_get_keeps_what_it_reads(app):
    with app.app_context():
        case_id = _rich_case()
    with _counting(app) as seen:
        with app.test_request_context("/", method="POST"):
            case_reads.read_together(case_id, ("advice", "events"))
            assert seen == []
            first = case_reads.rows("advice", case_id)
            again = case_reads.rows("advice", case_id)
            assert len(seen) == 2 and first == again  # read afresh each time
        seen.clear()
        with app.test_request_context("/", method="GET"):
            case_reads.rows("advice", case_id)
            case_reads.read_together(case_id, ("advice", "events"))  # one left to read: its own statement, later
            assert len(seen) == 1
            case_reads.rows("events", case_id)
            assert len(seen) == 2


def test_a_case_with_none_of_a_part_reads_none(app):
    with app.app_context():
        case_id = make_case().id
    with app.test_request_context("/", method="GET"):
        case_reads.read_together(case_id, ("advice", "exceptions", "disagreements", "latest_version"))
        assert case_reads.rows("exceptions", case_id) == ()
        assert case_reads.rows("latest_version", case_id) == ()
        assert case_reads.rows("advice", None) == ()


def test_a_column_json_cannot_carry_back_exactly_is_refused(app):
    with app.app_context():
        with pytest.raises(TypeError):
            case_reads._decoder(JSONB())
        with pytest.raises(TypeError):
            case_reads._decoder(JSON())
    assert math.isnan(case_reads._float("NaN")) and case_reads._float("-Infinity") == -math.inf
    assert case_reads._float(3) == 3.0 and type(case_reads._float(3)) is float


def test_the_staff_case_page_reads_the_cases_rows_in_one_statement_and_shows_them(client, app):
    from tests.integration.staff.helpers import sign_in
    from tests.pages import check_page

    with app.app_context():
        case_id = _rich_case()
        staff = make_staff()
    sign_in(client, app, staff)
    with _counting(app) as seen:
        page = check_page(client.get(f"/staff/cases/{case_id}"))
    together = [s for s in seen if s.lstrip().startswith("SELECT (SELECT json_agg")]
    assert len(together) == 1, seen
    for table in ("advice_request", "time_limit_exception", "disagreement", "draft_plan_response", "outbox_message",
                  "tribunal_order"):  # fmt: skip
        assert [s for s in seen if s.lstrip().startswith(f"SELECT {table}.")] == [], table
    text = " ".join(page.get_text().split())
    assert "Family's responses to the draft plan" in text and "1 Example Street" in text  # read together
    assert "1 message to the family could not be sent: Notify said no" in text


def test_parts_read_for_several_cases_are_what_each_cases_own_statement_reads(app):
    with app.app_context():
        first, second = _rich_case(), _rich_case()
        empty = make_case().id
    names = ("advice", "exceptions", "disagreements", "access", "events", "draft_responses", "tribunal_orders")
    ids = (first, second, empty)
    with app.test_request_context("/", method="GET"):
        alone = {(name, i): _snapshot(case_reads.read_one(name, i)) for name in names for i in ids}
    with _counting(app) as seen, app.test_request_context("/", method="GET"):
        case_reads.read_for_cases(ids, names)
        together = {(name, i): _snapshot(case_reads.rows(name, i)) for name in names for i in ids}
        statements = list(seen)
    assert len(statements) == 1, statements
    assert together == alone
    assert all(together[(name, first)] for name in names) and not together[("advice", empty)]
    with pytest.raises(ValueError), app.test_request_context("/", method="GET"):
        case_reads.read_for_cases(ids, ("latest_version",))  # one row a case: not for several at once
