"""Extensions as module-level singletons, wired in create_app with init_app."""

from flask import request
from flask_limiter import Limiter
from flask_wtf.csrf import CSRFProtect


def _client_address() -> str:
    # Behind a proxy, ProxyFix (configured in infra) puts the client's address in remote_addr.
    return request.remote_addr or "unknown"


csrf = CSRFProtect()
limiter = Limiter(key_func=_client_address, default_limits=[], strategy="fixed-window")
