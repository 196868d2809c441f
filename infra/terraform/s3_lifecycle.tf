# Lifecycle rules. The rule a restore depends on (docs/operations/backup-and-restore.md, asserted by
# tests/integration/test_backup_restore.py): no rule ever expires a current document, and a deleted or
# overwritten document's previous version outlives every database backup that may still refer to it
# (documents_noncurrent_version_days >= db_backup_retention_days and dump_retention_days, validated in
# variables.tf). The service's own retention jobs (workers/schedules.py) delete only files no case
# refers to: abandoned drafts' uploads after 28 days, "download your data" files after 24 hours.

resource "aws_s3_bucket_lifecycle_configuration" "quarantine" {
  bucket     = aws_s3_bucket.quarantine.id
  depends_on = [aws_s3_bucket_versioning.quarantine]

  # A clean file is copied to the documents bucket and deleted here within minutes of its upload
  # (workers/documents.py); what stays is infected (kept for the security team) or never checked.
  rule {
    id     = "expire-unpromoted-uploads"
    status = "Enabled"
    filter {}
    expiration {
      days = var.quarantine_expiry_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "documents" {
  bucket     = aws_s3_bucket.documents.id
  depends_on = [aws_s3_bucket_versioning.documents]

  # No expiration of current versions: the service decides when a document goes, never a timer.
  rule {
    id     = "keep-deleted-documents-for-restores"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.documents_noncurrent_version_days
    }
    expiration {
      expired_object_delete_marker = true
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "backups" {
  bucket     = aws_s3_bucket.backups.id
  depends_on = [aws_s3_bucket_versioning.backups]

  rule {
    id     = "expire-old-dumps"
    status = "Enabled"
    filter {}
    expiration {
      days = var.dump_retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  bucket     = aws_s3_bucket.access_logs.id
  depends_on = [aws_s3_bucket_versioning.access_logs]

  rule {
    id     = "expire-access-logs"
    status = "Enabled"
    filter {}
    expiration {
      days = var.log_retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "edge_logs" {
  bucket     = aws_s3_bucket.edge_logs.id
  depends_on = [aws_s3_bucket_versioning.edge_logs]

  rule {
    id     = "expire-edge-logs"
    status = "Enabled"
    filter {}
    expiration {
      days = var.log_retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

# Bucket policies: TLS only everywhere; the log buckets admit their AWS log writers.
locals {
  deny_insecure_transport = {
    quarantine  = aws_s3_bucket.quarantine.arn
    documents   = aws_s3_bucket.documents.arn
    backups     = aws_s3_bucket.backups.arn
    access_logs = aws_s3_bucket.access_logs.arn
    edge_logs   = aws_s3_bucket.edge_logs.arn
  }
}

data "aws_iam_policy_document" "quarantine_bucket" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.deny_insecure_transport.quarantine, "${local.deny_insecure_transport.quarantine}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

data "aws_iam_policy_document" "documents_bucket" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.deny_insecure_transport.documents, "${local.deny_insecure_transport.documents}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  # Only a deliberate, separately granted role may remove a document's history (a restore needs it).
  statement {
    sid       = "DenyDeletingVersionsExceptBreakGlass"
    effect    = "Deny"
    actions   = ["s3:DeleteObjectVersion", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning"]
    resources = [local.deny_insecure_transport.documents, "${local.deny_insecure_transport.documents}/*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.web_task.arn, aws_iam_role.worker_task.arn]
    }
  }
}

data "aws_iam_policy_document" "backups_bucket" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.deny_insecure_transport.backups, "${local.deny_insecure_transport.backups}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

data "aws_iam_policy_document" "access_logs_bucket" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.deny_insecure_transport.access_logs, "${local.deny_insecure_transport.access_logs}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "S3ServerAccessLogsDelivery"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.deny_insecure_transport.access_logs}/*"]
    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

data "aws_elb_service_account" "main" {}

data "aws_iam_policy_document" "edge_logs_bucket" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.deny_insecure_transport.edge_logs, "${local.deny_insecure_transport.edge_logs}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "LoadBalancerAccessLogs"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.deny_insecure_transport.edge_logs}/alb/AWSLogs/${local.account_id}/*"]
    principals {
      type        = "AWS"
      identifiers = [data.aws_elb_service_account.main.arn]
    }
  }
}
