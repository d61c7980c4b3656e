#!/usr/bin/env python3
"""Roster quality on random instances nobody tuned for: paiban against HiGHS's optimum.

The roster search was tuned on the public instances in ../shared/data/nrp (1, 3, 5, 7, 9, 11).
This script writes fresh instances in the same Curtois & Qu text format from a seeded generator
that shares no code with paiban (its own `--generate-nrp` look-alikes are not used), rosters
each with paiban at the work budget that stands for SECONDS, recomputes paiban's penalty with the
independent checker of `roster_optimum.py`, and solves the same instance exactly with HiGHS
(`roster_optimum.solve`). The gap is against HiGHS's proven optimum; where HiGHS stops at its time
limit the reference is the better of the two solutions and the table gives HiGHS's bound too.
Seeds whose hard rules HiGHS proves infeasible are listed and skipped.

The generator spans the benchmark's space at the sizes HiGHS can prove: 2-4 weeks starting on a
Monday, 8-30 employees, 1-4 shift types (early, day, late, night; a later shift may not be
followed by an earlier one the next day), full- and part-time contracts (minutes per horizon),
some employees barred from some shift types and night caps, 4-6 consecutive shifts at most,
minimum blocks of work and rest of 1-3 days, working weekends capped, one fixed day off per
fortnight, blocks of weighted on- and off-requests (weights 1-3), and daily cover by shift type
near the staff's capacity with a weekend dip (under-cover weight 100, over-cover 1).

    python3 -m venv /tmp/venv-nrp && /tmp/venv-nrp/bin/pip install highspy
    cargo build --release
    /tmp/venv-nrp/bin/python benches/roster_distribution.py --seeds 101-120 [--seconds 30]
        [--highs-seconds 120] [--jobs 2] [--dir /tmp/nrp-gen]
    /tmp/venv-nrp/bin/python benches/roster_distribution.py --write SEED   # print one instance
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import roster_optimum  # noqa: E402

ORDER = ["E", "D", "L", "N"]


def generate(seed):
    """One instance in the benchmark's text format."""
    r = random.Random(seed)
    weeks = r.choice([2, 2, 3, 4])
    h = 7 * weeks
    k = r.choice([1, 2, 2, 3, 3, 4])
    types = sorted(r.sample(ORDER, k), key=ORDER.index) if k > 1 else ["D"]
    minutes = {s: 480 for s in types}
    if "N" in types:
        minutes["N"] = r.choice([480, 600])
    n = r.randint(8, 30)
    out = ["SECTION_HORIZON", str(h), "", "SECTION_SHIFTS"]
    for s in types:
        earlier = [t for t in types if ORDER.index(t) < ORDER.index(s)]
        out.append(f"{s},{minutes[s]},{'|'.join(earlier)}")
    out += ["", "SECTION_STAFF"]
    names = [f"S{i:02d}" for i in range(n)]
    staff = {}
    max_cons, min_cons, min_off = r.choice([4, 5, 5, 6]), r.choice([1, 2, 2, 3]), r.choice([1, 2, 2, 3])
    while min_off > 1 and max_cons / (max_cons + min_off) < 0.66:
        min_off -= 1  # blocks of work and rest must leave room for a full-time contract
    for e in names:
        part = r.random() < 0.2
        per_fortnight = r.choice([4, 5]) if part else r.choice([8, 9, 9])
        max_min = round(h * per_fortnight / 14) * 480
        min_min = max_min - (round(h / 14 * r.choice([2, 3])) * 480 if part else round(h / 14 * r.choice([1, 2])) * 480)
        caps = {}
        for s in types:
            if len(types) > 1 and r.random() < 0.2:
                caps[s] = 0
            elif s == "N":
                caps[s] = r.randint(2, 4) * weeks // 2 + 1
            else:
                caps[s] = h
        if all(caps[s] < h for s in types):
            caps[types[0]] = h  # every contract must be able to reach its minimum minutes
        we = max(1, round(weeks * r.choice([0.5, 0.75]))) if weeks > 2 else 1
        staff[e] = caps
        out.append(
            f"{e},{'|'.join(f'{s}={caps[s]}' for s in types)},{max_min},{max(0, min_min)},"
            f"{max_cons},{min_cons},{min_off},{we}"
        )
    out += ["", "SECTION_DAYS_OFF"]
    for e in names:
        days = sorted(r.sample(range(h), max(1, weeks // 2)))
        out.append(",".join([e] + [str(d) for d in days]))
    for section, share in (("SECTION_SHIFT_ON_REQUESTS", 0.5), ("SECTION_SHIFT_OFF_REQUESTS", 0.5)):
        out += ["", section]
        for e in names:
            if r.random() >= share:
                continue
            allowed = [s for s in types if staff[e][s] > 0]
            for _ in range(r.randint(1, weeks)):
                s, length, wt = r.choice(allowed), r.randint(1, 5), r.randint(1, 3)
                start = r.randrange(h)
                for d in range(start, min(h, start + length)):
                    out.append(f"{e},{d},{s},{wt}")
    out += ["", "SECTION_COVER"]
    capacity = 0.0
    for line in out[out.index("SECTION_STAFF") + 1 : out.index("SECTION_DAYS_OFF") - 1]:
        f = line.split(",")
        capacity += (int(f[2]) + int(f[3])) / 2 / 480 / h
    share = {s: r.uniform(0.5, 1.5) for s in types}
    if "N" in share:
        share["N"] *= 0.6
    total = sum(share.values())
    load = r.uniform(1.0, 1.2)
    for d in range(h):
        day = capacity * load * (0.8 if d % 7 >= 5 else 1.0) * r.uniform(0.9, 1.1)
        for s in types:
            out.append(f"{d},{s},{max(0, round(day * share[s] / total))},100,1")
    return "\n".join(out) + "\n"


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: {p.stderr.strip()[-400:]}")
    return p.stdout


def paiban(exe, path, seconds, out):
    work = run([exe, "roster", "--nrp", path, "--print-work-for-seconds", str(seconds)]).strip()
    run([exe, "roster", "--nrp", path, "--work", work, "--time-limit-seconds", str(seconds * 10),
         "--seed", "1", "--solution-out", out])
    return json.load(open(out))


def highs(path, seconds):
    text = run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "roster_optimum.py"),
                path, str(seconds)])
    return json.loads(text.strip().splitlines()[-1])


