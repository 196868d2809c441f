"""A fake GOV.UK Notify API server for tests and local runs.

It checks the client's JWT as Notify does (HS256, `iss` = the service id of a known API key,
`iat` within 30 seconds), answers with Notify's response bodies and error codes, can be told to fail
(429, 500, 400, 403, or a timeout), and records what it received.

    fake = FakeNotify(); fake.start()
    api_key = fake.api_key      # "test-<service id>-<secret>", the format notifications-python-client expects
    fake.fail_next(500, 1)      # the next request answers 500
    fake.sent                   # the notifications accepted, in order
    fake.set_status(id, "received")            # what GET /v2/notifications/<id> answers from now on
    fake.returned_letter_callback(id)          # the body Notify POSTs when Royal Mail returns a letter

Letters (POST /v2/notifications/letter) are checked as Notify checks them: at least 3 and at most 7
address lines in the personalisation, and a real UK postcode on the last one, or 400 ValidationError.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt

from service.domain.postal import UK_POSTCODE
from service.message_catalogue import TEMPLATES

# The fake holds every template of the catalogue under the id the service uses when none is configured.
TEMPLATES_BY_ID = {str(uuid.uuid5(uuid.NAMESPACE_URL, f"ehcp:{t.key or t.name}")): t for t in TEMPLATES}

ERRORS = {
    400: ("BadRequestError", "Can't send to this recipient using a team-only API key"),
    403: ("AuthError", "Invalid token: API key not found"),
    429: ("RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"),
    500: ("Exception", "Internal server error"),
}
PATHS = {"/v2/notifications/email": "email", "/v2/notifications/sms": "sms", "/v2/notifications/letter": "letter"}
FIRST_STATUS = {"email": "created", "sms": "created", "letter": "accepted"}


def letter_problem(personalisation: dict) -> str | None:
    """Notify's answer to a letter whose address it cannot print, or None."""
    lines = [str(personalisation.get(f"address_line_{n}") or "").strip() for n in range(1, 8)]
    given = [line for line in lines if line]
    if not personalisation.get("address_line_1"):
        return "personalisation address_line_1 is a required property"
    if len(given) < 3:
        return "Address must be at least 3 lines"
    if any(personalisation.get(f"address_line_{n}") for n in range(8, 10)):
        return "Address must be no more than 7 lines"
    if not UK_POSTCODE.match(given[-1]):
        return "Must be a real UK postcode"
    return None


