// Checks that the configurations fit together, as `terraform validate` would on a machine with terraform, plus the
// conventions of this repository. Each check takes a tree (config.mjs) and returns a list of problems: strings
// that name the file, the block and what is wrong.
import { blocksOf, describe, referencesOf, resolveSource } from './config.mjs';
import { getReferencesInExpression } from './hcl2json.mjs';

const META_ARGUMENTS = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);
const BUILT_IN_ROOTS = new Set(['each', 'count', 'self', 'path', 'terraform']);
const RESOURCE_TYPE = /^[a-z][a-z0-9]*_[a-z0-9_]+$/;

// Module calls: every argument is a variable of the called module, every required variable is passed, and the
// source is a configuration in the tree.
export function checkModuleCalls(tree) {
  const problems = [];
  for (const config of tree.configs.values()) {
    for (const call of Object.values(config.module)) {
      const where = `${config.dir}/${call.file}: module "${call.name}"`;
      const target = resolveSource(tree, config, call.body.source);
      if (!target) {
        problems.push(`${where}: source ${JSON.stringify(call.body.source)} is not a module directory under terraform/`);
        continue;
      }
      for (const argument of Object.keys(call.body)) {
        if (META_ARGUMENTS.has(argument)) continue;
        if (!target.variable[argument]) problems.push(`${where}: passes "${argument}", which ${target.dir} does not declare as a variable`);
      }
      for (const variable of Object.values(target.variable)) {
        if (!Object.hasOwn(variable.body, 'default') && !Object.hasOwn(call.body, variable.name)) {
          problems.push(`${where}: does not pass "${variable.name}", which ${target.dir} requires (no default)`);
        }
      }
    }
  }
  return problems;
}

// References: var.*, local.*, module.*.<output>, data.*, ephemeral.* and resources are declared.
export async function checkReferences(tree) {
  const problems = [];
  for (const config of tree.configs.values()) {
    for (const r of await referencesOf(config)) {
      const parts = r.ref.split('.');
      const where = `${r.file}: ${describe(r.kind, r.key)} refers to ${r.ref}`;
      if (BUILT_IN_ROOTS.has(r.root) || r.iterators.includes(r.root)) continue;
      if (r.root === 'var') {
        if (!config.variable[parts[1]]) problems.push(`${where}, but variable "${parts[1]}" is not declared in ${config.dir}`);
      } else if (r.root === 'local') {
        if (!config.locals[parts[1]]) problems.push(`${where}, but local "${parts[1]}" is not defined in ${config.dir}`);
      } else if (r.root === 'module') {
        const call = config.module[parts[1]];
        const target = call && resolveSource(tree, config, call.body.source);
        if (!call) problems.push(`${where}, but ${config.dir} has no module "${parts[1]}"`);
        else if (target && parts.length < 3) problems.push(`${where}: name one of its outputs`);
        else if (target && !target.output[parts[2]]) problems.push(`${where}, but ${target.dir} has no output "${parts[2]}"`);
      } else if (r.root === 'data' || r.root === 'ephemeral') {
        const address = `${parts[1]}.${parts[2]}`;
        if (!config[r.root][address]) problems.push(`${where}, but ${config.dir} declares no ${r.root} "${parts[1]}" "${parts[2]}"`);
      } else if (RESOURCE_TYPE.test(r.root) && parts.length >= 2) {
        if (!config.resource[`${parts[0]}.${parts[1]}`]) problems.push(`${where}, but ${config.dir} declares no resource "${parts[0]}" "${parts[1]}"`);
      } else {
        problems.push(`${where}, which is not a known kind of reference`);
      }
    }
  }
  return problems;
}

// Nothing declared and unused: every variable and local is referenced outside its own block.
export async function checkUnused(tree) {
  const problems = [];
  for (const config of tree.configs.values()) {
    const used = new Set();
    for (const r of await referencesOf(config)) {
      const [root, name] = r.ref.split('.');
      const self = (root === 'var' && r.kind === 'variable' && r.key === name) || (root === 'local' && r.kind === 'locals' && r.key === name);
      if ((root === 'var' || root === 'local') && !self) used.add(`${root}.${name}`);
    }
    for (const v of Object.values(config.variable)) {
      if (!used.has(`var.${v.name}`)) problems.push(`${config.dir}/${v.file}: variable "${v.name}" is never used`);
    }
    for (const l of Object.values(config.locals)) {
      if (!used.has(`local.${l.name}`)) problems.push(`${config.dir}/${l.file}: local "${l.name}" is never used`);
    }
  }
  return problems;
}

