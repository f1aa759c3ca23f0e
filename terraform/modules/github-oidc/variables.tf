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
  description = "Environments (<project>-<environment>-...): each gets its own deploy role, Terraform role and permissions boundary, which reach that environment only."
  type        = list(string)
  default     = ["dev", "prod"]

  validation {
    condition     = length(var.environments) > 0 && alltrue([for environment in var.environments : can(regex("^[a-z][a-z0-9]{1,9}$", environment))])
    error_message = "environments must be a non-empty list of short lower-case names, e.g. [\"dev\", \"prod\"]."
  }

  validation {
    condition     = length(setintersection(var.environments, ["bootstrap", "github", "shared", "tfstate"])) == 0
    error_message = "bootstrap, github, shared and tfstate cannot be environments: their names would overlap the state bucket, the shared state or the GitHub roles."
  }
}

variable "github_environments" {
  description = "The GitHub environment whose jobs deploy and apply each environment, where its name differs (prod is deployed from the GitHub environment production). Protection rules on it, such as required reviewers, gate that environment."
  type        = map(string)
  default     = { prod = "production" }

  validation {
    condition     = alltrue([for environment in values(var.github_environments) : can(regex("^[A-Za-z0-9_.-]{1,255}$", environment))])
    error_message = "github_environments must map environments to GitHub environment names (letters, digits, _ . -)."
  }
}

variable "main_branch" {
  description = "The branch whose workflows may push images and deploy (through its GitHub environments): roles check that the job runs the workflow from this branch."
  type        = string
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.main_branch))
    error_message = "main_branch must be a branch name."
  }
}

variable "ecr_repository_arns" {
  description = "The image repositories (shared by every environment): CI's role pushes to them, the deploy roles read and tag what they deploy, the boundaries let the ECS agents pull from them."
  type        = list(string)

  validation {
    condition     = length(var.ecr_repository_arns) > 0 && alltrue([for arn in var.ecr_repository_arns : can(regex("^arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/.+$", arn))])
    error_message = "ecr_repository_arns must be a non-empty list of ECR repository ARNs."
  }
}

variable "state_bucket_name" {
  description = "Bucket of the Terraform state (from bootstrap/): each environment's Terraform role may use its own state in it only, and the plan role may write and delete lock files in it (use_lockfile), nothing else."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket_name))
    error_message = "state_bucket_name must be an S3 bucket name."
  }
}
