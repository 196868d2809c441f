"""advice (issue 14): routes are added here."""

from service.journeys.professional import bp  # noqa: F401
