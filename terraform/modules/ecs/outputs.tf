output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "api_service_name" {
  description = "Name of the Api service (also its task definition family)."
  value       = aws_ecs_service.api.name
}

output "consumer_service_name" {
  description = "Name of the Consumer service (also its task definition family)."
  value       = aws_ecs_service.consumer.name
}

output "api_task_definition_family" {
  description = "Task definition family of the Api; CD registers new revisions in it."
  value       = aws_ecs_task_definition.api.family
}

output "consumer_task_definition_family" {
  description = "Task definition family of the Consumer; CD registers new revisions in it."
  value       = aws_ecs_task_definition.consumer.family
}

output "api_log_group_name" {
  description = "CloudWatch log group of the Api."
  value       = aws_cloudwatch_log_group.api.name
}

output "consumer_log_group_name" {
  description = "CloudWatch log group of the Consumer."
  value       = aws_cloudwatch_log_group.consumer.name
}

output "execution_role_arn" {
  description = "ARN of the task execution role (CD passes it when it registers a revision)."
  value       = aws_iam_role.execution.arn
}

output "api_task_role_arn" {
  description = "ARN of the Api's task role."
  value       = aws_iam_role.api_task.arn
}

output "consumer_task_role_arn" {
  description = "ARN of the Consumer's task role."
  value       = aws_iam_role.consumer_task.arn
}

output "api_security_group_id" {
  description = "Security group of the Api tasks."
  value       = aws_security_group.api.id
}

output "consumer_security_group_id" {
  description = "Security group of the Consumer tasks."
  value       = aws_security_group.consumer.id
}
