#!/usr/bin/env python3
"""Checks src/iam/data/sam_policy_templates.json against aws-sam-translator.

For every template in our data file: the translator must know it, with the same parameters,
and expanding it with the same parameter values must give the same statements. Parameter
values are plain strings and intrinsics ({"Fn::GetAtt": ...}, {"Ref": ...}), as templates
pass them. Exit 77 (skipped) when samtranslator is not importable.
"""
import json
import sys
from pathlib import Path

try:
    from samtranslator.policy_template_processor.processor import PolicyTemplatesProcessor
except ImportError as e:  # the translator is optional on a developer machine
    print(f"SKIP: samtranslator is not importable ({e}); install aws-sam-translator to run this check")
    sys.exit(77)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "iam" / "data" / "sam_policy_templates.json"


def expand_ours(definition, values):
    """Our reading of a template: every {"Ref": P} naming a template parameter becomes P's value."""
    if isinstance(definition, dict):
        if set(definition) == {"Ref"} and definition["Ref"] in values:
            return values[definition["Ref"]]
        return {k: expand_ours(v, values) for k, v in definition.items()}
    if isinstance(definition, list):
        return [expand_ours(v, values) for v in definition]
    return definition


def sample_values(params, style):
    if style == "string":
        return {p: f"value-of-{p.lower()}" for p in params}
    if style == "getatt":
        return {p: {"Fn::GetAtt": [f"Res{p}", "Name"]} for p in params}
    return {p: {"Ref": f"Param{p}"} for p in params}


def main():
    ours = json.loads(DATA.read_text())
    for key in ("source", "retrieved", "templates"):
        if key not in ours:
            print(f"FAIL: {DATA.name} has no '{key}'")
            return 1
    processor = PolicyTemplatesProcessor(PolicyTemplatesProcessor.get_default_policy_templates_json())
    failures = 0
    checked = 0
    for name, tmpl in sorted(ours["templates"].items()):
        if not processor.has(name):
            print(f"FAIL: {name}: not a template of aws-sam-translator")
            failures += 1
            continue
        theirs = processor.get(name)
        if sorted(theirs.parameters) != sorted(tmpl["Parameters"]):
            print(f"FAIL: {name}: parameters {sorted(tmpl['Parameters'])} != {sorted(theirs.parameters)}")
            failures += 1
            continue
        for style in ("string", "getatt", "ref"):
            values = sample_values(tmpl["Parameters"], style)
            want = processor.convert(name, values)
            got = expand_ours(tmpl["Definition"], values)
            if json.dumps(got, sort_keys=True) != json.dumps(want, sort_keys=True):
                print(f"FAIL: {name} ({style} parameters):\n  ours:       {json.dumps(got, sort_keys=True)}"
                      f"\n  translator: {json.dumps(want, sort_keys=True)}")
                failures += 1
                break
        checked += 1
    print(f"{checked - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
