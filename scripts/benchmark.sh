#!/usr/bin/env bash
# The throughput benchmark (README, Performance): publishes both services as they ship (Release, Native AOT),
# starts fauxqs (SQS, S3) and moto (SSM) on loopback, loads the Api with wrk at 1, 32 and 128 connections, drains
# a pre-filled queue with the Consumer, and prints one table of medians with min–max.
#   scripts/benchmark.sh                 # 3 runs, 10 s per load level, 50,000 queued emails
#   scripts/benchmark.sh --smoke         # one short run with small volumes
#   scripts/benchmark.sh --runs 5 --json results.json
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fail() { printf 'benchmark: %s\n' "$*" >&2; exit 1; }
command -v wrk >/dev/null || fail "wrk is not installed: apt-get install wrk"
command -v node >/dev/null || fail "Node.js 20+ is needed for fauxqs"
command -v moto_server >/dev/null || fail 'moto_server is not installed: pip install "moto[server]"'
[[ -d tools/node_modules/fauxqs ]] || npm ci --prefix tools --no-audit --no-fund >/dev/null

publish=".local/publish"
tools/ci/publish.sh "$publish" >/dev/null || fail "publishing the services failed"
dotnet build benchmarks/LoadTest/LoadTest.csproj -c Release -nologo -v quiet >/dev/null || fail "building the load test failed"

exec dotnet benchmarks/LoadTest/bin/Release/net10.0/EmailPipeline.LoadTest.dll \
  --api "$publish/api/EmailPipeline.Api" --consumer "$publish/consumer/EmailPipeline.Consumer" "$@"
