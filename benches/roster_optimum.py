#!/usr/bin/env python3
"""Exact optimum of a Curtois & Qu benchmark instance with HiGHS, and an independent checker.

Outside the product: a model written from the benchmark's definitions (Curtois & Qu 2014,
"Computational results on new staff scheduling benchmark instances"), not from paiban's code,
so the roster distribution benchmark (`roster_distribution.py`) has a reference that shares no
code with the search. Hard constraints: one shift a day, the forbidden successions, max shifts
per type, min/max total minutes, max consecutive shifts, min consecutive shifts and days off
(blocks touching either end of the horizon are not checked), max working weekends (Saturday or
Sunday worked; day 0 is a Monday), fixed days off. Objective: unmet shift-on requests,
granted shift-off requests, and per day and shift under_weight x shortfall + over_weight x
excess.

    python3 -m venv /tmp/venv-nrp && /tmp/venv-nrp/bin/pip install highspy
    /tmp/venv-nrp/bin/python benches/roster_optimum.py INSTANCE.txt [SECONDS]
      -> JSON {"status", "objective", "bound", "seconds"}
    python3 benches/roster_optimum.py --check INSTANCE.txt ROSTER.json
      -> JSON {"penalty", "feasible", "violations"} (ROSTER.json: paiban's `roster --nrp` output)
"""
import json
import sys
import time


def parse(text):
    """The benchmark's text format as plain dicts and lists."""
    inst = {"shifts": {}, "order": [], "staff": {}, "days_off": {}, "on": [], "off": [], "cover": []}
    section = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("SECTION_"):
            section = line
            continue
        f = [x.strip() for x in line.split(",")]
        if section == "SECTION_HORIZON":
            inst["days"] = int(f[0])
        elif section == "SECTION_SHIFTS":
            inst["shifts"][f[0]] = {"minutes": int(f[1]), "not_next": [x for x in f[2].split("|") if x] if len(f) > 2 else []}
            inst["order"].append(f[0])
        elif section == "SECTION_STAFF":
            maxes = {}
            for kv in f[1].split("|"):
                if kv:
                    k, v = kv.split("=")
                    maxes[k] = int(v)
            inst["staff"][f[0]] = {
                "max": maxes, "max_min": int(f[2]), "min_min": int(f[3]), "max_cons": int(f[4]),
                "min_cons": int(f[5]), "min_off": int(f[6]), "max_we": int(f[7]),
            }
        elif section == "SECTION_DAYS_OFF":
            inst["days_off"][f[0]] = {int(x) for x in f[1:] if x}
        elif section in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"):
            key = "on" if section == "SECTION_SHIFT_ON_REQUESTS" else "off"
            inst[key].append((f[0], int(f[1]), f[2], int(f[3])))
        elif section == "SECTION_COVER":
            inst["cover"].append((int(f[0]), f[1], int(float(f[2])), int(f[3]), int(f[4])))
    return inst


