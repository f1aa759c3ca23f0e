# terraform test, on GitHub (mocked AWS provider: no account, no credentials).

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

  mock_data "aws_iam_openid_connect_provider" {
    defaults = {
      arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    }
  }
}

variables {
  github_repository   = "acme/emailpipeline"
  ecr_repository_arns = ["arn:aws:ecr:eu-west-1:123456789012:repository/emailpipeline-api"]
  state_bucket_name   = "emailpipeline-tfstate-123456789012"
}

run "roles_trust_only_the_repository" {
  command = plan

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 1 && contains(aws_iam_openid_connect_provider.github[0].client_id_list, "sts.amazonaws.com")
    error_message = "The OIDC provider must be created for the sts.amazonaws.com audience."
  }

  assert {
    condition     = aws_iam_role.deploy.name == "emailpipeline-github-deploy" && aws_iam_role.terraform.name == "emailpipeline-github-terraform"
    error_message = "Role names must follow the naming contract."
  }

  assert {
    condition     = alltrue([for subjects in output.trusted_subjects : alltrue([for subject in subjects : startswith(subject, "repo:acme/emailpipeline:")])])
    error_message = "Every trusted subject must belong to the one repository."
  }

  assert {
    condition     = !contains(output.trusted_subjects.deploy, "repo:acme/emailpipeline:pull_request") && !contains(output.trusted_subjects.terraform, "repo:acme/emailpipeline:pull_request")
    error_message = "Pull requests must not reach the deploy or apply roles."
  }

  assert {
    condition     = contains(output.trusted_subjects.terraform, "repo:acme/emailpipeline:environment:production") && contains(output.trusted_subjects.terraform_plan, "repo:acme/emailpipeline:pull_request")
    error_message = "Apply must be open to the production environment, plan to pull requests."
  }

  assert {
    condition     = aws_iam_role_policy_attachment.terraform_plan_read_only.policy_arn == "arn:aws:iam::aws:policy/ReadOnlyAccess"
    error_message = "The pull-request role must be read-only."
  }
}

run "existing_oidc_provider" {
  command = plan

  variables {
    create_oidc_provider = false
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 0 && output.oidc_provider_arn == "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    error_message = "With create_oidc_provider = false the existing provider must be looked up."
  }
}
