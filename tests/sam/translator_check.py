#!/usr/bin/env python3
"""Checks kumolens' SAM expansion against the real SAM translator (aws-sam-translator).

For every SAM fixture, the template is translated by samtranslator (no network: managed
policy names map to arn:aws:iam::aws:policy/<name>) and loaded by `kumolens model --format
json`; the two must agree on the logical ids and types of the resources rules care about,
and on the routes (path, method, authorizers) and authorizer definitions of the API bodies.

Exit codes: 0 all agree, 1 some disagree, 77 samtranslator is absent (CTest SKIP).
"""
import argparse
import copy
import json
import logging
import os
import re
import subprocess
import sys

SKIP = 77

# Resource types the rules read; every one the translator generates must exist in kumolens'
# model with the same logical id and type, and kumolens must generate no others.
TYPES_THAT_MATTER = {
    "AWS::Lambda::Function",
    "AWS::IAM::Role",
    "AWS::Lambda::Permission",
    "AWS::ApiGateway::RestApi",
    "AWS::ApiGateway::Stage",
    "AWS::ApiGateway::Deployment",
    "AWS::ApiGateway::DomainName",
    "AWS::ApiGateway::BasePathMapping",
    "AWS::ApiGateway::Authorizer",
    "AWS::ApiGateway::UsagePlan",
    "AWS::ApiGatewayV2::Api",
    "AWS::ApiGatewayV2::Stage",
    "AWS::ApiGatewayV2::DomainName",
    "AWS::ApiGatewayV2::ApiMapping",
    "AWS::Lambda::Url",
    "AWS::DynamoDB::Table",
    "AWS::Lambda::EventSourceMapping",
    "AWS::Lambda::LayerVersion",
    "AWS::Events::Rule",
    "AWS::StepFunctions::StateMachine",
    "AWS::Lambda::Version",
    "AWS::Lambda::Alias",
    "AWS::SNS::Subscription",
    "AWS::Logs::SubscriptionFilter",
    "AWS::Scheduler::Schedule",
    "AWS::IoT::TopicRule",
    "AWS::CodeDeploy::Application",
    "AWS::CodeDeploy::DeploymentGroup",
}
# Ids the translator derives from a content hash: compared as <prefix><10 hex digits>.
HASHED = re.compile(r"^(?P<prefix>.*?)(?P<hash>[0-9a-f]{10})$")
HASHED_TYPES = {"AWS::ApiGateway::Deployment", "AWS::Lambda::LayerVersion", "AWS::Lambda::Version",
                "AWS::ApiGateway::DomainName", "AWS::ApiGatewayV2::DomainName",
                "AWS::ApiGateway::BasePathMapping", "AWS::ApiGatewayV2::ApiMapping"}
# Properties compared where the translator writes a plain value (not an intrinsic).
PROPERTIES_THAT_MATTER = {
    "AWS::Lambda::Function": ["Runtime", "Handler", "MemorySize", "Timeout", "TracingConfig.Mode",
                              "Environment.Variables", "Architectures"],
    "AWS::Lambda::Url": ["AuthType", "InvokeMode"],
    "AWS::Lambda::Permission": ["Principal", "Action", "FunctionUrlAuthType"],
    "AWS::IAM::Role": ["ManagedPolicyArns", "Policies[].PolicyName"],
    "AWS::ApiGateway::Stage": ["StageName", "TracingEnabled", "CacheClusterEnabled"],
    "AWS::ApiGatewayV2::Stage": ["StageName"],
    "AWS::Lambda::EventSourceMapping": ["BatchSize", "StartingPosition"],
    "AWS::Events::Rule": ["ScheduleExpression", "State"],
    "AWS::DynamoDB::Table": ["BillingMode", "KeySchema", "AttributeDefinitions"],
    "AWS::StepFunctions::StateMachine": ["StateMachineType"],
}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch",
                "x-amazon-apigateway-any-method"}
