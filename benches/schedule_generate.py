#!/usr/bin/env python3
"""Seeded generator of shift-covering instances across the space planners use (issue 17).

    python3 benches/schedule_generate.py --seeds 1000-1049 --out /tmp/sched_tune
    python3 benches/schedule_generate.py --lookalike hourly --seed 1 --out /tmp/sched_held

Each instance is a `NAME_requirements.csv` (timestamp,agents) and a `NAME_shifts.json` in the
product's SHIFTS.json shape. Nothing here knows what paiban does with them: the generator draws
from the ranges below and never looks at a solution. Tune on one seed range, report on another
(benches/README.md says which).

The space: 15/30/60-minute intervals; a day, a week or four weeks; a 24/7 cyclic horizon or
opening hours; 3-24 templates with 0-3 breaks each, wide or narrow start windows, fixed lengths
or ranges; part-time, night and weekend templates; day limits (max_per_day); night and weekend
premiums; hard cover (`understaffing_penalty: null`) or a priced shortfall; demand with one to
three daily peaks, weekday effects and noise; 5-500 agents at the peak.
"""
import argparse, datetime, json, math, os, random

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def hhmm(minutes):
    minutes %= 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def snap(x, m):
    return int(round(x / m)) * m


def demand(rng, m, days, cyclic, open_from, open_to, peak_agents):
    """Agents required per interval: 1-3 daily peaks, weekday effects, noise."""
    n_peaks = rng.choice([1, 2, 2, 3])
    centres = sorted(rng.uniform(9.0, 21.0) for _ in range(n_peaks))
    widths = [rng.uniform(1.0, 3.0) for _ in range(n_peaks)]
    heights = [rng.uniform(0.5, 1.0) for _ in range(n_peaks)]
    top = max(heights)
    heights = [h / top for h in heights]
    floor = rng.uniform(0.02, 0.15)
    weekday = [1.0 + rng.uniform(0.0, 0.25), 1.0, 1.0, 1.0, 1.0 - rng.uniform(0.0, 0.1),
               rng.uniform(0.35, 1.0), rng.uniform(0.3, 1.0)]
    noise = rng.uniform(0.0, 0.12)
    start = datetime.datetime(2024, 1, 1)  # a Monday
    rows = []
    per_day = 1440 // m
    for i in range(days * per_day):
        t = start + datetime.timedelta(minutes=m * i)
        h = (t.hour * 60 + t.minute + m / 2) / 60.0
        v = floor + sum(a * math.exp(-((h - c) / w) ** 2) for a, c, w in zip(heights, centres, widths))
        v *= weekday[t.weekday()] * peak_agents * (1.0 + rng.uniform(-noise, noise))
        mins = t.hour * 60 + t.minute
        if not cyclic and not (open_from <= mins < open_to):
            v = 0.0
        rows.append((t, max(0, int(round(v))) if v > 0 else 0))
    return rows


