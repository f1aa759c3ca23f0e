#!/usr/bin/env bash
# Every test and check of the repository, as CI runs them. Needs the .NET 10 SDK and moto_server on PATH;
# the integration and end-to-end tests start their own moto_server on free loopback ports.
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
if ! cmp -s tools/package-lock.json tools/node_modules/.installed-lock 2>/dev/null; then
  step "Install the checks' npm packages (tools/package-lock.json)"
  npm ci --prefix tools --no-audit --no-fund
  cp tools/package-lock.json tools/node_modules/.installed-lock
fi

step "Build (Release, warnings are errors)"
dotnet build EmailPipeline.sln -c Release -nologo

step "Tests: unit, architecture, integration (moto), functional, end to end"
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

step "Publish both hosts as their images do (Release, linux-x64, ReadyToRun)"
tools/ci/publish.sh .local/publish

step "Benchmark smoke run: the published hosts under wrk, every figure produced (not a measurement)"
dotnet benchmarks/LoadTest/bin/Release/net10.0/EmailPipeline.LoadTest.dll --smoke \
  --api .local/publish/api/EmailPipeline.Api.dll --consumer .local/publish/consumer/EmailPipeline.Consumer.dll

step "Fault injection, short: ~1,000 emails through Consumer kills, S3 and SQS outages, SIGTERMs"
dotnet tests/FaultInjection/bin/Release/net10.0/EmailPipeline.FaultInjection.dll --short