LOCAL_URI_KEYS = {"AWS::Serverless::Function": "CodeUri",
                  "AWS::Serverless::LayerVersion": "ContentUri",
                  "AWS::Serverless::StateMachine": "DefinitionUri",
                  "AWS::Serverless::Api": "DefinitionUri",
                  "AWS::Serverless::HttpApi": "DefinitionUri"}


def packaged(template):
    """What `sam package` uploads: local code paths become s3:// URIs."""
    t = copy.deepcopy(template)

    def fix(props, key):
        if isinstance(props, dict) and isinstance(props.get(key), str) \
                and not props[key].startswith("s3://"):
            name = re.sub(r"[^A-Za-z0-9._-]", "_", props[key]) or "code"
            props[key] = "s3://fixture-artifacts/" + name
    for res in (t.get("Resources") or {}).values():
        if isinstance(res, dict) and res.get("Type") in LOCAL_URI_KEYS:
            fix(res.get("Properties"), LOCAL_URI_KEYS[res["Type"]])
    globals_ = t.get("Globals")
    if isinstance(globals_, dict):
        fix(globals_.get("Function"), "CodeUri")
    return t


def parameter_defaults(template):
    out = {}
    params = template.get("Parameters")
    if isinstance(params, dict):
        for name, p in params.items():
            if isinstance(p, dict) and "Default" in p:
                out[name] = p["Default"]
    return out


class PolicyLoader:
    """Stands in for the IAM ListPolicies call: every name is an AWS managed policy."""

    class _Map(dict):
        def get(self, key, default=None):
            return "arn:aws:iam::aws:policy/" + key

        def __contains__(self, key):
            return True

    def load(self):
        return PolicyLoader._Map()


def condition_value(template, name, params, depth=0):
    """True/False/None (unknown) for a named condition, with parameter defaults."""
    conds = template.get("Conditions") or {}
    if depth > 20 or name not in conds:
        return None

    def value(v):
        if isinstance(v, dict) and list(v) == ["Ref"]:
            return params.get(v["Ref"])
        return v if isinstance(v, (str, int, float, bool)) else None

    def ev(e):
        if not isinstance(e, dict) or len(e) != 1:
            return None
        (fn, arg), = e.items()
        if fn == "Condition":
            return condition_value(template, arg, params, depth + 1)
        if fn == "Fn::Equals" and isinstance(arg, list) and len(arg) == 2:
            a, b = value(arg[0]), value(arg[1])
            return None if a is None or b is None else str(a) == str(b)
        if fn == "Fn::Not" and isinstance(arg, list) and len(arg) == 1:
            r = ev(arg[0])
            return None if r is None else not r
        if fn in ("Fn::And", "Fn::Or") and isinstance(arg, list):
            rs = [ev(x) for x in arg]
            if fn == "Fn::And":
                return False if False in rs else (None if None in rs else True)
            return True if True in rs else (None if None in rs else False)
        return None
    return ev(conds[name])


def routes(body, kind):
    """{(path, method): sorted authorizer names} from a swagger / OpenAPI 3 body."""
    out = {}
    paths = body.get("paths") if isinstance(body, dict) else None
    if not isinstance(paths, dict):
        return out
    for path, ops in paths.items():
        if not isinstance(ops, dict):
            continue
        for method, op in ops.items():
            if method.lower() not in HTTP_METHODS or not isinstance(op, dict):
                continue
            names = set()
            for req in op.get("security") or []:
                if isinstance(req, dict):
                    names.update(req.keys())
            out[(path, method.lower())] = sorted(names)
    return out


def authorizer_definitions(body):
    """{name: (type, authorizer type)} from securityDefinitions / components.securitySchemes."""
    if not isinstance(body, dict):
        return {}
    defs = body.get("securityDefinitions")
    if defs is None:
        defs = (body.get("components") or {}).get("securitySchemes")
    out = {}
    for name, d in (defs or {}).items():
        if isinstance(d, dict):
            az = d.get("x-amazon-apigateway-authorizer") or {}
            out[name] = (d.get("type"), az.get("type") if isinstance(az, dict) else None)
    return out


