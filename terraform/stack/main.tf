# One environment of the pipeline. Every environment applies this same configuration; what differs between them is
# only the values in ../environments/<environment>.tfvars, and the state key in <environment>.s3.tfbackend. The Api
# token is applied apart, by ../token (a plan of this stack never reads it).

locals {
  project     = "emailpipeline"
  name_prefix = "${local.project}-${var.environment}"

  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # PORT of the Api: the container, its security group and the target group all use it.
  api_port = 8000

  # The Consumer's budget for one message (Consumer__MessageTimeout); the queue's visibility timeout is 6 times it.
  consumer_message_timeout_seconds = 10

  # Made by ../token, found here by name (the naming contract).
  token_parameter_name = "/${local.project}/${var.environment}/api-token"
  token_parameter_arn  = "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter${local.token_parameter_name}"

  # Made by terraform/shared: every role of this environment must carry it.
  permissions_boundary_arn = "arn:${local.partition}:iam::${local.account_id}:policy/${local.name_prefix}-boundary"
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

# Elastic Load Balancing's account in this region, which writes the access logs (regions opened since August 2022
# use the service principal instead; the log bucket's policy names both).
data "aws_elb_service_account" "current" {}

# The repositories are shared by every environment (terraform/shared): an image is built once and promoted by tag.
data "aws_ecr_repository" "service" {
  for_each = toset(["api", "consumer"])

  name = "${local.project}-${each.key}"
}

module "vpc" {
  source = "../modules/vpc"

  name_prefix                = local.name_prefix
  cidr_block                 = var.vpc_cidr_block
  nat_gateways               = var.nat_gateways
  enable_interface_endpoints = true
  flow_logs_bucket_arn       = var.vpc_flow_logs ? module.logs.bucket_arn : null
}

module "sqs" {
  source = "../modules/sqs"

  name                       = "${local.name_prefix}-emails"
  kms_key_arn                = var.kms_key_arn
  visibility_timeout_seconds = 6 * local.consumer_message_timeout_seconds
  message_retention_seconds  = 345600
  max_receive_count          = 5
}

module "s3" {
  source = "../modules/s3"

  bucket_name                        = "${local.name_prefix}-archive-${local.account_id}"
  kms_key_arn                        = var.kms_key_arn
  force_destroy                      = var.buckets_force_destroy
  noncurrent_version_expiration_days = var.archive_noncurrent_version_days
}

# The load balancer's access logs (alb/) and the VPC's flow logs (vpc-flow-logs/). SSE-S3: the only encryption
# access logs can be delivered with. They expire after log_retention_days, like the services' logs.
module "logs" {
  source = "../modules/s3"

  bucket_name                        = "${local.name_prefix}-logs-${local.account_id}"
  force_destroy                      = var.buckets_force_destroy
  expiration_days                    = var.log_retention_days
  noncurrent_version_expiration_days = 1
  policy_statements = [
    {
      Sid       = "LoadBalancerAccessLogs"
      Effect    = "Allow"
      Principal = { AWS = data.aws_elb_service_account.current.arn, Service = "logdelivery.elasticloadbalancing.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "arn:${local.partition}:s3:::${local.name_prefix}-logs-${local.account_id}/alb/AWSLogs/${local.account_id}/*"
    },
    {
      Sid       = "FlowLogsWrite"
      Effect    = "Allow"
      Principal = { Service = "delivery.logs.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "arn:${local.partition}:s3:::${local.name_prefix}-logs-${local.account_id}/vpc-flow-logs/AWSLogs/${local.account_id}/*"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id, "s3:x-amz-acl" = "bucket-owner-full-control" }
        ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:logs:${local.region}:${local.account_id}:*" }
      }
    },
    {
      Sid       = "FlowLogsCheckBucket"
      Effect    = "Allow"
      Principal = { Service = "delivery.logs.amazonaws.com" }
      Action    = ["s3:GetBucketAcl", "s3:ListBucket"]
      Resource  = "arn:${local.partition}:s3:::${local.name_prefix}-logs-${local.account_id}"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:logs:${local.region}:${local.account_id}:*" }
      }
    },
  ]
}

module "alb" {
  source = "../modules/alb"

  name_prefix         = local.name_prefix
  vpc_id              = module.vpc.vpc_id
  vpc_cidr_block      = module.vpc.vpc_cidr_block
  public_subnet_ids   = module.vpc.public_subnet_ids
  target_port         = local.api_port
  https_only          = var.https_only
  certificate_arn     = var.certificate_arn
  domain_name         = var.api_domain_name
  deletion_protection = var.load_balancer_deletion_protection
  access_logs_bucket  = module.logs.bucket_name
}

module "ecs" {
  source = "../modules/ecs"

  name_prefix                 = local.name_prefix
  vpc_id                      = module.vpc.vpc_id
  private_subnet_ids          = module.vpc.private_subnet_ids
  alb_security_group_id       = module.alb.security_group_id
  endpoints_security_group_id = module.vpc.endpoints_security_group_id
  s3_prefix_list_id           = module.vpc.s3_prefix_list_id
  internet_egress             = module.vpc.internet_egress

  target_group_arn        = module.alb.target_group_arn
  alb_arn_suffix          = module.alb.arn_suffix
  target_group_arn_suffix = module.alb.target_group_arn_suffix

  images              = { for service, repository in data.aws_ecr_repository.service : service => "${repository.repository_url}:${var.image_tag}" }
  ecr_repository_arns = [for repository in data.aws_ecr_repository.service : repository.arn]

  permissions_boundary_arn = local.permissions_boundary_arn

  queue_url            = module.sqs.queue_url
  queue_arn            = module.sqs.queue_arn
  dlq_arn              = module.sqs.dlq_arn
  queue_name           = module.sqs.queue_name
  bucket_name          = module.s3.bucket_name
  bucket_arn           = module.s3.bucket_arn
  token_parameter_name = local.token_parameter_name
  token_parameter_arn  = local.token_parameter_arn
  kms_key_arn          = var.kms_key_arn

  container_insights = "enabled"
  log_retention_days = var.log_retention_days
  api_port           = local.api_port
  api                = var.tasks.api
  consumer           = merge(var.tasks.consumer, { message_timeout_seconds = local.consumer_message_timeout_seconds })
}

module "alarms" {
  source = "../modules/alarms"

  name_prefix                          = local.name_prefix
  queue_name                           = module.sqs.queue_name
  dlq_name                             = module.sqs.dlq_name
  alb_arn_suffix                       = module.alb.arn_suffix
  target_group_arn_suffix              = module.alb.target_group_arn_suffix
  cluster_name                         = module.ecs.cluster_name
  service_names                        = { for service, attributes in module.ecs.services : service => attributes.name }
  oldest_message_age_threshold_seconds = var.oldest_message_age_alarm_seconds
  api_5xx_threshold                    = 10
  alarm_email_addresses                = var.alarm_email_addresses
}