def seeds(spec):
    out = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="101-120")
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--highs-seconds", type=int, default=120)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--dir", default="/tmp/nrp-gen")
    ap.add_argument("--paiban", default="target/release/paiban")
    ap.add_argument("--write", type=int)
    a = ap.parse_args()
    if a.write is not None:
        sys.stdout.write(generate(a.write))
        return
    os.makedirs(a.dir, exist_ok=True)
    paths = {}
    for s in seeds(a.seeds):
        paths[s] = os.path.join(a.dir, f"gen{s}.txt")
        with open(paths[s], "w") as f:
            f.write(generate(s))
    with ThreadPoolExecutor(a.jobs) as pool:
        ours = {s: pool.submit(paiban, a.paiban, p, a.seconds, p + ".paiban.json") for s, p in paths.items()}
        ref = {s: pool.submit(highs, p, a.highs_seconds) for s, p in paths.items()}
        rows, gaps, skipped = [], [], []
        for s, p in paths.items():
            inst = roster_optimum.parse(open(p).read())
            o, h = ours[s].result(), ref[s].result()
            size = f"{len(inst['staff'])} x {inst['days']}, {len(inst['shifts'])}"
            if h["status"] == "Infeasible":
                skipped.append(s)
                continue
            c = roster_optimum.check(inst, o["assignment"])
            assert c["penalty"] == o["penalty"], (s, c, o["penalty"])
            best = round(h["objective"]) if h["objective"] is not None else float("inf")
            proven = h["status"] == "Optimal"
            refv = best if proven else min(best, c["penalty"])
            gap = (c["penalty"] - refv) / refv if refv > 0 else (0.0 if c["penalty"] == 0 else float("inf"))
            gaps.append(gap)
            rows.append(
                f"| {s} | {size} | {c['penalty']}{'' if c['feasible'] else ' (infeasible)'} | "
                f"{'%g' % best if best != float('inf') else '-'} | {'proven' if proven else 'bound %g' % h['bound']} | "
                f"{h['seconds']} | {o['elapsed_ms'] / 1000:.1f} | {100 * gap:.2f}% |"
            )
    print(f"Seeds {a.seeds}, paiban at the work of {a.seconds} s (one worker, seed 1), HiGHS {a.highs_seconds} s limit\n")
    print("| seed | employees x days, types | paiban | HiGHS | HiGHS status | HiGHS s | paiban s | gap |")
    print("|---:|---|---:|---:|---|---:|---:|---:|")
    print("\n".join(rows))
    if gaps:
        g = sorted(gaps)
        p95 = g[min(len(g) - 1, int(0.95 * len(g)))]
        print(f"\n{len(g)} instances: mean gap {100 * statistics.mean(g):.2f}%, 95th percentile "
              f"{100 * p95:.2f}%, max {100 * g[-1]:.2f}%; above 8%: {sum(1 for x in g if x > 0.08)}")
    if skipped:
        print(f"HiGHS proves the hard rules infeasible (skipped): seeds {', '.join(map(str, skipped))}")


if __name__ == "__main__":
    main()
