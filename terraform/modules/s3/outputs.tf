output "bucket_name" {
  description = "Name of the bucket. Available once its policy is in place (a log delivery service checks it when it is pointed at the bucket)."
  value       = aws_s3_bucket.this.bucket

  depends_on = [aws_s3_bucket_policy.this]
}

output "bucket_arn" {
  description = "ARN of the bucket."
  value       = aws_s3_bucket.this.arn
}

output "sse_algorithm" {
  description = "Default encryption of the bucket: AES256 (SSE-S3) or aws:kms."
  value       = var.kms_key_arn == null ? "AES256" : "aws:kms"
}

output "expiration_days" {
  description = "Days after which objects expire; null when they never do."
  value       = var.expiration_days
}

output "policy" {
  description = "The bucket policy (JSON): TLS only, and policy_statements."
  value       = aws_s3_bucket_policy.this.policy
}
