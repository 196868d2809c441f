"""Issue 18: a family's pages read each thing once. "Your requests and plans" takes the same statements for
three cases as for one (no statements per case), and the case page asks who the reader is, and for the
case's advice, exceptions, disagreements and council, once each."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from tests.factories import make_case, make_family
from tests.integration.track.test_family import FAMILY, TODAY, _sign_in_by_link
from tests.pages import check_page


def _statements(app, client, path: str) -> list[str]:
    from service.db import db

    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        check_page(client.get(path))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return seen


def test_your_requests_and_plans_reads_once_whatever_the_number_of_cases(client, app):
    with app.app_context():
        family = make_family({"child_first_name": "Amara", "received_on": TODAY - timedelta(days=50)}, email=FAMILY)
    _sign_in_by_link(client, app)
    one = _statements(app, client, "/your-cases")
    with app.app_context():
        for name in ("Leo", "Maya"):
            make_case(child_first_name=name, requester_email=FAMILY, stage="assessing",
                      advice=(("educational_psychology", TODAY - timedelta(days=20)),))  # fmt: skip
    three = _statements(app, client, "/your-cases")
    page = check_page(client.get("/your-cases"))
    assert all(name in page.get_text() for name in ("Amara", "Leo", "Maya"))
    assert len(three) == len(one), three
    assert family.cases


def test_the_case_page_reads_each_thing_once(client, app):
    """Its own rows (access, advice, exceptions, disagreements, events, plan, council) in one statement
    (service.data.case_reads), and none of those tables again."""
    with app.app_context():
        family = make_family({"child_first_name": "Amara", "stage": "assessing"}, email=FAMILY)
    _sign_in_by_link(client, app)
    seen = _statements(app, client, f"/your-cases/{family.cases[0].id}")
    together = [s for s in seen if s.lstrip().startswith("SELECT (SELECT json_agg")]
    assert len(together) == 1, seen
    for table in ("case_access", "advice_request", "time_limit_exception", "disagreement", "local_authority",
                  "case_event", "ehc_plan_version"):  # fmt: skip
        assert f" FROM {table} " in together[0].replace("\n", " "), table
        reads = [s for s in seen if s.lstrip().startswith(f"SELECT {table}.")]
        assert reads == [], (table, reads)
    assert len(seen) <= 4, seen  # the session, the case, its rows; nothing a row at a time
