"""Virus scanning with ClamAV's daemon over INSTREAM. SCANNER=none (development only) skips it."""

from __future__ import annotations

import socket
import struct
from typing import BinaryIO

from flask import current_app

CHUNK = 64 * 1024


class ScannerUnavailable(RuntimeError):
    pass


class NoScanner:
    def scan(self, stream: BinaryIO) -> str | None:
        return None


class ClamdScanner:
    def __init__(self, host: str, port: int, timeout: float = 30) -> None:
        self.host, self.port, self.timeout = host, port, timeout

    def scan(self, stream: BinaryIO) -> str | None:
        """None when clean, else the signature name. Raises ScannerUnavailable if clamd cannot answer."""
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as sock:
                sock.sendall(b"zINSTREAM\0")
                try:
                    while chunk := stream.read(CHUNK):
                        sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                    sock.sendall(struct.pack("!L", 0))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # clamd closes early when a size limit is hit; its reply says why
                reply = b""
                while not reply.endswith(b"\0"):
                    part = sock.recv(4096)
                    if not part:
                        break
                    reply += part
        except OSError as error:
            raise ScannerUnavailable(type(error).__name__) from error
        text = reply.rstrip(b"\0").decode(errors="replace")
        if text.endswith("OK"):
            return None
        if text.endswith("FOUND"):
            return text.split(":", 1)[1].strip().removesuffix(" FOUND")
        raise ScannerUnavailable(text or "no reply")


def scanner():
    config = current_app.config
    if config["SCANNER"] == "clamd":
        return ClamdScanner(config["CLAMD_HOST"], config["CLAMD_PORT"])
    return NoScanner()
