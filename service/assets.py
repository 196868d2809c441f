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
# (static folder, filename) -> (mtime, version): after the first look, a URL costs one stat, not a path
# resolution and a hash (issue 18: the layout asks for four assets on every page).
_checked: dict[tuple[str, str], tuple[float, str | None]] = {}


def fingerprint(static_folder: str | None, filename: str | None) -> str | None:
    if not static_folder or not filename:
        return None
    path = Path(static_folder) / filename
    try:
        mtime = os.stat(path).st_mtime
    except (OSError, ValueError):
        return None
    known = _checked.get((static_folder, filename))
    if known is not None and known[0] == mtime:
        return known[1]
    try:
        inside = path.resolve().is_relative_to(Path(static_folder).resolve())
    except OSError:
        return None
    version = None
    if inside:
        key = (str(path), mtime)
        if key not in _fingerprints:
            _fingerprints[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        version = _fingerprints[key]
    if len(_checked) < 4096:  # filenames come from requests too: the table stays bounded
        _checked[(static_folder, filename)] = (mtime, version)
    return version


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
