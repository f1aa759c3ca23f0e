locals {
  project     = "emailpipeline"
  environment = "prod"
  name_prefix = "${local.project}-${local.environment}"

  api_port = 8000

  # The Consumer's budget for one message (Consumer__MessageTimeout); the
  # queue's visibility timeout is 6 times this.
  consumer_message_timeout_seconds = 10
}

data "aws_caller_identity" "current" {}

# The repositories are shared by dev and prod (environments/shared).
data "aws_ecr_repository" "api" {
  name = "${local.project}-api"
}

data "aws_ecr_repository" "consumer" {
  name = "${local.project}-consumer"
}

module "vpc" {
  source = "../../modules/vpc"

  name_prefix                = local.name_prefix
  cidr_block                 = "10.20.0.0/16"
  single_nat_gateway         = false
  enable_interface_endpoints = true
}

module "sqs" {
  source = "../../modules/sqs"

  name                       = "${local.name_prefix}-emails"
  kms_key_arn                = var.kms_key_arn
  visibility_timeout_seconds = 6 * local.consumer_message_timeout_seconds
  message_retention_seconds  = 345600
  max_receive_count          = 5
}

module "s3" {
  source = "../../modules/s3"

  bucket_name                        = "${local.name_prefix}-archive-${data.aws_caller_identity.current.account_id}"
  kms_key_arn                        = var.kms_key_arn
  force_destroy                      = false
  noncurrent_version_expiration_days = 90
}

module "ssm" {
  source = "../../modules/ssm"

  parameter_name = "/${local.project}/${local.environment}/api-token"
  kms_key_arn    = var.kms_key_arn
  token          = var.api_token
  token_version  = var.api_token_version
}

module "alb" {
  source = "../../modules/alb"

  name_prefix         = local.name_prefix
  vpc_id              = module.vpc.vpc_id
  vpc_cidr_block      = module.vpc.vpc_cidr_block
  public_subnet_ids   = module.vpc.public_subnet_ids
  target_port         = local.api_port
  certificate_arn     = var.certificate_arn
  domain_name         = var.api_domain_name
  deletion_protection = true
}

module "ecs" {
  source = "../../modules/ecs"

  name_prefix           = local.name_prefix
  vpc_id                = module.vpc.vpc_id
  private_subnet_ids    = module.vpc.private_subnet_ids
  alb_security_group_id = module.alb.security_group_id

  target_group_arn        = module.alb.target_group_arn
  alb_arn_suffix          = module.alb.arn_suffix
  target_group_arn_suffix = module.alb.target_group_arn_suffix

  api_image           = "${data.aws_ecr_repository.api.repository_url}:${var.image_tag}"
  consumer_image      = "${data.aws_ecr_repository.consumer.repository_url}:${var.image_tag}"
  ecr_repository_arns = [data.aws_ecr_repository.api.arn, data.aws_ecr_repository.consumer.arn]

  queue_url            = module.sqs.queue_url
  queue_arn            = module.sqs.queue_arn
  dlq_arn              = module.sqs.dlq_arn
  queue_name           = module.sqs.queue_name
  bucket_name          = module.s3.bucket_name
  bucket_arn           = module.s3.bucket_arn
  token_parameter_name = module.ssm.parameter_name
  token_parameter_arn  = module.ssm.parameter_arn
  kms_key_arn          = var.kms_key_arn

  container_insights = "enabled"
  log_retention_days = 90

  api_port                = local.api_port
  api_cpu                 = 512
  api_memory              = 1024
  api_min_count           = 2
  api_max_count           = 10
  api_cpu_target_percent  = 60
  api_requests_per_target = 3000

  consumer_cpu                     = 256
  consumer_memory                  = 512
  consumer_min_count               = 2
  consumer_max_count               = 10
  consumer_backlog_per_task        = 500
  consumer_message_timeout_seconds = local.consumer_message_timeout_seconds
  consumer_drain_timeout_seconds   = 20
}

module "alarms" {
  source = "../../modules/alarms"

  name_prefix                          = local.name_prefix
  queue_name                           = module.sqs.queue_name
  dlq_name                             = module.sqs.dlq_name
  alb_arn_suffix                       = module.alb.arn_suffix
  target_group_arn_suffix              = module.alb.target_group_arn_suffix
  oldest_message_age_threshold_seconds = 300
  api_5xx_threshold                    = 10
  alarm_email_addresses                = var.alarm_email_addresses
}
