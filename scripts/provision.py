#!/usr/bin/env python3
"""Create, on a local AWS endpoint, what terraform/ creates on AWS: the queue with its dead-letter queue and
redrive policy, the encrypted and versioned archive bucket, and the SecureString token parameter.

Idempotent: run it again and it changes nothing (the token is set to the development token again).
Reads its names from scripts/local.env (or the environment) and prints the resources as shell assignments.
"""
import json
import os
import sys
from pathlib import Path

try:
    import boto3
except ImportError:
    sys.exit('boto3 is missing: pip install boto3 (it comes with pip install "moto[server]")')


def settings():
    values = {}
    for line in (Path(__file__).with_name("local.env")).read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value.strip("'")
    values.update({k: v for k, v in os.environ.items() if k.startswith("LOCAL_")})
    return values


def local_client(service, s):
    """A client for the local endpoint: AWS_ENDPOINT_URL, else LOCAL_AWS_PORT on loopback (any credentials do)."""
    return boto3.client(
        service,
        endpoint_url=os.environ.get("AWS_ENDPOINT_URL", f"http://127.0.0.1:{s['LOCAL_AWS_PORT']}"),
        region_name=os.environ.get("AWS_REGION", s["LOCAL_AWS_REGION"]),
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "test"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "test"),
    )


def main():
    s = settings()
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        sys.exit("AWS_ENDPOINT_URL is not set: this script only provisions a local endpoint (moto, LocalStack).")
    session = boto3.session.Session(region_name=os.environ.get("AWS_REGION", s["LOCAL_AWS_REGION"]))
    sqs = session.client("sqs", endpoint_url=endpoint)
    s3 = session.client("s3", endpoint_url=endpoint)
    ssm = session.client("ssm", endpoint_url=endpoint)

    dlq_url = sqs.create_queue(
        QueueName=s["LOCAL_DLQ_NAME"],
        Attributes={"MessageRetentionPeriod": str(14 * 24 * 3600)},
    )["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue_url = sqs.create_queue(QueueName=s["LOCAL_QUEUE_NAME"])["QueueUrl"]
    sqs.set_queue_attributes(
        QueueUrl=queue_url,
        Attributes={
            "VisibilityTimeout": s["LOCAL_VISIBILITY_TIMEOUT"],
            "MessageRetentionPeriod": str(4 * 24 * 3600),
            "ReceiveMessageWaitTimeSeconds": "20",
            "RedrivePolicy": json.dumps(
                {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": s["LOCAL_MAX_RECEIVE_COUNT"]}
            ),
        },
    )

    bucket = s["LOCAL_BUCKET_NAME"]
    try:
        s3.create_bucket(Bucket=bucket)
    except (s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
        pass
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    s3.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )

    ssm.put_parameter(
        Name=s["LOCAL_TOKEN_PARAMETER"],
        Value=s["LOCAL_DEV_TOKEN"],
        Type="SecureString",
        Overwrite=True,
    )

    print(f"SQS_QUEUE_URL='{queue_url}'")
    print(f"SQS_DLQ_URL='{dlq_url}'")
    print(f"S3_BUCKET_NAME='{bucket}'")
    print(f"SSM_TOKEN_PARAMETER='{s['LOCAL_TOKEN_PARAMETER']}'")


if __name__ == "__main__":
    main()
