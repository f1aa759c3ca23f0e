# Where each resource was before the two services shared one set of resource blocks: an existing environment
# keeps its resources.

moved {
  from = aws_cloudwatch_log_group.api
  to   = aws_cloudwatch_log_group.this["api"]
}

moved {
  from = aws_cloudwatch_log_group.consumer
  to   = aws_cloudwatch_log_group.this["consumer"]
}

moved {
  from = aws_ecs_task_definition.api
  to   = aws_ecs_task_definition.this["api"]
}

moved {
  from = aws_ecs_task_definition.consumer
  to   = aws_ecs_task_definition.this["consumer"]
}

moved {
  from = aws_ecs_service.api
  to   = aws_ecs_service.this["api"]
}

moved {
  from = aws_ecs_service.consumer
  to   = aws_ecs_service.this["consumer"]
}

moved {
  from = aws_security_group.api
  to   = aws_security_group.this["api"]
}

moved {
  from = aws_security_group.consumer
  to   = aws_security_group.this["consumer"]
}

moved {
  from = aws_vpc_security_group_egress_rule.api_https
  to   = aws_vpc_security_group_egress_rule.https["api"]
}

moved {
  from = aws_vpc_security_group_egress_rule.consumer_https
  to   = aws_vpc_security_group_egress_rule.https["consumer"]
}

moved {
  from = aws_appautoscaling_target.api
  to   = aws_appautoscaling_target.this["api"]
}

moved {
  from = aws_appautoscaling_target.consumer
  to   = aws_appautoscaling_target.this["consumer"]
}

moved {
  from = aws_iam_role.api_task
  to   = aws_iam_role.task["api"]
}

moved {
  from = aws_iam_role.consumer_task
  to   = aws_iam_role.task["consumer"]
}

moved {
  from = aws_iam_role_policy.api_task
  to   = aws_iam_role_policy.task["api"]
}

moved {
  from = aws_iam_role_policy.consumer_task
  to   = aws_iam_role_policy.task["consumer"]
}

moved {
  from = aws_appautoscaling_policy.api_cpu
  to   = aws_appautoscaling_policy.api["cpu"]
}

moved {
  from = aws_appautoscaling_policy.api_requests
  to   = aws_appautoscaling_policy.api["requests"]
}

# The one 0.0.0.0/0 rule per service became one rule per destination; it lives on as the internet rule, which
# exists only with internet_egress (NAT), and is otherwise destroyed.
moved {
  from = aws_vpc_security_group_egress_rule.https["api"]
  to   = aws_vpc_security_group_egress_rule.https["api-internet"]
}

moved {
  from = aws_vpc_security_group_egress_rule.https["consumer"]
  to   = aws_vpc_security_group_egress_rule.https["consumer-internet"]
}
