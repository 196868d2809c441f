"""SQLModel tables. Every table is imported here so Alembic and the tests see the whole schema."""

from service.models.base import utcnow
from service.models.local_authority import LocalAuthority
from service.models.outbox import OutboxMessage
from service.models.web_session import WebSession

__all__ = ["LocalAuthority", "OutboxMessage", "WebSession", "utcnow"]
