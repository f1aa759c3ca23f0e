variable "name_prefix" {
  description = "Name of the load balancer and prefix of its other resources, e.g. emailpipeline-dev. At most 28 characters (target group names are limited to 32)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,26}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-28 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  description = "VPC of the load balancer and its targets."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID (vpc-...)."
  }
}

variable "vpc_cidr_block" {
  description = "IPv4 range of the VPC: the load balancer may open connections to the target port inside it, nowhere else."
  type        = string

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr_block))
    error_message = "vpc_cidr_block must be an IPv4 CIDR block."
  }
}

variable "public_subnet_ids" {
  description = "Public subnets of the load balancer, in at least two availability zones."
  type        = list(string)

  validation {
    condition     = length(var.public_subnet_ids) >= 2 && alltrue([for id in var.public_subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "public_subnet_ids must list at least two subnet IDs (subnet-...)."
  }
}

variable "target_port" {
  description = "Port the Api listens on in its tasks (PORT)."
  type        = number

  validation {
    condition     = var.target_port >= 1024 && var.target_port <= 65535 && floor(var.target_port) == var.target_port
    error_message = "target_port must be a whole number from 1024 to 65535."
  }
}

variable "https_only" {
  description = "Serve the Api over HTTPS only (the default): certificate_arn is then required, and port 80 only redirects to 443. false lets a load balancer without a certificate forward plain HTTP, for throw-away environments."
  type        = bool
  default     = true
}

variable "certificate_arn" {
  description = "ARN of an ACM certificate (in the load balancer's region) for the HTTPS listener. With it, port 80 only redirects to HTTPS. Required when https_only; without it the Api is served over plain HTTP."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be null or the ARN of an ACM certificate."
  }

  validation {
    condition     = !var.https_only || var.certificate_arn != null
    error_message = "certificate_arn is required: https_only is set, and the load balancer cannot serve HTTPS without an ACM certificate for the Api's domain."
  }
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener. The default allows TLS 1.3 and TLS 1.2 with forward-secret AEAD ciphers only."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"

  validation {
    condition     = startswith(var.ssl_policy, "ELBSecurityPolicy-TLS13-1-")
    error_message = "ssl_policy must be one of the TLS 1.3 policies (ELBSecurityPolicy-TLS13-1-...), which refuse TLS 1.1 and older."
  }
}

variable "domain_name" {
  description = "Host name that points at the load balancer (a DNS record you manage, covered by the certificate). Only used to build the api_url output; null uses the load balancer's own DNS name."
  type        = string
  default     = null

  validation {
    condition     = var.domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be null or a lower-case DNS name such as api.example.com."
  }
}

variable "ingress_cidr_blocks" {
  description = "IPv4 ranges allowed to reach the listeners."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.ingress_cidr_blocks) > 0 && alltrue([for cidr in var.ingress_cidr_blocks : can(cidrnetmask(cidr))])
    error_message = "ingress_cidr_blocks must be a non-empty list of IPv4 CIDR blocks."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the load balancer (turn off before terraform destroy)."
  type        = bool
  default     = true
}

variable "access_logs_bucket" {
  description = "Name of the S3 bucket the access logs go to, under alb/ (SSE-S3, and a policy that lets Elastic Load Balancing write there: the stack's log bucket). null (the default) turns access logs off."
  type        = string
  default     = null

  validation {
    condition     = var.access_logs_bucket == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_logs_bucket))
    error_message = "access_logs_bucket must be null or an S3 bucket name."
  }
}
