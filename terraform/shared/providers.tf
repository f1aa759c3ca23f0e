provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "emailpipeline"
      Environment = "shared"
      ManagedBy   = "terraform"
      Source      = "terraform/shared"
    }
  }
}
