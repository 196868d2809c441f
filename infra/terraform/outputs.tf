output "service_url" {
  description = "SERVICE_URL: point the service's DNS name at cloudfront_domain_name."
  value       = "https://${var.service_domain_name}"
}

output "cloudfront_domain_name" {
  description = "CNAME (or alias) target for service_domain_name."
  value       = aws_cloudfront_distribution.web.domain_name
}

output "load_balancer_dns_name" {
  description = "CNAME target for origin_domain_name (CloudFront's origin)."
  value       = aws_lb.web.dns_name
}

output "ecs_cluster_name" {
  description = "Where `aws ecs run-task` runs the migrate task before each deploy."
  value       = aws_ecs_cluster.main.name
}

output "migrate_task_definition" {
  description = "The migration task (alembic upgrade head) to run before updating the services."
  value       = aws_ecs_task_definition.migrate.family
}

output "app_subnet_ids" {
  description = "Subnets for one-off tasks (migrate, a manual backup or restore)."
  value       = aws_subnet.app[*].id
}

output "worker_security_group_id" {
  description = "Security group for one-off tasks."
  value       = aws_security_group.worker.id
}

output "database_endpoint" {
  description = "RDS primary."
  value       = aws_db_instance.primary.address
}

output "database_replica_endpoint" {
  description = "The dashboards' read replica."
  value       = aws_db_instance.replica.address
}

output "redis_endpoint" {
  description = "ElastiCache primary endpoint (TLS)."
  value       = aws_elasticache_replication_group.main.primary_endpoint_address
}

output "buckets" {
  description = "S3 bucket names."
  value = {
    quarantine  = aws_s3_bucket.quarantine.id
    documents   = aws_s3_bucket.documents.id
    backups     = aws_s3_bucket.backups.id
    access_logs = aws_s3_bucket.access_logs.id
    edge_logs   = aws_s3_bucket.edge_logs.id
  }
}

output "secret_arns" {
  description = "Secrets to fill with `aws secretsmanager put-secret-value` before the first deploy."
  value       = { for key, secret in aws_secretsmanager_secret.operator : key => secret.arn }
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm publishes to."
  value       = aws_sns_topic.alarms.arn
}
