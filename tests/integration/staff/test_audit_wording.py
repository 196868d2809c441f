"""The audit trail says what happened in plain English. Every action code the service records is found in
the code (the audit calls and their wrappers, with the codes in conditionals, variables and module
constants) and must have its words in service/wording/audit.py: a new code without words fails here."""

import ast
import pathlib
import re
from datetime import date, timedelta

from service.data.case_changes import STEP_EVENT_KINDS
from service.wording.audit import ACTIONS, action_text, detail_text
from tests.factories import make_case, make_staff
from tests.integration.staff.helpers import sign_in
from tests.pages import check_page

SERVICE = pathlib.Path(__file__).resolve().parents[3] / "service"
ACTION = re.compile(r"^[a-z][a-z_]*\.[a-z_]+$")
# The calls that record an audit event, directly or through a wrapper that passes the code on.
AUDIT_CALLS = {"record", "record_professional", "audit_read", "audit", "_audit", "_change", "finish_change"}
AUDIT_CALLS |= {"_finish_change"}
# The codes built with an f-string, and every code each can make.
DYNAMIC = {
    "case.{step.value}": {f"case.{step.value}" for step in STEP_EVENT_KINDS},
    "plan.issue_{status}": {"plan.issue_draft", "plan.issue_final"},  # proposals and amended have their own
}


def _constants(node) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _assigned(name: str, scopes: list) -> set[str]:
    """The strings assigned to `name` in the enclosing function, or else at module level."""
    for scope in scopes:
        found = set()
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                found |= _constants(node.value)
        if found:
            return found
    return set()


def _pattern(joined: ast.JoinedStr) -> str:
    return "".join(
        part.value if isinstance(part, ast.Constant) else "{" + ast.unparse(part.value) + "}" for part in joined.values
    )


def recorded_actions() -> tuple[set[str], set[str]]:
    """(every action code found in the service, the f-string codes no one has listed in DYNAMIC)."""
    codes, unknown = set(), set()
    for path in SERVICE.rglob("*.py"):
        if path.name == "audit.py" and path.parent.name == "wording":
            continue
        tree = ast.parse(path.read_text())
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            keyword = [k.value for k in node.keywords if k.arg in ("action", "what")]
            if name not in AUDIT_CALLS and not keyword:
                continue
            enclosing = [f for f in functions if f.lineno <= node.lineno <= (f.end_lineno or f.lineno)]
            scopes = sorted(enclosing, key=lambda f: -f.lineno)[:1] + [tree]
            for arg in list(node.args) + keyword:
                if isinstance(arg, ast.JoinedStr):
                    pattern = _pattern(arg)
                    if ACTION.match(pattern.split("{")[0] + "x"):
                        if pattern in DYNAMIC:
                            codes |= DYNAMIC[pattern]
                        else:
                            unknown.add(f"{path.name}:{node.lineno} {pattern}")
                    continue
                values = _assigned(arg.id, scopes) if isinstance(arg, ast.Name) else _constants(arg)
                codes |= {value for value in values if ACTION.match(value)}
    return codes, unknown


def test_every_action_the_service_records_has_plain_english_words():
    codes, unknown = recorded_actions()
    assert unknown == set(), "an action code built with an f-string: list what it can be in DYNAMIC"
    # the scan finds codes in every form they are written (a literal, a conditional, a variable, a constant)
    assert {"case.view", "placement.share", "staff.disable", "security.cross_council_denied"} <= codes
    assert {"case.decide_to_assess", "plan.issue_draft"} <= codes and len(codes) > 100
    missing = sorted(code for code in codes if code not in ACTIONS)
    assert missing == [], f"action codes without words in service/wording/audit.py: {missing}"
    assert all(text[:1].isupper() and "_" not in text for text in ACTIONS.values())


def test_structured_details_read_as_words():
    assert action_text("case.decide_to_assess") == "Recorded the decision to assess"
    assert detail_text("2026-10-03 notice 2026-10-05") == "3 October 2026, letter sent 5 October 2026"
    assert detail_text("review:4; maintain; notice 2027-01-02") == "Review 4, maintain, letter sent 2 January 2027"
    assert detail_text("consultation:3; late") == "Consultation 3, late"
    assert detail_text("educational_psychology") == "Educational psychology"
    assert detail_text("transfer:2; reassess:yes") == "Transfer 2, reassess: yes"
    assert detail_text("staff:5 caseworker->manager") == "Staff member 5 caseworker to manager"
    assert detail_text("") == ""


def test_the_audit_trail_page_shows_words_not_codes(client, app):
    with app.app_context():
        manager = make_staff("manager", name="Ana Lopez")
        case_id = make_case(stage="request_received", received_on=date.today() - timedelta(days=20)).id
    sign_in(client, app, manager)
    client.get(f"/staff/cases/{case_id}")
    page = check_page(client.get(f"/staff/cases/{case_id}/audit"))
    cells = [row.select("td")[2].get_text(" ", strip=True) for row in page.select("tbody tr")]
    assert "Viewed the case" in cells
    assert not any(re.search(r"\b[a-z]+\.[a-z_]+\b", cell) for cell in cells), cells
