"""Under gunicorn each worker process counts its own requests: with PROMETHEUS_MULTIPROC_DIR, /metrics in any
process adds up every process's counts (prometheus_client's multiprocess mode, infra/gunicorn.conf.py).
Two processes answer a request each; the second then answers /metrics with both."""

from __future__ import annotations

import os
import subprocess
import sys

from service.config import REPO_ROOT

TOKEN = "metrics-token-for-the-tests-0123456789"
SCRIPT = """
import sys
from service import create_app
from tests.conftest import make_config
app = create_app(make_config(sys.argv[1], METRICS_TOKEN=sys.argv[2]))
client = app.test_client()
assert client.get("/privacy").status_code == 200
if sys.argv[3] == "scrape":
    print(client.get("/metrics", headers={"Authorization": "Bearer " + sys.argv[2]}).data.decode())
"""


def run(database_url: str, folder, what: str) -> str:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder), "APP_ENV": "test"}
    result = subprocess.run([sys.executable, "-c", SCRIPT, database_url, TOKEN, what], cwd=REPO_ROOT, env=env,
                            capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    return result.stdout


def test_metrics_add_up_every_process(migrated_database, tmp_path):
    run(migrated_database, tmp_path, "request")
    assert list(tmp_path.glob("*.db"))  # the first process's counts outlive it, in its own files
    text = run(migrated_database, tmp_path, "scrape")
    assert 'ehcp_http_requests_total{method="GET",route="/privacy",status="200"} 2.0' in text
    assert 'ehcp_http_request_duration_seconds_count{method="GET",route="/privacy"} 2.0' in text
    assert "ehcp_outbox_unsent_messages" in text  # the scrape-time gauges still come with them
