#!/usr/bin/env python3
"""Recall and decoy hits of a kumolens JSON report over the secrets corpus.

  check.py OUT_DIR REPORT.json
Prints recall (planted secrets with a KL-SECRET finding on their lines) and the findings
under tree/decoys/ (must be none); lists what was missed. Exit 1 unless recall is 100 %
and there are no decoy hits.
"""
import json
import os
import sys
from collections import defaultdict

out_dir, report = sys.argv[1], sys.argv[2]
tree = os.path.join(out_dir, "tree")
hits = defaultdict(set)
decoys = []
for f in json.load(open(report))["findings"]:
    if not f["rule"].startswith("KL-SECRET-"):
        continue
    rel = os.path.relpath(f["file"], tree)
    hits[rel].add(f["line"])
    if rel.startswith("decoys/"):
        decoys.append(f"{rel}:{f['line']} {f['rule']}")
planted = missed = 0
missed_kinds = []
planted_lines = set()
for row in open(os.path.join(out_dir, "planted.tsv")):
    rel, line, n, kind = row.rstrip("\n").split("\t")
    line, n = int(line), int(n)
    planted += 1
    if not any(l in hits[rel] for l in range(line, line + n)):
        missed += 1
        missed_kinds.append(f"{rel}:{line} {kind}")
    for l in range(line, line + n):
        planted_lines.add((rel, l))
# Findings on no planted line outside the decoys: false positives in the generated source.
stray = [f"{rel}:{l}" for rel, ls in hits.items() if not rel.startswith("decoys/")
         for l in sorted(ls) if (rel, l) not in planted_lines]
recall = 100.0 * (planted - missed) / max(planted, 1)
print(f"recall {recall:.2f} % ({planted - missed}/{planted} planted secrets found); decoy hits {len(decoys)}; "
      f"other unplanted hits {len(stray)}")
for s_ in stray[:20]:
    print("  unplanted hit:", s_)
for m in missed_kinds[:40]:
    print("  missed:", m)
for d in decoys[:40]:
    print("  decoy hit:", d)
sys.exit(0 if missed == 0 and not decoys else 1)
