# Planned against a mocked AWS provider: no account, no credentials. The role walk these assertions hold is written
# out in ../README.md.

mock_provider "aws" {
  source          = "../../mocks"
  override_during = plan
}

# Distinct ARNs where a test must tell the environments' roles and boundaries apart.
override_resource {
  target          = aws_iam_policy.boundary["dev"]
  override_during = plan
  values          = { arn = "arn:aws:iam::123456789012:policy/emailpipeline-dev-boundary" }
}

override_resource {
  target          = aws_iam_policy.boundary["prod"]
  override_during = plan
  values          = { arn = "arn:aws:iam::123456789012:policy/emailpipeline-prod-boundary" }
}

override_resource {
  target          = aws_iam_role.this["image-push"]
  override_during = plan
  values          = { arn = "arn:aws:iam::123456789012:role/emailpipeline-github-image-push" }
}

override_resource {
  target          = aws_iam_role.this["deploy-prod"]
  override_during = plan
  values          = { arn = "arn:aws:iam::123456789012:role/emailpipeline-github-deploy-prod" }
}

override_resource {
  target          = aws_iam_role.this["terraform-prod"]
  override_during = plan
  values          = { arn = "arn:aws:iam::123456789012:role/emailpipeline-github-terraform-prod" }
}

variables {
  github_repository   = "acme/emailpipeline"
  ecr_repository_arns = ["arn:aws:ecr:eu-west-1:123456789012:repository/emailpipeline-api", "arn:aws:ecr:eu-west-1:123456789012:repository/emailpipeline-consumer"]
  state_bucket_name   = "emailpipeline-tfstate-123456789012"
}

run "each_role_trusts_one_context_and_one_workflow_of_the_repository" {
  command = plan

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 1 && aws_iam_openid_connect_provider.github[0].client_id_list == toset(["sts.amazonaws.com"])
    error_message = "The OIDC provider must be created for the sts.amazonaws.com audience."
  }

  assert {
    condition = toset([for role in aws_iam_role.this : role.name]) == toset([
      "emailpipeline-github-image-push", "emailpipeline-github-terraform-plan",
      "emailpipeline-github-deploy-dev", "emailpipeline-github-deploy-prod",
      "emailpipeline-github-terraform-dev", "emailpipeline-github-terraform-prod",
    ])
    error_message = "The roles must be CI's image push, the plan role, and a deploy and a Terraform role per environment."
  }

  assert {
    condition = alltrue([
      for role in aws_iam_role.this : alltrue([
        for statement in jsondecode(role.assume_role_policy).Statement :
        statement.Effect == "Allow" && statement.Principal == { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
        && try(statement.Action, []) == "sts:AssumeRoleWithWebIdentity"
        && try(statement.Condition, null).StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
        && alltrue([for subject in try(statement.Condition, null).StringEquals["token.actions.githubusercontent.com:sub"] : startswith(subject, "repo:acme/emailpipeline:")])
        && startswith(try(statement.Condition, null).StringLike["token.actions.githubusercontent.com:job_workflow_ref"], "acme/emailpipeline/.github/workflows/")
      ])
    ])
    error_message = "Each role must trust only GitHub's OIDC provider, for the sts.amazonaws.com audience, subjects of the one repository and a workflow of it."
  }

  assert {
    condition = {
      for key, role in aws_iam_role.this : key => [
        toset(jsondecode(role.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]),
        jsondecode(role.assume_role_policy).Statement[0].Condition.StringLike["token.actions.githubusercontent.com:job_workflow_ref"],
      ]
      } == {
      image-push     = [toset(["repo:acme/emailpipeline:ref:refs/heads/main"]), "acme/emailpipeline/.github/workflows/ci-service.yml@refs/heads/main"]
      terraform-plan = [toset(["repo:acme/emailpipeline:pull_request", "repo:acme/emailpipeline:ref:refs/heads/main"]), "acme/emailpipeline/.github/workflows/terraform.yml@*"]
      deploy-dev     = [toset(["repo:acme/emailpipeline:environment:dev"]), "acme/emailpipeline/.github/workflows/deploy-service.yml@refs/heads/main"]
      deploy-prod    = [toset(["repo:acme/emailpipeline:environment:production"]), "acme/emailpipeline/.github/workflows/deploy-service.yml@refs/heads/main"]
      terraform-dev  = [toset(["repo:acme/emailpipeline:environment:dev"]), "acme/emailpipeline/.github/workflows/terraform.yml@refs/heads/main"]
      terraform-prod = [toset(["repo:acme/emailpipeline:environment:production"]), "acme/emailpipeline/.github/workflows/terraform.yml@refs/heads/main"]
    }
    error_message = "Pull requests may assume only the plan role; CI's push needs main and its workflow; each deploy and Terraform role needs its own GitHub environment (production for prod) and the workflow from main."
  }
}

