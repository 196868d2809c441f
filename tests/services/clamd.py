"""A real clamd for the tests, with the small signature files in tests/clamav (EICAR only)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.services.ports import free_port

SIGNATURES = Path(__file__).resolve().parent.parent / "clamav"


class ClamdServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="ehcp-clamd-"))
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("clamd") or "/usr/sbin/clamd"
        database = self.dir / "db"
        database.mkdir(exist_ok=True)
        for name in ("test-signatures.hdb", "test-signatures.ndb"):
            shutil.copy(SIGNATURES / name, database / name)
        config = self.dir / "clamd.conf"
        template = (SIGNATURES / "clamd.conf.template").read_text()
        config.write_text(template.format(database_dir=database, port=self.port, run_dir=self.dir))
        self.process = subprocess.Popen(
            [binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"zPING\0")
                    if sock.recv(16).startswith(b"PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("clamd did not answer PING")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=15)
            self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
