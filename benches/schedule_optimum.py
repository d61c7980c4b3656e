#!/usr/bin/env python3
"""True optimum of the schedule benchmark instances with HiGHS, and paiban's ratio to it.

Outside the product: run it in a throwaway venv.

    python3 -m venv /tmp/venv-sched && /tmp/venv-sched/bin/pip install highspy
    cargo build --profile bench --bin paiban
    /tmp/venv-sched/bin/python benches/schedule_optimum.py [--paiban target/release/paiban] [NAMES...]

The model here is written independently of paiban's: breaks are placed *explicitly* (one
integer variable per shift, break and break start), which is obviously exact because break
windows of one shift do not overlap. Candidate expansion follows DESIGN.md / template.rs:
every template day, start in [earliest, latest] (latest < earliest runs past midnight) by
step, every length; starts past the end of a cyclic horizon wrap; cost = per_shift +
per_paid_hour * paid hours + premiums (night window / weekend minutes x paid share).
"""
import argparse, datetime, json, os, subprocess, sys, time

import highspy
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "schedule")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def hm(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


def load(name, data=None):
    global DATA
    DATA = data or DATA
    rows = [l.strip().split(",") for l in open(os.path.join(DATA, f"{name}_requirements.csv")) if l.strip()][1:]
    times = [datetime.datetime.fromisoformat(r[0]) for r in rows]
    req = [float(r[1]) for r in rows]
    shifts = json.load(open(os.path.join(DATA, f"{name}_shifts.json")))
    return times, req, shifts


def expand(times, shifts):
    m = shifts["interval_minutes"]
    H = len(times)
    t0 = times[0]
    cyclic = shifts["cyclic"]
    cands = []
    ndays = (times[-1].date() - t0.date()).days + 1
    for ti, t in enumerate(shifts["templates"]):
        L = t["length_minutes"]
        lengths = [L] if isinstance(L, int) else list(range(L["min"], L["max"] + 1, L["step"]))
        e, l = hm(t["start"]["earliest"]), hm(t["start"]["latest"])
        if l < e:
            l += 1440
        unpaid = sum(b["minutes"] for b in t.get("breaks", []) if not b["paid"])
        c = t["cost"]
        for d in range(ndays):
            date = t0.date() + datetime.timedelta(days=d)
            if DAYS[date.weekday()] not in t["days"]:
                continue
            s = e
            while s <= l:
                st = datetime.datetime.combine(date, datetime.time()) + datetime.timedelta(minutes=s)
                s += t["start"]["step_minutes"]
                off = int((st - t0).total_seconds() // 60)
                if off % m:
                    continue
                off //= m
                if 0 <= off < H:
                    start = off
                elif cyclic and off >= H:
                    start = off % H
                else:
                    continue
                for lm in lengths:
                    n = lm // m
                    paid = lm - unpaid
                    frac = paid / lm
                    cost = c["per_shift"] + c["per_paid_hour"] * paid / 60
                    prem = 0.0
                    for i in range(start, start + n):
                        tt = t0 + datetime.timedelta(minutes=m * i)
                        mins = tt.hour * 60 + tt.minute
                        if c.get("night_premium"):
                            f, to = hm(c["night_premium"]["from"]), hm(c["night_premium"]["to"])
                            inside = (f <= mins < to) if f <= to else (mins >= f or mins < to)
                            if inside:
                                prem += c["night_premium"]["per_hour"] * m / 60
                        if c.get("weekend_premium_per_hour") and tt.weekday() >= 5:
                            prem += c["weekend_premium_per_hour"] * m / 60
                    cost += prem * frac
                    brk = [(start + b["earliest_offset_minutes"] // m, start + b["latest_offset_minutes"] // m,
                            b["minutes"] // m) for b in t.get("breaks", [])]
                    cands.append(dict(t=ti, day=d, start=start, n=n, cost=cost, breaks=brk,
                                      ub=t.get("max_per_day")))
    return cands


def wrap(p, H, cyclic):
    if p < H:
        return p
    return p % H if cyclic else None


def optimum(times, req, shifts, time_limit=600.0):
    H = len(req)
    cyclic = shifts["cyclic"]
    cands = expand(times, shifts)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", time_limit)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("threads", 1)
    inf = highspy.kHighsInf
    rows = [dict() for _ in range(H)]  # coverage coefficients per interval
    ncol = 0
    costs, lo, hi, integ = [], [], [], []

    def addcol(cost, ub=inf):
        nonlocal ncol
        costs.append(cost); lo.append(0.0); hi.append(ub); integ.append(True)
        ncol += 1
        return ncol - 1

    links = []  # (x, [y...]) sum y == x
    groups = {}
    for c in cands:
        x = addcol(c["cost"], c["ub"] if c["ub"] is not None else inf)
        for p in range(c["start"], c["start"] + c["n"]):
            t = wrap(p, H, cyclic)
            if t is not None:
                rows[t][x] = rows[t].get(x, 0) + 1
        for (e, l, d) in c["breaks"]:
            ys = []
            for p in range(e, l + 1):
                y = addcol(0.0)
                ys.append(y)
                for q in range(p, p + d):
                    t = wrap(q, H, cyclic)
                    if t is not None:
                        rows[t][y] = rows[t].get(y, 0) - 1
            links.append((x, ys))
        if c["ub"] is not None:
            groups.setdefault((c["t"], c["day"]), (c["ub"], []))[1].append(x)
    # Priced shortfall: weight per interval 0.5 + 0.5 r_t / mean(r) (requirements.rs). Hard
    # cover (`null`) is priced as the product states it: 10 x (dearest shift + 1) per
    # agent-interval short, so an instance whose day limits block full cover still has an
    # optimum (the generator's instances are coverable, so it never binds there).
    pen = shifts.get("understaffing_penalty")
    under = []
    mean = sum(req) / len(req)
    hard_m = 10.0 * (max(c["cost"] for c in cands) + 1.0)
    for t in range(H):
        if pen is not None:
            w = pen * (0.5 + 0.5 * req[t] / mean if mean > 0 else 1.0)
        else:
            w = hard_m
        costs.append(w); lo.append(0.0); hi.append(inf); integ.append(False)
        rows[t][ncol] = 1.0
        under.append(ncol)
        ncol += 1
    h.addVars(ncol, np.array(lo), np.array(hi))
    h.changeColsCost(ncol, np.arange(ncol, dtype=np.int32), np.array(costs))
    h.changeColsIntegrality(ncol, np.arange(ncol, dtype=np.int32),
                            np.array([highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
                                      for i in integ]))
    for t in range(H):
        idx = np.array(list(rows[t].keys()), dtype=np.int32)
        val = np.array(list(rows[t].values()), dtype=np.float64)
        h.addRow(req[t], inf, len(idx), idx, val)
    for x, ys in links:
        idx = np.array([x] + ys, dtype=np.int32)
        val = np.array([1.0] + [-1.0] * len(ys))
        h.addRow(0.0, 0.0, len(idx), idx, val)
    for (ub, xs) in groups.values():
        h.addRow(-inf, ub, len(xs), np.array(xs, dtype=np.int32), np.ones(len(xs)))
    t0 = time.time()
    h.run()
    secs = time.time() - t0
    info = h.getInfo()
    short = 0.0
    if info.primal_solution_status:
        sol = h.getSolution().col_value
        short = sum(sol[u] for u in under)
    return info.objective_function_value, info.mip_dual_bound, info.mip_gap, secs, len(cands), short


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--paiban", default=os.path.join(HERE, "..", "target", "release", "paiban"))
    ap.add_argument("--time-limit", default="10")
    ap.add_argument("--data", default=DATA, help="folder of NAME_requirements.csv + NAME_shifts.json")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    load.__globals__["DATA"] = a.data
    names = a.names or sorted({f.rsplit("_requirements", 1)[0] for f in os.listdir(DATA) if f.endswith("_requirements.csv")})
    print("| instance | candidates | HiGHS optimum | HiGHS s | paiban cost | paiban bound | paiban gap | paiban s | ratio to optimum |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in names:
        times, req, shifts = load(n)
        opt, bound, gap, secs, ncand, _ = optimum(times, req, shifts)
        out = subprocess.run([a.paiban, "schedule", "--requirements", os.path.join(DATA, f"{n}_requirements.csv"),
                              "--shifts", os.path.join(DATA, f"{n}_shifts.json"),
                              "--time-cap-seconds", a.time_limit], capture_output=True, text=True, check=True)
        d = json.loads(out.stdout)
        ratio = d["objective"] / opt if opt else float("nan")
        print(f"| {n} | {ncand} | {opt:.4f} (gap {gap:.1e}) | {secs:.2f} | {d['objective']:.4f} | {d['lower_bound']:.4f} | "
              f"{d['gap']:.4f} | {d['solver']['solve_seconds']:.3f} | {ratio:.5f} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
