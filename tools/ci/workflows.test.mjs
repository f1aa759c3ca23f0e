// The GitHub Actions workflows: actionlint, and the rules they keep (pinned actions, least privilege, OIDC only,
// deployments that wait, gate and never overlap, path filters that cover what each image is built from).
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import yaml from "js-yaml";
import { lintWorkflow, lintWorkflowUnfiltered } from "./actionlint.mjs";
import { globToRegExp, hosts, imageInputs, read, root, target } from "./dockerfile.mjs";

const folder = ".github/workflows";
const files = readdirSync(path.join(root, folder)).filter((f) => /\.ya?ml$/.test(f)).map((f) => `${folder}/${f}`);
const workflows = files.map((file) => ({ file, text: read(file), doc: yaml.load(read(file)) }));
const workflow = (name) => workflows.find((w) => w.file === `${folder}/${name}`)?.doc;
const jobs = workflows.flatMap(({ file, doc }) => Object.entries(doc.jobs).map(([id, job]) => ({ file, id, job })));
const steps = jobs.flatMap(({ file, id, job }) => (job.steps ?? []).map((step) => ({ file, id, job, step })));
const usesAction = (step, action) => step.uses?.startsWith(`${action}@`);

test("the CI/CD workflows are all there", () => {
  for (const name of ["ci-api.yml", "ci-consumer.yml", "cd-api.yml", "cd-consumer.yml", "terraform.yml"]) {
    assert.ok(workflow(name), `${folder}/${name} is missing`);
  }
});

for (const { file, text } of workflows) {
  test(`actionlint: ${file}`, async () => {
    const findings = await lintWorkflow(text, file);
    assert.deepEqual(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message} [${f.kind}]`), []);
  });
}

test("the actionlint filter drops the missing `vars` context, and nothing else", async () => {
  const text = [
    "on: push",
    "jobs:",
    "  a:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    '      - run: echo "${{ vars.AWS_REGION }}"',
    '      - run: echo "${{ varz.AWS_REGION }}"',
  ].join("\n");
  const all = await lintWorkflowUnfiltered(text, "sample.yml");
  const knowsVars = !all.some((f) => f.message.startsWith('undefined variable "vars"'));
  assert.ok(!knowsVars, "this actionlint knows `vars`: drop the filter");
  const kept = await lintWorkflow(text, "sample.yml");
  assert.deepEqual(kept.map((f) => [f.line, f.message.split(".")[0]]), [[7, 'undefined variable "varz"']]);
});

test("every action is pinned to a full commit SHA, with its version in a comment, the same one everywhere", () => {
  const pins = new Map();
  for (const { file, text } of workflows) {
    text.split("\n").forEach((line, index) => {
      const match = /^\s*(?:-\s+)?uses:\s*(\S+)\s*(.*)$/.exec(line);
      if (!match || match[1].startsWith("./")) return;
      const where = `${file}:${index + 1}`;
      const [, action, sha] = /^([^@]+)@(.*)$/.exec(match[1]) ?? [];
      assert.match(sha ?? "", /^[0-9a-f]{40}$/, `${where}: ${match[1]} is not pinned to a commit SHA`);
      assert.match(match[2], /^# v\d+(\.\d+)*$/, `${where}: ${match[1]} has no "# vX.Y.Z" comment`);
      pins.set(action, new Set([...(pins.get(action) ?? []), `${sha} ${match[2]}`]));
    });
  }
  for (const [action, versions] of pins) {
    assert.equal(versions.size, 1, `${action} is pinned to ${[...versions].join(" and ")}`);
  }
});

test("permissions are none by default and granted per job", () => {
  for (const { file, doc } of workflows) assert.deepEqual(doc.permissions, {}, `${file}: top-level permissions not {}`);
  for (const { file, id, job } of jobs) assert.ok(job.permissions, `${file}: job ${id} declares no permissions`);
});

test("AWS is reached only through OIDC roles, and only jobs that assume one get an ID token", () => {
  for (const { file, text } of workflows) {
    assert.doesNotMatch(text, /aws-(access-key-id|secret-access-key)|AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)/, `${file}: keys`);
  }
  const assuming = new Set();
  for (const { file, id, job, step } of steps) {
    if (!usesAction(step, "aws-actions/configure-aws-credentials")) continue;
    assuming.add(`${file}#${id}`);
    const role = step.with?.["role-to-assume"] ?? "";
    assert.match(role, /^\$\{\{ vars\.AWS_(DEPLOY|TERRAFORM|TERRAFORM_PLAN)_ROLE_ARN \}\}$/, `${file}: ${id}`);
    assert.equal(step.with?.["aws-region"], "${{ vars.AWS_REGION }}", `${file}: ${id}`);
    assert.equal(job.permissions?.["id-token"], "write", `${file}: ${id} assumes a role without id-token: write`);
  }
  for (const { file, id, job } of jobs) {
    if (job.permissions?.["id-token"] === "write" && !job.uses) {
      assert.ok(assuming.has(`${file}#${id}`), `${file}: ${id} gets an ID token it does not use`);
    }
  }
});

