output "queue_name" {
  description = "Name of the queue."
  value       = aws_sqs_queue.this.name
}

output "queue_url" {
  description = "URL of the queue (SQS_QUEUE_URL of both services)."
  value       = aws_sqs_queue.this.id
}

output "queue_arn" {
  description = "ARN of the queue."
  value       = aws_sqs_queue.this.arn
}

output "dlq_name" {
  description = "Name of the dead-letter queue."
  value       = aws_sqs_queue.dlq.name
}

output "dlq_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dlq.id
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "message_retention_seconds" {
  description = "Retention of the queue, in seconds."
  value       = aws_sqs_queue.this.message_retention_seconds
}

output "dlq_message_retention_seconds" {
  description = "Retention of the dead-letter queue, in seconds (always longer than the queue's)."
  value       = aws_sqs_queue.dlq.message_retention_seconds
}

output "max_message_size" {
  description = "Largest message, in bytes, the queue accepts: the limit the Api's size check has to respect."
  value       = aws_sqs_queue.this.max_message_size
}

output "visibility_timeout_seconds" {
  description = "Visibility timeout of the queue, in seconds (at least 6 times the Consumer's per-message budget)."
  value       = aws_sqs_queue.this.visibility_timeout_seconds
}
