# Planned against a mocked AWS provider: no account, no credentials.

mock_provider "aws" {
  source = "../../mocks"
}

variables {
  repository_names = ["emailpipeline-api", "emailpipeline-consumer"]
}

run "immutable_scanned_with_lifecycle" {
  command = plan

  assert {
    condition     = alltrue([for repository in aws_ecr_repository.this : repository.image_tag_mutability == "IMMUTABLE"])
    error_message = "Tags must be immutable (images are tagged with the commit SHA)."
  }

  assert {
    condition     = alltrue([for repository in aws_ecr_repository.this : repository.image_scanning_configuration[0].scan_on_push])
    error_message = "Images must be scanned on push."
  }

  assert {
    condition     = keys(aws_ecr_lifecycle_policy.this) == keys(aws_ecr_repository.this) && alltrue([for policy in aws_ecr_lifecycle_policy.this : jsondecode(policy.policy).rules[1].selection.countNumber == 100])
    error_message = "Each repository must have a lifecycle policy keeping the last image_retention_count images."
  }
}

run "rejects_duplicate_names" {
  command = plan

  variables {
    repository_names = ["emailpipeline-api", "emailpipeline-api"]
  }

  expect_failures = [var.repository_names]
}
