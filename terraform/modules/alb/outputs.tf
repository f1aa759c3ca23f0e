output "api_url" {
  description = "Base URL of the Api: https://<domain_name or load balancer DNS name> with a certificate, otherwise http://<load balancer DNS name>."
  value       = local.https_enabled ? "https://${coalesce(var.domain_name, aws_lb.this.dns_name)}" : "http://${aws_lb.this.dns_name}"
}

output "dns_name" {
  description = "DNS name of the load balancer (point your domain's alias record here)."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Route 53 hosted zone ID of the load balancer, for alias records."
  value       = aws_lb.this.zone_id
}

output "arn_suffix" {
  description = "ARN suffix of the load balancer (the LoadBalancer dimension of its CloudWatch metrics)."
  value       = aws_lb.this.arn_suffix
}

output "security_group_id" {
  description = "Security group of the load balancer: the only source the Api tasks accept traffic from."
  value       = aws_security_group.alb.id
}

output "target_group_arn" {
  description = "ARN of the Api target group. Available only once a listener forwards to it, as ECS requires."
  value       = aws_lb_target_group.api.arn

  depends_on = [aws_lb_listener.http, aws_lb_listener.https]
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the Api target group (the TargetGroup dimension of its CloudWatch metrics)."
  value       = aws_lb_target_group.api.arn_suffix
}

output "https_enabled" {
  description = "Whether the load balancer has an HTTPS listener (and port 80 only redirects)."
  value       = local.https_enabled
}

output "access_logs_bucket" {
  description = "Bucket the access logs go to (under alb/), or null when they are off."
  value       = var.access_logs_bucket
}

output "target_group_port" {
  description = "Port the target group sends requests and health checks to: the Api's port."
  value       = aws_lb_target_group.api.port
}
