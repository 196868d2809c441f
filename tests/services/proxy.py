"""A tiny round-robin reverse proxy for the scale-out test and bench: each request goes to the next
backend in turn, on 127.0.0.1 only, with the client's Host header kept (the app checks it against
SERVICE_URL and TRUSTED_HOSTS). It counts what each backend answered, so a test can show both served."""

from __future__ import annotations

import http.client
import itertools
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.services.ports import free_port

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade"}  # fmt: skip


class RoundRobinProxy:
    def __init__(self, backends: list[int], timeout: float = 30.0) -> None:
        self.backends = backends
        self.port = free_port()
        self.counts = dict.fromkeys(backends, 0)
        self.errors = 0
        self._next = itertools.cycle(backends)
        self._lock = threading.Lock()
        self.timeout = timeout
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> RoundRobinProxy:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _pick(self) -> int:
        with self._lock:
            return next(self._next)

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                headers["X-Forwarded-For"] = self.client_address[0]
                port = proxy._pick()
                upstream = http.client.HTTPConnection("127.0.0.1", port, timeout=proxy.timeout)
                try:
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    response = upstream.getresponse()
                    payload = response.read()
                except OSError:
                    with proxy._lock:
                        proxy.errors += 1
                    self.send_error(502)
                    return
                finally:
                    upstream.close()
                with proxy._lock:
                    proxy.counts[port] += 1
                self.send_response_only(response.status, response.reason)
                for name, value in response.getheaders():
                    if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _forward  # noqa: N815

        return Handler
