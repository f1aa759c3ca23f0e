# Three roles: one execution role (ECS pulls the images and ships the logs with it) and one task role per service
# (what the code may do). Policies are written as JSON here, so that terraform test can read every statement.
# Every role carries the environment's permissions boundary (terraform/shared): whoever applies this may create
# roles only with it, so no role made here can do more than the boundary allows, whatever its policy says.

locals {
  ecs_tasks_assume_role = {
    Sid       = "EcsTasksAssumeRole"
    Effect    = "Allow"
    Principal = { Service = "ecs-tasks.amazonaws.com" }
    Action    = "sts:AssumeRole"
  }

  # Only with a customer managed key: Decrypt to receive from the queue, read the token and read objects,
  # GenerateDataKey to send to the queue and write SSE-KMS objects.
  kms_statements = local.kms_enabled ? [{
    Sid      = "UseCustomerManagedKey"
    Effect   = "Allow"
    Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
    Resource = [var.kms_key_arn]
  }] : []

  task_roles = {
    api = {
      description = "Api of ${var.name_prefix}: publishes to the queue, reads the token"
      policy_name = "publish-emails-read-token"
      statements = concat([
        # SendMessage also covers SendMessageBatch. GetQueueAttributes is the readiness probe (/health/ready checks
        # that the queue is reachable).
        { Sid = "PublishEmails", Effect = "Allow", Action = ["sqs:GetQueueAttributes", "sqs:SendMessage"], Resource = [var.queue_arn] },
        # The SecureString is read with decryption; the AWS managed key aws/ssm needs no KMS permission.
        { Sid = "ReadToken", Effect = "Allow", Action = ["ssm:GetParameter"], Resource = [var.token_parameter_arn] },
      ], local.kms_statements)
    }
    consumer = {
      description = "Consumer of ${var.name_prefix}: consumes the queue, archives under emails/ in the bucket"
      policy_name = "consume-emails-archive-to-s3"
      statements = concat([
        # DeleteMessage also covers DeleteMessageBatch, ChangeMessageVisibility its batch form. GetQueueAttributes
        # reads the backlog (sqs_queue_messages_visible).
        {
          Sid      = "ConsumeEmails"
          Effect   = "Allow"
          Action   = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"]
          Resource = [var.queue_arn]
        },
        # The dead-letter queue's depth only (sqs_dlq_messages_visible): nothing is received from it or sent to it
        # here; redrive moves messages into it.
        { Sid = "ReadDeadLetterDepth", Effect = "Allow", Action = ["sqs:GetQueueAttributes"], Resource = [var.dlq_arn] },
        # PutObject with If-None-Match, and GetObject to compare with an object that is already there (a
        # redelivery, or two emails with the same key).
        { Sid = "ArchiveEmails", Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = ["${var.bucket_arn}/emails/*"] },
        # Without ListBucket, S3 answers 403 AccessDenied instead of 404 NoSuchKey for a key that does not exist;
        # the Consumer's start-up probe reads such a key under emails/ and needs the 404.
        {
          Sid       = "ListArchivePrefix"
          Effect    = "Allow"
          Action    = ["s3:ListBucket"]
          Resource  = [var.bucket_arn]
          Condition = { StringLike = { "s3:prefix" = ["emails/*"] } }
        },
      ], local.kms_statements)
    }
  }
}

resource "aws_iam_role" "execution" {
  name                 = "${var.name_prefix}-ecs-execution"
  description          = "ECS agent for ${var.name_prefix}: pulls the two images, writes the two log groups"
  permissions_boundary = var.permissions_boundary_arn
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [local.ecs_tasks_assume_role]
  })
}

resource "aws_iam_role_policy" "execution" {
  name = "pull-images-write-logs"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # GetAuthorizationToken has no resource-level permissions: AWS requires "*".
      { Sid = "EcrAuthorizationToken", Effect = "Allow", Action = ["ecr:GetAuthorizationToken"], Resource = ["*"] },
      {
        Sid      = "PullImages"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        Resource = var.ecr_repository_arns
      },
      {
        Sid      = "WriteLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = [for group in aws_cloudwatch_log_group.this : "${group.arn}:log-stream:*"]
      },
    ]
  })
}

# Task roles may only be assumed by ECS on behalf of tasks in this account and region (confused-deputy
# protection).
resource "aws_iam_role" "task" {
  for_each = local.task_roles

  name                 = "${var.name_prefix}-${each.key}-task"
  description          = each.value.description
  permissions_boundary = var.permissions_boundary_arn
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [merge(local.ecs_tasks_assume_role, {
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:*" }
      }
    })]
  })
}

resource "aws_iam_role_policy" "task" {
  for_each = local.task_roles

  name   = each.value.policy_name
  role   = aws_iam_role.task[each.key].id
  policy = jsonencode({ Version = "2012-10-17", Statement = each.value.statements })
}
