# prod: a NAT gateway and at least one task of each service per availability zone, and nothing that can be
# destroyed by accident (the load balancer refuses deletion, the archive bucket must be emptied by hand).
environment = "prod"

vpc_cidr_block                    = "10.20.0.0/16"
single_nat_gateway                = false
load_balancer_deletion_protection = true
archive_force_destroy             = false
archive_noncurrent_version_days   = 90
log_retention_days                = 90
oldest_message_age_alarm_seconds  = 300

tasks = {
  api      = { cpu = 512, memory = 1024, min_count = 2, max_count = 10 }
  consumer = { cpu = 256, memory = 512, min_count = 2, max_count = 10 }
}
