"""A Flask SessionInterface that keeps session data in the database.

The cookie carries 32 random bytes; the table stores only their SHA-256, so a copy of the
database cannot be replayed as cookies. Idle and absolute lifetimes are enforced here and can
be tightened per area (staff 30 minutes idle, families 2 hours) by the sign-in code.

A row is written only when something must be stored (issue 12 L1): a visitor whose session holds
nothing but a CSRF token (any page with a form) gets it in a signed cookie instead, so page views
by strangers and crawlers leave no rows. Expired rows are purged on a schedule
(workers.schedules.purge_expired_sessions).
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from flask import Flask, Request, Response, request
from flask.sessions import SessionInterface, SessionMixin
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.datastructures import CallbackDict

from service.data.sessions import delete_session, delete_sessions_of, hash_session_id, session_state, touch_session
from service.db import db
from service.models import WebSession, utcnow

DEFAULT_IDLE = timedelta(hours=2)
DEFAULT_ABSOLUTE = timedelta(hours=12)
TOUCH_EVERY = timedelta(seconds=60)
# What may live in a signed cookie rather than a row: a CSRF token is no secret from its own browser.
COOKIE_ONLY_KEYS = frozenset({"csrf_token"})
COOKIE_PREFIX = "c."


def _cookie_serializer(app: Flask) -> URLSafeSerializer:
    return URLSafeSerializer(app.secret_key, salt="ehcp-cookie-only-session")


_hash = hash_session_id


class ServerSession(CallbackDict, SessionMixin):
    def __init__(self, initial=None, sid: str | None = None, new: bool = False):
        def on_update(_self):
            _self.modified = True

        super().__init__(initial or {}, on_update)
        self.sid = sid
        self.new = new
        self.modified = False
        self.rotate_requested = False
        self.destroy_requested = False
        # (principal, account, council) read with the session when its principal is a member of staff
        # (service.data.sessions.session_state), for service.auth.staff.current_staff; else None
        self.staff_account: tuple | None = None

    def rotate(self) -> None:
        """Give the session a new id (at sign-in), keeping its data: defeats session fixation."""
        self.rotate_requested = True
        self.modified = True

    def destroy(self) -> None:
        """Revoke the session on the server (sign-out)."""
        self.clear()
        self.destroy_requested = True
        self.modified = True


class DatabaseSessionInterface(SessionInterface):
    def open_session(self, app: Flask, request: Request) -> ServerSession:
        sid = request.cookies.get(self.get_cookie_name(app))
        if sid and sid.startswith(COOKIE_PREFIX) and len(sid) <= 300:
            try:
                data = _cookie_serializer(app).loads(sid[len(COOKIE_PREFIX) :])
            except BadSignature:
                data = {}
            kept = {k: v for k, v in data.items() if k in COOKIE_ONLY_KEYS} if isinstance(data, dict) else {}
            return ServerSession(kept, new=True)
        if not sid or len(sid) > 100:
            return ServerSession(new=True)
        id_hash = _hash(sid)
        state = session_state(id_hash)
        if state is None:
            return ServerSession(new=True)
        stored, created_at, last_seen_at, staff_account = state
        now = utcnow()
        data = json.loads(stored)
        idle = timedelta(seconds=data.get("_idle_seconds", DEFAULT_IDLE.total_seconds()))
        absolute = timedelta(seconds=data.get("_absolute_seconds", DEFAULT_ABSOLUTE.total_seconds()))
        if now - _aware(last_seen_at) > idle or now - _aware(created_at) > absolute:
            delete_session(id_hash)
            db.session.commit()
            session = ServerSession(new=True)
            session["_expired"] = True
            return session
        session = ServerSession(data, sid=sid)
        session.staff_account = staff_account
        if now - _aware(last_seen_at) > TOUCH_EVERY:
            touch_session(id_hash, now)
            db.session.commit()
        return session

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:
        name = self.get_cookie_name(app)
        domain = self.get_cookie_domain(app)
        path = self.get_cookie_path(app)
        if session.destroy_requested or (not session and session.modified and session.sid):
            if session.sid:
                row = db.session.get(WebSession, _hash(session.sid))
                if row is not None:
                    db.session.delete(row)
                    db.session.commit()
            response.delete_cookie(name, domain=domain, path=path)
            return
        if not session.modified:
            return
        data = {k: v for k, v in session.items() if k != "_expired"}
        if session.sid is None and set(data) <= COOKIE_ONLY_KEYS:
            if data:
                self._set_cookie(app, response, COOKIE_PREFIX + _cookie_serializer(app).dumps(data))
            elif name in request.cookies:
                response.delete_cookie(name, domain=domain, path=path)
            return
        principal = data.get("_principal")
        if session.sid is None or session.rotate_requested:
            if session.sid is not None:
                old = db.session.get(WebSession, _hash(session.sid))
                if old is not None:
                    db.session.delete(old)
            session.sid = secrets.token_urlsafe(32)
            db.session.add(WebSession(id_hash=_hash(session.sid), data=json.dumps(data), principal=principal))
        else:
            row = db.session.get(WebSession, _hash(session.sid))
            if row is None:
                row = WebSession(id_hash=_hash(session.sid))
                db.session.add(row)
            row.data = json.dumps(data)
            row.principal = principal
            row.last_seen_at = utcnow()
        db.session.commit()
        self._set_cookie(app, response, session.sid)

    def _set_cookie(self, app: Flask, response: Response, value: str) -> None:
        response.set_cookie(
            self.get_cookie_name(app),
            value,
            httponly=True,
            secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app),
            domain=self.get_cookie_domain(app),
            path=self.get_cookie_path(app),
        )


def revoke_sessions_of(principal: str, keep_sid: str | None = None) -> int:
    """End every session of a person on the server (e.g. when a staff account is disabled), or every
    one but this browser's (`keep_sid`, e.g. after they change how they sign in)."""
    return delete_sessions_of(principal, keep_sid)


def _aware(value):
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)
