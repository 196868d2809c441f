"""Download your data: a signed-in family asks for a ZIP of everything the service holds about their cases;
a worker builds it, and it can be downloaded for 24 hours by the email that asked, and nobody else."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for

from service.auth.family import current_family, family_required
from service.clients.storage import document_response
from service.data import data_export
from service.domain.clock import london_date
from service.extensions import limiter
from service.journeys.track import bp


def _family() -> str:
    email = current_family()
    assert email is not None, "family_required signed the family in"
    return email


def _size(size_bytes: int | None) -> str:
    """120 KB, 3.4 MB: the size GOV.UK shows beside a download link."""
    size = size_bytes or 0
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@bp.get("/your-data")
@family_required
def data_download():
    export = data_export.latest(_family())
    return render_template(
        "track/data_download.html",
        export=export,
        state=data_export.state_of(export),
        size=_size(export.size_bytes if export else None),
        page_title="Download your data",
        signed_in=True,
    )


@bp.post("/your-data")
@family_required
@limiter.limit("10 per hour")
def ask_for_data():
    """Ask for the file (once: asking again while one is being prepared or available changes nothing).
    The request succeeds whether or not the queue is up: the export waits as pending until it is built."""
    data_export.ask(_family())  # committed by the request, then the job is enqueued
    return redirect(url_for(".data_download"))


@bp.get("/your-data/<export_id>/download")
@family_required
def data_file(export_id: str):
    """The ZIP, streamed to the email that asked, inside its 24 hours; 404 for any other export."""
    export = data_export.ready_for(_family(), export_id)
    if export is None or export.ready_at is None:
        abort(404)
    day = london_date(export.ready_at)
    return document_response(export.object_key, f"your-data-{day.isoformat()}.zip", "application/zip")
