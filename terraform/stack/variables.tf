# --- Which environment -------------------------------------------------------

variable "environment" {
  description = "Name of the environment (dev, prod, ...): everything is named emailpipeline-<environment>-... (cluster emailpipeline-<environment>, services emailpipeline-<environment>-api and -consumer)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "environment must be 2-10 lower-case letters and digits, starting with a letter, e.g. dev or prod."
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

variable "single_nat_gateway" {
  description = "One NAT gateway for both availability zones (cheaper) instead of one per zone (survives the loss of a zone)."
  type        = bool
}

variable "load_balancer_deletion_protection" {
  description = "Refuse to delete the load balancer (turn off before terraform destroy)."
  type        = bool
}

variable "archive_force_destroy" {
  description = "Let terraform destroy delete the archive bucket with every email in it. Only for throw-away environments."
  type        = bool
}

variable "archive_noncurrent_version_days" {
  description = "Days after which a version of an archived object that is no longer current is deleted."
  type        = number
}

variable "log_retention_days" {
  description = "Days CloudWatch Logs keeps the services' logs."
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
  description = "ACM certificate for HTTPS on the load balancer; null serves the Api over HTTP only."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be null or the ARN of an ACM certificate."
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

variable "generate_api_token" {
  description = "Generate the Api token (Secrets Manager's GetRandomPassword; ephemeral, never stored by Terraform). false: store api_token instead."
  type        = bool
  default     = true
}

variable "api_token" {
  description = "The Api token to store when generate_api_token is false (e.g. TF_VAR_api_token), at least 32 characters. Ephemeral: never in the state or a plan."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = var.generate_api_token || try(length(var.api_token) >= 32, false)
    error_message = "api_token must be set, at least 32 characters long, when generate_api_token is false."
  }
}

variable "api_token_version" {
  description = "Raise to make Terraform write a new token (generated, or api_token). A token rotated directly in SSM is left alone."
  type        = number
  default     = 1
}

variable "alarm_email_addresses" {
  description = "Addresses notified by the CloudWatch alarms (each confirms its subscription by email)."
  type        = list(string)
  default     = []
}
