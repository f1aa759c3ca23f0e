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

step "Build (Release, warnings are errors)"
dotnet build EmailPipeline.sln -c Release -nologo

step "Tests: unit, architecture, integration (moto), functional, end to end"
dotnet test --solution EmailPipeline.sln -c Release --no-build
