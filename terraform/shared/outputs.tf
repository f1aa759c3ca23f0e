output "ecr_repository_urls" {
  description = "Repository URLs by name (emailpipeline-api, emailpipeline-consumer)."
  value       = module.ecr.repository_urls
}

output "github_deploy_role_arn" {
  description = "Role the service workflows assume to push images and deploy to ECS."
  value       = module.github_oidc.github_deploy_role_arn
}

output "github_terraform_role_arn" {
  description = "Role the Terraform workflow assumes to apply dev and prod (main branch, production environment)."
  value       = module.github_oidc.github_terraform_role_arn
}

output "github_terraform_plan_role_arn" {
  description = "Read-only role the Terraform workflow assumes to plan in pull requests."
  value       = module.github_oidc.github_terraform_plan_role_arn
}

output "github_trusted_subjects" {
  description = "Token subjects each GitHub role trusts."
  value       = module.github_oidc.trusted_subjects
}
