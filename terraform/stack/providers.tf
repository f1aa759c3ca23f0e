provider "aws" {
  region = var.region

  # Environment is what keeps environments apart where a resource's ARN has no name in it (VPC, subnets, security
  # groups, scaling targets): another environment's roles are denied everything tagged with this one's name.
  default_tags {
    tags = {
      Project     = "emailpipeline"
      Environment = var.environment
      ManagedBy   = "terraform"
      Source      = "terraform/stack"
    }
  }
}
