# Planned against a mocked AWS provider: no account, no credentials.

mock_provider "aws" {
  source = "../../mocks"
}

override_resource {
  target          = aws_security_group.alb
  override_during = plan
  values = {
    id = "sg-0a1b2c3d4e5f60718"
  }
}

override_resource {
  target          = aws_lb_listener.https
  override_during = plan
  values = {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/emailpipeline-test/0123456789abcdef/443443443443443a"
  }
}

variables {
  name_prefix       = "emailpipeline-test"
  vpc_id            = "vpc-0123456789abcdef0"
  vpc_cidr_block    = "10.10.0.0/16"
  public_subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  target_port       = 8000
}

run "plain_http_only_where_https_only_is_off" {
  command = plan

  variables {
    https_only = false
  }

  assert {
    condition     = aws_lb.this.internal == false && aws_lb.this.drop_invalid_header_fields
    error_message = "The load balancer must be public and drop invalid header fields."
  }

  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "forward" && length(aws_lb_listener.https) == 0
    error_message = "Without a certificate, HTTP must forward to the Api and there must be no HTTPS listener."
  }

  assert {
    condition     = aws_lb_target_group.api.health_check[0].path == "/health" && aws_lb_target_group.api.health_check[0].matcher == "200"
    error_message = "The target group must check GET /health for a 200."
  }

  assert {
    condition     = aws_lb_target_group.api.target_type == "ip" && aws_lb_target_group.api.port == 8000
    error_message = "Fargate tasks register by IP, on the Api port."
  }

  assert {
    condition     = toset(keys(aws_vpc_security_group_ingress_rule.listeners)) == toset(["0.0.0.0/0 port 80"])
    error_message = "Only port 80 may be open without a certificate."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.targets.cidr_ipv4 == "10.10.0.0/16" && aws_vpc_security_group_egress_rule.targets.from_port == 8000
    error_message = "The load balancer may only connect to the Api port inside the VPC."
  }

  assert {
    condition     = aws_lb_listener_rule.hide_metrics.action[0].fixed_response[0].status_code == "404" && [for condition in aws_lb_listener_rule.hide_metrics.condition : condition.path_pattern[0].values] == [toset(["/metrics", "/metrics/*"])]
    error_message = "/metrics must not be served to the internet."
  }

  assert {
    condition     = aws_lb.this.security_groups == toset([aws_security_group.alb.id]) && alltrue([for rule in aws_vpc_security_group_ingress_rule.listeners : rule.security_group_id == aws_security_group.alb.id])
    error_message = "The listener ports may be open to the internet only in the load balancer's own security group."
  }
}

run "https_only_port_80_only_redirects" {
  command = plan

  variables {
    certificate_arn    = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
    domain_name        = "api.example.com"
    access_logs_bucket = "emailpipeline-test-logs-123456789012"
  }

  assert {
    condition = (
      [for action in aws_lb_listener.http.default_action : [action.type, action.redirect[0].protocol, action.redirect[0].port, action.redirect[0].status_code, length(action.forward)]]
      == [["redirect", "HTTPS", "443", "HTTP_301", 0]]
    )
    error_message = "Port 80 must only redirect to HTTPS on 443, never forward to the Api."
  }

  assert {
    condition     = length(aws_lb_listener.https) == 1 && aws_lb_listener.https[0].protocol == "HTTPS" && aws_lb_listener.https[0].certificate_arn == var.certificate_arn && aws_lb_listener.https[0].default_action[0].type == "forward"
    error_message = "The HTTPS listener must serve the Api with the certificate."
  }

  assert {
    condition     = aws_lb_listener.https[0].ssl_policy == "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"
    error_message = "The HTTPS listener must use the current restrictive TLS policy: TLS 1.3 and 1.2 with forward-secret AEAD ciphers only."
  }

  assert {
    condition     = aws_lb.this.drop_invalid_header_fields
    error_message = "The load balancer must drop invalid header fields (no request smuggling through malformed headers)."
  }

  assert {
    condition     = aws_lb_listener_rule.hide_metrics.listener_arn == aws_lb_listener.https[0].arn
    error_message = "/metrics must be hidden on the listener that serves the Api: the HTTPS one."
  }

  assert {
    condition     = [for logs in aws_lb.this.access_logs : [logs.enabled, logs.bucket, logs.prefix]] == [[true, "emailpipeline-test-logs-123456789012", "alb"]]
    error_message = "Access logs must go to the log bucket, under alb/."
  }

  assert {
    condition     = toset(keys(aws_vpc_security_group_ingress_rule.listeners)) == toset(["0.0.0.0/0 port 80", "0.0.0.0/0 port 443"])
    error_message = "With a certificate, ports 443 and 80 (which only redirects) must be open, and no other."
  }

  assert {
    condition     = output.api_url == "https://api.example.com"
    error_message = "api_url must use the domain name over HTTPS."
  }
}

run "rejects_https_only_without_a_certificate" {
  command = plan

  expect_failures = [var.certificate_arn]
}

run "rejects_a_tls_policy_that_admits_old_tls" {
  command = plan

  variables {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
    ssl_policy      = "ELBSecurityPolicy-2016-08"
  }

  expect_failures = [var.ssl_policy]
}
