#!/usr/bin/env bash
# The secrets benchmark: builds a ~300 MB corpus (bench/secrets/gen_corpus.py: mixed source,
# .zip packages, planted secrets, a decoy set), then in one run times, with hyperfine,
#   kumolens scan --secrets-only (all detectors, one job)  vs  rg -j1 with 3 simple patterns,
# and checks kumolens's recall (must be 100 %) and decoy hits (must be 0).
#   bench/secrets/run.sh [KUMOLENS] [WORKDIR] [MB]
# `make bench-secrets` runs it; results and commands are recorded in docs/benchmarks.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kumolens="$(realpath "${1:-build/release/kumolens}")"
work="${2:-/tmp/kumolens-secrets-bench}"
mb="${3:-300}"
[ -x "$kumolens" ] || { echo "bench-secrets: no kumolens at $kumolens (make build)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "bench-secrets: hyperfine missing (scripts/install-deps)" >&2; exit 2; }
command -v rg >/dev/null || { echo "bench-secrets: rg (ripgrep) missing (scripts/install-deps)" >&2; exit 2; }
[ -f "$work/planted.tsv" ] || python3 "$here/gen_corpus.py" "$work" --mb "$mb"
tree="$work/tree"
bytes=$(du -sb "$tree" | cut -f1)
echo "corpus: $tree, $((bytes / 1000000)) MB on disk; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
# The detector database is compiled once into a cache of its own, outside the timing.
cache="$work/cache"
"$kumolens" scan "$tree" --secrets-only --cache-dir "$cache" --jobs 1 --fail-on none -f json \
  -o "$work/report.json" 2>/dev/null
python3 "$here/check.py" "$work" "$work/report.json" || status=$?
# rg's 3 patterns: AWS key ids, GitHub tokens, private key headers. It does not look inside
# zips; kumolens does (and inflates them), which it pays for in this timing.
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-json "$work/hyperfine.json" \
  -n kumolens "$kumolens scan $tree --secrets-only --cache-dir $cache --jobs 1 --fail-on none -f json -o /dev/null" \
  -n rg "rg -j1 --no-messages -c -e 'AKIA[A-Z2-7]{16}' -e 'ghp_[A-Za-z0-9]{36}' -e '-----BEGIN [A-Z ]*PRIVATE KEY' $tree || true"
python3 - "$work/hyperfine.json" "$bytes" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
mb = int(sys.argv[2]) / 1e6
k, r = res["kumolens"], res["rg"]
for name, x in (("kumolens", k), ("rg", r)):
    cpu = x["user"] + x["system"]
    print(f"{name:9s} {x['mean']:.3f} s wall ± {x['stddev']:.3f}, {cpu:.3f} s cpu, {mb / x['mean']:.0f} MB/s, {mb / cpu:.0f} MB/s per core")
print(f"kumolens / rg: {k['mean'] / r['mean']:.2f}x")
PY
# The same detectors in rg (one regex per detector, -U for the multi-line ones) on one
# ~20 MB folder: what one-regex-engine-for-all costs, against kumolens on the same folder.
sub="$tree/src/mod000"
python3 - "$here/../../src/secrets/detectors" "$work/patterns.txt" <<'PY'
import glob, os, sys, yaml
with open(sys.argv[2], "w") as out:
    for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.yaml"))):
        for d in yaml.safe_load(open(f))["detectors"]:
            out.write(d["pattern"] + "\n")
PY
hyperfine --runs 1 --export-json "$work/hyperfine-all.json" \
  -n "kumolens (subset)" "$kumolens scan $sub --secrets-only --cache-dir $cache --jobs 1 --fail-on none -f json -o /dev/null" \
  -n "rg all detectors (subset)" "rg -j1 -U --no-messages -c --regex-size-limit 2G --dfa-size-limit 2G -f $work/patterns.txt $sub || true"
exit "${status:-0}"
