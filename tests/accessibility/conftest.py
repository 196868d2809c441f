"""Browser fixtures: a live server on a free port, Debian's Chromium through Playwright, axe-core and
the W3C Nu HTML checker running as a local HTTP service."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from service import create_app
from service.config import REPO_ROOT
from tests.conftest import make_config
from tests.services.ports import free_port, wait_for_port

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = REPO_ROOT / "static" / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO_ROOT / "static" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


_first_plan_pdf: list[bytes] = []


@pytest.fixture(autouse=True)
def _one_plan_pdf_layout(monkeypatch) -> None:
    """In the browser tests, every plan version's PDF is the first one laid out in this process, not a
    layout of its own. Issuing a plan asks for its PDF, and without Redis the job runs in the request (or
    in the sweep's seeding): WeasyPrint took about 1.3 s a version, most of the sweep's time on plan pages
    (pyinstrument: 52 of 71 s over 39 pages). No browser test opens a plan PDF; the PDF itself (tags,
    language, fonts, content) is checked in tests/integration/workers/test_plan_pdf.py. Patched for each
    test only, so the integration tests that follow on this xdist worker lay out their own."""
    from workers import plan_pdf

    real = plan_pdf.pdf_bytes

    def first_layout(html: str) -> bytes:
        if not _first_plan_pdf:
            _first_plan_pdf.append(real(html))
        return _first_plan_pdf[0]

    monkeypatch.setattr(plan_pdf, "pdf_bytes", first_layout)


@dataclass
class LiveServer:
    url: str
    app: object

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="session")
def live_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def live_app(migrated_database, live_port):
    return create_app(make_config(migrated_database, SERVICE_URL=f"http://127.0.0.1:{live_port}"))


@pytest.fixture(scope="session")
def live_server(live_app, live_port) -> Iterator[LiveServer]:
    port = live_port
    server = make_server("127.0.0.1", port, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{port}", app=live_app)
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def live(live_server, migrated_database) -> LiveServer:
    """The live server, with the database emptied after the test like every other test."""
    return live_server


def pytest_collection_modifyitems(items):
    # The live server's threads serve static files that Chromium may stop reading half way (a font
    # already cached, a page left): werkzeug then leaves the file to the garbage collector. That is
    # the test server's behaviour, not the service's, so its ResourceWarning is not an error here.
    for item in items:
        if "accessibility" in str(item.fspath):
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
            item.add_marker(pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_JS.read_text()


def run_axe(page, axe_source: str) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Injected through the DevTools protocol, so our strict CSP does not block it.
        page.evaluate(axe_source)
    script = "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
    return page.evaluate(script, WCAG_TAGS)


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


class NuChecker:
    """The W3C Nu HTML checker (vnu.jar) as a local HTTP service: one JVM for the whole run."""

    def __init__(self) -> None:
        java = shutil.which("java")
        if java is None:
            raise RuntimeError("Java is not installed: run `.ci/run` or `apt-get install default-jre-headless`")
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                java,
                "-Xss2m",
                "-cp",
                str(VNU_JAR),
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # The JVM loads every schema before it listens: on a busy machine, with one checker per xdist
        # worker starting at once, that has taken over a minute.
        try:
            wait_for_port(self.port, timeout=240, alive=self.process)
        except BaseException:
            self.close()  # a session fixture that fails to start is never torn down
            raise

    def errors(self, html: str) -> list[str]:
        response = requests.post(
            f"http://127.0.0.1:{self.port}/?out=json",
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
            timeout=60,
        )
        messages = response.json()["messages"]
        return [f"line {m.get('lastLine')}: {m['message']}" for m in messages if m["type"] == "error"]

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def nu_checker() -> Iterator[NuChecker]:
    checker = NuChecker()
    try:
        yield checker
    finally:
        checker.close()


@pytest.fixture
def console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def path_exists(path: Path) -> bool:
    return path.exists()
