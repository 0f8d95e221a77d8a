#!/usr/bin/env bash
# Benchmarks in the local sandbox: the full apply of a stack from nothing, the no-op plan after it,
# and the API calls each makes. Prints medians over RUNS runs (default 5) as a Markdown table.
#
#   bench/run.sh [ENV...]            default: common dev
#   RUNS=7 bench/run.sh dev
#   DEPLOYER_SANDBOX_RACE_WINDOW=0s bench/run.sh   (the sandbox's IAM race window; default 10s)
#
# Each run destroys the stacks first (in reverse order), so every apply starts from nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-5}"
ENVS=("$@")
[ ${#ENVS[@]} -gt 0 ] || ENVS=(common dev)
OUT="$(mktemp -d)"

./deployer sandbox down --purge >/dev/null 2>&1 || true
./deployer sandbox up >/dev/null

now_ms() { date +%s%3N; }

destroy_all() {
  for ((i=${#ENVS[@]}-1; i>=0; i--)); do
    ./deployer destroy --env "${ENVS[$i]}" --sandbox --auto-approve --no-color >/dev/null 2>&1 || true
  done
}

for run in $(seq 1 "$RUNS"); do
  destroy_all
  for env in "${ENVS[@]}"; do
    t0=$(now_ms)
    ./deployer apply --env "$env" --sandbox --auto-approve --no-color -v >"$OUT/apply.out" 2>"$OUT/apply.err"
    t1=$(now_ms)
    calls=$(grep -o 'API calls: [0-9]*' "$OUT/apply.err" | grep -o '[0-9]*$' || echo 0)
    waited=$(grep -o 'waited [0-9.]*m*s for IAM propagation' "$OUT/apply.out" | head -1 | grep -o '[0-9.]*m*s' || echo "-")
    echo "$env apply $((t1 - t0)) $calls $waited" >>"$OUT/results"
    t0=$(now_ms)
    ./deployer plan --env "$env" --sandbox --detailed-exitcode --no-color -v >"$OUT/plan.out" 2>"$OUT/plan.err"
    t1=$(now_ms)
    calls=$(grep -o 'API calls: [0-9]*' "$OUT/plan.err" | grep -o '[0-9]*$' || echo 0)
    echo "$env plan $((t1 - t0)) $calls -" >>"$OUT/results"
  done
done
destroy_all

python3 - "$OUT/results" "$RUNS" <<'PY'
import statistics, sys, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    env, what, ms, calls, waited = line.split()
    rows[(env, what)].append((int(ms), int(calls), waited))
print(f"| stack | operation | median wall time | min | max | API calls (median) | IAM wait (first run) | runs |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for (env, what), v in rows.items():
    ms = [x[0] for x in v]
    calls = [x[1] for x in v]
    label = "full apply from nothing" if what == "apply" else "no-op plan"
    print(f"| {env} | {label} | {statistics.median(ms)/1000:.2f} s | {min(ms)/1000:.2f} s | {max(ms)/1000:.2f} s "
          f"| {int(statistics.median(calls))} | {v[0][2]} | {len(v)} |")
PY
rm -rf "$OUT"
