# ECS on Fargate: the web service behind the load balancer, the RQ workers (with ClamAV's daemon as a
# sidecar), exactly one scheduler, and two one-off task definitions: the migration (run before each
# deploy, `alembic upgrade head`) and the nightly pg_dump (backup.tf). One image (infra/Dockerfile),
# read-only root filesystems, non-root user, secrets injected from Secrets Manager.

resource "aws_ecs_cluster" "main" {
  name = local.prefix
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "app" {
  for_each          = toset(["web", "worker", "clamav", "scheduler", "migrate", "backup"])
  name              = "/${local.prefix}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.logs.arn
}

locals {
  app_environment = [
    { name = "APP_ENV", value = "production" },
    { name = "SERVICE_URL", value = "https://${var.service_domain_name}" },
    { name = "NOTIFY_MODE", value = "live" },
    { name = "STORAGE", value = "s3" },
    { name = "S3_REGION", value = var.region },
    { name = "S3_QUARANTINE_BUCKET", value = aws_s3_bucket.quarantine.id },
    { name = "S3_CLEAN_BUCKET", value = aws_s3_bucket.documents.id },
    { name = "SCANNER", value = "clamd" },
    { name = "CLAMD_HOST", value = "127.0.0.1" }, # the worker task's sidecar
    { name = "CLAMD_PORT", value = "3310" },
    { name = "FORWARDED_ALLOW_IPS", value = "*" },     # only the load balancer can reach a task (security groups)
    { name = "XDG_CACHE_HOME", value = "/tmp/cache" }, # fontconfig's cache: the root filesystem is read-only
    { name = "LOG_FORMAT", value = "json" },
    # prometheus_client's multiprocess files (infra/gunicorn.conf.py empties the folder at start)
    { name = "PROMETHEUS_MULTIPROC_DIR", value = "/tmp/prometheus" },
  ]
  app_secrets = concat(
    [for key, _ in local.operator_secrets : { name = upper(key), valueFrom = aws_secretsmanager_secret.operator[key].arn }],
    [
      { name = "DATABASE_URL", valueFrom = aws_secretsmanager_secret.database_url.arn },
      { name = "DATABASE_REPLICA_URL", valueFrom = aws_secretsmanager_secret.database_replica_url.arn },
      { name = "REDIS_URL", valueFrom = aws_secretsmanager_secret.redis_url.arn },
    ],
  )
  secret_arns = concat(
    [for s in aws_secretsmanager_secret.operator : s.arn],
    [
      aws_secretsmanager_secret.database_password.arn,
      aws_secretsmanager_secret.database_url.arn,
      aws_secretsmanager_secret.database_replica_url.arn,
      aws_secretsmanager_secret.redis_url.arn,
    ],
  )
  # The read-only root filesystem's one writable place (gunicorn's heartbeat files, PDF temporary files).
  tmp_mount = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]

  app_container = {
    image                  = var.app_image
    essential              = true
    user                   = "app"
    readonlyRootFilesystem = true
    privileged             = false
    environment            = local.app_environment
    secrets                = local.app_secrets
    mountPoints            = local.tmp_mount
    linuxParameters        = { capabilities = { drop = ["ALL"] }, initProcessEnabled = true }
  }
}

# --- IAM -----------------------------------------------------------------------------------------

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

# ECS itself: pulls the image, writes logs, reads the secrets it injects.
resource "aws_iam_role" "execution" {
  name               = "${local.prefix}-ecs-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "execution_secrets" {
  name = "read-injected-secrets"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["secretsmanager:GetSecretValue"], Resource = local.secret_arns },
      { Effect = "Allow", Action = ["kms:Decrypt"], Resource = [aws_kms_key.data.arn] },
    ]
  })
}

