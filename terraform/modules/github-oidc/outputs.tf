output "oidc_provider_arn" {
  description = "ARN of the IAM OIDC provider for token.actions.githubusercontent.com."
  value       = local.oidc_provider_arn
}

output "role_arns" {
  description = "Every role by its key: image-push, terraform-plan, deploy-<environment>, terraform-<environment>."
  value       = { for key, role in aws_iam_role.this : key => role.arn }
}

output "permissions_boundary_arns" {
  description = "The permissions boundary of each environment (modules/ecs attaches it to every role it creates)."
  value       = { for environment, boundary in aws_iam_policy.boundary : environment => boundary.arn }
}

# What GitHub Actions needs, as variables: repository variables for the jobs outside any environment (CI's push,
# the plans), and variables of each GitHub environment for its deploy and apply jobs. An environment's variable
# takes precedence over the repository's of the same name, so AWS_DEPLOY_ROLE_ARN names CI's push role on main
# and each environment's deploy role inside that environment.
output "github_actions_variables" {
  description = "Variables to set in GitHub: repository-wide, and per GitHub environment."
  value = {
    repository = {
      AWS_DEPLOY_ROLE_ARN         = aws_iam_role.this["image-push"].arn
      AWS_TERRAFORM_PLAN_ROLE_ARN = aws_iam_role.this["terraform-plan"].arn
    }
    environments = {
      for environment in var.environments : local.github_environment[environment] => {
        AWS_DEPLOY_ROLE_ARN    = aws_iam_role.this["deploy-${environment}"].arn
        AWS_TERRAFORM_ROLE_ARN = aws_iam_role.this["terraform-${environment}"].arn
      }
    }
  }
}

output "trusted_subjects" {
  description = "The token subjects (sub) and the workflow (job_workflow_ref) each role trusts."
  value       = { for key, role in local.roles : key => { subjects = role.subjects, workflow_ref = role.workflow_ref } }
}
