// docker-compose.yml against scripts/local.env and the contract: the same names and settings as
// scripts/run-local.sh, the contract's environment variables, and LocalStack provisioned before the services start.
// (No Docker engine runs these checks; they read the files.)
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import yaml from "js-yaml";
import { hosts, lineage, read, root, stages, target } from "./dockerfile.mjs";

const text = read("docker-compose.yml");
const compose = yaml.load(text);
const localEnv = Object.fromEntries(
  read("scripts/local.env")
    .split("\n")
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => line.split(/=(.*)/s).slice(0, 2))
    .map(([key, value]) => [key, value.replace(/^'(.*)'$/, "$1")]),
);
const service = (name) => compose.services[name];

test("every ${LOCAL_*:-default} in docker-compose.yml is a scripts/local.env setting, with that file's value", () => {
  const uses = [...text.matchAll(/\$\{(LOCAL_[A-Z_]+)(?::-([^}]*))?\}/g)];
  assert.ok(uses.length > 0);
  for (const [whole, name, fallback] of uses) {
    assert.ok(name in localEnv, `${whole}: scripts/local.env has no ${name}`);
    assert.equal(fallback, localEnv[name], `${whole}: scripts/local.env says ${name}=${localEnv[name]}`);
  }
});

test("the services get the contract's environment variables, aimed at LocalStack", () => {
  const expected = {
    api: ["SQS_QUEUE_URL", "SSM_TOKEN_PARAMETER", "AWS_REGION", "PORT"],
    consumer: ["SQS_QUEUE_URL", "S3_BUCKET_NAME", "SQS_POLL_INTERVAL", "AWS_REGION", "METRICS_PORT"],
  };
  for (const [name, variables] of Object.entries(expected)) {
    const environment = service(name).environment;
    for (const variable of variables) assert.ok(environment[variable], `${name} has no ${variable}`);
    assert.equal(environment.AWS_ENDPOINT_URL, "http://localstack:4566", name);
    assert.equal(
      environment.SQS_QUEUE_URL,
      "http://localstack:4566/000000000000/${LOCAL_QUEUE_NAME:-emailpipeline-emails}",
      `${name}: the queue URL must resolve from another container`,
    );
  }
  assert.equal(service("api").environment.SSM_TOKEN_PARAMETER, "${LOCAL_TOKEN_PARAMETER:-/emailpipeline/dev/api-token}");
  assert.equal(service("consumer").environment.S3_BUCKET_NAME, "${LOCAL_BUCKET_NAME:-emailpipeline-archive}");
});

test("the services are built from the Dockerfile's targets and listen where the images say", () => {
  for (const [host, { port }] of Object.entries(hosts)) {
    const { build, environment, ports } = service(host.toLowerCase());
    assert.deepEqual(build, { context: ".", dockerfile: "Dockerfile", target: target(host) });
    const image = lineage(stages(read(build.dockerfile)), build.target)[0];
    const exposed = image.instructions.find((i) => i.keyword === "EXPOSE").args;
    assert.equal(String(port), exposed);
    assert.equal(environment[host === "Api" ? "PORT" : "METRICS_PORT"], String(port));
    assert.match(ports[0], new RegExp(`^127\\.0\\.0\\.1:\\$\\{LOCAL_[A-Z_]+_PORT:-\\d+\\}:${port}$`));
  }
});

test("LocalStack runs scripts/provision.py at READY, and the services wait until it has", () => {
  const localstack = service("localstack");
  const mounts = Object.fromEntries(localstack.volumes.map((v) => v.split(":")).map(([from, to]) => [to, from]));
  const hooks = mounts["/etc/localstack/init/ready.d"];
  assert.ok(existsSync(path.join(root, hooks, "provision.py")), `${hooks}/provision.py is missing`);
  const hook = read(path.join(hooks, "provision.py"));
  const scripts = mounts["/opt/emailpipeline/scripts"];
  assert.equal(scripts, "./scripts");
  assert.ok(hook.includes('"/opt/emailpipeline/scripts/provision.py"'), "the hook does not run the mounted provision.py");
  assert.ok(existsSync(path.join(root, scripts, "provision.py")));
  assert.match(localstack.healthcheck.test.join(" "), /_localstack\/init\/ready[\s\S]*"provision\.py"[\s\S]*"SUCCESSFUL"/);
  for (const name of ["api", "consumer"]) {
    assert.deepEqual(service(name).depends_on, { localstack: { condition: "service_healthy" } }, name);
  }
  assert.match(localstack.image, /^localstack\/localstack:\d+\.\d+\.\d+$/, "LocalStack is not pinned to a version");
});
