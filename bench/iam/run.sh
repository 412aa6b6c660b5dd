#!/usr/bin/env bash
# IAM question latency: every fixture policy (tests/policies) and 10,000 generated ones,
# each asked is_public, is_cross_account and allows; prints median, p99 and max.
#   bench/iam/run.sh [BUILD_DIR] [WORKDIR]     (default: build/release, a temp dir)
# `make bench-iam` runs it. Figures and commands are recorded in docs/benchmarks.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-build/release}"
work="${2:-$(mktemp -d)}"
bench="$build/kumolens_iam_bench"
[ -x "$bench" ] || { echo "bench-iam: no $bench (cmake --build $build --target kumolens_iam_bench)" >&2; exit 2; }
echo "$(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
[ -d "$work/generated" ] || python3 "$here/gen_policies.py" "$work/generated" --count 10000 --seed 1
echo "== fixtures (tests/policies)"
"$bench" "$root/tests/policies"
echo "== generated (10,000 policies, seed 1)"
"$bench" "$work/generated"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
