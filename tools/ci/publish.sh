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

# One host per job, each with its own build folder, as the Dockerfile's api-build and consumer-build stages are built
# side by side. Much of a native compile runs on one core: on two cores, the pair side by side took 142 s and 178 s,
# against 194 s and 213 s one after the other (two pairs of runs).
publish() {
  local host="$1" project="src/$1/$1.csproj" artifacts="$work/artifacts-${1,,}"
  dotnet restore "$project" -r linux-x64 --artifacts-path "$artifacts" -nologo -v quiet
  dotnet publish "$project" -c Release -r linux-x64 --no-restore \
    --artifacts-path "$artifacts" -o "$out/${host,,}" -nologo -v quiet
  test -x "$out/${host,,}/EmailPipeline.$host" || { echo "publish: no executable EmailPipeline.$host in the output" >&2; return 1; }
}

hosts=(Api Consumer) pids=()
for host in "${hosts[@]}"; do
  echo "publish: src/$host/$host.csproj (Release, linux-x64, Native AOT)"
  publish "$host" > "$work/${host,,}.log" 2>&1 &
  pids+=($!)
done
failed=()
for i in "${!hosts[@]}"; do
  if wait "${pids[$i]}"; then
    cat "$work/${hosts[$i],,}.log"
  else
    failed+=("${hosts[$i]}")
    cat "$work/${hosts[$i],,}.log" >&2
  fi
done
((${#failed[@]} == 0)) || { echo "publish: ${failed[*]} failed (above)" >&2; exit 1; }
