terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }

  # Local state on purpose: this creates the bucket every other state lives
  # in. Keep terraform.tfstate safe, or move it into the bucket afterwards
  # (see the README).
}
