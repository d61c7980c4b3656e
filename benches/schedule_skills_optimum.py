#!/usr/bin/env python3
"""Small skill-group covering instances with their exact optimum from HiGHS (issue 16 item 3).

Outside the product: run it in a throwaway venv.

    python3 -m venv /tmp/venv-sched && /tmp/venv-sched/bin/pip install highspy numpy
    /tmp/venv-sched/bin/python benches/schedule_skills_optimum.py [--out tests/data/schedule/skills]

Each instance is a day (the `day30*` templates of benches/data/schedule), its requirement
split into 2-3 queues by seeded shares, and 3-4 skill groups (single-skill teams plus
cross-trained groups, some with a daily headcount). The model is written independently of
paiban's: breaks placed explicitly (one integer per shift, group, break and start), transfer
variables z[g,q,t] >= 0 with sum_q z <= the group's agents on duty and sum_g z + u >= req
(Bhulai, Koole & Pot 2008). Shortfall is priced per interval as the product states it (the
single-pool weights of the summed requirement; hard cover = 10 x (dearest shift + 1)). The
optimum is written into each instance file; tests/schedule_skills.rs holds paiban to 1% of it.
"""
import argparse, json, os, random, sys, time

import highspy
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import schedule_optimum as ref  # noqa: E402


def optimum(times, queues_req, shifts, groups, time_limit=300.0):
    H = len(times)
    cyclic = shifts["cyclic"]
    cands = ref.expand(times, shifts)
    total = [sum(q[t] for q in queues_req) for t in range(H)]
    mean = sum(total) / H
    pen = shifts.get("understaffing_penalty")
    hard_m = 10.0 * (max(c["cost"] for c in cands) + 1.0)
    w = [(pen * (0.5 + 0.5 * total[t] / mean) if mean > 0 else pen) if pen is not None else hard_m
         for t in range(H)]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", time_limit)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("threads", 1)
    inf = highspy.kHighsInf
    cost, lo, hi, integ = [], [], [], []

    def col(c, ub=inf, integer=True):
        cost.append(c); lo.append(0.0); hi.append(ub); integ.append(integer)
        return len(cost) - 1

    G = len(groups)
    cov = [[dict() for _ in range(H)] for _ in range(G)]
    links, template_day, headcount = [], {}, {}
    for g in range(G):
        for c in cands:
            x = col(c["cost"], c["ub"] if c["ub"] is not None else inf)
            for p in range(c["start"], c["start"] + c["n"]):
                t = ref.wrap(p, H, cyclic)
                if t is not None:
                    cov[g][t][x] = cov[g][t].get(x, 0) + 1
            for (e, l, d) in c["breaks"]:
                ys = []
                for p in range(e, l + 1):
                    y = col(0.0)
                    ys.append(y)
                    for q in range(p, p + d):
                        t = ref.wrap(q, H, cyclic)
                        if t is not None:
                            cov[g][t][y] = cov[g][t].get(y, 0) - 1
                links.append((x, ys))
            if c["ub"] is not None:
                template_day.setdefault((c["t"], c["day"]), (c["ub"], []))[1].append(x)
            if groups[g].get("max_agents") is not None:
                headcount.setdefault((g, c["day"]), (groups[g]["max_agents"], []))[1].append(x)
    z = {}
    for g in range(G):
        for q in groups[g]["skills"]:
            for t in range(H):
                z[g, q, t] = col(0.0, inf, False)
    u = {}
    for q in range(len(queues_req)):
        for t in range(H):
            u[q, t] = col(w[t], inf, False)
    n = len(cost)
    h.addVars(n, np.array(lo), np.array(hi))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.array(cost))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                            np.array([highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
                                      for i in integ]))

    def row(lo_, hi_, terms):
        idx = np.array(list(terms.keys()), dtype=np.int32)
        val = np.array(list(terms.values()), dtype=np.float64)
        h.addRow(lo_, hi_, len(idx), idx, val)

    for g in range(G):
        for t in range(H):
            terms = dict(cov[g][t])
            for q in groups[g]["skills"]:
                terms[z[g, q, t]] = -1.0
            row(0.0, inf, terms)
    for q in range(len(queues_req)):
        for t in range(H):
            terms = {z[g, q, t]: 1.0 for g in range(G) if q in groups[g]["skills"]}
            terms[u[q, t]] = 1.0
            row(queues_req[q][t], inf, terms)
    for x, ys in links:
        row(0.0, 0.0, {x: 1.0, **{y: -1.0 for y in ys}})
    for ub, xs in list(template_day.values()) + list(headcount.values()):
        row(-inf, ub, {x: 1.0 for x in xs})
    t0 = time.time()
    h.run()
    info = h.getInfo()
    return info.objective_function_value, info.mip_gap, time.time() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(HERE, "..", "tests", "data", "schedule", "skills"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    data = os.path.join(HERE, "data", "schedule")
    bases = ["day30", "day30_seed2", "day30_seed3", "day30_seed4"]
    print("| instance | queues | groups | HiGHS optimum | HiGHS s |\n|---|---:|---:|---:|---:|")
    for k in range(6):
        rng = random.Random(100 + k)
        base = bases[k % len(bases)]
        times, req, shifts = ref.load(base, data)
        nq = rng.choice([2, 3])
        shares = [rng.uniform(0.2, 1.0) for _ in range(nq)]
        s = sum(shares)
        shares = [x / s for x in shares]
        queues = [[0.0] * len(req) for _ in range(nq)]
        for t, r in enumerate(req):
            left = r
            for q in range(nq):
                v = left if q == nq - 1 else min(left, float(int(r * shares[q])))
                queues[q][t] = v
                left -= v
        groups = [{"id": f"only{q}", "skills": [q], "max_agents": None} for q in range(nq)]
        ng = rng.choice([3, 4])
        while len(groups) < ng:
            sk = sorted(rng.sample(range(nq), rng.randint(2, nq)))
            groups.append({"id": "cross" + "".join(map(str, sk)), "skills": sk,
                           "max_agents": rng.choice([None, rng.randint(2, 6)])})
        if k % 2 == 1:
            shifts = dict(shifts, understaffing_penalty=round(rng.uniform(0.5, 2.0), 2))
        opt, gap, secs = optimum(times, queues, shifts, groups)
        name = f"skills_{k + 1}"
        doc = {"source": f"{base} split by benches/schedule_skills_optimum.py seed {100 + k}",
               "start": times[0].strftime("%Y-%m-%dT%H:%M"), "queues": [f"q{q}" for q in range(nq)],
               "agents": queues, "groups": groups, "shifts": shifts, "optimum": round(opt, 6),
               "highs_gap": gap}
        with open(os.path.join(a.out, f"{name}.json"), "w") as f:
            json.dump(doc, f, indent=1)
        print(f"| {name} | {nq} | {len(groups)} | {opt:.4f} (gap {gap:.1e}) | {secs:.2f} |", flush=True)


if __name__ == "__main__":
    main()
