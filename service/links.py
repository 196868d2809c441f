"""Absolute links to the service's own pages, for messages: always from SERVICE_URL.

Never from the request (`request.host_url`, `url_for(..., _external=True)`): the Host header is the
sender's to choose, and a sign-in link built from it would hand the token to whoever forged it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """SERVICE_URL + the path of `endpoint`; extra values become the query string, as with url_for."""
    parts = urlsplit(current_app.config["SERVICE_URL"])
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def is_ours(link: str) -> bool:
    return link.startswith(current_app.config["SERVICE_URL"].rstrip("/") + "/")
