"""Every field of every plan form, fuzzed with hostile values (huge, negative, control characters,
markup, other ids): a GOV.UK error or a saved answer, never a 500 and never unescaped markup."""

from tests.integration.plan_staff.helpers import (
    PROVISION,
    date_fields,
    days_ago,
    issuing_case,
    item,
    post,
    signed_in,
    start,
)
from tests.integration.security.test_fuzz_forms import Fuzzer
from tests.integration.staff.helpers import url


def test_fuzz_every_plan_form(client, app):
    signed_in(client, app)
    case_id = issuing_case(app, decision_to_issue_on=days_ago(30))
    start(client, app, case_id)
    assert (
        post(client, item(app, case_id, "b"), {"area": "semh", "description": "Finds change hard"}).status_code == 302
    )
    assert post(client, item(app, case_id, "f"), {**PROVISION, "need_ids": ["need-1"]}).status_code == 302
    assert (
        post(
            client,
            url(app, "staff.plan_issue", case_id=case_id, kind="draft"),
            {**date_fields("on", days_ago(20)), "override_reason": "x"},
        ).status_code
        == 302
    )
    fuzz = Fuzzer(client)
    prefix = f"/staff/cases/{case_id}/plan"
    for key in ("personal_details", "services", "a1", "a2", "b", "c", "i", "j"):
        fuzz.page(f"{prefix}/sections/{key}")
    for key, item_id in (("personal_details", "contact-1"), ("b", "need-1"), ("f", "provision-1")):
        fuzz.page(f"{prefix}/sections/{key}/items/{item_id}")
    for key in ("e", "g"):
        fuzz.page(f"{prefix}/sections/{key}/items/new")
    fuzz.page(f"{prefix}/issue/draft")
    fuzz.page(f"{prefix}/versions")
    fuzz.assert_clean()
