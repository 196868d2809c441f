"""Security-code challenges, with every try counted by one conditional UPDATE ... RETURNING.

The try is counted (and committed) before the code is compared, so parallel requests queue on the
row: however many arrive at once, only `max_attempts` of them are ever compared with the code.
claim_attempt and mark_used commit at once, through db.commit_now: a counted try must stand even if
the rest of the request fails. Nothing else here commits.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import update

from service.data.rows import table_of
from service.db import db
from service.models import CodeChallenge, utcnow


def new_challenge(purpose: str, staff_user_id: int | None, code_hash: str | None, expires_at: datetime) -> str:
    """Record a challenge (the caller commits it with the message that sends its code); return its id."""
    challenge = CodeChallenge(purpose=purpose, staff_user_id=staff_user_id, code_hash=code_hash, expires_at=expires_at)
    db.session.add(challenge)
    db.session.flush()
    return challenge.id


def claim_attempt(challenge_id: str, purpose: str, max_attempts: int) -> tuple[str | None, int | None] | None:
    """Count one try; return (code_hash, staff_user_id) when the try may be checked, None when the
    challenge is used, expired, unknown or out of tries."""
    if not challenge_id:
        return None
    table = table_of(CodeChallenge)
    row = db.session.execute(
        update(table)
        .where(
            table.c.id == challenge_id,
            table.c.purpose == purpose,
            table.c.used_at.is_(None),
            table.c.expires_at > utcnow(),
            table.c.attempts < max_attempts,
        )
        .values(attempts=table.c.attempts + 1)
        .returning(table.c.code_hash, table.c.staff_user_id)
    ).first()
    db.commit_now()  # the counted try stands even if the request then fails
    return (row[0], row[1]) if row else None


def mark_used(challenge_id: str) -> bool:
    """Use the challenge up; False if another request already did (the same right code sent twice)."""
    table = table_of(CodeChallenge)
    row = db.session.execute(
        update(table)
        .where(table.c.id == challenge_id, table.c.used_at.is_(None))
        .values(used_at=utcnow())
        .returning(table.c.id)
    ).first()
    db.commit_now()  # used up at once: a request that fails later cannot free the code again
    return row is not None


def delete_expired_challenges(now: datetime) -> int:
    table = table_of(CodeChallenge)
    """Delete spent challenges (the scheduled job commits)."""
    result = db.session.exec(table.delete().where(table.c.expires_at < now))
    db.session.flush()
    return result.rowcount
