variable "github_repository" {
  description = "The one GitHub repository, as owner/name, whose workflows may assume the roles."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name, e.g. acme/emailpipeline."
  }
}

variable "create_oidc_provider" {
  description = "Create the account's IAM OIDC provider for token.actions.githubusercontent.com. Set false when the account already has it (there can be only one); it is then looked up."
  type        = bool
  default     = true
}

variable "project" {
  description = "Project name: prefix of the role names and of the names of what the roles may touch (<project>-<environment>-...)."
  type        = string
  default     = "emailpipeline"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}[a-z0-9]$", var.project))
    error_message = "project must be 3-22 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "environments" {
  description = "Environments (<project>-<environment>) whose ECS services the deploy role may update and whose roles the Terraform role may manage."
  type        = list(string)
  default     = ["dev", "prod"]

  validation {
    condition     = length(var.environments) > 0 && alltrue([for environment in var.environments : can(regex("^[a-z][a-z0-9]{1,9}$", environment))])
    error_message = "environments must be a non-empty list of short lower-case names, e.g. [\"dev\", \"prod\"]."
  }
}

variable "ecr_repository_arns" {
  description = "Repositories the deploy role may push to."
  type        = list(string)

  validation {
    condition     = length(var.ecr_repository_arns) > 0 && alltrue([for arn in var.ecr_repository_arns : can(regex("^arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/.+$", arn))])
    error_message = "ecr_repository_arns must be a non-empty list of ECR repository ARNs."
  }
}

variable "deploy_github_environments" {
  description = "GitHub environments whose jobs may assume the deploy role, besides jobs on the main branch."
  type        = list(string)
  default     = ["dev", "production"]

  validation {
    condition     = alltrue([for environment in var.deploy_github_environments : can(regex("^[A-Za-z0-9_.-]{1,255}$", environment))])
    error_message = "deploy_github_environments must be GitHub environment names (letters, digits, _ . -)."
  }
}

variable "terraform_github_environments" {
  description = "GitHub environments whose jobs may assume the Terraform (apply) role, besides jobs on the main branch."
  type        = list(string)
  default     = ["production"]

  validation {
    condition     = alltrue([for environment in var.terraform_github_environments : can(regex("^[A-Za-z0-9_.-]{1,255}$", environment))])
    error_message = "terraform_github_environments must be GitHub environment names (letters, digits, _ . -)."
  }
}

variable "state_bucket_name" {
  description = "Bucket of the Terraform state (from bootstrap/). The plan role may write and delete lock files in it (use_lockfile), nothing else."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket_name))
    error_message = "state_bucket_name must be an S3 bucket name."
  }
}
