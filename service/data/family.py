"""Family sign-in tokens and the cases a family may see.

A family sees a case when its email is the case's requester email or it has a CaseAccess row, except
that once a young person holds their own account for a case, anyone else (the requesting parent
included) sees it only while the young person agrees.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, CompoundSelect, bindparam, union
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, or_, select, update
from sqlmodel.sql.expression import SelectOfScalar

from service.data import case_reads
from service.data.family_messages import send_case_update
from service.data.rows import saved_id, table_of
from service.db import db
from service.models import (
    Case,
    CaseAccess,
    CaseEvent,
    Document,
    DraftPlanResponse,
    FamilyOneLoginIdentity,
    FamilySignInToken,
    OutboxMessage,
    utcnow,
)
from service.text import normalise_email

LIFETIME = timedelta(minutes=10)
MAX_CODE_ATTEMPTS = 5
NOT_ISSUED = "not issued"  # a code_hash no SHA-256 digest equals: the worker has not issued the code yet


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def request_token(email: str, browser_nonce: str) -> int:
    """Record a sign-in request from this browser, whether or not the address has a case, and return its
    id for the worker. Its link and code are not issued yet: no link or code matches it until then. The
    email is stored normalised (service.text.normalise_email), as every family lookup is."""
    row = FamilySignInToken(
        email=normalise_email(email),
        token_hash=_hash(secrets.token_urlsafe(32)),  # unique and unguessable; replaced when issued
        code_hash=NOT_ISSUED,
        browser_hash=_hash(browser_nonce),
        expires_at=utcnow() + LIFETIME,
    )
    db.session.add(row)
    db.session.flush()
    return saved_id(row)


def issue_token(token_id: int) -> tuple[str, str, str] | None:
    """For the worker: issue the link token (256 random bits) and 6-digit code of a requested sign-in and
    return (email, token, code) in the clear; None when they were issued already or it has expired."""
    row = db.session.exec(select(FamilySignInToken).where(FamilySignInToken.id == token_id).with_for_update()).first()
    if row is None or row.code_hash != NOT_ISSUED or row.used_at is not None or row.expires_at <= utcnow():
        return None
    token = secrets.token_urlsafe(32)
    code = f"{secrets.randbelow(1_000_000):06d}"
    row.token_hash = _hash(token)
    row.code_hash = _hash(code)
    return row.email, token, code


def _usable(row: FamilySignInToken | None, browser_nonce: str, now: datetime) -> bool:
    return (
        row is not None
        and row.used_at is None
        and row.expires_at > now
        and row.failed_codes < MAX_CODE_ATTEMPTS
        and hmac.compare_digest(row.browser_hash, _hash(browser_nonce or ""))
    )


def redeem_link(token: str, browser_nonce: str) -> str | None:
    """The email a link signs in, once, from the browser that asked; None if expired, used or foreign."""
    row = db.session.exec(select(FamilySignInToken).where(col(FamilySignInToken.token_hash) == _hash(token))).first()
    if row is None or not _usable(row, browser_nonce, utcnow()):
        return None
    row.used_at = utcnow()
    db.session.flush()
    return row.email


def redeem_code(browser_nonce: str, code: str) -> str | None | bool:
    """The email for a correct code from this browser; False for a wrong code; None when no code is usable.

    The try is counted first, by one conditional UPDATE ... RETURNING committed before the code is
    compared (issue 12 M2): parallel guesses queue on the row, and only MAX_CODE_ATTEMPTS are compared."""
    now = utcnow()
    browser = _hash(browser_nonce or "")
    table = table_of(FamilySignInToken)
    latest = (
        select(table.c.id)
        .where(table.c.browser_hash == browser)
        .order_by(table.c.created_at.desc(), table.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    row = db.session.execute(
        update(table)
        .where(
            table.c.id == latest,
            table.c.used_at.is_(None),
            table.c.expires_at > now,
            table.c.failed_codes < MAX_CODE_ATTEMPTS,
            table.c.code_hash != NOT_ISSUED,
        )
        .values(failed_codes=table.c.failed_codes + 1)
        .returning(table.c.id, table.c.code_hash, table.c.email)
    ).first()
    db.commit_now()  # the counted try stands even if the request then fails
    if row is None:
        return None
    cleaned = "".join(c for c in code if c.isdigit())
    if not hmac.compare_digest(row.code_hash, _hash(cleaned)):
        return False
    used = db.session.execute(
        update(table).where(table.c.id == row.id, table.c.used_at.is_(None)).values(used_at=now).returning(table.c.id)
    ).first()
    db.commit_now()  # used up at once, like the try
    return row.email if used else None


def sign_ins_to_replay(older_than: timedelta, limit: int = 500) -> list[int]:
    """Sign-ins asked for but not yet issued (Redis was down, a worker died) and still in their 10 minutes."""
    now = utcnow()
    query = select(col(FamilySignInToken.id)).where(
        FamilySignInToken.code_hash == NOT_ISSUED,
        FamilySignInToken.created_at <= now - older_than,
        FamilySignInToken.expires_at > now,
    )
    return [token_id for token_id in db.session.exec(query.limit(limit)) if token_id is not None]


def emails_sent_in_last_hour(email: str) -> int:
    email = normalise_email(email)
    since = utcnow() - timedelta(hours=1)
    query = (
        select(func.count())
        .select_from(FamilySignInToken)
        .where(col(FamilySignInToken.email) == email, col(FamilySignInToken.created_at) >= since)
    )
    return db.session.exec(query).one()


def visible_case_ids(email: str | BindParameter[str]) -> CompoundSelect[tuple[int]]:
    """A subquery of the ids of every case this email may see on the family side (emails are stored
    normalised, service.text.normalise_email, and looked up the same way). `email` may be a bound
    parameter, for a statement built once (_FAMILY_EMAIL), whose value the caller normalises.

    A UNION of two index lookups (case_access by email; ehc_case by requester_email), not one OR across
    both: PostgreSQL cannot use an index for the OR and scanned every case (55 ms of /your-cases's 131 ms
    on 102,000 cases, issue 18)."""
    if isinstance(email, str):
        email = normalise_email(email)
    agreed = select(CaseAccess.case_id).where(
        col(CaseAccess.email) == email,
        or_(col(CaseAccess.role) == "young_person", col(CaseAccess.agreed_by_young_person).is_(True)),
    )
    held_by_young_person = (
        select(CaseAccess.id)
        .where(col(CaseAccess.case_id) == col(Case.id), col(CaseAccess.role) == "young_person")
        .exists()
    )
    requested = select(Case.id).where(col(Case.requester_email) == email, ~held_by_young_person)
    return union(agreed, requested)


_FAMILY_EMAIL = "family_email"


@cache
def _visible() -> Any:
    """Built once with the email bound at execution, as are the statements below that use it (issue 18:
    building the UNION and its cache key on every family page cost half as much as running it)."""
    return col(Case.id).in_(visible_case_ids(bindparam(_FAMILY_EMAIL)))


@cache
def _has_cases_query() -> SelectOfScalar[int | None]:
    return select(col(Case.id)).where(_visible()).limit(1)


@cache
def _cases_query() -> SelectOfScalar[Case]:
    return select(Case).where(_visible()).order_by(col(Case.received_on).desc())


@cache
def _case_query() -> SelectOfScalar[Case]:
    return select(Case).where(col(Case.id) == bindparam("case_id"), _visible())


def one_login_email(subject: str) -> str | None:
    """The family email a One Login account (its `sub`) was linked to, noting this sign-in; None if unlinked."""
    row = db.session.exec(select(FamilyOneLoginIdentity).where(col(FamilyOneLoginIdentity.subject) == subject)).first()
    if row is None:
        return None
    row.last_signed_in_at = utcnow()
    db.session.flush()
    return row.email


def link_one_login(subject: str, email: str) -> str:
    """Link a One Login account to a family email (its first sign-in with that verified email) and return
    the email it is linked to: another request's link for the same account, made a moment before, wins."""
    row = FamilyOneLoginIdentity(subject=subject, email=normalise_email(email))
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        linked = one_login_email(subject)
        if linked is None:
            raise
        return linked
    return row.email


