# Five buckets, each versioned, encrypted, private (public access blocked, ACLs off except where
# CloudFront's logging needs them), TLS-only, logged and with lifecycle rules (s3_lifecycle.tf).
# Generated once from a template, then edited by hand: every bucket's controls are visible here.

# Uploads not yet checked by ClamAV (S3_QUARANTINE_BUCKET); infected files stay here.
resource "aws_s3_bucket" "quarantine" {
  #checkov:skip=CKV_AWS_144:No cross-region replication: families' and children's data stays in the UK and London is AWS's only UK region; versioning, backups and Multi-AZ S3 durability cover loss
  bucket = "${local.prefix}-quarantine-${local.account_id}"
}

resource "aws_s3_bucket_public_access_block" "quarantine" {
  bucket                  = aws_s3_bucket.quarantine.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "quarantine" {
  bucket = aws_s3_bucket.quarantine.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "quarantine" {
  bucket = aws_s3_bucket.quarantine.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "quarantine" {
  bucket = aws_s3_bucket.quarantine.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_notification" "quarantine" {
  bucket      = aws_s3_bucket.quarantine.id
  eventbridge = true
}

resource "aws_s3_bucket_logging" "quarantine" {
  bucket        = aws_s3_bucket.quarantine.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "quarantine/"
}

resource "aws_s3_bucket_policy" "quarantine" {
  bucket = aws_s3_bucket.quarantine.id
  policy = data.aws_iam_policy_document.quarantine_bucket.json
}

# Checked documents, plan PDFs, certificates and data exports (S3_CLEAN_BUCKET).
resource "aws_s3_bucket" "documents" {
  #checkov:skip=CKV_AWS_144:No cross-region replication: families' and children's data stays in the UK and London is AWS's only UK region; versioning, backups and Multi-AZ S3 durability cover loss
  bucket = "${local.prefix}-documents-${local.account_id}"
}

resource "aws_s3_bucket_public_access_block" "documents" {
  bucket                  = aws_s3_bucket.documents.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "documents" {
  bucket = aws_s3_bucket.documents.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "documents" {
  bucket = aws_s3_bucket.documents.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "documents" {
  bucket = aws_s3_bucket.documents.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_notification" "documents" {
  bucket      = aws_s3_bucket.documents.id
  eventbridge = true
}

resource "aws_s3_bucket_logging" "documents" {
  bucket        = aws_s3_bucket.documents.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "documents/"
}

resource "aws_s3_bucket_policy" "documents" {
  bucket = aws_s3_bucket.documents.id
  policy = data.aws_iam_policy_document.documents_bucket.json
}

# Nightly pg_dump files (custom format).
resource "aws_s3_bucket" "backups" {
  #checkov:skip=CKV_AWS_144:No cross-region replication: families' and children's data stays in the UK and London is AWS's only UK region; versioning, backups and Multi-AZ S3 durability cover loss
  bucket = "${local.prefix}-backups-${local.account_id}"
}

resource "aws_s3_bucket_public_access_block" "backups" {
  bucket                  = aws_s3_bucket.backups.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "backups" {
  bucket = aws_s3_bucket.backups.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "backups" {
  bucket = aws_s3_bucket.backups.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "backups" {
  bucket = aws_s3_bucket.backups.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_notification" "backups" {
  bucket      = aws_s3_bucket.backups.id
  eventbridge = true
}

resource "aws_s3_bucket_logging" "backups" {
  bucket        = aws_s3_bucket.backups.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "backups/"
}

resource "aws_s3_bucket_policy" "backups" {
  bucket = aws_s3_bucket.backups.id
  policy = data.aws_iam_policy_document.backups_bucket.json
}

# S3 server access logs of the other buckets.
resource "aws_s3_bucket" "access_logs" {
  #checkov:skip=CKV_AWS_18:This is the access-log bucket; logging it into itself would loop
  #checkov:skip=CKV_AWS_144:No cross-region replication: families' and children's data stays in the UK and London is AWS's only UK region; versioning, backups and Multi-AZ S3 durability cover loss
  bucket = "${local.prefix}-access-logs-${local.account_id}"
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  bucket                  = aws_s3_bucket.access_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_notification" "access_logs" {
  bucket      = aws_s3_bucket.access_logs.id
  eventbridge = true
}

resource "aws_s3_bucket_policy" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  policy = data.aws_iam_policy_document.access_logs_bucket.json
}

# Load balancer and CloudFront access logs.
resource "aws_s3_bucket" "edge_logs" {
  #checkov:skip=CKV_AWS_145:ALB access logs can only be written with SSE-S3 (AES256), not SSE-KMS; they hold no personal data (paths are logged by pattern, tokens in paths are one-time)
  #checkov:skip=CKV_AWS_144:No cross-region replication: families' and children's data stays in the UK and London is AWS's only UK region; versioning, backups and Multi-AZ S3 durability cover loss
  bucket = "${local.prefix}-edge-logs-${local.account_id}"
}

resource "aws_s3_bucket_public_access_block" "edge_logs" {
  bucket                  = aws_s3_bucket.edge_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "edge_logs" {
  #checkov:skip=CKV2_AWS_65:CloudFront's standard logging writes with an ACL, so this one bucket keeps ACLs (BucketOwnerPreferred: the bucket still owns every object; public access is blocked)
  bucket = aws_s3_bucket.edge_logs.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_versioning" "edge_logs" {
  bucket = aws_s3_bucket.edge_logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "edge_logs" {
  bucket = aws_s3_bucket.edge_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_notification" "edge_logs" {
  bucket      = aws_s3_bucket.edge_logs.id
  eventbridge = true
}

resource "aws_s3_bucket_logging" "edge_logs" {
  bucket        = aws_s3_bucket.edge_logs.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "edge-logs/"
}

resource "aws_s3_bucket_policy" "edge_logs" {
  bucket = aws_s3_bucket.edge_logs.id
  policy = data.aws_iam_policy_document.edge_logs_bucket.json
}
