# --- Which environment -------------------------------------------------------

variable "environment" {
  description = "Name of the environment (dev, prod, ...): everything is named emailpipeline-<environment>-... (cluster emailpipeline-<environment>, services emailpipeline-<environment>-api and -consumer)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "environment must be 2-10 lower-case letters and digits, starting with a letter, e.g. dev or prod."
  }

  validation {
    condition     = !contains(["bootstrap", "github", "shared", "tfstate"], var.environment)
    error_message = "environment cannot be bootstrap, github, shared or tfstate: its names would overlap the state bucket, the shared state or the GitHub roles."
  }
}

variable "region" {
  description = "AWS region of the environment (the same as the shared ECR repositories')."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "image_tag" {
  description = "Git commit SHA of the images the task definitions are first registered with (the images must be in ECR). CD deploys later images itself."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{7,40}$", var.image_tag))
    error_message = "image_tag must be a git commit SHA (7 to 40 lower-case hex digits): images are tagged with the commit they are built from."
  }
}

# --- What the environments set in their .tfvars -----------------------------

variable "vpc_cidr_block" {
  description = "IPv4 range of the environment's VPC, e.g. 10.10.0.0/16 (one per environment, so that they could be peered)."
  type        = string
}

variable "nat_gateways" {
  description = "NAT for the private subnets: none (the endpoints carry every AWS call the tasks make, and nothing else leaves the VPC), single, or one_per_zone. Only for tasks that must reach the internet."
  type        = string
}

variable "https_only" {
  description = "Serve the Api over HTTPS only: certificate_arn is then required, and port 80 only redirects. false lets the load balancer forward plain HTTP (dev): the token then crosses the internet in clear text."
  type        = bool
}

variable "vpc_flow_logs" {
  description = "Log the VPC's accepted and rejected traffic to the log bucket (vpc-flow-logs/)."
  type        = bool
}

variable "load_balancer_deletion_protection" {
  description = "Refuse to delete the load balancer (turn off before terraform destroy)."
  type        = bool
}

variable "buckets_force_destroy" {
  description = "Let terraform destroy delete the archive bucket with every email in it, and the log bucket with its logs. Only for throw-away environments."
  type        = bool
}

variable "archive_noncurrent_version_days" {
  description = "Days after which a version of an archived object that is no longer current is deleted."
  type        = number
}

variable "log_retention_days" {
  description = "Days the services' logs (CloudWatch Logs), the load balancer's access logs and the VPC's flow logs (the log bucket) are kept."
  type        = number
}

variable "oldest_message_age_alarm_seconds" {
  description = "Age of the oldest queued email, in seconds, above which the alarm fires (the Consumer is down or far behind)."
  type        = number
}

variable "tasks" {
  description = "Size and count of the Api's and the Consumer's tasks: CPU units (1024 = one vCPU), memory in MiB (a Fargate size), and the fewest and most tasks autoscaling may run."
  type = object({
    api      = object({ cpu = number, memory = number, min_count = number, max_count = number })
    consumer = object({ cpu = number, memory = number, min_count = number, max_count = number })
  })
}

# --- Optional ----------------------------------------------------------------

variable "certificate_arn" {
  description = "ACM certificate (in this region) for api_domain_name: the load balancer's HTTPS listener. Required when https_only."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be null or the ARN of an ACM certificate."
  }

  validation {
    condition     = !var.https_only || var.certificate_arn != null
    error_message = "certificate_arn is required: this environment is https_only. Set it in environments/<environment>.tfvars to the ARN of an ACM certificate, in this region, for api_domain_name."
  }
}

variable "api_domain_name" {
  description = "DNS name you point at the load balancer (covered by the certificate); only used for the api_url output."
  type        = string
  default     = null
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the queues, the bucket and the token; null uses AWS managed encryption. Its key policy must let the task roles use it."
  type        = string
  default     = null
}

variable "alarm_email_addresses" {
  description = "Addresses notified by the CloudWatch alarms (each confirms its subscription by email)."
  type        = list(string)
  default     = []
}