class FakeNotify:
    def __init__(self, port: int = 0) -> None:
        self.service_id = str(uuid.uuid4())
        self.secret = str(uuid.uuid4())
        self.lock = threading.Lock()
        self.sent: list[dict] = []
        self.requests: list[tuple[str, str]] = []
        self.failures: list[int | str] = []
        self.delay = 0.0
        self.timeout_seconds = 3.0
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.server.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def api_key(self) -> str:
        return f"test-{self.service_id}-{self.secret}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeNotify:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        with self.lock:
            self.sent.clear()
            self.requests.clear()
            self.failures.clear()
            self.delay = 0.0

    def fail_next(self, status: int | str, times: int = 1) -> None:
        """Answer the next `times` send requests with `status` (an HTTP code, or "timeout")."""
        with self.lock:
            self.failures.extend([status] * times)

    def references(self) -> list[str]:
        with self.lock:
            return [item["reference"] for item in self.sent]

    def set_status(self, notify_id: str, status: str) -> None:
        """What Notify reports for this notification from now on (a letter: received, cancelled, ...)."""
        with self.lock:
            next(n for n in self.sent if n["id"] == notify_id)["status"] = status

    def status_callback(self, notify_id: str) -> dict:
        """The delivery-status callback body Notify POSTs for this notification's current status."""
        with self.lock:
            n = next(n for n in self.sent if n["id"] == notify_id)
        return {"id": n["id"], "reference": n["reference"], "to": n["recipient"], "status": n["status"],
                "notification_type": n["type"], "created_at": _iso(n["received_at"]),
                "completed_at": None, "sent_at": _iso(n["received_at"]), "template_id": n["template_id"],
                "template_version": 1}  # fmt: skip

    def returned_letter_callback(self, notify_id: str) -> dict:
        """The returned-letter callback body Notify POSTs when Royal Mail sends a letter back."""
        with self.lock:
            n = next(n for n in self.sent if n["id"] == notify_id and n["type"] == "letter")
        return {"notification_id": n["id"], "reference": n["reference"], "created_at": _iso(n["received_at"]),
                "email_address": "API", "template_name": "EHC letter", "template_id": n["template_id"],
                "template_version": 1, "original_file_name": None, "job_row_number": None,
                "upload_letter_file_name": None}  # fmt: skip

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status: int, error: str, message: str) -> None:
                self._json(status, {"status_code": status, "errors": [{"error": error, "message": message}]})

            def _authorised(self) -> bool:
                header = self.headers.get("Authorization", "")
                if not header.startswith("Bearer "):
                    self._error(401, "AuthError", "Unauthorized: authentication token must be provided")
                    return False
                token = header.removeprefix("Bearer ")
                try:
                    unverified = jwt.decode(token, options={"verify_signature": False})
                    algorithm = jwt.get_unverified_header(token).get("alg")
                except jwt.InvalidTokenError:
                    self._error(403, "AuthError", "Invalid token: signature, api token not found")
                    return False
                if algorithm != "HS256":
                    self._error(403, "AuthError", "Invalid token: algorithm used is not HS256")
                    return False
                if unverified.get("iss") != fake.service_id:
                    self._error(403, "AuthError", "Invalid token: service not found")
                    return False
                try:
                    claims = jwt.decode(token, fake.secret, algorithms=["HS256"], options={"verify_iat": False})
                except jwt.InvalidTokenError:
                    self._error(403, "AuthError", "Invalid token: signature, api token not found")
                    return False
                if "iat" not in claims or abs(time.time() - claims["iat"]) > 30:
                    self._error(403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds")
                    return False
                return True

            def do_GET(self) -> None:
                parsed = urlparse(self.path)
                with fake.lock:
                    fake.requests.append(("GET", parsed.path))
                if not self._authorised():
                    return
                if parsed.path.startswith("/v2/notifications/"):
                    self._one(parsed.path.removeprefix("/v2/notifications/"))
                    return
                if parsed.path != "/v2/notifications":
                    self._error(404, "BadRequestError", "Not found")
                    return
                reference = parse_qs(parsed.query).get("reference", [None])[0]
                with fake.lock:
                    found = [n for n in fake.sent if reference is None or n["reference"] == reference]
                notifications = [
                    {"id": n["id"], "reference": n["reference"], "type": n["type"], "status": n["status"],
                     "template": {"id": n["template_id"], "version": 1, "uri": ""}}
                    for n in reversed(found)
                ]  # fmt: skip
                self._json(200, {"notifications": notifications, "links": {"current": self.path}})

            def _one(self, notify_id: str) -> None:
                with fake.lock:
                    found = next((dict(n) for n in fake.sent if n["id"] == notify_id), None)
                if found is None:
                    self._error(404, "NoResultFound", "No result found")
                    return
                body = {"id": found["id"], "reference": found["reference"], "type": found["type"],
                        "status": found["status"], "created_at": _iso(found["received_at"]),
                        "template": {"id": found["template_id"], "version": 1, "uri": ""}}  # fmt: skip
                if found["type"] == "letter":
                    values = found["personalisation"]
                    body |= {f"line_{n}": values.get(f"address_line_{n}") for n in range(1, 7)}
                    body["postcode"] = values.get("address_line_7")
                else:
                    body["email_address" if found["type"] == "email" else "phone_number"] = found["recipient"]
                self._json(200, body)

            def do_POST(self) -> None:
                parsed = urlparse(self.path)
                with fake.lock:
                    fake.requests.append(("POST", parsed.path))
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                if not self._authorised():
                    return
                kind = PATHS.get(parsed.path)
                if kind is None:
                    self._error(404, "BadRequestError", "Not found")
                    return
                with fake.lock:
                    failure = fake.failures.pop(0) if fake.failures else None
                    delay = fake.delay
                if delay:
                    time.sleep(delay)
                if failure == "timeout":
                    # Notify accepted it, but the answer comes too late for the client: ambiguous.
                    self._record(kind, body)
                    time.sleep(fake.timeout_seconds)
                    return
                if failure is not None:
                    self._error(failure, *ERRORS[failure])
                    return
                if kind == "letter" and body.get("content") and not body.get("template_id"):
                    notification = self._record(kind, body)  # a precompiled PDF letter
                    self._json(201, {"id": notification["id"], "reference": notification["reference"],
                                     "postage": body.get("postage", "second")})  # fmt: skip
                    return
                recipient_field = {"email": "email_address", "sms": "phone_number", "letter": "template_id"}[kind]
                missing = [f for f in (recipient_field, "template_id") if not body.get(f)]
                if missing:
                    self._error(400, "ValidationError", f"{missing[0]} is a required property")
                    return
                if kind == "letter" and (problem := letter_problem(body.get("personalisation") or {})):
                    self._error(400, "ValidationError", problem)
                    return
                notification = self._record(kind, body)
                template = TEMPLATES_BY_ID.get(body["template_id"])
                subject, text = template.render(body.get("personalisation", {})) if template else ("Subject", "Message")
                content = {"body": text, "subject": subject} if kind != "sms" else {"body": text}
                if kind == "email":
                    content["from_email"] = "ehcp@notifications.service.gov.uk"
                self._json(
                    201,
                    {
                        "id": notification["id"],
                        "reference": notification["reference"],
                        "content": content,
                        "uri": f"{fake.url}/v2/notifications/{notification['id']}",
                        "template": {"id": body["template_id"], "version": 1, "uri": ""},
                        "scheduled_for": None,
                    },
                )

            def _record(self, kind: str, body: dict) -> dict:
                notification = {
                    "id": str(uuid.uuid4()),
                    "type": kind,
                    "reference": body.get("reference"),
                    "template_id": body.get("template_id"),
                    "recipient": body.get("email_address")
                    or body.get("phone_number")
                    or (body.get("personalisation") or {}).get("address_line_1"),
                    "personalisation": body.get("personalisation", {}),
                    "received_at": time.time(),
                    "status": FIRST_STATUS[kind],
                }
                with fake.lock:
                    fake.sent.append(notification)
                return notification

        return Handler


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(seconds))


def main() -> None:
    """`python -m tests.fakes.fake_notify [port]`: run the fake for a local `NOTIFY_MODE=live`."""
    import sys

    fake = FakeNotify(int(sys.argv[1]) if len(sys.argv) > 1 else 0).start()
    print(f"NOTIFY_BASE_URL={fake.url}\nNOTIFY_API_KEY={fake.api_key}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
