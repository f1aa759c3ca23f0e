# --- Naming and network ------------------------------------------------------

variable "name_prefix" {
  description = "Name of the cluster and prefix of everything else, e.g. emailpipeline-dev: services and task families <prefix>-api and <prefix>-consumer, log groups /ecs/<prefix>/api and /ecs/<prefix>/consumer."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-42 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  description = "VPC of the tasks."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC ID (vpc-...)."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets the tasks run in (no public addresses); at least two availability zones."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2 && alltrue([for id in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "private_subnet_ids must list at least two subnet IDs (subnet-...)."
  }
}

variable "alb_security_group_id" {
  description = "Security group of the load balancer: the only source allowed into the Api tasks."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]+$", var.alb_security_group_id))
    error_message = "alb_security_group_id must be a security group ID (sg-...)."
  }
}

variable "endpoints_security_group_id" {
  description = "Security group of the VPC's interface endpoints (SQS, SSM, ECR, CloudWatch Logs): the tasks may send HTTPS to it."
  type        = string

  validation {
    condition     = can(regex("^sg-[0-9a-f]+$", var.endpoints_security_group_id))
    error_message = "endpoints_security_group_id must be a security group ID (sg-...)."
  }
}

variable "s3_prefix_list_id" {
  description = "Prefix list of S3 in the region (the VPC's gateway endpoint): the tasks may send HTTPS to it (the archive, image layers)."
  type        = string

  validation {
    condition     = can(regex("^pl-[0-9a-f]+$", var.s3_prefix_list_id))
    error_message = "s3_prefix_list_id must be a prefix list ID (pl-...)."
  }
}

variable "internet_egress" {
  description = "Let the tasks send HTTPS anywhere (only meaningful when the VPC has NAT). false (the default): only to the interface endpoints and S3."
  type        = bool
  default     = false
}

variable "metrics_ingress_cidr_blocks" {
  description = "IPv4 ranges inside the VPC allowed to scrape the Consumer's /metrics on port 9090 (e.g. a Prometheus in the VPC). Empty (the default): no inbound traffic to the Consumer at all."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for cidr in var.metrics_ingress_cidr_blocks : can(cidrnetmask(cidr)) && cidr != "0.0.0.0/0"])
    error_message = "metrics_ingress_cidr_blocks must be IPv4 CIDR blocks inside the VPC, never 0.0.0.0/0."
  }
}

# --- Load balancer -----------------------------------------------------------

variable "target_group_arn" {
  description = "Target group the Api tasks register in (the alb module's target_group_arn)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:elasticloadbalancing:", var.target_group_arn))
    error_message = "target_group_arn must be an Elastic Load Balancing target group ARN."
  }
}

variable "alb_arn_suffix" {
  description = "ARN suffix of the load balancer (app/<name>/<id>), for request-count scaling."
  type        = string

  validation {
    condition     = can(regex("^app/", var.alb_arn_suffix))
    error_message = "alb_arn_suffix must look like app/<name>/<id>."
  }
}

variable "target_group_arn_suffix" {
  description = "ARN suffix of the target group (targetgroup/<name>/<id>), for request-count scaling."
  type        = string

  validation {
    condition     = can(regex("^targetgroup/", var.target_group_arn_suffix))
    error_message = "target_group_arn_suffix must look like targetgroup/<name>/<id>."
  }
}

# --- Roles -------------------------------------------------------------------

variable "permissions_boundary_arn" {
  description = "Permissions boundary every role of the module carries: the environment's boundary policy from terraform/shared (<project>-<environment>-boundary). Whoever applies this may only create roles with it."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be the ARN of an IAM managed policy."
  }
}

# --- Images ------------------------------------------------------------------

variable "images" {
  description = "Images of the task definitions Terraform registers, <repository url>:<git sha>, by service (api, consumer). Later revisions are registered and deployed by CD."
  type = object({
    api      = string
    consumer = string
  })

  validation {
    condition     = alltrue([for image in values(var.images) : can(regex("^[^\\s:@]+(:[0-9]+)?/[^\\s:@]+(:[A-Za-z0-9_.-]+|@sha256:[0-9a-f]{64})$", image))])
    error_message = "images.api and images.consumer must be full image references with a tag or digest, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/emailpipeline-api:<sha>."
  }
}

