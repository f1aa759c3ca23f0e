# Planned against a mocked AWS provider: no account, no credentials.

mock_provider "aws" {
  source = "../mocks"
}

run "state_bucket_and_backend_config" {
  command = plan

  assert {
    condition     = output.state_bucket_name == "emailpipeline-tfstate-123456789012"
    error_message = "The state bucket must be emailpipeline-tfstate-<account id>."
  }

  assert {
    condition     = output.backend_config == "bucket = \"emailpipeline-tfstate-123456789012\"\nregion = \"eu-west-1\"\n"
    error_message = "backend_config must be the contents of environments/backend.hcl."
  }
}
