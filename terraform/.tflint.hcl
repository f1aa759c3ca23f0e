# tflint for every configuration under terraform/. The Terraform workflow runs it from this folder with
#   tflint --init --config "$PWD/.tflint.hcl" && tflint --recursive --config "$PWD/.tflint.hcl"
# (with --recursive, a relative --config would be looked for in each configuration's own folder).

config {
  # The stack's and shared's local modules are linted in their calls too, with the values passed to them.
  call_module_type = "local"
}

# Terraform's own rules, all of them: documented and typed variables, documented outputs, snake_case names, the
# standard module structure (variables in variables.tf, outputs in outputs.tf), no unused declarations, required
# versions and providers.
plugin "terraform" {
  enabled = true
  preset  = "all"
}

# The AWS provider's rules: values AWS would reject at apply (instance and task sizes, names, ARNs), deprecated
# arguments and previous-generation types.
plugin "aws" {
  enabled = true
  version = "0.48.0"
  source  = "github.com/terraform-linters/tflint-ruleset-aws"
}
