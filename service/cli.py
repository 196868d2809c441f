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
