# terraform test, on GitHub (mocked AWS provider: no account, no credentials).

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  bucket_name = "emailpipeline-test-archive-123456789012"
}

run "private_versioned_encrypted_by_default" {
  command = plan

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this.block_public_acls,
      aws_s3_bucket_public_access_block.this.block_public_policy,
      aws_s3_bucket_public_access_block.this.ignore_public_acls,
      aws_s3_bucket_public_access_block.this.restrict_public_buckets,
    ])
    error_message = "All four public access blocks must be on."
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "Versioning must be enabled."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.this.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "Object ownership must be enforced (ACLs disabled)."
  }

  assert {
    condition     = [for rule in aws_s3_bucket_server_side_encryption_configuration.this.rule : rule.apply_server_side_encryption_by_default[0].sse_algorithm] == ["AES256"]
    error_message = "Default encryption must be SSE-S3 without a customer managed key."
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.this.rule) == 1 && aws_s3_bucket_lifecycle_configuration.this.rule[0].noncurrent_version_expiration[0].noncurrent_days == 90
    error_message = "Noncurrent versions must expire, and nothing may transition by default."
  }

  assert {
    condition     = output.bucket_name == var.bucket_name
    error_message = "bucket_name must be known at plan time."
  }
}

run "sse_kms_and_transition" {
  command = plan

  variables {
    kms_key_arn     = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
    transition_days = 30
  }

  assert {
    condition     = [for rule in aws_s3_bucket_server_side_encryption_configuration.this.rule : rule.apply_server_side_encryption_by_default[0].kms_master_key_id] == [var.kms_key_arn]
    error_message = "With kms_key_arn the bucket must default to SSE-KMS with that key."
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.this.rule) == 2 && aws_s3_bucket_lifecycle_configuration.this.rule[1].filter[0].prefix == "emails/"
    error_message = "transition_days must add a transition rule for emails/."
  }
}

run "rejects_an_invalid_bucket_name" {
  command = plan

  variables {
    bucket_name = "Not_A_Bucket"
  }

  expect_failures = [var.bucket_name]
}
