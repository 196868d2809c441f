"""Issue 12: every field of every form, POSTed with hostile input through the Flask client on
PostgreSQL (signed in where the page needs it, with a valid CSRF token): no server error, and the
markup never comes back unescaped, on the page answered or the page it redirects to.

The corpus is fixed, so the run is repeatable and bounded (well under a minute): very long text,
right-to-left overrides, emoji, NUL and other control characters, markup, impossible dates and huge
numbers. Each field is fuzzed in turn with the others at a plausible answer, so a value that passes
validation is stored and shown again (where escaping matters).
"""

from __future__ import annotations

import io
import time
from datetime import date, timedelta
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from sqlmodel import select

from service.models import Case
from tests.integration.request_assessment.journey import answer_everything
from tests.integration.staff.helpers import seed, sign_in
from tests.integration.track.test_family import _signed_in

SCRIPT = '<script>alert("fuzz")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
MARKERS = ('<script>alert("fuzz")', "<img src=x onerror")
TEXT_CORPUS = (
    "x" * 10_000,
    "😀👩‍👩‍👧 Zoë, עברית",
    "nul\x00byte",
    "\u202eevil\u202c \x01\x07\x1b[31m\x7f\x85",
    SCRIPT,
    ATTRIBUTE,
)
CHOICE_CORPUS = (f"{SCRIPT}\x00", "9" * 400)  # radios, checkboxes, selects, hidden fields and buttons
DATE_CORPUS = (
    ("31", "2", "2026"),
    ("99", "99", "99999"),
    ("-1", "1e3", "２０２６"),
    ("9" * 400, "1", "2026"),
    ("1", "1", "9" * 400),
    ("1\x00", "<b>", SCRIPT),
)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"
# The run is bounded by its number of requests (fixed by the corpus and the pages), not by a clock that
# depends on how busy the machine is: about 900 requests in all (100 s with the load average at 13 on
# 2 cores; a quarter of that on an idle machine).
MAX_REQUESTS = 450  # each test's


def _plausible(name: str, kind: str) -> str:
    lowered = name.lower()
    if "email" in lowered:
        return "fuzz@example.com"
    if "time" in lowered:
        return "10:00"
    if "mobile" in lowered or "phone" in lowered:
        return "07700 900 982"
    if "postcode" in lowered:
        return "ME14 1XX"
    if lowered in ("upn", "language", "other", "address_line_2", "confirm_old_date"):
        return ""
    if "code" in lowered:
        return "123456"
    if "password" in lowered:
        return "correct horse battery staple"
    return "Sample answer" if kind in ("text", "textarea", "search") else ""


