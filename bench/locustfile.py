"""Issue 19 item 4: the service's real mix under load, for `make load` (bench/load.py starts everything and
passes the sessions and cases in the environment; run it through `make load`, not on its own).

- families tracking their cases (weight 6): their cases, one case's page;
- families sending a request (weight 1): every question page of the journey, an upload on the evidence page,
  check answers and send;
- caseworkers working the caseload (weight 3): the caseload, a filter, a search, page 2, a case, its
  record-a-step page, and a note written on it; and the council's dashboard (/staff/dashboard, issue 17).
Each request is named by its page (not its URL), so the figures group by page.
"""

from __future__ import annotations

import os
import random
import re

from locust import HttpUser, between, task

COOKIE = "ehcp_session"
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
STAFF_SESSIONS = [c for c in os.environ.get("LOAD_STAFF_SESSIONS", "").split(",") if c]
FAMILY_SESSIONS = [c for c in os.environ.get("LOAD_FAMILY_SESSIONS", "").split(",") if c]
FAMILY_CASES = [c for c in os.environ.get("LOAD_FAMILY_CASES", "").split(",") if c]
STAFF_CASES = [c for c in os.environ.get("LOAD_STAFF_CASES", "").split(",") if c]
KENT = os.environ.get("LOAD_KENT_ID", "")
SEARCHES = ("Smith", "Jones", "Taylor", "Brown", "Williams")
FILTERS = ("overdue=yes", "due_soon=yes", "stage=assessing", "caseworker=unassigned", "exceptions=yes")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
ANSWERS = {
    "who": {"role": "parent"},
    "child-name": {"first_name": "Load", "last_name": "Test"},
    "child-date-of-birth": {"date_of_birth-day": "14", "date_of_birth-month": "3", "date_of_birth-year": "2017"},
    "child-address": {"address_line_1": "1 High Street", "address_line_2": "", "town": "Maidstone", "postcode": "ME14 1XX"},
    "local-authority": {"local_authority": KENT},
    "setting": {"setting_type": "school", "setting_name": "Oak Primary School", "upn": ""},
    "your-details": {"name": "A Parent", "relationship": "Mother"},
    "contact": {"email": "load.family@example.com", "mobile": "", "preference": "email", "postal_address": ""},
    "communication": {"needs": ["none"], "language": "", "other": ""},
    "needs": {"needs": "Speech and language delay", "current_support": "SALT", "support_tried": "Small groups"},
    "hopes": {"hopes": "A plan with speech therapy", "child_views": "I like drawing"},
}  # fmt: skip


def token(response) -> str:
    found = CSRF.search(response.text)
    return found.group(1) if found else ""


class FamilyTracking(HttpUser):
    weight = 6
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.cookies.set(COOKIE, random.choice(FAMILY_SESSIONS))

    @task(2)
    def your_cases(self) -> None:
        self.client.get("/your-cases", name="family: your cases", allow_redirects=False)

    @task(3)
    def case_page(self) -> None:
        self.client.get(f"/your-cases/{random.choice(FAMILY_CASES)}", name="family: case", allow_redirects=False)


class FamilySubmitting(HttpUser):
    """A family walking the whole request journey with an upload. Each pass starts a fresh draft."""

    weight = 1
    wait_time = between(2, 5)

    def _answer(self, path: str, data: dict, name: str, files=None):
        page = self.client.get(path, name=f"request: {name} (page)")
        with self.client.post(path, data={**data, "csrf_token": token(page)}, files=files, allow_redirects=False,
                              name=f"request: {name} (answer)", catch_response=True) as done:  # fmt: skip
            if done.status_code != 302:
                done.failure(f"{name} answered {done.status_code}")
            return done

    @task
    def send_a_request(self) -> None:
        self.client.cookies.clear()
        start = self.client.get("/request", name="request: start", allow_redirects=False)
        path = start.headers.get("Location", "")
        for _ in range(20):
            slug = path.rsplit("/", 1)[-1].split("?")[0]
            if slug == "check-answers" or not path:
                break
            if slug == "professionals":
                done = self._answer(path, {"action": "continue"}, slug)
            elif slug == "evidence":
                files = {"files": ("report.pdf", PDF, "application/pdf")}
                self._answer(path, {"action": "upload"}, "evidence upload", files=files)
                done = self._answer(path, {"action": "continue"}, slug)
            elif slug == "consent":
                done = self._answer(path, {"consent": "y", "declaration": "y"}, slug)
            else:
                done = self._answer(path, ANSWERS[slug], slug)
            path = done.headers.get("Location", "")
        if path.endswith("check-answers"):
            self._answer("/request/check-answers", {}, "check answers and send")


class Caseworker(HttpUser):
    weight = 3
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.cookies.set(COOKIE, random.choice(STAFF_SESSIONS))

    @task(4)
    def caseload(self) -> None:
        self.client.get("/staff/cases", name="staff: caseload", allow_redirects=False)

    @task(2)
    def caseload_filtered(self) -> None:
        self.client.get(
            f"/staff/cases?{random.choice(FILTERS)}", name="staff: caseload filtered", allow_redirects=False
        )

    @task(2)
    def caseload_search(self) -> None:
        self.client.get(
            f"/staff/cases?q={random.choice(SEARCHES)}", name="staff: caseload search", allow_redirects=False
        )

    @task(1)
    def caseload_page_2(self) -> None:
        self.client.get("/staff/cases?page=2", name="staff: caseload page 2", allow_redirects=False)

    @task(1)
    def dashboard(self) -> None:
        self.client.get("/staff/dashboard", name="staff: dashboard", allow_redirects=False)

    @task(3)
    def case_and_step(self) -> None:
        case = random.choice(STAFF_CASES)
        self.client.get(f"/staff/cases/{case}", name="staff: case", allow_redirects=False)
        self.client.get(f"/staff/cases/{case}/record-step", name="staff: record a step (page)", allow_redirects=False)
        page = self.client.get(f"/staff/cases/{case}/notes", name="staff: notes (page)", allow_redirects=False)
        with self.client.post(f"/staff/cases/{case}/notes", data={"csrf_token": token(page), "text": "Phoned the school."},
                              allow_redirects=False, name="staff: write a note", catch_response=True) as done:  # fmt: skip
            if done.status_code != 302:
                done.failure(f"note answered {done.status_code}")
