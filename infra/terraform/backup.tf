# Backups beyond RDS's own (35 days of point-in-time recovery, rds.tf): a nightly logical dump in
# PostgreSQL's custom format (pg_dump -Fc), kept 35 days in the backups bucket. It survives the loss
# of the RDS instance and its snapshots, and restores into any PostgreSQL 16 cluster: the procedure,
# tested by tests/integration/test_backup_restore.py, is in docs/operations/backup-and-restore.md.

resource "aws_ecs_task_definition" "backup" {
  family                   = "${local.prefix}-backup"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 1024
  memory                   = 2048
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.backup_task.arn
  ephemeral_storage {
    size_in_gib = 100 # the dump is written here, then uploaded
  }
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
  volume {
    name = "dump"
  }
  container_definitions = jsonencode([{
    name                   = "backup"
    image                  = var.backup_image
    essential              = true
    readonlyRootFilesystem = true
    privileged             = false
    user                   = "postgres"
    command                = ["/usr/local/bin/pg-dump-to-s3"]
    linuxParameters        = { capabilities = { drop = ["ALL"] }, initProcessEnabled = true }
    mountPoints            = [{ sourceVolume = "dump", containerPath = "/dump", readOnly = false }]
    environment = [
      { name = "PGHOST", value = aws_db_instance.primary.address },
      { name = "PGPORT", value = "5432" },
      { name = "PGDATABASE", value = aws_db_instance.primary.db_name },
      { name = "PGUSER", value = aws_db_instance.primary.username },
      { name = "PGSSLMODE", value = "require" },
      { name = "BACKUP_BUCKET", value = aws_s3_bucket.backups.id },
      { name = "BACKUP_KMS_KEY_ARN", value = aws_kms_key.data.arn },
      { name = "DUMP_DIR", value = "/dump" },
    ]
    secrets          = [{ name = "PGPASSWORD", valueFrom = aws_secretsmanager_secret.database_password.arn }]
    logConfiguration = { logDriver = "awslogs", options = { awslogs-group = aws_cloudwatch_log_group.app["backup"].name, awslogs-region = var.region, awslogs-stream-prefix = "backup" } }
  }])
}

resource "aws_iam_role" "backup_schedule" {
  name = "${local.prefix}-backup-schedule"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "scheduler.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })
}

resource "aws_iam_role_policy" "backup_schedule" {
  name = "run-backup-task"
  role = aws_iam_role.backup_schedule.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = ["ecs:RunTask"]
        Resource  = [trimsuffix(aws_ecs_task_definition.backup.arn, ":${aws_ecs_task_definition.backup.revision}")]
        Condition = { ArnEquals = { "ecs:cluster" = aws_ecs_cluster.main.arn } }
      },
      {
        Effect   = "Allow"
        Action   = ["iam:PassRole"]
        Resource = [aws_iam_role.execution.arn, aws_iam_role.backup_task.arn]
      },
    ]
  })
}

# 02:30 London time, after RDS's backup window (01:00-02:00 UTC).
resource "aws_scheduler_schedule" "backup" {
  name                         = "${local.prefix}-nightly-pg-dump"
  schedule_expression          = "cron(30 2 * * ? *)"
  schedule_expression_timezone = "Europe/London"
  kms_key_arn                  = aws_kms_key.data.arn

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_ecs_cluster.main.arn
    role_arn = aws_iam_role.backup_schedule.arn
    ecs_parameters {
      task_definition_arn = trimsuffix(aws_ecs_task_definition.backup.arn, ":${aws_ecs_task_definition.backup.revision}")
      launch_type         = "FARGATE"
      network_configuration {
        subnets          = aws_subnet.app[*].id
        security_groups  = [aws_security_group.worker.id]
        assign_public_ip = false
      }
    }
    retry_policy {
      maximum_retry_attempts       = 3
      maximum_event_age_in_seconds = 3600
    }
  }
}
