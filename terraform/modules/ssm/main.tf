# The value reaches SSM only through the write-only argument: it is never
# stored in the state or shown in a plan.
resource "aws_ssm_parameter" "token" {
  name        = var.parameter_name
  description = "Token that callers of POST /api/email must present. Managed by Terraform; rotate with token_version or put-parameter --overwrite."
  type        = "SecureString"
  tier        = "Standard"
  key_id      = var.kms_key_arn

  value_wo         = var.token
  value_wo_version = var.token_version
}
