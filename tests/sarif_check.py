#!/usr/bin/python3
"""Runs `kumolens scan --format sarif` over fixtures, with and without --show-suppressed,
and validates each output against the SARIF 2.1.0 schema. Also checks what the schema
cannot: every result has partialFingerprints, and its rule is in tool.driver.rules at
ruleIndex. Exit 77 (CTest SKIP_RETURN_CODE) when the schema or jsonschema is missing.

usage: sarif_check.py KUMOLENS SCHEMA PATH...
"""
import json
import os
import subprocess
import sys

SKIP = 77


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    kumolens, schema_path, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    try:
        import jsonschema
    except ImportError:
        print(f"SKIP: python module 'jsonschema' not found for {sys.executable} "
              "(apt install python3-jsonschema)")
        return SKIP
    if not os.path.exists(schema_path):
        print(f"SKIP: SARIF schema not found at '{schema_path}' "
              "(clone shared/ beside the repository or set -DKL_SARIF_SCHEMA=...)")
        return SKIP
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    validator = validator_cls(schema)

    failures = []
    for extra in ([], ["--show-suppressed"], ["--lang", "ja", "--show-suppressed"]):
        cmd = [kumolens, "scan", "--format", "sarif", "--fail-on", "none", *extra, *paths]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        label = " ".join(["scan", *extra])
        if proc.returncode != 0:
            failures.append(f"{label}: exit code {proc.returncode}\n{proc.stderr}")
            continue
        doc = json.loads(proc.stdout)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:20]:
            where = "/".join(str(p) for p in e.absolute_path)
            failures.append(f"{label}: schema: at /{where}: {e.message}")
        run = doc["runs"][0]
        rules = run["tool"]["driver"].get("rules", [])
        results = run.get("results", [])
        if not results:
            failures.append(f"{label}: no results; the fixtures should produce some")
        if not rules:
            failures.append(f"{label}: tool.driver.rules is empty")
        for i, r in enumerate(results):
            fp = r.get("partialFingerprints", {})
            if not fp or not all(fp.values()):
                failures.append(f"{label}: results[{i}] has no partialFingerprints")
            idx = r.get("ruleIndex")
            if idx is None or idx >= len(rules) or rules[idx]["id"] != r["ruleId"]:
                failures.append(f"{label}: results[{i}] ruleIndex {idx} does not name {r['ruleId']}")
        suppressed = [r for r in results if r.get("suppressions")]
        if "--show-suppressed" in extra and not suppressed:
            failures.append(f"{label}: no result carries 'suppressions'")
        if "--show-suppressed" not in extra and suppressed:
            failures.append(f"{label}: suppressed results listed without --show-suppressed")
        print(f"{label}: {len(results)} results, {len(rules)} rules, "
              f"{len(suppressed)} suppressed, {len(errors)} schema errors")

    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
