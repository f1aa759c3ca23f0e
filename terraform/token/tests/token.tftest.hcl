# Planned against a mocked AWS provider: no account, no credentials.

mock_provider "aws" {
  source          = "../mocks"
  override_during = plan
}

# The token generator's provider, configured offline: with generate_api_token = false it is never called.
provider "aws" {
  alias                       = "token_generator"
  region                      = "eu-west-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

variables {
  environment        = "dev"
  generate_api_token = false
  api_token          = "0123456789abcdef0123456789abcdef"
}

run "the_environment_token_written_only_through_the_write_only_argument" {
  command = plan

  assert {
    condition     = module.ssm.parameter_name == "/emailpipeline/dev/api-token" && output.token_parameter_name == "/emailpipeline/dev/api-token"
    error_message = "The token must be /emailpipeline/<environment>/api-token: the stack and the roles find it by that name."
  }
}

run "rejects_a_missing_token_when_none_is_generated" {
  command = plan

  variables {
    api_token = null
  }

  expect_failures = [var.api_token]
}
