# CloudFront in front of the service. /assets/* (GOV.UK Frontend's CSS, JavaScript, fonts and images)
# is cached at the edge for a day; every other path goes to the load balancer uncached, with the
# viewer's headers and cookies, so the app still answers only for SERVICE_URL's host.

locals {
  # AWS managed policies (documented ids, the same in every account).
  cache_policy_caching_optimized = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  cache_policy_caching_disabled  = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  origin_request_policy_all      = "216adef6-5c7f-47e4-b989-5492eafa07d3"
}

# The app sets its own Content-Security-Policy and security headers; these are kept if the app sent
# them (override = false) and added on the rare response that lacks them (a CloudFront error page).
# HSTS is CloudFront's own, on every response: a year, subdomains, preload (gov.uk is preloaded).
resource "aws_cloudfront_response_headers_policy" "security" {
  name = "${local.prefix}-security-headers"
  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 31536000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }
    content_type_options {
      override = false
    }
    frame_options {
      frame_option = "DENY"
      override     = false
    }
    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = false
    }
  }
}

resource "aws_cloudfront_distribution" "web" {
  #checkov:skip=CKV_AWS_68:WAF runs on the load balancer (waf.tf), which accepts only CloudFront's origin-facing addresses, so every request that reaches the app is inspected there; a CloudFront WAF would have to live in us-east-1
  #checkov:skip=CKV2_AWS_47:As CKV_AWS_68: the WAF on the load balancer carries AWSManagedRulesKnownBadInputsRuleSet (Log4j)
  #checkov:skip=CKV_AWS_374:No geo restriction: families living abroad (service families, for example) use the service for a child in England
  #checkov:skip=CKV_AWS_310:One origin: the load balancer spans three availability zones; there is no second origin to fail over to
  #checkov:skip=CKV2_AWS_46:There is no S3 origin (the only origin is the load balancer); checkov sees the logging bucket's reference as one
  #checkov:skip=CKV_AWS_305:The app answers / itself (the start page); there is no default object
  enabled         = true
  is_ipv6_enabled = true
  comment         = "${local.prefix}: the service, /assets cached"
  aliases         = [var.service_domain_name]
  price_class     = "PriceClass_100"
  http_version    = "http2and3"

  origin {
    origin_id   = "alb"
    domain_name = var.origin_domain_name
    custom_origin_config {
      http_port                = 80
      https_port               = 443
      origin_protocol_policy   = "https-only"
      origin_ssl_protocols     = ["TLSv1.2"]
      origin_read_timeout      = 60
      origin_keepalive_timeout = 5
    }
  }

  default_cache_behavior {
    target_origin_id           = "alb"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods             = ["GET", "HEAD"]
    cache_policy_id            = local.cache_policy_caching_disabled
    origin_request_policy_id   = local.origin_request_policy_all
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
    compress                   = true
  }

  ordered_cache_behavior {
    path_pattern               = "/assets/*"
    target_origin_id           = "alb"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    cache_policy_id            = local.cache_policy_caching_optimized
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
    compress                   = true
  }

  viewer_certificate {
    acm_certificate_arn      = var.cloudfront_certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  logging_config {
    bucket          = aws_s3_bucket.edge_logs.bucket_domain_name
    prefix          = "cloudfront/"
    include_cookies = false
  }
}
