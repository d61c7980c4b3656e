#!/usr/bin/env python3
"""Generate examples/skills.json: a week of three voice queues (pre-sales, after-sales, VIP)
and 72 named agents with one, two or three skills. Shifts, contracts and rules are the demo
shop's (examples/shop.json); volumes are given directly (a smooth intraday shape, weekends
lighter); shrinkage is 0 so the modelled service and the simulation of the roster (which sees
only shifts and breaks) count the same agents.

    python3 benches/skills_example.py [SCALE] > examples/skills.json
"""
import json, math, sys

scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
shop = json.load(open("examples/shop.json"))
days, per_day = 7, 48

def shape(i):
    h = (i % per_day) / 2.0
    if h < 8 or h >= 24:
        return 0.0
    # morning and afternoon peaks, a lull at lunch, a falling evening
    v = 0.35 + 0.65 * math.exp(-((h - 11.0) / 2.2) ** 2) + 0.55 * math.exp(-((h - 15.5) / 2.5) ** 2)
    v += 0.25 * math.exp(-((h - 20.0) / 1.8) ** 2)
    if h >= 22:
        v *= 0.6
    day = i // per_day
    return v * (0.8 if day >= 5 else 1.0)

peaks = {"presales": 50.0, "aftersales": 34.0, "vip": 10.0}
volumes = [
    {"queue": q, "volume": [round(p * scale * shape(i), 2) for i in range(days * per_day)]}
    for q, p in peaks.items()
]
queues = [
    {"id": "presales", "name": "售前热线 Pre-sales", "channel": "voice", "aht_seconds": 240,
     "target": {"service_level": 0.8, "answer_seconds": 20}, "patience_seconds": 180},
    {"id": "aftersales", "name": "售后热线 After-sales", "channel": "voice", "aht_seconds": 300,
     "target": {"service_level": 0.8, "answer_seconds": 20}, "patience_seconds": 180},
    {"id": "vip", "name": "VIP 专线", "channel": "voice", "aht_seconds": 360,
     "target": {"service_level": 0.9, "answer_seconds": 15}, "patience_seconds": 240},
]
mix = [  # (skills, agents)
    (["presales"], 22), (["aftersales"], 18), (["vip"], 8),
    (["presales", "aftersales"], 12), (["aftersales", "vip"], 5),
    (["presales", "vip"], 4), (["presales", "aftersales", "vip"], 3),
]
agents, k = [], 0
for skills, count in mix:
    for _ in range(count):
        k += 1
        agents.append({
            "id": f"S{k:03d}", "name": f"Agent {k:03d}", "skills": skills,
            "contract": "part_time" if k % 6 == 0 else "full_time",
            "days_off": [], "requests": [], "preferred_shifts": [],
        })
scenario = {
    "version": 1,
    "name": "Three voice lines, cross-trained team",
    "description": "Pre-sales, after-sales and a VIP line; 72 agents with one, two or three "
                   "skills (benches/skills_example.py).",
    "interval_minutes": 30,
    "horizon": {"start": "2024-11-25", "days": days},
    "opening_hours": shop["opening_hours"],
    "queues": queues,
    "volumes": volumes,
    "shrinkage": {"combine": "additive", "components": {"breaks": 0.0, "training": 0.0,
                  "meetings": 0.0, "absence": 0.0, "other": 0.0}},
    "shifts": shop["shifts"],
    "solver": {"seed": 1, "roster_iterations": 300000},
    "contracts": shop["contracts"],
    "agents": agents,
    "rules": shop["rules"],
}
json.dump(scenario, sys.stdout, ensure_ascii=False, indent=1)
print()
