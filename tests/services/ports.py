"""Free local ports for the servers the tests start (avoiding ports Chromium refuses to load).

The kernel's free port is only free until someone binds it, and PostgreSQL, Redis, clamd and the Nu
checker bind theirs a second or so later, in another process. With several pytest-xdist workers (and
other test runs on the same machine) starting servers at once, two could be handed the same port, so
each port handed out is also claimed with a file in a machine-wide directory until this process ends.
A claim left by a process that died is taken over.
"""

import atexit
import os
import socket
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_UNSAFE = {5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080}
CLAIMS = Path(tempfile.gettempdir()) / "ehcp-test-ports"
_claimed: list[Path] = []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _claim(port: int) -> bool:
    CLAIMS.mkdir(mode=0o1777, exist_ok=True)
    path = CLAIMS / str(port)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        try:
            owner = int(path.read_text())
        except (OSError, ValueError):
            return False  # being written by its claimant right now
        if _alive(owner):
            return False
        path.unlink(missing_ok=True)  # the claimant died without releasing it
        return _claim(port)
    with os.fdopen(fd, "w") as file:
        file.write(str(os.getpid()))
    _claimed.append(path)
    return True


@atexit.register
def _release() -> None:
    for path in _claimed:
        path.unlink(missing_ok=True)


def free_port() -> int:
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in CHROMIUM_UNSAFE and _claim(port):
            return port


def wait_for_port(port: int, timeout: float = 15.0, alive: subprocess.Popen | None = None) -> None:
    """Wait until something listens on the port; with `alive`, stop waiting if that process has exited."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if alive is not None and alive.poll() is not None:
            raise RuntimeError(f"the process meant to listen on 127.0.0.1:{port} exited with {alive.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")
