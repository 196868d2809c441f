# PostgreSQL: Multi-AZ, encrypted with the data key, 35 days of point-in-time recovery, deletion
# protection, IAM authentication for people, Performance Insights, Enhanced Monitoring, logs in
# CloudWatch, and a read replica for the dashboards.

resource "aws_db_subnet_group" "main" {
  name       = local.prefix
  subnet_ids = aws_subnet.data[*].id
}

resource "aws_db_parameter_group" "postgres" {
  name   = "${local.prefix}-postgres16"
  family = "postgres16"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  # Slow statements and connections are logged; never every statement with its parameters: they carry
  # children's names and health details, which must not reach the logs.
  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  parameter {
    name  = "log_connections"
    value = "1"
  }

  parameter {
    name  = "log_disconnections"
    value = "1"
  }

  parameter {
    name  = "log_lock_waits"
    value = "1"
  }

  parameter {
    name  = "log_parameter_max_length"
    value = "0"
  }

  parameter {
    name  = "log_parameter_max_length_on_error"
    value = "0"
  }
}

resource "aws_iam_role" "rds_monitoring" {
  name = "${local.prefix}-rds-monitoring"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "monitoring.rds.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  role       = aws_iam_role.rds_monitoring.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_db_instance" "primary" {
  #checkov:skip=CKV2_AWS_30:Query logging of every statement would write children's names and health details (the statements' parameters) into CloudWatch; slow statements, connections and lock waits are logged without parameters (the parameter group)
  identifier     = "${local.prefix}-primary"
  engine         = "postgres"
  engine_version = "16.4"
  instance_class = var.db_instance_class
  db_name        = "ehcp"
  username       = "ehcp"
  password       = random_password.database.result
  port           = 5432

  allocated_storage     = var.db_allocated_storage_gb
  max_allocated_storage = var.db_max_allocated_storage_gb
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = aws_kms_key.data.arn

  multi_az               = true
  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [aws_security_group.database.id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.postgres.name
  ca_cert_identifier     = "rds-ca-rsa2048-g1"

  backup_retention_period   = var.db_backup_retention_days
  backup_window             = "01:00-02:00"
  maintenance_window        = "sun:03:00-sun:04:00"
  copy_tags_to_snapshot     = true
  deletion_protection       = true
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.prefix}-primary-final"
  delete_automated_backups  = false

  iam_database_authentication_enabled   = true
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.data.arn
  performance_insights_retention_period = 7
  monitoring_interval                   = 60
  monitoring_role_arn                   = aws_iam_role.rds_monitoring.arn
  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]
  auto_minor_version_upgrade            = true
  apply_immediately                     = false
}

# The dashboards' and reports' reads go here (database_replica_url), off the primary that takes writes.
resource "aws_db_instance" "replica" {
  #checkov:skip=CKV2_AWS_30:As the primary: statement logging would put special category data in the logs
  #checkov:skip=CKV_AWS_157:The replica serves only the dashboards' reads and holds nothing the Multi-AZ primary does not; a lost replica is recreated from the primary
  identifier          = "${local.prefix}-replica"
  replicate_source_db = aws_db_instance.primary.identifier
  instance_class      = var.db_replica_instance_class
  storage_type        = "gp3"
  storage_encrypted   = true
  kms_key_id          = aws_kms_key.data.arn

  multi_az               = false # a lost replica is rebuilt from the primary; dashboards fall back to it
  vpc_security_group_ids = [aws_security_group.database.id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.postgres.name
  ca_cert_identifier     = "rds-ca-rsa2048-g1"

  backup_retention_period = 7
  copy_tags_to_snapshot   = true
  deletion_protection     = true
  skip_final_snapshot     = true # a replica holds nothing the primary's backups do not

  iam_database_authentication_enabled   = true
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.data.arn
  performance_insights_retention_period = 7
  monitoring_interval                   = 60
  monitoring_role_arn                   = aws_iam_role.rds_monitoring.arn
  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]
  auto_minor_version_upgrade            = true
}