def has_cases(email: str) -> bool:
    params = {_FAMILY_EMAIL: normalise_email(email)}
    return db.session.exec(_has_cases_query(), params=params).first() is not None


def cases_for_family(email: str) -> list[Case]:
    return list(db.session.exec(_cases_query(), params={_FAMILY_EMAIL: normalise_email(email)}))


def case_for_family(email: str, case_id: int) -> Case | None:
    params = {_FAMILY_EMAIL: normalise_email(email), "case_id": case_id}
    return db.session.exec(_case_query(), params=params).first()


def access_of(email: str, case: Case) -> CaseAccess | None:
    email = normalise_email(email)
    return db.session.exec(
        select(CaseAccess).where(col(CaseAccess.case_id) == case.id, col(CaseAccess.email) == email)
    ).first()


def give_young_person_access(case: Case, young_person_email: str, parent_email: str | None = None) -> None:
    """The young person holds the case from now on; the parent (by default the requester) keeps seeing
    it only if the young person agrees. The caller commits."""
    db.session.add(CaseAccess(case_id=saved_id(case), email=young_person_email, role="young_person"))
    for row in parents_of(case):  # a parent a school named (issue 16) sees it from now on only if they agree
        row.agreed_by_young_person = False
    parent = parent_email or case.requester_email
    if parent and parent != young_person_email and access_of(parent, case) is None:
        db.session.add(CaseAccess(case_id=saved_id(case), email=parent, role="parent", agreed_by_young_person=False))


