data "aws_caller_identity" "current" {}

# The state bucket gets everything the archive bucket gets: versioning (every
# state ever written can be restored), encryption, no public access, TLS only.
module "state_bucket" {
  source = "../modules/s3"

  bucket_name                        = "emailpipeline-tfstate-${data.aws_caller_identity.current.account_id}"
  force_destroy                      = false
  noncurrent_version_expiration_days = 365
}
