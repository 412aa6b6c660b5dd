#!/usr/bin/env python3
"""Writes a corpus of synthetic SAM / CloudFormation templates for benchmarks (stdlib only).

Templates mix the resource types real serverless projects have (functions with API, SQS,
S3 and schedule events, Function URLs, REST and HTTP APIs, Cognito pools, buckets, tables,
queues, topics, roles, log groups, KMS keys), with parameters, conditions, mappings and
intrinsic functions (short and long form) everywhere.

  gen_corpus.py OUT_DIR --count N [--lines 300 | --min-lines 50 --max-lines 2000]
                [--json-fraction 0.1] [--seed 1]
  gen_corpus.py --big-json FILE --bytes 10000000     one large multi-line CFN JSON template
"""
import argparse
import json
import os
import random

RUNTIMES = ["python3.12", "python3.11", "nodejs20.x", "nodejs18.x", "java21", "provided.al2023"]


def block_function(r, name, api_id):
    lines = [
        f"  {name}:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        f"      CodeUri: src/{name.lower()}/",
        f"      Handler: app.{name.lower()}_handler",
        f"      Runtime: {r.choice(RUNTIMES)}",
        f"      MemorySize: {r.choice([128, 256, 512, 1024])}",
        "      Timeout: !If [IsProd, 30, 10]",
        "      Environment:",
        "        Variables:",
        "          TABLE_NAME: !Ref OrdersTable",
        "          STAGE: !Ref Stage",
        f"          SERVICE_URL: !Sub 'https://${{ApiDomain}}/{name.lower()}'",
        "      Policies:",
        "        - DynamoDBCrudPolicy:",
        "            TableName: !Ref OrdersTable",
        "        - Statement:",
        "            - Effect: Allow",
        "              Action: [s3:GetObject, s3:PutObject]",
        "              Resource: !Sub '${AssetsBucket.Arn}/*'",
        "      Events:",
    ]
    kind = r.choice(["Api", "Api", "HttpApi", "SQS", "S3", "Schedule"])
    if kind == "Api":
        lines += ["        Route:", "          Type: Api", "          Properties:",
                  f"            RestApiId: !Ref {api_id}",
                  f"            Path: /{name.lower()}/{{id}}",
                  f"            Method: {r.choice(['get', 'post', 'put', 'delete'])}"]
    elif kind == "HttpApi":
        lines += ["        Route:", "          Type: HttpApi", "          Properties:",
                  f"            Path: /{name.lower()}", "            Method: GET"]
    elif kind == "SQS":
        lines += ["        Queue:", "          Type: SQS", "          Properties:",
                  "            Queue: !GetAtt WorkQueue.Arn", "            BatchSize: 10"]
    elif kind == "S3":
        lines += ["        Upload:", "          Type: S3", "          Properties:",
                  "            Bucket: !Ref UploadsBucket", "            Events: s3:ObjectCreated:*"]
    else:
        lines += ["        Nightly:", "          Type: Schedule", "          Properties:",
                  "            Schedule: rate(1 day)", "            Enabled: !If [IsProd, true, false]"]
    if r.random() < 0.2:
        lines += ["      FunctionUrlConfig:", f"        AuthType: {r.choice(['NONE', 'AWS_IAM'])}"]
    return lines


