#!/usr/bin/env bash
# Benchmarks: generates corpora, scans them with one job and with every core under
# /usr/bin/time -v, and prints templates/s and peak RSS; then YAML and JSON parse MB/s.
#   bench/run.sh [KUMOLENS] [WORKDIR]      (default: build/release/kumolens, a temp dir)
# `make bench` runs it. Results and commands are recorded in docs/benchmarks.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kumolens="$(realpath "${1:-build/release/kumolens}")"
work="${2:-$(mktemp -d)}"
if [ ! -x /usr/bin/time ]; then
  echo "bench: /usr/bin/time is missing (peak memory comes from 'time -v'): apt-get install time" >&2
  exit 2
fi
[ -x "$kumolens" ] || { echo "bench: no kumolens at $kumolens (make build)" >&2; exit 2; }
mkdir -p "$work"
echo "corpora in $work; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

gen() { [ -d "$work/$1" ] || python3 "$here/gen_corpus.py" "$work/$1" "${@:2}"; }
gen fixed300 --count 2000 --lines 300
gen mixed10k --count 10000

run() {  # corpus jobs
  local log="$work/time.log" count
  count=$(find "$work/$1" -type f \( -name '*.yaml' -o -name '*.json' \) | wc -l)
  /usr/bin/time -v "$kumolens" scan "$work/$1" --jobs "$2" --fail-on none --format json \
    --output "$work/report.json" 2>"$log" || true
  awk -v n="$count" -v c="$1" -v j="$2" -F': ' '
    /Elapsed \(wall clock\)/ { split($2, t, ":"); wall = (length(t) == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
    /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident/ { rss = $2 }
    END { printf "%-9s jobs=%-2s %6d templates  wall %6.2f s  %7.0f templates/s  cpu %6.2f s  %7.0f templates/cpu-s  peak RSS %6.1f MB\n",
          c, j, n, wall, n / wall, user + sys, n / (user + sys), rss / 1024 }' "$log"
}
run fixed300 1
run fixed300 "$(nproc)"
run mixed10k 1
run mixed10k "$(nproc)"

# Parse throughput: a 10 MB CloudFormation JSON and a large SAM YAML, into Values.
[ -f "$work/big.json" ] || python3 "$here/gen_corpus.py" --big-json "$work/big.json" --bytes 10000000
[ -d "$work/bigyaml" ] || python3 "$here/gen_corpus.py" "$work/bigyaml" --count 1 --lines 20000 >/dev/null
bench_bin="$(dirname "$kumolens")/kumolens_parse_bench"
if [ -x "$bench_bin" ]; then
  "$bench_bin" "$work/big.json" "$work/bigyaml/svc000/template0.yaml"
else
  echo "(build the parse benchmark for MB/s: cmake --build $(dirname "$kumolens") --target kumolens_parse_bench)"
fi
