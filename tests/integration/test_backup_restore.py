"""Backups and recovery (issue 19 item 6; docs/operations/backup-and-restore.md).

A restore is tested, not assumed: the demo data is dumped with pg_dump in custom format, restored with
pg_restore into a fresh PostgreSQL cluster, and the app's own checks pass on it (the migrations' head,
`alembic check`, the same rows in every table, /healthz, a caseworker signs in and opens a case). The
documents a restored database names come back from the bucket's versions (infra/backup/
restore_documents.py, against a versioned S3 bucket). And the retention jobs are shown to delete
nothing a restore needs, with the Terraform lifecycle rules keeping deleted documents at least as long
as every backup.
"""

from __future__ import annotations

import ast
import inspect
import io
import os
import subprocess
import sys
import uuid
from datetime import timedelta

import hcl2
import pytest
import yaml
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy import inspect as sql_inspect
from sqlalchemy.engine import make_url
from sqlmodel import select

from service import create_app
from service.config import REPO_ROOT
from tests.conftest import make_config
from tests.integration.staff.helpers import seed, sign_in
from tests.services.postgres import PostgresServer, _bin

TERRAFORM = REPO_ROOT / "infra" / "terraform"
RESTORE_DOCUMENTS = REPO_ROOT / "infra" / "backup" / "restore_documents.py"


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as pg_dump and pg_restore take it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _alembic(url: str) -> AlembicConfig:
    config = AlembicConfig(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


def _tables(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its rows (in a fixed order), so equal means the same rows."""
    engine = create_engine(url)
    try:
        names = sorted(sql_inspect(engine).get_table_names())
        with engine.connect() as connection:
            return {
                name: tuple(
                    connection.execute(
                        text(
                            f"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{name}\" t"
                        )
                    ).one()
                )
                for name in names
            }
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def restored(app, migrated_database, tmp_path_factory):
    """Seed the demo data, dump it, restore the dump into a new cluster; yield (source tables, restored URL)."""
    seed(app)
    source = _tables(migrated_database)
    dump = tmp_path_factory.mktemp("backup") / "ehcp.dump"
    subprocess.run(
        [_bin("pg_dump"), "--format=custom", "--no-owner", "--no-acl", f"--file={dump}", _libpq(migrated_database)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    listing = subprocess.run([_bin("pg_restore"), "--list", str(dump)], check=True, capture_output=True, text=True)
    assert " TABLE DATA public case_event " in listing.stdout  # the dump is readable and holds the data

    cluster = PostgresServer()  # a fresh cluster: nothing of the source's survives but the dump
    fresh = cluster.start()
    try:
        subprocess.run(
            [
                _bin("pg_restore"),
                "--exit-on-error",
                "--single-transaction",
                "--no-owner",
                "--no-acl",
                f"--dbname={_libpq(fresh)}",
                str(dump),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        yield source, fresh
    finally:
        cluster.stop()


def test_the_restored_database_is_at_the_migrations_head_and_matches_the_models(restored):
    _, url = restored
    engine = create_engine(url)
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    engine.dispose()
    head = ScriptDirectory.from_config(_alembic(url)).get_current_head()
    assert current == head
    command.check(_alembic(url))  # `alembic check`: raises when the schema differs from the models


def test_every_table_has_the_same_rows_after_the_restore(restored):
    source, url = restored
    after = _tables(url)
    assert set(after) == set(source)
    assert after == source
    assert source["ehc_case"][0] > 0 and source["staff_user"][0] > 0 and source["local_authority"][0] == 153


def test_the_app_runs_on_the_restored_database(restored):
    _, url = restored
    app = create_app(make_config(url))
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json["database"] == "up"  # takes writes too

    # Signing in writes a session, a challenge and an outbox row: the restored sequences go on from the dump's.
    response = sign_in(client, app, "kent.caseworker@example.gov.uk")
    assert response.status_code == 302 and not response.location.endswith("/sign-in/code")
    with app.app_context():
        from service.db import db
        from service.models import Case

        case = db.session.exec(select(Case).where(Case.child_first_name == "Leo")).one()
        reference = case.reference
    page = client.get(f"/staff/cases/{case.id}")
    assert page.status_code == 200
    assert reference in page.get_data(as_text=True)
    engine = create_engine(url)
    with engine.connect() as connection:
        audited = connection.execute(
            text("SELECT count(*) FROM audit_event WHERE case_id = :id"), {"id": case.id}
        ).scalar()
    engine.dispose()
    assert audited >= 1  # the staff read of the case was audited in the restored database


# --- The documents a restore needs ---------------------------------------------------------------


@pytest.fixture(scope="module")
def versioned_s3():
    from tests.services.s3 import S3Server

    server = S3Server()
    server.start()
    import boto3

    client = boto3.client("s3", endpoint_url=server.url, region_name="eu-west-2")
    buckets = {
        "S3_QUARANTINE_BUCKET": f"restore-q-{uuid.uuid4().hex[:8]}",
        "S3_CLEAN_BUCKET": f"restore-c-{uuid.uuid4().hex[:8]}",
    }
    for bucket in buckets.values():
        client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
        client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    try:
        yield server, client, buckets
    finally:
        server.stop()


def test_files_deleted_after_the_backup_come_back_from_the_buckets_versions(app, migrated_database, versioned_s3):
    """The dump's time: an abandoned draft's upload and a case's evidence exist. After it, the retention job
    deletes the upload (and, say, an operator's mistake the evidence). The restored database names both:
    restore_documents.py makes their previous versions current again; a file never stored is reported lost."""
    server, client, buckets = versioned_s3
    from service.clients.storage import S3Storage
    from service.db import db
    from service.models import Document, RequestDraft, utcnow
    from tests.factories import make_case

    store = S3Storage({**buckets, "S3_ENDPOINT_URL": server.url, "S3_REGION": "eu-west-2"})
    with app.app_context():
        case = make_case()
        draft = RequestDraft(answers="{}")
        draft.updated_at = utcnow() - timedelta(days=29)
        db.session.add(draft)
        db.session.flush()
        keys = {name: str(uuid.uuid4()) for name in ("upload", "evidence", "never-stored")}
        for name, owner in (
            ("upload", {"draft_id": draft.id}),
            ("evidence", {"case_id": case.id}),
            ("never-stored", {"case_id": case.id}),
        ):
            db.session.add(
                Document(
                    filename=f"{name}.pdf",
                    content_type="application/pdf",
                    size_bytes=6,
                    storage_key=keys[name],
                    status="clean",
                    uploaded_by="family",
                    **owner,
                )
            )
            if name != "never-stored":
                store.put_quarantine(keys[name], io.BytesIO(f"%PDF-{name}".encode()), "application/pdf")
                store.promote(keys[name])
        db.session.commit()

    # After the backup: both files are deleted the way the service deletes (a delete marker in each bucket).
    store.delete(keys["upload"])
    store.delete(keys["evidence"])
    env = {**os.environ, "DATABASE_URL": migrated_database, "S3_ENDPOINT_URL": server.url, **buckets}
    run = subprocess.run([sys.executable, str(RESTORE_DOCUMENTS)], env=env, capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "present: 0, restored: 2, lost: 1"
    assert run.returncode == 1 and f"lost: {keys['never-stored']}" in run.stderr
    for name in ("upload", "evidence"):
        body = store.open_clean(keys[name])
        assert body.read() == f"%PDF-{name}".encode()
        body.close()
    again = subprocess.run(
        [sys.executable, str(RESTORE_DOCUMENTS), "--dry-run"], env=env, capture_output=True, text=True
    )
    assert again.stdout.strip() == "present: 2, restored: 0, lost: 1"  # idempotent


# --- The retention jobs delete nothing a restore needs ----------------------------------------------

# Every scheduled job that deletes rows or files, and what it may delete. A new one must be added here
# and to docs/operations/backup-and-restore.md ("What the retention jobs delete").
RETENTION_JOBS = {"draft_reminders_and_expiry", "expire_data_exports", "purge_expired_sessions"}
# Tables those jobs may shrink: drafts never sent (with their uploads' rows), sessions and spent codes.
MAY_SHRINK = {"request_draft", "document", "web_session", "code_challenge"}


def test_the_scheduled_jobs_that_delete_are_the_ones_this_test_covers():
    from workers import schedules

    deleting = set()
    for job in schedules.EVERY_MINUTE + schedules.EVERY_DAY:
        tree = ast.parse(inspect.getsource(job))
        names = {n.attr if isinstance(n, ast.Attribute) else getattr(n, "id", "") for n in ast.walk(tree)}
        if any("delete" in name for name in names):
            deleting.add(job.__name__)
    assert deleting == RETENTION_JOBS


def test_a_year_of_retention_jobs_keeps_every_case_and_every_file_a_case_refers_to(app, migrated_database, monkeypatch):
    from service.clients.storage import storage
    from service.db import db
    from service.models import DataExport, Document, RequestDraft, utcnow
    from tests.factories import make_case
    from workers import schedules

    seed(app)
    with app.app_context():
        case = make_case()
        submitted = RequestDraft(answers="{}", submitted_at=utcnow() - timedelta(days=60), submitted_case_id=case.id)
        submitted.updated_at = utcnow() - timedelta(days=60)
        abandoned = RequestDraft(answers="{}")
        abandoned.updated_at = utcnow() - timedelta(days=29)
        db.session.add_all([submitted, abandoned])
        db.session.flush()
        kept, gone = [], []
        for owner, bucket in (
            ({"draft_id": submitted.id, "case_id": case.id}, kept),
            ({"case_id": case.id}, kept),
            ({"draft_id": abandoned.id}, gone),
        ):
            key = str(uuid.uuid4())
            storage().put_quarantine(key, io.BytesIO(b"%PDF-1"), "application/pdf")
            storage().promote(key)
            document = Document(
                filename="f.pdf",
                content_type="application/pdf",
                size_bytes=6,
                storage_key=key,
                status="clean",
                uploaded_by="family",
                **owner,
            )
            db.session.add(document)
            db.session.flush()
            bucket.append((document.id, key))
        # A family's "download your data" file: derived from the rows, offered 24 hours, then deleted.
        export_id, export_key = str(uuid.uuid4()), str(uuid.uuid4())
        storage().put_quarantine(export_key, io.BytesIO(b"PK"), "application/zip")
        storage().promote(export_key)
        db.session.add(
            DataExport(
                id=export_id,
                email="parent@example.com",
                status="ready",
                object_key=export_key,
                ready_at=utcnow() - timedelta(days=2),
                expires_at=utcnow() - timedelta(days=1),
            )
        )
        db.session.commit()
    before = _tables(migrated_database)

    a_year_on = utcnow() + timedelta(days=365)
    monkeypatch.setattr(schedules, "utcnow", lambda: a_year_on)
    with app.app_context():
        for job in schedules.EVERY_MINUTE + schedules.EVERY_DAY:
            if job.__name__ in RETENTION_JOBS:
                job()
        remaining = {d.id for d in db.session.exec(select(Document))}
        export = db.session.get(DataExport, export_id)
        assert export.status == "expired"
        for document_id, key in kept:
            assert document_id in remaining
            with storage().open_clean(key) as stored:
                assert stored.read() == b"%PDF-1"
        for document_id, key in gone:
            assert document_id not in remaining  # an upload no request was ever sent with
            assert not storage().clean_path(key).exists()
    after = _tables(migrated_database)
    for table, (rows, digest) in before.items():
        if table in MAY_SHRINK:
            assert after[table][0] <= rows, table
        elif table == "data_export":
            assert after[table][0] == rows  # the row is kept, marked expired; only the file goes
        else:
            assert after[table] == (rows, digest), f"{table} changed"
    assert before["ehc_case"][0] == after["ehc_case"][0] > 0


# --- The lifecycle rules keep deleted documents as long as every backup --------------------------


def _plain(value):
    """python-hcl2's tree without its quoting: labels and strings as written, no block markers."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items() if k != "__is_block__"}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _terraform() -> dict:
    merged: dict = {}
    for name in ("variables.tf", "s3.tf", "s3_lifecycle.tf", "rds.tf"):  # the files the rule lives in
        with (TERRAFORM / name).open() as handle:
            for block, items in _plain(hcl2.load(handle)).items():
                merged.setdefault(block, []).extend(items)
    return merged


def _default(variables: list[dict], name: str):
    for variable in variables:
        if name in variable:
            return variable[name]["default"]
    raise KeyError(name)


def _resource(terraform: dict, kind: str, name: str) -> dict:
    for resource in terraform["resource"]:
        if kind in resource and name in resource[kind]:
            return resource[kind][name]
    raise KeyError(f"{kind}.{name}")


def test_deleted_documents_outlive_every_backup_and_no_rule_expires_a_current_document():
    terraform = _terraform()
    variables = terraform["variable"]
    noncurrent = _default(variables, "documents_noncurrent_version_days")
    pitr = _default(variables, "db_backup_retention_days")
    dumps = _default(variables, "dump_retention_days")
    assert noncurrent >= pitr and noncurrent >= dumps

    (rule,) = _resource(terraform, "aws_s3_bucket_lifecycle_configuration", "documents")["rule"]
    assert rule["noncurrent_version_expiration"][0]["noncurrent_days"] == "${var.documents_noncurrent_version_days}"
    assert all("days" not in expiration for expiration in rule.get("expiration", []))  # no current version expires
    versioning = _resource(terraform, "aws_s3_bucket_versioning", "documents")
    assert versioning["versioning_configuration"][0]["status"] == "Enabled"
    database = _resource(terraform, "aws_db_instance", "primary")
    assert database["backup_retention_period"] == "${var.db_backup_retention_days}"
    assert database["deletion_protection"] is True

    # The documented figures are the configured ones.
    doc = (REPO_ROOT / "docs" / "operations" / "backup-and-restore.md").read_text()
    for figure in (f"{pitr} days of point-in-time recovery", f"kept {dumps} days", f"for {noncurrent} days"):
        assert figure in doc, figure

    # Kubernetes' nightly dump keeps the same 35 days.
    (_, cronjob) = yaml.safe_load_all((REPO_ROOT / "infra" / "k8s" / "backup-cronjob.yaml").read_text())
    script = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["command"][-1]
    assert "--format=custom" in script and f"-mtime +{dumps} " in script


def test_the_retention_periods_the_jobs_use_are_the_documented_ones():
    from service.data.requests import DRAFT_LIFETIME

    doc = (REPO_ROOT / "docs" / "operations" / "backup-and-restore.md").read_text()
    assert f"{DRAFT_LIFETIME.days} days" in doc
    for job in RETENTION_JOBS:
        assert f"`{job}`" in doc, job
