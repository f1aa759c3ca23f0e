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

variable "image_retention_count" {
  description = "How many images each repository keeps (the most recently pushed); older ones are expired. Dev and prod share the repositories, so keep enough for prod's image to survive a busy week of dev builds."
  type        = number
  default     = 100

  validation {
    condition     = var.image_retention_count >= 10 && var.image_retention_count <= 10000 && floor(var.image_retention_count) == var.image_retention_count
    error_message = "image_retention_count must be a whole number from 10 to 10000."
  }
}

variable "force_delete" {
  description = "Let terraform destroy delete a repository that still holds images."
  type        = bool
  default     = false
}
