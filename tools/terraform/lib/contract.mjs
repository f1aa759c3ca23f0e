// The contract between the Terraform, the services (SPEC.md) and CI/CD: names, environment variables, ports,
// timeouts and sizes, evaluated per environment (the values each root passes to the modules, or their defaults).
import { resolveSource } from './config.mjs';
import { evaluate, Scope, UNKNOWN } from './evaluate.mjs';

export const PROJECT = 'emailpipeline';
export const ENVIRONMENTS = ['dev', 'prod'];

export const API_ENVIRONMENT = ['AWS_REGION', 'PORT', 'SQS_QUEUE_URL', 'SSM_TOKEN_PARAMETER'];
export const CONSUMER_ENVIRONMENT = ['AWS_REGION', 'METRICS_PORT', 'S3_BUCKET_NAME', 'SQS_POLL_INTERVAL', 'SQS_QUEUE_URL', 'Consumer__DrainTimeout', 'Consumer__MessageTimeout'];
export const CONSUMER_HEALTH_CHECK = ['CMD', 'dotnet', 'EmailPipeline.Consumer.dll', '--health-check'];

const byType = (config, type) => Object.values(config.resource).filter((r) => r.type === type);
const show = (value) => (value === UNKNOWN ? '(cannot be worked out)' : JSON.stringify(value));

// The module call of a root whose source is modules/<name>, as a Scope.
function moduleScope(tree, root, moduleDir) {
  const call = Object.values(root.config.module).find((c) => resolveSource(tree, root.config, c.body.source)?.dir === moduleDir);
  return call && Scope.ofModuleCall(tree, root, call.name);
}

// The container definitions of a task definition: jsonencode([local.a, local.b]) evaluated.
function containers(scope, taskDefinition) {
  const locals = [...String(taskDefinition.body.container_definitions).matchAll(/local\.([A-Za-z0-9_]+)/g)].map((m) => m[1]);
  return locals.map((name) => evaluate(scope.config.locals[name]?.body ?? null, scope)).filter(Boolean);
}

// A container's environment: a list, or concat(local.a, local.b) of lists.
function environmentOf(scope, container, raw) {
  if (Array.isArray(container.environment)) return container.environment;
  const locals = [...String(raw.environment).matchAll(/local\.([A-Za-z0-9_]+)/g)].map((m) => m[1]);
  return locals.flatMap((name) => {
    const value = scope.local(name);
    return Array.isArray(value) ? value : [];
  });
}

