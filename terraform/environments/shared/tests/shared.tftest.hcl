# terraform test, on GitHub: plans the shared root against a mocked AWS
# provider (no account, no credentials). Run after terraform init -backend=false.

mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      region = "eu-west-1"
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  github_repository = "acme/emailpipeline"
  state_bucket_name = "emailpipeline-tfstate-123456789012"
}

run "repositories_and_github_roles" {
  command = plan

  assert {
    condition     = toset(keys(module.ecr.repository_urls)) == toset(["emailpipeline-api", "emailpipeline-consumer"])
    error_message = "The shared repositories must be emailpipeline-api and emailpipeline-consumer."
  }

  assert {
    condition     = contains(module.github_oidc.trusted_subjects.deploy, "repo:acme/emailpipeline:ref:refs/heads/main")
    error_message = "The deploy role must trust the main branch of the repository."
  }
}
