#!/usr/bin/env bash
# Simulated seconds per wall second on the capstone (the chapter's end state at one million
# requests per second), on one core, through `scalelab run`.
#   tests/bench/capstone_speed.sh [BUILD_DIR] [DURATION_S]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
duration=${2:-4}
out=$("$build/app/scalelab" run "$here/tests/data/capstone.json" --duration "$duration" \
      --warmup 1 --threads 1 --quiet --json -)
OUT="$out" /usr/bin/python3 - <<'PY'
import json, os
r = json.loads(os.environ["OUT"])
sim = r["duration_s"]
print(f"capstone: {sim:.1f} simulated s in {r['wall_s']:.2f} wall s = "
      f"{sim / r['wall_s']:.2f} simulated s per wall s (goal >= 1)")
print(f"  {r['events']:,} events, {r['events_per_s']:,.0f} events/s, "
      f"{r['summary']['requests'] / (sim - r['warmup_s']):,.0f} requests/s offered after warm-up")
b = r.get("bottleneck", {})
print(f"  bottleneck: {b.get('explanation', '-')}")
PY
