# prod: at least one task of each service per availability zone, HTTPS only, flow logs, and nothing that can be
# destroyed by accident (the load balancer refuses deletion, the archive bucket must be emptied by hand).
environment = "prod"

vpc_cidr_block = "10.20.0.0/16"

# No NAT: the VPC endpoints (in both zones) carry every AWS call the tasks make, and nothing else leaves the VPC.
nat_gateways = "none"

# HTTPS only: port 80 only redirects to 443. Plans fail until certificate_arn names an ACM certificate, in this
# region, for the name you point at the load balancer (api_domain_name), e.g.
#   certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/<id>"
#   api_domain_name = "api.example.com"
https_only = true

vpc_flow_logs = true

load_balancer_deletion_protection = true
buckets_force_destroy             = false
archive_noncurrent_version_days   = 90
log_retention_days                = 90
oldest_message_age_alarm_seconds  = 300

tasks = {
  api      = { cpu = 512, memory = 1024, min_count = 2, max_count = 10 }
  consumer = { cpu = 256, memory = 512, min_count = 2, max_count = 10 }
}
