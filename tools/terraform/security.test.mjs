// The security rules of the infrastructure, asserted on the code. Each rule is also run on a mutated copy of the
// real code, to prove it fails when the rule is broken.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkDlqRetention, checkEcr, checkIam, checkLoadBalancer, checkNetwork, checkS3, checkSecretOutputs, checkSqs,
  checkVpcEndpoints, IAM_WILDCARD_EXCEPTIONS, MANAGED_POLICY_EXCEPTIONS,
} from './lib/security.mjs';
import { assertCaught, assertClean, mutatedTree, realTree } from './lib/testing.mjs';

describe('IAM', () => {
  test('no Allow statement has a wildcard action, or resource "*" outside the listed exceptions', async () => {
    assertClean(checkIam(await realTree()));
  });

  test('the exceptions are the actions AWS offers no resource-level permission for, each with a reason', () => {
    const actions = IAM_WILDCARD_EXCEPTIONS.flatMap((e) => e.actions).sort();
    assert.deepEqual([...new Set(actions)], ['ecr:GetAuthorizationToken', 'ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition']);
    for (const e of [...IAM_WILDCARD_EXCEPTIONS, ...MANAGED_POLICY_EXCEPTIONS]) assert.ok(e.reason.length > 40, `exception without a reason: ${JSON.stringify(e)}`);
  });

  test('catches a wildcard action', async () => {
    const tree = await mutatedTree(['modules/ecs/iam.tf', 'actions   = ["sqs:GetQueueAttributes", "sqs:SendMessage"]', 'actions   = ["sqs:*"]']);
    assertCaught(checkIam(tree), /^modules\/ecs\/iam\.tf: policy document "api_task" statement "PublishEmails": action "sqs:\*" is a wildcard/);
  });

  test('catches resource "*" where AWS does not require it, and a wildcard inside a dynamic statement', async () => {
    const tree = await mutatedTree(
      ['modules/ecs/iam.tf', 'resources = [var.token_parameter_arn]', 'resources = ["*"]'],
      ['modules/ecs/iam.tf', '  dynamic "statement" {\n    for_each = local.kms_enabled ? [var.kms_key_arn] : []\n\n    content {\n      sid       = "UseCustomerManagedKey"\n      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]\n      resources = [statement.value]\n    }\n  }\n}\n\nresource "aws_iam_role_policy" "api_task"', '  dynamic "statement" {\n    for_each = local.kms_enabled ? [var.kms_key_arn] : []\n\n    content {\n      sid       = "UseCustomerManagedKey"\n      actions   = ["kms:*"]\n      resources = [statement.value]\n    }\n  }\n}\n\nresource "aws_iam_role_policy" "api_task"'],
    );
    const problems = checkIam(tree);
    assertCaught(problems, /policy document "api_task" statement "ReadToken": resource "\*"/);
    assertCaught(problems, /policy document "api_task" statement "UseCustomerManagedKey": action "kms:\*" is a wildcard/);
  });

  test('an exception covers only its exact statement', async () => {
    const tree = await mutatedTree(['modules/github-oidc/main.tf', 'actions   = ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"]', 'actions   = ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition", "ecs:RunTask"]']);
    assertCaught(checkIam(tree), /policy document "deploy" statement "TaskDefinitions": resource "\*"/);
  });

  test('catches a policy that bypasses the policy documents, and an unlisted managed policy', async () => {
    const tree = await mutatedTree(
      ['modules/ecs/iam.tf', 'policy = data.aws_iam_policy_document.consumer_task.json', 'policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })'],
      ['modules/github-oidc/main.tf', 'policy/PowerUserAccess"', 'policy/AdministratorAccess"'],
    );
    const problems = checkIam(tree);
    assertCaught(problems, /^modules\/ecs\/iam\.tf: aws_iam_role_policy\.consumer_task: policy must be an aws_iam_policy_document's json/);
    assertCaught(problems, /^modules\/github-oidc\/main\.tf: aws_iam_role_policy_attachment\.terraform_power_user: attaches ".*AdministratorAccess", which is not in MANAGED_POLICY_EXCEPTIONS/);
  });

  test('catches a trust policy open to any principal', async () => {
    const tree = await mutatedTree(['modules/ecs/iam.tf', '# Task roles may only be assumed by ECS on behalf of tasks in this account and\n# region (confused-deputy protection).\ndata "aws_iam_policy_document" "task_trust" {\n  statement {\n    sid     = "EcsTasksAssumeRole"\n    actions = ["sts:AssumeRole"]\n\n    principals {\n      type        = "Service"\n      identifiers = ["ecs-tasks.amazonaws.com"]', '# Task roles may only be assumed by ECS on behalf of tasks in this account and\n# region (confused-deputy protection).\ndata "aws_iam_policy_document" "task_trust" {\n  statement {\n    sid     = "EcsTasksAssumeRole"\n    actions = ["sts:AssumeRole"]\n\n    principals {\n      type        = "AWS"\n      identifiers = ["*"]']);
    assertCaught(checkIam(tree), /policy document "task_trust" statement "EcsTasksAssumeRole": Allow to principal "\*"/);
  });
});

describe('S3', () => {
  test('every bucket blocks public access, enforces ownership, is versioned and encrypted, expires old versions and denies non-TLS requests', async () => {
    assertClean(checkS3(await realTree()));
  });

  test('catches a public access block that is off', async () => {
    const tree = await mutatedTree(['modules/s3/main.tf', 'restrict_public_buckets = true', 'restrict_public_buckets = false']);
    assertCaught(checkS3(tree), /^modules\/s3\/main\.tf: aws_s3_bucket\.this: public access block restrict_public_buckets is not true/);
  });

  test('catches missing TLS enforcement, versioning and encryption', async () => {
    const tree = await mutatedTree(
      ['modules/s3/main.tf', 'values   = ["false"]', 'values   = ["true"]'],
      ['modules/s3/main.tf', 'status = "Enabled"\n  }\n}', 'status = "Suspended"\n  }\n}'],
      ['modules/s3/main.tf', 'resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n  bucket = aws_s3_bucket.this.id', 'resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n  bucket = "someone-elses-bucket"'],
    );
    const problems = checkS3(tree);
    assertCaught(problems, /aws_s3_bucket\.this: no bucket policy statement denying s3:\* .* aws:SecureTransport is false/);
    assertCaught(problems, /aws_s3_bucket\.this: versioning is not Enabled/);
    assertCaught(problems, /aws_s3_bucket\.this: no default encryption/);
  });
});

describe('SQS', () => {
  test('queue and dead-letter queue are encrypted, long-polled, and the dead-letter queue admits only its source', async () => {
    assertClean(checkSqs(await realTree()));
  });

  test('the dead-letter queue keeps messages longer than the queue, with the defaults and in every environment', async () => {
    assertClean(checkDlqRetention(await realTree()));
  });

  test('catches an unencrypted queue', async () => {
    const tree = await mutatedTree(['modules/sqs/main.tf', 'sqs_managed_sse_enabled = var.kms_key_arn == null ? true : null', 'sqs_managed_sse_enabled = var.kms_key_arn == null ? false : null']);
    const problems = checkSqs(tree);
    assertCaught(problems, /^modules\/sqs\/main\.tf: aws_sqs_queue\.dlq: not encrypted in every case/);
    assertCaught(problems, /^modules\/sqs\/main\.tf: aws_sqs_queue\.this: not encrypted in every case/);
  });

  test('catches a dead-letter queue retention that is not longer than the queue\'s', async () => {
    const tree = await mutatedTree(['environments/prod/main.tf', 'message_retention_seconds  = 345600', 'message_retention_seconds  = 1209600']);
    assertCaught(checkDlqRetention(tree), /^modules\/sqs as module "sqs" of environments\/prod: dead-letter queue aws_sqs_queue\.dlq keeps messages 1209600 s, not longer than aws_sqs_queue\.this's 1209600 s/);
  });

  test('catches a missing redrive-allow policy and short polling', async () => {
    const tree = await mutatedTree(
      ['modules/sqs/main.tf', 'redrivePermission = "byQueue"', 'redrivePermission = "allowAll"'],
      ['modules/sqs/main.tf', '  receive_wait_time_seconds  = 20\n', '  receive_wait_time_seconds  = 0\n'],
    );
    const problems = checkSqs(tree);
    assertCaught(problems, /aws_sqs_queue\.dlq: needs a redrive-allow policy \(byQueue\) that admits only aws_sqs_queue\.this/);
    assertCaught(problems, /aws_sqs_queue\.this: receive_wait_time_seconds must be 1-20/);
  });
});

describe('network', () => {
  test('tasks run in private subnets without public IPs; the Api admits only the load balancer; only the load balancer is open to the internet', async () => {
    assertClean(checkNetwork(await realTree()));
  });

  test('catches a task with a public IP', async () => {
    const tree = await mutatedTree(['modules/ecs/consumer.tf', 'assign_public_ip = false', 'assign_public_ip = true']);
    assertCaught(checkNetwork(tree), /^modules\/ecs\/consumer\.tf: aws_ecs_service\.consumer: assign_public_ip must be false/);
  });

  test('catches tasks placed in public subnets', async () => {
    const tree = await mutatedTree(
      ['environments/dev/main.tf', 'private_subnet_ids    = module.vpc.private_subnet_ids', 'private_subnet_ids    = module.vpc.public_subnet_ids'],
      ['modules/vpc/main.tf', 'nat_gateway_id         = aws_nat_gateway.this[var.single_nat_gateway ? 0 : count.index].id', 'gateway_id             = aws_internet_gateway.this.id'],
    );
    const problems = checkNetwork(tree);
    assertCaught(problems, /^environments\/dev\/main\.tf: module "ecs" private_subnet_ids: aws_subnet\.public routes through aws_route_table\.public to an internet gateway/);
    assertCaught(problems, /^environments\/prod\/main\.tf: module "ecs" private_subnet_ids: aws_subnet\.private routes through aws_route_table\.private to an internet gateway/);
  });

  test('catches an Api reachable from anywhere but the load balancer', async () => {
    const tree = await mutatedTree(['modules/ecs/api.tf', 'referenced_security_group_id = var.alb_security_group_id', 'cidr_ipv4                    = "0.0.0.0/0"']);
    const problems = checkNetwork(tree);
    assertCaught(problems, /^modules\/ecs\/api\.tf: aws_vpc_security_group_ingress_rule\.api_from_alb: ingress from anywhere into a security group that is not a load balancer's/);
    assertCaught(problems, /aws_vpc_security_group_ingress_rule\.api_from_alb: the load-balanced service aws_ecs_service\.api may only admit the load balancer's security group/);
  });

  test('catches an Api admitting a security group that is not the load balancer\'s, and a Consumer admitting the load balancer', async () => {
    const tree = await mutatedTree(
      ['environments/prod/main.tf', 'alb_security_group_id = module.alb.security_group_id', 'alb_security_group_id = module.ecs.consumer_security_group_id'],
      ['modules/ecs/consumer.tf', '  cidr_ipv4         = each.value\n', '  referenced_security_group_id = var.alb_security_group_id\n'],
    );
    const problems = checkNetwork(tree);
    assertCaught(problems, /^environments\/prod\/main\.tf: module "ecs" alb_security_group_id must be the security group of a load balancer/);
    assertCaught(problems, /aws_vpc_security_group_ingress_rule\.consumer_metrics: service aws_ecs_service\.consumer is not behind the load balancer and must not admit another security group/);
  });

  test('the VPC reaches S3 through a gateway endpoint and SQS, SSM, ECR and Logs through interface endpoints', async () => {
    assertClean(checkVpcEndpoints(await realTree()));
    const tree = await mutatedTree(['modules/vpc/main.tf', 'toset(["ecr.api", "ecr.dkr", "logs", "sqs", "ssm"])', 'toset(["ecr.api", "ecr.dkr", "logs", "sqs"])']);
    assertCaught(checkVpcEndpoints(tree), /^modules\/vpc: no interface endpoint for ssm/);
  });
});

describe('secrets, images and the load balancer', () => {
  test('no output exposes the token', async () => {
    assertClean(await checkSecretOutputs(await realTree()));
  });

  test('catches an output that exposes the token', async () => {
    const tree = await mutatedTree(['modules/ssm/outputs.tf', 'value       = aws_ssm_parameter.token.arn', 'value       = aws_ssm_parameter.token.value']);
    assertCaught(await checkSecretOutputs(tree), /^modules\/ssm\/outputs\.tf: output "parameter_arn" exposes aws_ssm_parameter\.token\.value/);
    const viaVariable = await mutatedTree(['environments/dev/outputs.tf', 'value       = module.ssm.parameter_name', 'value       = var.api_token']);
    assertCaught(await checkSecretOutputs(viaVariable), /^environments\/dev\/outputs\.tf: output "token_parameter_name" exposes var\.api_token/);
  });

  test('repositories have immutable tags, scan on push and a lifecycle policy', async () => {
    assertClean(checkEcr(await realTree()));
    const tree = await mutatedTree(['modules/ecr/main.tf', 'image_tag_mutability = "IMMUTABLE"', 'image_tag_mutability = "MUTABLE"']);
    assertCaught(checkEcr(tree), /^modules\/ecr\/main\.tf: aws_ecr_repository\.this: image_tag_mutability must be IMMUTABLE/);
  });

  test('the load balancer checks /health, drops invalid headers and serves HTTPS with TLS 1.2+', async () => {
    assertClean(checkLoadBalancer(await realTree()));
    const tree = await mutatedTree(
      ['modules/alb/main.tf', 'path                = "/health"', 'path                = "/"'],
      ['modules/alb/main.tf', 'ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"', 'ssl_policy        = "ELBSecurityPolicy-2016-08"'],
    );
    const problems = checkLoadBalancer(tree);
    assertCaught(problems, /aws_lb_target_group\.api: health check path must be \/health/);
    assertCaught(problems, /aws_lb_listener\.https: ssl_policy must be a TLS 1\.2\/1\.3 policy/);
  });
});