def block_cfn_function(r, name):
    return [
        f"  {name}Role:",
        "    Type: AWS::IAM::Role",
        "    Properties:",
        "      AssumeRolePolicyDocument:",
        "        Version: '2012-10-17'",
        "        Statement:",
        "          - Effect: Allow",
        "            Principal: { Service: lambda.amazonaws.com }",
        "            Action: sts:AssumeRole",
        "      ManagedPolicyArns:",
        "        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        f"  {name}:",
        "    Type: AWS::Lambda::Function",
        "    Properties:",
        f"      Runtime: {r.choice(RUNTIMES)}",
        "      Handler: index.handler",
        f"      Role: !GetAtt {name}Role.Arn",
        "      Code:",
        "        S3Bucket: !FindInMap [StageConfig, !Ref Stage, ArtifactBucket]",
        f"        S3Key: !Join ['/', [builds, !Ref Stage, {name.lower()}.zip]]",
        "      Environment:",
        "        Variables:",
        "          LOG_LEVEL: !FindInMap [StageConfig, !Ref Stage, LogLevel]",
        f"  {name}Logs:",
        "    Type: AWS::Logs::LogGroup",
        "    Properties:",
        f"      LogGroupName: !Sub /aws/lambda/${{{name}}}",
        "      RetentionInDays: !FindInMap [StageConfig, !Ref Stage, Retention]",
    ]


def block_misc(r, i):
    kind = r.choice(["bucket", "table", "queue", "topic", "pool", "key", "url"])
    n = f"{kind.capitalize()}{i}"
    if kind == "bucket":
        return [f"  {n}:", "    Type: AWS::S3::Bucket", "    Properties:",
                f"      BucketName: !Sub '${{AWS::StackName}}-{n.lower()}-${{AWS::AccountId}}'",
                "      VersioningConfiguration: { Status: Enabled }",
                "      PublicAccessBlockConfiguration:",
                f"        BlockPublicAcls: {r.choice(['true', 'false'])}",
                "        BlockPublicPolicy: true", "        IgnorePublicAcls: true",
                "        RestrictPublicBuckets: true",
                "      BucketEncryption:", "        ServerSideEncryptionConfiguration:",
                "          - ServerSideEncryptionByDefault: { SSEAlgorithm: aws:kms }"]
    if kind == "table":
        return [f"  {n}:", "    Type: AWS::DynamoDB::Table", "    Properties:",
                "      BillingMode: PAY_PER_REQUEST",
                "      AttributeDefinitions:", "        - { AttributeName: pk, AttributeType: S }",
                "        - { AttributeName: sk, AttributeType: S }",
                "      KeySchema:", "        - { AttributeName: pk, KeyType: HASH }",
                "        - { AttributeName: sk, KeyType: RANGE }",
                "      PointInTimeRecoverySpecification:",
                "        PointInTimeRecoveryEnabled: !If [IsProd, true, false]"]
    if kind == "queue":
        return [f"  {n}:", "    Type: AWS::SQS::Queue", "    Properties:",
                "      VisibilityTimeout: 60", "      KmsMasterKeyId: alias/aws/sqs",
                "      RedrivePolicy:", "        deadLetterTargetArn: !GetAtt WorkQueue.Arn",
                "        maxReceiveCount: 5"]
    if kind == "topic":
        return [f"  {n}:", "    Type: AWS::SNS::Topic", "    Properties:",
                f"      TopicName: !Join ['-', [!Ref Stage, {n.lower()}]]",
                "      KmsMasterKeyId: !Ref DataKey"]
    if kind == "pool":
        return [f"  {n}:", "    Type: AWS::Cognito::UserPool", "    Properties:",
                f"      UserPoolName: !Sub '${{AWS::StackName}}-{n.lower()}'",
                "      AdminCreateUserConfig:",
                f"        AllowAdminCreateUserOnly: {r.choice(['true', 'false'])}",
                "      Schema:", "        - Name: role", "          AttributeDataType: String",
                "          Mutable: true",
                f"  {n}Client:", "    Type: AWS::Cognito::UserPoolClient", "    Properties:",
                f"      UserPoolId: !Ref {n}", "      GenerateSecret: false"]
    if kind == "key":
        return [f"  {n}:", "    Type: AWS::KMS::Key", "    Properties:",
                "      EnableKeyRotation: true", "      KeyPolicy:",
                "        Version: '2012-10-17'", "        Statement:",
                "          - Effect: Allow",
                "            Principal: { AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root' }",
                "            Action: kms:*", "            Resource: '*'"]
    return [f"  {n}:", "    Type: AWS::Lambda::Url", "    Properties:",
            "      TargetFunctionArn: !GetAtt Worker.Arn",
            f"      AuthType: {r.choice(['NONE', 'AWS_IAM', '!Ref UrlAuth'])}"]