run "roles_do_what_their_job_needs_and_no_more" {
  command = plan

  assert {
    condition = alltrue([
      for statement in flatten(concat([for policy in aws_iam_role_policy.this : jsondecode(policy.policy).Statement], [for policy in aws_iam_policy.boundary : jsondecode(policy.policy).Statement])) :
      statement.Effect != "Allow" || (can(statement.Action) && alltrue([for action in flatten([try(statement.Action, [])]) : !strcontains(action, "*")]) && !can(statement.NotAction) && !can(statement.NotResource))
    ])
    error_message = "No Allow statement may grant a wildcard action, or use NotAction or NotResource (Deny statements may)."
  }

  assert {
    condition = alltrue([
      for statement in flatten(concat([for policy in aws_iam_role_policy.this : jsondecode(policy.policy).Statement], [for policy in aws_iam_policy.boundary : jsondecode(policy.policy).Statement])) :
      statement.Effect != "Allow" || alltrue([for resource in try(statement.Resource, []) : !can(regex("^arn:[^:]*:[^:]*:[^:]*:[^:]*:\\*$", resource))]) && (!contains(try(statement.Resource, []), "*") || contains([
        ["ecr:GetAuthorizationToken"],
        ["ecs:DescribeTaskDefinition"],
        ["ecs:RegisterTaskDefinition"],
      ], try(statement.Action, [])))
    ])
    error_message = "Resource \"*\" only for the actions AWS offers no resource-level permission for (ecr:GetAuthorizationToken, ecs:DescribeTaskDefinition, ecs:RegisterTaskDefinition), and no resource may cover a whole service."
  }

  # IAM refuses a role's inline policies over 10,240 characters in all, and a managed policy over 6,144.
  assert {
    condition     = alltrue([for policy in aws_iam_role_policy.this : length(policy.policy) <= 10240]) && alltrue([for policy in aws_iam_policy.boundary : length(policy.policy) <= 6144])
    error_message = "Every inline policy must stay within IAM's 10,240 characters per role, and every boundary within 6,144 for a managed policy."
  }

  assert {
    condition     = { for key, attachment in aws_iam_role_policy_attachment.managed : key => attachment.policy_arn } == { terraform-plan = "arn:aws:iam::aws:policy/ReadOnlyAccess", terraform-dev = "arn:aws:iam::aws:policy/PowerUserAccess", terraform-prod = "arn:aws:iam::aws:policy/PowerUserAccess" }
    error_message = "The only managed policies are ReadOnlyAccess for the plan role and PowerUserAccess for the Terraform roles."
  }

  assert {
    condition = (
      [for statement in jsondecode(aws_iam_role_policy.this["image-push"].policy).Statement : try(statement.Action, []) if statement.Effect == "Allow" && try(statement.Resource, []) != ["*"]] == [["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:DescribeImages", "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"]]
      && alltrue([for statement in jsondecode(aws_iam_role_policy.this["image-push"].policy).Statement : alltrue([for resource in try(statement.Resource, []) : resource == "*" || contains(var.ecr_repository_arns, resource)])])
    )
    error_message = "CI's role may push images to the two repositories, and nothing else."
  }

  assert {
    condition = alltrue([
      for environment in ["dev", "prod"] :
      [for statement in jsondecode(aws_iam_role_policy.this["deploy-${environment}"].policy).Statement : toset(try(statement.Resource, [])) if statement.Sid == "DeployServices"] == [toset([for service in ["api", "consumer"] : "arn:aws:ecs:eu-west-1:123456789012:service/emailpipeline-${environment}/emailpipeline-${environment}-${service}"])]
      && [for statement in jsondecode(aws_iam_role_policy.this["deploy-${environment}"].policy).Statement : try(statement.Condition, null) if statement.Sid == "RegisterTaskDefinitions"] == [{ StringEquals = { "aws:RequestTag/Environment" = environment } }]
    ])
    error_message = "Each deploy role may update exactly its environment's two services, and register only revisions tagged as its environment."
  }
}

