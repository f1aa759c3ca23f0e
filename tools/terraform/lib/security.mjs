// The security rules of the Terraform, as checks over the parsed configuration. Each returns a list of problems
// naming the file, the resource or policy document, and the rule.
import { nestedBlocks, referencesOf, resolveSource, soleExpression } from './config.mjs';
import { evaluate, Scope } from './evaluate.mjs';

// The only Allow statements that may use "*": AWS offers no resource-level permission for these actions.
// Matched by configuration, policy document, statement sid and the exact action list.
export const IAM_WILDCARD_EXCEPTIONS = [
  {
    config: 'modules/ecs', document: 'execution', sid: 'EcrAuthorizationToken', actions: ['ecr:GetAuthorizationToken'],
    reason: 'ecr:GetAuthorizationToken has no resource-level permissions; the image pulls themselves are limited to the two repositories',
  },
  {
    config: 'modules/github-oidc', document: 'deploy', sid: 'EcrAuthorizationToken', actions: ['ecr:GetAuthorizationToken'],
    reason: 'ecr:GetAuthorizationToken has no resource-level permissions; the pushes themselves are limited to the two repositories',
  },
  {
    config: 'modules/github-oidc', document: 'deploy', sid: 'TaskDefinitions', actions: ['ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'],
    reason: 'IAM does not scope these ECS actions to a task definition family, AWS authorizes them on "*"; what a revision may do is bounded by iam:PassRole on the environments\' task and execution roles, and it runs only through the two services (no ecs:RunTask)',
  },
];

// AWS managed policies that may be attached, and why. Nothing else may be attached.
export const MANAGED_POLICY_EXCEPTIONS = [
  {
    config: 'modules/github-oidc', resource: 'aws_iam_role_policy_attachment.terraform_power_user', policy: 'PowerUserAccess',
    reason: 'terraform apply creates VPCs, load balancers, ECS, SQS, S3, SSM and CloudWatch resources; IAM is granted separately, only on the environments\' own roles',
  },
  {
    config: 'modules/github-oidc', resource: 'aws_iam_role_policy_attachment.terraform_plan_read_only', policy: 'ReadOnlyAccess',
    reason: 'terraform plan in pull requests refreshes every resource and needs to read them, nothing more',
  },
];

