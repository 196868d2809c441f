"""Helpers shared by the tables. Times are stored in UTC, always timezone-aware."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
