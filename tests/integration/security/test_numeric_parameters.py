"""Issue 12 L3: numbers in URLs and forms are bounded, so a huge one is a page or a 404, never a 500."""

from tests.integration.staff.helpers import seed, sign_in
from tests.pages import check_page

HUGE = "99999999999999999999"


def test_l3_a_huge_page_or_caseworker_number_in_the_caseload_is_not_a_500(client, app):
    seed(app)
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    for query in [f"page={HUGE}", f"caseworker={HUGE}", "page=-5", "page=%C2%B2", "caseworker=%C2%B2"]:
        response = client.get(f"/staff/cases?{query}")
        check_page(response, status=200)


def test_l3_a_huge_id_in_a_path_is_a_404(client, app):
    seed(app)
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    for path in [f"/staff/cases/{HUGE}", f"/staff/cases/{HUGE}/documents", f"/staff/cases/{HUGE}/timeline"]:
        assert client.get(path).status_code == 404, path
