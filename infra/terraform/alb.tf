# The application load balancer: HTTPS only (HTTP answers with a redirect), reachable only from
# CloudFront's origin-facing addresses, access logs in the edge-logs bucket, WAF in front (waf.tf).

resource "aws_lb" "web" {
  name                       = local.prefix
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = aws_subnet.public[*].id
  security_groups            = [aws_security_group.alb.id]
  drop_invalid_header_fields = true
  enable_deletion_protection = true
  idle_timeout               = 60

  access_logs {
    bucket  = aws_s3_bucket.edge_logs.id
    prefix  = "alb"
    enabled = true
  }

  depends_on = [aws_s3_bucket_policy.edge_logs]
}

resource "aws_lb_target_group" "web" {
  name                 = "${local.prefix}-web"
  port                 = 8000
  protocol             = "HTTP" # inside the VPC, from the load balancer to the task; TLS ends at the load balancer
  target_type          = "ip"
  vpc_id               = aws_vpc.main.id
  deregistration_delay = 30 # gunicorn's graceful_timeout

  # /healthz: 200 while the database takes writes and Redis answers, 503 otherwise.
  health_check {
    path                = "/healthz"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.alb_certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
