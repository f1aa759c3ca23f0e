# terraform test, on GitHub (mocked AWS provider: no account, no credentials).

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  name = "emailpipeline-test-emails"
}

run "sse_sqs_long_polling_and_redrive_by_default" {
  command = apply

  assert {
    condition     = aws_sqs_queue.this.sqs_managed_sse_enabled == true && aws_sqs_queue.dlq.sqs_managed_sse_enabled == true
    error_message = "Both queues must be encrypted (SSE-SQS without a customer managed key)."
  }

  assert {
    condition     = aws_sqs_queue.this.kms_master_key_id == null && aws_sqs_queue.dlq.kms_master_key_id == null
    error_message = "Without kms_key_arn no KMS key may be set (it conflicts with SSE-SQS)."
  }

  assert {
    condition     = aws_sqs_queue.dlq.name == "emailpipeline-test-emails-dlq"
    error_message = "The dead-letter queue must be named <name>-dlq."
  }

  assert {
    condition     = aws_sqs_queue.dlq.message_retention_seconds > aws_sqs_queue.this.message_retention_seconds
    error_message = "The dead-letter queue must keep messages longer than the queue."
  }

  assert {
    condition     = aws_sqs_queue.this.receive_wait_time_seconds == 20
    error_message = "The queue must use long polling (20 s)."
  }

  assert {
    condition     = aws_sqs_queue.this.visibility_timeout_seconds >= 60
    error_message = "The visibility timeout must be at least 6 x the Consumer's 10 s budget."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).maxReceiveCount == 5 && jsondecode(aws_sqs_queue.this.redrive_policy).deadLetterTargetArn == aws_sqs_queue.dlq.arn
    error_message = "The queue must redrive to the dead-letter queue after max_receive_count receives."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy).sourceQueueArns == [aws_sqs_queue.this.arn]
    error_message = "Only the queue may use the dead-letter queue."
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
}

run "rejects_a_retention_as_long_as_the_dead_letter_queue" {
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
