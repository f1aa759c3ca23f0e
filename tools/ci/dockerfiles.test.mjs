// The hosts' Dockerfiles: dockerfilelint, and the project paths their build steps name, checked against the real
// projects, so that a renamed or newly referenced project fails here, not in the image build.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { test } from "node:test";
import dockerfilelint from "dockerfilelint";
import {
  checkHostDockerfile,
  contextSources,
  hosts,
  ignoredByDockerignore,
  instructions,
  read,
  root,
  stages,
} from "./dockerfile.mjs";

const dockerfile = (host) => read(`src/${host}/Dockerfile`);
const dockerignore = read(".dockerignore");

for (const host of Object.keys(hosts)) {
  test(`dockerfilelint: src/${host}/Dockerfile`, () => {
    // No .dockerfilelintrc: every rule is on.
    const findings = dockerfilelint.run(root, dockerfile(host));
    assert.deepEqual(findings.map((f) => `line ${f.line}: ${f.title} (${f.rule})`), []);
  });

  test(`src/${host}/Dockerfile builds src/${host}/${host}.csproj and all it references, as ${host} runs`, () => {
    assert.deepEqual(checkHostDockerfile(dockerfile(host), host), []);
  });

  test(`src/${host}/Dockerfile copies every root file that shapes the build`, () => {
    // MSBuild and NuGet pick these up from the root; one the image lacks would build differently there.
    const rootFiles = /^(Directory\..+|global\.json|nuget\.config|\.editorconfig|\.globalconfig)$/i;
    const shaping = readdirSync(root).filter((file) => rootFiles.test(file));
    const sources = contextSources(stages(dockerfile(host))[0]);
    assert.deepEqual(shaping.filter((f) => !sources.includes(f)), []);
  });

  test(`.dockerignore lets in what src/${host}/Dockerfile copies, and no build output`, () => {
    for (const source of contextSources(stages(dockerfile(host))[0])) {
      const file = source.endsWith("/") ? `${source}Program.cs` : source;
      assert.equal(ignoredByDockerignore(file, dockerignore), false, `${file} is left out of the build context`);
    }
    const outside = [`src/${host}/bin/Release/net10.0/x.dll`, `src/${host}/obj/project.assets.json`, ".git/HEAD", "tests/x.cs"];
    for (const file of outside) {
      assert.equal(ignoredByDockerignore(file, dockerignore), true, `${file} is sent to the build`);
    }
  });
}

test("a renamed project fails the check, not the image build", () => {
  // The csproj renamed on disk, the Dockerfile left as it was.
  const renamed = checkHostDockerfile(dockerfile("Api"), "Api", { exists: (f) => f !== "src/Api/Api.csproj" });
  assert.ok(renamed.some((p) => p.includes("src/Api/Api.csproj does not exist")), renamed.join("\n"));
  // The Dockerfile edited to a project that is not there.
  const edited = dockerfile("Api").replace("dotnet publish src/Api/Api.csproj", "dotnet publish src/Api/EmailApi.csproj");
  assert.ok(checkHostDockerfile(edited, "Api").some((p) => p.includes("should publish src/Api/Api.csproj")));
});

test("a project reference the Dockerfile does not copy fails the check", () => {
  const without = dockerfile("Consumer").replace(/^COPY src\/Infrastructure\/Infrastructure\.csproj .*$/m, "");
  const problems = checkHostDockerfile(without, "Consumer");
  assert.deepEqual(problems, ["src/Infrastructure/Infrastructure.csproj is not copied before the restore"]);
  // Domain given a reference to a new project that the Dockerfile knows nothing of.
  const projects = {
    "src/Domain/Domain.csproj": '<Project><ItemGroup><ProjectReference Include="..\\Shared\\Shared.csproj" /></ItemGroup></Project>',
    "src/Shared/Shared.csproj": "<Project />",
  };
  const withShared = checkHostDockerfile(dockerfile("Consumer"), "Consumer", { readFile: (f) => projects[f] ?? read(f) });
  assert.ok(withShared.includes("src/Shared/Shared.csproj is not copied before the restore"), withShared.join("\n"));
});

test("the images run as non-root on a runtime image, and only the Consumer's has a HEALTHCHECK", () => {
  const asRoot = dockerfile("Api").replace("USER 1654", "USER root");
  assert.ok(checkHostDockerfile(asRoot, "Api").some((p) => p.includes("non-root USER")));
  const sdkFinal = dockerfile("Api").replace(/dotnet\/aspnet:\S+/, "dotnet/sdk:10.0.401-noble");
  assert.ok(checkHostDockerfile(sdkFinal, "Api").some((p) => p.includes("not a pinned aspnet image")));
  const unhealthy = dockerfile("Consumer").replace(/^HEALTHCHECK[\s\S]*?--health-check"\]\n/m, "");
  assert.ok(checkHostDockerfile(unhealthy, "Consumer").some((p) => p.includes("HEALTHCHECK")));
});

test("both images use the SDK that global.json asks for, and the same runtime", () => {
  const wanted = JSON.parse(read("global.json")).sdk.version.split(".").map(Number);
  const [api, consumer] = ["Api", "Consumer"].map((host) => stages(dockerfile(host)).map((stage) => stage.image));
  assert.deepEqual(api, consumer);
  const sdk = /:(\d+)\.(\d+)\.(\d+)-/.exec(api[0]).slice(1).map(Number);
  // rollForward latestFeature: the same major and minor, and a feature band and patch no lower.
  assert.deepEqual(sdk.slice(0, 2), wanted.slice(0, 2), `${api[0]} against global.json ${wanted.join(".")}`);
  assert.ok(sdk[2] >= wanted[2], `${api[0]} is older than global.json's ${wanted.join(".")}`);
});

test("tools/ci/publish.sh restores and publishes with the Dockerfiles' arguments", () => {
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
  for (const verb of ["restore", "publish"]) {
    const fromScript = shaping(new RegExp(`dotnet ${verb} (.*)`).exec(script)[1].trim().split(/\s+/), '"$project"');
    for (const host of Object.keys(hosts)) {
      const run = instructions(dockerfile(host)).find((i) => i.keyword === "RUN" && i.args.startsWith(`dotnet ${verb} `));
      const fromDockerfile = shaping(run.args.split(/\s+/).slice(2), `src/${host}/${host}.csproj`);
      assert.deepEqual(fromScript, fromDockerfile, `dotnet ${verb} in tools/ci/publish.sh and src/${host}/Dockerfile`);
    }
  }
});
