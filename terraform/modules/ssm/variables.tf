variable "parameter_name" {
  description = "Name of the SecureString parameter, e.g. /emailpipeline/dev/api-token. The Api gets this name in SSM_TOKEN_PARAMETER."
  type        = string

  validation {
    condition     = can(regex("^(/[A-Za-z0-9_.-]+)+$", var.parameter_name)) && length(var.parameter_name) <= 1011
    error_message = "parameter_name must be a path such as /emailpipeline/dev/api-token (letters, digits, _ . - between slashes)."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key to encrypt the parameter with. null (the default) uses the AWS managed key aws/ssm."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "token" {
  description = "The token to store, written only when the parameter is created or token_version changes. Ephemeral: never kept in the Terraform state or a plan."
  type        = string
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = try(length(var.token) >= 32 && length(var.token) <= 4096, false)
    error_message = "token must be 32 to 4096 characters long."
  }
}

variable "token_version" {
  description = "Version of the token. Terraform writes the token only when the parameter is created or this number changes: raise it to store a new token. A token rotated in SSM directly is left alone."
  type        = number
  default     = 1

  validation {
    condition     = var.token_version >= 1 && floor(var.token_version) == var.token_version
    error_message = "token_version must be a whole number, at least 1."
  }
}
