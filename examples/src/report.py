"""Sales report: sums orders for a month; on failure it sends the traceback back."""
import json
import os
import traceback

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])


def monthly_total(month):
    items = TABLE.scan(Limit=100)["Items"]
    return sum(int(i.get("total", 0)) for i in items if i.get("month") == month)


def handler(event, context):
    month = (event.get("pathParameters") or {}).get("month", "")
    try:
        return {"statusCode": 200, "body": json.dumps({"month": month, "total": monthly_total(month)})}
    except Exception:
        # VULNERABLE: file paths, code and values from the stack go to the caller.
        return {"statusCode": 500, "body": json.dumps({"error": "report failed", "trace": traceback.format_exc()})}  # expect: KL-CODE-010
