// The Dockerfile: dockerfilelint, and the project paths its build stages name, checked against the real projects,
// so that a renamed or newly referenced project fails here, not in the image build.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { test } from "node:test";
import dockerfilelint from "dockerfilelint";
import {
  buildStage,
  checkDockerfile,
  contextSources,
  hosts,
  ignoredByDockerignore,
  imageInputs,
  instructions,
  lineage,
  read,
  root,
  stages,
  target,
} from "./dockerfile.mjs";

const dockerfile = read("Dockerfile");
const dockerignore = read(".dockerignore");

/**
 * dockerfilelint 1.8 predates multi-stage builds: it takes `FROM build AS api-build` for an image without a tag.
 * That finding is dropped for a FROM that names an earlier stage, and only then.
 */
function lint(text) {
  const earlier = new Set();
  const stageOf = new Map();
  for (const instruction of instructions(text).filter((i) => i.keyword === "FROM")) {
    const [image, , name] = instruction.args.split(/\s+/);
    stageOf.set(instruction.line, earlier.has(image));
    if (name) earlier.add(name);
  }
  return dockerfilelint.run(root, text).filter((f) => !(f.rule === "missing_tag" && stageOf.get(f.line)));
}

test("dockerfilelint: Dockerfile", () => {
  // No .dockerfilelintrc: every rule is on.
  assert.deepEqual(lint(dockerfile).map((f) => `line ${f.line}: ${f.title} (${f.rule})`), []);
});

test("the dockerfilelint filter drops stage references, not an image without a tag", () => {
  const findings = lint("FROM ubuntu AS base\nFROM base AS other\nRUN echo hi\n");
  assert.deepEqual(findings.map((f) => [f.line, f.rule]), [[1, "missing_tag"]]);
});

test("Dockerfile builds each host and all it references, and each target runs its host", () => {
  assert.deepEqual(checkDockerfile(dockerfile), []);
  for (const host of Object.keys(hosts)) {
    assert.equal(lineage(stages(dockerfile), target(host)).length, 2, `${target(host)} is FROM the shared runtime stage`);
  }
});

test("Dockerfile copies every root file that shapes the build", () => {
  // MSBuild and NuGet pick these up from the root; one the image lacks would build differently there.
  const rootFiles = /^(Directory\..+|global\.json|nuget\.config|\.editorconfig|\.globalconfig)$/i;
  const shaping = readdirSync(root).filter((file) => rootFiles.test(file));
  const sources = contextSources(stages(dockerfile)[0]);
  assert.deepEqual(shaping.filter((f) => !sources.includes(f)), []);
});

test(".dockerignore lets in what Dockerfile copies, and no build output", () => {
  for (const source of contextSources(stages(dockerfile)[0])) {
    const file = source.endsWith("/") ? `${source}Api/Program.cs` : source;
    assert.equal(ignoredByDockerignore(file, dockerignore), false, `${file} is left out of the build context`);
  }
  const outside = ["src/Api/bin/Release/net10.0/x.dll", "src/Consumer/obj/project.assets.json", ".git/HEAD", "tests/x.cs"];
  for (const file of outside) {
    assert.equal(ignoredByDockerignore(file, dockerignore), true, `${file} is sent to the build`);
  }
});

test("a renamed project fails the check, not the image build", () => {
  // The csproj renamed on disk, the Dockerfile left as it was.
  const renamed = checkDockerfile(dockerfile, { exists: (f) => f !== "src/Api/Api.csproj" });
  assert.ok(renamed.some((p) => p.includes("src/Api/Api.csproj does not exist")), renamed.join("\n"));
  // The Dockerfile edited to a project that is not there.
  const edited = dockerfile.replace("dotnet publish src/Api/Api.csproj", "dotnet publish src/Api/EmailApi.csproj");
  assert.ok(checkDockerfile(edited).some((p) => p.includes("api-build should publish src/Api/Api.csproj")));
});

test("a project reference the Dockerfile does not copy fails the check", () => {
  const without = dockerfile.replace(/^COPY src\/Infrastructure\/Infrastructure\.csproj .*$/m, "");
  assert.deepEqual(checkDockerfile(without), ["src/Infrastructure/Infrastructure.csproj is not copied before the restore"]);
  // Domain given a reference to a new project that the Dockerfile knows nothing of.
  const projects = {
    "src/Domain/Domain.csproj": '<Project><ItemGroup><ProjectReference Include="..\\Shared\\Shared.csproj" /></ItemGroup></Project>',
    "src/Shared/Shared.csproj": "<Project />",
  };
  const withShared = checkDockerfile(dockerfile, { readFile: (f) => projects[f] ?? read(f) });
  assert.ok(withShared.includes("src/Shared/Shared.csproj is not copied before the restore"), withShared.join("\n"));
});

