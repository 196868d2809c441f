"""GOV.UK Notify: template ids from configuration, errors classified as retryable or permanent.

Every message, its wording and its personalisation are in service.message_catalogue; the outbox API
(one function per message) is service.data.notifications. Template ids come from the configuration
(NOTIFY_TEMPLATE_<KEY> environment variables, collected in NOTIFY_TEMPLATE_IDS); a message without
one uses a fixed id derived from its key, which is what the fake Notify server accepts. The outbox
row id is the Notify `reference`, so no personal data goes in it.

Errors are classified as Notify's API documents them: 429 and 5xx are transient and retried;
400 and 403 are permanent and never retried. A timeout or a dropped connection is ambiguous (Notify
may have accepted the message), so the next attempt first looks the reference up.
"""

from __future__ import annotations

import time
import uuid

from flask import current_app

from service.message_catalogue import template_for


def template_id(channel: str, name: str) -> str:
    """The Notify template id for a message: its NOTIFY_TEMPLATE_<KEY> setting, or the fake Notify's id."""
    template = template_for(channel, name)
    configured = current_app.config.get("NOTIFY_TEMPLATE_IDS", {}).get(template.setting)
    return configured or str(uuid.uuid5(uuid.NAMESPACE_URL, f"ehcp:{template.key or template.name}"))


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

    def status_of(self, notify_id: str) -> str | None:
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
                template_id=template_id(channel, template),
                personalisation=personalisation,
                reference=reference,
            )
        elif channel == "letter":
            # the address is in the personalisation (address_line_1 to 7); the recipient is only the name
            response = self._call(
                self.client.send_letter_notification,
                template_id=template_id(channel, template),
                personalisation=personalisation,
                reference=reference,
            )
        else:
            response = self._call(
                self.client.send_email_notification,
                email_address=recipient,
                template_id=template_id(channel, template),
                personalisation=personalisation,
                reference=reference,
            )
        return response["id"]

    def status_of(self, notify_id: str) -> str | None:
        """Notify's status for one notification (for letters: accepted, received, cancelled, ...)."""
        response = self._call(self.client.get_notification_by_id, id=notify_id)
        return response.get("status")

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
