#!/usr/bin/env python3
"""List the archived emails in the local bucket and print each one.

Usage: scripts/show-archive.py [PREFIX]     (PREFIX defaults to emails/, e.g. emails/2023/09/01/)
Needs AWS_ENDPOINT_URL (the local endpoint), as scripts/run-local.sh prints it.
"""
import json
import os
import sys
from pathlib import Path

import boto3

settings = {
    key: value.strip("'")
    for key, value in (
        line.split("=", 1)
        for line in Path(__file__).with_name("local.env").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
}
endpoint = os.environ.get("AWS_ENDPOINT_URL", f"http://127.0.0.1:{settings['LOCAL_AWS_PORT']}")
bucket = os.environ.get("S3_BUCKET_NAME", settings["LOCAL_BUCKET_NAME"])
prefix = sys.argv[1] if len(sys.argv) > 1 else "emails/"
s3 = boto3.client(
    "s3",
    endpoint_url=endpoint,
    region_name=os.environ.get("AWS_REGION", settings["LOCAL_AWS_REGION"]),
    aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "test"),
    aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "test"),
)

count = 0
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
    for item in page.get("Contents", []):
        count += 1
        head = s3.head_object(Bucket=bucket, Key=item["Key"])
        body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read().decode("utf-8")
        print(f"s3://{bucket}/{item['Key']}  ({item['Size']} bytes, message {head['Metadata'].get('sqs-message-id', '?')})")
        print("  " + json.dumps(json.loads(body), ensure_ascii=False))
print(f"{count} archived email(s) under s3://{bucket}/{prefix}")
