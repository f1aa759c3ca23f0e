#!/usr/bin/env python3
"""The Consumer's dead-letter command, against the pipeline that scripts/run-local.sh runs.

Usage: scripts/dlq.py list [--max N] | show ID | redrive [--max N] [--dry-run] | help

Runs the Consumer that run-local.sh built (`EmailPipeline.Consumer dlq ...`, as an operator runs the
image) on the queue of scripts/local.env, at the local AWS endpoint: AWS_ENDPOINT_URL, by default moto on
LOCAL_AWS_PORT. SQS_QUEUE_URL, when set, names another queue.
"""
import os
import sys
from pathlib import Path

from provision import local_client, settings

root = Path(__file__).resolve().parent.parent
consumer = root / "src" / "Consumer" / "bin" / "Release" / "net10.0" / "EmailPipeline.Consumer.dll"
if not consumer.is_file():
    sys.exit(f"dlq: {consumer.relative_to(root)} is not built: run scripts/run-local.sh (or dotnet build src/Consumer -c Release)")

s = settings()
env = dict(os.environ)
if not env.get("SQS_QUEUE_URL"):
    env["SQS_QUEUE_URL"] = local_client("sqs", s).get_queue_url(QueueName=s["LOCAL_QUEUE_NAME"])["QueueUrl"]
# The Consumer reads the same endpoint and region; a local endpoint never checks credentials, and these keep the
# SDK from looking for real ones.
env.setdefault("AWS_ENDPOINT_URL", f"http://127.0.0.1:{s['LOCAL_AWS_PORT']}")
env.setdefault("AWS_REGION", s["LOCAL_AWS_REGION"])
env.setdefault("AWS_ACCESS_KEY_ID", "test")
env.setdefault("AWS_SECRET_ACCESS_KEY", "test")

os.execvpe("dotnet", ["dotnet", str(consumer), "dlq", *sys.argv[1:]], env)