variable "ecr_repository_arns" {
  description = "ARNs of the repositories the images come from; the execution role may pull from these and no others."
  type        = list(string)

  validation {
    condition     = length(var.ecr_repository_arns) > 0 && alltrue([for arn in var.ecr_repository_arns : can(regex("^arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/.+$", arn))])
    error_message = "ecr_repository_arns must be a non-empty list of ECR repository ARNs."
  }
}

variable "cpu_architecture" {
  description = "CPU architecture the images are built for."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

# --- What the services use ---------------------------------------------------

variable "queue_url" {
  description = "URL of the email queue (SQS_QUEUE_URL of both services)."
  type        = string

  validation {
    condition     = can(regex("^https://", var.queue_url))
    error_message = "queue_url must be an SQS queue URL (https://...)."
  }
}

variable "queue_arn" {
  description = "ARN of the email queue."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:.+$", var.queue_arn))
    error_message = "queue_arn must be an SQS queue ARN."
  }
}

variable "dlq_arn" {
  description = "ARN of the dead-letter queue (the Consumer reports its depth, sqs_dlq_messages_visible)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:.+$", var.dlq_arn))
    error_message = "dlq_arn must be an SQS queue ARN."
  }
}

variable "queue_name" {
  description = "Name of the email queue (the QueueName dimension of its metrics, for the Consumer's scaling)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.queue_name))
    error_message = "queue_name must be an SQS queue name."
  }
}

variable "bucket_name" {
  description = "Archive bucket (S3_BUCKET_NAME of the Consumer)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be an S3 bucket name."
  }
}

variable "bucket_arn" {
  description = "ARN of the archive bucket; the Consumer may read and write under emails/ only."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_arn))
    error_message = "bucket_arn must be an S3 bucket ARN (arn:aws:s3:::<name>)."
  }
}

variable "token_parameter_name" {
  description = "Name of the SecureString holding the Api token (SSM_TOKEN_PARAMETER; the Api reads it with decryption itself)."
  type        = string

  validation {
    condition     = can(regex("^(/[A-Za-z0-9_.-]+)+$", var.token_parameter_name))
    error_message = "token_parameter_name must be a parameter path such as /emailpipeline/dev/api-token."
  }
}

variable "token_parameter_arn" {
  description = "ARN of the token parameter; the Api task role may read exactly this parameter."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:parameter/.+$", var.token_parameter_arn))
    error_message = "token_parameter_arn must be an SSM parameter ARN."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key that encrypts the queue, the bucket and the token, if one is used; the task roles then get kms:Decrypt and kms:GenerateDataKey on it, and the Consumer writes with SSE-KMS. null (the default): AWS managed encryption, no KMS permissions."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or the ARN of a KMS key."
  }
}

# --- Cluster and logs --------------------------------------------------------

