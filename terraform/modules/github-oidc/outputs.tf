output "oidc_provider_arn" {
  description = "ARN of the IAM OIDC provider for token.actions.githubusercontent.com."
  value       = local.oidc_provider_arn
}

output "github_deploy_role_arn" {
  description = "Role for CI/CD of the services: push to the two repositories, register task definitions, update the dev and prod services."
  value       = aws_iam_role.deploy.arn
}

output "github_terraform_role_arn" {
  description = "Role for terraform apply (and plan) of dev and prod: jobs on main or in the terraform_github_environments."
  value       = aws_iam_role.terraform.arn
}

output "github_terraform_plan_role_arn" {
  description = "Read-only role for terraform plan in pull requests (and on main)."
  value       = aws_iam_role.terraform_plan.arn
}

output "trusted_subjects" {
  description = "The token subjects (sub claims) each role trusts."
  value       = local.trusted_subjects
}
