# Remote state in the bucket created by terraform/bootstrap, next to the environment's stack state but apart from
# it: emailpipeline/<environment>/token.tfstate. The bucket and the region come from ../environments/backend.hcl:
#   terraform init -reconfigure -backend-config=../environments/backend.hcl -backend-config=key=emailpipeline/dev/token.tfstate
terraform {
  backend "s3" {
    encrypt      = true
    use_lockfile = true
  }
}
