provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = "emailpipeline"
      ManagedBy = "terraform"
      Source    = "terraform/bootstrap"
    }
  }
}
