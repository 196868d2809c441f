"""The plan at its biggest: a 40-page plan (30 needs, 20 outcomes, 60 provision items) read as HTML, compared
with its previous version, and made into its PDF by the worker, on PostgreSQL with the national synthetic
data. Targets: HTML p95 under 50 ms, the comparison p95 under 100 ms, the PDF under 3 s (peak memory printed).

Starts its own PostgreSQL cluster (like the tests), migrates, loads the demo data and the synthetic data of
every council (service.synthetic at BENCH_NATIONAL_SCALE, default 0.1, with its structured plans), then on
the demo family's draft-plan case (Leo's) writes the big plan through service.data.plan_changes: Draft 2, a
dozen changes, then Draft 3. The family's plan page and "what changed" page are loaded under gunicorn by 8
concurrent clients (server time from Server-Timing, see bench/harness.py). The same work is also timed
in-process through the Flask app (the database read of the version, the section views and golden thread,
and the template), beside a floor measured in the same run the same way for a one-need plan, so the cost
of the plan's size shows apart from the fixed cost of the machinery; then the worker makes the PDF: its time
(best and median of 3, and the whole job with storage), its peak Python memory (tracemalloc) and the peak
RSS of a fresh process making it, as a new worker would.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    FAMILY_EMAIL,
    gunicorn,
    load,
    migrated_postgres,
    percentile,
    report,
    sign_in_family,
    statements_per_request,
)
from tests.conftest import make_config  # noqa: E402

NATIONAL_SCALE = float(os.environ.get("BENCH_NATIONAL_SCALE", "0.1"))
HTML_TARGET_MS, DIFF_TARGET_MS, PDF_TARGET_S = 50.0, 100.0, 3.0
RUNS = int(os.environ.get("BENCH_PLAN_RUNS", "200"))
LAST = 3  # the demo's Draft 1, then the big plan's Draft 2 and Draft 3
PAGE = """{% from "plan/_document.html" import plan_sections, golden_thread %}
{{ plan_sections(sections, comment_url=comment_url) }}{{ golden_thread(threads) }}"""
CHANGES = """{% from "plan/_diff.html" import plan_changes %}{{ plan_changes(changes) }}"""


def timed(function: Callable[[], object], runs: int) -> list[float]:
    function()  # warm: compiled templates, cached template data
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def print_timings(name: str, timings: list[float]) -> None:
    print(f"{name}_p50_ms: {statistics.median(timings):.1f} ms")
    print(f"{name}_p95_ms: {percentile(timings, 0.95):.1f} ms")


def changed_for_final(document: dict, rng: random.Random) -> dict:
    """A dozen changes after the family's comments: provision made more frequent, needs reworded, two items."""
    from service.domain.ehcp.document import next_id, put_item

    for row in rng.sample(document["provision"], 6):
        document = put_item(document, "provision", {**row, "frequency": {"times": 3, "per": "week"}, "minutes": 40})
    for need in rng.sample(document["needs"], 4):
        text = need["description"].replace("well below", "below") + " The family asked for this to be added."
        document = put_item(document, "needs", {**need, "description": text})
    for _ in range(2):
        row = {**document["provision"][0], "id": next_id(document, "provision"), "what": "Added after comments."}
        document = put_item(document, "provision", row)
    return document


def write_big_plan(app) -> tuple[int, int]:
    """Two issues of a 40-page plan on the demo family's draft-plan case (Leo's: Draft 2, a dozen changes, then
    Draft 3), so the family's own pages serve it; returns (case id, the last version's id)."""
    from flask import g
    from sqlmodel import select

    from service.data.context import ChangeContext
    from service.data.plan_changes import issue, save
    from service.data.plans import working
    from service.db import db
    from service.models import Case, Plan, StaffUser
    from service.synthetic_plans import BENCH_SIZE, synthetic_document

    rng = random.Random(40)
    with app.app_context():
        case = db.session.exec(
            select(Case).where(Case.requester_email == FAMILY_EMAIL, Case.child_first_name == "Leo")
        ).one()
        officer = db.session.exec(select(StaffUser).where(StaffUser.email == "kent.caseworker@example.gov.uk")).one()
        change = ChangeContext(user=officer, ip="127.0.0.1", today=date.today())
        plan = db.session.exec(select(Plan).where(Plan.case_id == case.id)).one()  # the demo's Draft 1
        big = synthetic_document(rng, BENCH_SIZE)
        document = {**working(plan), **{k: big[k] for k in ("needs", "no_identified_needs", "outcomes", "provision")}}
        save(change, plan, document, section="b", opened_version=plan.version, summary="Plan rewritten")
        issue(change, plan, case, status="draft", on=date.today(), opened_version=plan.version)
        save(change, plan, changed_for_final(working(plan), rng), section="f", opened_version=plan.version,
             summary="Changed after the family's comments")  # fmt: skip
        last = issue(change, plan, case, status="draft", on=date.today(), opened_version=plan.version)
        db.session.commit()
        g.pop("jobs_in_process", None)  # the PDFs are made below, timed
        return case.id, last.id