def parents_of(case: Case) -> list[CaseAccess]:
    query = (
        select(CaseAccess)
        .where(col(CaseAccess.case_id) == case.id, col(CaseAccess.role) == "parent")
        .order_by(col(CaseAccess.id))
    )
    return list(db.session.exec(query))


def set_parent_agreement(case: Case, access_id: int, agreed: bool) -> bool:
    """The young person agrees (or stops agreeing) to a parent seeing the case, with a timeline event."""
    row = db.session.get(CaseAccess, access_id)
    if row is None or row.case_id != case.id or row.role != "parent":
        return False
    row.agreed_by_young_person = agreed
    summary = (
        "The young person agreed to a parent seeing this request"
        if agreed
        else ("The young person stopped a parent seeing this request")
    )
    db.session.add(CaseEvent(case_id=saved_id(case), kind="family_access", summary=summary, actor="The young person"))
    db.session.flush()
    return True


def let_parent_see(case: Case, email: str) -> bool:
    """A young person lets a parent or carer see their case (their agreement, CaseAccess.agreed_by_young_person),
    with a timeline event. False when that email can already see it or is already listed. The caller commits."""
    email = normalise_email(email)
    if not email or email == normalise_email(case.requester_email) and case.requester_role == "young_person":
        return False
    row = access_of(email, case)
    if row is not None:
        if row.role != "parent" or row.agreed_by_young_person:
            return False
        row.agreed_by_young_person = True
    else:
        db.session.add(CaseAccess(case_id=saved_id(case), email=email, role="parent", agreed_by_young_person=True))
    summary = "The young person agreed to a parent seeing this request"
    db.session.add(CaseEvent(case_id=saved_id(case), kind="family_access", summary=summary, actor="The young person"))
    db.session.flush()
    return True


def messages_for_family(email: str) -> list[OutboxMessage]:
    email = normalise_email(email)
    case_ids = visible_case_ids(email)
    query = (
        select(OutboxMessage)
        .where(or_(col(OutboxMessage.case_id).in_(case_ids), col(OutboxMessage.recipient) == email))
        .order_by(col(OutboxMessage.created_at).desc())
    )
    return list(db.session.exec(query.limit(100)))


def add_draft_response(
    case: Case, comments: str, requested_setting: str, wants_meeting: bool, late: bool, today: date
) -> None:
    """Record the family's response with a timeline event and the family's message."""
    db.session.add(
        DraftPlanResponse(
            case_id=saved_id(case),
            comments=comments,
            requested_setting=requested_setting,
            wants_meeting=wants_meeting,
            late=late,
        )
    )
    case.family_activity_at, case.family_activity = utcnow(), "draft_response"  # the caseload's "New activity"
    summary = "The family responded to the draft plan" + (" (after the 15-day window)" if late else "")
    db.session.add(CaseEvent(case_id=saved_id(case), kind="draft_response", summary=summary, actor="The family"))
    send_case_update(case, "We received your response to the draft plan and sent it to your caseworker", today)
    db.session.flush()


def draft_responses(case: Case) -> list[DraftPlanResponse]:
    """The family's responses to the draft plan, oldest first."""
    return list(case_reads.rows("draft_responses", case.id))


def documents_for_case(case: Case) -> list[Document]:
    """The family's own uploads and the documents the council has shared with them, newest first."""
    query = (
        select(Document)
        .where(
            col(Document.case_id) == case.id,
            or_(col(Document.uploaded_by) == "family", col(Document.shared_with_family).is_(True)),
        )
        .order_by(col(Document.created_at).desc())
    )
    return list(db.session.exec(query))


def document_for_family(email: str, case_id: int, document_id: str) -> Document | None:
    """A document on one of this family's cases that they may see, or None (the caller answers 404)."""
    case = case_for_family(email, case_id)
    if case is None:
        return None
    document = db.session.get(Document, document_id)
    if document is None or document.case_id != case.id:
        return None
    if document.uploaded_by != "family" and not document.shared_with_family:
        return None
    return document


def add_family_document(case: Case, filename: str, content_type: str, size: int, key: str) -> Document:
    """Record more evidence from the family (quarantined until scanned) with a timeline event; the caller commits."""
    document = Document(
        case_id=saved_id(case),
        filename=filename,
        content_type=content_type,
        size_bytes=size,
        storage_key=key,
        uploaded_by="family",
        shared_with_family=True,
    )
    db.session.add(document)
    case.family_activity_at, case.family_activity = utcnow(), "document"  # the caseload's "New activity"
    db.session.add(
        CaseEvent(
            case_id=saved_id(case), kind="family_document", summary="The family sent a document", actor="The family"
        )
    )
    return document
