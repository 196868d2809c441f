"""Small typed helpers for rows."""

from __future__ import annotations

from typing import Protocol


class _Row(Protocol):
    @property
    def id(self) -> int | None: ...


def saved_id(row: _Row) -> int:
    """The primary key of a row that has been saved (flushed); SQLModel types it `int | None` before then."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has not been saved yet")
    return row.id
