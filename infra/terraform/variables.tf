variable "name" {
  description = "Short name of the service, used in every resource name."
  type        = string
  default     = "ehcp"
}

variable "environment" {
  description = "production, staging, ..."
  type        = string
  default     = "production"
}

variable "region" {
  description = "AWS region. Families' and children's data stays in the UK: London."
  type        = string
  default     = "eu-west-2"
}

variable "availability_zones" {
  description = "The three availability zones used (one public, one application and one data subnet in each)."
  type        = list(string)
  default     = ["eu-west-2a", "eu-west-2b", "eu-west-2c"]

  validation {
    condition     = length(var.availability_zones) == 3
    error_message = "Name exactly three availability zones."
  }
}

variable "vpc_cidr" {
  description = "The VPC's address range: three /20 public, three /20 application and three /20 data subnets."
  type        = string
  default     = "10.40.0.0/16"
}

variable "service_domain_name" {
  description = "The public address (SERVICE_URL's host), served by CloudFront, for example ehcp.education.gov.uk."
  type        = string
}

variable "origin_domain_name" {
  description = "The load balancer's own name, which CloudFront connects to over HTTPS, for example origin.ehcp.education.gov.uk."
  type        = string
}

variable "alb_certificate_arn" {
  description = "ACM certificate in var.region for origin_domain_name (the load balancer's HTTPS listener)."
  type        = string
}

variable "cloudfront_certificate_arn" {
  description = "ACM certificate in us-east-1 for service_domain_name (CloudFront requires us-east-1)."
  type        = string
}

variable "app_image" {
  description = "The service's image (infra/Dockerfile), by digest: <account>.dkr.ecr.eu-west-2.amazonaws.com/ehcp@sha256:..."
  type        = string
}

variable "clamav_image" {
  description = "ClamAV's daemon image, the worker's sidecar (SCANNER=clamd), by digest."
  type        = string
  default     = "clamav/clamav:1.4"
}

variable "backup_image" {
  description = "The nightly pg_dump task's image (infra/backup/Dockerfile), by digest."
  type        = string
}

variable "alarm_email" {
  description = "Where CloudWatch alarms are sent (an on-call list)."
  type        = string
}

variable "web_min_tasks" {
  description = "Web tasks at the quietest time (one per availability zone at least)."
  type        = number
  default     = 3
}

variable "web_max_tasks" {
  description = "Web tasks at the autumn-term peak."
  type        = number
  default     = 24
}

variable "worker_min_tasks" {
  description = "RQ worker tasks at the quietest time."
  type        = number
  default     = 2
}

variable "worker_max_tasks" {
  description = "RQ worker tasks when the queues are deep."
  type        = number
  default     = 12
}

variable "db_instance_class" {
  description = "RDS PostgreSQL primary's instance class."
  type        = string
  default     = "db.r6g.xlarge"
}

variable "db_replica_instance_class" {
  description = "The dashboards' read replica's instance class."
  type        = string
  default     = "db.r6g.large"
}

variable "db_allocated_storage_gb" {
  description = "RDS storage at creation; it grows by itself up to db_max_allocated_storage_gb."
  type        = number
  default     = 200
}

variable "db_max_allocated_storage_gb" {
  description = "RDS storage autoscaling limit."
  type        = number
  default     = 1000
}

variable "db_backup_retention_days" {
  description = "RDS automated backups and point-in-time recovery window (RPO 5 minutes within it). 35 is RDS's maximum."
  type        = number
  default     = 35

  validation {
    condition     = var.db_backup_retention_days >= 7 && var.db_backup_retention_days <= 35
    error_message = "Keep between 7 and 35 days of point-in-time recovery."
  }
}

variable "dump_retention_days" {
  description = "How long the nightly pg_dump files are kept in the backups bucket."
  type        = number
  default     = 35
}

variable "documents_noncurrent_version_days" {
  description = <<-EOT
    How long a deleted or overwritten document's previous version is kept in the documents bucket.
    The rule (docs/operations/backup-and-restore.md): at least as long as the oldest database backup a
    restore can use, so every document a restored database refers to can be brought back.
  EOT
  type        = number
  default     = 42

  validation {
    condition     = var.documents_noncurrent_version_days >= var.db_backup_retention_days && var.documents_noncurrent_version_days >= var.dump_retention_days
    error_message = "Documents' noncurrent versions must outlive every database backup (db_backup_retention_days, dump_retention_days)."
  }
}

variable "quarantine_expiry_days" {
  description = "Files left in quarantine (infected, or never checked) are deleted after this; clean files leave it within minutes."
  type        = number
  default     = 30
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention (the app's logs carry no personal data)."
  type        = number
  default     = 400
}

variable "redis_node_type" {
  description = "ElastiCache node type (RQ queues, rate limits, the scheduler's lock)."
  type        = string
  default     = "cache.r7g.large"
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the service's own metrics (outbox age, queue depth), scraped from /metrics."
  type        = string
  default     = "EHCP"
}
