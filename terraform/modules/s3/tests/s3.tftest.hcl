# Planned against a mocked AWS provider: no account, no credentials.

mock_provider "aws" {
  source          = "../../mocks"
  override_during = plan
}

variables {
  bucket_name = "emailpipeline-test-archive-123456789012"
}

run "private_versioned_encrypted_tls_only" {
  command = plan

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this.block_public_acls,
      aws_s3_bucket_public_access_block.this.block_public_policy,
      aws_s3_bucket_public_access_block.this.ignore_public_acls,
      aws_s3_bucket_public_access_block.this.restrict_public_buckets,
    ]) && aws_s3_bucket_public_access_block.this.bucket == aws_s3_bucket.this.id
    error_message = "All four public access blocks must be on, for this bucket."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.this.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "Object ownership must be enforced (ACLs disabled)."
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "Versioning must be enabled."
  }

  assert {
    condition     = [for rule in aws_s3_bucket_server_side_encryption_configuration.this.rule : rule.apply_server_side_encryption_by_default[0].sse_algorithm] == ["AES256"]
    error_message = "Default encryption must be SSE-S3 without a customer managed key."
  }

  assert {
    condition = anytrue([
      for statement in jsondecode(aws_s3_bucket_policy.this.policy).Statement :
      statement.Effect == "Deny" && statement.Principal == "*" && statement.Action == "s3:*"
      && toset(statement.Resource) == toset([aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"])
      && statement.Condition == { Bool = { "aws:SecureTransport" = "false" } }
    ])
    error_message = "The bucket policy must deny every request without TLS, on the bucket and on its objects."
  }

  assert {
    condition = anytrue([
      for rule in aws_s3_bucket_lifecycle_configuration.this.rule :
      rule.status == "Enabled" && rule.filter[0].prefix == "" && rule.noncurrent_version_expiration[0].noncurrent_days == 90
      && rule.abort_incomplete_multipart_upload[0].days_after_initiation == 7
    ])
    error_message = "Noncurrent versions must expire (90 days by default) and incomplete uploads be aborted, bucket-wide."
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.this.rule) == 1 && length(aws_s3_bucket_lifecycle_configuration.this.rule[0].expiration) == 0
    error_message = "By default nothing may expire (the archive keeps every email) or transition to another storage class."
  }

  assert {
    condition     = output.bucket_name == var.bucket_name && output.sse_algorithm == "AES256"
    error_message = "bucket_name and sse_algorithm must be known at plan time."
  }
}

run "sse_kms_and_transition" {
  command = plan

  variables {
    kms_key_arn     = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
    transition_days = 30
  }

  assert {
    condition = [
      for rule in aws_s3_bucket_server_side_encryption_configuration.this.rule :
      [rule.apply_server_side_encryption_by_default[0].sse_algorithm, rule.apply_server_side_encryption_by_default[0].kms_master_key_id, rule.bucket_key_enabled]
    ] == [["aws:kms", var.kms_key_arn, true]]
    error_message = "With kms_key_arn the bucket must default to SSE-KMS with that key and an S3 bucket key."
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

run "logs_expire_and_writers_are_added_to_the_policy" {
  command = plan

  variables {
    expiration_days = 30
    policy_statements = [{
      Sid       = "FlowLogsWrite"
      Effect    = "Allow"
      Principal = { Service = "delivery.logs.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "arn:aws:s3:::emailpipeline-test-archive-123456789012/vpc-flow-logs/*"
    }]
  }

  assert {
    condition     = [for rule in aws_s3_bucket_lifecycle_configuration.this.rule : rule.expiration[0].days if rule.id == "expire-noncurrent-versions"] == [30]
    error_message = "expiration_days must expire current objects bucket-wide."
  }

  assert {
    condition     = [for statement in jsondecode(aws_s3_bucket_policy.this.policy).Statement : statement.Sid] == ["DenyInsecureTransport", "FlowLogsWrite"]
    error_message = "policy_statements must follow the statement that denies requests without TLS, which stays."
  }
}
