# Planned against a mocked AWS provider: no account, no credentials.

mock_provider "aws" {
  source = "../../mocks"
}

variables {
  repository_names        = ["emailpipeline-api", "emailpipeline-consumer"]
  deployment_environments = ["dev", "prod"]
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
    condition     = keys(aws_ecr_lifecycle_policy.this) == keys(aws_ecr_repository.this)
    error_message = "Each repository must have a lifecycle policy."
  }
}

run "images_an_environment_runs_or_can_roll_back_to_stay" {
  command = plan

  assert {
    condition = alltrue([
      for policy in aws_ecr_lifecycle_policy.this : [
        for rule in jsondecode(policy.policy).rules : [rule.rulePriority, rule.selection.tagStatus, try(rule.selection.tagPrefixList, []), rule.selection.countType, rule.selection.countNumber, rule.action.type]
        ] == [
        [1, "tagged", ["prod-"], "imageCountMoreThan", 20, "expire"],
        [2, "tagged", ["dev-"], "imageCountMoreThan", 20, "expire"],
        [3, "untagged", [], "sinceImagePushed", 7, "expire"],
        [4, "any", [], "sinceImagePushed", 30, "expire"],
      ]
    ])
    error_message = "Each environment's deployed images (<env>-<sha>) must be kept by count, production's rule first; only untagged manifests and build images no environment ran may expire by age."
  }

  assert {
    condition = alltrue([
      for policy in aws_ecr_lifecycle_policy.this :
      alltrue([for rule in jsondecode(policy.policy).rules : rule.selection.tagStatus != "any" || rule.rulePriority == length(jsondecode(policy.policy).rules)])
    ])
    error_message = "The rule for any image must come last: only then does it spare what the tag rules above select."
  }
}

run "rejects_duplicate_names" {
  command = plan

  variables {
    repository_names = ["emailpipeline-api", "emailpipeline-api"]
  }

  expect_failures = [var.repository_names]
}

run "rejects_keeping_fewer_than_a_rollback_target" {
  command = plan

  variables {
    deployed_images_kept = 1
  }

  expect_failures = [var.deployed_images_kept]
}
