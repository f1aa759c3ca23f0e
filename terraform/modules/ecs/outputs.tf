output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "services" {
  description = "Each service (api, consumer): its name (also its task definition family, in which CD registers new revisions), log group, task role, security group, the security groups it admits, where it may send HTTPS (endpoints, s3, internet), its subnets, and its container's port and environment."
  value = {
    for name, service in aws_ecs_service.this : name => {
      name                  = service.name
      log_group_name        = aws_cloudwatch_log_group.this[name].name
      task_role_arn         = aws_iam_role.task[name].arn
      security_group_id     = aws_security_group.this[name].id
      admits_security_group = name == "api" ? aws_vpc_security_group_ingress_rule.api_from_alb.referenced_security_group_id : null
      subnet_ids            = service.network_configuration[0].subnets
      port                  = local.services[name].port.number
      environment           = local.services[name].environment
      egress                = { for destination, rule in local.egress : destination => coalesce(rule.security_group, rule.prefix_list, rule.cidr) }
    }
  }
}

output "execution_role_arn" {
  description = "ARN of the task execution role (CD passes it when it registers a revision)."
  value       = aws_iam_role.execution.arn
}

output "permissions_boundary_arn" {
  description = "The permissions boundary every role of the module carries."
  value       = var.permissions_boundary_arn
}
