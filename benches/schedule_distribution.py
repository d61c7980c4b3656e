#!/usr/bin/env python3
"""Distribution benchmark of the shift scheduler on generated instances (issue 17).

Outside the product: run it in a throwaway venv with highspy.

    python3 -m venv /tmp/venv-sched && /tmp/venv-sched/bin/pip install highspy numpy
    cargo build --profile bench --bin paiban
    /tmp/venv-sched/bin/python benches/schedule_distribution.py --set tune      # seeds 1000-1049
    /tmp/venv-sched/bin/python benches/schedule_distribution.py --set report    # seeds 2000-2049
    /tmp/venv-sched/bin/python benches/schedule_distribution.py --set hourly    # issue 17 look-alikes
    /tmp/venv-sched/bin/python benches/schedule_distribution.py --set quarter
    ... [--wasm] also runs the wasm build in Node (build it first: source scripts/lib.sh; build_www)

Instances come from `schedule_generate.py` (seeded; it never sees a solution). The optimum comes
from HiGHS on the independent explicit-break model of `schedule_optimum.py` (cached per instance
in WORK/highs.json, since HiGHS takes minutes on some). paiban runs with its default work budget
and no time cap; its wall time and the work it used are recorded. Prints the distribution of the
cost ratio (paiban objective / optimum) and of the time: max, 95th percentile, mean.
"""
import argparse, hashlib, json, os, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import schedule_generate as gen  # noqa: E402
import schedule_optimum as ref  # noqa: E402

SETS = {"tune": ("gen", range(1000, 1050)), "report": ("gen", range(2000, 2050)),
        "hourly": ("hourly", range(1, 6)), "quarter": ("quarter", range(1, 6))}


def pct(xs, q):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = min(len(xs) - 1, max(0, int(round(q * (len(xs) - 1)))))
    return xs[k]


