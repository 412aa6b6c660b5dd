#!/usr/bin/env python3
"""Writes the secrets benchmark corpus (stdlib + python3-yaml only).

  gen_corpus.py OUT_DIR [--mb 300] [--seed 1] [--detectors src/secrets/detectors]

OUT_DIR/tree/      mixed source text (py, js, ts, java, go, md, json, yaml, env) and, for about
                   a tenth of the bytes, .zip packages of the same; secrets are planted in
                   both: every positive example of every detector once, plus randomised
                   AWS key ids, GitHub tokens and Slack tokens.
OUT_DIR/tree/decoys/  secret-looking text that is not a secret: UUIDs, git SHAs, lockfile
                   integrity hashes, base64 images, minified JS. Nothing there may be reported.
OUT_DIR/planted.tsv   path (as kumolens names it), first line, line count, kind.
"""
import argparse
import base64
import glob
import hashlib
import io
import os
import random
import string
import uuid
import zipfile

import yaml

WORDS = ("user order item request response handler config value result data table bucket "
         "queue event message payload record stream client session token_count retry limit "
         "offset page cursor index status error reason total amount price currency region "
         "account tenant customer invoice product cart checkout shipping address").split()


def ident(r):
    return "_".join(r.choice(WORDS) for _ in range(r.randint(1, 3)))


def py_line(r):
    k = r.random()
    if k < 0.3:
        return f"    {ident(r)} = {ident(r)}.get('{ident(r)}', {r.randint(0, 999)})"
    if k < 0.5:
        return f"    if {ident(r)} and len({ident(r)}) > {r.randint(1, 99)}:"
    if k < 0.7:
        return f"        logger.info('processed %s {r.choice(WORDS)}s', {ident(r)})"
    if k < 0.85:
        return f"def {ident(r)}({ident(r)}, {ident(r)}=None):"
    return f"    # {' '.join(r.choice(WORDS) for _ in range(r.randint(3, 12)))}"


def js_line(r):
    k = r.random()
    if k < 0.3:
        return f"  const {ident(r)} = await {ident(r)}.{ident(r)}({ident(r)});"
    if k < 0.5:
        return f"  if (!{ident(r)}) {{ throw new Error('{' '.join(r.choice(WORDS) for _ in range(4))}'); }}"
    if k < 0.7:
        return f"export function {ident(r)}({ident(r)}, {ident(r)}) {{"
    return f"  // {' '.join(r.choice(WORDS) for _ in range(r.randint(3, 12)))}"


def json_line(r):
    return f'  "{ident(r)}": "{" ".join(r.choice(WORDS) for _ in range(r.randint(1, 5)))}",'


def md_line(r):
    return " ".join(r.choice(WORDS) for _ in range(r.randint(5, 20))) + "."


KINDS = [(".py", py_line), (".js", js_line), (".ts", js_line), (".java", js_line), (".go", js_line),
         (".md", md_line), (".json", json_line), (".yaml", lambda r: f"{ident(r)}: {ident(r)}"),
         (".env", lambda r: f"{ident(r).upper()}={r.choice(WORDS)}")]


def random_b32(r, n):
    return "".join(r.choice(string.ascii_uppercase + "234567") for _ in range(n))


def random_alnum(r, n):
    return "".join(r.choice(string.ascii_letters + string.digits) for _ in range(n))


def planted_set(r, detectors_dir):
    """(kind, lines) to plant: every detector example, plus randomised common ones."""
    out = []
    for f in sorted(glob.glob(os.path.join(detectors_dir, "*.yaml"))):
        for d in yaml.safe_load(open(f))["detectors"]:
            for ex in d.get("examples", {}).get("positive", []):
                out.append((d["id"], ex.split("\n")))
    for _ in range(200):
        out.append(("random-aws-key-id", [f"aws_access_key_id = AKIA{random_b32(r, 16)}"]))
        out.append(("random-github-pat", [f"GITHUB_TOKEN: ghp_{random_alnum(r, 36)}"]))
        out.append(("random-slack-bot", [f"slack = 'xoxb-{r.randint(10**9, 10**10)}-{r.randint(10**12, 10**13)}-{random_alnum(r, 24)}'"]))
    return out


def decoy_lines(r):
    k = r.random()
    if k < 0.2:
        return [f'  "{ident(r)}_id": "{uuid.UUID(int=r.getrandbits(128))}",']
    if k < 0.4:
        return [f"commit {hashlib.sha1(str(r.random()).encode()).hexdigest()}  Merge branch '{ident(r)}'"]
    if k < 0.6:
        h = base64.b64encode(hashlib.sha512(str(r.random()).encode()).digest()).decode()
        return [f'      "integrity": "sha512-{h}",',
                f'      "resolved": "https://registry.npmjs.org/{ident(r)}/-/{ident(r)}-1.{r.randint(0, 9)}.0.tgz",']
    if k < 0.8:
        img = base64.b64encode(bytes(r.getrandbits(8) for _ in range(r.randint(200, 3000)))).decode()
        return [f'<img alt="{ident(r)}" src="data:image/png;base64,{img}">']
    names = [random_alnum(r, r.randint(1, 3)) for _ in range(400)]
    return ["!function(" + ",".join(names[:5]) + "){" + ";".join(
        f"var {a}={b}.{c}({d},{r.randint(0, 9999)})" for a, b, c, d in zip(names, names[1:], names[2:], names[3:])) + "}();"]


def make_text(r, size, line_fn):
    lines, n = [], 0
    while n < size:
        s = line_fn(r)
        lines.append(s)
        n += len(s) + 1
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mb", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--detectors", default=os.path.join(os.path.dirname(__file__), "../../src/secrets/detectors"))
    a = ap.parse_args()
    r = random.Random(a.seed)
    tree = os.path.join(a.out, "tree")
    os.makedirs(os.path.join(tree, "decoys"), exist_ok=True)
    plants = planted_set(r, a.detectors)
    r.shuffle(plants)
    total = a.mb * 1_000_000
    decoy_bytes = total // 10
    zip_bytes = total // 10
    rows = []
    written, i = 0, 0

    def one_file(plant_here):
        """A file's text with `plant_here` inserted; returns (ext, text, [(kind, first line, n)])."""
        ext, fn = r.choice(KINDS)
        body = make_text(r, r.randint(2_000, 200_000), fn)
        at = sorted(r.randint(0, len(body)) for _ in plant_here)
        out, placed, j = [], [], 0
        for k, (kind, plines) in enumerate(plant_here):
            out.extend(body[j:at[k]])
            j = at[k]
            placed.append((kind, len(out) + 1, len(plines)))
            out.extend(plines)
        out.extend(body[j:])
        return ext, "\n".join(out) + "\n", placed

    # Plain files.
    while written < total - decoy_bytes - zip_bytes:
        plant_here = [plants.pop()] if plants and r.random() < 0.2 else []
        ext, text, placed = one_file(plant_here)
        rel = f"src/mod{i // 200:03d}/file{i:05d}{ext}"
        path = os.path.join(tree, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        rows.extend((rel, line, kind, n) for kind, line, n in placed)
        written += len(text)
        i += 1
    # Packages: zips of the same kind of files.
    z = 0
    while written < total - decoy_bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for k in range(r.randint(5, 30)):
                plant_here = [plants.pop()] if plants and r.random() < 0.3 else []
                ext, text, placed = one_file(plant_here)
                name = f"app/part{k:02d}{ext}"
                zf.writestr(name, text)
                rows.extend((f"pkg/function{z:04d}.zip!/{name}", line, kind, n) for kind, line, n in placed)
                written += len(text)
        path = os.path.join(tree, f"pkg/function{z:04d}.zip")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(buf.getvalue())
        z += 1
    # Whatever was not planted yet goes into one more file.
    if plants:
        ext, text, placed = one_file(plants)
        rel = f"src/rest{ext}"
        with open(os.path.join(tree, rel), "w") as f:
            f.write(text)
        rows.extend((rel, line, kind, n) for kind, line, n in placed)
    # Decoys.
    d = 0
    while written < total:
        lines = []
        for _ in range(r.randint(50, 3000)):
            lines.extend(decoy_lines(r))
        text = "\n".join(lines) + "\n"
        ext = r.choice([".json", ".js", ".html", ".lock", ".txt"])
        with open(os.path.join(tree, f"decoys/decoy{d:04d}{ext}"), "w") as f:
            f.write(text)
        written += len(text)
        d += 1
    with open(os.path.join(a.out, "planted.tsv"), "w") as out:
        for rel, line, kind, n in rows:
            out.write(f"{rel}\t{line}\t{n}\t{kind}\n")
    print(f"{written / 1e6:.0f} MB, {i} files, {z} zips, {d} decoy files, {len(rows)} planted secrets")


if __name__ == "__main__":
    main()