// Layout and documentation of modules; descriptions, types and validations of variables; descriptions of outputs.
export function checkLayout(tree) {
  const problems = [];
  for (const config of tree.configs.values()) {
    const files = new Set(config.fileNames);
    const required = config.kind === 'module' ? ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf'] : ['main.tf', 'versions.tf'];
    for (const file of required) if (!files.has(file)) problems.push(`${config.dir}: has no ${file}`);
    if (config.kind === 'module' && !tree.files.has(`${config.dir}/README.md`)) problems.push(`${config.dir}: has no README.md`);
    for (const v of Object.values(config.variable)) {
      const where = `${config.dir}/${v.file}: variable "${v.name}"`;
      if (v.file !== 'variables.tf') problems.push(`${where}: declare variables in variables.tf`);
      if (typeof v.body.description !== 'string' || v.body.description.trim().length < 10) problems.push(`${where}: has no description`);
      if (!v.body.type) problems.push(`${where}: has no type`);
      const validations = v.body.validation ?? [];
      if (v.body.type !== '${bool}' && validations.length === 0) problems.push(`${where}: has no validation block (every variable but a bool needs one)`);
      for (const validation of validations) {
        if (!validation.condition || !validation.error_message) problems.push(`${where}: a validation block lacks condition or error_message`);
      }
    }
    for (const o of Object.values(config.output)) {
      const where = `${config.dir}/${o.file}: output "${o.name}"`;
      if (o.file !== 'outputs.tf') problems.push(`${where}: declare outputs in outputs.tf`);
      if (typeof o.body.description !== 'string' || o.body.description.trim().length < 10) problems.push(`${where}: has no description`);
    }
    if (config.kind === 'module') {
      for (const name of Object.keys(config.provider)) problems.push(`${config.dir}: module configures provider "${name}" (providers belong to the roots)`);
      for (const t of config.terraform) if (t.body.backend) problems.push(`${config.dir}/${t.file}: module declares a backend`);
    }
  }
  return problems;
}

// Terraform and provider versions are pinned, roots pin providers with ~>, every provider used is required,
// environments keep their state in S3 with locking, and the AWS provider of a root sets default tags.
export function checkVersions(tree) {
  const problems = [];
  for (const config of tree.configs.values()) {
    const settings = config.terraform.map((t) => t.body);
    if (!settings.some((s) => typeof s.required_version === 'string')) problems.push(`${config.dir}: no terraform { required_version } constraint`);
    const providers = Object.assign({}, ...settings.flatMap((s) => s.required_providers ?? []));
    for (const [name, requirement] of Object.entries(providers)) {
      const where = `${config.dir}: required provider "${name}"`;
      if (typeof requirement?.source !== 'string' || typeof requirement?.version !== 'string') problems.push(`${where}: needs source and version`);
      else if (config.kind === 'root' && !requirement.version.startsWith('~>')) problems.push(`${where}: a root pins providers with ~> (found ${JSON.stringify(requirement.version)})`);
    }
    const used = new Set();
    for (const { kind, key } of blocksOf(config)) {
      if (['resource', 'data', 'ephemeral'].includes(kind)) used.add(key.split('_')[0]);
      if (kind === 'provider') used.add(key);
    }
    for (const name of used) if (!providers[name]) problems.push(`${config.dir}: uses provider "${name}" without declaring it in required_providers`);
    if (config.kind === 'root' && used.has('aws')) {
      const aws = config.provider.aws;
      if (!aws) problems.push(`${config.dir}: no provider "aws" block`);
      else if (!aws.body.default_tags?.[0]?.tags) problems.push(`${config.dir}/${aws.file}: provider "aws" sets no default_tags`);
    }
    if (config.dir.startsWith('environments/')) {
      const s3 = settings.flatMap((s) => s.backend?.s3 ?? [])[0];
      if (!s3) problems.push(`${config.dir}: no backend "s3"`);
      else {
        if (s3.use_lockfile !== true) problems.push(`${config.dir}: backend "s3" must set use_lockfile = true (state locking)`);
        if (s3.encrypt !== true) problems.push(`${config.dir}: backend "s3" must set encrypt = true`);
        if (typeof s3.key !== 'string' || !s3.key.startsWith(`emailpipeline/${config.dir.split('/')[1]}/`)) problems.push(`${config.dir}: backend "s3" key must be emailpipeline/${config.dir.split('/')[1]}/...`);
      }
    }
  }
  return problems;
}

