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

  validation {
    condition     = var.api_domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.api_domain_name))
    error_message = "api_domain_name must be null or a lower-case DNS name such as api.example.com."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the queues, the bucket and the token; null uses AWS managed encryption. Its key policy must let the task roles use it."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or the ARN of a KMS key."
  }
}

variable "api_token" {
  description = "Api token to store in SSM (e.g. TF_VAR_api_token); null generates one. Never stored in the state."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = var.api_token == null || try(length(var.api_token) >= 32, false)
    error_message = "api_token must be null (generate one) or at least 32 characters long."
  }
}

variable "api_token_version" {
  description = "Raise to make Terraform write a new token (the supplied api_token, or a newly generated one)."
  type        = number
  default     = 1

  validation {
    condition     = var.api_token_version >= 1 && floor(var.api_token_version) == var.api_token_version
    error_message = "api_token_version must be a whole number, at least 1."
  }
}

variable "alarm_email_addresses" {
  description = "Addresses notified by the CloudWatch alarms (each confirms its subscription by email)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for address in var.alarm_email_addresses : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "alarm_email_addresses must be email addresses."
  }
}
