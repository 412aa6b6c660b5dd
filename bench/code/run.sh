#!/usr/bin/env bash
# Code-analysis benchmark: kumolens (taint analysis, one job) against Debian's `bandit -r`
# on the Python part of one generated tree of 2,000 handler files, in one hyperfine run;
# kumolens on the whole tree (Python, JavaScript, TypeScript) as a third command.
#   bench/code/run.sh [KUMOLENS] [WORKDIR]     (RUNS=3 by default)
# `make bench-code` runs it. Figures and the command are in docs/benchmarks.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kumolens="$(realpath "${1:-build/release/kumolens}")"
work="${2:-$(mktemp -d)}"
runs="${RUNS:-3}"
for tool in hyperfine bandit; do
  command -v "$tool" >/dev/null || { echo "bench-code: $tool is missing (scripts/install-deps)" >&2; exit 2; }
done
[ -x "$kumolens" ] || { echo "bench-code: no kumolens at $kumolens (make build)" >&2; exit 2; }
tree="$work/handlers"
[ -d "$tree" ] || python3 "$here/gen_handlers.py" "$tree" --count 2000
echo "tree $tree: $(find "$tree" -type f | wc -l) files, python part $(find "$tree/python" -type f | wc -l) files" \
     "($(cat "$tree"/python/* | wc -l) lines); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "kumolens findings on the python part: $("$kumolens" scan "$tree/python" --jobs 1 --fail-on none -f json | \
  python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')"

hyperfine --runs "$runs" --ignore-failure --export-json "$work/code-bench.json" \
  -n "kumolens python" "$kumolens scan $tree/python --jobs 1 --fail-on none -q -o /dev/null" \
  -n "bandit python" "bandit -r $tree/python -q -f json -o /dev/null" \
  -n "kumolens all" "$kumolens scan $tree --jobs 1 --fail-on none -q -o /dev/null"

python3 - "$work/code-bench.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
k, b = r["kumolens python"], r["bandit python"]
for name, x in r.items():
    print(f"{name:16} wall {x['mean']:7.2f} s (+- {x['stddev'] or 0:.2f})  cpu {x['user'] + x['system']:7.2f} s")
print(f"bandit / kumolens on the python part: wall {b['mean'] / k['mean']:.1f}x, "
      f"cpu {(b['user'] + b['system']) / (k['user'] + k['system']):.1f}x")
PY