// terraform test files: each configuration has some, they mock the AWS provider, every run asserts something or
// expects a failure, the variables they set are declared and the required ones are set, and what their
// conditions refer to exists.
export async function checkTestFiles(tree) {
  const problems = [];
  for (const config of tree.configs.values()) {
    const prefix = `${config.dir}/tests/`;
    const files = [...tree.tests.keys()].filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes('/'));
    if (files.length === 0) problems.push(`${config.dir}: no tests/*.tftest.hcl`);
    for (const file of files) {
      const test = tree.tests.get(file);
      if (!test.mock_provider?.aws) problems.push(`${file}: no mock_provider "aws" (the tests must run without an AWS account)`);
      const fileVariables = Object.assign({}, ...(test.variables ?? []));
      const runs = Object.entries(test.run ?? {});
      if (runs.length === 0) problems.push(`${file}: no run block`);
      for (const [name, [run]] of runs) {
        const where = `${file}: run "${name}"`;
        if (!['${plan}', '${apply}'].includes(run.command)) problems.push(`${where}: set command = plan or apply`);
        if (!(run.assert?.length > 0) && !run.expect_failures) problems.push(`${where}: neither asserts nor expects a failure`);
        const variables = { ...fileVariables, ...Object.assign({}, ...(run.variables ?? [])) };
        for (const variable of Object.keys(variables)) {
          if (!config.variable[variable]) problems.push(`${where}: sets variable "${variable}", which ${config.dir} does not declare`);
        }
        for (const v of Object.values(config.variable)) {
          if (!Object.hasOwn(v.body, 'default') && !Object.hasOwn(variables, v.name)) problems.push(`${where}: does not set required variable "${v.name}"`);
        }
        for (const expected of run.expect_failures ?? []) {
          const m = /^\$\{var\.([A-Za-z0-9_-]+)\}$/.exec(expected);
          if (m && !config.variable[m[1]]) problems.push(`${where}: expects a failure of var.${m[1]}, which ${config.dir} does not declare`);
        }
        for (const assertion of run.assert ?? []) {
          for (const ref of await conditionReferences(file, assertion.condition)) {
            const problem = testReferenceProblem(tree, config, ref);
            if (problem) problems.push(`${where}: condition refers to ${ref}, ${problem}`);
          }
        }
      }
    }
  }
  return problems;
}

async function conditionReferences(file, condition) {
  if (typeof condition !== 'string') return [];
  return (await getReferencesInExpression(file, condition)).map((r) => r.value);
}

function testReferenceProblem(tree, config, ref) {
  const parts = ref.split('.');
  if (parts[0] === 'var') return config.variable[parts[1]] ? null : `but ${config.dir} declares no variable "${parts[1]}"`;
  if (parts[0] === 'output') return config.output[parts[1]] ? null : `but ${config.dir} has no output "${parts[1]}"`;
  if (parts[0] === 'local') return config.locals[parts[1]] ? null : `but ${config.dir} has no local "${parts[1]}"`;
  if (parts[0] === 'module') {
    const call = config.module[parts[1]];
    if (!call) return `but ${config.dir} has no module "${parts[1]}"`;
    const target = resolveSource(tree, config, call.body.source);
    return !target || target.output[parts[2]] ? null : `but ${target.dir} has no output "${parts[2]}"`;
  }
  if (parts[0] === 'data') return config.data[`${parts[1]}.${parts[2]}`] ? null : `but ${config.dir} declares no data "${parts[1]}" "${parts[2]}"`;
  if (RESOURCE_TYPE.test(parts[0]) && parts.length >= 2) return config.resource[`${parts[0]}.${parts[1]}`] ? null : `but ${config.dir} declares no resource "${parts[0]}" "${parts[1]}"`;
  return null;
}

// dev and prod are the same configuration with different values: the same files, variables, outputs and module
// calls, the same arguments to each, and the same wiring (every argument that refers to something is identical).
export function checkEnvironmentParity(tree, a = 'environments/dev', b = 'environments/prod') {
  const problems = [];
  const left = tree.configs.get(a);
  const right = tree.configs.get(b);
  if (!left || !right) return [`${!left ? a : b}: missing`];
  const same = (what, x, y) => {
    const onlyX = x.filter((k) => !y.includes(k));
    const onlyY = y.filter((k) => !x.includes(k));
    if (onlyX.length) problems.push(`${what} only in ${a}: ${onlyX.join(', ')}`);
    if (onlyY.length) problems.push(`${what} only in ${b}: ${onlyY.join(', ')}`);
  };
  same('files', left.fileNames, right.fileNames);
  same('variables', Object.keys(left.variable), Object.keys(right.variable));
  same('outputs', Object.keys(left.output), Object.keys(right.output));
  same('module calls', Object.keys(left.module), Object.keys(right.module));
  for (const [name, call] of Object.entries(left.module)) {
    const other = right.module[name];
    if (!other) continue;
    same(`arguments of module "${name}"`, Object.keys(call.body), Object.keys(other.body));
    for (const [argument, value] of Object.entries(call.body)) {
      const otherValue = other.body[argument];
      const wired = (v) => JSON.stringify(v ?? null).includes('${');
      if ((wired(value) || wired(otherValue)) && JSON.stringify(value) !== JSON.stringify(otherValue)) {
        problems.push(`module "${name}" argument "${argument}" is wired differently: ${a} ${JSON.stringify(value)}, ${b} ${JSON.stringify(otherValue)}`);
      }
    }
  }
  return problems;
}
