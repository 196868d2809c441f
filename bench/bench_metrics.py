"""What /metrics and /performance cost at national scale, on PostgreSQL (issue 19 item 5).

Starts its own PostgreSQL cluster, migrates, writes 2,000,000 outbox rows (a year of messages at about
5.5 a minute: 1,000 unsent, 1% failed) and 300,000 documents (200 waiting for a scan), VACUUM ANALYZEs, then
times the scrape-time gauges (ehcp_metrics_collect_seconds over 50 scrapes) and the performance page's
year of monthly figures (uncached). Prints `name: value unit`.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

from bench.harness import migrated_postgres, percentile  # noqa: E402
from service import create_app  # noqa: E402
from tests.conftest import make_config  # noqa: E402

MESSAGES = 2_000_000
DOCUMENTS = 300_000
TOKEN = "bench-metrics-token-0123456789abcdef"
SCRAPES = 50

OUTBOX = f"""
INSERT INTO outbox_message (id, created_at, updated_at, channel, template, recipient, personalisation, status,
                            attempts, sent_at, send_delay_ms, delivery_status)
SELECT md5(i::text), now() - i * interval '15 seconds', now(), 'email', 'case_update', 'r@example.com', '{{}}',
       CASE WHEN i <= 1000 THEN 'pending' WHEN i % 100 = 0 THEN 'failed' ELSE 'sent' END, 1,
       CASE WHEN i <= 1000 THEN NULL ELSE now() - i * interval '15 seconds' + (i % 20) * interval '1 second' END,
       CASE WHEN i <= 1000 THEN NULL ELSE (i % 20) * 1000 END,
       CASE WHEN i <= 1000 THEN NULL WHEN i % 100 = 0 THEN 'permanent-failure' ELSE 'delivered' END
FROM generate_series(1, {MESSAGES}) AS i
"""
DOCUMENT_ROWS = f"""
INSERT INTO document (id, category, filename, content_type, size_bytes, storage_key, status, status_reason,
                      uploaded_by, shared_with_family, created_at)
SELECT md5('d' || i::text), 'evidence', 'f.pdf', 'application/pdf', 1000, 'k/' || i, CASE WHEN i <= 200 THEN 'waiting'
       ELSE 'clean' END, '', 'family', true, now() - i * interval '1 minute'
FROM generate_series(1, {DOCUMENTS}) AS i
"""


def main() -> None:
    with migrated_postgres() as url:
        engine = create_engine(url)
        started = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(text(OUTBOX))
            connection.execute(text(DOCUMENT_ROWS))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            # what autovacuum does to tables this size soon after: sets the visibility map, so counts over
            # an index need not visit the table
            connection.execute(text("VACUUM ANALYZE outbox_message"))
            connection.execute(text("VACUUM ANALYZE document"))
        print(f"metrics_seed_seconds: {time.perf_counter() - started:.1f} s")
        engine.dispose()

        app = create_app(make_config(url, METRICS_TOKEN=TOKEN))
        client = app.test_client()
        collect, whole = [], []
        for _ in range(SCRAPES):
            began = time.perf_counter()
            body = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).data.decode()
            whole.append((time.perf_counter() - began) * 1000)
            line = next(row for row in body.splitlines() if row.startswith("ehcp_metrics_collect_seconds "))
            collect.append(float(line.split()[1]) * 1000)
        assert "ehcp_outbox_unsent_messages 1000.0" in body and "ehcp_documents_awaiting_scan 200.0" in body
        print(f"metrics_gauges_p50_ms: {statistics.median(collect):.2f} ms")
        print(f"metrics_gauges_p95_ms: {percentile(collect, 0.95):.2f} ms")
        print(f"metrics_scrape_p50_ms: {statistics.median(whole):.2f} ms")

        from service.journeys.common.performance import forget_cached_figures

        timings = []
        for _ in range(3):
            forget_cached_figures()
            began = time.perf_counter()
            assert client.get("/performance").status_code == 200
            timings.append((time.perf_counter() - began) * 1000)
        print(f"performance_page_uncached_ms: {min(timings):.0f} ms")
        began = time.perf_counter()
        client.get("/performance")
        print(f"performance_page_cached_ms: {(time.perf_counter() - began) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
