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

variable "nat_gateways" {
  description = "NAT gateways for the private subnets: none (the default: the endpoints carry every AWS call the tasks make, and nothing else leaves the VPC), single (one shared by both zones), one_per_zone (survives the loss of a zone). Only for tasks that must reach the internet."
  type        = string
  default     = "none"

  validation {
    condition     = contains(["none", "single", "one_per_zone"], var.nat_gateways)
    error_message = "nat_gateways must be none, single or one_per_zone."
  }

  validation {
    condition     = var.nat_gateways != "none" || var.enable_interface_endpoints
    error_message = "nat_gateways = \"none\" needs enable_interface_endpoints: without NAT the interface endpoints are the tasks' only way to SQS, SSM, ECR and CloudWatch Logs."
  }
}

variable "enable_interface_endpoints" {
  description = "Create interface endpoints for SQS, SSM, ECR (api and dkr) and CloudWatch Logs. Without them the tasks reach those services through NAT (nat_gateways must then not be none). The S3 gateway endpoint is always created (it is free)."
  type        = bool
  default     = true
}

variable "flow_logs_bucket_arn" {
  description = "ARN of the bucket the VPC's flow logs go to (under vpc-flow-logs/); its policy must let delivery.logs.amazonaws.com write there. null (the default): no flow logs."
  type        = string
  default     = null

  validation {
    condition     = var.flow_logs_bucket_arn == null || can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.flow_logs_bucket_arn))
    error_message = "flow_logs_bucket_arn must be null or an S3 bucket ARN (arn:aws:s3:::<name>)."
  }
}
