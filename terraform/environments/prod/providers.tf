provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "emailpipeline"
      Environment = "prod"
      ManagedBy   = "terraform"
      Source      = "terraform/environments/prod"
    }
  }
}
