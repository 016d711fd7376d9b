#!/usr/bin/env bash
# Guards refactorings that must not change what the engine computes: runs `scalelab run`, `analyze`
# and `lesson verify` on every model of tests/data, every bundled model and every lesson's start
# and solution, with their fixed seeds, and compares the output with the recorded copies in
# tests/cli/golden. Only the wall-clock fields (wall_s, events_per_s) are left out.
#
#   results_unchanged.sh SCALELAB check    compare (what CTest runs); exit 1 on any difference
#   results_unchanged.sh SCALELAB record   write the copies anew, after a change that is meant
#                                          to change results (say why in the commit)
set -uo pipefail

scalelab=${1:?usage: results_unchanged.sh SCALELAB check|record}
mode=${2:-check}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
golden=$here/golden
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The capstones run a million requests a second: a short stretch checks them as well.
short=(--duration 2 --warmup 0.5)
cases=()
for f in "$top"/tests/data/*.json "$top"/assets/models/*.json; do
    [ "$(basename "$f")" = expect.json ] && continue
    cases+=("$f")
done
for f in "$top"/tests/data/lessons/*/start.json "$top"/tests/data/lessons/*/solution.json \
         "$top"/lessons/*/start.json "$top"/lessons/*/solution.json; do
    cases+=("$f")
done

strip() { grep -vE '"(wall_s|events_per_s)":'; }

failed=0
produce() { # name, then the command
    local name=$1
    shift
    if ! "$@" 2>"$work/$name.err" | strip >"$work/$name"; then
        :
    fi
    cat "$work/$name.err" >>"$work/$name"
}

for f in "${cases[@]}"; do
    rel=${f#"$top"/}
    name=${rel//\//_}
    name=${name%.json}
    extra=()
    case "$rel" in *capstone*) extra=("${short[@]}") ;; esac
    produce "$name.run.json" "$scalelab" run "$f" --json - --quiet "${extra[@]}"
    produce "$name.analyze.json" "$scalelab" analyze "$f" --json -
done
produce "lesson-verify.txt" "$scalelab" lesson verify

if [ "$mode" = record ]; then
    rm -rf "$golden"
    mkdir -p "$golden"
    cp "$work"/* "$golden"/
    rm -f "$golden"/*.err
    echo "recorded $(ls "$golden" | wc -l) outputs in $golden"
    exit 0
fi

compared=0
for f in "$work"/*; do
    name=$(basename "$f")
    case "$name" in *.err) continue ;; esac
    compared=$((compared + 1))
    if [ ! -f "$golden/$name" ]; then
        echo "FAIL $name: no recorded copy (run with 'record' if the case is new)"
        failed=$((failed + 1))
    elif ! diff -u "$golden/$name" "$f" >"$work/diff"; then
        echo "FAIL $name differs from its recorded copy:"
        head -40 "$work/diff"
        failed=$((failed + 1))
    fi
done
for g in "$golden"/*; do
    [ -f "$work/$(basename "$g")" ] || { echo "FAIL $(basename "$g"): recorded but no longer produced"; failed=$((failed + 1)); }
done
echo "$((compared - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
