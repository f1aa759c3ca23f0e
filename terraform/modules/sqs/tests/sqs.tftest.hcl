# Planned against a mocked AWS provider: no account, no credentials.

mock_provider "aws" {
  source          = "../../mocks"
  override_during = plan
}

# Distinct ARNs, so that the assertions can tell the queue from its dead-letter queue.
override_resource {
  target          = aws_sqs_queue.this
  override_during = plan
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:emailpipeline-test-emails"
  }
}

override_resource {
  target          = aws_sqs_queue.dlq
  override_during = plan
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:emailpipeline-test-emails-dlq"
  }
}

variables {
  name = "emailpipeline-test-emails"
}

run "encrypted_tls_only_long_polled_with_a_dead_letter_queue" {
  command = plan

  assert {
    condition     = aws_sqs_queue.this.sqs_managed_sse_enabled == true && aws_sqs_queue.dlq.sqs_managed_sse_enabled == true
    error_message = "Both queues must be encrypted (SSE-SQS without a customer managed key)."
  }

  assert {
    condition     = aws_sqs_queue.this.kms_master_key_id == null && aws_sqs_queue.dlq.kms_master_key_id == null
    error_message = "Without kms_key_arn no KMS key may be set (it conflicts with SSE-SQS)."
  }

  assert {
    condition = alltrue([
      for name, policy in aws_sqs_queue_policy.this : anytrue([
        for statement in jsondecode(policy.policy).Statement :
        statement.Effect == "Deny" && statement.Principal == "*" && statement.Action == "sqs:*"
        && statement.Resource == (name == "queue" ? aws_sqs_queue.this.arn : aws_sqs_queue.dlq.arn)
        && statement.Condition == { Bool = { "aws:SecureTransport" = "false" } }
      ])
    ]) && length(aws_sqs_queue_policy.this) == 2
    error_message = "Both queues' policies must deny every request without TLS (aws:SecureTransport false)."
  }

  assert {
    condition     = aws_sqs_queue.this.receive_wait_time_seconds == 20 && aws_sqs_queue.dlq.receive_wait_time_seconds == 20
    error_message = "Both queues must use long polling (20 s)."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy) == { deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 5 }
    error_message = "The queue must redrive to its dead-letter queue after max_receive_count (5) receives."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy) == { redrivePermission = "byQueue", sourceQueueArns = [aws_sqs_queue.this.arn] }
    error_message = "The dead-letter queue must admit only the queue as a source (redrivePermission byQueue)."
  }

  assert {
    condition     = aws_sqs_queue.dlq.message_retention_seconds > aws_sqs_queue.this.message_retention_seconds
    error_message = "The dead-letter queue must keep messages longer than the queue (a message keeps its age when moved)."
  }

  assert {
    condition     = aws_sqs_queue.dlq.name == "emailpipeline-test-emails-dlq"
    error_message = "The dead-letter queue must be named <name>-dlq."
  }

  assert {
    condition     = aws_sqs_queue.this.max_message_size == 262144 && aws_sqs_queue.dlq.max_message_size == 262144 && output.max_message_size == 262144
    error_message = "Both queues must set max_message_size explicitly (262144 by default), and the module must output it."
  }
}

run "customer_managed_key" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
  }

  assert {
    condition     = aws_sqs_queue.this.kms_master_key_id == var.kms_key_arn && aws_sqs_queue.dlq.kms_master_key_id == var.kms_key_arn
    error_message = "With kms_key_arn both queues must use that key."
  }

  assert {
    condition     = aws_sqs_queue.this.sqs_managed_sse_enabled != true && aws_sqs_queue.dlq.sqs_managed_sse_enabled != true
    error_message = "With kms_key_arn, SSE-SQS must not be requested as well (the two conflict)."
  }
}

run "rejects_a_retention_as_long_as_the_dead_letter_queues" {
  command = plan

  variables {
    message_retention_seconds = 1209600
  }

  expect_failures = [var.message_retention_seconds]
}

run "rejects_a_visibility_timeout_under_30_seconds" {
  command = plan

  variables {
    visibility_timeout_seconds = 10
  }

  expect_failures = [var.visibility_timeout_seconds]
}

run "rejects_a_message_size_over_the_sqs_maximum" {
  command = plan

  variables {
    max_message_size = 2097152
  }

  expect_failures = [var.max_message_size]
}
