variable "region" {
  description = "AWS region of the repositories (the same as the environments')."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "github_repository" {
  description = "GitHub repository (owner/name) whose workflows may assume the deploy and Terraform roles."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name, e.g. acme/emailpipeline."
  }
}

variable "state_bucket_name" {
  description = "Terraform state bucket created by terraform/bootstrap (its state_bucket_name output)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket_name))
    error_message = "state_bucket_name must be an S3 bucket name."
  }
}

variable "create_github_oidc_provider" {
  description = "Create the account's GitHub OIDC provider; false when the account already has one."
  type        = bool
  default     = true
}

variable "promotion_order" {
  description = "Every environment of ../environments, in the order an image is promoted through them (production last). ECR keeps what each runs and can roll back to, the later environments' images first."
  type        = list(string)
  default     = ["dev", "prod"]
}

variable "github_environments" {
  description = "The GitHub environment that deploys and applies each environment, where its name differs (prod: production). Give it required reviewers: AWS lets only its jobs use that environment's roles."
  type        = map(string)
  default     = { prod = "production" }
}
