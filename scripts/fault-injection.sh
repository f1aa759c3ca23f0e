#!/usr/bin/env bash
# The fault-injection suite (README, Reliability): builds the solution, then runs the built Api and Consumer against
# SQS (fauxqs), S3 (moto) and SSM (moto) on separate loopback endpoints under a steady load of distinct emails,
# injects every fault, and prints the account of accepted, archived, duplicated and lost emails as its last lines.
#   scripts/fault-injection.sh                # the full run: >= 10,000 emails, every fault
#   scripts/fault-injection.sh --short        # ~1,000 emails, a subset (part of scripts/test.sh)
#   scripts/fault-injection.sh --emails 20000 --rate 100
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fail() { printf 'fault-injection: %s\n' "$*" >&2; exit 1; }
command -v node >/dev/null || fail "Node.js 20+ is needed for fauxqs"
command -v moto_server >/dev/null || fail 'moto_server is not installed: pip install "moto[server]"'
[[ -d tools/node_modules/fauxqs ]] || npm ci --prefix tools --no-audit --no-fund >/dev/null

dotnet build EmailPipeline.sln -c Release -nologo -v quiet >/dev/null || fail "the build failed: run dotnet build EmailPipeline.sln -c Release"
exec dotnet tests/FaultInjection/bin/Release/net10.0/EmailPipeline.FaultInjection.dll "$@"
