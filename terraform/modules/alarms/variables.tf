variable "name_prefix" {
  description = "Prefix of the alarm and topic names, e.g. emailpipeline-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-42 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "queue_name" {
  description = "Name of the email queue."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.queue_name))
    error_message = "queue_name must be an SQS queue name."
  }
}

variable "dlq_name" {
  description = "Name of the dead-letter queue."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.dlq_name))
    error_message = "dlq_name must be an SQS queue name."
  }
}

variable "alb_arn_suffix" {
  description = "ARN suffix of the load balancer (the LoadBalancer dimension)."
  type        = string

  validation {
    condition     = can(regex("^app/", var.alb_arn_suffix))
    error_message = "alb_arn_suffix must look like app/<name>/<id>."
  }
}

variable "target_group_arn_suffix" {
  description = "ARN suffix of the Api target group (the TargetGroup dimension)."
  type        = string

  validation {
    condition     = can(regex("^targetgroup/", var.target_group_arn_suffix))
    error_message = "target_group_arn_suffix must look like targetgroup/<name>/<id>."
  }
}

variable "oldest_message_age_threshold_seconds" {
  description = "Alarm when the oldest message in the queue has waited longer than this for 5 minutes in a row (the Consumer is down, stuck or far behind)."
  type        = number
  default     = 300

  validation {
    condition     = var.oldest_message_age_threshold_seconds >= 60
    error_message = "oldest_message_age_threshold_seconds must be at least 60."
  }
}

variable "api_5xx_threshold" {
  description = "Alarm when the Api answers more than this many 5xx responses (its own and the load balancer's) in 5 minutes."
  type        = number
  default     = 10

  validation {
    condition     = var.api_5xx_threshold >= 0 && floor(var.api_5xx_threshold) == var.api_5xx_threshold
    error_message = "api_5xx_threshold must be a whole number, at least 0."
  }
}

variable "alarm_email_addresses" {
  description = "Addresses subscribed to the alarm topic (each must confirm the subscription). Other subscribers can be added to the topic outside Terraform."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for address in var.alarm_email_addresses : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "alarm_email_addresses must be email addresses."
  }
}

variable "cluster_name" {
  description = "ECS cluster of the services (the ClusterName dimension)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.cluster_name))
    error_message = "cluster_name must be an ECS cluster name."
  }
}

variable "service_names" {
  description = "The ECS services to watch, by short name (api, consumer): each gets a running-below-desired, a CPU and a memory alarm."
  type        = map(string)

  validation {
    condition     = length(var.service_names) > 0 && alltrue([for name in values(var.service_names) : can(regex("^[A-Za-z0-9_-]{1,255}$", name))])
    error_message = "service_names must map short names to ECS service names."
  }
}

variable "cpu_alarm_percent" {
  description = "Alarm when a service's average CPU utilization stays above this for 10 minutes."
  type        = number
  default     = 80

  validation {
    condition     = var.cpu_alarm_percent > 0 && var.cpu_alarm_percent <= 100
    error_message = "cpu_alarm_percent must be above 0 and at most 100."
  }
}

variable "memory_alarm_percent" {
  description = "Alarm when a service's average memory utilization stays above this for 10 minutes."
  type        = number
  default     = 80

  validation {
    condition     = var.memory_alarm_percent > 0 && var.memory_alarm_percent <= 100
    error_message = "memory_alarm_percent must be above 0 and at most 100."
  }
}
