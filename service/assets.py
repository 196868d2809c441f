"""Fingerprinted static assets (issue 12 L10).

Every `url_for('static', filename=...)` gets `?v=<first 12 hex digits of the file's SHA-256>`, so a
changed file has a new URL. A request whose `v` matches the file's current content may be cached
for a year, immutably; anything else (an old or missing `v`, a font that CSS asks for by path) for
an hour.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from flask import Flask, request
from werkzeug.wrappers import Response

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=3600"
_fingerprints: dict[tuple[str, float], str] = {}


def fingerprint(static_folder: str | None, filename: str | None) -> str | None:
    if not static_folder or not filename:
        return None
    path = Path(static_folder) / filename
    try:
        if not path.resolve().is_relative_to(Path(static_folder).resolve()):
            return None
        mtime = os.stat(path).st_mtime
    except OSError:
        return None
    key = (str(path), mtime)
    if key not in _fingerprints:
        _fingerprints[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _fingerprints[key]


def init_assets(app: Flask) -> None:
    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values and values.get("filename"):
            version = fingerprint(app.static_folder, values["filename"])
            if version:
                values["v"] = version


def asset_cache_control(app: Flask, response: Response) -> str:
    """The Cache-Control for a response under /assets/."""
    filename = request.view_args.get("filename") if request.view_args else None
    version = request.args.get("v")
    fresh = response.status_code in (200, 304) and filename and version
    return IMMUTABLE if fresh and version == fingerprint(app.static_folder, filename) else SHORT
