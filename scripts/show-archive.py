#!/usr/bin/env python3
"""List the archived emails in the local bucket and print each one.

Usage: scripts/show-archive.py [PREFIX]     (PREFIX defaults to emails/, e.g. emails/2023/09/01/)
The local endpoint is AWS_ENDPOINT_URL, as scripts/run-local.sh prints it, by default moto on LOCAL_AWS_PORT; the bucket
is S3_BUCKET_NAME, by default LOCAL_BUCKET_NAME (scripts/local.env, or the environment).
"""
import json
import os
import sys

from provision import local_client, settings

s = settings()
bucket = os.environ.get("S3_BUCKET_NAME", s["LOCAL_BUCKET_NAME"])
prefix = sys.argv[1] if len(sys.argv) > 1 else "emails/"
s3 = local_client("s3", s)

count = 0
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
    for item in page.get("Contents", []):
        count += 1
        head = s3.head_object(Bucket=bucket, Key=item["Key"])
        body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read().decode("utf-8")
        print(f"s3://{bucket}/{item['Key']}  ({item['Size']} bytes, message {head['Metadata'].get('sqs-message-id', '?')})")
        print("  " + json.dumps(json.loads(body), ensure_ascii=False))
print(f"{count} archived email(s) under s3://{bucket}/{prefix}")
