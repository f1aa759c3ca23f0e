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

  # The "sub" claim of GitHub's token: repo:<owner>/<name>:<context>, where the
  # context is ref:refs/heads/<branch> for a job on a branch,
  # environment:<name> for a job that uses an environment, and pull_request for
  # a job triggered by a pull request.
  subject     = "repo:${var.github_repository}"
  main_branch = "${local.subject}:ref:refs/heads/main"

  trusted_subjects = {
    deploy         = concat([local.main_branch], [for environment in var.deploy_github_environments : "${local.subject}:environment:${environment}"])
    terraform      = concat([local.main_branch], [for environment in var.terraform_github_environments : "${local.subject}:environment:${environment}"])
    terraform_plan = [local.main_branch, "${local.subject}:pull_request"]
  }

  # Names follow the naming contract of the ecs module: cluster
  # <project>-<env>, services <project>-<env>-api and -consumer, roles
  # <project>-<env>-ecs-execution, -api-task and -consumer-task.
  ecs_service_arns = flatten([
    for environment in var.environments : [
      "arn:${local.partition}:ecs:${local.region}:${local.account_id}:service/${var.project}-${environment}/${var.project}-${environment}-api",
      "arn:${local.partition}:ecs:${local.region}:${local.account_id}:service/${var.project}-${environment}/${var.project}-${environment}-consumer",
    ]
  ])

  ecs_task_definition_arns = flatten([
    for environment in var.environments : [
      "arn:${local.partition}:ecs:${local.region}:${local.account_id}:task-definition/${var.project}-${environment}-api:*",
      "arn:${local.partition}:ecs:${local.region}:${local.account_id}:task-definition/${var.project}-${environment}-consumer:*",
    ]
  ])

  ecs_role_arns = flatten([
    for environment in var.environments : [
      "arn:${local.partition}:iam::${local.account_id}:role/${var.project}-${environment}-ecs-execution",
      "arn:${local.partition}:iam::${local.account_id}:role/${var.project}-${environment}-api-task",
      "arn:${local.partition}:iam::${local.account_id}:role/${var.project}-${environment}-consumer-task",
    ]
  ])

  workload_role_patterns = [for environment in var.environments : "arn:${local.partition}:iam::${local.account_id}:role/${var.project}-${environment}-*"]
}

# Each role: the repository's tokens, for the audience sts.amazonaws.com and exactly its subjects.
locals {
  trust_policies = {
    for role, subjects in local.trusted_subjects : role => jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Sid       = "GitHubActions"
        Effect    = "Allow"
        Principal = { Federated = local.oidc_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
            "token.actions.githubusercontent.com:sub" = subjects
          }
        }
      }]
    })
  }
}

# --- Deploy role (CI/CD of the services) -------------------------------------

resource "aws_iam_role" "deploy" {
  name                 = "${var.project}-github-deploy"
  description          = "GitHub Actions of ${var.github_repository}: push images, deploy the ECS services"
  assume_role_policy   = local.trust_policies["deploy"]
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "deploy" {
  name = "push-images-deploy-services"
  role = aws_iam_role.deploy.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # GetAuthorizationToken has no resource-level permissions: AWS requires "*".
      { Sid = "EcrAuthorizationToken", Effect = "Allow", Action = ["ecr:GetAuthorizationToken"], Resource = ["*"] },
      {
        Sid    = "PushImages"
        Effect = "Allow"
        Action = [
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:CompleteLayerUpload",
          "ecr:DescribeImages",
          "ecr:GetDownloadUrlForLayer",
          "ecr:InitiateLayerUpload",
          "ecr:PutImage",
          "ecr:UploadLayerPart",
        ]
        Resource = var.ecr_repository_arns
      },
      # IAM does not scope RegisterTaskDefinition and DescribeTaskDefinition to a task definition family: AWS
      # authorizes them on "*". What a registered revision can do is bounded by the roles it may pass (below), and
      # it only runs if one of the services is updated to it (no ecs:RunTask).
      { Sid = "TaskDefinitions", Effect = "Allow", Action = ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"], Resource = ["*"] },
      # Tags on a new revision (ECS requires ecs:TagResource for tag-on-create).
      {
        Sid       = "TagNewTaskDefinitions"
        Effect    = "Allow"
        Action    = ["ecs:TagResource"]
        Resource  = local.ecs_task_definition_arns
        Condition = { StringEquals = { "ecs:CreateAction" = "RegisterTaskDefinition" } }
      },
      { Sid = "DeployServices", Effect = "Allow", Action = ["ecs:DescribeServices", "ecs:UpdateService"], Resource = local.ecs_service_arns },
      {
        Sid       = "PassTaskRoles"
        Effect    = "Allow"
        Action    = ["iam:PassRole"]
        Resource  = local.ecs_role_arns
        Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
      },
    ]
  })
}

