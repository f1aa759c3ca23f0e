// The configurations fit together (what `terraform validate` would catch, on a machine without terraform), and
// follow the repository's conventions. Each rule is also run on a mutated copy of the real code, to prove it fails.
import { describe, test } from 'node:test';
import {
  checkEnvironmentParity, checkLayout, checkModuleCalls, checkReferences, checkTestFiles, checkUnused, checkVersions,
} from './lib/wiring.mjs';
import { assertCaught, assertClean, mutatedTree, realTree, treeWithFiles } from './lib/testing.mjs';

describe('module calls', () => {
  test('every argument is a declared variable of the module, every required variable is passed', async () => {
    assertClean(checkModuleCalls(await realTree()));
  });

  test('catches an argument the module does not declare', async () => {
    const tree = await mutatedTree(['environments/dev/main.tf', '  max_receive_count          = 5\n', '  max_receive_count          = 5\n  dead_letter_after          = 3\n']);
    assertCaught(checkModuleCalls(tree), /^environments\/dev\/main\.tf: module "sqs": passes "dead_letter_after", which modules\/sqs does not declare/);
  });

  test('catches a required variable that is not passed', async () => {
    const tree = await mutatedTree(['environments/prod/main.tf', '  token_parameter_arn  = module.ssm.parameter_arn\n', '']);
    assertCaught(checkModuleCalls(tree), /^environments\/prod\/main\.tf: module "ecs": does not pass "token_parameter_arn", which modules\/ecs requires/);
  });

  test('catches a source that is not a module', async () => {
    const tree = await mutatedTree(['environments/shared/main.tf', 'source = "../../modules/ecr"', 'source = "../../modules/ecrs"']);
    assertCaught(checkModuleCalls(tree), /module "ecr": source "\.\.\/\.\.\/modules\/ecrs" is not a module directory/);
  });
});

describe('references', () => {
  test('every var., local., module.<name>.<output>, data., ephemeral. and resource reference is declared', async () => {
    assertClean(await checkReferences(await realTree()));
  });

  test('catches a reference to an output a module does not have', async () => {
    const tree = await mutatedTree(['environments/dev/main.tf', 'queue_url            = module.sqs.queue_url', 'queue_url            = module.sqs.url']);
    assertCaught(await checkReferences(tree), /^environments\/dev\/main\.tf: module "ecs" refers to module\.sqs\.url, but modules\/sqs has no output "url"/);
  });

  test('catches an undeclared variable, also inside a for expression', async () => {
    const tree = await mutatedTree(['modules/github-oidc/main.tf', '"arn:${local.partition}:iam::${local.account_id}:role/${var.project}-${environment}-api-task"', '"arn:${local.partition}:iam::${local.account_id}:role/${var.projekt}-${environment}-api-task"']);
    assertCaught(await checkReferences(tree), /^modules\/github-oidc\/main\.tf: local\.ecs_role_arns refers to var\.projekt, but variable "projekt" is not declared in modules\/github-oidc/);
  });

  test('catches an undeclared resource, local and data source', async () => {
    const tree = await mutatedTree(
      ['modules/ecs/api.tf', 'task_role_arn            = aws_iam_role.api_task.arn', 'task_role_arn            = aws_iam_role.api.arn'],
      ['modules/ecs/consumer.tf', 'image       = var.consumer_image', 'image       = local.consumer_image'],
      ['modules/vpc/main.tf', 'service_name      = "com.amazonaws.${data.aws_region.current.region}.s3"', 'service_name      = "com.amazonaws.${data.aws_region.here.region}.s3"'],
    );
    const problems = await checkReferences(tree);
    assertCaught(problems, /resource aws_ecs_task_definition\.api refers to aws_iam_role\.api\.arn, but modules\/ecs declares no resource "aws_iam_role" "api"/);
    assertCaught(problems, /local\.consumer_container refers to local\.consumer_image, but local "consumer_image" is not defined/);
    assertCaught(problems, /refers to data\.aws_region\.here\.region, but modules\/vpc declares no data "aws_region" "here"/);
  });
});

describe('nothing unused', () => {
  test('every variable and local is used', async () => {
    assertClean(await checkUnused(await realTree()));
  });

  test('catches a dead variable', async () => {
    const tree = await mutatedTree(['modules/alb/variables.tf', 'variable "access_logs_bucket" {', 'variable "unused_setting" {\n  description = "Nothing reads this."\n  type        = bool\n  default     = false\n}\n\nvariable "access_logs_bucket" {']);
    assertCaught(await checkUnused(tree), /^modules\/alb\/variables\.tf: variable "unused_setting" is never used$/);
  });
});

