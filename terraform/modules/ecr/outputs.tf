output "repository_urls" {
  description = "Repository URLs by repository name (<account>.dkr.ecr.<region>.amazonaws.com/<name>)."
  value       = { for name, repository in aws_ecr_repository.this : name => repository.repository_url }
}

output "repository_arns" {
  description = "Repository ARNs by repository name."
  value       = { for name, repository in aws_ecr_repository.this : name => repository.arn }
}
