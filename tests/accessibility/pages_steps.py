"""Recording a step, one page per decision (normal and error): a refusal with its reasons and letter date,
the draft plan with the warning that advice has not arrived, and the final plan."""

from __future__ import annotations

from tests.accessibility.pages_staff import CASEWORKER, _seed, _seed_team
from tests.accessibility.registry import SweepPage


def _save(page) -> None:
    page.get_by_role("button", name="Save").click()


def _step(name: str, case: str, step: str, data=_seed, actions=None) -> SweepPage:
    path = f"/staff/cases/{{{case}}}/record-step/{step}"
    return SweepPage(f"steps/{name}", path, data=data, sign_in=CASEWORKER, actions=actions)


PAGES = [
    _step("not-to-assess", "case", "decide_not_to_assess"),
    _step("not-to-assess/error", "case", "decide_not_to_assess", actions=_save),
    _step("draft-served/advice-outstanding", "assessing_case", "serve_draft", data=_seed_team),
    _step("draft-served/error", "assessing_case", "serve_draft", data=_seed_team, actions=_save),
    _step("final-issued", "draft_case", "issue_final"),
    _step("final-issued/error", "draft_case", "issue_final", actions=_save),
]
