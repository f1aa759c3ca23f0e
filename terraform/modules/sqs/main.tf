locals {
  dlq_name = "${var.name}-dlq"

  # The maximum SQS allows. A message keeps its original enqueue time when it
  # is moved to the dead-letter queue, so the dead-letter queue must keep
  # messages longer than the queue does (the queue's variable is validated).
  dlq_message_retention_seconds = 1209600

  # Exactly one of the two encryption settings is non-null: SSE-SQS by
  # default, the customer managed key when one is given.
  sqs_managed_sse_enabled = var.kms_key_arn == null ? true : null
}

resource "aws_sqs_queue" "dlq" {
  name                      = local.dlq_name
  message_retention_seconds = local.dlq_message_retention_seconds
  max_message_size          = var.max_message_size
  receive_wait_time_seconds = 20
  sqs_managed_sse_enabled   = local.sqs_managed_sse_enabled
  kms_master_key_id         = var.kms_key_arn
}

resource "aws_sqs_queue" "this" {
  name                       = var.name
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  max_message_size           = var.max_message_size
  receive_wait_time_seconds  = 20
  sqs_managed_sse_enabled    = local.sqs_managed_sse_enabled
  kms_master_key_id          = var.kms_key_arn

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = var.max_receive_count
  })
}

# Only this queue may use the dead-letter queue as its dead-letter queue.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this.arn]
  })
}

# Both queues refuse every request that does not use TLS.
resource "aws_sqs_queue_policy" "this" {
  for_each = {
    queue = aws_sqs_queue.this
    dlq   = aws_sqs_queue.dlq
  }

  queue_url = each.value.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "sqs:*"
      Resource  = each.value.arn
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

# Addresses of the two policies before they became one resource.
moved {
  from = aws_sqs_queue_policy.this
  to   = aws_sqs_queue_policy.this["queue"]
}

moved {
  from = aws_sqs_queue_policy.dlq
  to   = aws_sqs_queue_policy.this["dlq"]
}
