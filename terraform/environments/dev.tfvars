# dev: small and disposable. The smallest tasks, and nothing that refuses terraform destroy.
environment = "dev"

vpc_cidr_block = "10.10.0.0/16"

# No NAT: the VPC endpoints carry every AWS call the tasks make, and nothing else leaves the VPC.
nat_gateways = "none"

# dev serves the Api over plain HTTP, on port 80, without a certificate: the token crosses the internet in clear
# text, so dev must never hold a token or an email that matters. Give it a certificate_arn and https_only = true
# to serve HTTPS like prod.
https_only = false

# No flow logs in dev (prod has them).
vpc_flow_logs = false

load_balancer_deletion_protection = false
buckets_force_destroy             = true
archive_noncurrent_version_days   = 30
log_retention_days                = 14
oldest_message_age_alarm_seconds  = 600

tasks = {
  api      = { cpu = 256, memory = 512, min_count = 1, max_count = 2 }
  consumer = { cpu = 256, memory = 512, min_count = 1, max_count = 2 }
}
