"""`flask --app app ...` commands for operators and developers."""

from __future__ import annotations

import click
from flask import Flask

from service.db import db


def register_commands(app: Flask) -> None:
    @app.cli.command("load-local-authorities")
    def load_local_authorities_command() -> None:
        """Load or refresh the 153 local authorities from data/local-authorities.csv (DfE, OGL v3.0)."""
        from service.data.local_authorities import load_local_authorities

        added, updated = load_local_authorities(db.session)
        click.echo(f"Local authorities: {added} added, {updated} updated")

    @app.cli.command("notifications-catalogue")
    def notifications_catalogue_command() -> None:
        """Write docs/notifications.md: every message, its audience, trigger and full wording."""
        from service.catalogue_doc import write_catalogue
        from service.data.notifications import SENDERS

        click.echo(f"Wrote {write_catalogue(SENDERS)}")

    @app.cli.command("seed-demo")
    def seed_demo_command() -> None:
        """Create demo staff in Kent and Leeds and demo cases at every stage (development and test only)."""
        from service.demo import seed_demo
        from service.domain.clock import london_date
        from service.models import utcnow

        if app.config["APP_ENV"] not in ("development", "test"):
            raise click.ClickException("Demo data is for development and test only")
        for line in seed_demo(london_date(utcnow())):
            click.echo(line)

    @app.cli.command("seed-synthetic")
    @click.option("--scale", default=1.0, show_default=True, help="Fraction of the DfE numbers, e.g. 0.01")
    @click.option("--only-la", default=None, help="One local authority, by name or DfE code (e.g. Kent or 886)")
    def seed_synthetic_command(scale: float, only_la: str | None) -> None:
        """Fill local authorities with synthetic cases shaped like the DfE figures (Faker, fixed seed)."""
        from service.domain.clock import london_date
        from service.models import utcnow
        from service.synthetic import run

        if app.config["APP_ENV"] not in ("development", "test"):
            raise click.ClickException("Synthetic data is for development and test only")
        try:
            lines = run(london_date(utcnow()), scale, only_la, progress=click.echo if only_la is None else None)
        except ValueError as error:
            raise click.ClickException(str(error)) from error
        for line in lines:
            click.echo(line)

    @app.cli.command("refresh-due-dates")
    def refresh_due_dates_command() -> None:
        """Recompute the stored next due date of every case with a disagreement (once, after an upgrade
        that changes which duties count; each change to a case keeps it up to date after that)."""
        from service.data.cases import refresh_cases_with_disagreements
        from service.domain.clock import london_date
        from service.models import utcnow

        changed, seen = refresh_cases_with_disagreements(london_date(utcnow()))
        click.echo(f"Next due dates: {changed} changed of {seen} cases with a disagreement")
