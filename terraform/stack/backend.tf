# Remote state in the bucket created by terraform/bootstrap, with S3-native locking (a lock file next to the state;
# no DynamoDB table). The bucket and the region come from ../environments/backend.hcl, the key from the
# environment's ../environments/<environment>.s3.tfbackend:
#   terraform init -reconfigure -backend-config=../environments/backend.hcl -backend-config=../environments/dev.s3.tfbackend
terraform {
  backend "s3" {
    encrypt      = true
    use_lockfile = true
  }
}
