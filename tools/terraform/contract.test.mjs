// The contract with the services (SPEC.md) and with CI/CD (the naming contract), evaluated for dev and prod.
// Each rule is also run on a mutated copy of the real code, to prove it fails.
import { describe, test } from 'node:test';
import { checkEnvironmentSizing, checkNaming, checkServiceContract } from './lib/contract.mjs';
import { assertCaught, assertClean, mutatedTree, realTree } from './lib/testing.mjs';

describe('naming contract', () => {
  test('cluster, services, families, containers, log groups, queues, parameter, bucket, repositories and GitHub role permissions follow emailpipeline-<env>', async () => {
    assertClean(checkNaming(await realTree()));
  });

  test('catches a renamed service, queue and log group', async () => {
    const tree = await mutatedTree(
      ['modules/ecs/main.tf', 'consumer_name = "${var.name_prefix}-consumer"', 'consumer_name = "${var.name_prefix}-worker"'],
      ['modules/sqs/main.tf', 'dlq_name = "${var.name}-dlq"', 'dlq_name = "${var.name}-dead"'],
      ['modules/ecs/main.tf', 'name              = "/ecs/${var.name_prefix}/api"', 'name              = "/aws/ecs/${var.name_prefix}/api"'],
    );
    const problems = checkNaming(tree);
    assertCaught(problems, /^environments\/dev: the ECS service names is \["emailpipeline-dev-api","emailpipeline-dev-worker"\], the naming contract says \["emailpipeline-dev-api","emailpipeline-dev-consumer"\]/);
    assertCaught(problems, /^environments\/prod: the queues is .*"emailpipeline-prod-emails-dead".*, the naming contract says/);
    assertCaught(problems, /^environments\/dev: the log groups is .*"\/aws\/ecs\/emailpipeline-dev\/api"/);
  });

  test('catches a container name, parameter and bucket off the contract', async () => {
    const tree = await mutatedTree(
      ['modules/ecs/api.tf', 'name      = "api"', 'name      = "web"'],
      ['environments/prod/main.tf', 'parameter_name = "/${local.project}/${local.environment}/api-token"', 'parameter_name = "/${local.project}/${local.environment}/token"'],
      ['environments/dev/main.tf', 'bucket_name                        = "${local.name_prefix}-archive-${data.aws_caller_identity.current.account_id}"', 'bucket_name                        = "${local.name_prefix}-emails-${data.aws_caller_identity.current.account_id}"'],
    );
    const problems = checkNaming(tree);
    assertCaught(problems, /^environments\/dev: the container of emailpipeline-dev-api is \["web"\], the naming contract says \["api"\]/);
    assertCaught(problems, /^environments\/prod: the token parameter is \["\/emailpipeline\/prod\/token"\]/);
    assertCaught(problems, /^environments\/dev: the archive bucket is \["emailpipeline-dev-emails-\$\{data\.aws_caller_identity\.current\.account_id\}"\]/);
  });

  test('catches GitHub deploy permissions that no longer match the roles and services the ecs module creates', async () => {
    const tree = await mutatedTree(['modules/ecs/iam.tf', 'name               = "${var.name_prefix}-ecs-execution"', 'name               = "${var.name_prefix}-task-execution"']);
    assertCaught(checkNaming(tree), /^modules\/github-oidc: the deploy role may pass roles emailpipeline-<env>-\{api-task,consumer-task,ecs-execution\}, but modules\/ecs creates emailpipeline-<env>-\{api-task,consumer-task,task-execution\}/);
  });
});

describe('service contract', () => {
  test('task definitions carry SPEC.md\'s variables; ports, health check, stop timeout and visibility timeout follow from the services\' settings', async () => {
    assertClean(checkServiceContract(await realTree()));
  });

  test('catches a missing environment variable and a token passed by ARN', async () => {
    const tree = await mutatedTree(
      ['modules/ecs/consumer.tf', '    { name = "S3_BUCKET_NAME", value = var.bucket_name },\n', ''],
      ['environments/dev/main.tf', 'token_parameter_name = module.ssm.parameter_name', 'token_parameter_name = module.ssm.parameter_arn'],
    );
    const problems = checkServiceContract(tree);
    assertCaught(problems, /^environments\/dev: the consumer container lacks S3_BUCKET_NAME/);
    assertCaught(problems, /^environments\/dev: SSM_TOKEN_PARAMETER must be the parameter's name \(module\.ssm\.parameter_name\)/);
  });

  test('catches a stop timeout shorter than the drain deadline needs, and a visibility timeout under 6 x the budget', async () => {
    const tree = await mutatedTree(
      ['modules/ecs/consumer.tf', 'stopTimeout = var.consumer_drain_timeout_seconds + 10', 'stopTimeout = var.consumer_drain_timeout_seconds'],
      ['environments/prod/main.tf', 'visibility_timeout_seconds = 6 * local.consumer_message_timeout_seconds', 'visibility_timeout_seconds = 3 * local.consumer_message_timeout_seconds'],
    );
    const problems = checkServiceContract(tree);
    assertCaught(problems, /^environments\/dev: the consumer's stopTimeout is 20, it must be the drain deadline 20 \+ 10 s/);
    assertCaught(problems, /^environments\/prod: the queue's visibility timeout 30 s must be at least 6 x the Consumer's budget 10 s/);
  });

  test('catches a wrong health check, port and poll interval', async () => {
    const tree = await mutatedTree(
      ['modules/ecs/consumer.tf', '"--health-check"]', '"--health"]'],
      ['environments/dev/main.tf', '  api_port = 8000\n', '  api_port = 8080\n'],
      ['modules/ecs/consumer.tf', '{ name = "SQS_POLL_INTERVAL", value = "0" }', '{ name = "SQS_POLL_INTERVAL", value = "5" }'],
    );
    const problems = checkServiceContract(tree);
    assertCaught(problems, /^environments\/dev: the consumer's health check is .*"--health"\]/);
    assertCaught(problems, /^environments\/dev: the Api must listen on PORT=8000 \(PORT "8080", api_port 8080\)/);
    assertCaught(problems, /^environments\/prod: SQS_POLL_INTERVAL is "5", not "0"/);
  });
});

describe('environment sizing', () => {
  test('dev is small (single NAT, 256/512 tasks, 1 of each); prod keeps two tasks per service, deletion protection and its bucket', async () => {
    assertClean(checkEnvironmentSizing(await realTree()));
  });

  test('catches a dev that is not cheap and a prod that is not protected', async () => {
    const tree = await mutatedTree(
      ['environments/dev/main.tf', 'single_nat_gateway         = true', 'single_nat_gateway         = false'],
      ['environments/prod/main.tf', 'deletion_protection = true', 'deletion_protection = false'],
      ['environments/prod/main.tf', 'consumer_min_count               = 2', 'consumer_min_count               = 1'],
    );
    const problems = checkEnvironmentSizing(tree);
    assertCaught(problems, /^environments\/dev: single_nat_gateway is false, expected true/);
    assertCaught(problems, /^environments\/prod: deletion_protection is false, expected true/);
    assertCaught(problems, /^environments\/prod: consumer_min_count is 1; prod runs at least 2 tasks/);
  });
});
