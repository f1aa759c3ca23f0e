// Reads the Dockerfile and checks it against the projects it builds, so that a renamed or re-referenced project
// breaks a test here rather than the image build in CI. Used by dockerfiles.test.mjs and the other checks.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const read = (file) => readFileSync(path.join(root, file), "utf8");
export const hosts = { Api: { port: 8000, healthcheck: false }, Consumer: { port: 9090, healthcheck: true } };

/** The instructions of a Dockerfile, continuation lines joined: [{ line, keyword, args }]. */
export function instructions(text) {
  const result = [];
  let pending = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (pending === null && (line === "" || line.startsWith("#"))) return;
    if (pending !== null && line.startsWith("#")) return;
    const body = line.endsWith("\\") ? line.slice(0, -1).trim() : line;
    pending = pending === null ? { line: index + 1, text: body } : { ...pending, text: `${pending.text} ${body}` };
    if (!line.endsWith("\\")) {
      const [keyword, ...rest] = pending.text.split(/\s+/);
      result.push({ line: pending.line, keyword: keyword.toUpperCase(), args: rest.join(" ") });
      pending = null;
    }
  });
  return result;
}

/** The stages of a Dockerfile: [{ image, name, instructions }]. */
export function stages(text) {
  const result = [];
  for (const instruction of instructions(text)) {
    if (instruction.keyword === "FROM") {
      const [image, as, name] = instruction.args.split(/\s+/);
      result.push({ image, name: as?.toUpperCase() === "AS" ? name : undefined, instructions: [] });
    } else {
      result.at(-1)?.instructions.push(instruction);
    }
  }
  return result;
}

/** COPY sources taken from the build context (not --from another stage). */
export function contextSources(stage) {
  return stage.instructions
    .filter((i) => i.keyword === "COPY" && !/--from=/.test(i.args))
    .flatMap((i) => i.args.split(/\s+/).filter((word) => !word.startsWith("--")).slice(0, -1));
}

/** The projects a project references and the files they import, transitively, itself included, as repository paths. */
export function projectClosure(project, readFile = read) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    // The projects it references and the files it imports (a shared props file decides the restore too).
    for (const [, include] of readFile(file).matchAll(/<(?:ProjectReference\s+Include|Import\s+Project)="([^"$]+)"/g)) {
      visit(path.posix.normalize(path.posix.join(path.posix.dirname(file), include.replaceAll("\\", "/"))));
    }
  };
  visit(project);
  return [...seen];
}

/** The `dotnet <verb>` commands a stage runs (one RUN may chain several with &&), as argument lists. */
function dotnet(stage, verb) {
  return stage.instructions
    .filter((i) => i.keyword === "RUN")
    .flatMap((i) => i.args.split(/\s*&&\s*/))
    .filter((command) => new RegExp(`^dotnet\\s+${verb}\\b`).test(command))
    .map((command) => command.split(/\s+/).slice(2));
}

const pinned = (image, repository) =>
  new RegExp(`^mcr\\.microsoft\\.com/dotnet/${repository}:\\d+\\.\\d+\\.\\d+-`).test(image);
const last = (stage, keyword) => stage.instructions.filter((i) => i.keyword === keyword).at(-1)?.args;
const defaults = { exists: (file) => existsSync(path.join(root, file)), readFile: read };

/** The target that builds a host's image (`docker build --target api`), and the stage that publishes it. */
export const target = (host) => host.toLowerCase();
export const buildStage = (host) => `${target(host)}-build`;

/** A stage and the stages it is built FROM, itself first. */
export function lineage(all, name) {
  const chain = [];
  for (let stage = all.find((s) => s.name === name); stage; stage = all.find((s) => s.name === stage.image)) chain.push(stage);
  return chain;
}

/** What goes into a host's image from the build context: the root files the build stage copies, and its projects' folders. */
export function imageInputs(text, host, readFile = read) {
  const rootFiles = contextSources(stages(text)[0]).filter((source) => !source.includes("/"));
  // A project brings its folder; a file it imports (src/NativeHost.props) only itself.
  const projects = projectClosure(`src/${host}/${host}.csproj`, readFile).map((file) =>
    file.endsWith(".csproj") ? `${path.posix.dirname(file)}/` : file,
  );
  return [...rootFiles, ...projects];
}

/**
 * What is wrong with the Dockerfile, as readable sentences ([] when nothing is): its shared build stage, each
 * host's publish stage and target. `exists` and `readFile` are the repository's by default; tests pass their own to
 * show the checks can fail.
 */
export function checkDockerfile(text, { exists = defaults.exists, readFile = defaults.readFile } = {}) {
  const all = stages(text);
  const build = all.find((stage) => /\/dotnet\/sdk:/.test(stage.image));
  if (!build) return ["no build stage FROM mcr.microsoft.com/dotnet/sdk"];
  const problems = pinned(build.image, "sdk") ? [] : [`the SDK image ${build.image} is not pinned to a full version`];
  problems.push(...checkBuildStage(build, { exists, readFile }));
  for (const host of Object.keys(hosts)) {
    problems.push(...checkPublishStage(all, build, host), ...checkTarget(all, host));
  }
  return problems;
}

