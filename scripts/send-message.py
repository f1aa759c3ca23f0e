#!/usr/bin/env python3
"""Send a file, as is, as one message to the queue of the pipeline that scripts/run-local.sh runs.

Usage: scripts/send-message.py [--dead-letter] FILE

As a producer other than the Api would (nothing checks a message on its way into the queue); the Consumer then
archives it, or refuses it until the queue gives up on it (LOCAL_MAX_RECEIVE_COUNT receives, each after
LOCAL_VISIBILITY_TIMEOUT seconds) and moves it to the dead-letter queue. --dead-letter puts it there at once.
Uses AWS_ENDPOINT_URL, by default moto on LOCAL_AWS_PORT.
"""
import sys

from provision import local_client, settings

arguments = sys.argv[1:]
dead_letter = "--dead-letter" in arguments
files = [a for a in arguments if a != "--dead-letter"]
if len(files) != 1:
    sys.exit(__doc__.split("\n\n")[1])

s = settings()
sqs = local_client("sqs", s)
queue = s["LOCAL_DLQ_NAME"] if dead_letter else s["LOCAL_QUEUE_NAME"]
url = sqs.get_queue_url(QueueName=queue)["QueueUrl"]
with open(files[0], encoding="utf-8") as body:
    message_id = sqs.send_message(QueueUrl=url, MessageBody=body.read())["MessageId"]
print(f"Sent {files[0]} to {url} as message {message_id}")
