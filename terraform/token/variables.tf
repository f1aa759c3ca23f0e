# Applied with the environment's values (-var-file=../environments/<environment>.tfvars); of them it reads only
# environment, region and kms_key_arn (Terraform warns about the others, which are the stack's).

variable "environment" {
  description = "Name of the environment (dev, prod, ...): the token is the parameter /emailpipeline/<environment>/api-token."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "environment must be the stack's: 2-10 lower-case letters and digits, e.g. dev or prod."
  }
}

variable "region" {
  description = "AWS region of the environment."
  type        = string
  default     = "eu-west-1"

}

variable "kms_key_arn" {
  description = "Customer managed KMS key the token is encrypted with (the stack's kms_key_arn); null uses the AWS managed key aws/ssm."
  type        = string
  default     = null
}

variable "generate_api_token" {
  description = "Generate the Api token (Secrets Manager's GetRandomPassword; ephemeral, never stored by Terraform). false: store api_token instead."
  type        = bool
  default     = true
}

variable "api_token" {
  description = "The Api token to store when generate_api_token is false (e.g. TF_VAR_api_token), at least 32 characters. Ephemeral: never in the state or a plan."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = var.generate_api_token || try(length(var.api_token) >= 32, false)
    error_message = "api_token must be set, at least 32 characters long, when generate_api_token is false."
  }
}

variable "api_token_version" {
  description = "Raise to make Terraform write a new token (generated, or api_token). A token rotated directly in SSM is left alone."
  type        = number
  default     = 1
}
