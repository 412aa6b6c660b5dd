"""Invoice download: a presigned GET URL for the invoice file the caller names."""
import json
import os

import boto3

s3 = boto3.client("s3")


def invoice_key(name):
    return f"invoices/{name}"


def handler(event, context):
    params = event.get("queryStringParameters") or {}
    # VULNERABLE: `file` may hold "../" and name any object in the bucket.
    key = invoice_key(params.get("file", "latest.pdf"))
    url = s3.generate_presigned_url("get_object", Params={"Bucket": os.environ["BUCKET"], "Key": key}, ExpiresIn=300)  # expect: KL-CODE-006
    return {"statusCode": 200, "body": json.dumps({"url": url})}
