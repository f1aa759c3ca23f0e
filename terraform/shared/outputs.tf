output "ecr_repository_urls" {
  description = "Repository URLs by name (emailpipeline-api, emailpipeline-consumer)."
  value       = module.ecr.repository_urls

  precondition {
    condition     = toset(var.promotion_order) == toset(local.environments) && length(var.promotion_order) == length(local.environments)
    error_message = "promotion_order must list every environment of ../environments (${join(", ", local.environments)}) once, production last."
  }
}

output "github_actions_variables" {
  description = "What to set in GitHub (Settings, Secrets and variables, Actions, Variables): the repository variables, and the variables of each GitHub environment, which take precedence there."
  value       = module.github_oidc.github_actions_variables
}

output "github_role_arns" {
  description = "Every GitHub Actions role: image-push, terraform-plan, deploy-<environment>, terraform-<environment>."
  value       = module.github_oidc.role_arns
}

output "github_trusted_subjects" {
  description = "The token subjects and the workflow each GitHub role trusts."
  value       = module.github_oidc.trusted_subjects
}

output "permissions_boundary_arns" {
  description = "Each environment's permissions boundary, carried by every role its Terraform role creates."
  value       = module.github_oidc.permissions_boundary_arns
}
