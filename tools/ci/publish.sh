#!/usr/bin/env bash
# Publishes both hosts the way the Dockerfile does (restore for linux-x64, then publish Release, Native AOT, no
# restore), so that the images' build step is known to compile without a Docker engine. Build files go to a temporary
# folder (--artifacts-path keeps even obj/ out of src/, where the solution build's output lives), removed at the end.
# tools/ci/dockerfiles.test.mjs checks the Dockerfile uses these arguments. Native AOT links with clang (and zlib).
#   tools/ci/publish.sh            # check only: the published files are removed too
#   tools/ci/publish.sh OUT        # keep them: OUT/api/EmailPipeline.Api, OUT/consumer/EmailPipeline.Consumer (what
#                                  # scripts/benchmark.sh runs, and the tests with EMAILPIPELINE_PUBLISHED=OUT)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

command -v clang >/dev/null || { echo "publish: Native AOT needs clang and zlib: apt-get install clang zlib1g-dev" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="${1:-$work}"

for host in Api Consumer; do
  project="src/$host/$host.csproj"
  echo "publish: $project (Release, linux-x64, Native AOT)"
  dotnet restore "$project" -r linux-x64 --artifacts-path "$work/artifacts" -nologo -v quiet
  dotnet publish "$project" -c Release -r linux-x64 --no-restore \
    --artifacts-path "$work/artifacts" -o "$out/${host,,}" -nologo -v quiet
  test -x "$out/${host,,}/EmailPipeline.$host" || { echo "publish: no executable EmailPipeline.$host in the output" >&2; exit 1; }
done
