#!/usr/bin/env bash
# The agent's day on the demo week (examples/day_shop.json): a daily 15-minute wrap-up for every
# agent (batches of 5) and a weekly 2-hour training for 20 agents in two batches of 10, placed by
# least marginal service loss (`paiban day`) and at their first feasible start (`--fixed`),
# against the same plan without them. Seed 1 is the set the placer was designed on; the roster
# seeds 2 and 3 are held out. Then the intraday re-plan at 10:00 with the morning 20% hot.
# Usage: benches/day_activities.sh  (builds the release CLI; prints a table)
set -euo pipefail
cd "$(dirname "$0")/.."
nice cargo build --release --bin paiban >/dev/null 2>&1
bin=target/release/paiban
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for seed in 1 2 3; do
  python3 - "$seed" "$tmp" <<'PY'
import json, sys
seed, tmp = sys.argv[1], sys.argv[2]
s = json.load(open("examples/day_shop.json"))
s["solver"]["seed"] = int(seed)
s["history"] = {q: "../../" + p if False else p for q, p in s["history"].items()}
json.dump(s, open(f"{tmp}/s{seed}.json", "w"), ensure_ascii=False)
PY
  cp -r examples/shop "$tmp/shop"
  "$bin" plan "$tmp/s$seed.json" > "$tmp/p$seed.json"
  python3 - "$seed" "$tmp" <<'PY'
import json, sys
seed, tmp = sys.argv[1], sys.argv[2]
p = json.load(open(f"{tmp}/p{seed}.json"))
acts = p["scenario"]["activities"][:2]
ids = []
for day in (1, 2):
    picked = [a["id"] for a in p["roster"]["agents"] if a["id"] not in ids and any(
        s["day"] == day and "08:00" <= s["start"][11:16] <= "08:30" for s in a["shifts"])][:10]
    ids += picked
acts[1]["attendees"] = {"who": "agents", "ids": ids}
json.dump(acts, open(f"{tmp}/a{seed}.json", "w"), ensure_ascii=False)
PY
  "$bin" day --plan "$tmp/p$seed.json" --activities "$tmp/a$seed.json" > "$tmp/best$seed.json"
  "$bin" day --plan "$tmp/p$seed.json" --activities "$tmp/a$seed.json" --fixed > "$tmp/fixed$seed.json"
  python3 - "$seed" "$tmp" <<'PY'
import json, sys
seed, tmp = sys.argv[1], sys.argv[2]
b = json.load(open(f"{tmp}/best{seed}.json")); f = json.load(open(f"{tmp}/fixed{seed}.json"))
for qb, qf in zip(b["service"], f["service"]):
    if qb["without"] is None: continue
    n, w, x = qb["without"], qb["with"], qf["with"]
    print(f"seed {seed} {qb['queue']:10s} none {100*n:6.2f}  placed {100*w:6.2f} ({100*(w-n):+.2f} pt)  fixed {100*x:6.2f}  placed-fixed {100*(w-x):+.2f} pt  evaluations {b['placement']['evaluations']}")
PY
done
# Intraday at 10:00, morning 20% hot, release CLI (process time includes reading the plan).
python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
p = json.load(open(f"{tmp}/p1.json"))
rows = ["timestamp," + ",".join(f["queue"] for f in p["forecast"])]
for k in range(20):
    rows.append(p["timestamps"][k] + "," + ",".join(str(f["volume"][k] * 1.2) for f in p["forecast"]))
open(f"{tmp}/today.csv", "w").write("\n".join(rows) + "\n")
PY
start=$(date +%s.%N)
"$bin" intraday --plan "$tmp/p1.json" --actuals "$tmp/today.csv" --now 10:00 --scenario "$tmp/s1.json" > "$tmp/i.json"
end=$(date +%s.%N)
python3 - "$tmp" "$start" "$end" <<'PY'
import json, sys
tmp, a, b = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
r = json.load(open(f"{tmp}/i.json"))
ot = sum(1 for x in r["proposals"] if x["kind"] == "overtime")
ci = sum(1 for x in r["proposals"] if x["kind"] == "call_in")
vto = sum(1 for x in r["proposals"] if x["kind"] == "vto")
print(f"intraday 10:00 +20%: {b-a:.3f} s wall (whole CLI run), {r['evaluations']} evaluations, factors "
      + ", ".join(f"{q['queue']} {q['factor']:.3f}" for q in r["reforecast"])
      + f"; {len(r['sessions_moved'])} session groups and {len(r['breaks_moved'])} breaks moved, {ot} overtime, {ci} call-ins, {vto} VTO")
for x in r["proposals"]:
    if x["kind"] == "call_in":
        print(f"  call-in {x['agent']} {x['start']} {x['minutes']} min {x['shift']['template']}: cost {x['cost']:.0f}, +{x['contacts']:.1f} contacts in target")
for q in r["rest_of_day"]:
    if q["plan"] is not None:
        print(f"  {q['queue']:10s} rest of day: plan {100*q['plan']:.2f}  sessions+breaks moved {100*q['breaks_moved']:.2f}  all proposals {100*q['all_proposals']:.2f}")
PY
uptime