HEADER = """AWSTemplateFormatVersion: '2010-09-09'
{transform}Description: Synthetic template {i} for kumolens benchmarks
Parameters:
  Stage:
    Type: String
    Default: dev
    AllowedValues: [dev, staging, prod]
  ApiDomain:
    Type: String
    Default: api.example.com
  UrlAuth:
    Type: String
    Default: AWS_IAM
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  NotProd: !Not [!Condition IsProd]
Mappings:
  StageConfig:
    dev: {{ ArtifactBucket: builds-dev, LogLevel: DEBUG, Retention: 7 }}
    staging: {{ ArtifactBucket: builds-stg, LogLevel: INFO, Retention: 30 }}
    prod: {{ ArtifactBucket: builds-prod, LogLevel: WARN, Retention: 365 }}
"""

COMMON = [
    "  OrdersTable:", "    Type: AWS::DynamoDB::Table", "    Properties:",
    "      BillingMode: PAY_PER_REQUEST",
    "      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]",
    "      KeySchema: [{ AttributeName: id, KeyType: HASH }]",
    "  WorkQueue:", "    Type: AWS::SQS::Queue", "    Properties: { VisibilityTimeout: 120 }",
    "  AssetsBucket:", "    Type: AWS::S3::Bucket",
    "  UploadsBucket:", "    Type: AWS::S3::Bucket",
    "  DataKey:", "    Type: AWS::KMS::Key", "    Properties: { EnableKeyRotation: true }",
    "  Worker:", "    Type: AWS::Lambda::Function", "    Properties:",
    "      Runtime: python3.12", "      Handler: worker.handler",
    "      Role: !Sub 'arn:aws:iam::${AWS::AccountId}:role/worker'",
    "      Code: { ZipFile: 'def handler(event, context): return event' }",
]


def template(r, i, target_lines, sam):
    out = HEADER.format(i=i, transform="Transform: AWS::Serverless-2016-10-31\n" if sam else "")
    lines = out.rstrip("\n").split("\n")
    body = []
    if sam:
        body += ["  RestApi:", "    Type: AWS::Serverless::Api", "    Properties:",
                 "      StageName: !Ref Stage", "      TracingEnabled: true",
                 "      Auth:", "        DefaultAuthorizer: Jwt", "        Authorizers:",
                 "          Jwt: { UserPoolArn: !GetAtt Users.Arn }",
                 "  Users:", "    Type: AWS::Cognito::UserPool"]
    body += COMMON
    k = 0
    while len(lines) + len(body) + 8 < target_lines:
        k += 1
        roll = r.random()
        if sam and roll < 0.45:
            body += block_function(r, f"Fn{k}", "RestApi")
        elif roll < 0.6:
            body += block_cfn_function(r, f"Lambda{k}")
        else:
            body += block_misc(r, k)
    outputs = ["Outputs:", "  TableName:", "    Value: !Ref OrdersTable", "    Export:",
               "      Name: !Sub '${AWS::StackName}-table'"]
    return "\n".join(lines + ["Resources:"] + body + outputs) + "\n"


# ---- JSON rendering of the same shapes (CloudFormation JSON has no short-form tags) ------

