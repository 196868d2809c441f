"""gunicorn settings for production: `gunicorn -c infra/gunicorn.conf.py app:app`."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
threads = int(os.environ.get("WEB_THREADS", "2"))
worker_class = "gthread"
timeout = 30
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
# No gunicorn access log: paths carry sign-in, resume and unlock tokens (and query strings special
# category data). The app logs each request itself with the route's pattern (service/request_log.py).
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
control_socket_disable = True

# Prometheus metrics from every worker process (docs/operations/observability.md): set
# PROMETHEUS_MULTIPROC_DIR to an empty folder the processes share (a tmpfs in the container) before
# gunicorn starts. Each process writes its counters and histograms there; /metrics adds them up. The
# folder is emptied at start (a restart must not count the last run's requests twice) and a dead
# worker's files are marked here so its live-only values stop counting.
_metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")


def on_starting(server):
    if _metrics_dir:
        os.makedirs(_metrics_dir, exist_ok=True)
        for name in os.listdir(_metrics_dir):
            if name.endswith(".db"):
                os.remove(os.path.join(_metrics_dir, name))


def child_exit(server, worker):
    if _metrics_dir:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
