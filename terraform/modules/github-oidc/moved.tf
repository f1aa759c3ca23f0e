# Where the plan role was before the roles became one resource block: it keeps its name, so it must be the same
# object (a new role of the same name could not be created beside it). The old deploy and Terraform roles, which
# served every environment, are destroyed: their per-environment successors have other names.

moved {
  from = aws_iam_role.terraform_plan
  to   = aws_iam_role.this["terraform-plan"]
}

moved {
  from = aws_iam_role_policy_attachment.terraform_plan_read_only
  to   = aws_iam_role_policy_attachment.managed["terraform-plan"]
}

moved {
  from = aws_iam_role_policy.terraform_plan
  to   = aws_iam_role_policy.this["terraform-plan"]
}
