#!/usr/bin/env bash
# Simulated seconds per wall second at a million requests per second, on one core, through
# `scalelab run`: on the capstone as shipped (overloaded at every tier, so most requests wait in
# queues) and on a copy whose tiers are sized for their load (requests flow end to end).
#   tests/bench/capstone_speed.sh [BUILD_DIR] [DURATION_S]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
duration=${2:-4}
for model in capstone capstone-provisioned; do
    out=$("$build/app/scalelab" run "$here/tests/data/$model.json" --duration "$duration" \
          --warmup 1 --threads 1 --quiet --json -)
    MODEL="$model" OUT="$out" /usr/bin/python3 - <<'PY'
import json, os
r = json.loads(os.environ["OUT"])
sim = r["duration_s"]
s = r["summary"]
print(f"{os.environ['MODEL']}: {sim:.1f} simulated s in {r['wall_s']:.2f} wall s = "
      f"{sim / r['wall_s']:.2f} simulated s per wall s (goal >= 1)")
print(f"  {r['events']:,} events, {r['events_per_s']:,.0f} events/s; "
      f"{s['requests'] / (sim - r['warmup_s']):,.0f} requests/s offered, "
      f"{s['throughput_rps']:,.0f} completed/s")
print(f"  bottleneck: {r.get('bottleneck', {}).get('explanation', '-')}")
PY
done
