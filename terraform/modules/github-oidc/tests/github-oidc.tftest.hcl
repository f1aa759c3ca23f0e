# Planned against a mocked AWS provider: no account, no credentials.

mock_provider "aws" {
  source          = "../../mocks"
  override_during = plan
}

variables {
  github_repository   = "acme/emailpipeline"
  ecr_repository_arns = ["arn:aws:ecr:eu-west-1:123456789012:repository/emailpipeline-api"]
  state_bucket_name   = "emailpipeline-tfstate-123456789012"
}

run "roles_trust_only_the_repository" {
  command = plan

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 1 && aws_iam_openid_connect_provider.github[0].client_id_list == toset(["sts.amazonaws.com"])
    error_message = "The OIDC provider must be created for the sts.amazonaws.com audience."
  }

  assert {
    condition     = [aws_iam_role.deploy.name, aws_iam_role.terraform.name, aws_iam_role.terraform_plan.name] == ["emailpipeline-github-deploy", "emailpipeline-github-terraform", "emailpipeline-github-terraform-plan"]
    error_message = "Role names must follow the naming contract."
  }

  assert {
    condition = alltrue([
      for role in [aws_iam_role.deploy, aws_iam_role.terraform, aws_iam_role.terraform_plan] : alltrue([
        for statement in jsondecode(role.assume_role_policy).Statement :
        statement.Principal == { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
        && statement.Action == "sts:AssumeRoleWithWebIdentity"
        && statement.Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
        && alltrue([for subject in statement.Condition.StringEquals["token.actions.githubusercontent.com:sub"] : startswith(subject, "repo:acme/emailpipeline:")])
      ])
    ])
    error_message = "Each role must trust only GitHub's OIDC provider, for the sts.amazonaws.com audience and subjects of the one repository."
  }

  assert {
    condition = {
      for name, role in { deploy = aws_iam_role.deploy, terraform = aws_iam_role.terraform, terraform_plan = aws_iam_role.terraform_plan } :
      name => toset(jsondecode(role.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"])
      } == {
      deploy         = toset(["repo:acme/emailpipeline:ref:refs/heads/main", "repo:acme/emailpipeline:environment:dev", "repo:acme/emailpipeline:environment:production"])
      terraform      = toset(["repo:acme/emailpipeline:ref:refs/heads/main", "repo:acme/emailpipeline:environment:production"])
      terraform_plan = toset(["repo:acme/emailpipeline:ref:refs/heads/main", "repo:acme/emailpipeline:pull_request"])
    }
    error_message = "Pull requests may assume only the plan role; deploy and apply need the main branch or their GitHub environments."
  }

  assert {
    condition     = [aws_iam_role_policy_attachment.terraform_power_user.policy_arn, aws_iam_role_policy_attachment.terraform_plan_read_only.policy_arn] == ["arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"] && aws_iam_role_policy_attachment.terraform_plan_read_only.role == aws_iam_role.terraform_plan.name
    error_message = "The only managed policies are PowerUserAccess for the apply role and ReadOnlyAccess for the pull-request role."
  }
}

run "least_privilege" {
  command = plan

  assert {
    condition = alltrue([
      for statement in flatten([for policy in [aws_iam_role_policy.deploy, aws_iam_role_policy.terraform, aws_iam_role_policy.terraform_plan] : jsondecode(policy.policy).Statement]) :
      statement.Effect != "Allow" || (can(statement.Action) && alltrue([for action in flatten([statement.Action]) : !strcontains(action, "*")]) && !can(statement.NotAction) && !can(statement.NotResource))
    ])
    error_message = "No Allow statement may grant a wildcard action, or use NotAction or NotResource."
  }

  assert {
    condition = alltrue([
      for statement in flatten([for policy in [aws_iam_role_policy.deploy, aws_iam_role_policy.terraform, aws_iam_role_policy.terraform_plan] : jsondecode(policy.policy).Statement]) :
      !contains(flatten([statement.Resource]), "*") || contains([
        ["ecr:GetAuthorizationToken"],
        ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"],
        ["secretsmanager:GetRandomPassword"],
      ], statement.Action)
    ])
    error_message = "Resource \"*\" only for the actions AWS offers no resource-level permission for: ecr:GetAuthorizationToken, ecs:RegisterTaskDefinition and DescribeTaskDefinition, secretsmanager:GetRandomPassword."
  }

  assert {
    condition = (
      [for statement in jsondecode(aws_iam_role_policy.deploy.policy).Statement : toset(statement.Resource) if statement.Sid == "PassTaskRoles"] == [toset(flatten([
        for environment in ["dev", "prod"] : [for role in ["ecs-execution", "api-task", "consumer-task"] : "arn:aws:iam::123456789012:role/emailpipeline-${environment}-${role}"]
      ]))]
      && [for statement in jsondecode(aws_iam_role_policy.deploy.policy).Statement : toset(statement.Resource) if statement.Sid == "DeployServices"] == [toset(flatten([
        for environment in ["dev", "prod"] : [for service in ["api", "consumer"] : "arn:aws:ecs:eu-west-1:123456789012:service/emailpipeline-${environment}/emailpipeline-${environment}-${service}"]
      ]))]
    )
    error_message = "The deploy role may pass exactly the roles modules/ecs creates and update exactly the services it creates (emailpipeline-<env>-...)."
  }

  assert {
    condition     = [for statement in jsondecode(aws_iam_role_policy.deploy.policy).Statement : statement.Condition if contains(statement.Action, "iam:PassRole")] == [{ StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }]
    error_message = "The deploy role may pass roles to ECS tasks only."
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
