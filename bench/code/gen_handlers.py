#!/usr/bin/env python3
"""Generates a tree of Lambda handler files for the code-analysis benchmark.

    bench/code/gen_handlers.py OUT [--count 2000] [--seed 7]

About half the files are Python, 30% JavaScript (CommonJS and ESM) and 20% TypeScript,
sizes from 20 to 2,000 lines, skewed small as real functions are. Each file has a handler
(parameter named event/evt/req/e), helpers it calls up to three deep, string building,
JSON parsing, AWS SDK calls, and filler utility code; about one in three carries a real
flow from the event to a sink (shell, eval, SSRF, S3 key, SQL, HTML), the rest the safe
form. Deterministic for a seed. Standard library only.
"""
import argparse
import os
import random

PY_SINKS = [
    ("subprocess.run(\"convert /tmp/in \" + {v}, shell=True)", "subprocess.run([\"convert\", \"/tmp/in\", {v}])"),
    ("requests.get({v}, timeout=5)", "requests.get(\"https://api.example.com/items/\" + quote({v}), timeout=5)"),
    ("s3.generate_presigned_url(\"get_object\", Params={{\"Bucket\": BUCKET, \"Key\": {v}}})",
     "s3.generate_presigned_url(\"get_object\", Params={{\"Bucket\": BUCKET, \"Key\": os.path.basename({v})}})"),
    ("cur.execute(\"SELECT * FROM t WHERE id = '%s'\" % {v})", "cur.execute(\"SELECT * FROM t WHERE id = %s\", ({v},))"),
    ("eval({v})", "int({v})"),
    ("yaml.load({v}, Loader=yaml.Loader)", "yaml.safe_load({v})"),
]
JS_SINKS = [
    ("exec(`convert /tmp/in ${{{v}}}`)", "execFile('convert', ['/tmp/in', {v}])"),
    ("fetch({v})", "fetch('https://api.example.com/items/' + encodeURIComponent({v}))"),
    ("new PutObjectCommand({{ Bucket: BUCKET, Key: {v} }})", "new PutObjectCommand({{ Bucket: BUCKET, Key: path.basename({v}) }})"),
    ("pool.query(\"SELECT * FROM t WHERE id = '\" + {v} + \"'\")", "pool.query('SELECT * FROM t WHERE id = $1', [{v}])"),
    ("eval({v})", "Number({v})"),
]


def size(rng):
    # Skewed small: most handlers are short, a few are large modules.
    r = rng.random()
    if r < 0.55:
        return rng.randint(20, 120)
    if r < 0.85:
        return rng.randint(120, 500)
    return rng.randint(500, 2000)


def py_filler(rng, i):
    kind = rng.randrange(4)
    if kind == 0:
        return [f"def util_{i}(items, limit=10):",
                "    out = []",
                "    for item in items[:limit]:",
                "        if item.get(\"active\"):",
                f"            out.append({{\"id\": item[\"id\"], \"n\": {i}}})",
                "        else:",
                "            out.append(None)",
                "    return [o for o in out if o]", ""]
    if kind == 1:
        return [f"def fmt_{i}(record):",
                f"    label = \"{i}:\" + str(record.get(\"name\", \"\"))",
                "    return label.strip().lower()", ""]
    if kind == 2:
        return [f"class Model{i}:",
                "    def __init__(self, data):",
                "        self.data = dict(data)",
                "",
                "    def total(self):",
                "        return sum(v for v in self.data.values() if isinstance(v, int))", ""]
    return [f"CONST_{i} = {{\"a\": {i}, \"b\": [{i}, {i + 1}], \"c\": \"x{i}\"}}", ""]


def js_filler(rng, i, ts):
    t = (lambda s: s) if ts else (lambda s: "")
    kind = rng.randrange(3)
    if kind == 0:
        return [f"function util{i}(items{t(': any[]')}, limit = 10) {{",
                "  const out = [];",
                "  for (const item of items.slice(0, limit)) {",
                f"    if (item.active) out.push({{ id: item.id, n: {i} }});",
                "  }",
                "  return out.filter(Boolean);",
                "}", ""]
    if kind == 1:
        return [f"const fmt{i} = (record{t(': { name?: string }')}) => `{i}:${{record.name ?? ''}}`.trim().toLowerCase();", ""]
    return [f"const CONST_{i} = {{ a: {i}, b: [{i}, {i + 1}], c: 'x{i}' }};", ""]


