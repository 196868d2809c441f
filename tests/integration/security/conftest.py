"""Flask-Limiter keeps `enabled` and its storage on the module-level limiter, so the last app built
decides for every app: a rate-limited (or production) app built here must not switch limits on for
the tests that follow."""

import pytest


@pytest.fixture(autouse=True)
def _limits_off_afterwards():
    yield
    from service.extensions import limiter

    limiter.enabled = False