def to_json_template(r, i, target_lines):
    res = {
        "OrdersTable": {"Type": "AWS::DynamoDB::Table", "Properties": {
            "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}},
        "Worker": {"Type": "AWS::Lambda::Function", "Properties": {
            "Runtime": "python3.12", "Handler": "worker.handler",
            "Role": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/worker"},
            "Code": {"ZipFile": "def handler(event, context): return event"}}},
    }
    t = {"AWSTemplateFormatVersion": "2010-09-09",
         "Description": f"Synthetic JSON template {i}",
         "Parameters": {"Stage": {"Type": "String", "Default": "dev"}},
         "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]}},
         "Resources": res}
    k = 0
    while True:
        text = json.dumps(t, indent=2)
        if text.count("\n") + 40 >= target_lines:
            return text + "\n"
        k += 1
        name = f"Fn{k}"
        res[name + "Role"] = {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole"}]}}}
        res[name] = {"Type": "AWS::Lambda::Function", "Properties": {
            "Runtime": r.choice(RUNTIMES), "Handler": "index.handler",
            "Role": {"Fn::GetAtt": [name + "Role", "Arn"]},
            "Timeout": {"Fn::If": ["IsProd", 30, 10]},
            "Environment": {"Variables": {"TABLE": {"Ref": "OrdersTable"},
                                          "STAGE": {"Ref": "Stage"}}},
            "Code": {"S3Bucket": "artifacts", "S3Key": {"Fn::Join": ["/", ["builds", name]]}}}}
        if r.random() < 0.3:
            res[name + "Url"] = {"Type": "AWS::Lambda::Url", "Properties": {
                "TargetFunctionArn": {"Fn::GetAtt": [name, "Arn"]},
                "AuthType": r.choice(["NONE", "AWS_IAM"])}}


def big_json(path, size, seed):
    """One multi-line CloudFormation JSON template of about `size` bytes."""
    r = random.Random(seed)
    # Grow resources in steps until the rendered text reaches the size (no re-dump per item).
    res = {}
    approx = 0
    k = 0
    while approx < size:
        k += 1
        item = {"Type": "AWS::Lambda::Function", "Properties": {
            "Runtime": r.choice(RUNTIMES), "Handler": "index.handler",
            "Role": {"Fn::GetAtt": [f"Role{k % 50}", "Arn"]},
            "MemorySize": r.choice([128, 256, 512]),
            "Environment": {"Variables": {"TABLE": {"Ref": "OrdersTable"},
                                          "NAME": f"function-{k}-\u00e9\"quoted\""}},
            "Tags": [{"Key": "team", "Value": "orders"}, {"Key": "cost", "Value": k * 1.5}]}}
        res[f"Function{k}"] = item
        approx += int(len(json.dumps(item, indent=2)) * 1.2) + 30
    t = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": res}
    with open(path, "w") as f:
        json.dump(t, f, indent=2, ensure_ascii=False)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out", nargs="?")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--lines", type=int, help="every template this many lines (about)")
    ap.add_argument("--min-lines", type=int, default=50)
    ap.add_argument("--max-lines", type=int, default=2000)
    ap.add_argument("--json-fraction", type=float, default=0.1)
    ap.add_argument("--sam-fraction", type=float, default=0.7)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--big-json", metavar="FILE")
    ap.add_argument("--bytes", type=int, default=10_000_000)
    a = ap.parse_args()
    if a.big_json:
        big_json(a.big_json, a.bytes, a.seed)
        return
    if not a.out:
        ap.error("OUT_DIR is required")
    r = random.Random(a.seed)
    total_lines = 0
    for i in range(a.count):
        # Skewed toward small templates, as real repositories are.
        n = a.lines or int(a.min_lines + (a.max_lines - a.min_lines) * r.random() ** 3)
        sub = os.path.join(a.out, f"svc{i // 100:03d}")
        os.makedirs(sub, exist_ok=True)
        if not a.lines and r.random() < a.json_fraction:
            text = to_json_template(r, i, n)
            name = f"template{i}.json"
        else:
            text = template(r, i, n, r.random() < a.sam_fraction)
            name = f"template{i}.yaml"
        total_lines += text.count("\n")
        with open(os.path.join(sub, name), "w") as f:
            f.write(text)
    print(f"wrote {a.count} templates, {total_lines} lines, to {a.out}")


if __name__ == "__main__":
    main()
