// Reads the hosts' Dockerfiles and checks them against the projects they build, so that a renamed or re-referenced
// project breaks a test here rather than the image build in CI. Used by dockerfiles.test.mjs and the other checks.
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

/** The projects a project references, transitively, itself included, as repository paths. */
export function projectClosure(project, readFile = read) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, include] of readFile(file).matchAll(/<ProjectReference\s+Include="([^"]+)"/g)) {
      visit(path.posix.normalize(path.posix.join(path.posix.dirname(file), include.replaceAll("\\", "/"))));
    }
  };
  visit(project);
  return [...seen];
}

function dotnet(stage, verb) {
  return stage.instructions
    .filter((i) => i.keyword === "RUN" && new RegExp(`^dotnet\\s+${verb}\\b`).test(i.args))
    .map((i) => i.args.split(/\s+/).slice(2));
}

const pinned = (image, repository) =>
  new RegExp(`^mcr\\.microsoft\\.com/dotnet/${repository}:\\d+\\.\\d+\\.\\d+-`).test(image);
const last = (stage, keyword) => stage.instructions.filter((i) => i.keyword === keyword).at(-1)?.args;
const defaults = { exists: (file) => existsSync(path.join(root, file)), readFile: read };

/**
 * What is wrong with a host's Dockerfile, as readable sentences ([] when nothing is).
 * `exists` and `readFile` are the repository's by default; tests pass their own to show the checks can fail.
 */
export function checkHostDockerfile(text, host, { exists = defaults.exists, readFile = defaults.readFile } = {}) {
  const all = stages(text);
  const build = all.find((stage) => /\/dotnet\/sdk:/.test(stage.image));
  const final = all.at(-1);
  if (!build) return ["no build stage FROM mcr.microsoft.com/dotnet/sdk"];
  const problems = [];
  if (!pinned(build.image, "sdk")) problems.push(`the SDK image ${build.image} is not pinned to a full version`);
  if (!pinned(final.image, "aspnet")) problems.push(`the final image ${final.image} is not a pinned aspnet image`);
  return [
    ...problems,
    ...checkBuildStage(build, host, { exists, readFile }),
    ...checkFinalStage(final, host),
  ];
}

function checkBuildStage(build, host, { exists, readFile }) {
  const problems = [];
  const project = `src/${host}/${host}.csproj`;
  if (!exists(project)) problems.push(`${project} does not exist`);
  const [restores, publishes] = [dotnet(build, "restore"), dotnet(build, "publish")];
  for (const [verb, runs] of [["restore", restores], ["publish", publishes]]) {
    if (runs.length !== 1 || runs[0][0] !== project) {
      const named = runs.map((r) => r[0]).join(", ") || "nothing";
      problems.push(`the build stage should ${verb} ${project} once, not: ${named}`);
    }
  }
  const option = (args = [], name) => args[args.indexOf(name) + 1];
  if (option(publishes[0], "-c") !== "Release") problems.push("the publish is not -c Release");
  if (option(publishes[0], "-r") !== "linux-x64" || option(restores[0], "-r") !== "linux-x64") {
    problems.push("restore and publish should both be for -r linux-x64 (ReadyToRun; --no-restore needs the same RID)");
  }

  // Everything the project needs must be copied: its csproj and those it references before the restore, and
  // their folders after it. A project added to the references without a COPY would build here, not in the image.
  const sources = contextSources(build);
  const restoreAt = build.instructions.findIndex((i) => i.keyword === "RUN" && /^dotnet\s+restore\b/.test(i.args));
  const beforeRestore = contextSources({ instructions: build.instructions.slice(0, restoreAt) });
  const projects = exists(project) ? projectClosure(project, readFile) : [project];
  for (const file of projects) {
    const folder = `${path.posix.dirname(file)}/`;
    if (!beforeRestore.includes(file)) problems.push(`${file} is not copied before the restore`);
    if (!sources.includes(folder)) problems.push(`${folder} is not copied`);
  }
  for (const source of sources) {
    if (!exists(source.replace(/\/$/, ""))) problems.push(`COPY source ${source} does not exist`);
    if (source.endsWith(".csproj") && !projects.includes(source)) {
      problems.push(`${source} is copied but not referenced by ${project}`);
    }
  }
  return problems;
}

function checkFinalStage(final, host) {
  const problems = [];
  const { port, healthcheck } = hosts[host];
  const command = JSON.stringify(["dotnet", `EmailPipeline.${host}.dll`]); // AssemblyName: EmailPipeline.<project>
  const entrypoint = last(final, "ENTRYPOINT");
  if (execForm(entrypoint) !== command) problems.push(`the entry point should be ${command}, not ${entrypoint}`);
  const user = last(final, "USER");
  if (!user || /^(0|root)(:|$)/.test(user)) problems.push(`the final stage should run as a non-root USER, not ${user}`);
  const exposed = final.instructions.filter((i) => i.keyword === "EXPOSE").map((i) => i.args).join();
  if (exposed !== String(port)) problems.push(`the final stage should EXPOSE ${port}, not ${exposed || "nothing"}`);
  const check = last(final, "HEALTHCHECK");
  const wanted = command.replace(/]$/, ',"--health-check"]');
  if (healthcheck && execForm(check?.split(/\bCMD\s+/)[1]) !== wanted) {
    problems.push(`the final stage should HEALTHCHECK with CMD ${wanted}`);
  }
  if (!healthcheck && check) problems.push(`${host} should have no HEALTHCHECK (ECS ignores it; the ALB checks)`);
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