def seed(url: str) -> float:
    from sqlalchemy import text
    from sqlmodel import Session, create_engine

    from service import create_app
    from service.data.local_authorities import load_local_authorities
    from service.db import db
    from service.demo import seed_demo
    from service.synthetic import generate

    engine = create_engine(url)
    with Session(engine) as session:
        load_local_authorities(session)
        session.commit()
    engine.dispose()
    app = create_app(make_config(url))
    with app.app_context():
        seed_demo(date.today())
        started = time.monotonic()
        made = generate(date.today(), scale=NATIONAL_SCALE)
        seconds = time.monotonic() - started
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    print(f"bench_plan_national_scale: {NATIONAL_SCALE} fraction")
    print(f"bench_plan_synthetic_structured_plans: {made.structured_plans} plans")
    print(f"bench_plan_synthetic_plan_versions: {made.plan_versions} versions")
    print(f"bench_plan_synthetic_generation: {seconds:.1f} s")
    return seconds


FRESH_WORKER = """
import resource, sys, time
from service import create_app
from tests.conftest import make_config
from service.data.plans import version_by_id
from workers.plan_pdf import plan_pdf
app = create_app(make_config(sys.argv[1]))
with app.app_context():
    version = version_by_id(int(sys.argv[2]))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    plan_pdf(version)
    print(time.perf_counter() - started, before / 1024, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def fresh_worker(url: str, version_id: int) -> tuple[float, float, float]:
    """(seconds, RSS before, peak RSS in MB) of one PDF in a new process, as a worker makes its first."""
    command = [sys.executable, "-c", FRESH_WORKER, url, str(version_id)]
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
    seconds, before, peak = (float(value) for value in out.stdout.split()[-3:])
    return seconds, before, peak


def pages_of(pdf: bytes) -> int:
    if not shutil.which("pdfinfo"):
        return -1
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def main() -> int:
    from flask import render_template_string

    from service import create_app
    from service.data.plans import document_of, version_for_case
    from service.db import db
    from service.domain.ehcp.diff import compare
    from service.domain.ehcp.document import as_issued, golden_thread
    from service.domain.ehcp.sections import plan_sections
    from service.models import Case
    from service.synthetic_plans import PlanSize, synthetic_document
    from workers.plan_pdf import pdf_bytes, plan_html, render_plan_pdf

    with migrated_postgres() as url, tempfile.TemporaryDirectory() as documents:
        seed(url)
        app = create_app(make_config(url, STORAGE_LOCAL_DIR=documents))
        case_id, final_id = write_big_plan(app)
        tiny = as_issued(synthetic_document(random.Random(1), PlanSize(1, 1, 1)), status="final", version=1,
                         label="Final", issued_on=date.today(), officer="Officer")  # fmt: skip

        def comment_url(section: str, item_id: str) -> str:
            return f"/your-cases/{case_id}/plan/versions/{LAST}/sections/{section}/items/{item_id}/comment"

        def render_page(document: dict) -> str:
            return render_template_string(
                PAGE, sections=plan_sections(document), threads=golden_thread(document), comment_url=comment_url
            )

        with app.test_request_context(f"/your-cases/{case_id}/plan"):
            case = db.session.get(Case, case_id)

            def html_of_final() -> str:
                db.session.expire_all()  # read the version from the database each time, as a request does
                return render_page(document_of(version_for_case(case, LAST)))

            def changes_between_versions() -> str:
                db.session.expire_all()
                old, new = document_of(version_for_case(case, LAST - 1)), document_of(version_for_case(case, LAST))
                return render_template_string(CHANGES, changes=compare(old, new))

            big = document_of(version_for_case(case, LAST))
            print(f"bench_plan_needs: {len(big['needs'])} needs")
            print(f"bench_plan_outcomes: {len(big['outcomes'])} outcomes")
            print(f"bench_plan_provision_items: {len(big['provision'])} items")
            print(f"bench_plan_html_bytes: {len(html_of_final())} bytes")
            html = timed(html_of_final, RUNS)
            print_timings("plan_html_server", html)
            print_timings("plan_html_floor_one_need", timed(lambda: render_page(tiny), RUNS))
            diff = timed(changes_between_versions, RUNS // 2)
            print(
                f"bench_plan_sections_changed: {len(compare(document_of(version_for_case(case, LAST - 1)), big))} sections"
            )
            print_timings("plan_diff_server", diff)
            print_timings("plan_diff_floor_identical", timed(lambda: compare(tiny, tiny), RUNS))

        with app.app_context():
            page = plan_html(big)
            pdf_bytes(plan_html(tiny))  # warm: WeasyPrint's imports and the fonts
            floor = min(timed(lambda: pdf_bytes(plan_html(tiny)), 3)) / 1000
            runs = []
            for _ in range(3):
                started = time.perf_counter()
                data = pdf_bytes(plan_html(big))
                runs.append(time.perf_counter() - started)
            tracemalloc.start()
            pdf_bytes(page)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            fresh_seconds, fresh_before, fresh_peak = fresh_worker(url, final_id)
            started = time.perf_counter()
            assert render_plan_pdf(final_id) == "made"  # the whole job: render, store, record, commit
            job = time.perf_counter() - started
            print(f"plan_pdf_pages: {pages_of(data)} pages")
            print(f"plan_pdf_bytes: {len(data)} bytes")
            print(f"plan_pdf_generation_best_s: {min(runs):.2f} s")
            print(f"plan_pdf_generation_median_s: {statistics.median(runs):.2f} s")
            print(f"plan_pdf_worker_job_s: {job:.2f} s")
            print(f"plan_pdf_floor_one_need_s: {floor:.2f} s")
            print(f"plan_pdf_peak_python_memory_mb: {peak / 1024 / 1024:.1f} MB")
            print(f"plan_pdf_fresh_worker_first_pdf_s: {fresh_seconds:.2f} s")
            print(f"plan_pdf_fresh_worker_rss_before_mb: {fresh_before:.1f} MB")
            print(f"plan_pdf_fresh_worker_peak_rss_mb: {fresh_peak:.1f} MB")
        with gunicorn(url) as base:  # the family's own pages, 8 concurrent clients (bench/harness.py)
            family = sign_in_family(base, url)
            pages = [
                ("family_plan_page", f"/your-cases/{case_id}/plan"),
                ("family_plan_compare", f"/your-cases/{case_id}/plan/compare?from={LAST - 1}&to={LAST}"),
            ]
            served = {}
            for name, path in pages:
                result = load(base, path, family, total=int(os.environ.get("BENCH_PLAN_REQUESTS", "200")))
                report(name, result, statements_per_request(url, path, family))
                served[name] = percentile(result.server_ms, 0.95)
        print(f"family_plan_page_server_p95_target_met: {int(served['family_plan_page'] < HTML_TARGET_MS)} bool")
        print(f"family_plan_compare_server_p95_target_met: {int(served['family_plan_compare'] < DIFF_TARGET_MS)} bool")
        print(f"plan_html_server_p95_target_met: {int(percentile(html, 0.95) < HTML_TARGET_MS)} bool")
        print(f"plan_diff_server_p95_target_met: {int(percentile(diff, 0.95) < DIFF_TARGET_MS)} bool")
        print(f"plan_pdf_generation_target_met: {int(statistics.median(runs) < PDF_TARGET_S)} bool")
        print(f"cpu_cores: {os.cpu_count()} cores")
        print(f"load_average_1_min: {os.getloadavg()[0]:.1f} processes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