test("a deployment waits for stability, rolls back on failure, is gated by an environment and never overlaps", () => {
  const deploys = steps.filter(({ step }) => usesAction(step, "aws-actions/amazon-ecs-deploy-task-definition"));
  assert.ok(deploys.length > 0, "no job deploys to ECS");
  for (const { file, id, job, step } of deploys) {
    assert.equal(String(step.with["wait-for-service-stability"]), "true", `${file}: ${id}`);
    assert.ok(job.environment, `${file}: ${id} has no environment`);
    assert.match(job.concurrency?.group ?? "", /inputs\.service.*inputs\.environment/, `${file}: ${id} concurrency`);
    assert.equal(job.concurrency["cancel-in-progress"], false, `${file}: ${id} would cancel a deployment midway`);
    const rollback = job.steps.find((s) => /^failure\(\)/.test(s.if ?? "") && /update-service/.test(s.run ?? ""));
    assert.ok(rollback, `${file}: ${id} never rolls back`);
  }
});

for (const [host, service] of Object.entries({ Api: "api", Consumer: "consumer" })) {
  test(`CD ${host} runs after CI ${host} on main, deploys dev then production, and can be run by hand`, () => {
    const ci = workflow(`ci-${service}.yml`);
    const cd = workflow(`cd-${service}.yml`);
    assert.deepEqual(cd.on.workflow_run.workflows, [ci.name], "workflow_run must name the CI workflow exactly");
    assert.deepEqual(cd.on.workflow_run.branches, ["main"]);
    assert.ok(cd.on.workflow_dispatch.inputs["image-tag"].required);
    assert.deepEqual([cd.jobs.dev.with.environment, cd.jobs.production.with.environment], ["dev", "production"]);
    assert.equal(cd.jobs.production.needs, "dev");
    for (const job of [cd.jobs.dev, cd.jobs.production]) assert.equal(job.with.service, service);
  });

  test(`CI ${host}'s path filters cover what its image is built from, and not the other host`, () => {
    const ci = workflow(`ci-${service}.yml`);
    const matches = (patterns, file) =>
      patterns.reduce((hit, p) => (globToRegExp(p.replace(/^!/, "")).test(file) ? !p.startsWith("!") : hit), false);
    const inputs = ["Dockerfile", ".dockerignore", ...imageInputs(read("Dockerfile"), host)].map((s) =>
      s.endsWith("/") ? `${s}Some.cs` : s,
    );
    for (const file of inputs) {
      assert.ok(matches(ci.on.push.paths, file), `push paths miss ${file}`);
      assert.ok(!matches(ci.on.pull_request["paths-ignore"], file), `pull_request paths-ignore skips ${file}`);
    }
    const other = Object.keys(hosts).find((h) => h !== host);
    assert.ok(!matches(ci.on.push.paths, `src/${other}/Program.cs`), `a change to ${other} would rebuild ${host}`);
    const ignored = ci.on.pull_request["paths-ignore"];
    assert.ok(matches(ignored, `src/${other}/Program.cs`), `a change to ${other} runs CI ${host}`);
    assert.deepEqual(ci.on.push.branches, ["main"]);
    assert.equal(ci.jobs.ci.with.service, target(host), "the service names the Dockerfile's target");
  });
}

test("CI builds with warnings as errors, runs the README's test command, and pushes :<sha> from main only", () => {
  const ci = workflow("ci-service.yml");
  const run = ci.jobs.test.steps.map((s) => s.run ?? "").join("\n");
  assert.match(run, /dotnet build .*-warnaserror/);
  assert.match(run, /^scripts\/test\.sh$/m);
  assert.match(run, /pip install "moto\[server\]==/);
  assert.match(run, /npm ci --prefix tools/);
  assert.match(ci.jobs.push.if, /github\.ref == 'refs\/heads\/main'/);
  const push = ci.jobs.push.steps.find((s) => usesAction(s, "docker/build-push-action"));
  assert.equal(push.with.tags, "${{ steps.ecr.outputs.registry }}/${{ env.REPOSITORY }}:${{ env.IMAGE_TAG }}");
  const builds = [...ci.jobs.image.steps, ...ci.jobs.push.steps].filter((s) => usesAction(s, "docker/build-push-action"));
  for (const build of builds) assert.deepEqual([build.with.file, build.with.target], ["Dockerfile", "${{ inputs.service }}"]);
  assert.equal(ci.jobs.push.env.IMAGE_TAG, "${{ github.sha }}");
});

test("Terraform: checks and a plan comment on pull requests; on main, dev then prod behind its environment", () => {
  const tf = workflow("terraform.yml");
  const run = tf.jobs.check.steps.map((s) => s.run ?? "").join("\n");
  assert.match(run, /^scripts\/terraform-check\.sh$/m); // fmt, init, validate, every terraform test: as in the test command
  assert.match(run, /tflint --recursive/);
  const role = (job) => job.steps.find((s) => usesAction(s, "aws-actions/configure-aws-credentials")).with["role-to-assume"];
  assert.equal(role(tf.jobs.plan), "${{ vars.AWS_TERRAFORM_PLAN_ROLE_ARN }}");
  assert.equal(tf.jobs.plan.permissions["pull-requests"], "write");
  assert.deepEqual(tf.jobs.plan.strategy.matrix.root, ["shared", "dev", "prod"]);
  for (const job of [tf.jobs["apply-dev"], tf.jobs["apply-prod"]]) {
    assert.equal(role(job), "${{ vars.AWS_TERRAFORM_ROLE_ARN }}");
    assert.match(job.steps.at(-1).run, /terraform apply .*tfplan/);
  }
  assert.equal(tf.jobs["apply-prod"].needs, "apply-dev");
  assert.equal(tf.jobs["apply-prod"].environment, "production");
  assert.match(tf.concurrency.group, /apply/);
});
