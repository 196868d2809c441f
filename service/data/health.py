from sqlalchemy import text

from service.db import db


def database_is_up() -> None:
    """Raise SQLAlchemyError when the database does not answer."""
    try:
        db.session.exec(text("SELECT 1")).one()
    finally:
        db.session.rollback()
