# The token itself is never an output: read it with
#   aws ssm get-parameter --with-decryption --name <parameter_name>

output "parameter_name" {
  description = "Name of the token parameter (the Api's SSM_TOKEN_PARAMETER)."
  value       = aws_ssm_parameter.token.name
}

output "parameter_arn" {
  description = "ARN of the token parameter (what the Api's task role may read)."
  value       = aws_ssm_parameter.token.arn
}
