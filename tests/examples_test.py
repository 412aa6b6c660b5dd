#!/usr/bin/env python3
"""`kumolens scan examples/` in text, JSON, SARIF and Japanese: the example app's problems
are reported, for every expected rule that exists in the catalog today.

Usage: examples_test.py KUMOLENS SOURCE_DIR

The example's handlers carry `# expect: KL-CODE-00N` (or `// expect:`) on each sink line:
the code findings must be exactly those, each with a trace from the event to the sink.
"""
import json
import os
import re
import subprocess
import sys

# What examples/README.md says the app gets wrong. Rules are written in parallel; the test
# asserts the ones the catalog has (so it tightens by itself as rules land).
EXPECTED = {"KL-LAM-001", "KL-LAM-003", "KL-S3-003", "KL-S3-004", "KL-COG-001",
            "KL-COG-002", "KL-APIGW-001", "KL-DDB-001", "KL-S3-001", "KL-S3-002",
            "KL-IAM-001", "KL-SECRET-AWS-ACCESS-KEY-ID",
            "KL-CODE-001", "KL-CODE-005", "KL-CODE-006", "KL-CODE-010"}  # the handlers in examples/src
EXPECT = re.compile(r"(?:#|//)\s*expect:\s*(KL-CODE-\d{3})")


def expected_code_findings(src):
    """(file, line, rule) for every `expect:` comment in examples/src."""
    out = set()
    folder = os.path.join(src, "examples", "src")
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                m = EXPECT.search(line)
                if m:
                    out.add((f"examples/src/{name}", n, m.group(1)))
    return out


def run(binary, src, *args):
    p = subprocess.run([binary, *args], cwd=src, capture_output=True, timeout=120)
    if p.returncode < 0:
        sys.exit(f"FAIL: kumolens {' '.join(args)} killed by signal {-p.returncode}")
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    binary, src = os.path.abspath(sys.argv[1]), sys.argv[2]
    code, out, err = run(binary, src, "rules", "--format", "json")
    if code != 0:
        fail(f"rules exit {code}: {err}")
    catalog = {r["id"] for r in json.loads(out)}
    want = EXPECTED & catalog
    if not want:
        fail("no expected rule is in the catalog")

    code, out, err = run(binary, src, "scan", "examples/", "--format", "json")
    if code != 1:
        fail(f"json: exit {code}, want 1 (findings)\n{err}")
    report = json.loads(out)
    got = {f["rule"] for f in report["findings"]}
    if not want <= got:
        fail(f"json: missing {sorted(want - got)}; got {sorted(got)}")
    if not got <= catalog:
        fail(f"json: rules not in the catalog: {sorted(got - catalog)}")
    for f in report["findings"]:
        in_src = f["file"].startswith("examples/src/")
        if (f["file"] != "examples/template.yaml" and not in_src) or f["line"] < 1:
            fail(f"json: finding without a place in the template or its code: {f}")
        in_code = f["rule"].startswith("KL-CODE-")  # taint findings; secrets have no trace
        if in_code and (not f.get("trace") or not f["resource"]):
            fail(f"json: code finding without a trace or a function: {f}")
        # Event data findings show the path: the source, at least one step, the sink line.
        if in_code and f["rule"] != "KL-CODE-010":
            trace = f["trace"]
            if len(trace) < 3 or trace[-1]["line"] != f["line"] or "event enters" not in trace[0]["message"]:
                fail(f"json: trace does not run from the event to the sink: {f}")
    want_code = expected_code_findings(src)
    got_code = {(f["file"], f["line"], f["rule"]) for f in report["findings"]
                if f["file"].startswith("examples/src/") and f["rule"].startswith("KL-CODE-")}
    if want_code != got_code:
        fail(f"json: code findings differ from the expect comments: missing {sorted(want_code - got_code)}, "
             f"extra {sorted(got_code - want_code)}")

    code, text, err = run(binary, src, "scan", "examples/", "--no-color")
    if code != 1 or "examples/template.yaml" not in text:
        fail(f"text: exit {code}\n{text}\n{err}")
    for rule in want:
        if rule not in text:
            fail(f"text: {rule} missing\n{text}")

    code, out, err = run(binary, src, "scan", "examples/", "--format", "sarif")
    sarif = json.loads(out)
    results = sarif["runs"][0]["results"]
    if code != 1 or sarif["version"] != "2.1.0" or len(results) != len(report["findings"]):
        fail(f"sarif: exit {code}, {len(results)} results for {len(report['findings'])} findings")
    if not want <= {r["ruleId"] for r in results}:
        fail("sarif: expected rules missing")

    code, ja, err = run(binary, src, "scan", "examples/", "--no-color", "--lang", "ja")
    if code != 1 or ja == text or not any("\u3040" <= c <= "\u9fff" for c in ja):
        fail(f"ja: exit {code}; no Japanese text\n{ja}")
    # The demo key in src/settings.py is reported redacted in every format, never whole.
    planted = "AKIA4DEMOQSHOPFRONTZ"
    for name, output in (("json", json.dumps(report)), ("text", text), ("sarif", json.dumps(sarif)), ("ja", ja)):
        if planted in output:
            fail(f"{name}: the example's secret is printed in full")
    print(f"ok: {sorted(got)} ({len(report['findings'])} findings)")


if __name__ == "__main__":
    main()