function checkBuildStage(build, { exists, readFile }) {
  const problems = [];
  const restores = dotnet(build, "restore");
  const sources = contextSources(build);
  const restoreAt = build.instructions.findIndex((i) => i.keyword === "RUN" && /^dotnet\s+restore\b/.test(i.args));
  const beforeRestore = contextSources({ instructions: build.instructions.slice(0, restoreAt) });
  const copied = (folder) => sources.some((source) => source.endsWith("/") && folder.startsWith(source));
  const projects = new Set();
  for (const host of Object.keys(hosts)) {
    const project = `src/${host}/${host}.csproj`;
    if (!exists(project)) problems.push(`${project} does not exist`);
    const runs = restores.filter((args) => args[0] === project);
    if (runs.length !== 1) problems.push(`the build stage should restore ${project} once, not ${runs.length} times`);
    if (runs[0] && runs[0][runs[0].indexOf("-r") + 1] !== "linux-x64") problems.push(`${project} is not restored for -r linux-x64`);
    // Everything the project needs must be copied: its csproj and those it references before the restore, and
    // their folders after it. A project added to the references without a COPY would build here, not in the image.
    for (const file of exists(project) ? projectClosure(project, readFile) : [project]) {
      projects.add(file);
      if (!beforeRestore.includes(file)) problems.push(`${file} is not copied before the restore`);
      if (!copied(`${path.posix.dirname(file)}/`)) problems.push(`${path.posix.dirname(file)}/ is not copied`);
    }
  }
  for (const source of sources) {
    if (!exists(source.replace(/\/$/, ""))) problems.push(`COPY source ${source} does not exist`);
    if (source.endsWith(".csproj") && !projects.has(source)) problems.push(`${source} is copied but no host references it`);
  }
  return [...new Set(problems)];
}

function checkPublishStage(all, build, host) {
  const project = `src/${host}/${host}.csproj`;
  const stage = all.find((s) => s.name === buildStage(host));
  if (!stage || stage.image !== build.name) return [`no stage ${buildStage(host)} FROM ${build.name} publishes ${host}`];
  const publishes = dotnet(stage, "publish");
  if (publishes.length !== 1 || publishes[0][0] !== project) {
    return [`${buildStage(host)} should publish ${project} once, not: ${publishes.map((p) => p[0]).join(", ") || "nothing"}`];
  }
  const option = (name) => publishes[0][publishes[0].indexOf(name) + 1];
  const problems = [];
  if (option("-c") !== "Release") problems.push(`${buildStage(host)}: the publish is not -c Release`);
  if (option("-r") !== "linux-x64") problems.push(`${buildStage(host)}: publish for -r linux-x64 (Native AOT; --no-restore needs the RID restored)`);
  if (option("-o") !== "/app") problems.push(`${buildStage(host)}: publish to /app, where the target copies from`);
  return problems;
}

function checkTarget(all, host) {
  const chain = lineage(all, target(host));
  if (chain.length === 0) return [`no target ${target(host)} for ${host}`];
  const [final, base] = [chain[0], chain.at(-1)];
  const problems = [];
  // The hosts are native executables (PublishAot): the runtime-deps image, with no .NET runtime, is all they need.
  if (!pinned(base.image, "runtime-deps")) problems.push(`${target(host)} does not run on a pinned runtime-deps image, but on ${base.image}`);
  const copies = chain.flatMap((stage) => stage.instructions).filter((i) => i.keyword === "COPY" && /--from=/.test(i.args));
  if (!copies.some((i) => i.args.includes(`--from=${buildStage(host)} /app`))) {
    problems.push(`${target(host)} does not copy ${host}'s published /app from ${buildStage(host)}`);
  }
  const { port, healthcheck } = hosts[host];
  const command = JSON.stringify([`/app/EmailPipeline.${host}`]); // AssemblyName: EmailPipeline.<project>, published to /app
  const entrypoint = last(final, "ENTRYPOINT");
  if (execForm(entrypoint) !== command) problems.push(`${target(host)}: the entry point should be ${command}, not ${entrypoint}`);
  const user = chain.map((stage) => last(stage, "USER")).find(Boolean);
  if (!user || /^(0|root)(:|$)/.test(user)) problems.push(`${target(host)} should run as a non-root USER, not ${user}`);
  const exposed = final.instructions.filter((i) => i.keyword === "EXPOSE").map((i) => i.args).join();
  if (exposed !== String(port)) problems.push(`${target(host)} should EXPOSE ${port}, not ${exposed || "nothing"}`);
  const check = chain.map((stage) => last(stage, "HEALTHCHECK")).find(Boolean);
  const wanted = command.replace(/]$/, ',"--health-check"]');
  if (healthcheck && execForm(check?.split(/\bCMD\s+/)[1]) !== wanted) {
    problems.push(`${target(host)} should HEALTHCHECK with CMD ${wanted}`);
  }
  if (!healthcheck && check) problems.push(`${target(host)} should have no HEALTHCHECK (ECS ignores it; the ALB checks)`);
  return problems;
}

/** An exec-form (JSON array) command, normalised; undefined for the shell form or nothing. */
function execForm(args) {
  try {
    const value = JSON.parse(args ?? "");
    return Array.isArray(value) ? JSON.stringify(value) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the build context leaves a path out, by .dockerignore's rules: patterns in order, the last one that
 * matches the path or one of its parent folders wins, "!" takes back in, "**" spans folders.
 */
export function ignoredByDockerignore(file, dockerignore) {
  const rules = dockerignore
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => ({ include: line.startsWith("!"), pattern: line.replace(/^!/, "").replace(/^\/+|\/+$/g, "") }));
  const parts = file.replace(/\/$/, "").split("/");
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
  let ignored = false;
  for (const rule of rules) {
    const regex = globToRegExp(rule.pattern);
    if (candidates.some((candidate) => regex.test(candidate))) ignored = !rule.include;
  }
  return ignored;
}

/** A path glob as a regular expression: "**" any number of folders, "*" and "?" within one. */
export function globToRegExp(glob) {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}