export function checkNaming(tree) {
  const problems = [];
  for (const environment of ENVIRONMENTS) {
    const dir = `environments/${environment}`;
    const rootConfig = tree.configs.get(dir);
    if (!rootConfig) { problems.push(`${dir}: missing`); continue; }
    const root = new Scope(rootConfig);
    const prefix = `${PROJECT}-${environment}`;
    const expect = (what, actual, expected) => {
      const a = JSON.stringify(Array.isArray(actual) ? [...actual].sort() : actual);
      const e = JSON.stringify(Array.isArray(expected) ? [...expected].sort() : expected);
      if (a !== e) problems.push(`${dir}: ${what} is ${a}, the naming contract says ${e}`);
    };
    const scopes = Object.fromEntries(['ecs', 'sqs', 's3', 'ssm', 'vpc', 'alb', 'alarms'].map((m) => [m, moduleScope(tree, root, `modules/${m}`)]));
    for (const [name, scope] of Object.entries(scopes)) if (!scope) problems.push(`${dir}: does not call modules/${name}`);
    const { ecs, sqs, s3, ssm } = scopes;
    if (ecs) {
      const names = (type, attribute) => byType(ecs.config, type).map((r) => evaluate(r.body[attribute], ecs));
      expect('the ECS cluster name', names('aws_ecs_cluster', 'name'), [prefix]);
      expect('the ECS service names', names('aws_ecs_service', 'name'), [`${prefix}-api`, `${prefix}-consumer`]);
      expect('the task definition families', names('aws_ecs_task_definition', 'family'), [`${prefix}-api`, `${prefix}-consumer`]);
      expect('the log groups', names('aws_cloudwatch_log_group', 'name'), [`/ecs/${prefix}/api`, `/ecs/${prefix}/consumer`]);
      for (const definition of byType(ecs.config, 'aws_ecs_task_definition')) {
        const family = evaluate(definition.body.family, ecs);
        const expected = family === `${prefix}-api` ? 'api' : 'consumer';
        expect(`the container of ${family}`, containers(ecs, definition).map((c) => c.name), [expected]);
        for (const container of containers(ecs, definition)) {
          const group = container.logConfiguration?.options?.['awslogs-group'];
          if (group !== `/ecs/${prefix}/${expected}`) problems.push(`${dir}: container ${expected} logs to ${show(group)}, not /ecs/${prefix}/${expected}`);
        }
      }
      for (const service of byType(ecs.config, 'aws_ecs_service').filter((s) => s.body.load_balancer)) {
        expect(`the container behind the load balancer (${service.type}.${service.name})`, service.body.load_balancer[0].container_name, 'api');
      }
    }
    if (sqs) expect('the queues', byType(sqs.config, 'aws_sqs_queue').map((q) => evaluate(q.body.name, sqs)), [`${prefix}-emails`, `${prefix}-emails-dlq`]);
    if (ssm) expect('the token parameter', byType(ssm.config, 'aws_ssm_parameter').map((p) => evaluate(p.body.name, ssm)), [`/${PROJECT}/${environment}/api-token`]);
    if (s3) expect('the archive bucket', byType(s3.config, 'aws_s3_bucket').map((b) => evaluate(b.body.bucket, s3)), [`${prefix}-archive-\${data.aws_caller_identity.current.account_id}`]);
    expect('the ECR repositories it uses', Object.values(rootConfig.data).filter((d) => d.type === 'aws_ecr_repository').map((d) => evaluate(d.body.name, root)), [`${PROJECT}-api`, `${PROJECT}-consumer`]);
  }

  // The shared root creates the repositories and the GitHub roles, whose permissions name the environments'
  // services and roles: those names must be the ones the ecs module creates.
  const sharedConfig = tree.configs.get('environments/shared');
  if (!sharedConfig) return [...problems, 'environments/shared: missing'];
  const shared = new Scope(sharedConfig);
  const ecr = moduleScope(tree, shared, 'modules/ecr');
  const github = moduleScope(tree, shared, 'modules/github-oidc');
  if (!ecr) problems.push('environments/shared: does not call modules/ecr');
  else {
    const repositories = evaluate(ecr.variable('repository_names'), ecr);
    if (JSON.stringify([...(Array.isArray(repositories) ? repositories : [])].sort()) !== JSON.stringify([`${PROJECT}-api`, `${PROJECT}-consumer`])) {
      problems.push(`environments/shared: repositories are ${show(repositories)}, the naming contract says ["${PROJECT}-api","${PROJECT}-consumer"]`);
    }
  }
  if (!github) problems.push('environments/shared: does not call modules/github-oidc');
  else {
    if (github.variable('project') !== PROJECT) problems.push(`environments/shared: the GitHub roles are for project ${show(github.variable('project'))}, not ${PROJECT}`);
    const environments = github.variable('environments');
    if (JSON.stringify(environments) !== JSON.stringify(ENVIRONMENTS)) problems.push(`environments/shared: the deploy role covers environments ${show(environments)}, not ${JSON.stringify(ENVIRONMENTS)}`);
    const text = (name) => String(github.config.locals[name]?.body ?? '');
    const granted = (name, pattern) => [...text(name).matchAll(pattern)].map((m) => m[1]).sort();
    const roleSuffixes = granted('ecs_role_arns', /role\/\$\{var\.project\}-\$\{environment\}-([a-z0-9-]+)"/g);
    const serviceSuffixes = granted('ecs_service_arns', /service\/\$\{var\.project\}-\$\{environment\}\/\$\{var\.project\}-\$\{environment\}-([a-z0-9-]+)"/g);
    const devEcs = tree.configs.get('environments/dev') && moduleScope(tree, new Scope(tree.configs.get('environments/dev')), 'modules/ecs');
    if (devEcs) {
      const suffixes = (type) => byType(devEcs.config, type).map((r) => String(evaluate(r.body.name, devEcs)).replace(`${PROJECT}-dev-`, '')).sort();
      if (JSON.stringify(suffixes('aws_iam_role')) !== JSON.stringify(roleSuffixes)) {
        problems.push(`modules/github-oidc: the deploy role may pass roles ${PROJECT}-<env>-{${roleSuffixes.join(',')}}, but modules/ecs creates ${PROJECT}-<env>-{${suffixes('aws_iam_role').join(',')}}`);
      }
      if (JSON.stringify(suffixes('aws_ecs_service')) !== JSON.stringify(serviceSuffixes)) {
        problems.push(`modules/github-oidc: the deploy role may update services ${PROJECT}-<env>-{${serviceSuffixes.join(',')}}, but modules/ecs creates ${PROJECT}-<env>-{${suffixes('aws_ecs_service').join(',')}}`);
      }
    }
  }
  return problems;
}

// The task definitions carry SPEC.md's environment variables with the right values, the ports match, the
// Consumer's health check, stop timeout and the queue's visibility timeout follow from its budgets.
export function checkServiceContract(tree) {
  const problems = [];
  for (const environment of ENVIRONMENTS) {
    const dir = `environments/${environment}`;
    const rootConfig = tree.configs.get(dir);
    if (!rootConfig) continue;
    const root = new Scope(rootConfig);
    const ecs = moduleScope(tree, root, 'modules/ecs');
    const sqs = moduleScope(tree, root, 'modules/sqs');
    const alb = moduleScope(tree, root, 'modules/alb');
    if (!ecs || !sqs || !alb) { problems.push(`${dir}: needs the ecs, sqs and alb modules`); continue; }
    const definitions = Object.fromEntries(byType(ecs.config, 'aws_ecs_task_definition').map((d) => {
      const raw = ecs.config.locals[/local\.([A-Za-z0-9_]+)/.exec(String(d.body.container_definitions))?.[1]]?.body ?? {};
      const [container] = containers(ecs, d);
      return [container?.name, { container: container ?? {}, raw }];
    }));
    const env = (name) => {
      const { container, raw } = definitions[name] ?? { container: {}, raw: {} };
      return Object.fromEntries(environmentOf(ecs, container, raw).map((e) => [e.name, e.value]));
    };
    const api = env('api');
    const consumer = env('consumer');
    for (const name of API_ENVIRONMENT) if (!(name in api)) problems.push(`${dir}: the api container lacks ${name}`);
    for (const name of CONSUMER_ENVIRONMENT) if (!(name in consumer)) problems.push(`${dir}: the consumer container lacks ${name}`);

    const apiPort = ecs.variable('api_port');
    if (api.PORT !== '8000' || apiPort !== 8000) problems.push(`${dir}: the Api must listen on PORT=8000 (PORT ${show(api.PORT)}, api_port ${show(apiPort)})`);
    const mapped = definitions.api?.container.portMappings?.map((p) => p.containerPort);
    if (JSON.stringify(mapped) !== '[8000]') problems.push(`${dir}: the api container maps ports ${show(mapped)}, not [8000]`);
    const targetPort = alb.variable('target_port');
    if (targetPort !== apiPort) problems.push(`${dir}: the target group port ${show(targetPort)} is not the Api port ${show(apiPort)}`);
    const tokenArgument = ecs.inputs.token_parameter_name;
    if (!/^\$\{module\.[A-Za-z0-9_-]+\.parameter_name\}$/.test(tokenArgument ?? '')) problems.push(`${dir}: SSM_TOKEN_PARAMETER must be the parameter's name (module.ssm.parameter_name), found ${JSON.stringify(tokenArgument)}`);
    if (definitions.api?.raw.environment?.find?.((e) => e.name === 'SSM_TOKEN_PARAMETER')?.value !== '${var.token_parameter_name}') {
      problems.push(`${dir}: the api container's SSM_TOKEN_PARAMETER must be var.token_parameter_name`);
    }

    const budget = ecs.variable('consumer_message_timeout_seconds');
    const drain = ecs.variable('consumer_drain_timeout_seconds');
    const pad = (n) => `00:00:${String(n).padStart(2, '0')}`;
    if (consumer.SQS_POLL_INTERVAL !== '0') problems.push(`${dir}: SQS_POLL_INTERVAL is ${show(consumer.SQS_POLL_INTERVAL)}, not "0"`);
    if (consumer.METRICS_PORT !== '9090') problems.push(`${dir}: METRICS_PORT is ${show(consumer.METRICS_PORT)}, not "9090"`);
    if (budget !== 10 || consumer.Consumer__MessageTimeout !== pad(budget)) problems.push(`${dir}: Consumer__MessageTimeout is ${show(consumer.Consumer__MessageTimeout)}, expected 00:00:10`);
    if (drain !== 20 || consumer.Consumer__DrainTimeout !== pad(drain)) problems.push(`${dir}: Consumer__DrainTimeout is ${show(consumer.Consumer__DrainTimeout)}, expected 00:00:20`);
    const stopTimeout = definitions.consumer?.container.stopTimeout;
    if (typeof drain !== 'number' || stopTimeout !== drain + 10) problems.push(`${dir}: the consumer's stopTimeout is ${show(stopTimeout)}, it must be the drain deadline ${show(drain)} + 10 s`);
    if (JSON.stringify(definitions.consumer?.container.healthCheck?.command) !== JSON.stringify(CONSUMER_HEALTH_CHECK)) {
      problems.push(`${dir}: the consumer's health check is ${show(definitions.consumer?.container.healthCheck?.command)}, not ${JSON.stringify(CONSUMER_HEALTH_CHECK)}`);
    }
    if (definitions.api?.container.healthCheck) problems.push(`${dir}: the api container needs no health check (the load balancer checks /health)`);

    const queue = byType(sqs.config, 'aws_sqs_queue').find((q) => q.body.redrive_policy);
    const visibility = queue && evaluate(queue.body.visibility_timeout_seconds, sqs);
    if (typeof visibility !== 'number' || typeof budget !== 'number' || visibility < 6 * budget) {
      problems.push(`${dir}: the queue's visibility timeout ${show(visibility)} s must be at least 6 x the Consumer's budget ${show(budget)} s`);
    }
  }
  return problems;
}

// What each environment is sized and protected with: dev cheap, prod resilient.
export function checkEnvironmentSizing(tree) {
  const problems = [];
  const expectations = {
    dev: { single_nat_gateway: true, api_cpu: 256, api_memory: 512, consumer_cpu: 256, consumer_memory: 512, api_min_count: 1, consumer_min_count: 1 },
    prod: { single_nat_gateway: false, deletion_protection: true, force_destroy: false },
  };
  for (const [environment, expected] of Object.entries(expectations)) {
    const dir = `environments/${environment}`;
    const rootConfig = tree.configs.get(dir);
    if (!rootConfig) continue;
    const root = new Scope(rootConfig);
    const scopes = ['vpc', 'ecs', 'alb', 's3'].map((m) => moduleScope(tree, root, `modules/${m}`)).filter(Boolean);
    for (const [name, value] of Object.entries(expected)) {
      const scope = scopes.find((s) => s.config.variable[name]);
      const actual = scope ? scope.variable(name) : UNKNOWN;
      if (actual !== value) problems.push(`${dir}: ${name} is ${show(actual)}, expected ${JSON.stringify(value)}`);
    }
    if (environment === 'prod') {
      const ecs = moduleScope(tree, root, 'modules/ecs');
      for (const name of ['api_min_count', 'consumer_min_count']) {
        const count = ecs?.variable(name);
        if (!(typeof count === 'number' && count >= 2)) problems.push(`${dir}: ${name} is ${show(count)}; prod runs at least 2 tasks (one per zone)`);
      }
    }
  }
  return problems;
}
