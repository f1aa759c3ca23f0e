output "bucket_name" {
  description = "Name of the bucket."
  value       = aws_s3_bucket.this.bucket
}

output "bucket_arn" {
  description = "ARN of the bucket."
  value       = aws_s3_bucket.this.arn
}

output "sse_algorithm" {
  description = "Default encryption of the bucket: AES256 (SSE-S3) or aws:kms."
  value       = var.kms_key_arn == null ? "AES256" : "aws:kms"
}
