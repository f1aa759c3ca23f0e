# What each role may do. Policies are JSON here (jsonencode), so that terraform test can read every statement.

locals {
  # GetAuthorizationToken has no resource-level permissions: AWS requires "*".
  ecr_authorization = { Sid = "EcrAuthorizationToken", Effect = "Allow", Action = ["ecr:GetAuthorizationToken"], Resource = ["*"] }

  # The data no plan and no apply needs, in any environment: the archived emails (and the access and flow logs
  # next to them), log events, and emails waiting in the queues (receiving one would also hide it from the Consumer
  # for a while).
  no_data = [
    {
      Sid      = "DenyArchiveObjects"
      Effect   = "Deny"
      Action   = ["s3:GetObject*"]
      Resource = [for environment in var.environments : "${local.arn.s3}${var.project}-${environment}-*/*"]
    },
    {
      Sid      = "DenyLogEvents"
      Effect   = "Deny"
      Action   = ["logs:FilterLogEvents", "logs:GetLogEvents", "logs:GetLogRecord", "logs:GetQueryResults", "logs:StartLiveTail", "logs:StartQuery", "logs:Unmask"]
      Resource = ["*"]
    },
    { Sid = "DenyQueueMessages", Effect = "Deny", Action = ["sqs:ReceiveMessage"], Resource = ["${local.arn.sqs}:${var.project}-*"] },
  ]

  policies = merge(
    {
      image-push = {
        name = "push-images"
        statements = [
          local.ecr_authorization,
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
        ]
      }

      # ReadOnlyAccess (attached below) reads every resource's configuration, which is what terraform plan
      # refreshes; these statements take the data back out of it, explicitly, so that nothing else can grant it.
      terraform-plan = {
        name = "lock-state-read-no-data"
        statements = concat(local.no_data, [
          # Reading the state is part of ReadOnlyAccess; the lock file (use_lockfile) is the one thing a plan writes.
          {
            Sid      = "StateLockFiles"
            Effect   = "Allow"
            Action   = ["s3:DeleteObject", "s3:PutObject"]
            Resource = ["${local.arn.state}/${var.project}/*.tflock"]
          },
          # The Api tokens' values, and any decryption (aws/ssm lets every principal of the account decrypt through
          # SSM without a KMS grant).
          {
            Sid      = "DenyTokenValues"
            Effect   = "Deny"
            Action   = ["ssm:GetParameter", "ssm:GetParameterHistory", "ssm:GetParameters", "ssm:GetParametersByPath"]
            Resource = ["${local.arn.ssm}:parameter/${var.project}", "${local.arn.ssm}:parameter/${var.project}/*"]
          },
          { Sid = "DenyDecryption", Effect = "Deny", Action = ["kms:Decrypt", "kms:ReEncryptFrom"], Resource = ["*"] },
          { Sid = "DenySecretValues", Effect = "Deny", Action = ["secretsmanager:GetSecretValue"], Resource = ["*"] },
          # And no way into a role that could: pull requests stop here.
          { Sid = "DenyOtherCredentials", Effect = "Deny", Action = ["sts:AssumeRole", "sts:GetFederationToken"], Resource = ["*"] },
        ])
      }
    },

    # CD of one environment: read an image and tag it <environment>-<sha> (ECR then keeps it), register a revision of
    # the environment's task definitions, move the environment's two services to it.
    {
      for environment, owned in local.environment : "deploy-${environment}" => {
        name = "deploy-${environment}"
        statements = [
          {
            Sid      = "ReadAndTagImages"
            Effect   = "Allow"
            Action   = ["ecr:BatchGetImage", "ecr:DescribeImages", "ecr:PutImage"]
            Resource = var.ecr_repository_arns
          },
          # IAM does not scope DescribeTaskDefinition or RegisterTaskDefinition to a family: AWS authorizes them on
          # "*". A revision may only be registered tagged as this environment (CD copies the tags of the revision
          # it starts from, which Terraform tagged); what it can do is bounded by the roles it may pass (below), and
          # it runs only if one of this environment's services is moved to it.
          { Sid = "DescribeTaskDefinitions", Effect = "Allow", Action = ["ecs:DescribeTaskDefinition"], Resource = ["*"] },
          {
            Sid       = "RegisterTaskDefinitions"
            Effect    = "Allow"
            Action    = ["ecs:RegisterTaskDefinition"]
            Resource  = ["*"]
            Condition = { StringEquals = { "aws:RequestTag/Environment" = environment } }
          },
          # Tags on a new revision (ECS requires ecs:TagResource for tag-on-create), and reading them.
          {
            Sid       = "TagNewTaskDefinitions"
            Effect    = "Allow"
            Action    = ["ecs:TagResource"]
            Resource  = owned.task_definitions
            Condition = { StringEquals = { "ecs:CreateAction" = "RegisterTaskDefinition" } }
          },
          { Sid = "ReadTaskDefinitionTags", Effect = "Allow", Action = ["ecs:ListTagsForResource"], Resource = owned.task_definitions },
          { Sid = "DeployServices", Effect = "Allow", Action = ["ecs:DescribeServices", "ecs:UpdateService"], Resource = owned.services },
          {
            Sid       = "PassTaskRoles"
            Effect    = "Allow"
            Action    = ["iam:PassRole"]
            Resource  = owned.task_roles
            Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
          },
        ]
      }
    },

    # terraform apply of one environment: PowerUserAccess (attached below), kept to the services the stack uses and
    # to this environment; IAM only for the environment's roles, and only with its permissions boundary.
    {
      for environment, owned in local.environment : "terraform-${environment}" => {
        name = "apply-${environment}-only"
        statements = concat(
          # An apply reads and decrypts this environment's token (refreshing terraform/token), and no other data.
          local.no_data,
          [
            {
              Sid      = "ManageRolesOnlyWithinTheBoundary"
              Effect   = "Allow"
              Action   = ["iam:CreateRole", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy"]
              Resource = ["${local.arn.iam}:role/${owned.name}-*"]
              Condition = {
                StringEquals = { "iam:PermissionsBoundary" = aws_iam_policy.boundary[environment].arn }
              }
            },
            {
              Sid    = "ManageEnvironmentRoles"
              Effect = "Allow"
              Action = [
                "iam:DeleteRole",
                "iam:GetRole",
                "iam:GetRolePolicy",
                "iam:ListAttachedRolePolicies",
                "iam:ListInstanceProfilesForRole",
                "iam:ListRolePolicies",
                "iam:ListRoleTags",
                "iam:TagRole",
                "iam:UntagRole",
                "iam:UpdateAssumeRolePolicy",
                "iam:UpdateRole",
                "iam:UpdateRoleDescription",
              ]
              Resource = ["${local.arn.iam}:role/${owned.name}-*"]
            },
            {
              Sid       = "PassTaskRoles"
              Effect    = "Allow"
              Action    = ["iam:PassRole"]
              Resource  = owned.task_roles
              Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
            },
            # The GitHub roles and the boundaries belong to terraform/shared, applied by an administrator.
            {
              Sid      = "DenyChangingGitHubRolesAndBoundaries"
              Effect   = "Deny"
              Action   = ["iam:*"]
              Resource = ["${local.arn.iam}:role/${var.project}-github-*", "${local.arn.iam}:policy/${var.project}-*"]
            },
            { Sid = "DenyRemovingBoundaries", Effect = "Deny", Action = ["iam:DeleteRolePermissionsBoundary"], Resource = ["*"] },
            # Terraform reads parameters one by one; a query by path could reach above this environment's.
            { Sid = "DenyParametersByPath", Effect = "Deny", Action = ["ssm:GetParametersByPath"], Resource = ["*"] },
            # No other state than this environment's.
            {
              Sid      = "DenySharedState"
              Effect   = "Deny"
              Action   = ["s3:DeleteObject", "s3:PutObject"]
              Resource = ["${local.arn.state}/${var.project}/shared/*"]
            },
            # Everything but what the stack and the token are made of: no other role to assume (sts), no ECR writes
            # (the shared repositories), no key administration, no account-wide settings of other services.
            {
              Sid    = "DenyOutsideTheStack"
              Effect = "Deny"
              NotAction = [
                "application-autoscaling:*",
                "cloudwatch:*",
                "ec2:*",
                "ecr:Describe*",
                "ecr:List*",
                "ecs:*",
                "elasticloadbalancing:*",
                "iam:*",
                "kms:Decrypt",
                "kms:DescribeKey",
                "kms:Encrypt",
                "kms:GenerateDataKey",
                "logs:*",
                "s3:*",
                "secretsmanager:GetRandomPassword",
                "sns:*",
                "sqs:*",
                "ssm:*",
                "sts:GetCallerIdentity",
              ]
              Resource = ["*"]
            },
            # An account-wide subscription filter would copy every log group, another environment's too.
            {
              Sid      = "DenyAccountWideLogPolicies"
              Effect   = "Deny"
              Action   = ["logs:DeleteAccountPolicy", "logs:DeleteResourcePolicy", "logs:PutAccountPolicy", "logs:PutResourcePolicy"]
              Resource = ["*"]
            },
          ],
          # Another environment's resources, by name and by tag; and nothing tagged as another environment.
          [for statement in [
            {
              Sid      = "DenyOtherEnvironments"
              Effect   = "Deny"
              Action   = ["*"]
              Resource = flatten([for other in local.others[environment] : local.environment[other].owned])
            },
            # Another environment's token through any other door: a path query above the environments, or its
            # decryption (SSM encrypts each parameter with its ARN as the encryption context).
            {
              Sid       = "DenyOtherEnvironmentsTokens"
              Effect    = "Deny"
              Action    = ["kms:Decrypt"]
              Resource  = ["*"]
              Condition = { StringLike = { "kms:EncryptionContext:PARAMETER_ARN" = [for other in local.others[environment] : "${local.arn.ssm}:parameter/${var.project}/${other}/*"] } }
            },
            {
              Sid       = "DenyOtherEnvironmentsByTag"
              Effect    = "Deny"
              Action    = ["*"]
              Resource  = ["*"]
              Condition = { StringEquals = { "aws:ResourceTag/Environment" = local.others[environment] } }
            },
            {
              Sid       = "DenyTaggingAsOtherEnvironments"
              Effect    = "Deny"
              Action    = ["*"]
              Resource  = ["*"]
              Condition = { StringEquals = { "aws:RequestTag/Environment" = local.others[environment] } }
            },
          ] : statement if length(local.others[environment]) > 0],
        )
      }
    },
  )

  managed_policies = merge(
    { terraform-plan = "ReadOnlyAccess" },
    { for environment in var.environments : "terraform-${environment}" => "PowerUserAccess" },
  )
}

resource "aws_iam_role_policy" "this" {
  for_each = local.policies

  name   = each.value.name
  role   = aws_iam_role.this[each.key].id
  policy = jsonencode({ Version = "2012-10-17", Statement = each.value.statements })
}

resource "aws_iam_role_policy_attachment" "managed" {
  for_each = local.managed_policies

  role       = aws_iam_role.this[each.key].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.value}"
}
