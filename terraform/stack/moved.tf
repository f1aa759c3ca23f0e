# The Api token moved to ../token. An environment created before keeps its parameter: the stack forgets it without
# deleting it, and its state is moved to the token's (terraform/README.md, "Upgrading an environment").
removed {
  from = module.ssm

  lifecycle {
    destroy = false
  }
}