# --- Terraform role (plan and apply of dev and prod) -------------------------

resource "aws_iam_role" "terraform" {
  name                 = "${var.project}-github-terraform"
  description          = "GitHub Actions of ${var.github_repository}: terraform apply of the environments"
  assume_role_policy   = local.trust_policies["terraform"]
  max_session_duration = 3600
}

# Everything but IAM, Organizations and account settings.
resource "aws_iam_role_policy_attachment" "terraform_power_user" {
  role       = aws_iam_role.terraform.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/PowerUserAccess"
}

# IAM only for the environments' own roles; it cannot touch the GitHub roles,
# which belong to terraform/shared and are applied by an administrator.
resource "aws_iam_role_policy" "terraform" {
  name = "manage-environment-roles"
  role = aws_iam_role.terraform.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ManageEnvironmentRoles"
        Effect = "Allow"
        Action = [
          "iam:CreateRole",
          "iam:DeleteRole",
          "iam:DeleteRolePolicy",
          "iam:GetRole",
          "iam:GetRolePolicy",
          "iam:ListAttachedRolePolicies",
          "iam:ListInstanceProfilesForRole",
          "iam:ListRolePolicies",
          "iam:ListRoleTags",
          "iam:PutRolePolicy",
          "iam:TagRole",
          "iam:UntagRole",
          "iam:UpdateAssumeRolePolicy",
          "iam:UpdateRole",
          "iam:UpdateRoleDescription",
        ]
        Resource = local.workload_role_patterns
      },
      {
        Sid       = "PassEnvironmentRoles"
        Effect    = "Allow"
        Action    = ["iam:PassRole"]
        Resource  = local.workload_role_patterns
        Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
      },
    ]
  })
}

# --- Terraform plan role (pull requests) -------------------------------------

resource "aws_iam_role" "terraform_plan" {
  name                 = "${var.project}-github-terraform-plan"
  description          = "GitHub Actions of ${var.github_repository}: terraform plan of the environments (read-only)"
  assume_role_policy   = local.trust_policies["terraform_plan"]
  max_session_duration = 3600
}

resource "aws_iam_role_policy_attachment" "terraform_plan_read_only" {
  role       = aws_iam_role.terraform_plan.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/ReadOnlyAccess"
}

# Reading the state is part of ReadOnlyAccess; the lock file (use_lockfile) is the one thing a plan writes. A plan
# also opens the ephemeral resource that generates the Api token (aws_secretsmanager_random_password), which calls
# GetRandomPassword: an action without resources, which returns random bytes and touches no secret.
resource "aws_iam_role_policy" "terraform_plan" {
  name = "plan-locks-and-token"
  role = aws_iam_role.terraform_plan.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "StateLockFiles"
        Effect   = "Allow"
        Action   = ["s3:DeleteObject", "s3:PutObject"]
        Resource = ["arn:${local.partition}:s3:::${var.state_bucket_name}/${var.project}/*.tflock"]
      },
      { Sid = "GenerateApiToken", Effect = "Allow", Action = ["secretsmanager:GetRandomPassword"], Resource = ["*"] },
    ]
  })
}
