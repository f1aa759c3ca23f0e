# Remote state in the bucket created by terraform/bootstrap, with S3-native
# locking (a lock file next to the state; no DynamoDB table). The bucket and the
# region come from ../backend.hcl:
#   terraform init -backend-config=../backend.hcl
terraform {
  backend "s3" {
    key          = "emailpipeline/shared/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}
