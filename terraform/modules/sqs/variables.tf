variable "name" {
  description = "Name of the queue, e.g. emailpipeline-dev-emails. The dead-letter queue is named <name>-dlq."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,76}$", var.name))
    error_message = "name must be 1-76 letters, digits, hyphens or underscores (SQS allows 80, and -dlq is appended for the dead-letter queue)."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key to encrypt both queues with. null (the default) uses SQS-managed encryption (SSE-SQS)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "visibility_timeout_seconds" {
  description = "How long a received message stays hidden from other consumers. Keep it at least 6 times the Consumer's per-message budget (Consumer__MessageTimeout)."
  type        = number
  default     = 60

  validation {
    condition     = var.visibility_timeout_seconds >= 30 && var.visibility_timeout_seconds <= 43200 && floor(var.visibility_timeout_seconds) == var.visibility_timeout_seconds
    error_message = "visibility_timeout_seconds must be a whole number of seconds from 30 to 43200 (12 hours)."
  }
}

variable "message_retention_seconds" {
  description = "How long the queue keeps a message. Must be shorter than the dead-letter queue's 14 days, because a message keeps its original age when it is moved there."
  type        = number
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds < 1209600 && floor(var.message_retention_seconds) == var.message_retention_seconds
    error_message = "message_retention_seconds must be a whole number of seconds from 60 to 1209599, below the dead-letter queue's 1209600 (14 days)."
  }
}

variable "max_message_size" {
  description = "Largest message, in bytes, both queues accept. The Api must refuse an email whose message would be larger (the max_message_size output). SQS allows up to 1 MiB (1048576) since August 2025; AWS provider 5.100 validates at most 262144 (256 KiB), 6.8.0 and later admit 1 MiB."
  type        = number
  default     = 262144

  validation {
    condition     = var.max_message_size >= 1024 && var.max_message_size <= 1048576 && floor(var.max_message_size) == var.max_message_size
    error_message = "max_message_size must be a whole number of bytes from 1024 to 1048576 (1 MiB, the SQS maximum)."
  }
}

variable "max_receive_count" {
  description = "How many times a message is received (and not deleted) before SQS moves it to the dead-letter queue."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number from 1 to 1000."
  }
}
