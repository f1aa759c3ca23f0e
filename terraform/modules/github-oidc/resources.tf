# What each environment owns, by ARN. Every name follows the naming contract of terraform/stack
# (<project>-<environment>-..., parameters under /<project>/<environment>/, state under <project>/<environment>/),
# so an environment's resources can be told from another's by name alone. What has no name in its ARN (VPCs,
# subnets, security groups, scaling targets) carries the Environment tag the stack's provider puts on everything.
locals {
  arn = {
    s3    = "arn:${local.partition}:s3:::"
    iam   = "arn:${local.partition}:iam::${local.account_id}"
    sqs   = "arn:${local.partition}:sqs:${local.region}:${local.account_id}"
    ssm   = "arn:${local.partition}:ssm:${local.region}:${local.account_id}"
    ecs   = "arn:${local.partition}:ecs:${local.region}:${local.account_id}"
    logs  = "arn:${local.partition}:logs:${local.region}:${local.account_id}"
    elb   = "arn:${local.partition}:elasticloadbalancing:${local.region}:${local.account_id}"
    cw    = "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}"
    sns   = "arn:${local.partition}:sns:${local.region}:${local.account_id}"
    kms   = "arn:${local.partition}:kms:${local.region}:${local.account_id}"
    state = "arn:${local.partition}:s3:::${var.state_bucket_name}"
  }

  environment = {
    for environment in var.environments : environment => {
      name = "${var.project}-${environment}"

      # The roles modules/ecs creates, and the only ones a role of this environment may pass, to ECS tasks.
      task_roles = [for role in ["ecs-execution", "api-task", "consumer-task"] : "${local.arn.iam}:role/${var.project}-${environment}-${role}"]

      services         = [for service in ["api", "consumer"] : "${local.arn.ecs}:service/${var.project}-${environment}/${var.project}-${environment}-${service}"]
      task_definitions = [for service in ["api", "consumer"] : "${local.arn.ecs}:task-definition/${var.project}-${environment}-${service}:*"]

      # Everything of the environment, as ARN patterns.
      owned = [
        "${local.arn.s3}${var.project}-${environment}-*",
        "${local.arn.s3}${var.project}-${environment}-*/*",
        "${local.arn.state}/${var.project}/${environment}/*",
        "${local.arn.sqs}:${var.project}-${environment}-*",
        "${local.arn.ssm}:parameter/${var.project}/${environment}/*",
        "${local.arn.ecs}:cluster/${var.project}-${environment}",
        "${local.arn.ecs}:service/${var.project}-${environment}/*",
        "${local.arn.ecs}:task/${var.project}-${environment}/*",
        "${local.arn.ecs}:task-set/${var.project}-${environment}/*",
        "${local.arn.ecs}:container-instance/${var.project}-${environment}/*",
        "${local.arn.ecs}:task-definition/${var.project}-${environment}-*",
        "${local.arn.logs}:log-group:/ecs/${var.project}-${environment}/*",
        "${local.arn.elb}:loadbalancer/app/${var.project}-${environment}/*",
        "${local.arn.elb}:targetgroup/${var.project}-${environment}-*",
        "${local.arn.elb}:listener/app/${var.project}-${environment}/*",
        "${local.arn.elb}:listener-rule/app/${var.project}-${environment}/*",
        "${local.arn.cw}:alarm:${var.project}-${environment}-*",
        "${local.arn.sns}:${var.project}-${environment}-*",
        "${local.arn.iam}:role/${var.project}-${environment}-*",
      ]
    }
  }

  # For each environment, the others: what its roles must never touch.
  others = { for environment in var.environments : environment => [for other in var.environments : other if other != environment] }
}
