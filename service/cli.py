"""`flask --app app ...` commands for operators and developers. Each command commits its own work (data
functions only flush)."""

from __future__ import annotations

import click
from flask import Flask

from service.db import db
from service.web import today_in_london

REFRESH_BATCH = 500


def register_commands(app: Flask) -> None:
    @app.cli.command("load-local-authorities")
    def load_local_authorities_command() -> None:
        """Load or refresh the 153 local authorities from data/local-authorities.csv (DfE, OGL v3.0)."""
        from service.data.local_authorities import load_local_authorities

        added, updated = load_local_authorities(db.session)
        db.session.commit()
        click.echo(f"Local authorities: {added} added, {updated} updated")

    @app.cli.command("load-settings")
    @click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
    def load_settings_command(path: str | None) -> None:
        """Load or refresh the list of settings from a GIAS file (.csv or .csv.gz; default: the shipped
        data/gias file, DfE, OGL v3.0), by URN: added, changed and closed; councils' corrections are kept."""
        from pathlib import Path

        from service.data.settings import SHIPPED_FILE, load_gias
        from service.domain.settings import MissingColumns

        try:
            report = load_gias(Path(path) if path else SHIPPED_FILE, today_in_london())
        except MissingColumns as error:
            db.session.rollback()
            click.echo(str(error), err=True)
            raise SystemExit(1) from error
        db.session.commit()
        click.echo(report.summary())

    @app.cli.command("notifications-catalogue")
    def notifications_catalogue_command() -> None:
        """Write docs/notifications.md: every message, its audience, trigger and full wording."""
        from service.catalogue_doc import write_catalogue
        from service.data.notifications import SENDERS

        click.echo(f"Wrote {write_catalogue(SENDERS)}")

    @app.cli.command("seed-demo")
    def seed_demo_command() -> None:
        """Create demo staff in Kent and Leeds and demo cases at every stage (development and test only)."""
        from service.db import db
        from service.demo import queue_demo_pdfs, seed_demo

        if app.config["APP_ENV"] not in ("development", "test"):
            raise click.ClickException("Demo data is for development and test only")
        for line in seed_demo(today_in_london()):
            click.echo(line)
        if queue_demo_pdfs():
            db.session.commit()  # the demo plans' PDFs: made after this commit (in this process without Redis)

    @app.cli.command("seed-synthetic")
    @click.option("--scale", default=1.0, show_default=True, help="Fraction of the DfE numbers, e.g. 0.01")
    @click.option("--only-la", default=None, help="One local authority, by name or DfE code (e.g. Kent or 886)")
    def seed_synthetic_command(scale: float, only_la: str | None) -> None:
        """Fill local authorities with synthetic cases shaped like the DfE figures (Faker, fixed seed)."""
        from service.synthetic import run

        if app.config["APP_ENV"] not in ("development", "test"):
            raise click.ClickException("Synthetic data is for development and test only")
        try:
            lines = run(today_in_london(), scale, only_la, progress=click.echo if only_la is None else None)
        except ValueError as error:
            raise click.ClickException(str(error)) from error
        for line in lines:
            click.echo(line)

    @app.cli.command("refresh-due-dates")
    def refresh_due_dates_command() -> None:
        """Recompute the stored next due date of every case with a disagreement (once, after an upgrade
        that changes which duties count; each change to a case keeps it up to date after that)."""
        from service.data.caseload import forget_all_counts
        from service.data.facts import case_ids_with_disagreements, refresh_due_of

        today = today_in_london()
        ids = case_ids_with_disagreements()
        changed = 0
        for start in range(0, len(ids), REFRESH_BATCH):
            changed += refresh_due_of(ids[start : start + REFRESH_BATCH], today)
            db.session.commit()  # one batch at a time: a long run holds no long transaction
        forget_all_counts()
        click.echo(f"Next due dates: {changed} changed of {len(ids)} cases with a disagreement")

    @app.cli.command("plan-phase-transfers")
    @click.option("--only-la", default=None, help="One local authority, by name or DfE code (e.g. Kent or 886)")
    def plan_phase_transfers_command(only_la: str | None) -> None:
        """Fill in next September's expected phase transfer (reg 18) of every plan that has none recorded,
        from the child's date of birth; a caseworker's choice is never overwritten, and a second run does
        nothing. One council's plans per transaction."""
        from service.data.caseload import forget_all_counts
        from service.data.phase_transfers import councils_named, fill_expected

        today = today_in_london()
        try:
            councils = councils_named(only_la)
        except ValueError as error:
            raise click.ClickException(str(error)) from error
        filled = kept = 0
        for la_id, name in councils:
            result = fill_expected(la_id, today)
            db.session.commit()
            filled += result.filled + result.replaced
            kept += result.kept
            if result.filled or result.replaced or only_la:
                click.echo(
                    f"{name}: {result.filled} filled, {result.replaced} replaced (past years), "
                    f"{result.kept} kept as recorded, {result.none} with no transfer next September"
                )
        forget_all_counts()
        click.echo(f"Phase transfers: {filled} filled, {kept} kept as recorded")

    @app.cli.command("sen2-export")
    @click.option("--council", "council", required=True, help="The council, by name or DfE code (e.g. Kent or 886)")
    @click.option("--year", type=int, required=True, help="The collection year, e.g. 2026 (census 15 January 2026)")
    @click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Folder to write the files to")
    def sen2_export_command(council: str, year: int, out: str) -> None:
        """Write a council's SEN2 return for a collection year: the CSV ZIP (one file per module), the XML
        and the validation report (CSV), and print the failures by rule."""
        from pathlib import Path

        from service.data.phase_transfers import councils_named
        from service.data.sen2 import sen2_return
        from service.domain.sen2.codes import UnknownCollectionYear
        from service.domain.sen2.output import csv_zip, validation_csv, xml
        from service.domain.sen2.rules import RULES
        from service.models import LocalAuthority, utcnow

        try:
            ((la_id, name),) = councils_named(council)
            result = sen2_return(la_id, year, utcnow())
        except (ValueError, UnknownCollectionYear) as error:
            raise click.ClickException(str(error)) from error
        lea = db.session.get(LocalAuthority, la_id).old_la_code  # type: ignore[union-attr]
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"SEN2-{year}-{lea}"
        (folder / f"{stem}.zip").write_bytes(csv_zip(result, lea))
        (folder / f"{stem}.xml").write_bytes(xml(result))
        (folder / f"{stem}-validation.csv").write_text(validation_csv(result), encoding="utf-8")
        counts = {module: len(rows) for module, rows in result.modules.items()}
        click.echo(f"{name} SEN2 {year} (census {result.census_on.isoformat()}): " + ", ".join(
            f"{module} {n}" for module, n in counts.items()) + f"; written to {folder}")  # fmt: skip
        by_rule: dict[str, int] = {}
        for failure in result.failures:
            by_rule[failure.rule] = by_rule.get(failure.rule, 0) + 1
        for rule, n in sorted(by_rule.items()):
            click.echo(f"  {rule} {RULES[rule]}: {n}")
        click.echo(f"Validation: {len(result.failures)} failures")

    @app.cli.command("refresh-figures")
    @click.option("--council", "council", default=None, help="One council, by name or DfE code (default: all)")
    @click.option("--changed-only", is_flag=True, help="Skip councils whose cases have not changed since")
    def refresh_figures_command(council: str | None, changed_only: bool) -> None:
        """Recompute the dashboard's figures (CouncilFigure) of every council, or one."""
        import time

        from service.data.figures import refresh
        from service.data.phase_transfers import councils_named

        started = time.perf_counter()
        try:
            ids = [la_id for la_id, _ in councils_named(council)] if council else None
        except ValueError as error:
            raise click.ClickException(str(error)) from error
        results = refresh(ids, today_in_london(), force=not changed_only, commit=db.session.commit)
        db.session.commit()
        done = [r for r in results if not r.skipped]
        click.echo(
            f"Figures: {len(done)} councils refreshed, {len(results) - len(done)} unchanged, "
            f"{sum(r.figures for r in done)} figures in {time.perf_counter() - started:.1f}s"
        )
