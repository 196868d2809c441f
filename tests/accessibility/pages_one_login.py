"""GOV.UK One Login's pages for the sweep (issue 19): the problem page and the cancelled page the callback
shows. The sweep's service signs families in by email, where the callback can only ever show these;
the One Login sign-in page itself is checked with axe and the Nu checker in test_one_login_browser.py,
on a service configured for One Login."""

from __future__ import annotations

from tests.accessibility.registry import SweepPage

PAGES = [
    SweepPage("track/one-login/problem", "/sign-in/one-login/callback?code=not-a-code&state=not-a-state", status=400),
    SweepPage("track/one-login/cancelled", "/sign-in/one-login/callback?error=access_denied&state=x", status=400),
]
