terraform {
  # 1.11: write-only arguments (the token never enters the state). The random
  # provider (the generated token) is required, and pinned, by modules/ssm.
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}
