provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "emailpipeline"
      Environment = "dev"
      ManagedBy   = "terraform"
      Source      = "terraform/environments/dev"
    }
  }
}
