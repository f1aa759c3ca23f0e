provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "emailpipeline"
      Environment = var.environment
      ManagedBy   = "terraform"
      Source      = "terraform/token"
    }
  }
}

# Serves only the ephemeral token generator. A configuration of its own because terraform test mocks the provider
# above, and a mocked provider cannot serve ephemeral resources (the tests store a supplied token instead).
provider "aws" {
  alias  = "token_generator"
  region = var.region
}
