"""Make an issued plan version's PDF: an accessible tagged PDF (PDF/UA-1) from the version's own document.

The job takes only the version id and does nothing once the version has its PDF, so running it twice (a
retry, the sweeper) makes one PDF. The page is templates/plan/pdf.html, which reads the document through
service.domain.ehcp.sections and the golden thread exactly as the web page does, so the PDF cannot say
something the page does not. WeasyPrint lays it out with the system's Liberation fonts and fetches
nothing (every URL is refused). The file is written to storage first (it is ours, so it is not scanned:
quarantine then clean at once), then the document row and the version's link commit together. If storage
is down the job raises, RQ records it as failed and the sweeper (workers.schedules.sweep_plan_pdfs)
enqueues it again; no row is written for a file that was not stored.
"""

from __future__ import annotations

import io
import logging
import re
import uuid
from datetime import date

from flask import current_app, render_template

from service.clients.storage import storage
from service.data.plans import attach_pdf, document_of, version_by_id
from service.db import db
from service.domain.dates import format_govuk_date
from service.domain.ehcp.document import Document, golden_thread
from service.domain.ehcp.sections import plan_sections
from service.jobs import RENDER_PLAN_PDF
from service.models import PlanVersion, utcnow

log = logging.getLogger(__name__)
BETWEEN_TAGS = re.compile(r">\s+<")


@RENDER_PLAN_PDF.runs
def render_plan_pdf(version_id: int) -> str:
    version = version_by_id(version_id)
    if version is None:
        return "missing"
    if version.pdf_document_id is not None:
        return "done"
    data = plan_pdf(version)
    key = str(uuid.uuid4())
    store = storage()
    store.put_quarantine(key, io.BytesIO(data), "application/pdf")  # StorageUnavailable: the job fails, retried
    store.promote(key)
    document = attach_pdf(version_id, storage_key=key, size_bytes=len(data), generated_at=utcnow())
    if document is None:  # another run attached its PDF first
        db.session.rollback()
        store.delete(key)
        return "done"
    db.session.commit()
    log.info("Plan version %s: PDF stored (%s bytes)", version_id, len(data))
    return "made"


def plan_html(document: Document) -> str:
    """The PDF's HTML page for one plan document (rendered inside the app context)."""
    plan = document["plan"]
    name = document["personal_details"]["name"] or "the child or young person"
    label = plan["label"]
    issued_on = plan["issued_on"]
    if plan["status"] == "draft":
        status = f"This is a draft plan, issued on {_date(issued_on)}. It does not name a school or other setting."
    elif plan["status"] == "proposed":
        status = (
            f"These are proposed amendments to the plan, sent on {_date(issued_on)}. They are not the amended plan."
        )
    elif plan["status"] == "final":
        status = f"This plan was issued on {_date(issued_on)}."
    else:
        status = "This plan has not been issued."
    html = render_template(
        "plan/pdf.html",
        title=f"Education, health and care plan for {name}: {label}",
        label=label,
        reference=plan["reference"],
        local_authority=plan["local_authority"],
        issued_on=issued_on or "",
        status_sentence=status,
        footer=_css_text(f"{plan['reference']} {label}"),
        sections=plan_sections(document),
        threads=golden_thread(document),
    )
    return BETWEEN_TAGS.sub("><", html)  # whitespace-only text between tags: a tenth fewer boxes to lay out


def _date(value: str | None) -> str:
    return format_govuk_date(date.fromisoformat(value)) if value else ""


def _css_text(text: str) -> str:
    """Text safe inside a CSS string in the page's style element (no quotes, backslashes or markup)."""
    return "".join(c for c in text if c.isalnum() or c in " -.:")


def pdf_bytes(html: str) -> bytes:
    """Lay out the page as PDF/UA-1 (tagged, with its language, title and metadata); nothing is fetched."""
    from weasyprint import HTML, URLFetcher

    refuse_every_url = URLFetcher(allowed_protocols=())
    base = str(current_app.root_path)
    return HTML(string=html, base_url=base, url_fetcher=refuse_every_url).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=uuid.uuid4().hex.encode()
    )


def plan_pdf(version: PlanVersion) -> bytes:
    document = document_of(version)
    return pdf_bytes(plan_html(document))
