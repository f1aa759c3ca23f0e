# dev: small and disposable. One NAT gateway, the smallest tasks, and nothing that refuses terraform destroy.
environment = "dev"

vpc_cidr_block                    = "10.10.0.0/16"
single_nat_gateway                = true
load_balancer_deletion_protection = false
archive_force_destroy             = true
archive_noncurrent_version_days   = 30
log_retention_days                = 14
oldest_message_age_alarm_seconds  = 600

tasks = {
  api      = { cpu = 256, memory = 512, min_count = 1, max_count = 2 }
  consumer = { cpu = 256, memory = 512, min_count = 1, max_count = 2 }
}
