variable "bucket_name" {
  description = "Globally unique name of the bucket, e.g. emailpipeline-dev-archive-<account id>."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name)) && !can(regex("\\.\\.|^xn--|-s3alias$", var.bucket_name))
    error_message = "bucket_name must be a valid S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key for default encryption (SSE-KMS with an S3 bucket key). null (the default) uses SSE-S3 (AES256)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete the bucket with everything in it. Only for throw-away environments."
  type        = bool
  default     = false
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which a version that is no longer current is deleted."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && var.noncurrent_version_expiration_days <= 3650 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "noncurrent_version_expiration_days must be a whole number of days from 1 to 3650."
  }
}

variable "expiration_days" {
  description = "Days after creation when objects expire (become noncurrent versions, deleted noncurrent_version_expiration_days later). null (the default) keeps them: the archive's emails never expire; logs do."
  type        = number
  default     = null

  validation {
    condition     = var.expiration_days == null || try(var.expiration_days >= 1 && floor(var.expiration_days) == var.expiration_days, false)
    error_message = "expiration_days must be null or a whole number of days, at least 1."
  }
}

variable "policy_statements" {
  description = "Statements added to the bucket policy after the one that denies requests without TLS, e.g. the log delivery services' right to write. Each is an IAM policy statement object (Sid, Effect, Principal, Action, Resource, Condition)."
  # any, not list(any): statements differ in shape (a Condition or not, one principal type or another).
  type    = any
  default = []

  validation {
    condition     = can(concat(var.policy_statements, [])) && alltrue([for statement in var.policy_statements : can(statement.Sid) && contains(["Allow", "Deny"], try(statement.Effect, ""))])
    error_message = "Each of policy_statements must have a Sid and an Effect of Allow or Deny."
  }
}

variable "transition_prefix" {
  description = "Key prefix whose objects move to cheaper storage after transition_days."
  type        = string
  default     = "emails/"

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*/$", var.transition_prefix))
    error_message = "transition_prefix must be a key prefix ending with a slash, e.g. emails/."
  }
}

variable "transition_days" {
  description = "Days after creation when objects under transition_prefix move to transition_storage_class; null (the default) never moves them. S3 does not transition objects under 128 KiB, which is most emails."
  type        = number
  default     = null

  validation {
    condition     = var.transition_days == null || try(var.transition_days >= 30 && floor(var.transition_days) == var.transition_days, false)
    error_message = "transition_days must be null or a whole number of days, at least 30 (the minimum for STANDARD_IA)."
  }
}

variable "transition_storage_class" {
  description = "Storage class objects under transition_prefix move to."
  type        = string
  default     = "STANDARD_IA"

  validation {
    condition     = contains(["STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"], var.transition_storage_class)
    error_message = "transition_storage_class must be one of STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE."
  }
}
