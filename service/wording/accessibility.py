"""The accessibility statement's facts that change only when someone checks them again: when it was prepared
and last reviewed, and when the service was last tested and how. Change these by hand after a new test (never
today's date: the statement must say when the test really happened)."""

from __future__ import annotations

from datetime import date

STATEMENT_PREPARED_ON = date(2026, 11, 28)
STATEMENT_REVIEWED_ON = date(2026, 12, 2)
LAST_TESTED_ON = date(2026, 12, 2)
# The axe-core rule tags the sweep runs (tests/accessibility/conftest.py WCAG_TAGS says the same).
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
EASS_URL = "https://www.equalityadvisoryservice.com/"
EHRC_REGULATIONS = "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018"
