"""Admin report: fetches a report from a URL the caller chooses (SSRF)."""
import json
import os
import urllib.request

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])


def handler(event, context):
    body = json.loads(event.get("body") or "{}")
    # VULNERABLE: the URL comes straight from the request. A caller can point it at
    # http://169.254.169.254/ (instance metadata) or any internal service.
    with urllib.request.urlopen(body["reportUrl"], timeout=5) as resp:  # expect: KL-CODE-005
        template = resp.read().decode()
    orders = TABLE.scan(Limit=50)["Items"]
    return {"statusCode": 200, "body": template.format(count=len(orders))}


def preview(event, context):
    return {"statusCode": 200, "body": "preview"}
