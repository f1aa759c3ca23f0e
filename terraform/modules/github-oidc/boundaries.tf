# The permissions boundary of each environment: the most that any role the environment's Terraform role creates
# can ever do, whatever policy that role is given. It is what the Api, the Consumer and the ECS agent need, on this
# environment's resources only. The Terraform role may create and change roles only with it attached
# (iam:PermissionsBoundary), and can change neither this policy nor the roles of terraform/shared: a role it
# makes is never an administrator, and never reaches another environment.
resource "aws_iam_policy" "boundary" {
  for_each = local.environment

  name        = "${each.value.name}-boundary"
  description = "Permissions boundary of every role ${each.value.name} creates: its queues, token, archive and logs, and image pulls"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      local.ecr_authorization,
      {
        Sid      = "PullImages"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        Resource = var.ecr_repository_arns
      },
      {
        Sid      = "WriteLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${local.arn.logs}:log-group:/ecs/${each.value.name}/*"]
      },
      {
        Sid      = "UseQueues"
        Effect   = "Allow"
        Action   = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage", "sqs:SendMessage"]
        Resource = ["${local.arn.sqs}:${each.value.name}-*"]
      },
      { Sid = "ReadToken", Effect = "Allow", Action = ["ssm:GetParameter"], Resource = ["${local.arn.ssm}:parameter/${var.project}/${each.key}/*"] },
      { Sid = "ArchiveEmails", Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = ["${local.arn.s3}${each.value.name}-archive-*/emails/*"] },
      { Sid = "ListArchive", Effect = "Allow", Action = ["s3:ListBucket"], Resource = ["${local.arn.s3}${each.value.name}-archive-*"] },
      # With a customer managed key, only as SQS, S3 and SSM use it on the caller's behalf.
      {
        Sid       = "UseKeysThroughTheServices"
        Effect    = "Allow"
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = ["${local.arn.kms}:key/*"]
        Condition = { StringEquals = { "kms:ViaService" = [for service in ["s3", "sqs", "ssm"] : "${service}.${local.region}.amazonaws.com"] } }
      },
    ]
  })
}
