"""A live, threaded server for tests that need real concurrent requests (the test client is serial)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

import requests
from bs4 import BeautifulSoup
from werkzeug.serving import make_server

from tests.services.ports import free_port


@contextlib.contextmanager
def live_server(app) -> Iterator[str]:
    """Serve `app` on a free port; while it runs, that address is the app's SERVICE_URL and a trusted host."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    saved = {key: app.config.get(key) for key in ("SERVICE_URL", "TRUSTED_HOSTS")}
    app.config["SERVICE_URL"] = url
    app.config["TRUSTED_HOSTS"] = [*(saved["TRUSTED_HOSTS"] or []), "127.0.0.1"]
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        thread.join(timeout=5)
        app.config.update(saved)


def csrf_token(browser: requests.Session, url: str) -> str:
    page = BeautifulSoup(browser.get(url, timeout=30).text, "html.parser")
    return page.find("input", attrs={"name": "csrf_token"})["value"]


def at_once(count: int, request: Callable[[], requests.Response]) -> list[requests.Response]:
    """`count` threads send `request` at the same moment (a barrier); returns every response."""
    barrier = threading.Barrier(count)
    responses: list[requests.Response] = []
    lock = threading.Lock()

    def run() -> None:
        barrier.wait()
        response = request()
        with lock:
            responses.append(response)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses
