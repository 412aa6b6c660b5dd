#!/usr/bin/env python3
"""Malformed input through the real `kumolens` binary: exit codes, stderr lines, reports,
time limits, and that no input is ever written to.

Usage: cli_test.py KUMOLENS CASE   (CTest registers one test per case; exit 77 = skipped)
Large inputs are generated into a temporary directory, never committed.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def fingerprint(root):
    """Content hash, mode and mtime of everything under root (symlinks not followed)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            key = (st.st_mode, st.st_size, st.st_mtime_ns)
            if os.path.isfile(p) and not os.path.islink(p) and os.access(p, os.R_OK):
                with open(p, "rb") as f:
                    key += (hashlib.sha256(f.read()).hexdigest(),)
            out[p] = key
    return out


class Runner:
    def __init__(self, binary, workdir):
        self.binary = binary
        self.workdir = workdir

    def run(self, args, timeout=60):
        start = time.monotonic()
        try:
            p = subprocess.run([self.binary, "scan", "--no-color"] + args, cwd=self.workdir,
                               capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise Failure(f"kumolens scan {' '.join(args)} did not finish in {timeout}s")
        elapsed = time.monotonic() - start
        # Any signal (a crash, a sanitizer abort) is a failure whatever the case expects.
        check(p.returncode >= 0, f"killed by signal {-p.returncode}\n{p.stderr.decode()}")
        check(b"AddressSanitizer" not in p.stderr and b"runtime error:" not in p.stderr,
              "sanitizer report:\n" + p.stderr.decode(errors="replace"))
        return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"), elapsed


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def copy_input(name, dest):
    src = os.path.join(HERE, name)
    if os.path.isdir(src):
        shutil.copytree(src, dest)
    else:
        shutil.copy(src, dest)


def stderr_lines(err):
    return [l for l in err.splitlines() if l.strip()]


# ---- cases ----------------------------------------------------------------------------------

def case_syntax_errors(r, d):
    copy_input("bad_indent.yaml", os.path.join(d, "bad.yaml"))
    copy_input("bad_comma.json", os.path.join(d, "bad.json"))
    code, out, err, _ = r.run(["bad.yaml", "bad.json"])
    check(code == 2, f"exit {code}, want 2")
    want = [
        "bad.yaml:4:5: error: malformed YAML: while parsing a block collection: "
        "did not find expected '-' indicator",
        "bad.json:3:42: error: malformed JSON: The JSON document has an improper structure: "
        "missing or superfluous commas, braces, missing keys, etc.",
    ]
    check(stderr_lines(err) == want, f"stderr:\n{err}")


def case_exit2_with_findings(r, d):
    copy_input("mixed", os.path.join(d, "app"))
    code, out, err, _ = r.run(["app", "--format", "json"])
    check(code == 2, f"exit {code}, want 2 (one input could not be read)")
    check("app/broken.yaml:5:16: error: malformed YAML:" in err, f"stderr:\n{err}")
    report = json.loads(out)
    found = [(f["rule"], f["file"], f["line"]) for f in report["findings"] if f["rule"] == "KL-LAM-001"]
    check(found == [("KL-LAM-001", "app/public_url.yaml", 14)], f"findings: {found}")


def case_alias_bomb(r, d):
    copy_input("alias_bomb.yaml", os.path.join(d, "bomb.yaml"))
    code, out, err, elapsed = r.run(["bomb.yaml"], timeout=60)
    check(code == 2, f"exit {code}")
    check(stderr_lines(err) == ["bomb.yaml:8:20: error: YAML aliases expand to more than "
                                "500000 nodes (alias bomb?); file skipped"], f"stderr:\n{err}")
    check(elapsed < 30, f"took {elapsed:.1f}s")


def case_alias_string_bomb(r, d):
    # 3,000 aliases of a 1 MB string: 3 GB if copied, a few MB with the byte budget.
    big = "x" * (1 << 20)
    write(os.path.join(d, "strings.yaml"), "AWSTemplateFormatVersion: '2010-09-09'\ns: &s " + big +
          "\nl: [" + ", ".join(["*s"] * 3000) + "]\nResources: {}\n")
    code, out, err, elapsed = r.run(["strings.yaml"], timeout=60)
    check(code == 2, f"exit {code}")
    lines = stderr_lines(err)
    check(len(lines) == 1 and "bytes (alias bomb?); file skipped" in lines[0], f"stderr:\n{err}")


def nesting_inputs(depth):
    flow = "Resources: " + "[" * depth + "]" * depth + "\n"
    block = "Resources:\n" + "".join("  " * i + "k:\n" for i in range(1, depth + 1)) + \
        "  " * (depth + 1) + "x: 1\n"
    json_map = '{"Resources": ' + '{"a": ' * depth + "1" + "}" * depth + "}"
    return {"flow.yaml": flow, "block.yaml": block, "map.json": json_map}


def case_deep_nesting(r, d):
    for name, text in nesting_inputs(600).items():
        write(os.path.join(d, name), text)
    code, out, err, _ = r.run(["flow.yaml", "block.yaml", "map.json"])
    check(code == 2, f"exit {code}")
    want = ["flow.yaml:1:523: error: nesting deeper than 512 levels; file skipped",
            "block.yaml:513:1025: error: nesting deeper than 512 levels; file skipped",
            "map.json:1:3076: error: nesting deeper than 512 levels; file skipped"]
    check(sorted(stderr_lines(err)) == sorted(want), f"stderr:\n{err}")


def case_forty_thousand_brackets(r, d):
    write(os.path.join(d, "deep.yaml"), "Resources: " + "[" * 40000 + "\n")
    write(os.path.join(d, "deep.json"), '{"Resources": ' + "[" * 40000 + "\n")
    code, out, err, elapsed = r.run(["deep.yaml", "deep.json"], timeout=120)
    check(code == 2, f"exit {code}")
    check(len(stderr_lines(err)) == 2 and err.count("nesting deeper than 512") == 2,
          f"stderr:\n{err}")
    check(elapsed < 60, f"took {elapsed:.1f}s: quadratic?")


def big_json(size):
    parts = ['{"AWSTemplateFormatVersion":"2010-09-09","Resources":{']
    n = len(parts[0])
    i = 0
    while n + 400 < size:
        s = (f'"Queue{i}":{{"Type":"AWS::SQS::Queue","Properties":{{"QueueName":'
             f'{{"Fn::Sub":"${{AWS::StackName}}-q{i}"}},"VisibilityTimeout":60}}}},')
        parts.append(s)
        n += len(s)
        i += 1
    parts.append('"Url":{"Type":"AWS::Lambda::Url","Properties":{"TargetFunctionArn":'
                 '"arn:aws:lambda:us-east-1:123456789012:function:f","AuthType":"NONE"}}}}')
    return "".join(parts)


def case_ten_megabyte_json(r, d):
    limit = 10 * 1024 * 1024
    text = big_json(limit - 200)
    check(limit - 1000 < len(text) <= limit, f"generated {len(text)} bytes")
    write(os.path.join(d, "big.json"), text)
    code, out, err, elapsed = r.run(["big.json", "--format", "json"], timeout=300)
    check(code == 1, f"exit {code}, want 1 (a finding)\n{err}")
    report = json.loads(out)
    check([f["rule"] for f in report["findings"]] == ["KL-LAM-001"], f"findings: {out[:500]}")
    check(report["findings"][0]["line"] == 1, "a single-line file reports line 1")
    check(report["findings"][0]["column"] == text.rfind('"NONE"') + 1, "column = offset + 1")
    # Over the limit: skipped with a warning, not an error.
    code, out, err, _ = r.run(["big.json", "--max-file-size", str(len(text) - 1)])
    check(code == 0, f"exit {code}, want 0")
    check(stderr_lines(err) == [f"big.json: warning: file is {len(text)} bytes, over the limit "
                                f"of {len(text) - 1} (--max-file-size); skipped"], f"stderr:\n{err}")


def case_binary(r, d):
    write(os.path.join(d, "app.yaml"), b"AWSTemplateFormatVersion\0\x01\x02Resources")
    code, out, err, _ = r.run(["app.yaml"])
    check(code == 0, f"exit {code}")
    check(stderr_lines(err) == ["app.yaml: note: binary file; skipped"], f"stderr:\n{err}")


def case_invalid_utf8(r, d):
    write(os.path.join(d, "u.yaml"), b'Resources:\n  A:\n    Type: "AWS::S3::Bucket\xff\xfe"\n')
    write(os.path.join(d, "u.json"), b'{"Resources": {"A": {"Type": "AWS::S3::\xc3\x28"}}}')
    code, out, err, _ = r.run(["u.yaml", "u.json"])
    check(code == 2, f"exit {code}")
    check(stderr_lines(err) == ["u.yaml:3:27: error: malformed YAML: invalid leading UTF-8 octet",
                                "u.json:1:40: error: malformed JSON: The input is not valid UTF-8"],
          f"stderr:\n{err}")


def case_unreadable(r, d):
    path = os.path.join(d, "app", "template.yaml")
    copy_input("mixed", os.path.join(d, "app"))
    os.remove(os.path.join(d, "app", "broken.yaml"))
    write(path, "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n")
    os.chmod(path, 0)
    if os.access(path, os.R_OK):
        os.chmod(path, 0o644)
        print("skipped: running as root, where a chmod 000 file is still readable")
        return SKIP
    try:
        code, out, err, _ = r.run(["app", "--format", "json"])
    finally:
        os.chmod(path, 0o644)
    check(code == 2, f"exit {code}")
    check(stderr_lines(err) == ["app/template.yaml: error: cannot read: Permission denied"],
          f"stderr:\n{err}")
    urls = [f for f in json.loads(out)["findings"] if f["rule"] == "KL-LAM-001"]
    check(len(urls) == 1, "the readable template is still scanned")


def case_symlink_loop(r, d):
    os.makedirs(os.path.join(d, "app", "sub"))
    os.symlink("..", os.path.join(d, "app", "sub", "up"))
    os.symlink("loop.yaml", os.path.join(d, "app", "loop.yaml"))
    copy_input("mixed/public_url.yaml", os.path.join(d, "app", "sub", "t.yaml"))
    code, out, err, _ = r.run(["app"], timeout=60)
    check(code == 1, f"exit {code}, want 1 (the finding; warnings are not errors)")
    check(stderr_lines(err) == ["app/loop.yaml: warning: broken or looping symlink; skipped",
                                "app/sub/up: warning: directory already visited (symlink loop?); "
                                "skipped"], f"stderr:\n{err}")
    check("KL-LAM-001" in out, out)


def case_directory_as_file(r, d):
    os.makedirs(os.path.join(d, "template.yaml"))
    code, out, err, _ = r.run(["template.yaml"])
    check(code == 0, f"exit {code}")
    check(stderr_lines(err) == [], f"stderr:\n{err}")
    code, out, err, _ = r.run(["template.yaml", "--parameters", "template.yaml"])
    check(code == 2, f"exit {code}, want 2")
    check(stderr_lines(err) == ["template.yaml: error: cannot read: Is a directory"],
          f"stderr:\n{err}")


def case_empty_and_comments(r, d):
    copy_input("empty.yaml", os.path.join(d, "empty.yaml"))
    copy_input("comments_only.yaml", os.path.join(d, "comments.yaml"))
    write(os.path.join(d, "empty.json"), "")
    code, out, err, _ = r.run(["empty.yaml", "comments.yaml", "empty.json"])
    check(code == 0, f"exit {code}")
    note = ": note: not a CloudFormation, SAM or Serverless template; skipped"
    check(stderr_lines(err) == ["empty.yaml:1:1" + note, "comments.yaml:1:1" + note,
                                "empty.json:1:1" + note], f"stderr:\n{err}")


def case_wrong_types(r, d):
    copy_input("wrong_types.yaml", os.path.join(d, "types.yaml"))
    copy_input("wrong_intrinsics.yaml", os.path.join(d, "fns.yaml"))
    code, out, err, elapsed = r.run(["types.yaml", "fns.yaml", "--format", "sarif"], timeout=60)
    check(code == 2, f"exit {code}")
    check("types.yaml:12:17: error: 'Properties' of 'ListProps' must be a map, not a list" in err,
          err)
    check("fns.yaml:25:10: warning: Ref needs a name" in err, err)
    check(json.loads(out)["version"] == "2.1.0", "a SARIF report is still written")


def case_truncated_every_prefix(r, d):
    # The unit test covers every prefix in-process; here a sample goes through the binary.
    for name in ("realistic_sam.yaml", "realistic_cfn.json"):
        with open(os.path.join(HERE, name), "rb") as f:
            text = f.read()
        cuts = sorted(set(range(0, len(text), max(1, len(text) // 25))) | {len(text) - 1})
        for cut in cuts:
            p = os.path.join(d, f"cut{cut}" + os.path.splitext(name)[1])
            write(p, text[:cut])
        code, out, err, _ = r.run(["."], timeout=120)
        check(code in (0, 1, 2), f"exit {code}")
        for line in stderr_lines(err):
            check(line.startswith("./cut") or line.startswith("cut"), f"odd line: {line}")
        shutil.rmtree(d)
        os.makedirs(d)


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in CASES:
        print(f"usage: {sys.argv[0]} KUMOLENS CASE\ncases: {' '.join(CASES)}", file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="kl-cli-") as d:
        work = os.path.join(d, "work")
        os.makedirs(work)
        committed_before = fingerprint(HERE)
        try:
            result = CASES[sys.argv[2]](Runner(binary, work), work)
            if result == SKIP:
                return SKIP
            # Nothing the user gave is modified: the case's inputs, rescanned and rehashed.
            before = fingerprint(work)
            Runner(binary, work).run(["."], timeout=300)
            check(fingerprint(work) == before, "scanning modified its inputs")
            check(fingerprint(HERE) == committed_before, "committed inputs changed")
        except Failure as e:
            print(f"FAIL {sys.argv[2]}: {e}", file=sys.stderr)
            return 1
    print(f"ok {sys.argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