def translate(template, params):
    from samtranslator.translator.transform import transform
    return transform(packaged(template), params, PolicyLoader())


def kumolens_model(binary, path):
    proc = subprocess.run([binary, "model", path, "--format", "json"],
                          capture_output=True, text=True, timeout=60)
    # 2 = some input problem was reported (the model is still printed); anything else,
    # including a signal (negative), is a failure.
    if proc.returncode not in (0, 2):
        raise RuntimeError(f"kumolens model exited with {proc.returncode}: {proc.stderr.strip()[-500:]}")
    try:
        models = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        raise RuntimeError(f"kumolens model printed no JSON ({e}): {proc.stdout[:200]!r}") from e
    if len(models) != 1:
        raise RuntimeError(f"kumolens model printed {len(models)} models, expected 1")
    return models[0]


def plain(v):
    """The value if it holds no intrinsic function (so kumolens must have it exactly)."""
    if isinstance(v, dict):
        if any(k == "Ref" or k.startswith("Fn::") for k in v):
            return None
        out = {k: plain(x) for k, x in v.items()}
        return None if any(x is None for x in out.values()) else out
    if isinstance(v, list):
        out = [plain(x) for x in v]
        return None if any(x is None for x in out) else out
    return v


def lookup(props, path):
    """props at "A.B", or the list of B of each item for "A[].B"; None when absent."""
    v = props
    for part in path.split("."):
        if part.endswith("[]"):
            v = v.get(part[:-2]) if isinstance(v, dict) else None
            if not isinstance(v, list):
                return None
            rest = path.split(part + ".", 1)[1]
            return [lookup(item, rest) for item in v]
        v = v.get(part) if isinstance(v, dict) else None
    return v


def same(a, b):
    # CloudFormation accepts numbers and booleans as strings; the translator copies either.
    if isinstance(a, (bool, int, float)) or isinstance(b, (bool, int, float)):
        return str(a).lower() == str(b).lower()
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def id_key(rid, rtype):
    if rtype in HASHED_TYPES:
        m = HASHED.match(rid)
        if m:
            return m.group("prefix") + "<hash>"
    return rid


