# What every environment shares, applied once per account by an administrator: the image repositories (an image is
# built once and promoted by tag) and the identities of GitHub Actions with their permissions boundaries. No role
# of GitHub Actions can change anything made here.

locals {
  project = "emailpipeline"

  # Every environment with values in ../environments (dev.tfvars, prod.tfvars, ...): each gets its own GitHub roles
  # and permissions boundary.
  environments = sort([for file in fileset("${path.module}/../environments", "*.tfvars") : trimsuffix(file, ".tfvars")])
}

module "ecr" {
  source = "../modules/ecr"

  repository_names        = ["${local.project}-api", "${local.project}-consumer"]
  deployment_environments = var.promotion_order
}

module "github_oidc" {
  source = "../modules/github-oidc"

  github_repository    = var.github_repository
  create_oidc_provider = var.create_github_oidc_provider
  project              = local.project
  environments         = local.environments
  github_environments  = var.github_environments
  ecr_repository_arns  = values(module.ecr.repository_arns)
  state_bucket_name    = var.state_bucket_name
}