def summary(label, xs, fmt):
    return (f"| {label} | {fmt(max(xs))} | {fmt(pct(xs, 0.95))} | {fmt(sum(xs) / len(xs))} |"
            if xs else f"| {label} | - | - | - |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=SETS, default="tune")
    ap.add_argument("--seeds", help="override the seed range, e.g. 1000-1009")
    ap.add_argument("--work", default="/tmp/paiban_sched_dist")
    ap.add_argument("--paiban", default=os.path.join(HERE, "..", "target", "release", "paiban"))
    ap.add_argument("--highs-time-limit", type=float, default=300.0)
    ap.add_argument("--wasm", action="store_true", help="also time the wasm build in Node")
    ap.add_argument("--paiban-args", default="", help="extra arguments for paiban schedule")
    a = ap.parse_args()
    kind, seeds = SETS[a.set]
    if a.seeds:
        seeds = gen.seed_range(a.seeds)
    data = os.path.join(a.work, a.set)
    os.makedirs(data, exist_ok=True)
    cache_path = os.path.join(data, "highs.json")
    cache = json.load(open(cache_path)) if os.path.exists(cache_path) else {}
    rows = []
    for s in seeds:
        if kind == "gen":
            reqrows, shifts, meta = gen.instance(s)
            name = f"gen_{s}"
        else:
            reqrows, shifts, meta = gen.lookalike(kind, s)
            name = f"{kind}_{s}"
        gen.write(data, name, reqrows, shifts)
        digest = hashlib.sha1((json.dumps(shifts, sort_keys=True) + str(reqrows)).encode()).hexdigest()
        if cache.get(name, {}).get("digest") != digest:
            times, req, sh = ref.load(name, data)
            opt, bound, gap, secs, ncand, short = ref.optimum(times, req, sh, a.highs_time_limit)
            cache[name] = dict(opt=opt, bound=bound, gap=gap, secs=secs, candidates=ncand, short=short,
                               digest=digest)
            json.dump(cache, open(cache_path, "w"), indent=1)
        h = cache[name]
        cmd = [a.paiban, "schedule", "--requirements", os.path.join(data, f"{name}_requirements.csv"),
               "--shifts", os.path.join(data, f"{name}_shifts.json")] + a.paiban_args.split()
        t0 = time.time()
        out = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.time() - t0
        if out.returncode != 0:
            print(f"{name}: paiban failed: {out.stderr.strip()}", file=sys.stderr)
            continue
        d = json.loads(out.stdout)
        ratio = d["objective"] / h["opt"] if h["opt"] else float("nan")
        row = dict(name=name, meta=meta, highs=h, objective=d["objective"], bound=d["lower_bound"],
                   ratio=ratio, wall=wall, work=d["solver"]["work_used"], stopped=d["solver"]["stopped_by"],
                   candidates=d["solver"]["candidates"], method=d["solver"]["method"])
        rows.append(row)
        print(f"{name:>12} {meta['interval']:>2}min {meta['horizon']:<10} cyc={int(meta['cyclic'])} "
              f"T={meta['templates']:>2} peak={meta['peak']:>3} hard={int(meta['hard'])} cand={row['candidates']:>5} "
              f"opt={h['opt']:.3f}{'*' if h['gap'] > 1e-6 else ''} ratio={ratio:.5f} "
              f"paiban={wall:.2f}s work={row['work'] / 1e6:.0f}M {row['stopped']} highs={h['secs']:.1f}s",
              flush=True)
    if a.wasm:
        node = subprocess.run(["node", os.path.join(HERE, "schedule_wasm.mjs"), data] + [r["name"] for r in rows],
                              capture_output=True, text=True)
        if node.returncode != 0:
            print(node.stderr, file=sys.stderr)
        else:
            w = json.loads(node.stdout)
            for r in rows:
                r["wasm_wall"] = w[r["name"]]["seconds"]
                r["wasm_same"] = abs(w[r["name"]]["objective"] - r["objective"]) < 1e-9
    json.dump(rows, open(os.path.join(data, "results.json"), "w"), indent=1)
    ratios = [r["ratio"] for r in rows]
    print(f"\n{a.set}: {len(rows)} instances; HiGHS proved {sum(r['highs']['gap'] <= 1e-6 for r in rows)} "
          "(* = HiGHS stopped at its time limit: the ratio is to its best solution)")
    print("| measure | max | p95 | mean |\n|---|---:|---:|---:|")
    print(summary("cost ratio to the optimum", ratios, lambda x: f"{x:.5f}"))
    print(summary("paiban native s (all)", [r["wall"] for r in rows], lambda x: f"{x:.2f}"))
    week15 = [r for r in rows if r["meta"]["interval"] == 15 and r["meta"]["horizon"] == "week"]
    print(summary(f"paiban native s (week x 15 min, {len(week15)})", [r["wall"] for r in week15],
                  lambda x: f"{x:.2f}"))
    print(summary("work units (M)", [r["work"] / 1e6 for r in rows], lambda x: f"{x:.0f}"))
    if a.wasm:
        print(summary("paiban wasm s (all)", [r["wasm_wall"] for r in rows if "wasm_wall" in r], lambda x: f"{x:.2f}"))
        print(summary(f"paiban wasm s (week x 15 min)", [r["wasm_wall"] for r in week15 if "wasm_wall" in r],
                      lambda x: f"{x:.2f}"))
        print(f"wasm objective identical to native: {sum(r.get('wasm_same', False) for r in rows)} of {len(rows)}")
    print(summary("HiGHS s", [r["highs"]["secs"] for r in rows], lambda x: f"{x:.1f}"))
    stops = sorted({r["stopped"] for r in rows})
    by = ", ".join("%s %d" % (k, sum(r["stopped"] == k for r in rows)) for k in stops)
    print(f"within 1%: {sum(x <= 1.01 for x in ratios)} of {len(ratios)}; stopped by: {by}")


if __name__ == "__main__":
    main()
