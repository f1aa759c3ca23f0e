output "state_bucket_name" {
  description = "Bucket that holds the Terraform state of terraform/shared and of every environment."
  value       = module.state_bucket.bucket_name
}

output "backend_config" {
  description = "Contents of terraform/environments/backend.hcl."
  value       = format("bucket = %q\nregion = %q\n", module.state_bucket.bucket_name, var.region)
}
