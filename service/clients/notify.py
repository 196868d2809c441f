"""GOV.UK Notify: one client method per message, template ids from configuration.

Add a message in one place: MESSAGES below (its channels and the personalisation it needs) and, if
it is new, a method on NotifyMessages. Template ids come from NOTIFY_TEMPLATE_<NAME> environment
variables; the defaults are the fake Notify server's ids. The outbox row id is the Notify
`reference`, so no personal data goes in it.

Errors are classified as Notify's API documents them: 429 and 5xx are transient and retried;
400 and 403 are permanent and never retried. A timeout or a dropped connection is ambiguous (Notify
may have accepted the message), so the next attempt first looks the reference up.
"""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class MessageType:
    channels: tuple[str, ...]
    personalisation: tuple[str, ...]


# Our name for each message -> the channels it may go by and the personalisation keys it needs.
MESSAGES: dict[str, MessageType] = {
    "request_received": MessageType(("email",), ("reference", "child_first_name", "council", "decision_due")),
    "request_received_sms": MessageType(("sms",), ("reference", "decision_due")),
    "council_new_request": MessageType(("email",), ("reference", "decision_due")),
    "draft_resume_link": MessageType(("email",), ("link", "expires")),
    "draft_expiry_reminder": MessageType(("email",), ("link", "expires")),
    "family_sign_in_link": MessageType(("email",), ("link",)),
    "staff_sign_in_code": MessageType(("email",), ("code",)),
    "staff_sign_in_code_sms": MessageType(("sms",), ("code",)),
    "staff_mobile_check_code": MessageType(("sms",), ("code",)),
    "staff_second_factor_changed": MessageType(("email",), ("name", "method")),
    "staff_invitation": MessageType(("email",), ("name", "invited_by", "link")),
    "staff_account_locked": MessageType(("email",), ("link",)),
    "decision_to_assess": MessageType(("email", "sms"), ("reference",)),
    "case_update": MessageType(("email", "sms"), ("reference",)),
    "draft_plan_comment_reminder": MessageType(("email", "sms"), ("reference", "comments_due")),
    "caseworker_daily_reminder": MessageType(("email",), ("due_soon", "overdue", "link")),
    "document_infected": MessageType(("email",), ("reference", "filename")),
}


def template_id(name: str) -> str:
    """NOTIFY_TEMPLATE_<NAME> or, for the fake Notify server, a fixed id derived from the name."""
    return os.environ.get(f"NOTIFY_TEMPLATE_{name.upper()}") or str(uuid.uuid5(uuid.NAMESPACE_URL, f"ehcp:{name}"))


def check_message(channel: str, template: str, personalisation: dict) -> None:
    """Refuse, at the moment it is written, a message Notify would refuse later."""
    kind = MESSAGES.get(template)
    if kind is None:
        raise ValueError(f"unknown message {template!r}: add it to service.clients.notify.MESSAGES")
    if channel not in kind.channels:
        raise ValueError(f"message {template!r} cannot go by {channel}")
    missing = [key for key in kind.personalisation if key not in personalisation]
    if missing:
        raise ValueError(f"message {template!r} needs personalisation {missing}")


class TransientFailure(RuntimeError):
    """Try again later (429, 5xx)."""


class AmbiguousFailure(TransientFailure):
    """A timeout or dropped connection: Notify may have the message; look the reference up first."""


class PermanentFailure(RuntimeError):
    """Never retried (400, 403): the row is marked failed and staff see it."""


class OutboxOnlyClient:
    """NOTIFY_MODE=outbox: nothing leaves the machine; the message is readable at /dev/outbox."""

    def send(self, channel, template, recipient, personalisation, reference) -> str | None:
        return None

    def find_by_reference(self, reference: str) -> str | None:
        return None


