variable "repository_names" {
  description = "Names of the repositories to create, e.g. [\"emailpipeline-api\", \"emailpipeline-consumer\"]."
  type        = list(string)

  validation {
    condition     = length(var.repository_names) > 0 && alltrue([for name in var.repository_names : can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$", name))])
    error_message = "repository_names must be a non-empty list of valid ECR repository names (lower-case letters, digits, . _ - and /)."
  }

  validation {
    condition     = length(distinct(var.repository_names)) == length(var.repository_names)
    error_message = "repository_names must not contain duplicates."
  }
}

variable "deployment_environments" {
  description = "The environments images are deployed to, in promotion order (dev first, production last). CD tags an image <environment>-<sha> when it deploys it; each environment keeps its deployed_images_kept most recent, and the later environments' rules come first, so an image production still runs or can roll back to is never expired for being old in dev."
  type        = list(string)

  validation {
    condition     = length(var.deployment_environments) > 0 && length(distinct(var.deployment_environments)) == length(var.deployment_environments) && alltrue([for environment in var.deployment_environments : can(regex("^[a-z][a-z0-9]{1,9}$", environment))])
    error_message = "deployment_environments must be distinct short lower-case environment names, e.g. [\"dev\", \"prod\"]."
  }
}

variable "deployed_images_kept" {
  description = "How many of the images most recently deployed to each environment are kept: the one it runs and its rollback targets."
  type        = number
  default     = 20

  validation {
    condition     = var.deployed_images_kept >= 2 && var.deployed_images_kept <= 1000 && floor(var.deployed_images_kept) == var.deployed_images_kept
    error_message = "deployed_images_kept must be a whole number from 2 (the running image and one to roll back to) to 1000."
  }
}

variable "build_images_kept_days" {
  description = "Days a build image that no environment ran (tagged only with its commit SHA) is kept after its push."
  type        = number
  default     = 30

  validation {
    condition     = var.build_images_kept_days >= 1 && floor(var.build_images_kept_days) == var.build_images_kept_days
    error_message = "build_images_kept_days must be a whole number of days, at least 1."
  }
}

variable "force_delete" {
  description = "Let terraform destroy delete a repository that still holds images."
  type        = bool
  default     = false
}
