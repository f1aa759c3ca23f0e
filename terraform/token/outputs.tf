# The token itself is never an output: read it with
#   aws ssm get-parameter --with-decryption --name <token_parameter_name>

output "token_parameter_name" {
  description = "SSM parameter holding the Api token (the Api's SSM_TOKEN_PARAMETER)."
  value       = module.ssm.parameter_name
}

output "token_parameter_arn" {
  description = "ARN of the token parameter."
  value       = module.ssm.parameter_arn
}