class LiveNotifyClient:
    """notifications-python-client against NOTIFY_BASE_URL (GOV.UK Notify, or the fake in tests)."""

    def __init__(self, api_key: str, base_url: str, timeout: float = 10) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout)

    def _call(self, method, **kwargs):
        from notifications_python_client.errors import HTTPError, TokenError

        try:
            return method(**kwargs)
        except HTTPError as error:
            status = error.status_code
            if error.response is None:
                raise AmbiguousFailure(f"no answer from Notify ({status})") from error
            if status == 429 or status >= 500:
                raise TransientFailure(f"Notify answered {status}") from error
            raise PermanentFailure(f"Notify answered {status}: {_message(error)}") from error
        except TokenError as error:
            raise PermanentFailure("Notify refused our token") from error

    def send(self, channel, template, recipient, personalisation, reference) -> str:
        if channel == "sms":
            response = self._call(
                self.client.send_sms_notification,
                phone_number=recipient,
                template_id=template_id(template),
                personalisation=personalisation,
                reference=reference,
            )
        else:
            response = self._call(
                self.client.send_email_notification,
                email_address=recipient,
                template_id=template_id(template),
                personalisation=personalisation,
                reference=reference,
            )
        return response["id"]

    def find_by_reference(self, reference: str) -> str | None:
        """Notify's id for a message we sent with this reference, if it has one."""
        response = self._call(self.client.get_all_notifications, reference=reference)
        notifications = response.get("notifications", [])
        return notifications[0]["id"] if notifications else None


def _message(error) -> str:
    message = error.message
    if isinstance(message, list):
        return "; ".join(str(item.get("message", item)) for item in message if isinstance(item, dict))[:300]
    return str(message)[:300]


class NotifyMessages:
    """One method per message, for code that sends directly (the workers go through the outbox)."""

    def __init__(self, client) -> None:
        self.client = client

    def _send(self, channel, template, recipient, personalisation, reference):
        check_message(channel, template, personalisation)
        return self.client.send(channel, template, recipient, personalisation, reference)

    def request_received(self, email, personalisation, reference):
        return self._send("email", "request_received", email, personalisation, reference)

    def request_received_sms(self, phone, personalisation, reference):
        return self._send("sms", "request_received_sms", phone, personalisation, reference)

    def council_new_request(self, email, personalisation, reference):
        return self._send("email", "council_new_request", email, personalisation, reference)

    def draft_resume_link(self, email, personalisation, reference):
        return self._send("email", "draft_resume_link", email, personalisation, reference)

    def draft_expiry_reminder(self, email, personalisation, reference):
        return self._send("email", "draft_expiry_reminder", email, personalisation, reference)

    def family_sign_in_link(self, email, personalisation, reference):
        return self._send("email", "family_sign_in_link", email, personalisation, reference)

    def staff_sign_in_code(self, email, personalisation, reference):
        return self._send("email", "staff_sign_in_code", email, personalisation, reference)

    def staff_sign_in_code_sms(self, phone, personalisation, reference):
        return self._send("sms", "staff_sign_in_code_sms", phone, personalisation, reference)

    def staff_mobile_check_code(self, phone, personalisation, reference):
        return self._send("sms", "staff_mobile_check_code", phone, personalisation, reference)

    def staff_second_factor_changed(self, email, personalisation, reference):
        return self._send("email", "staff_second_factor_changed", email, personalisation, reference)

    def staff_invitation(self, email, personalisation, reference):
        return self._send("email", "staff_invitation", email, personalisation, reference)

    def staff_account_locked(self, email, personalisation, reference):
        return self._send("email", "staff_account_locked", email, personalisation, reference)

    def caseworker_daily_reminder(self, email, personalisation, reference):
        return self._send("email", "caseworker_daily_reminder", email, personalisation, reference)

    def document_infected(self, email, personalisation, reference):
        return self._send("email", "document_infected", email, personalisation, reference)

    def send(self, channel, template, recipient, personalisation, reference):
        """The outbox path: the row names the message; the same checks apply."""
        return self._send(channel, template, recipient, personalisation, reference)


def notify_client():
    app = current_app
    if "notify_client" not in app.extensions:
        if app.config["NOTIFY_MODE"] == "live":
            client = LiveNotifyClient(
                app.config["NOTIFY_API_KEY"], app.config["NOTIFY_BASE_URL"], app.config.get("NOTIFY_TIMEOUT", 10)
            )
        else:
            client = OutboxOnlyClient()
        app.extensions["notify_client"] = client
    return app.extensions["notify_client"]


class RateLimiter:
    """Keeps every worker together under Notify's limit (3,000 a minute), counted in Redis per second."""

    def __init__(self, redis, per_minute: int = 3000, key: str = "notify:rate") -> None:
        self.redis = redis
        self.per_second = max(1, per_minute // 60)
        self.key = key

    def acquire(self) -> None:
        while True:
            second = int(time.time())
            key = f"{self.key}:{second}"
            count = self.redis.incr(key)
            if count == 1:
                self.redis.expire(key, 5)
            if count <= self.per_second:
                return
            time.sleep(max(0.0, second + 1 - time.time()) + 0.001)
