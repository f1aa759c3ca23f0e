# Planned against a mocked AWS provider: no account, no credentials.

mock_provider "aws" {
  source          = "../mocks"
  override_during = plan
}

variables {
  github_repository = "acme/emailpipeline"
  state_bucket_name = "emailpipeline-tfstate-123456789012"
}

run "repositories_and_github_roles_for_every_environment" {
  command = plan

  assert {
    condition     = toset(keys(module.ecr.repository_urls)) == toset(["emailpipeline-api", "emailpipeline-consumer"])
    error_message = "The shared repositories must be emailpipeline-api and emailpipeline-consumer."
  }

  assert {
    condition     = local.environments == tolist(["dev", "prod"])
    error_message = "The GitHub roles must cover every environment of ../environments (dev and prod)."
  }

  assert {
    condition     = toset(keys(output.github_role_arns)) == toset(["image-push", "terraform-plan", "deploy-dev", "deploy-prod", "terraform-dev", "terraform-prod"]) && toset(keys(output.permissions_boundary_arns)) == toset(["dev", "prod"])
    error_message = "Each environment must get its own deploy role, Terraform role and permissions boundary."
  }

  assert {
    condition     = output.github_trusted_subjects["deploy-prod"].subjects == ["repo:acme/emailpipeline:environment:production"] && output.github_trusted_subjects["terraform-prod"].subjects == ["repo:acme/emailpipeline:environment:production"]
    error_message = "prod's roles must trust only jobs of the production GitHub environment."
  }

  assert {
    condition     = toset(keys(output.github_actions_variables.environments)) == toset(["dev", "production"])
    error_message = "The GitHub environments must be dev and production."
  }
}

run "rejects_a_promotion_order_that_misses_an_environment" {
  command = plan

  variables {
    promotion_order = ["dev"]
  }

  expect_failures = [output.ecr_repository_urls]
}
