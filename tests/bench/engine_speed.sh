#!/usr/bin/env bash
# Requests simulated per wall second on the M/M/1 example, through `scalelab run`, beside the
# bare M/M/1 loop (the practical limit on this machine) and the same model in SimPy, measured in
# the same run so the ratios hold whatever the machine.
#   tests/bench/engine_speed.sh [BUILD_DIR] [SHARED_BENCH_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
bench=${2:-$here/../shared/bench}
requests=${REQUESTS:-20000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

g++ -O2 -std=c++20 "$bench/limit_mm1.cpp" -o "$tmp/limit_mm1"
limit=$("$tmp/limit_mm1" "$requests" 0.8)
# lambda = 80/s: the duration that gives the same number of requests.
duration=$((requests / 80))
ours=$("$build/app/scalelab" run "$here/tests/data/mm1.json" --duration "$duration" \
       --warmup 100 --quiet --json -)
simpy=$(/usr/bin/python3 "$bench/simpy_mm1.py" 300000 0.8 2>/dev/null || echo '{}')

LIMIT="$limit" OURS="$ours" SIMPY="$simpy" /usr/bin/python3 - <<'PY'
import json, os
limit = json.loads(os.environ["LIMIT"])
ours = json.loads(os.environ["OURS"])
simpy = json.loads(os.environ["SIMPY"] or "{}")
ours_rps = ours["summary"]["completed"] / ours["wall_s"]
print(f"limit_mm1      {limit['requests_per_s']:>14,.0f} requests/s  ({limit['events_per_s']:,.0f} events/s)")
print(f"scalelab run   {ours_rps:>14,.0f} requests/s  ({ours['events_per_s']:,.0f} events/s, "
      f"mean response {ours['summary']['latency_ms']['mean']:.3f} ms, theory 50)")
if "requests_per_s" in simpy:
    print(f"{simpy['engine']:<14} {simpy['requests_per_s']:>14,.0f} requests/s")
print(f"scalelab / limit_mm1 = {ours_rps / limit['requests_per_s']:.2f}   (goal >= 0.3)")
if "requests_per_s" in simpy:
    print(f"scalelab / simpy     = {ours_rps / simpy['requests_per_s']:.0f}   (goal >= 30)")
else:
    print("simpy: not installed (apt-get install python3-simpy3)")
PY
