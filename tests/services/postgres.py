"""A throwaway PostgreSQL cluster for the test run, unless TEST_DATABASE_URL names one.

PostgreSQL refuses to run as root, so as root the cluster is owned by and run as `postgres`.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.services.ports import free_port


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path:
        return path
    raise RuntimeError(f"PostgreSQL's {name} is not installed: run `.ci/run` or `apt-get install postgresql`")


class PostgresServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="ehcp-pg-"))
        self.data = self.dir / "data"
        self._as_postgres = os.geteuid() == 0

    def _run(self, args: list[str]) -> None:
        if self._as_postgres:
            args = ["runuser", "-u", "postgres", "--", *args]
        subprocess.run(args, check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        if self._as_postgres:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
        self._run(
            [_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]
        )
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run([_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "pg.log"), "-w", "-o", options, "start"])
        self._run([_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "ehcp_test"])
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/ehcp_test"

    def stop(self) -> None:
        try:
            self._run([_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
