variable "name_prefix" {
  description = "Prefix of every name and Name tag, e.g. emailpipeline-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "cidr_block" {
  description = "IPv4 range of the VPC, /16 to /24. Split into two private and two public subnets, each a sixteenth of it."
  type        = string

  validation {
    condition     = can(cidrnetmask(var.cidr_block)) && can(regex("/(1[6-9]|2[0-4])$", var.cidr_block))
    error_message = "cidr_block must be an IPv4 CIDR block with a prefix length from /16 to /24, e.g. 10.10.0.0/16."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway shared by both availability zones (cheaper, for dev) instead of one per zone (survives the loss of a zone)."
  type        = bool
  default     = false
}

variable "enable_interface_endpoints" {
  description = "Create interface endpoints for SQS, SSM, ECR (api and dkr) and CloudWatch Logs, so that the tasks' calls to AWS do not cross the NAT gateway. The S3 gateway endpoint is always created (it is free)."
  type        = bool
  default     = true
}
