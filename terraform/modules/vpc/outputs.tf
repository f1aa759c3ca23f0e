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
  description = "IDs of the private subnets (the ECS tasks), one per zone. They reach the internet only through NAT."
  value       = aws_subnet.private[*].id
}

output "nat_gateway_count" {
  description = "Number of NAT gateways: 1 with single_nat_gateway, otherwise one per zone."
  value       = local.nat_gateway_count
}

output "nat_public_ips" {
  description = "Public addresses the tasks' outbound internet traffic comes from."
  value       = aws_eip.nat[*].public_ip
}

output "interface_endpoint_services" {
  description = "AWS services reached through interface endpoints (empty when they are disabled)."
  value       = sort(tolist(local.interface_endpoint_services))
}