# The web tasks: put uploads in quarantine, read checked documents. Nothing else.
resource "aws_iam_role" "web_task" {
  name               = "${local.prefix}-web-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy" "web_task" {
  name = "documents"
  role = aws_iam_role.web_task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:PutObject", "s3:DeleteObject"], Resource = ["${aws_s3_bucket.quarantine.arn}/*"] },
      { Effect = "Allow", Action = ["s3:GetObject", "s3:DeleteObject"], Resource = ["${aws_s3_bucket.documents.arn}/*"] },
      { Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = [aws_kms_key.data.arn] },
    ]
  })
}

# The workers and the scheduler: scan, promote, write PDFs and exports, delete what retention deletes.
resource "aws_iam_role" "worker_task" {
  name               = "${local.prefix}-worker-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy" "worker_task" {
  name = "documents"
  role = aws_iam_role.worker_task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = ["${aws_s3_bucket.quarantine.arn}/*", "${aws_s3_bucket.documents.arn}/*"]
      },
      { Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = [aws_kms_key.data.arn] },
    ]
  })
}

# The backup task: write dumps, nothing else (it cannot read documents, nor delete dumps).
resource "aws_iam_role" "backup_task" {
  name               = "${local.prefix}-backup-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy" "backup_task" {
  name = "write-dumps"
  role = aws_iam_role.backup_task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:PutObject"], Resource = ["${aws_s3_bucket.backups.arn}/*"] },
      { Effect = "Allow", Action = ["kms:GenerateDataKey", "kms:Decrypt"], Resource = [aws_kms_key.data.arn] },
    ]
  })
}

# --- Task definitions ------------------------------------------------------------------------------

resource "aws_ecs_task_definition" "web" {
  family                   = "${local.prefix}-web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 1024
  memory                   = 2048
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.web_task.arn
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
  volume {
    name = "tmp"
  }
  container_definitions = jsonencode([merge(local.app_container, {
    name         = "web"
    command      = ["gunicorn", "-c", "infra/gunicorn.conf.py", "app:app"]
    portMappings = [{ containerPort = 8000, protocol = "tcp" }]
    environment  = concat(local.app_environment, [{ name = "WEB_CONCURRENCY", value = "3" }, { name = "WEB_THREADS", value = "4" }])
    healthCheck = {
      command     = ["CMD", "python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz').status == 200 else 1)"]
      interval    = 30
      timeout     = 5
      retries     = 3
      startPeriod = 20
    }
    stopTimeout      = 30
    logConfiguration = { logDriver = "awslogs", options = { awslogs-group = aws_cloudwatch_log_group.app["web"].name, awslogs-region = var.region, awslogs-stream-prefix = "web" } }
  })])
}

resource "aws_ecs_task_definition" "worker" {
  family                   = "${local.prefix}-worker"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 2048
  memory                   = 6144 # clamd holds its signatures in memory (about 1.5 GB)
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.worker_task.arn
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
  volume {
    name = "tmp"
  }
  volume {
    name = "clamav-db"
  }
  volume {
    name = "clamav-run"
  }
  volume {
    name = "clamav-log"
  }
  container_definitions = jsonencode([
    merge(local.app_container, {
      name             = "worker"
      command          = ["python", "-m", "workers", "--no-scheduler"]
      stopTimeout      = 120 # SIGTERM finishes the current job, then stops
      dependsOn        = [{ containerName = "clamav", condition = "HEALTHY" }]
      logConfiguration = { logDriver = "awslogs", options = { awslogs-group = aws_cloudwatch_log_group.app["worker"].name, awslogs-region = var.region, awslogs-stream-prefix = "worker" } }
    }),
    {
      name                   = "clamav"
      image                  = var.clamav_image
      essential              = true
      readonlyRootFilesystem = true
      privileged             = false
      portMappings           = [{ containerPort = 3310, protocol = "tcp" }]
      mountPoints = [
        { sourceVolume = "clamav-db", containerPath = "/var/lib/clamav", readOnly = false },
        { sourceVolume = "clamav-run", containerPath = "/run/clamav", readOnly = false },
        { sourceVolume = "clamav-log", containerPath = "/var/log/clamav", readOnly = false },
        { sourceVolume = "tmp", containerPath = "/tmp", readOnly = false },
      ]
      healthCheck      = { command = ["CMD-SHELL", "clamdcheck.sh"], interval = 30, timeout = 10, retries = 5, startPeriod = 300 }
      logConfiguration = { logDriver = "awslogs", options = { awslogs-group = aws_cloudwatch_log_group.app["clamav"].name, awslogs-region = var.region, awslogs-stream-prefix = "clamav" } }
    },
  ])
}

resource "aws_ecs_task_definition" "scheduler" {
  family                   = "${local.prefix}-scheduler"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.worker_task.arn
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
  volume {
    name = "tmp"
  }
  container_definitions = jsonencode([merge(local.app_container, {
    name             = "scheduler"
    command          = ["python", "-m", "workers", "--scheduler-only"]
    logConfiguration = { logDriver = "awslogs", options = { awslogs-group = aws_cloudwatch_log_group.app["scheduler"].name, awslogs-region = var.region, awslogs-stream-prefix = "scheduler" } }
  })])
}

# Run before each deploy (README.md): migrations are expand-then-contract, so the old code keeps working.
resource "aws_ecs_task_definition" "migrate" {
  family                   = "${local.prefix}-migrate"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.worker_task.arn
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
  volume {
    name = "tmp"
  }
  container_definitions = jsonencode([merge(local.app_container, {
    name             = "migrate"
    command          = ["sh", "-c", "alembic upgrade head && flask --app app load-local-authorities"]
    logConfiguration = { logDriver = "awslogs", options = { awslogs-group = aws_cloudwatch_log_group.app["migrate"].name, awslogs-region = var.region, awslogs-stream-prefix = "migrate" } }
  })])
}

# --- Services --------------------------------------------------------------------------------------

resource "aws_ecs_service" "web" {
  name                               = "web"
  cluster                            = aws_ecs_cluster.main.id
  task_definition                    = aws_ecs_task_definition.web.arn
  launch_type                        = "FARGATE"
  desired_count                      = var.web_min_tasks
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 30
  enable_execute_command             = false
  propagate_tags                     = "SERVICE"

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = aws_subnet.app[*].id
    security_groups  = [aws_security_group.web.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_name   = "web"
    container_port   = 8000
  }

  lifecycle {
    ignore_changes = [desired_count] # autoscaling owns it
  }

  depends_on = [aws_lb_listener.https]
}

resource "aws_ecs_service" "worker" {
  name                               = "worker"
  cluster                            = aws_ecs_cluster.main.id
  task_definition                    = aws_ecs_task_definition.worker.arn
  launch_type                        = "FARGATE"
  desired_count                      = var.worker_min_tasks
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  enable_execute_command             = false
  propagate_tags                     = "SERVICE"

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = aws_subnet.app[*].id
    security_groups  = [aws_security_group.worker.id]
    assign_public_ip = false
  }

  lifecycle {
    ignore_changes = [desired_count]
  }
}

# Exactly one: a deploy stops the old scheduler before starting the new (maximum 100%). A second one
# would be harmless (a Redis lock lets one scheduler run each tick) but wasteful.
resource "aws_ecs_service" "scheduler" {
  name                               = "scheduler"
  cluster                            = aws_ecs_cluster.main.id
  task_definition                    = aws_ecs_task_definition.scheduler.arn
  launch_type                        = "FARGATE"
  desired_count                      = 1
  deployment_minimum_healthy_percent = 0
  deployment_maximum_percent         = 100
  enable_execute_command             = false
  propagate_tags                     = "SERVICE"

  network_configuration {
    subnets          = aws_subnet.app[*].id
    security_groups  = [aws_security_group.worker.id]
    assign_public_ip = false
  }
}

# --- Autoscaling ---------------------------------------------------------------------------------

resource "aws_appautoscaling_target" "web" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.web.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.web_min_tasks
  max_capacity       = var.web_max_tasks
}

resource "aws_appautoscaling_policy" "web_cpu" {
  name               = "${local.prefix}-web-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.web.service_namespace
  resource_id        = aws_appautoscaling_target.web.resource_id
  scalable_dimension = aws_appautoscaling_target.web.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value       = 60
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "web_requests" {
  name               = "${local.prefix}-web-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.web.service_namespace
  resource_id        = aws_appautoscaling_target.web.resource_id
  scalable_dimension = aws_appautoscaling_target.web.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value       = 600 # requests a minute per task
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.web.arn_suffix}/${aws_lb_target_group.web.arn_suffix}"
    }
  }
}

resource "aws_appautoscaling_target" "worker" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.worker.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.worker_min_tasks
  max_capacity       = var.worker_max_tasks
}

# Workers scale on the jobs waiting per worker (the service's QueueDepth metric, all RQ queues).
resource "aws_appautoscaling_policy" "worker_queue" {
  name               = "${local.prefix}-worker-queue"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.worker.service_namespace
  resource_id        = aws_appautoscaling_target.worker.resource_id
  scalable_dimension = aws_appautoscaling_target.worker.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value       = 100
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    customized_metric_specification {
      metrics {
        id          = "depth"
        return_data = false
        metric_stat {
          stat = "Average"
          metric {
            namespace   = var.metrics_namespace
            metric_name = "QueueDepth"
          }
        }
      }
      metrics {
        id          = "tasks"
        return_data = false
        metric_stat {
          stat = "Average"
          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "RunningTaskCount"
            dimensions {
              name  = "ClusterName"
              value = aws_ecs_cluster.main.name
            }
            dimensions {
              name  = "ServiceName"
              value = aws_ecs_service.worker.name
            }
          }
        }
      }
      metrics {
        id          = "per_task"
        expression  = "IF(tasks > 0, depth / tasks, depth)"
        label       = "Jobs waiting per worker task"
        return_data = true
      }
    }
  }
}

resource "aws_appautoscaling_policy" "worker_cpu" {
  name               = "${local.prefix}-worker-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.worker.service_namespace
  resource_id        = aws_appautoscaling_target.worker.resource_id
  scalable_dimension = aws_appautoscaling_target.worker.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value       = 70
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