variable "container_insights" {
  description = "Container Insights on the cluster: enabled, enhanced or disabled. The Consumer's backlog-per-task scaling divides by the RunningTaskCount metric that Container Insights publishes, so it can only be disabled when the Consumer does not scale (consumer.min_count == consumer.max_count)."
  type        = string
  default     = "enabled"

  validation {
    condition     = contains(["enabled", "enhanced", "disabled"], var.container_insights)
    error_message = "container_insights must be enabled, enhanced or disabled."
  }

  validation {
    condition     = var.container_insights != "disabled" || var.consumer.min_count == var.consumer.max_count
    error_message = "container_insights cannot be disabled while the Consumer scales (consumer.min_count < consumer.max_count): its scaling metric needs Container Insights' RunningTaskCount."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch Logs keeps the services' logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

# --- The services ------------------------------------------------------------

variable "api_port" {
  description = "Port the Api listens on (PORT)."
  type        = number
  default     = 8000

  validation {
    condition     = var.api_port >= 1024 && var.api_port <= 65535 && floor(var.api_port) == var.api_port
    error_message = "api_port must be a whole number from 1024 to 65535."
  }
}

variable "api" {
  description = "Size and scaling of the Api service: CPU units (1024 = one vCPU) and memory (MiB) of a task, the fewest and most tasks (the fewest is also the count the service is created with), the average CPU percent and the ALB requests per task per minute that autoscaling keeps it at (by default 200 per CPU unit: two thirds of what a task serves at 60 % CPU, docs/performance.md)."
  type = object({
    cpu                 = number
    memory              = number
    min_count           = number
    max_count           = number
    cpu_target_percent  = optional(number, 60)
    requests_per_target = optional(number)
  })
  default = { cpu = 256, memory = 512, min_count = 1, max_count = 4 }

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.api.cpu) && var.api.memory >= 2 * var.api.cpu && var.api.memory <= min(8 * var.api.cpu, 30720) && (var.api.memory == 512 || var.api.memory % 1024 == 0)
    error_message = "api.cpu and api.memory must be a Fargate size: cpu 256, 512, 1024, 2048 or 4096; memory 512, 1024 or 2048 for 256 CPU, whole GiB from 2x to 8x the CPU units otherwise."
  }

  validation {
    condition     = var.api.min_count >= 1 && var.api.max_count >= var.api.min_count && var.api.max_count <= 100 && floor(var.api.min_count) == var.api.min_count && floor(var.api.max_count) == var.api.max_count
    error_message = "api.min_count and api.max_count must be whole numbers, 1 <= min_count <= max_count <= 100."
  }

  validation {
    condition     = var.api.cpu_target_percent >= 10 && var.api.cpu_target_percent <= 90 && coalesce(var.api.requests_per_target, 10) >= 10
    error_message = "api.cpu_target_percent must be from 10 to 90, api.requests_per_target at least 10."
  }
}

variable "consumer" {
  description = "Size and scaling of the Consumer service: CPU units and memory (MiB) of a task, the fewest and most tasks, the visible messages per running task that autoscaling keeps it at, its budget for one message (Consumer__MessageTimeout; the queue's visibility timeout must be at least 6 times it) and how long in-flight messages may finish after SIGTERM (Consumer__DrainTimeout; the container's stop timeout is this plus 10 s)."
  type = object({
    cpu                     = number
    memory                  = number
    min_count               = number
    max_count               = number
    backlog_per_task        = optional(number, 500)
    message_timeout_seconds = optional(number, 10)
    drain_timeout_seconds   = optional(number, 20)
  })
  default = { cpu = 256, memory = 512, min_count = 1, max_count = 4 }

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.consumer.cpu) && var.consumer.memory >= 2 * var.consumer.cpu && var.consumer.memory <= min(8 * var.consumer.cpu, 30720) && (var.consumer.memory == 512 || var.consumer.memory % 1024 == 0)
    error_message = "consumer.cpu and consumer.memory must be a Fargate size: cpu 256, 512, 1024, 2048 or 4096; memory 512, 1024 or 2048 for 256 CPU, whole GiB from 2x to 8x the CPU units otherwise."
  }

  validation {
    condition     = var.consumer.min_count >= 1 && var.consumer.max_count >= var.consumer.min_count && var.consumer.max_count <= 100 && floor(var.consumer.min_count) == var.consumer.min_count && floor(var.consumer.max_count) == var.consumer.max_count
    error_message = "consumer.min_count and consumer.max_count must be whole numbers, 1 <= min_count <= max_count <= 100."
  }

  validation {
    condition     = var.consumer.backlog_per_task >= 1 && alltrue([for seconds in [var.consumer.message_timeout_seconds, var.consumer.drain_timeout_seconds] : seconds >= 1 && seconds <= 59 && floor(seconds) == seconds])
    error_message = "consumer.backlog_per_task must be at least 1; consumer.message_timeout_seconds and drain_timeout_seconds whole seconds from 1 to 59."
  }
}
