#!/usr/bin/env bash
# The Terraform checks, with the real tool: `terraform fmt -check`, then `init -backend=false` and `validate` of
# every root and module under terraform/, then every `terraform test` (the stack once per environments/*.tfvars).
#
# The hashicorp/aws provider comes from a filesystem mirror when there is one: a folder named tf-plugins laid out
# as registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/, named by TF_PLUGIN_MIRROR or found in the usual
# places. Otherwise from registry.terraform.io. The CLI configuration this writes (.local/terraform/) is used for
# these runs only; its plugin cache keeps one copy of the provider for every configuration.
#
#   scripts/terraform-check.sh              # TERRAFORM_CHECK_JOBS=N: configurations checked at once (default 2)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/terraform"

fail() { printf 'terraform-check: %s\n' "$*" >&2; exit 1; }

command -v terraform >/dev/null ||
  fail "terraform is not installed: Terraform 1.11 or later, https://developer.hashicorp.com/terraform/install"

work="$root/.local/terraform"
rm -rf "$work/logs"
mkdir -p "$work/plugin-cache" "$work/logs"

# --- Where the provider comes from ---------------------------------------------------------------------------

is_mirror() { [[ -d "$1/registry.terraform.io/hashicorp/aws" ]]; }

find_mirror() {
  local candidate
  for candidate in "$root/.local/tf-plugins" "$HOME/tf-plugins" /opt/tf-plugins /usr/local/share/tf-plugins \
    /usr/share/tf-plugins /srv/tf-plugins; do
    is_mirror "$candidate" && { echo "$candidate"; return 0; }
  done
  while IFS= read -r candidate; do
    is_mirror "$candidate" && { echo "$candidate"; return 0; }
  done < <(find /opt /srv /usr/local /usr/share "$HOME" -maxdepth 3 -type d -name tf-plugins 2>/dev/null)
  return 1
}

if [[ -n "${TF_PLUGIN_MIRROR:-}" ]]; then
  is_mirror "$TF_PLUGIN_MIRROR" ||
    fail "TF_PLUGIN_MIRROR=$TF_PLUGIN_MIRROR holds no registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/ (fill it with: terraform providers mirror $TF_PLUGIN_MIRROR, from terraform/stack)"
  mirror="$TF_PLUGIN_MIRROR"
else
  mirror="$(find_mirror || true)"
fi

{
  echo "plugin_cache_dir = \"$work/plugin-cache\""
  # Modules lock nothing (their lock files are not kept); the roots' committed lock files are read-only here.
  echo "plugin_cache_may_break_dependency_lock_file = true"
  if [[ -n "$mirror" ]]; then
    printf 'provider_installation {\n  filesystem_mirror {\n    path = "%s"\n  }\n}\n' "$mirror"
  fi
} > "$work/cli.tfrc"
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 TF_INPUT=0

if [[ -n "$mirror" ]]; then
  source_description="the mirror $mirror"
elif command -v curl >/dev/null && ! curl -fsS --max-time 10 -o /dev/null https://registry.terraform.io/.well-known/terraform.json 2>/dev/null; then
  fail "no provider for hashicorp/aws: no tf-plugins mirror found and registry.terraform.io cannot be reached; set TF_PLUGIN_MIRROR to a folder filled by 'terraform providers mirror <folder>' on a machine that reaches the registry"
else
  source_description="registry.terraform.io"
fi

# --- What is checked -----------------------------------------------------------------------------------------

# Every configuration: a folder with .tf files. The stack first: it takes longest (a test run per environment).
mapfile -t configs < <(find . -name '*.tf' -not -path '*/.terraform/*' -printf '%h\n' | sed 's#^\./##' | sort -u |
  awk '$0 == "stack" { print; next } { rest[++n] = $0 } END { for (i = 1; i <= n; i++) print rest[i] }')
mapfile -t environments < <(find environments -maxdepth 1 -name '*.tfvars' -printf '%f\n' | sed 's/\.tfvars$//' | sort)
((${#configs[@]} > 0)) || fail "no Terraform configuration under terraform/"
((${#environments[@]} > 0)) || fail "no terraform/environments/*.tfvars: the stack has no environment to be tested with"

start=$SECONDS
printf '%s, hashicorp/aws from %s\n' "$(terraform version | head -n 1)" "$source_description"

terraform fmt -check -recursive -diff || fail "not in canonical format (above); run: terraform fmt -recursive terraform"
echo "fmt: ok"

# init one at a time: the plugin cache is not safe for concurrent installs. A root's committed lock file must
# already cover what it needs (-lockfile=readonly).
for dir in "${configs[@]}"; do
  ls "$dir"/tests/*.tftest.hcl >/dev/null 2>&1 || fail "terraform/$dir has no tests/*.tftest.hcl"
  lock=()
  [[ -f "$dir/.terraform.lock.hcl" ]] && lock=(-lockfile=readonly)
  if ! terraform -chdir="$dir" init -backend=false -no-color "${lock[@]}" > "$work/logs/${dir//\//-}.init.log" 2>&1; then
    cat "$work/logs/${dir//\//-}.init.log" >&2
    fail "terraform init failed in terraform/$dir"
  fi
done
echo "init: ${#configs[@]} configurations"

# validate and test, a few configurations at once; one line each as it finishes, the full output of a failure.
check() {
  local dir="$1" log="$work/logs/${1//\//-}.log" began=$SECONDS runs=0 passed note=""
  local tests=("")
  if [[ "$dir" == stack ]]; then
    tests=("${environments[@]}")
    note=" (${environments[*]})"
  fi
  {
    terraform -chdir="$dir" validate -no-color &&
      for environment in "${tests[@]}"; do
        terraform -chdir="$dir" test -no-color ${environment:+"-var-file=../environments/$environment.tfvars"} || exit
      done
  } > "$log" 2>&1 || {
    printf 'FAIL  %-20s %3d s\n' "$dir" $((SECONDS - began))
    return 1
  }
  while read -r passed; do runs=$((runs + passed)); done < <(sed -nE 's/^Success! ([0-9]+) passed, 0 failed\.$/\1/p' "$log")
  printf 'ok    %-20s %3d s  validate, %d test runs%s\n' "$dir" $((SECONDS - began)) "$runs" "$note"
  echo "$runs" > "$log.runs"
}

jobs="${TERRAFORM_CHECK_JOBS:-2}"
for dir in "${configs[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
  check "$dir" &
done
wait

total=0 failed=()
for dir in "${configs[@]}"; do
  log="$work/logs/${dir//\//-}.log"
  if [[ -f "$log.runs" ]]; then
    total=$((total + $(<"$log.runs")))
  else
    failed+=("$dir")
    printf '\n--- terraform/%s\n' "$dir" >&2
    grep -vE '^\s*$' "$log" >&2 || true
  fi
done
((${#failed[@]} == 0)) || fail "failed in ${failed[*]} (above); full output in .local/terraform/logs/"
printf 'Terraform: %d configurations valid, %d test runs passed, in %d s\n' "${#configs[@]}" "$total" $((SECONDS - start))
