# Planned against a mocked AWS provider: no account, no credentials.

mock_provider "aws" {
  source = "../mocks"
}

variables {
  github_repository = "acme/emailpipeline"
  state_bucket_name = "emailpipeline-tfstate-123456789012"
}

run "repositories_and_github_roles" {
  command = plan

  assert {
    condition     = toset(keys(module.ecr.repository_urls)) == toset(["emailpipeline-api", "emailpipeline-consumer"])
    error_message = "The shared repositories must be emailpipeline-api and emailpipeline-consumer."
  }

  assert {
    condition     = local.environments == tolist(["dev", "prod"])
    error_message = "The GitHub roles must cover every environment of ../environments (dev and prod)."
  }

  assert {
    condition     = contains(module.github_oidc.trusted_subjects.deploy, "repo:acme/emailpipeline:ref:refs/heads/main")
    error_message = "The deploy role must trust the main branch of the repository."
  }
}