run "roles_cannot_escalate" {
  command = plan

  # Every IAM action a Terraform role is allowed, and on what.
  assert {
    condition = alltrue([
      for environment in ["dev", "prod"] : alltrue([
        for statement in jsondecode(aws_iam_role_policy.this["terraform-${environment}"].policy).Statement :
        statement.Effect != "Allow" || alltrue([for action in try(statement.Action, []) : !startswith(action, "iam:")]) || (
          try(statement.Resource, []) == ["arn:aws:iam::123456789012:role/emailpipeline-${environment}-*"] || try(statement.Action, []) == ["iam:PassRole"]
        )
      ])
    ])
    error_message = "A Terraform role may use IAM only on its own environment's roles (emailpipeline-<env>-*), and pass only its task roles."
  }

  assert {
    condition = alltrue([
      for environment in ["dev", "prod"] : alltrue([
        for statement in jsondecode(aws_iam_role_policy.this["terraform-${environment}"].policy).Statement :
        statement.Effect != "Allow" || length(setintersection(try(statement.Action, []), ["iam:AttachRolePolicy", "iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy"])) == 0
        || try(statement.Condition, null) == { StringEquals = { "iam:PermissionsBoundary" = "arn:aws:iam::123456789012:policy/emailpipeline-${environment}-boundary" } }
      ])
    ])
    error_message = "A Terraform role may create a role, or give one permissions, only with its environment's permissions boundary attached."
  }

  assert {
    condition = alltrue([
      for environment in ["dev", "prod"] : length(setintersection(
        flatten([for statement in jsondecode(aws_iam_role_policy.this["terraform-${environment}"].policy).Statement : try(statement.Action, []) if statement.Effect == "Allow"]),
        ["iam:AttachRolePolicy", "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:CreateUser", "iam:DeleteRolePermissionsBoundary", "iam:PutUserPolicy", "iam:SetDefaultPolicyVersion"],
      )) == 0
    ])
    error_message = "A Terraform role may not create or change managed policies or users, attach policies, or remove a boundary."
  }

  assert {
    condition = alltrue([
      for environment in ["dev", "prod"] :
      contains(jsondecode(aws_iam_role_policy.this["terraform-${environment}"].policy).Statement, {
        Sid      = "DenyChangingGitHubRolesAndBoundaries", Effect = "Deny", Action = ["iam:*"]
        Resource = ["arn:aws:iam::123456789012:role/emailpipeline-github-*", "arn:aws:iam::123456789012:policy/emailpipeline-*"]
      })
      && contains(jsondecode(aws_iam_role_policy.this["terraform-${environment}"].policy).Statement, { Sid = "DenyRemovingBoundaries", Effect = "Deny", Action = ["iam:DeleteRolePermissionsBoundary"], Resource = ["*"] })
    ])
    error_message = "A Terraform role must be explicitly denied every change to the GitHub roles (its own included) and to the boundaries, and removing a boundary."
  }

  assert {
    condition = alltrue(flatten([
      for key, policy in aws_iam_role_policy.this : [
        for statement in jsondecode(policy.policy).Statement :
        try(statement.Condition, null) == { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
        && toset(try(statement.Resource, [])) == toset([for role in ["ecs-execution", "api-task", "consumer-task"] : "arn:aws:iam::123456789012:role/emailpipeline-${split("-", key)[1]}-${role}"])
        if statement.Effect == "Allow" && contains(try(statement.Action, []), "iam:PassRole")
      ]
    ]))
    error_message = "A role may pass only its environment's execution and task roles, and only to ECS tasks."
  }

  assert {
    condition = alltrue([
      for environment in ["dev", "prod"] :
      toset([for statement in jsondecode(aws_iam_role_policy.this["terraform-${environment}"].policy).Statement : statement.NotAction if statement.Sid == "DenyOutsideTheStack"][0]) == toset([
        "application-autoscaling:*", "cloudwatch:*", "ec2:*", "ecr:Describe*", "ecr:List*", "ecs:*", "elasticloadbalancing:*", "iam:*",
        "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "logs:*", "s3:*", "secretsmanager:GetRandomPassword",
        "sns:*", "sqs:*", "ssm:*", "sts:GetCallerIdentity",
      ])
    ])
    error_message = "A Terraform role must be denied everything outside the stack's services: no sts:AssumeRole into another role, no ECR writes, no key administration."
  }
}

run "environments_stay_apart" {
  command = plan

  # No Allow of an environment's roles, or of its boundary, names another environment's resources.
  assert {
    condition = alltrue(flatten([
      for environment, other in { dev = "prod", prod = "dev" } : [
        for statement in flatten([
          jsondecode(aws_iam_role_policy.this["deploy-${environment}"].policy).Statement,
          jsondecode(aws_iam_role_policy.this["terraform-${environment}"].policy).Statement,
          jsondecode(aws_iam_policy.boundary[environment].policy).Statement,
          ]) : [
          for resource in try(statement.Resource, []) : !strcontains(resource, "emailpipeline-${other}") && !strcontains(resource, "emailpipeline/${other}/")
        ] if statement.Effect == "Allow"
      ]
    ]))
    error_message = "An environment's deploy role, Terraform role and boundary may allow nothing on another environment's resources."
  }

  assert {
    condition = length(setsubtract([
      "arn:aws:s3:::emailpipeline-prod-*",
      "arn:aws:s3:::emailpipeline-prod-*/*",
      "arn:aws:s3:::emailpipeline-tfstate-123456789012/emailpipeline/prod/*",
      "arn:aws:sqs:eu-west-1:123456789012:emailpipeline-prod-*",
      "arn:aws:ssm:eu-west-1:123456789012:parameter/emailpipeline/prod/*",
      "arn:aws:ecs:eu-west-1:123456789012:cluster/emailpipeline-prod",
      "arn:aws:ecs:eu-west-1:123456789012:service/emailpipeline-prod/*",
      "arn:aws:ecs:eu-west-1:123456789012:task/emailpipeline-prod/*",
      "arn:aws:ecs:eu-west-1:123456789012:task-definition/emailpipeline-prod-*",
      "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/emailpipeline-prod/*",
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/emailpipeline-prod/*",
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/emailpipeline-prod/*",
      "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/emailpipeline-prod-*",
      "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:emailpipeline-prod-*",
      "arn:aws:sns:eu-west-1:123456789012:emailpipeline-prod-*",
      "arn:aws:iam::123456789012:role/emailpipeline-prod-*",
    ], flatten([for statement in jsondecode(aws_iam_role_policy.this["terraform-dev"].policy).Statement : try(statement.Resource, []) if statement.Sid == "DenyOtherEnvironments" && statement.Effect == "Deny" && try(statement.Action, []) == ["*"]]))) == 0
    error_message = "dev's Terraform role must be denied everything on prod's resources by ARN: its buckets and their objects, its state, queues, token, cluster, services, tasks, task definitions, logs, load balancer, alarms, topic and roles."
  }

  assert {
    condition = [
      for statement in jsondecode(aws_iam_role_policy.this["terraform-dev"].policy).Statement : [try(statement.Action, []), try(statement.Resource, []), try(statement.Condition, null)]
      if startswith(statement.Sid, "DenyOtherEnvironmentsByTag") || startswith(statement.Sid, "DenyTaggingAsOtherEnvironments")
      ] == [
      [["*"], ["*"], { StringEquals = { "aws:ResourceTag/Environment" = ["prod"] } }],
      [["*"], ["*"], { StringEquals = { "aws:RequestTag/Environment" = ["prod"] } }],
    ]
    error_message = "dev's Terraform role must be denied everything on what is tagged Environment = prod (VPC, subnets, security groups, scaling targets...), and tagging anything so."
  }

  assert {
    condition = (
      contains(jsondecode(aws_iam_role_policy.this["terraform-dev"].policy).Statement, {
        Sid       = "DenyOtherEnvironmentsTokens", Effect = "Deny", Action = ["kms:Decrypt"], Resource = ["*"]
        Condition = { StringLike = { "kms:EncryptionContext:PARAMETER_ARN" = ["arn:aws:ssm:eu-west-1:123456789012:parameter/emailpipeline/prod/*"] } }
      })
      && contains(jsondecode(aws_iam_role_policy.this["terraform-dev"].policy).Statement, { Sid = "DenyParametersByPath", Effect = "Deny", Action = ["ssm:GetParametersByPath"], Resource = ["*"] })
    )
    error_message = "dev's Terraform role must not reach prod's token another way: no query by path, no decryption with a prod parameter's encryption context."
  }

  assert {
    condition     = contains(jsondecode(aws_iam_role_policy.this["terraform-prod"].policy).Statement[*].Sid, "DenyOtherEnvironments")
    error_message = "prod's Terraform role must be denied dev's resources the same way."
  }
}

run "plans_cannot_read_secrets_or_data" {
  command = plan

  assert {
    condition = [
      for statement in jsondecode(aws_iam_role_policy.this["terraform-plan"].policy).Statement : [try(statement.Action, []), try(statement.Resource, [])] if statement.Effect == "Allow"
    ] == [[["s3:DeleteObject", "s3:PutObject"], ["arn:aws:s3:::emailpipeline-tfstate-123456789012/emailpipeline/*.tflock"]]]
    error_message = "Besides ReadOnlyAccess, the plan role may only write and delete the state's lock files."
  }

  assert {
    condition = alltrue([
      for denied in [
        ["s3:GetObject", "arn:aws:s3:::emailpipeline-dev-*/*"],
        ["s3:GetObject", "arn:aws:s3:::emailpipeline-prod-*/*"],
        ["ssm:GetParameter", "arn:aws:ssm:eu-west-1:123456789012:parameter/emailpipeline/*"],
        ["ssm:GetParameterHistory", "arn:aws:ssm:eu-west-1:123456789012:parameter/emailpipeline/*"],
        ["ssm:GetParametersByPath", "arn:aws:ssm:eu-west-1:123456789012:parameter/emailpipeline/*"],
        ["kms:Decrypt", "*"],
        ["logs:GetLogEvents", "*"],
        ["logs:FilterLogEvents", "*"],
        ["logs:StartQuery", "*"],
        ["logs:StartLiveTail", "*"],
        ["sqs:ReceiveMessage", "arn:aws:sqs:eu-west-1:123456789012:emailpipeline-*"],
        ["sts:AssumeRole", "*"],
        ] : anytrue([
          for statement in jsondecode(aws_iam_role_policy.this["terraform-plan"].policy).Statement :
          statement.Effect == "Deny" && !can(statement.Condition) && contains(try(statement.Resource, []), denied[1])
          && anytrue([for action in try(statement.Action, []) : action == denied[0] || (endswith(action, "*") && startswith(denied[0], trimsuffix(action, "*")))])
      ])
    ])
    error_message = "The plan role must be explicitly denied the archive's objects, the tokens' values and any decryption, log events, queued emails, and assuming another role."
  }
}

run "applies_read_no_data_but_their_own_token" {
  command = plan

  assert {
    condition = alltrue(flatten([
      for environment in ["dev", "prod"] : [
        for sid in ["DenyArchiveObjects", "DenyLogEvents", "DenyQueueMessages"] :
        contains(jsondecode(aws_iam_role_policy.this["terraform-${environment}"].policy).Statement, one([for statement in jsondecode(aws_iam_role_policy.this["terraform-plan"].policy).Statement : statement if statement.Sid == sid]))
      ]
    ]))
    error_message = "The Terraform roles must be denied the archive's and the logs' objects, log events and queued emails, as the plan role is."
  }
}

run "boundaries_hold_what_the_services_need_in_their_environment" {
  command = plan

  assert {
    condition = alltrue([
      for environment in ["dev", "prod"] : {
        for statement in jsondecode(aws_iam_policy.boundary[environment].policy).Statement : statement.Sid => [try(statement.Action, []), try(statement.Resource, [])]
        } == {
        EcrAuthorizationToken     = [["ecr:GetAuthorizationToken"], ["*"]]
        PullImages                = [["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], [for arn in var.ecr_repository_arns : arn]]
        WriteLogs                 = [["logs:CreateLogStream", "logs:PutLogEvents"], ["arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/emailpipeline-${environment}/*"]]
        UseQueues                 = [["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage", "sqs:SendMessage"], ["arn:aws:sqs:eu-west-1:123456789012:emailpipeline-${environment}-*"]]
        ReadToken                 = [["ssm:GetParameter"], ["arn:aws:ssm:eu-west-1:123456789012:parameter/emailpipeline/${environment}/*"]]
        ArchiveEmails             = [["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::emailpipeline-${environment}-archive-*/emails/*"]]
        ListArchive               = [["s3:ListBucket"], ["arn:aws:s3:::emailpipeline-${environment}-archive-*"]]
        UseKeysThroughTheServices = [["kms:Decrypt", "kms:GenerateDataKey"], ["arn:aws:kms:eu-west-1:123456789012:key/*"]]
      }
    ])
    error_message = "Each boundary must hold exactly what the Api, the Consumer and the ECS agent use (modules/ecs), on its own environment's resources."
  }

  assert {
    condition     = { for environment, boundary in aws_iam_policy.boundary : environment => boundary.name } == { dev = "emailpipeline-dev-boundary", prod = "emailpipeline-prod-boundary" }
    error_message = "The boundaries must be named emailpipeline-<env>-boundary (the stack attaches them by that name)."
  }
}

run "github_variables_name_the_roles" {
  command = plan

  assert {
    condition     = output.github_actions_variables.repository.AWS_DEPLOY_ROLE_ARN == "arn:aws:iam::123456789012:role/emailpipeline-github-image-push"
    error_message = "The repository's AWS_DEPLOY_ROLE_ARN (CI's push on main) must be the image push role."
  }

  assert {
    condition     = output.github_actions_variables.environments.production == { AWS_DEPLOY_ROLE_ARN = "arn:aws:iam::123456789012:role/emailpipeline-github-deploy-prod", AWS_TERRAFORM_ROLE_ARN = "arn:aws:iam::123456789012:role/emailpipeline-github-terraform-prod" }
    error_message = "The production GitHub environment's variables must name prod's deploy and Terraform roles."
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

run "rejects_an_environment_named_like_the_shared_state" {
  command = plan

  variables {
    environments = ["dev", "shared"]
  }

  expect_failures = [var.environments]
}