class Fuzzer:
    def __init__(self, client) -> None:
        self.client = client
        self.problems: list[str] = []
        self.requests = 0
        self.started = time.monotonic()

    def _check(self, response, what: str) -> None:
        self.requests += 1
        if response.status_code >= 500:
            self.problems.append(f"{what}: {response.status_code}")
            return
        body = response.get_data(as_text=True)
        for marker in MARKERS:
            if marker in body:
                self.problems.append(f"{what}: unescaped {marker!r}")

    def _send(self, method: str, path: str, what: str, **kwargs) -> None:
        try:
            response = self.client.open(path, method=method, **kwargs)
        except Exception as error:  # the test client re-raises the view's exception when testing
            self.problems.append(f"{what}: {type(error).__name__}: {str(error)[:200]}")
            return
        self._check(response, what)
        location = response.headers.get("Location")
        if response.status_code in (301, 302, 303) and location:
            target = urlsplit(location)
            if not target.netloc or target.netloc == "localhost":
                try:
                    self._check(self.client.get(target.path + (f"?{target.query}" if target.query else "")), what)
                except Exception as error:
                    self.problems.append(f"{what} -> {location}: {type(error).__name__}: {str(error)[:200]}")

    def page(self, path: str) -> None:
        """Fuzz every field of every form on `path` (POST forms, and GET forms by query string)."""
        response = self.client.get(path)
        self._check(response, f"GET {path}")
        if response.status_code != 200:
            self.problems.append(f"GET {path}: expected a page to fuzz, got {response.status_code}")
            return
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        for form in soup.find_all("form"):
            action = form.get("action") or path
            if action.endswith("/sign-out"):
                continue
            self._form(form, action.split("#")[0], (form.get("method") or "get").upper())

    def _form(self, form, action: str, method: str) -> None:
        base: dict[str, object] = {}
        fields: list[tuple[str, str]] = []
        files: list[str] = []
        for element in form.find_all(["input", "textarea", "select", "button"]):
            name = element.get("name")
            if not name:
                continue
            kind = element.get("type", element.name) if element.name == "input" else element.name
            if kind == "file":
                files.append(name)
                continue
            if kind in ("radio", "checkbox"):
                base.setdefault(name, element.get("value", "y"))
            elif kind == "select":
                options = [o.get("value", "") for o in element.find_all("option") if o.get("value")]
                base[name] = options[0] if options else ""
            elif kind in ("submit", "button"):
                continue  # a named button (remove, action) is fuzzed as a field below
            else:
                base[name] = element.get_text() if kind == "textarea" else element.get("value") or ""
                if not base[name]:
                    base[name] = _plausible(name, kind)
            if (name, kind) not in fields:
                fields.append((name, kind))
        for button in form.find_all("button", attrs={"name": True}):
            fields.append((button["name"], "button"))
        dates = sorted({name.rsplit("-", 1)[0] for name, _ in fields if name.endswith("-day")})
        today = date.today()
        for prefix in dates:
            base.update({f"{prefix}-day": today.day, f"{prefix}-month": today.month, f"{prefix}-year": today.year})
        fuzzed = [(n, k) for n, k in fields if n != "csrf_token" and n.rsplit("-", 1)[0] not in dates]
        send = self._sender(action, method, files)
        for name, kind in fuzzed:
            corpus = TEXT_CORPUS if kind in ("text", "textarea", "search", "email", "tel") else CHOICE_CORPUS
            for value in corpus:
                send({**base, name: value}, f"{method} {action} {name}={value[:20]!r}")
        for prefix in dates:
            for day, month, year in DATE_CORPUS:
                parts = {f"{prefix}-day": day, f"{prefix}-month": month, f"{prefix}-year": year}
                send({**base, **parts}, f"{method} {action} {prefix}={day[:8]}/{month[:8]}/{year[:8]}")
        for name in files:
            for value in TEXT_CORPUS:
                data = {**base, name: (io.BytesIO(PDF), f"{value}.pdf")}
                send(data, f"{method} {action} filename {value[:20]!r}")

    def _sender(self, action: str, method: str, files: list[str]):
        def send(data: dict, what: str) -> None:
            if method == "GET":
                self._send("GET", action, what, query_string=data)
            elif files:
                self._send("POST", action, what, data=data, content_type="multipart/form-data")
            else:
                self._send("POST", action, what, data=data)

        return send

    def assert_clean(self) -> None:
        took = time.monotonic() - self.started
        assert self.requests <= MAX_REQUESTS, f"{self.requests} requests ({took:.0f}s): trim the corpus or the pages"
        assert not self.problems, f"{len(self.problems)} problems in {self.requests} requests:\n" + "\n".join(
            self.problems[:50]
        )


def _ids(app) -> dict[str, int]:
    from service.db import db

    with app.app_context():
        return {c.child_first_name: c.id for c in db.session.exec(select(Case))}


def test_fuzz_every_request_journey_field(client, app):
    """The request journey, then check answers and sending the request with markup in the answers."""
    fuzz = Fuzzer(client)
    answer_everything(client, app)  # the draft, every page answered
    for slug in ("who", "child-name", "child-date-of-birth", "child-address", "local-authority", "setting"):
        fuzz.page(f"/request/{slug}?change=yes")
    for slug in ("your-details", "contact", "communication", "needs", "hopes", "professionals", "evidence"):
        fuzz.page(f"/request/{slug}?change=yes")
    fuzz.page("/request/consent")
    fuzz.page("/request/save")
    answer_everything(client, app, {"child-name": {"first_name": SCRIPT, "last_name": ATTRIBUTE[:90]}})
    fuzz.page("/request/check-answers")  # sends the request (the markup is stored, then shown escaped)
    fuzz.assert_clean()


