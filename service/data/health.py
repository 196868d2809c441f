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
