"""Bring back, from the documents bucket's versions, every file a restored database refers to.

After the database is restored to an earlier point (docs/operations/backup-and-restore.md), some files
it names may since have been deleted: the retention jobs delete an abandoned draft's uploads after 28
days and a "download your data" file after 24 hours. The bucket is versioned, so a deletion only adds a
delete marker, and the lifecycle rule keeps the previous version for documents_noncurrent_version_days
(at least as long as any backup). This removes those delete markers, which makes the previous version
current again, and reports any file that has no version left.

    DATABASE_URL=postgresql+psycopg://... S3_CLEAN_BUCKET=... python infra/backup/restore_documents.py [--dry-run]

It reads the database only; it changes nothing but the delete markers, and only with their keys.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text

# Every column that names a file in the clean bucket: checked documents (evidence, advice, letters,
# plan PDFs, mediation certificates) and families' data exports that were ready at the backup's time.
REFERENCES = (
    "SELECT storage_key FROM document WHERE status = 'clean'",
    "SELECT object_key FROM data_export WHERE status = 'ready' AND object_key <> ''",
)


@dataclass
class Outcome:
    present: int = 0
    restored: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


def referenced_keys(database_url: str) -> list[str]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            keys = {row[0] for query in REFERENCES for row in connection.execute(text(query))}
    finally:
        engine.dispose()
    return sorted(keys)


def _exists(client, bucket: str, key: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        client.head_object(Bucket=bucket, Key=key)
        return True
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound", "405"}:
            return False
        raise


def restore(client, bucket: str, keys: list[str], dry_run: bool = False) -> Outcome:
    outcome = Outcome()
    for key in keys:
        if _exists(client, bucket, key):
            outcome.present += 1
            continue
        listing = client.list_object_versions(Bucket=bucket, Prefix=key)
        markers = [m for m in listing.get("DeleteMarkers", []) if m["Key"] == key]
        versions = [v for v in listing.get("Versions", []) if v["Key"] == key]
        if not versions:
            outcome.lost.append(key)
            continue
        # The newest version is under the newest delete markers: removing every marker newer than it
        # makes it the current version again.
        newest = max(versions, key=lambda v: v["LastModified"])
        for marker in markers:
            if marker["LastModified"] >= newest["LastModified"] and not dry_run:
                client.delete_object(Bucket=bucket, Key=key, VersionId=marker["VersionId"])
        outcome.restored.append(key)
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="report only; remove no delete marker")
    args = parser.parse_args(argv)
    import boto3

    client = boto3.client(
        "s3", endpoint_url=os.environ.get("S3_ENDPOINT_URL"), region_name=os.environ.get("S3_REGION", "eu-west-2")
    )
    outcome = restore(
        client, os.environ["S3_CLEAN_BUCKET"], referenced_keys(os.environ["DATABASE_URL"]), dry_run=args.dry_run
    )
    # Keys only: they are random ids the server chose, never a filename or a child's name.
    print(f"present: {outcome.present}, restored: {len(outcome.restored)}, lost: {len(outcome.lost)}")
    for key in outcome.lost:
        print(f"lost: {key}", file=sys.stderr)
    return 1 if outcome.lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
