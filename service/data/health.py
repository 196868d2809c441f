"""What /healthz checks: the database answers and takes writes, and the job queue answers."""

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from service.db import db


def database_is_up() -> bool:
    """True when the database answers a trivial query."""
    try:
        db.session.execute(text("SELECT 1")).one()
        return True
    except SQLAlchemyError:
        return False
    finally:
        db.session.rollback()


def database_takes_writes() -> bool:
    """True when a write succeeds (then rolled back): a read-only replica, a database in recovery or
    one set read-only answers SELECT but refuses this (issue 12 L5)."""
    try:
        db.session.execute(text("UPDATE alembic_version SET version_num = version_num"))
        return True
    except SQLAlchemyError:
        return False
    finally:
        db.session.rollback()


def queue_is_up(redis_url: str | None) -> bool | None:
    """True when Redis answers; None when there is no queue (jobs run in-process, development)."""
    if not redis_url:
        return None
    from redis.exceptions import RedisError

    from service.jobs import redis_connection

    try:
        return bool(redis_connection(redis_url).ping())
    except RedisError:
        return False
