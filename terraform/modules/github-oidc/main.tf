data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 1 : 0

  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 0 : 1

  url = "https://token.actions.githubusercontent.com"
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  oidc_provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : data.aws_iam_openid_connect_provider.github[0].arn

  # The GitHub environment whose jobs deploy and apply each environment (production for prod).
  github_environment = { for environment in var.environments : environment => lookup(var.github_environments, environment, environment) }

  # Two claims of GitHub's token decide who may assume a role, and AWS checks both:
  # - sub, repo:<owner>/<name>:<context>: ref:refs/heads/<branch> for a job on a branch, environment:<name> for a job
  #   in a GitHub environment (whose protection rules, e.g. required reviewers, have passed), pull_request for a job
  #   of a pull request (which runs the pull request's code);
  # - job_workflow_ref, <owner>/<name>/<workflow path>@<ref>: the workflow the job is defined in (for a reusable
  #   workflow, the called one). Pinned to main, it means the job runs the reviewed workflow from main, whoever
  #   calls it and from wherever.
  subject = "repo:${var.github_repository}"
  workflow_on_main = {
    for key, file in { image_push = "ci-service.yml", deploy = "deploy-service.yml", terraform = "terraform.yml" } :
    key => "${var.github_repository}/.github/workflows/${file}@refs/heads/${var.main_branch}"
  }

  roles = merge(
    {
      image-push = {
        description  = "pushes emailpipeline images to ECR: CI on ${var.main_branch}"
        subjects     = ["${local.subject}:ref:refs/heads/${var.main_branch}"]
        workflow_ref = local.workflow_on_main.image_push
      }
      # Plans run the code of the pull request, so this role can change nothing and read no data.
      terraform-plan = {
        description  = "terraform plan of every environment (pull requests, and ${var.main_branch} before an apply): read-only, no data"
        subjects     = ["${local.subject}:pull_request", "${local.subject}:ref:refs/heads/${var.main_branch}"]
        workflow_ref = "${var.github_repository}/.github/workflows/terraform.yml@*"
      }
    },
    {
      for environment in var.environments : "deploy-${environment}" => {
        description  = "deploys the ${environment} services: CD in the ${local.github_environment[environment]} GitHub environment"
        subjects     = ["${local.subject}:environment:${local.github_environment[environment]}"]
        workflow_ref = local.workflow_on_main.deploy
      }
    },
    {
      for environment in var.environments : "terraform-${environment}" => {
        description  = "terraform apply of ${environment}: the Terraform workflow in the ${local.github_environment[environment]} GitHub environment"
        subjects     = ["${local.subject}:environment:${local.github_environment[environment]}"]
        workflow_ref = local.workflow_on_main.terraform
      }
    },
  )
}

# Each role: GitHub's tokens for the audience sts.amazonaws.com, of exactly its subjects and its workflow.
resource "aws_iam_role" "this" {
  for_each = local.roles

  name                 = "${var.project}-github-${each.key}"
  description          = "GitHub Actions of ${var.github_repository}: ${each.value.description}"
  max_session_duration = 3600
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "GitHubActions"
      Effect    = "Allow"
      Principal = { Federated = local.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = each.value.subjects
        }
        StringLike = {
          "token.actions.githubusercontent.com:job_workflow_ref" = each.value.workflow_ref
        }
      }
    }]
  })
}
