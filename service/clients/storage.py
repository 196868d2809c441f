"""Document storage: a quarantine area for files not yet checked, and a clean area for checked files.

STORAGE=local keeps both in folders (make run); STORAGE=s3 uses two S3 buckets through boto3 (an
S3-compatible server in tests). The server chooses every key; users' filenames are never keys.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import BinaryIO

from flask import current_app


class StorageUnavailable(RuntimeError):
    """Storage could not be reached; the work waits and is retried."""


class LocalStorage:
    def __init__(self, root: str) -> None:
        self.root = Path(root)

    def _path(self, area: str, key: str) -> Path:
        if "/" in key or ".." in key:
            raise ValueError("storage keys are chosen by the server and never contain paths")
        path = self.root / area / key
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def put_quarantine(self, key: str, stream: BinaryIO, content_type: str) -> None:
        with self._path("quarantine", key).open("wb") as handle:
            shutil.copyfileobj(stream, handle, 1024 * 1024)

    def open_quarantine(self, key: str) -> BinaryIO:
        return self._path("quarantine", key).open("rb")

    def promote(self, key: str) -> None:
        self._path("quarantine", key).replace(self._path("clean", key))

    def open_clean(self, key: str) -> BinaryIO:
        return self._path("clean", key).open("rb")

    def clean_path(self, key: str) -> Path:
        return self._path("clean", key)

    def delete(self, key: str) -> None:
        for area in ("quarantine", "clean"):
            self._path(area, key).unlink(missing_ok=True)

    def download_url(self, key: str, filename: str, expires: int = 300) -> str:
        """A signed URL to /documents/download/<token>, valid for `expires` seconds (5 minutes at most)."""
        from flask import url_for

        token = local_download_serializer().dumps(
            {"key": key, "name": safe_filename(filename), "max_age": min(expires, 300)}
        )
        return url_for("local_downloads.local_download", token=token)


def local_download_serializer():
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="local-document-download")


def safe_filename(filename: str) -> str:
    """A filename safe in a Content-Disposition header: letters, digits, space, dot, dash, underscore."""
    name = "".join(c for c in filename if c.isascii() and (c.isalnum() or c in " ._-")).strip(" .")
    return name[:100] or "document"


class S3Storage:
    def __init__(self, config: dict) -> None:
        import boto3
        from botocore.config import Config as BotoConfig

        self.quarantine = config["S3_QUARANTINE_BUCKET"]
        self.clean = config["S3_CLEAN_BUCKET"]
        self.client = boto3.client(
            "s3",
            endpoint_url=config.get("S3_ENDPOINT_URL"),
            region_name=config["S3_REGION"],
            config=BotoConfig(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
        )

    def _call(self, method, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return method(**kwargs)
        except (BotoCoreError, ClientError) as error:
            raise StorageUnavailable(type(error).__name__) from error

    def put_quarantine(self, key: str, stream: BinaryIO, content_type: str) -> None:
        self._call(
            self.client.upload_fileobj,
            Fileobj=stream,
            Bucket=self.quarantine,
            Key=key,
            ExtraArgs={"ContentType": content_type, "ServerSideEncryption": "AES256"},
        )

    def open_quarantine(self, key: str) -> BinaryIO:
        return self._call(self.client.get_object, Bucket=self.quarantine, Key=key)["Body"]

    def promote(self, key: str) -> None:
        self._call(
            self.client.copy_object,
            Bucket=self.clean,
            Key=key,
            CopySource={"Bucket": self.quarantine, "Key": key},
            ServerSideEncryption="AES256",
        )
        self._call(self.client.delete_object, Bucket=self.quarantine, Key=key)

    def open_clean(self, key: str) -> BinaryIO:
        return self._call(self.client.get_object, Bucket=self.clean, Key=key)["Body"]

    def delete(self, key: str) -> None:
        for bucket in (self.quarantine, self.clean):
            self._call(self.client.delete_object, Bucket=bucket, Key=key)

    def download_url(self, key: str, filename: str, expires: int = 300) -> str:
        safe = safe_filename(filename)
        return self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.clean, "Key": key, "ResponseContentDisposition": f'attachment; filename="{safe}"'},
            ExpiresIn=min(expires, 300),
        )


def storage():
    app = current_app
    if "storage" not in app.extensions:
        if app.config["STORAGE"] == "s3":
            app.extensions["storage"] = S3Storage(app.config)
        else:
            app.extensions["storage"] = LocalStorage(app.config["STORAGE_LOCAL_DIR"])
    return app.extensions["storage"]
