# LocalStack READY hook (docker-compose.yml mounts this directory at /etc/localstack/init/ready.d).
# Creates the queue and its dead-letter queue, the bucket and the token parameter with scripts/provision.py: the
# script scripts/run-local.sh runs against moto, so both ways of running locally create the same resources, named
# by scripts/local.env (or the LOCAL_* variables compose passes in).
#
# LocalStack runs a .py hook with exec() inside its own Python process (no __file__, no __main__), so this hook
# only starts provision.py as a child of that interpreter, which has boto3, with the endpoint and the test
# credentials in the child's environment alone. A failure raises: LocalStack marks the hook ERROR, and the compose
# health check, which waits for SUCCESSFUL in /_localstack/init/ready, never lets the services start.
import os
import subprocess
import sys

subprocess.run(
    [sys.executable, "/opt/emailpipeline/scripts/provision.py"],
    env={
        **{name: value for name, value in os.environ.items() if not name.startswith("AWS_")},
        "AWS_ENDPOINT_URL": "http://localhost:4566",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
    },
    check=True,
    timeout=120,
)