test("a props file the hosts import must be copied before the restore: it decides what is restored", () => {
  const without = dockerfile.replace(/^COPY src\/NativeHost\.props .*$/m, "");
  assert.deepEqual(checkDockerfile(without), ["src/NativeHost.props is not copied before the restore"]);
});

test("the images run as non-root on a runtime image, each its own host, and only the Consumer's has a HEALTHCHECK", () => {
  const asRoot = dockerfile.replace("USER 1654", "USER root");
  assert.ok(checkDockerfile(asRoot).some((p) => p.includes("non-root USER")));
  const sdkRuntime = dockerfile.replace(/dotnet\/runtime-deps:\S+/, "dotnet/sdk:10.0.401-noble");
  assert.ok(checkDockerfile(sdkRuntime).some((p) => p.includes("pinned runtime-deps image")));
  const crossed = dockerfile.replace("COPY --from=api-build /app ./", "COPY --from=consumer-build /app ./");
  assert.ok(checkDockerfile(crossed).some((p) => p.includes("api does not copy Api's published /app from api-build")));
  const unhealthy = dockerfile.replace(/^HEALTHCHECK[\s\S]*?--health-check"\]\n/m, "");
  assert.ok(checkDockerfile(unhealthy).some((p) => p.includes("consumer should HEALTHCHECK")));
});

test("the image uses the SDK that global.json asks for", () => {
  const wanted = JSON.parse(read("global.json")).sdk.version.split(".").map(Number);
  const image = stages(dockerfile).find((stage) => stage.name === "build").image;
  const sdk = /:(\d+)\.(\d+)\.(\d+)-/.exec(image).slice(1).map(Number);
  // rollForward latestFeature: the same major and minor, and a feature band and patch no lower.
  assert.deepEqual(sdk.slice(0, 2), wanted.slice(0, 2), `${image} against global.json ${wanted.join(".")}`);
  assert.ok(sdk[2] >= wanted[2], `${image} is older than global.json's ${wanted.join(".")}`);
});

test("an image's inputs are its host's projects and what they import, not the other host's", () => {
  assert.deepEqual(imageInputs(dockerfile, "Api").filter((f) => f.startsWith("src/")).sort(),
    ["src/Api/", "src/Application/", "src/Domain/", "src/Infrastructure/", "src/NativeHost.props", "src/ServiceDefaults/"]);
  assert.ok(!imageInputs(dockerfile, "Consumer").includes("src/Api/"));
});

test("tools/ci/publish.sh restores and publishes with the Dockerfile's arguments", () => {
  // The arguments that shape the build, sorted; where the output goes (-o, --artifacts-path) and how loud is its own.
  const shaping = (words, project) => {
    const kept = [];
    for (let i = 0; i < words.length; i++) {
      if (["-o", "--artifacts-path", "-v"].includes(words[i])) i++;
      else if (words[i] !== "-nologo") kept.push(words[i] === project ? "<project>" : words[i]);
    }
    return kept.sort();
  };
  const script = read("tools/ci/publish.sh").replace(/\\\n\s*/g, " ");
  const all = stages(dockerfile);
  for (const verb of ["restore", "publish"]) {
    const fromScript = shaping(new RegExp(`dotnet ${verb} (.*)`).exec(script)[1].trim().split(/\s+/), '"$project"');
    for (const host of Object.keys(hosts)) {
      const project = `src/${host}/${host}.csproj`;
      const stage = all.find((s) => s.name === (verb === "restore" ? "build" : buildStage(host)));
      const command = stage.instructions.filter((i) => i.keyword === "RUN").flatMap((i) => i.args.split(/\s*&&\s*/))
        .find((c) => c.startsWith(`dotnet ${verb} ${project}`));
      assert.deepEqual(fromScript, shaping(command.split(/\s+/).slice(2), project), `dotnet ${verb} in tools/ci/publish.sh and Dockerfile (${host})`);
    }
  }
});