describe('layout and documentation', () => {
  test('modules have main.tf, variables.tf, outputs.tf, versions.tf and a README; variables have descriptions, types and validations; outputs have descriptions', async () => {
    assertClean(checkLayout(await realTree()));
  });

  test('catches a variable without validation, a missing description and a missing README', async () => {
    const base = await mutatedTree(
      ['modules/sqs/variables.tf', '  validation {\n    condition     = var.max_receive_count >= 1', '  validation_disabled {\n    condition     = var.max_receive_count >= 1'],
      ['modules/sqs/outputs.tf', '  description = "URL of the dead-letter queue."\n', ''],
    );
    const problems = checkLayout(base);
    assertCaught(problems, /^modules\/sqs\/variables\.tf: variable "max_receive_count": has no validation block/);
    assertCaught(problems, /^modules\/sqs\/outputs\.tf: output "dlq_url": has no description/);
    assertCaught(checkLayout(await treeWithFiles({ 'modules/ecr/README.md': null })), /^modules\/ecr: has no README\.md/);
  });
});

describe('versions and state', () => {
  test('terraform and providers are pinned, environments keep locked, encrypted state in S3, roots tag everything', async () => {
    assertClean(checkVersions(await realTree()));
  });

  test('catches an unpinned provider, a backend without locking and a root without default tags', async () => {
    const tree = await mutatedTree(
      ['environments/dev/versions.tf', 'version = "~> 6.0"', 'version = ">= 6.0"'],
      ['environments/prod/backend.tf', 'use_lockfile = true', 'use_lockfile = false'],
      ['environments/shared/providers.tf', '  default_tags {\n    tags = {', '  ignore_tags {\n    keys = {'],
    );
    const problems = checkVersions(tree);
    assertCaught(problems, /^environments\/dev: required provider "aws": a root pins providers with ~>/);
    assertCaught(problems, /^environments\/prod: backend "s3" must set use_lockfile = true/);
    assertCaught(problems, /^environments\/shared\/providers\.tf: provider "aws" sets no default_tags/);
  });

  test('catches a provider used without being required', async () => {
    const tree = await mutatedTree(['modules/ssm/versions.tf', '    random = {\n      source  = "hashicorp/random"\n      version = ">= 3.7.0, < 4.0.0"\n    }\n', '']);
    assertCaught(checkVersions(tree), /^modules\/ssm: uses provider "random" without declaring it/);
  });
});

describe('terraform test files (run by CI on GitHub)', () => {
  test('every module and root has tests with a mocked AWS provider, whose runs assert, set declared variables and refer to what exists', async () => {
    assertClean(await checkTestFiles(await realTree()));
  });

  test('catches a test that sets an undeclared variable, refers to a missing output, or misses a required variable', async () => {
    const tree = await mutatedTree(
      ['modules/sqs/tests/sqs.tftest.hcl', 'name = "emailpipeline-test-emails"', 'queue_name = "emailpipeline-test-emails"'],
      ['environments/dev/tests/dev.tftest.hcl', 'module.sqs.queue_name == "emailpipeline-dev-emails"', 'module.sqs.name == "emailpipeline-dev-emails"'],
    );
    const problems = await checkTestFiles(tree);
    assertCaught(problems, /^modules\/sqs\/tests\/sqs\.tftest\.hcl: run "[a-z_]+": sets variable "queue_name", which modules\/sqs does not declare/);
    assertCaught(problems, /^modules\/sqs\/tests\/sqs\.tftest\.hcl: run "[a-z_]+": does not set required variable "name"/);
    assertCaught(problems, /^environments\/dev\/tests\/dev\.tftest\.hcl: run "names_follow_the_contract": condition refers to module\.sqs\.name, but modules\/sqs has no output "name"/);
  });

  test('catches a configuration without tests, and tests without a mocked provider', async () => {
    const tree = await mutatedTree(['modules/alb/tests/alb.tftest.hcl', 'mock_provider "aws" {}', 'provider "aws" {}']);
    assertCaught(await checkTestFiles(tree), /^modules\/alb\/tests\/alb\.tftest\.hcl: no mock_provider "aws"/);
    assertCaught(await checkTestFiles(await treeWithFiles({ 'modules/ecr/tests/ecr.tftest.hcl': null })), /^modules\/ecr: no tests\/\*\.tftest\.hcl/);
  });
});

describe('dev and prod', () => {
  test('are the same configuration with different values', async () => {
    assertClean(checkEnvironmentParity(await realTree()));
  });

  test('catches wiring that differs between them', async () => {
    const tree = await mutatedTree(['environments/prod/main.tf', 'private_subnet_ids    = module.vpc.private_subnet_ids', 'private_subnet_ids    = module.vpc.public_subnet_ids']);
    assertCaught(checkEnvironmentParity(tree), /^module "ecs" argument "private_subnet_ids" is wired differently/);
  });
});