def compare(name, template, translated, model, params):
    errors = []
    sam_out = {}
    for rid, res in (translated.get("Resources") or {}).items():
        if res.get("Type") not in TYPES_THAT_MATTER:
            continue
        cond = res.get("Condition")
        if isinstance(cond, str) and condition_value(template, cond, params) is False:
            continue  # kumolens drops resources whose condition is false
        sam_out[id_key(rid, res["Type"])] = (rid, res)
    kl_out = {}
    for r in model["resources"]:
        if r["type"] in TYPES_THAT_MATTER:
            kl_out[id_key(r["id"], r["type"])] = r

    for key, (rid, res) in sorted(sam_out.items()):
        r = kl_out.get(key)
        if r is None:
            errors.append(f"{name}: translator generates {res['Type']} '{rid}', kumolens has no '{key}'")
        elif r["type"] != res["Type"]:
            errors.append(f"{name}: '{rid}' is {res['Type']} for the translator, {r['type']} for kumolens")
    for key, (rid, res) in sorted(sam_out.items()):
        r = kl_out.get(key)
        if r is None or r["type"] != res["Type"]:
            continue
        for path in PROPERTIES_THAT_MATTER.get(res["Type"], []):
            want = plain(lookup(res.get("Properties") or {}, path))
            if want is None:
                continue
            got = lookup(r.get("properties") or {}, path)
            if path == "ManagedPolicyArns" and isinstance(got, list) and isinstance(want, list):
                want, got = sorted(map(str, want)), sorted(map(str, got))  # order is not meaningful
            if not same(want, got):
                errors.append(f"{name}: {res['Type']} '{rid}' {path} is {json.dumps(got)} in kumolens, "
                              f"{json.dumps(want)} in the translator")
    for key, r in sorted(kl_out.items()):
        if key not in sam_out:
            errors.append(f"{name}: kumolens generates {r['type']} '{r['id']}', the translator does not")

    for key, (rid, res) in sorted(sam_out.items()):
        if res["Type"] not in ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api"):
            continue
        r = kl_out.get(key)
        if r is None:
            continue
        sam_body = (res.get("Properties") or {}).get("Body")
        kl_body = (r.get("properties") or {}).get("Body")
        if sam_body is None and kl_body is None:
            continue
        if not isinstance(kl_body, dict):
            errors.append(f"{name}: '{rid}' has no Body in kumolens' model (translator has one)")
            continue
        want, got = routes(sam_body, res["Type"]), routes(kl_body, r["type"])
        for route in sorted(set(want) | set(got)):
            label = f"{route[1].upper()} {route[0]}"
            if route not in got:
                errors.append(f"{name}: '{rid}' route {label} missing in kumolens")
            elif route not in want:
                errors.append(f"{name}: '{rid}' route {label} not generated by the translator")
            elif want[route] != got[route]:
                errors.append(f"{name}: '{rid}' route {label} security {got[route]} in kumolens, "
                              f"{want[route]} in the translator")
        want_defs, got_defs = authorizer_definitions(sam_body), authorizer_definitions(kl_body)
        if want_defs != got_defs:
            errors.append(f"{name}: '{rid}' authorizer definitions {got_defs} in kumolens, "
                          f"{want_defs} in the translator")
    return errors


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kumolens", required=True, help="the kumolens binary")
    ap.add_argument("--fixtures", required=True, help="folder of SAM fixtures")
    ap.add_argument("--dump", action="store_true", help="print each translation")
    ap.add_argument("only", nargs="*", help="fixture file names to check (default: all)")
    args = ap.parse_args()
    try:
        import samtranslator  # noqa: F401
        from samtranslator.model.exceptions import InvalidDocumentException
        from samtranslator.yaml_helper import yaml_parse
    except ImportError:
        print("skipping: aws-sam-translator is not installed (python3 -m pip install aws-sam-translator)")
        return SKIP
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    # The translator logs warnings about its own metrics and feature toggles: not ours.
    logging.getLogger("samtranslator").setLevel(logging.ERROR)

    names = sorted(f for f in os.listdir(args.fixtures)
                   if f.endswith((".yaml", ".yml", ".json")) and (not args.only or f in args.only))
    if not names:
        print(f"no SAM fixtures in {args.fixtures}")
        return 1
    errors = []
    for name in names:
        path = os.path.join(args.fixtures, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        template = yaml_parse(text)
        params = parameter_defaults(template)
        try:
            model = kumolens_model(args.kumolens, path)
        except Exception as e:  # noqa: BLE001 - report and keep checking the rest
            errors.append(f"{name}: {e}")
            continue
        if "sam-translator: rejects" in text:
            try:
                translate(template, params)
                errors.append(f"{name}: marked 'sam-translator: rejects' but the translator accepts it")
            except InvalidDocumentException:
                print(f"ok   {name} (rejected by the translator, loaded by kumolens)")
            continue
        try:
            translated = translate(template, params)
        except InvalidDocumentException as e:
            errors.append(f"{name}: the translator rejects the fixture: "
                          + "; ".join(str(x) for x in e.causes))
            continue
        if args.dump:
            print(f"==== {name}")
            print(json.dumps(translated, indent=1, default=str))
        found = compare(name, template, translated, model, params)
        errors.extend(found)
        print(f"{'FAIL' if found else 'ok  '} {name}")
    for e in errors:
        print("error: " + e)
    print(f"{len(names)} fixtures, {len(errors)} disagreement(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
