output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 range of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "availability_zones" {
  description = "The two availability zones the subnets are in."
  value       = local.azs
}

output "public_subnet_ids" {
  description = "IDs of the public subnets (load balancer, NAT gateways), one per zone."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "IDs of the private subnets (the ECS tasks), one per zone. They reach the internet only through NAT, when there is one."
  value       = aws_subnet.private[*].id
}

output "nat_gateway_count" {
  description = "Number of NAT gateways: 0 (nat_gateways = none), 1 (single) or one per zone."
  value       = local.nat_gateway_count
}

output "internet_egress" {
  description = "Whether the private subnets have a route to the internet (through NAT)."
  value       = local.nat_gateway_count > 0
}

output "endpoints_security_group_id" {
  description = "Security group of the interface endpoints: where the tasks may send HTTPS."
  value       = aws_security_group.endpoints.id
}

output "s3_prefix_list_id" {
  description = "Prefix list of S3's addresses in the region (the gateway endpoint's), for security group rules."
  value       = aws_vpc_endpoint.s3.prefix_list_id
}

output "flow_logs_enabled" {
  description = "Whether the VPC's flow logs are delivered to the log bucket."
  value       = length(aws_flow_log.this) > 0
}

output "nat_public_ips" {
  description = "Public addresses the tasks' outbound internet traffic comes from."
  value       = aws_eip.nat[*].public_ip
}

output "interface_endpoint_services" {
  description = "AWS services reached through interface endpoints (empty when they are disabled)."
  value       = sort(tolist(local.interface_endpoint_services))
}