def test_fuzz_every_family_field(client, app):
    """Sign-in, the family's comments on the draft plan, documents and the family's disagreement journey."""
    fuzz = Fuzzer(app.test_client())
    fuzz.page("/sign-in")
    fuzz.page("/sign-in/check-email")
    _signed_in(client, app)
    ids = _ids(app)
    fuzz.client = client
    leo_plan = f"/your-cases/{ids['Leo']}/plan/versions/1"  # the demo's draft plan, written in the service
    for form in ("sections/b/comment", "sections/f/items/provision-1/comment", "setting", "meeting"):
        fuzz.page(f"{leo_plan}/{form}")
    fuzz.page(f"/your-cases/{ids['Amara']}/documents")
    maya = ids["Maya"]
    fuzz.page(f"/your-cases/{maya}/disagree/mediation-or-certificate")
    client.post(
        f"/your-cases/{maya}/disagree/mediation-or-certificate",
        data={
            "wants": "mediation",
            "csrf_token": _csrf(client, f"/your-cases/{maya}/disagree/mediation-or-certificate"),
        },
    )
    fuzz.page(f"/your-cases/{maya}/disagree/arranging-mediation")
    fuzz.page(f"/your-cases/{maya}/disagree/check-answers")
    fuzz.assert_clean()


def _csrf(client, path: str) -> str:
    page = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    return page.find("input", attrs={"name": "csrf_token"})["value"]


def test_fuzz_every_staff_field(client, app):
    """Sign-in, the caseload's filters, every step, notes, documents, a new request and your account."""
    seed(app)
    fuzz = Fuzzer(app.test_client())
    fuzz.page("/staff/sign-in")
    sign_in(client, app, "kent.caseworker@example.gov.uk")
    fuzz.client = client
    ids = _ids(app)
    fuzz.page("/staff/cases")
    fuzz.page(f"/staff/cases/{ids['Isla']}/notes")
    fuzz.page(f"/staff/cases/{ids['Isla']}/documents")
    fuzz.page(f"/staff/cases/{ids['Isla']}/advice/new")
    fuzz.page(f"/staff/cases/{ids['Isla']}/exception")
    fuzz.page(f"/staff/cases/{ids['Isla']}/assign")
    fuzz.page(f"/staff/cases/{ids['Oliver']}/record-step")
    fuzz.page("/staff/requests/new")
    fuzz.page("/staff/account")
    fuzz.page("/staff/account/text-message")
    fuzz.page("/staff/account/authenticator-app")
    fuzz.assert_clean()


def test_fuzz_every_council_disagreement_and_team_field(client, app):
    """The council's disagreement pages and the manager's team and contacts pages."""
    from service.data import mediation, mediation_changes
    from service.db import db

    seed(app)
    ids = _ids(app)
    fuzz = Fuzzer(client)
    sign_in(client, app, "kent.manager@example.gov.uk")
    fuzz.page(f"/staff/cases/{ids['Maya']}/record-disagreement")
    with app.app_context():
        case = db.session.get(Case, ids["Maya"])
        found = mediation.for_case(case)
        if found is None:
            found = mediation_changes.request_mediation(case, [], True, "", "", "", date.today())
        d_id = found.id
        db.session.commit()
    fuzz.page(f"/staff/disagreements/{d_id}/arrange")
    fuzz.page(f"/staff/disagreements/{d_id}/appeal")
    fuzz.page(f"/staff/disagreements/{d_id}/outcome")
    with app.app_context():
        d = mediation.for_case(db.session.get(Case, ids["Maya"]))
        d.outcome, d.mediation_ended_on = "agreement", d.mediation_ended_on or date.today() - timedelta(days=1)
        db.session.commit()
    fuzz.page(f"/staff/disagreements/{d_id}/agreed-actions/new")
    fuzz.page(f"/staff/disagreements/{d_id}")
    fuzz.page("/staff/disagreements/contacts")
    fuzz.page("/staff/disagreements/figures")
    fuzz.page("/staff/team/invite")
    fuzz.page("/staff/operations")
    fuzz.assert_clean()
