# Secrets Manager holds every secret; ECS injects them into the containers' environment (the
# `secrets` of each container definition), so no value is in a task definition, an image or a log.
# Values set by people (SECRET_KEY, the Notify key and callback token, the One Login private key) are
# put with `aws secretsmanager put-secret-value` (README.md); Terraform generates the database and Redis
# passwords and writes the connection URLs the app reads.

locals {
  operator_secrets = {
    secret_key            = "SECRET_KEY: at least 32 random characters; signs sessions and forms"
    notify_api_key        = "NOTIFY_API_KEY: the GOV.UK Notify live API key"
    notify_callback_token = "NOTIFY_CALLBACK_TOKEN: the bearer token Notify sends with delivery receipts"
    one_login_private_key = "ONE_LOGIN_PRIVATE_KEY: PEM private key for GOV.UK One Login's private_key_jwt"
    metrics_token         = "METRICS_TOKEN: at least 32 characters; the bearer token Prometheus sends to /metrics"
  }
}

resource "aws_secretsmanager_secret" "operator" {
  #checkov:skip=CKV2_AWS_57:Rotated by people with the provider: a new Notify key is made in Notify's admin, a new One Login key is registered with One Login first, and rotating SECRET_KEY signs everyone out; the runbook is in README.md
  for_each                = local.operator_secrets
  name                    = "${local.prefix}/${each.key}"
  description             = each.value
  kms_key_id              = aws_kms_key.data.arn
  recovery_window_in_days = 30
}

resource "random_password" "database" {
  length  = 40
  special = false # it goes into a URL
}

resource "random_password" "redis" {
  length  = 64
  special = false # ElastiCache auth tokens allow only some symbols; it goes into a URL too
}

resource "aws_secretsmanager_secret" "database_password" {
  #checkov:skip=CKV2_AWS_57:Rotating the master password means rewriting database_url in the same step; done by `terraform apply -replace=random_password.database` in a maintenance window (README.md)
  name                    = "${local.prefix}/database_password"
  description             = "The RDS master user's password (the migration and backup tasks use it as PGPASSWORD)"
  kms_key_id              = aws_kms_key.data.arn
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "database_password" {
  secret_id     = aws_secretsmanager_secret.database_password.id
  secret_string = random_password.database.result
}

resource "aws_secretsmanager_secret" "database_url" {
  #checkov:skip=CKV2_AWS_57:Derived from database_password, rotated with it (see that secret)
  name                    = "${local.prefix}/database_url"
  description             = "DATABASE_URL: the primary, over TLS"
  kms_key_id              = aws_kms_key.data.arn
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "database_url" {
  secret_id     = aws_secretsmanager_secret.database_url.id
  secret_string = "postgresql+psycopg://${aws_db_instance.primary.username}:${random_password.database.result}@${aws_db_instance.primary.address}:5432/${aws_db_instance.primary.db_name}?sslmode=require"
}

resource "aws_secretsmanager_secret" "database_replica_url" {
  #checkov:skip=CKV2_AWS_57:Derived from database_password, rotated with it (see that secret)
  name                    = "${local.prefix}/database_replica_url"
  description             = "The dashboards' read replica, over TLS (read only)"
  kms_key_id              = aws_kms_key.data.arn
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "database_replica_url" {
  secret_id     = aws_secretsmanager_secret.database_replica_url.id
  secret_string = "postgresql+psycopg://${aws_db_instance.primary.username}:${random_password.database.result}@${aws_db_instance.replica.address}:5432/${aws_db_instance.primary.db_name}?sslmode=require"
}

resource "aws_secretsmanager_secret" "redis_url" {
  #checkov:skip=CKV2_AWS_57:ElastiCache auth tokens rotate with `terraform apply -replace=random_password.redis` (ROTATE strategy keeps the old token valid meanwhile)
  name                    = "${local.prefix}/redis_url"
  description             = "REDIS_URL: ElastiCache over TLS with its auth token"
  kms_key_id              = aws_kms_key.data.arn
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "redis_url" {
  secret_id     = aws_secretsmanager_secret.redis_url.id
  secret_string = "rediss://:${random_password.redis.result}@${aws_elasticache_replication_group.main.primary_endpoint_address}:6379/0"
}