def weekends(h):
    return [[d for d in (5 + 7 * k, 6 + 7 * k) if d < h] for k in range((h + 6) // 7)]


def check(inst, rows):
    """Penalty and hard-rule violations of rows {employee: [shift id or "" per day]}."""
    h, sh = inst["days"], inst["shifts"]
    bad = []
    for e, st in inst["staff"].items():
        row = rows.get(e)
        if row is None or len(row) != h:
            bad.append(f"{e}: no row of {h} days")
            continue
        w = [s != "" for s in row]
        for d in range(1, h):
            if row[d - 1] and row[d] in sh[row[d - 1]]["not_next"]:
                bad.append(f"{e} day {d}: {row[d]} after {row[d - 1]}")
        for s in sh:
            if row.count(s) > st["max"].get(s, 0):
                bad.append(f"{e}: {row.count(s)} x {s} > {st['max'].get(s, 0)}")
        total = sum(sh[s]["minutes"] for s in row if s)
        if not st["min_min"] <= total <= st["max_min"]:
            bad.append(f"{e}: {total} minutes outside {st['min_min']}-{st['max_min']}")
        d = 0
        while d < h:
            start, kind = d, w[d]
            while d < h and w[d] == kind:
                d += 1
            n, inside = d - start, start > 0 and d < h
            if kind and n > st["max_cons"]:
                bad.append(f"{e} day {start}: {n} shifts in a row > {st['max_cons']}")
            if kind and inside and n < st["min_cons"]:
                bad.append(f"{e} day {start}: {n} shifts in a row < {st['min_cons']}")
            if not kind and inside and n < st["min_off"]:
                bad.append(f"{e} day {start}: {n} days off in a row < {st['min_off']}")
        worked = sum(1 for we in weekends(h) if any(w[d] for d in we))
        if worked > st["max_we"]:
            bad.append(f"{e}: {worked} weekends > {st['max_we']}")
        for d in inst["days_off"].get(e, ()):
            if d < h and w[d]:
                bad.append(f"{e} day {d}: works on a day off")
    pen = 0
    for e, d, s, wt in inst["on"]:
        pen += wt if rows.get(e, [""] * h)[d] != s else 0
    for e, d, s, wt in inst["off"]:
        pen += wt if rows.get(e, [""] * h)[d] == s else 0
    for d, s, req, under, over in inst["cover"]:
        n = sum(1 for r in rows.values() if r[d] == s)
        pen += (req - n) * under if n < req else (n - req) * over
    return {"penalty": pen, "feasible": not bad, "violations": bad[:20]}


def solve(inst, seconds):
    """HiGHS on the whole model: status, objective, best bound."""
    import highspy

    h, sh, staff = inst["days"], inst["shifts"], inst["staff"]
    m = highspy.Highs()
    m.setOptionValue("output_flag", False)
    m.setOptionValue("time_limit", float(seconds))
    m.setOptionValue("threads", 1)
    m.setOptionValue("mip_rel_gap", 0.0)
    inf = highspy.kHighsInf
    x = {}
    for e, st in staff.items():
        off = inst["days_off"].get(e, set())
        for d in range(h):
            for s in sh:
                if st["max"].get(s, 0) > 0 and d not in off:
                    x[e, d, s] = m.addBinary()

    def work(e, d):
        return [x[e, d, s] for s in sh if (e, d, s) in x]

    def add(terms, lo, hi):
        # terms: list of (coefficient, variable)
        if terms:
            m.addRow(lo, hi, len(terms), [v.index for _, v in terms], [c for c, _ in terms])

    const = 0.0
    for e, st in staff.items():
        for d in range(h):
            add([(1, v) for v in work(e, d)], -inf, 1)
            if d + 1 < h:
                for s in sh:
                    for t in sh[s]["not_next"]:
                        if (e, d, s) in x and (e, d + 1, t) in x:
                            add([(1, x[e, d, s]), (1, x[e, d + 1, t])], -inf, 1)
        for s in sh:
            add([(1, x[e, d, s]) for d in range(h) if (e, d, s) in x], -inf, st["max"].get(s, 0))
        add([(sh[s]["minutes"], x[e, d, s]) for d in range(h) for s in sh if (e, d, s) in x], st["min_min"], st["max_min"])
        c = st["max_cons"]
        for d in range(h - c):
            add([(1, v) for j in range(d, d + c + 1) for v in work(e, j)], -inf, c)
        # A block of l < min days of work (or rest) strictly inside the horizon is forbidden:
        # not the pattern off, on x l, off (resp. on, off x l, on).
        for l in range(1, st["min_cons"]):
            for d in range(1, h - l):
                t = [(-1, v) for v in work(e, d - 1)] + [(-1, v) for v in work(e, d + l)]
                t += [(1, v) for j in range(d, d + l) for v in work(e, j)]
                add(t, -inf, l - 1)
        for l in range(1, st["min_off"]):
            for d in range(1, h - l):
                t = [(1, v) for v in work(e, d - 1)] + [(1, v) for v in work(e, d + l)]
                t += [(-1, v) for j in range(d, d + l) for v in work(e, j)]
                add(t, -inf, 1)
        wk = []
        for we in weekends(h):
            k = m.addBinary()
            wk.append(k)
            for d in we:
                add([(1, v) for v in work(e, d)] + [(-1, k)], -inf, 0)
        add([(1, k) for k in wk], -inf, st["max_we"])
    obj = {}
    for e, d, s, wt in inst["on"]:
        const += wt
        if (e, d, s) in x:
            obj[x[e, d, s].index] = obj.get(x[e, d, s].index, 0) - wt
    for e, d, s, wt in inst["off"]:
        if (e, d, s) in x:
            obj[x[e, d, s].index] = obj.get(x[e, d, s].index, 0) + wt
    for d, s, req, under, over in inst["cover"]:
        u = m.addVariable(0, inf)
        o = m.addVariable(0, inf)
        obj[u.index] = under
        obj[o.index] = over
        t = [(1, x[e, d, s]) for e in staff if (e, d, s) in x] + [(1, u), (-1, o)]
        add(t, req, req)
    for i, c in obj.items():
        m.changeColCost(i, c)
    m.changeObjectiveOffset(const)
    t0 = time.time()
    m.run()
    info = m.getInfo()
    status = m.modelStatusToString(m.getModelStatus())
    return {
        "status": status,
        "objective": info.objective_function_value if info.primal_solution_status == 2 else None,
        "bound": info.mip_dual_bound,
        "seconds": round(time.time() - t0, 2),
    }


def main():
    if sys.argv[1] == "--check":
        inst = parse(open(sys.argv[2]).read())
        out = json.load(open(sys.argv[3]))
        print(json.dumps(check(inst, out["assignment"])))
        return
    inst = parse(open(sys.argv[1]).read())
    print(json.dumps(solve(inst, float(sys.argv[2]) if len(sys.argv) > 2 else 120)))


if __name__ == "__main__":
    main()
