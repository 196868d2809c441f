"""Common pages for the sweep: start, legal pages and error pages."""

from tests.accessibility.registry import SweepPage

PAGES = [
    SweepPage("common/start", "/"),
    SweepPage("common/accessibility-statement", "/accessibility-statement"),
    SweepPage("common/cookies", "/cookies"),
    SweepPage("common/privacy", "/privacy"),
    SweepPage("common/contact", "/contact"),
    SweepPage("common/not-found", "/no-such-page", status=404),
    SweepPage("dev/outbox-empty", "/dev/outbox"),
]
