#!/usr/bin/env bash
# Issue 16's held-out check on generated multi-skill centres: for each seed,
# benches/skills_heldout.py makes a centre, `paiban plan` plans it, `paiban validate` checks
# it, and benches/skills_judge.py (an independent simulation: the scenario, forecast and
# roster only) scores every queue against the criteria (overall at target, at most 10% of
# busy intervals below it, the plan's claim within 3 points).
#
#   benches/skills_heldout.sh [--chat] [SEED...]   (default: the reporting set 101-120;
#                                                  with --chat 301-320)
#
# Seeds 1-20 and examples/skills.json are the tuning set (what the plan was adjusted on);
# 101-120 the reporting set. With --chat the centres have chat queues too: seeds 201-220 tune,
# 301-320 report. Prints one line per centre and a summary; figures in
# benches/README.md ("Held-out multi-skill centres").
set -euo pipefail
cd "$(dirname "$0")/.."
chat=()
if [ "${1:-}" = --chat ]; then chat=(--chat); shift; fi
seeds=("$@")
if [ ${#seeds[@]} -eq 0 ]; then
  if [ ${#chat[@]} -gt 0 ]; then seeds=($(seq 301 320)); else seeds=($(seq 101 120)); fi
fi
[ -n "${PAIBAN:-}" ] || cargo build --release --quiet --bin paiban
bin=${PAIBAN:-target/release/paiban}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for s in "${seeds[@]}"; do
  if [ "$s" = example ]; then cp examples/skills.json "$out/c.json"; else
    python3 benches/skills_heldout.py "$s" "${chat[@]}" > "$out/c.json"; fi
  start=$(date +%s%N)
  "$bin" plan "$out/c.json" > "$out/p.json"
  secs=$(( ($(date +%s%N) - start) / 1000000 ))
  if "$bin" validate "$out/p.json" > /dev/null 2>&1; then valid=passes; else valid=FAILS; fi
  python3 benches/skills_judge.py "$out/p.json" --json > "$out/j.json" || true
  python3 - "$s" "$secs" "$valid" "$out/p.json" "$out/j.json" <<'EOF'
import json, sys
seed, secs, valid, plan, judge = sys.argv[1:]
p = json.load(open(plan))
unstaffed = sum(x["requirement"] - x["assigned"] for x in p["roster"]["shortages"])
rows = json.load(open(judge))
q = " ".join(f"{r['queue']} {100 * r['simulated']:.1f}/{100 * r['claimed']:.1f}% "
             f"{r['below']}/{r['busy']}{'' if r['pass'] else ' MISS'}" for r in rows)
print(f"seed {seed}: {len(p['scenario']['agents'])} agents, plan {int(secs) / 1000:.2f} s, "
      f"cost {p['schedule']['cost']:.0f}, unstaffed {unstaffed}, validate {valid}; "
      f"simulated/claimed, busy intervals below: {q}")
EOF
done