def template(rng, kind, m, name, cyclic, open_from, open_to, long_horizon):
    """One template of `kind` in full, part, night, weekend, long."""
    wide = rng.random() < 0.5
    if kind == "full":
        length = rng.choice([480, 510, 540, 540, 600])
    elif kind == "long":
        length = rng.choice([600, 660, 720])
    elif kind == "part":
        length = rng.choice([240, 240, 300, 360])
    elif kind == "night":
        length = rng.choice([480, 510, 540])
    else:  # weekend
        length = rng.choice([360, 480, 540])
    length = snap(length, m)
    ranged = kind in ("part", "full") and rng.random() < 0.25 and length - 60 >= 180
    shortest = length - snap(60, m) if ranged else length
    if kind == "night" and cyclic:
        earliest = rng.choice([20 * 60, 21 * 60, 22 * 60])
        span = rng.choice([60, 120, 180]) if wide else 60
    else:
        lo = open_from if not cyclic else 0
        hi = (open_to if not cyclic else 1440) - length
        if hi <= lo:
            hi = lo + m
        if wide:
            span = rng.uniform(0.4, 1.0) * (hi - lo)
            earliest = lo + rng.uniform(0, hi - lo - span)
        else:
            span = rng.choice([60, 90, 120, 180])
            earliest = lo + rng.uniform(0, max(0, hi - lo - span))
        earliest = snap(earliest, m)
    if not cyclic and kind != "night":
        latest = min(earliest + snap(span, m), open_to - m)
    else:
        latest = earliest + snap(span, m)
    latest = max(latest, earliest)
    step = m if (rng.random() < 0.7 or long_horizon) else 2 * m
    if long_horizon and m == 15:
        step = 30
    # Breaks: 0-3, each a multiple of the interval, windows relative to the start.
    n_breaks = rng.choice([0, 1, 1, 2, 3]) if length >= 360 else rng.choice([0, 0, 1])
    if long_horizon:
        n_breaks = min(n_breaks, 2)
    breaks = []
    cursor = snap(rng.uniform(60, 120), m)
    for b in range(n_breaks):
        meal = (b == (n_breaks - 1) // 2) and length >= 360
        minutes = snap(rng.choice([30, 60]) if meal else 15, m) or m
        if m == 60:
            minutes = 60
        window = snap(rng.choice([m, 60, 90, 120]) if rng.random() < 0.6 else rng.choice([30, 60]), m)
        e = cursor
        latest_off = e + window
        if latest_off + minutes > shortest - m:
            break
        breaks.append({"minutes": minutes, "earliest_offset_minutes": e,
                       "latest_offset_minutes": latest_off, "paid": not meal})
        cursor = latest_off + minutes + snap(rng.uniform(60, 150), m)
    cost = {"per_shift": round(rng.choice([0.0, 0.0, 0.25, 0.5]), 2),
            "per_paid_hour": round(rng.uniform(0.9, 1.15), 3)}
    if kind == "night" or (cyclic and rng.random() < 0.3):
        cost["night_premium"] = {"from": "22:00", "to": "06:00", "per_hour": round(rng.uniform(0.1, 0.4), 2)}
    if kind == "weekend" or rng.random() < 0.2:
        cost["weekend_premium_per_hour"] = round(rng.uniform(0.1, 0.3), 2)
    if kind == "weekend":
        days = ["sat", "sun"]
    elif kind == "part" and rng.random() < 0.3:
        days = ["mon", "tue", "wed", "thu", "fri"]
    else:
        days = list(DAYS)
    t = {"name": name, "days": days,
         "start": {"earliest": hhmm(earliest), "latest": hhmm(latest), "step_minutes": step},
         "length_minutes": ({"min": length - snap(60, m), "max": length, "step": snap(60, m)}
                            if ranged else length),
         "breaks": breaks, "cost": cost, "max_per_day": None}
    return t


def instance(seed):
    """A random instance from the whole space."""
    rng = random.Random(seed)
    m = rng.choice([15, 15, 30, 30, 60])
    horizon = rng.choices(["day", "week", "four_weeks"], [0.25, 0.6, 0.15])[0]
    if horizon == "four_weeks" and m == 15:
        m = rng.choice([30, 60])
    days = {"day": 1, "week": 7, "four_weeks": 28}[horizon]
    cyclic = rng.random() < 0.5
    open_from, open_to = (0, 1440) if cyclic else (rng.choice([6, 7, 8, 9]) * 60, rng.choice([18, 20, 22, 24]) * 60)
    peak = int(round(math.exp(rng.uniform(math.log(5), math.log(500)))))
    max_t = {"day": 24, "week": 24 if m >= 30 else 16, "four_weeks": 8}[horizon]
    n_templates = rng.randint(3, max_t)
    kinds = ["full"]
    pool = ["full", "full", "part", "long"] + (["night", "night"] if cyclic else []) + (["weekend"] if days >= 7 else [])
    while len(kinds) < n_templates:
        kinds.append(rng.choice(pool))
    templates = []
    for i, k in enumerate(kinds):
        templates.append(template(rng, k, m, f"{k}{i}", cyclic, open_from, open_to, days > 7))
    # Hard cover needs every demanded interval coverable: a catch-all full template.
    if cyclic:
        templates[0]["start"] = {"earliest": "00:00", "latest": hhmm(1440 - m), "step_minutes": m if days <= 7 else max(m, 30)}
    else:
        L = templates[0]["length_minutes"]
        L = L if isinstance(L, int) else L["max"]
        templates[0]["start"] = {"earliest": hhmm(open_from), "latest": hhmm(max(open_from, open_to - m)),
                                 "step_minutes": m}
    # Day limits on some templates (binding or not).
    for t in templates[1:]:
        if rng.random() < 0.3:
            t["max_per_day"] = max(1, int(peak * rng.uniform(0.05, 0.4)))
    rows = demand(rng, m, days, cyclic, open_from, open_to, peak)
    penalty = None if rng.random() < 0.5 else round(rng.uniform(0.3, 3.0) * m / 60, 3)
    shifts = {"interval_minutes": m, "cyclic": cyclic, "templates": templates,
              "understaffing_penalty": penalty}
    meta = dict(seed=seed, interval=m, horizon=horizon, cyclic=cyclic, templates=len(templates),
                peak=peak, hard=penalty is None)
    return rows, shifts, meta


def lookalike(kind, seed):
    """Look-alikes of the two held-out cases of issue 17."""
    rng = random.Random(seed)
    if kind == "hourly":
        # 24/7 week hourly, 4 templates, one meal break each (~410 shift columns).
        m, peak = 60, rng.randint(40, 90)
        specs = [("early", 5 * 60, 10 * 60, 480), ("day", 8 * 60, 14 * 60, 540),
                 ("late", 14 * 60, 19 * 60, 480), ("night", 20 * 60, 23 * 60, 540)]
        templates = []
        for name, e, l, length in specs:
            templates.append({"name": name, "days": list(DAYS),
                              "start": {"earliest": hhmm(e), "latest": hhmm(l), "step_minutes": 60},
                              "length_minutes": length,
                              "breaks": [{"minutes": 60, "earliest_offset_minutes": 180,
                                          "latest_offset_minutes": 300, "paid": False}],
                              "cost": {"per_shift": 0.0, "per_paid_hour": round(rng.uniform(0.95, 1.1), 3),
                                       **({"night_premium": {"from": "22:00", "to": "06:00", "per_hour": 0.25}}
                                          if name == "night" else {})},
                              "max_per_day": None})
        # Widen the windows until the candidates are about 410.
        templates[0]["start"]["earliest"] = "04:00"
        templates[2]["start"]["latest"] = "21:00"
        templates[3]["start"]["earliest"] = "19:00"
        templates[3]["start"]["latest"] = "03:00"
    else:
        # 24/7 week at 15 min, 6 templates with 0-3 breaks.
        m, peak = 15, rng.randint(40, 120)
        def brk(minutes, e, l, paid):
            return {"minutes": minutes, "earliest_offset_minutes": e, "latest_offset_minutes": l, "paid": paid}
        templates = [
            {"name": "eight", "days": list(DAYS), "start": {"earliest": "00:00", "latest": "23:45", "step_minutes": 15},
             "length_minutes": 480, "breaks": [], "cost": {"per_shift": 0.0, "per_paid_hour": 1.0}, "max_per_day": None},
            {"name": "meal9", "days": list(DAYS), "start": {"earliest": "06:00", "latest": "12:00", "step_minutes": 15},
             "length_minutes": 540, "breaks": [brk(60, 180, 300, False)],
             "cost": {"per_shift": 0.0, "per_paid_hour": 1.0}, "max_per_day": None},
            {"name": "ten", "days": list(DAYS), "start": {"earliest": "07:00", "latest": "13:00", "step_minutes": 15},
             "length_minutes": 600, "breaks": [brk(15, 90, 150, True), brk(30, 240, 330, False), brk(15, 420, 480, True)],
             "cost": {"per_shift": 0.0, "per_paid_hour": 0.97}, "max_per_day": None},
            {"name": "part", "days": list(DAYS), "start": {"earliest": "09:00", "latest": "18:00", "step_minutes": 15},
             "length_minutes": 240, "breaks": [brk(15, 90, 150, True)],
             "cost": {"per_shift": 0.5, "per_paid_hour": 1.0}, "max_per_day": rng.randint(4, 12)},
            {"name": "night", "days": list(DAYS), "start": {"earliest": "20:00", "latest": "23:00", "step_minutes": 15},
             "length_minutes": 510, "breaks": [brk(30, 180, 300, False), brk(15, 360, 420, True)],
             "cost": {"per_shift": 0.0, "per_paid_hour": 1.0,
                      "night_premium": {"from": "22:00", "to": "06:00", "per_hour": 0.3}}, "max_per_day": None},
            {"name": "weekend", "days": ["sat", "sun"], "start": {"earliest": "08:00", "latest": "14:00", "step_minutes": 15},
             "length_minutes": 480, "breaks": [brk(15, 90, 180, True), brk(45, 210, 300, False)],
             "cost": {"per_shift": 0.0, "per_paid_hour": 1.0, "weekend_premium_per_hour": 0.2}, "max_per_day": None},
        ]
    rows = demand(rng, m, 7, True, 0, 1440, peak)
    shifts = {"interval_minutes": m, "cyclic": True, "templates": templates, "understaffing_penalty": None}
    return rows, shifts, dict(seed=seed, interval=m, horizon="week", cyclic=True, templates=len(templates),
                              peak=peak, hard=True, lookalike=kind)


def write(out, name, rows, shifts):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"{name}_requirements.csv"), "w") as f:
        f.write("timestamp,agents\n")
        for t, v in rows:
            f.write(f"{t.strftime('%Y-%m-%dT%H:%M')},{v}\n")
    with open(os.path.join(out, f"{name}_shifts.json"), "w") as f:
        json.dump(shifts, f, indent=1)


def seed_range(text):
    lo, _, hi = text.partition("-")
    return range(int(lo), int(hi or lo) + 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1000-1049")
    ap.add_argument("--lookalike", choices=["hourly", "quarter"])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    metas = []
    for s in seed_range(a.seeds):
        if a.lookalike:
            rows, shifts, meta = lookalike(a.lookalike, s)
            name = f"{a.lookalike}_{s}"
        else:
            rows, shifts, meta = instance(s)
            name = f"gen_{s}"
        write(a.out, name, rows, shifts)
        meta["name"] = name
        metas.append(meta)
    with open(os.path.join(a.out, "meta.json"), "w") as f:
        json.dump(metas, f, indent=1)


if __name__ == "__main__":
    main()
