#!/usr/bin/env python3
"""Generates N synthetic IAM policies (resource, trust and identity policies) for the
question-latency benchmark. Deterministic for a given --seed; stdlib only.

Usage: gen_policies.py OUTDIR [--count 10000] [--seed 1]
"""
import argparse
import json
import os
import random

ACCOUNTS = ["111122223333", "444455556666", "777788889999"]
SERVICES = ["s3", "sqs", "sns", "kms", "lambda", "dynamodb", "secretsmanager", "execute-api", "logs", "iam"]
VERBS = ["Get", "Put", "List", "Delete", "Describe", "Create", "Update", "Send", "Invoke", "Tag"]
OBJECTS = ["Object", "Bucket", "Message", "Item", "Key", "Function", "Secret", "Queue", "Topic", "Policy"]


def action(r):
    svc = r.choice(SERVICES)
    roll = r.random()
    if roll < 0.05:
        return "*"
    if roll < 0.25:
        return svc + ":*"
    if roll < 0.5:
        return svc + ":" + r.choice(VERBS) + "*"
    return svc + ":" + r.choice(VERBS) + r.choice(OBJECTS)


def resource(r):
    roll = r.random()
    if roll < 0.2:
        return "*"
    b = "bucket-%d" % r.randrange(50)
    if roll < 0.5:
        return "arn:aws:s3:::%s/*" % b
    if roll < 0.6:
        return "arn:aws:s3:::%s/home/${aws:username}/*" % b
    if roll < 0.8:
        return "arn:aws:sqs:us-east-1:%s:queue-%d" % (r.choice(ACCOUNTS), r.randrange(20))
    return "arn:aws:kms:us-east-1:%s:key/%08x" % (r.choice(ACCOUNTS), r.randrange(1 << 32))


def principal(r):
    roll = r.random()
    if roll < 0.3:
        return "*"
    if roll < 0.45:
        return {"AWS": r.choice(["*", ["*"]])}
    if roll < 0.65:
        return {"AWS": r.sample(ACCOUNTS, r.randint(1, 2))}
    if roll < 0.8:
        return {"AWS": "arn:aws:iam::%s:role/role-%d" % (r.choice(ACCOUNTS), r.randrange(9))}
    if roll < 0.9:
        return {"Service": r.choice(["lambda.amazonaws.com", "sns.amazonaws.com", "cloudfront.amazonaws.com"])}
    return {"Federated": "cognito-identity.amazonaws.com"}


def condition(r):
    choices = [
        lambda: {"StringEquals": {"aws:SourceVpce": "vpce-%06x" % r.randrange(1 << 24)}},
        lambda: {"StringEquals": {"aws:PrincipalOrgID": "o-%08x" % r.randrange(1 << 32)}},
        lambda: {"StringEquals": {"aws:SourceAccount": r.choice(ACCOUNTS)}},
        lambda: {"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:%s:*" % r.choice(ACCOUNTS)}},
        lambda: {"IpAddress": {"aws:SourceIp": ["10.%d.0.0/16" % r.randrange(256), "2001:db8::/32"]}},
        lambda: {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}},
        lambda: {"Bool": {"aws:SecureTransport": r.choice(["true", "false"])}},
        lambda: {"StringLike": {"s3:prefix": ["home/${aws:username}/*", "public/*"]}},
        lambda: {"NumericLessThan": {"s3:max-keys": str(r.randrange(1, 1000))}},
        lambda: {"DateLessThan": {"aws:CurrentTime": "2027-0%d-01T00:00:00Z" % r.randint(1, 9)}},
        lambda: {"Null": {"aws:MultiFactorAuthAge": r.choice(["true", "false"])}},
        lambda: {"ForAnyValue:StringEquals": {"aws:TagKeys": ["env", "team"]}},
        lambda: {"StringEqualsIfExists": {"aws:SourceVpc": "vpc-%06x" % r.randrange(1 << 24)}},
    ]
    out = {}
    for _ in range(r.choice([0, 0, 1, 1, 2])):
        for op, kv in r.choice(choices)().items():
            out.setdefault(op, {}).update(kv)
    return out


def statement(r, kind):
    s = {"Effect": "Deny" if r.random() < 0.2 else "Allow"}
    if kind != "identity":
        if r.random() < 0.05:
            s["NotPrincipal"] = {"AWS": "arn:aws:iam::%s:root" % r.choice(ACCOUNTS)}
        else:
            s["Principal"] = principal(r)
    key = "NotAction" if r.random() < 0.1 else "Action"
    acts = [action(r) for _ in range(r.randint(1, 4))]
    s[key] = acts if len(acts) > 1 else acts[0]
    if kind != "trust":
        s["NotResource" if r.random() < 0.05 else "Resource"] = [resource(r) for _ in range(r.randint(1, 2))]
    else:
        s[key] = "sts:AssumeRole"
    c = condition(r)
    if c:
        s["Condition"] = c
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    r = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.count):
        kind = r.choice(["resource", "resource", "resource", "trust", "identity"])
        doc = {"Version": "2012-10-17",
               "Statement": [statement(r, kind) for _ in range(r.choice([1, 1, 2, 3, 4, 6]))]}
        sub = os.path.join(a.out, "%02d" % (i % 100))
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, "policy-%05d.json" % i), "w") as f:
            json.dump(doc, f)


if __name__ == "__main__":
    main()
