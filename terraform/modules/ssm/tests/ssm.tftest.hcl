# terraform test, on GitHub (mocked AWS provider; the random provider is real).

mock_provider "aws" {}

variables {
  parameter_name = "/emailpipeline/test/api-token"
}

run "generated_secure_string" {
  command = plan

  assert {
    condition     = aws_ssm_parameter.token.type == "SecureString" && aws_ssm_parameter.token.name == "/emailpipeline/test/api-token"
    error_message = "The token must be a SecureString with the given name."
  }

  assert {
    condition     = aws_ssm_parameter.token.value_wo_version == 1
    error_message = "The token must be written through the write-only value (never stored in the state)."
  }

  assert {
    condition     = output.parameter_name == var.parameter_name
    error_message = "parameter_name must be an output (the value must not)."
  }
}

run "supplied_token" {
  command = plan

  variables {
    token         = "0123456789abcdef0123456789abcdef"
    token_version = 2
  }

  assert {
    condition     = aws_ssm_parameter.token.value_wo_version == 2
    error_message = "token_version must be passed on, to write the new token."
  }
}

run "rejects_a_short_token" {
  command = plan

  variables {
    token = "too-short"
  }

  expect_failures = [var.token]
}
