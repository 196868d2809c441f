"""Organisations and the professionals who work for them: lookups, invitations, sign-in state.

Every lookup a professional's page makes is scoped to their organisation; every lookup a council's page
makes is scoped to the organisations that council works with."""

from __future__ import annotations

from sqlmodel import col, select

from service.db import db
from service.models import Organisation, Professional


def professional_and_organisation(professional_id: int) -> tuple[Professional, Organisation] | None:
    """The account and its organisation in one statement (every professional page needs both)."""
    query = select(Professional, Organisation).join(Organisation, col(Organisation.id) == Professional.organisation_id)
    row = db.session.exec(query.where(col(Professional.id) == professional_id)).first()
    return (row[0], row[1]) if row else None