// Arguments that hold a policy, by resource type. They must come from an aws_iam_policy_document (so that the
// statements are checked here) rather than from jsonencode() or a literal.
const POLICY_ARGUMENTS = {
  aws_iam_role: 'assume_role_policy',
  aws_iam_role_policy: 'policy',
  aws_iam_policy: 'policy',
  aws_s3_bucket_policy: 'policy',
  aws_sqs_queue_policy: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_ecr_repository_policy: 'policy',
  aws_kms_key: 'policy',
};
const POLICY_DOCUMENT = /^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)(\["[^"]+"\])?\.json$/;

const list = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const resourcesOf = (config, type) => Object.values(config.resource).filter((r) => r.type === type);
const where = (config, block) => `${config.dir}/${block.file}: ${block.type ? `${block.type}.${block.name}` : block.name}`;
const refersTo = (value, address) => new RegExp(`^\\$\\{${address.replace(/\./g, '\\.')}(\\[[^\\]]*\\])?\\.(id|arn|bucket|name|url)\\}$`).test(value ?? '');

export function checkIam(tree, exceptions = IAM_WILDCARD_EXCEPTIONS, managed = MANAGED_POLICY_EXCEPTIONS) {
  const problems = [];
  for (const config of tree.configs.values()) {
    for (const doc of Object.values(config.data).filter((d) => d.type === 'aws_iam_policy_document')) {
      for (const { body: statement } of nestedBlocks(doc.body, 'statement')) {
        const effect = statement.effect ?? 'Allow';
        const label = `${config.dir}/${doc.file}: policy document "${doc.name}" statement ${statement.sid ? `"${statement.sid}"` : '(no sid)'}`;
        if (effect !== 'Allow') continue;
        for (const negated of ['not_actions', 'not_resources', 'not_principals']) {
          if (statement[negated]) problems.push(`${label}: Allow with ${negated} grants everything not listed`);
        }
        const actions = list(statement.actions);
        const resources = list(statement.resources);
        if (actions.length === 0) problems.push(`${label}: Allow statement without actions`);
        const exception = exceptions.find((e) => e.config === config.dir && e.document === doc.name && e.sid === statement.sid
          && JSON.stringify([...e.actions].sort()) === JSON.stringify([...actions].sort()));
        for (const action of actions) {
          if (typeof action === 'string' && action.includes('*')) problems.push(`${label}: action ${JSON.stringify(action)} is a wildcard`);
        }
        for (const resource of resources) {
          if (resource === '*' && !exception) problems.push(`${label}: resource "*" (allowed only for the actions listed in IAM_WILDCARD_EXCEPTIONS)`);
          if (typeof resource === 'string' && /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/.test(resource)) problems.push(`${label}: resource ${JSON.stringify(resource)} covers a whole service`);
        }
        for (const { body: principal } of nestedBlocks(statement, 'principals')) {
          if (list(principal.identifiers).includes('*') || principal.type === '*') problems.push(`${label}: Allow to principal "*"`);
        }
      }
    }
    for (const [type, argument] of Object.entries(POLICY_ARGUMENTS)) {
      for (const resource of resourcesOf(config, type)) {
        const value = resource.body[argument];
        if (value === undefined) continue;
        if (!POLICY_DOCUMENT.test(soleExpression(value) ?? '')) {
          problems.push(`${where(config, resource)}: ${argument} must be an aws_iam_policy_document's json, so that its statements are checked (found ${JSON.stringify(value).slice(0, 80)})`);
        } else if (!config.data[`aws_iam_policy_document.${POLICY_DOCUMENT.exec(soleExpression(value))[1]}`]) {
          problems.push(`${where(config, resource)}: ${argument} refers to a policy document that does not exist`);
        }
      }
    }
    for (const role of resourcesOf(config, 'aws_iam_role')) {
      if (role.body.inline_policy) problems.push(`${where(config, role)}: inline_policy bypasses the checks; use aws_iam_role_policy with a policy document`);
      if (role.body.managed_policy_arns) problems.push(`${where(config, role)}: managed_policy_arns; attach policies with aws_iam_role_policy_attachment`);
    }
    for (const type of ['aws_sqs_queue', 'aws_s3_bucket']) {
      for (const resource of resourcesOf(config, type)) {
        if (resource.body.policy) problems.push(`${where(config, resource)}: inline policy; use the separate policy resource with a policy document`);
      }
    }
    for (const type of ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_role_policy_attachments_exclusive']) {
      for (const attachment of resourcesOf(config, type)) {
        const address = `${attachment.type}.${attachment.name}`;
        const allowed = managed.find((m) => m.config === config.dir && m.resource === address);
        const policy = String(attachment.body.policy_arn ?? '');
        if (!allowed || !policy.endsWith(`:policy/${allowed.policy}`)) problems.push(`${where(config, attachment)}: attaches ${JSON.stringify(policy)}, which is not in MANAGED_POLICY_EXCEPTIONS`);
      }
    }
  }
  return problems;
}

// Buckets: all public access blocked, ownership enforced, versioning, default encryption, noncurrent versions
// expire, and a bucket policy that denies requests without TLS.
export function checkS3(tree) {
  const problems = [];
  for (const config of tree.configs.values()) {
    for (const bucket of resourcesOf(config, 'aws_s3_bucket')) {
      const address = `aws_s3_bucket.${bucket.name}`;
      const label = where(config, bucket);
      const companion = (type) => resourcesOf(config, type).filter((r) => refersTo(r.body.bucket, address));
      const [pab] = companion('aws_s3_bucket_public_access_block');
      if (!pab) problems.push(`${label}: no aws_s3_bucket_public_access_block`);
      else {
        for (const flag of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) {
          if (pab.body[flag] !== true) problems.push(`${label}: public access block ${flag} is not true`);
        }
      }
      const [ownership] = companion('aws_s3_bucket_ownership_controls');
      if (ownership?.body.rule?.[0]?.object_ownership !== 'BucketOwnerEnforced') problems.push(`${label}: object ownership is not BucketOwnerEnforced (ACLs must be disabled)`);
      if (companion('aws_s3_bucket_acl').length) problems.push(`${label}: has an ACL`);
      const [versioning] = companion('aws_s3_bucket_versioning');
      if (versioning?.body.versioning_configuration?.[0]?.status !== 'Enabled') problems.push(`${label}: versioning is not Enabled`);
      const [encryption] = companion('aws_s3_bucket_server_side_encryption_configuration');
      const algorithm = encryption?.body.rule?.[0]?.apply_server_side_encryption_by_default?.[0]?.sse_algorithm;
      if (!algorithm) problems.push(`${label}: no default encryption (aws_s3_bucket_server_side_encryption_configuration)`);
      const [lifecycle] = companion('aws_s3_bucket_lifecycle_configuration');
      if (!nestedBlocks(lifecycle?.body, 'rule').some((r) => r.body.noncurrent_version_expiration)) problems.push(`${label}: no lifecycle rule expiring noncurrent versions`);
      const [policy] = companion('aws_s3_bucket_policy');
      const docName = POLICY_DOCUMENT.exec(soleExpression(policy?.body.policy) ?? '')?.[1];
      const doc = docName && config.data[`aws_iam_policy_document.${docName}`];
      const denies = nestedBlocks(doc?.body, 'statement').some(({ body: s }) => s.effect === 'Deny'
        && list(s.actions).includes('s3:*')
        && list(s.resources).includes(`\${${address}.arn}`) && list(s.resources).includes(`\${${address}.arn}/*`)
        && nestedBlocks(s, 'principals').some(({ body: p }) => list(p.identifiers).includes('*'))
        && nestedBlocks(s, 'condition').some(({ body: c }) => c.test === 'Bool' && c.variable === 'aws:SecureTransport' && JSON.stringify(list(c.values)) === '["false"]'));
      if (!denies) problems.push(`${label}: no bucket policy statement denying s3:* on the bucket and its objects when aws:SecureTransport is false`);
    }
  }
  return problems;
}

// Queues: encrypted (SSE-SQS, or the customer managed key, in every case), long polling, the dead-letter queue
// accepts only its source queue, and redrive has a maxReceiveCount.
export function checkSqs(tree) {
  const problems = [];
  for (const config of tree.configs.values()) {
    const queues = resourcesOf(config, 'aws_sqs_queue');
    for (const queue of queues) {
      const label = where(config, queue);
      if (!sqsEncrypted(config, queue.body)) {
        problems.push(`${label}: not encrypted in every case: set sqs_managed_sse_enabled = true, or kms_master_key_id = var.K with sqs_managed_sse_enabled = var.K == null ? true : null`);
      }
      const wait = queue.body.receive_wait_time_seconds;
      if (!(typeof wait === 'number' && wait >= 1 && wait <= 20)) problems.push(`${label}: receive_wait_time_seconds must be 1-20 (long polling)`);
      const redrive = queue.body.redrive_policy;
      if (redrive !== undefined) {
        const dlq = /deadLetterTargetArn\s*=\s*aws_sqs_queue\.([A-Za-z0-9_-]+)\.arn/.exec(redrive)?.[1];
        if (!dlq || !config.resource[`aws_sqs_queue.${dlq}`]) problems.push(`${label}: redrive_policy must name an aws_sqs_queue of this module as deadLetterTargetArn`);
        if (!/maxReceiveCount\s*=/.test(redrive)) problems.push(`${label}: redrive_policy has no maxReceiveCount`);
        const allow = resourcesOf(config, 'aws_sqs_queue_redrive_allow_policy').find((p) => refersTo(p.body.queue_url, `aws_sqs_queue.${dlq}`));
        const policy = String(allow?.body.redrive_allow_policy ?? '');
        if (!/redrivePermission\s*=\s*"byQueue"/.test(policy) || !policy.includes(`aws_sqs_queue.${queue.name}.arn`)) {
          problems.push(`${where(config, { type: 'aws_sqs_queue', name: dlq, file: queue.file })}: needs a redrive-allow policy (byQueue) that admits only aws_sqs_queue.${queue.name}`);
        }
      }
    }
  }
  return problems;
}

function sqsEncrypted(config, body) {
  if (body.sqs_managed_sse_enabled === true) return true;
  const key = /^var\.([A-Za-z0-9_-]+)$/.exec(soleExpression(body.kms_master_key_id) ?? '')?.[1];
  let sse = soleExpression(body.sqs_managed_sse_enabled);
  const local = /^local\.([A-Za-z0-9_-]+)$/.exec(sse ?? '')?.[1];
  if (local) sse = soleExpression(config.locals[local]?.body);
  if (key && sse === `var.${key} == null ? true : null`) return true;
  return typeof body.kms_master_key_id === 'string' && !body.kms_master_key_id.includes('${');
}

// Retention of each dead-letter queue is longer than its source queue's, wherever the module is used: with its
// defaults, and with the values of every call.
export function checkDlqRetention(tree) {
  const problems = [];
  const scopes = [];
  for (const config of tree.configs.values()) {
    if (!resourcesOf(config, 'aws_sqs_queue').length) continue;
    scopes.push({ scope: new Scope(config), label: `${config.dir} (defaults)` });
    for (const { root, call } of callsOf(tree, config)) {
      scopes.push({ scope: new Scope(config, call.body, new Scope(root)), label: `${config.dir} as module "${call.name}" of ${root.dir}` });
    }
  }
  const evaluateIn = (value, scope) => evaluate(value, scope);
  for (const { scope, label } of scopes) {
    for (const queue of resourcesOf(scope.config, 'aws_sqs_queue')) {
      const dlq = /deadLetterTargetArn\s*=\s*aws_sqs_queue\.([A-Za-z0-9_-]+)\.arn/.exec(queue.body.redrive_policy ?? '')?.[1];
      if (!dlq) continue;
      const retention = (body) => (body.message_retention_seconds === undefined ? 345600 : evaluateIn(body.message_retention_seconds, scope));
      const q = retention(queue.body);
      const d = retention(scope.config.resource[`aws_sqs_queue.${dlq}`].body);
      if (typeof q !== 'number' || typeof d !== 'number') problems.push(`${label}: cannot work out the retention of aws_sqs_queue.${queue.name} (${String(q)}) or aws_sqs_queue.${dlq} (${String(d)})`);
      else if (!(d > q)) problems.push(`${label}: dead-letter queue aws_sqs_queue.${dlq} keeps messages ${d} s, not longer than aws_sqs_queue.${queue.name}'s ${q} s`);
    }
  }
  return problems;
}

// Network: no inline security group rules; ingress from anywhere only into a load balancer's security group;
// every ECS service without public IPs, in subnets that come from the vpc module's private subnets (which route
// to the internet only through NAT); the service behind the load balancer accepts traffic only from the load
// balancer's security group; services not behind it accept none from it.
export function checkNetwork(tree) {
  const problems = [];
  for (const config of tree.configs.values()) {
    for (const group of resourcesOf(config, 'aws_security_group')) {
      if (group.body.ingress || group.body.egress) problems.push(`${where(config, group)}: inline ingress/egress; use aws_vpc_security_group_ingress_rule / egress_rule resources`);
    }
    const lbGroups = new Set(resourcesOf(config, 'aws_lb').flatMap((lb) => list(lb.body.security_groups)).map((g) => /aws_security_group\.([A-Za-z0-9_-]+)\.id/.exec(g)?.[1]));
    const ingress = [...resourcesOf(config, 'aws_vpc_security_group_ingress_rule'), ...resourcesOf(config, 'aws_security_group_rule').filter((r) => r.body.type === 'ingress')];
    for (const rule of ingress) {
      const group = /aws_security_group\.([A-Za-z0-9_-]+)\.id/.exec(rule.body.security_group_id ?? '')?.[1];
      const open = [rule.body.cidr_ipv4, rule.body.cidr_ipv6, ...list(rule.body.cidr_blocks), ...list(rule.body.ipv6_cidr_blocks)].some((c) => c === '0.0.0.0/0' || c === '::/0');
      if (open && !lbGroups.has(group)) problems.push(`${where(config, rule)}: ingress from anywhere into a security group that is not a load balancer's`);
    }

    for (const service of resourcesOf(config, 'aws_ecs_service')) {
      const label = where(config, service);
      const network = service.body.network_configuration?.[0];
      if (!network) { problems.push(`${label}: no network_configuration`); continue; }
      if (network.assign_public_ip !== false) problems.push(`${label}: assign_public_ip must be false`);
      const subnetsVar = /^var\.([A-Za-z0-9_-]+)$/.exec(soleExpression(network.subnets) ?? '')?.[1];
      if (!subnetsVar || !subnetsVar.includes('private')) problems.push(`${label}: subnets must be a variable of private subnets (found ${JSON.stringify(network.subnets)})`);
      const groups = list(network.security_groups).map((g) => /aws_security_group\.([A-Za-z0-9_-]+)\.id/.exec(g)?.[1]);
      const rules = ingress.filter((r) => groups.includes(/aws_security_group\.([A-Za-z0-9_-]+)\.id/.exec(r.body.security_group_id ?? '')?.[1]));
      const behindLb = Boolean(service.body.load_balancer);
      const lbVars = new Set();
      for (const rule of rules) {
        const source = /^var\.([A-Za-z0-9_-]+)$/.exec(soleExpression(rule.body.referenced_security_group_id) ?? '')?.[1];
        if (behindLb) {
          const other = ['cidr_ipv4', 'cidr_ipv6', 'prefix_list_id', 'cidr_blocks', 'source_security_group_id'].filter((k) => rule.body[k] !== undefined);
          if (!source || other.length) problems.push(`${where(config, rule)}: the load-balanced service ${service.type}.${service.name} may only admit the load balancer's security group (referenced_security_group_id = var.<alb group>)`);
          else lbVars.add(source);
        } else if (source) {
          problems.push(`${where(config, rule)}: service ${service.type}.${service.name} is not behind the load balancer and must not admit another security group`);
        }
      }
      if (behindLb && rules.length === 0) problems.push(`${label}: no ingress rule admits the load balancer`);
      for (const { root, call } of callsOf(tree, config)) {
        const passed = soleExpression(call.body[subnetsVar]);
        const from = /^module\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(passed ?? '');
        const vpc = from && resolveSource(tree, root, root.module[from[1]]?.body.source);
        const subnetProblem = vpc ? privateSubnetProblem(vpc, from[2]) : `it is not a module output (${JSON.stringify(call.body[subnetsVar])})`;
        if (subnetProblem) problems.push(`${root.dir}/${call.file}: module "${call.name}" ${subnetsVar}: ${subnetProblem}`);
        for (const lbVar of lbVars) {
          const group = /^module\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(soleExpression(call.body[lbVar]) ?? '');
          const alb = group && resolveSource(tree, root, root.module[group[1]]?.body.source);
          const output = alb?.output[group[2]];
          const sg = /^aws_security_group\.([A-Za-z0-9_-]+)\.id$/.exec(soleExpression(output?.body.value) ?? '')?.[1];
          const isLbGroup = alb && resourcesOf(alb, 'aws_lb').some((lb) => list(lb.body.security_groups).includes(`\${aws_security_group.${sg}.id}`));
          if (!isLbGroup) problems.push(`${root.dir}/${call.file}: module "${call.name}" ${lbVar} must be the security group of a load balancer (a module output that is an aws_lb's group), found ${JSON.stringify(call.body[lbVar])}`);
        }
      }
    }
  }
  return problems;
}

// Calls of a module configuration from anywhere in the tree.
function callsOf(tree, target) {
  const calls = [];
  for (const root of tree.configs.values()) {
    for (const call of Object.values(root.module)) {
      if (resolveSource(tree, root, call.body.source) === target) calls.push({ root, call: { ...call, name: call.name } });
    }
  }
  return calls;
}

function privateSubnetProblem(vpc, outputName) {
  const output = vpc.output[outputName];
  if (!output) return `${vpc.dir} has no output "${outputName}"`;
  const subnet = /aws_subnet\.([A-Za-z0-9_-]+)/.exec(String(output.body.value))?.[1];
  const resource = subnet && vpc.resource[`aws_subnet.${subnet}`];
  if (!resource) return `${vpc.dir} output "${outputName}" is not a list of aws_subnet IDs`;
  if (resource.body.map_public_ip_on_launch === true) return `aws_subnet.${subnet} maps public IPs on launch`;
  const tables = resourcesOf(vpc, 'aws_route_table_association')
    .filter((a) => String(a.body.subnet_id).includes(`aws_subnet.${subnet}[`) || String(a.body.subnet_id).includes(`aws_subnet.${subnet}.`))
    .map((a) => /aws_route_table\.([A-Za-z0-9_-]+)/.exec(String(a.body.route_table_id))?.[1]);
  if (tables.length === 0) return `aws_subnet.${subnet} is associated with no route table`;
  for (const table of tables) {
    const routes = resourcesOf(vpc, 'aws_route').filter((r) => String(r.body.route_table_id).includes(`aws_route_table.${table}`));
    const inline = vpc.resource[`aws_route_table.${table}`]?.body.route ?? [];
    if ([...routes.map((r) => r.body), ...inline].some((r) => r.gateway_id !== undefined)) return `aws_subnet.${subnet} routes through aws_route_table.${table} to an internet gateway: it is a public subnet`;
    if (!routes.some((r) => r.body.nat_gateway_id !== undefined)) return `aws_route_table.${table} has no route through a NAT gateway`;
  }
  return null;
}

// Outputs never carry the token: no output refers to a sensitive or ephemeral variable, an ephemeral resource, a
// random password or the value of an SSM parameter.
export async function checkSecretOutputs(tree) {
  const problems = [];
  for (const config of tree.configs.values()) {
    for (const r of await referencesOf(config)) {
      if (r.kind !== 'output') continue;
      const parts = r.ref.split('.');
      const variable = parts[0] === 'var' && config.variable[parts[1]]?.body;
      const secret = (variable && (variable.sensitive === true || variable.ephemeral === true))
        || parts[0] === 'ephemeral'
        || /^random_(password|string)$/.test(parts[0])
        || (parts[0] === 'aws_ssm_parameter' && ['value', 'insecure_value', 'value_wo'].includes(parts[2]));
      if (secret) problems.push(`${r.file}: output "${r.key}" exposes ${r.ref}`);
    }
  }
  return problems;
}

// VPC: S3 through a gateway endpoint on the private route tables; SQS, SSM, ECR (api, dkr) and CloudWatch Logs
// through interface endpoints with private DNS.
export const INTERFACE_ENDPOINT_SERVICES = ['ecr.api', 'ecr.dkr', 'logs', 'sqs', 'ssm'];

export function checkVpcEndpoints(tree) {
  const problems = [];
  for (const config of tree.configs.values()) {
    if (!resourcesOf(config, 'aws_vpc').length) continue;
    const endpoints = resourcesOf(config, 'aws_vpc_endpoint');
    const gateway = endpoints.find((e) => e.body.vpc_endpoint_type === 'Gateway' && /\.s3"?$/.test(String(e.body.service_name)));
    if (!gateway) problems.push(`${config.dir}: no S3 gateway endpoint`);
    else if (!String(gateway.body.route_table_ids).includes('aws_route_table.private')) problems.push(`${where(config, gateway)}: must be attached to the private route tables`);
    const interfaces = endpoints.filter((e) => e.body.vpc_endpoint_type === 'Interface');
    const services = interfaces.flatMap((e) => {
      const source = /^local\.([A-Za-z0-9_-]+)$/.exec(soleExpression(e.body.for_each) ?? '')?.[1];
      return [...String(source ? config.locals[source]?.body : e.body.service_name).matchAll(/"([a-z0-9.]+)"/g)].map((m) => m[1]);
    });
    for (const service of INTERFACE_ENDPOINT_SERVICES) {
      if (!services.includes(service)) problems.push(`${config.dir}: no interface endpoint for ${service}`);
    }
    for (const endpoint of interfaces) {
      if (endpoint.body.private_dns_enabled !== true) problems.push(`${where(config, endpoint)}: private_dns_enabled must be true`);
      if (!String(endpoint.body.subnet_ids).includes('aws_subnet.private')) problems.push(`${where(config, endpoint)}: must be in the private subnets`);
    }
  }
  return problems;
}

// Repositories: immutable tags, scan on push, a lifecycle policy.
export function checkEcr(tree) {
  const problems = [];
  for (const config of tree.configs.values()) {
    for (const repository of resourcesOf(config, 'aws_ecr_repository')) {
      const label = where(config, repository);
      if (repository.body.image_tag_mutability !== 'IMMUTABLE') problems.push(`${label}: image_tag_mutability must be IMMUTABLE`);
      if (repository.body.image_scanning_configuration?.[0]?.scan_on_push !== true) problems.push(`${label}: scan_on_push must be true`);
      const lifecycle = resourcesOf(config, 'aws_ecr_lifecycle_policy').some((p) => String(p.body.for_each ?? p.body.repository).includes(`aws_ecr_repository.${repository.name}`));
      if (!lifecycle) problems.push(`${label}: no aws_ecr_lifecycle_policy`);
    }
  }
  return problems;
}

// Load balancers: invalid headers dropped, target groups checked on /health, HTTPS listeners on a TLS 1.2+ policy.
export function checkLoadBalancer(tree) {
  const problems = [];
  for (const config of tree.configs.values()) {
    for (const lb of resourcesOf(config, 'aws_lb')) {
      if (lb.body.drop_invalid_header_fields !== true) problems.push(`${where(config, lb)}: drop_invalid_header_fields must be true`);
    }
    for (const group of resourcesOf(config, 'aws_lb_target_group')) {
      if (group.body.health_check?.[0]?.path !== '/health') problems.push(`${where(config, group)}: health check path must be /health`);
    }
    for (const listener of resourcesOf(config, 'aws_lb_listener').filter((l) => l.body.protocol === 'HTTPS')) {
      if (!/^ELBSecurityPolicy-TLS13-1-2-/.test(listener.body.ssl_policy ?? '')) problems.push(`${where(config, listener)}: ssl_policy must be a TLS 1.2/1.3 policy (ELBSecurityPolicy-TLS13-1-2-*)`);
    }
  }
  return problems;
}
