"""Orders: lists orders and exports them with a shell command (command injection)."""
import json
import os
import subprocess

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])


def handler(event, context):
    params = event.get("queryStringParameters") or {}
    claims = event["requestContext"]["authorizer"]["claims"]
    # Trusts a user-writable attribute for authorization (see custom:role in template.yaml).
    if claims.get("custom:role") == "admin":
        items = TABLE.scan()["Items"]
    else:
        items = TABLE.scan(Limit=10)["Items"]
    export_name = params.get("export")
    if export_name:
        # VULNERABLE: event data in a shell command line.
        subprocess.run("tar czf /tmp/%s.tgz /tmp/orders" % export_name, shell=True, check=False)  # expect: KL-CODE-001
    return {"statusCode": 200, "body": json.dumps(items, default=str)}
