# Planned against a mocked AWS provider: no account, no credentials.

mock_provider "aws" {
  source = "../../mocks"
}

variables {
  parameter_name = "/emailpipeline/test/api-token"
  token          = "0123456789abcdef0123456789abcdef"
}

run "secure_string_written_only_through_the_write_only_argument" {
  command = plan

  assert {
    condition     = aws_ssm_parameter.token.type == "SecureString" && aws_ssm_parameter.token.name == "/emailpipeline/test/api-token"
    error_message = "The token must be a SecureString with the given name."
  }

  # The token is an ephemeral variable: Terraform itself refuses it anywhere but a write-only argument (value_wo)
  # or an ephemeral output, so it can reach neither the state, nor a plan, nor an output.
  assert {
    condition     = aws_ssm_parameter.token.value_wo_version == 1
    error_message = "The token must be written through value_wo, whose version decides when it is written."
  }

  assert {
    condition     = output.parameter_name == var.parameter_name
    error_message = "parameter_name must be an output (the value must not)."
  }
}

run "rotation" {
  command = plan

  variables {
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
