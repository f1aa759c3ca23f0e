output "api_url" {
  description = "Base URL of the Api: POST <api_url>/api/email."
  value       = module.alb.api_url
}

output "alb_dns_name" {
  description = "DNS name of the load balancer (target of your DNS record when you use a certificate)."
  value       = module.alb.dns_name
}

output "queue_url" {
  description = "URL of the email queue."
  value       = module.sqs.queue_url
}

output "dlq_url" {
  description = "URL of the dead-letter queue."
  value       = module.sqs.dlq_url
}

output "queue_max_message_size" {
  description = "Largest message, in bytes, the queue accepts: the Api must refuse an email whose message would be larger."
  value       = module.sqs.max_message_size
}

output "bucket_name" {
  description = "Archive bucket; emails are under emails/YYYY/MM/DD/."
  value       = module.s3.bucket_name
}

output "token_parameter_name" {
  description = "SSM parameter holding the Api token, written by ../token (read it with aws ssm get-parameter --with-decryption)."
  value       = local.token_parameter_name
}

output "log_bucket_name" {
  description = "Bucket of the load balancer's access logs (alb/) and the VPC's flow logs (vpc-flow-logs/)."
  value       = module.logs.bucket_name
}

output "ecr_repository_urls" {
  description = "Repositories the images are pushed to (shared by every environment)."
  value       = { for service, repository in data.aws_ecr_repository.service : service => repository.repository_url }
}

output "ecs_cluster_name" {
  description = "ECS cluster."
  value       = module.ecs.cluster_name
}

output "ecs_service_names" {
  description = "ECS services by service (also their task definition families)."
  value       = { for service, attributes in module.ecs.services : service => attributes.name }
}

output "log_group_names" {
  description = "CloudWatch log groups of the services."
  value       = { for service, attributes in module.ecs.services : service => attributes.log_group_name }
}

output "alarm_topic_arn" {
  description = "SNS topic of the CloudWatch alarms."
  value       = module.alarms.topic_arn
}