def python_file(rng, lines):
    vuln = rng.random() < 0.35
    sink, safe = rng.choice(PY_SINKS)
    param = rng.choice(["event", "evt", "e"])
    out = ["import json", "import os", "import subprocess", "from urllib.parse import quote", "",
           "import boto3", "import requests", "import yaml", "",
           "s3 = boto3.client(\"s3\")", "BUCKET = os.environ.get(\"BUCKET\", \"b\")", "cur = None", ""]
    body = []
    i = 0
    while len(out) + len(body) + 20 < lines:
        body += py_filler(rng, i)
        i += 1
    out += body
    out += ["def run(value):", "    return " + (sink if vuln else safe).format(v="value"), "",
            "def prepare(value):", "    return run(value.strip())", "",
            "def route(payload):", "    return prepare(payload.get(\"name\", \"\"))", "",
            f"def lambda_handler({param}, context):",
            f"    payload = json.loads({param}.get(\"body\") or \"{{}}\")",
            "    result = route(payload)",
            "    return {\"statusCode\": 200, \"body\": json.dumps({\"ok\": bool(result)})}", ""]
    return out


def js_file(rng, lines, ts):
    vuln = rng.random() < 0.35
    sink, safe = rng.choice(JS_SINKS)
    param = rng.choice(["event", "evt", "req", "e"])
    esm = ts or rng.random() < 0.5
    t = (lambda s: s) if ts else (lambda s: "")
    if esm:
        out = ["import { exec, execFile } from 'node:child_process';", "import path from 'node:path';",
               "import { PutObjectCommand } from '@aws-sdk/client-s3';", "import pg from 'pg';", ""]
    else:
        out = ["const { exec, execFile } = require('child_process');", "const path = require('path');",
               "const { PutObjectCommand } = require('@aws-sdk/client-s3');", "const pg = require('pg');", ""]
    out += ["const pool = new pg.Pool();", "const BUCKET = process.env.BUCKET;", ""]
    i = 0
    while len(out) + 20 < lines:
        out += js_filler(rng, i, ts)
        i += 1
    out += [f"function run(value{t(': string')}) {{", "  return " + (sink if vuln else safe).format(v="value") + ";", "}", "",
            f"function prepare(value{t(': string')}) {{", "  return run(value.trim());", "}", "",
            f"function route(payload{t(': { name?: string }')}) {{", "  return prepare(payload.name || '');", "}", ""]
    head = "export const handler = async" if esm else "exports.handler = async"
    out += [f"{head} ({param}{t(': { body?: string }')}) => {{",
            f"  const payload = JSON.parse({param}.body || '{{}}');",
            "  const result = await route(payload);",
            "  return { statusCode: 200, body: JSON.stringify({ ok: Boolean(result) }) };",
            "};", ""]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    for sub in ("python", "javascript", "typescript"):
        os.makedirs(os.path.join(a.out, sub), exist_ok=True)
    total = {"python": 0, "javascript": 0, "typescript": 0}
    for n in range(a.count):
        lines = size(rng)
        r = rng.random()
        if r < 0.5:
            lang, text, ext = "python", python_file(rng, lines), "py"
        elif r < 0.8:
            lang, text, ext = "javascript", js_file(rng, lines, False), rng.choice(["js", "mjs", "cjs"])
        else:
            lang, text, ext = "typescript", js_file(rng, lines, True), "ts"
        with open(os.path.join(a.out, lang, f"fn{n:05d}_handler.{ext}"), "w") as f:
            f.write("\n".join(text))
        total[lang] += len(text)
    print(f"{a.count} files in {a.out}: " + ", ".join(f"{k} {v:,} lines" for k, v in total.items()))


if __name__ == "__main__":
    main()
