"""moto's S3 server over HTTP (ThreadedMotoServer), with the quarantine and clean buckets."""

from __future__ import annotations

import contextlib
import os

from tests.services.ports import free_port, wait_for_port

QUARANTINE, CLEAN = "test-quarantine", "test-clean"


class S3Server:
    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        self.port = free_port()
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
        self.server.start()
        wait_for_port(self.port)
        import boto3

        client = boto3.client("s3", endpoint_url=self.url, region_name="eu-west-2")
        for bucket in (QUARANTINE, CLEAN):
            # moto's backend is one per process: a server an earlier module started may have made them
            with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
                client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})

    def stop(self) -> None:
        """Stop answering; the stored objects stay in moto's in-process backend for restart()."""
        self.server.stop()

    def restart(self) -> None:
        from moto.server import ThreadedMotoServer

        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()
        wait_for_port(self.port)
