# Three roles: one execution role (ECS pulls the images and ships the logs
# with it) and one task role per service (what the code may do).

data "aws_iam_policy_document" "execution_trust" {
  statement {
    sid     = "EcsTasksAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# Task roles may only be assumed by ECS on behalf of tasks in this account and
# region (confused-deputy protection).
data "aws_iam_policy_document" "task_trust" {
  statement {
    sid     = "EcsTasksAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:*"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name_prefix}-ecs-execution"
  description        = "ECS agent for ${var.name_prefix}: pulls the two images, writes the two log groups"
  assume_role_policy = data.aws_iam_policy_document.execution_trust.json
}

data "aws_iam_policy_document" "execution" {
  # GetAuthorizationToken has no resource-level permissions: AWS requires "*".
  statement {
    sid       = "EcrAuthorizationToken"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "PullImages"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = var.ecr_repository_arns
  }

  statement {
    sid     = "WriteLogs"
    actions = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [
      "${aws_cloudwatch_log_group.api.arn}:log-stream:*",
      "${aws_cloudwatch_log_group.consumer.arn}:log-stream:*",
    ]
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "pull-images-write-logs"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# --- Api ---------------------------------------------------------------------

resource "aws_iam_role" "api_task" {
  name               = "${local.api_name}-task"
  description        = "Api of ${var.name_prefix}: publishes to the queue, reads the token"
  assume_role_policy = data.aws_iam_policy_document.task_trust.json
}

data "aws_iam_policy_document" "api_task" {
  # SendMessage also covers SendMessageBatch. GetQueueAttributes is the
  # readiness probe (/health/ready checks that the queue is reachable).
  statement {
    sid       = "PublishEmails"
    actions   = ["sqs:GetQueueAttributes", "sqs:SendMessage"]
    resources = [var.queue_arn]
  }

  # The SecureString is read with decryption. With the AWS managed key
  # aws/ssm no KMS permission is needed; with a customer managed key, see below.
  statement {
    sid       = "ReadToken"
    actions   = ["ssm:GetParameter"]
    resources = [var.token_parameter_arn]
  }

  # Only with a customer managed key: Decrypt for the token, GenerateDataKey
  # (and Decrypt) for sending to a queue encrypted with that key.
  dynamic "statement" {
    for_each = local.kms_enabled ? [var.kms_key_arn] : []

    content {
      sid       = "UseCustomerManagedKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "api_task" {
  name   = "publish-emails-read-token"
  role   = aws_iam_role.api_task.id
  policy = data.aws_iam_policy_document.api_task.json
}

# --- Consumer ----------------------------------------------------------------

resource "aws_iam_role" "consumer_task" {
  name               = "${local.consumer_name}-task"
  description        = "Consumer of ${var.name_prefix}: consumes the queue, archives under emails/ in the bucket"
  assume_role_policy = data.aws_iam_policy_document.task_trust.json
}

data "aws_iam_policy_document" "consumer_task" {
  # DeleteMessage also covers DeleteMessageBatch, ChangeMessageVisibility its
  # batch form. GetQueueAttributes reads the backlog (sqs_queue_messages_visible).
  statement {
    sid       = "ConsumeEmails"
    actions   = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"]
    resources = [var.queue_arn]
  }

  # The dead-letter queue's depth only (sqs_dlq_messages_visible): nothing is
  # received from it or sent to it here; redrive moves messages into it.
  statement {
    sid       = "ReadDeadLetterDepth"
    actions   = ["sqs:GetQueueAttributes"]
    resources = [var.dlq_arn]
  }

  # PutObject with If-None-Match, and GetObject to compare with an object that
  # is already there (a redelivery, or two emails with the same key).
  statement {
    sid       = "ArchiveEmails"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${var.bucket_arn}/emails/*"]
  }

  # Without ListBucket, S3 answers 403 AccessDenied instead of 404 NoSuchKey for
  # a key that does not exist; the Consumer's start-up probe reads such a key
  # under emails/ and needs the 404. S3 evaluates s3:prefix against the key.
  statement {
    sid       = "ListArchivePrefix"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["emails/*"]
    }
  }

  # Only with a customer managed key: Decrypt to receive from the queue and
  # read objects, GenerateDataKey to write SSE-KMS objects.
  dynamic "statement" {
    for_each = local.kms_enabled ? [var.kms_key_arn] : []

    content {
      sid       = "UseCustomerManagedKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "consumer_task" {
  name   = "consume-emails-archive-to-s3"
  role   = aws_iam_role.consumer_task.id
  policy = data.aws_iam_policy_document.consumer_task.json
}
