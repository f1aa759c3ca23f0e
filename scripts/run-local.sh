#!/usr/bin/env bash
# Runs the whole pipeline on this machine, with no AWS account:
#   a local AWS endpoint (moto_server on loopback, or the one AWS_ENDPOINT_URL names, e.g. LocalStack),
#   the queue + dead-letter queue, the archive bucket and the token parameter (scripts/provision.py),
#   and the Api and the Consumer, built and started with the environment variables of the contract.
# Prints where everything is, shows the services' logs, and on Ctrl-C stops what it started, and only that.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# The names and settings in local.env, except those already set in the environment.
overrides="$(env | grep '^LOCAL_' || true)"
set -a
# shellcheck source=local.env
. scripts/local.env
set +a
while IFS= read -r assignment; do [[ -n "$assignment" ]] && export "${assignment?}"; done <<<"$overrides"

state="$root/.local"
mkdir -p "$state/logs"
services=() # the Api and the Consumer: stopped first, gracefully
helpers=()  # moto_server and the log followers: stopped after them

say() { printf '\033[1m%s\033[0m\n' "$*"; }
fail() { printf 'run-local: %s\n' "$*" >&2; exit 1; }

stop() { # pid... : SIGTERM, up to 30 s to finish, then SIGKILL
  (($#)) || return 0
  kill -TERM "$@" 2>/dev/null || true
  for _ in $(seq 1 300); do
    local alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || return 0
    sleep 0.1
  done
  kill -KILL "$@" 2>/dev/null || true
}

stop_all() {
  trap - EXIT INT TERM
  if ((${#services[@]} + ${#helpers[@]})); then
    say "Stopping (the Consumer finishes what it is archiving first)..."
    stop "${services[@]}"
    stop "${helpers[@]}"
    wait 2>/dev/null || true
    say "Stopped. Logs are in .local/logs/."
  fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # url seconds pid name
  for _ in $(seq 1 $(($2 * 10))); do
    curl -sf -o /dev/null "$1" && return 0
    if [[ -n "${3:-}" ]] && ! kill -0 "$3" 2>/dev/null; then
      fail "$4 exited during start-up; see .local/logs/$4.log"
    fi
    sleep 0.1
  done
  fail "$4 did not become healthy at $1 within $2 s; see .local/logs/$4.log"
}

command -v dotnet >/dev/null || fail "the .NET 10 SDK is not installed (https://dotnet.microsoft.com/download)."
command -v python3 >/dev/null || fail "python3 is needed for the local AWS endpoint and its set-up."
for port in "$LOCAL_API_PORT" "$LOCAL_CONSUMER_METRICS_PORT"; do
  port_free "$port" || fail "port $port is in use (another run of this script?). Stop it, or set LOCAL_API_PORT / LOCAL_CONSUMER_METRICS_PORT."
done

export AWS_REGION="${AWS_REGION:-$LOCAL_AWS_REGION}"
if [[ -n "${AWS_ENDPOINT_URL:-}" ]]; then
  say "Using the AWS endpoint at $AWS_ENDPOINT_URL"
  export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
else
  command -v moto_server >/dev/null || fail 'moto_server is not installed. Install it with: pip install "moto[server]"  (or set AWS_ENDPOINT_URL to LocalStack).'
  port_free "$LOCAL_AWS_PORT" || fail "port $LOCAL_AWS_PORT is in use; set LOCAL_AWS_PORT, or AWS_ENDPOINT_URL to use what listens there."
  # moto never checks credentials; these keep the AWS SDKs from looking for real ones.
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_SESSION_TOKEN=""
  export AWS_ENDPOINT_URL="http://127.0.0.1:$LOCAL_AWS_PORT"
  say "Starting moto_server on $AWS_ENDPOINT_URL"
  # setsid: Ctrl-C reaches this script only, which then stops everything in order (services before moto).
  setsid moto_server -H 127.0.0.1 -p "$LOCAL_AWS_PORT" >"$state/logs/moto.log" 2>&1 &
  helpers+=($!)
  wait_for "$AWS_ENDPOINT_URL/moto-api/" 30 "${helpers[-1]}" moto
fi
export AWS_EC2_METADATA_DISABLED=true

say "Creating the queue, dead-letter queue, bucket and token parameter"
eval "$(python3 scripts/provision.py)"

say "Building the Api and the Consumer (Release)"
dotnet build src/Api/Api.csproj -c Release -nologo -v quiet >"$state/logs/build.log" 2>&1 \
  || { cat "$state/logs/build.log"; fail "the build failed"; }
dotnet build src/Consumer/Consumer.csproj -c Release -nologo -v quiet >>"$state/logs/build.log" 2>&1 \
  || { cat "$state/logs/build.log"; fail "the build failed"; }

say "Starting the Api and the Consumer"
# On loopback only (ASP.NET Core's own setting; PORT alone would mean every interface): nothing on the network you
# are on can reach them.
SQS_QUEUE_URL="$SQS_QUEUE_URL" SSM_TOKEN_PARAMETER="$SSM_TOKEN_PARAMETER" ASPNETCORE_URLS="http://127.0.0.1:$LOCAL_API_PORT" \
  setsid dotnet src/Api/bin/Release/net10.0/EmailPipeline.Api.dll >"$state/logs/api.log" 2>&1 &
api_pid=$!
services+=("$api_pid")
SQS_QUEUE_URL="$SQS_QUEUE_URL" S3_BUCKET_NAME="$S3_BUCKET_NAME" SQS_POLL_INTERVAL=0 \
  ASPNETCORE_URLS="http://127.0.0.1:$LOCAL_CONSUMER_METRICS_PORT" \
  setsid dotnet src/Consumer/bin/Release/net10.0/EmailPipeline.Consumer.dll >"$state/logs/consumer.log" 2>&1 &
consumer_pid=$!
services+=("$consumer_pid")

api="http://127.0.0.1:$LOCAL_API_PORT"
wait_for "$api/health/ready" 60 "$api_pid" api
wait_for "http://127.0.0.1:$LOCAL_CONSUMER_METRICS_PORT/health" 60 "$consumer_pid" consumer

cat <<INFO

  The pipeline is running.

  Api             $api/api/email        (OpenAPI: $api/openapi/v1.json)
  Api health      $api/health  ·  $api/health/ready
  Api metrics     $api/metrics
  Consumer        http://127.0.0.1:$LOCAL_CONSUMER_METRICS_PORT/health  ·  http://127.0.0.1:$LOCAL_CONSUMER_METRICS_PORT/metrics
  AWS endpoint    $AWS_ENDPOINT_URL   (region $AWS_REGION)
  Queue           $SQS_QUEUE_URL
  Dead letters    $SQS_DLQ_URL
  Bucket          s3://$S3_BUCKET_NAME
  Token           $LOCAL_DEV_TOKEN   (SecureString $SSM_TOKEN_PARAMETER)

  Send the sample email:

    curl -i -X POST $api/api/email -H 'Content-Type: application/json' -d @samples/sample-request.json

  Then see it archived (in another terminal):

    AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL scripts/show-archive.py

  Logs follow; Ctrl-C stops everything this script started.

INFO

tail -n +1 -F "$state/logs/api.log" 2>/dev/null | python3 -u scripts/format-logs.py api &
helpers+=($!)
tail -n +1 -F "$state/logs/consumer.log" 2>/dev/null | python3 -u scripts/format-logs.py consumer &
helpers+=($!)

# Runs until Ctrl-C, or until a service stops by itself (then everything stops, with its log on screen).
while kill -0 "$api_pid" 2>/dev/null && kill -0 "$consumer_pid" 2>/dev/null; do
  sleep 1
done
say "A service stopped on its own; see above."
exit 1
