"""One commit per request: service.data only flushes. The one sanctioned exception, db.commit_now(), is
for counted attempts and security audit that must survive a failed request, and only these use it."""

from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).resolve().parents[3] / "service" / "data"
SANCTIONED = {
    "challenges.py",
    "family.py",
    "lockouts.py",
    "probing.py",
    "professionals.py",
}  # professionals: wrong codes


def test_no_data_function_commits():
    offenders = [path.name for path in DATA.glob("*.py") if re.search(r"\.commit\(\)", path.read_text())]
    assert offenders == []


def test_only_counted_attempts_and_security_audit_commit_now():
    users = {path.name for path in DATA.glob("*.py") if "db.commit_now()" in path.read_text()}
    assert users == SANCTIONED
