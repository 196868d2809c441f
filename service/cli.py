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
