#!/usr/bin/env python3
"""Generate the schedule benchmark instances (requirement CSV + SHIFTS.json) deterministically.

    python3 benches/schedule_instances.py [--seed N --out DIR]

Requirement curve: a call-centre day (night floor, morning ramp, late-morning peak, lunch dip,
afternoon peak, evening decline), Monday highest, weekends at ~60 %, seeded noise.
"""
import argparse, datetime, json, math, os, random


def curve(minute, weekday, rng, scale):
    h = minute / 60.0
    base = 3.0
    peak1 = 55.0 * math.exp(-((h - 10.5) / 1.8) ** 2)
    peak2 = 48.0 * math.exp(-((h - 14.8) / 2.0) ** 2)
    evening = 22.0 * math.exp(-((h - 19.5) / 2.2) ** 2)
    day_factor = [1.12, 1.02, 1.0, 0.98, 0.95, 0.62, 0.55][weekday]
    v = base + day_factor * (peak1 + peak2 + evening)
    v *= scale * (1.0 + rng.uniform(-0.06, 0.06))
    return max(1, int(round(v)))


def week_instance(seed):
    rng = random.Random(seed)
    scale = 1.0 + 0.1 * (seed % 3)
    start = datetime.datetime(2024, 1, 1)
    rows = []
    for i in range(7 * 96):
        t = start + datetime.timedelta(minutes=15 * i)
        rows.append((t, curve(t.hour * 60 + t.minute, t.weekday(), rng, scale)))
    all_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    shifts = {
        "interval_minutes": 15,
        "cyclic": True,
        "templates": [
            {"name": "full8", "days": all_days,
             "start": {"earliest": "00:00", "latest": "23:45", "step_minutes": 15},
             "length_minutes": 480, "breaks": [],
             "cost": {"per_shift": 0.0, "per_paid_hour": 1.0}, "max_per_day": None},
            {"name": "meal9", "days": all_days,
             "start": {"earliest": "06:00", "latest": "13:00", "step_minutes": 15},
             "length_minutes": 540,
             "breaks": [{"minutes": 60, "earliest_offset_minutes": 180,
                         "latest_offset_minutes": 300, "paid": False}],
             "cost": {"per_shift": 0.0, "per_paid_hour": 1.0}, "max_per_day": None},
            {"name": "long10", "days": all_days,
             "start": {"earliest": "06:00", "latest": "12:00", "step_minutes": 15},
             "length_minutes": 600,
             "breaks": [
                 {"minutes": 15, "earliest_offset_minutes": 90, "latest_offset_minutes": 150, "paid": True},
                 {"minutes": 30, "earliest_offset_minutes": 240, "latest_offset_minutes": 330, "paid": False},
                 {"minutes": 15, "earliest_offset_minutes": 420, "latest_offset_minutes": 480, "paid": True}],
             "cost": {"per_shift": 0.0, "per_paid_hour": 0.97}, "max_per_day": None},
            {"name": "part4", "days": all_days,
             "start": {"earliest": "08:00", "latest": "18:00", "step_minutes": 15},
             "length_minutes": 240, "breaks": [],
             "cost": {"per_shift": 0.5, "per_paid_hour": 1.0}, "max_per_day": 8},
            {"name": "night", "days": all_days,
             "start": {"earliest": "21:00", "latest": "23:45", "step_minutes": 15},
             "length_minutes": 510,
             "breaks": [{"minutes": 30, "earliest_offset_minutes": 180,
                         "latest_offset_minutes": 300, "paid": False}],
             "cost": {"per_shift": 0.0, "per_paid_hour": 1.0,
                      "night_premium": {"from": "22:00", "to": "06:00", "per_hour": 0.25}},
             "max_per_day": None},
            {"name": "weekend", "days": ["sat", "sun"],
             "start": {"earliest": "07:00", "latest": "15:00", "step_minutes": 15},
             "length_minutes": 480,
             "breaks": [{"minutes": 30, "earliest_offset_minutes": 150,
                         "latest_offset_minutes": 270, "paid": True}],
             "cost": {"per_shift": 0.0, "per_paid_hour": 0.9,
                      "weekend_premium_per_hour": 0.2},
             "max_per_day": None},
        ],
        "understaffing_penalty": None,
    }
    return rows, shifts


def day_instance(seed):
    rng = random.Random(seed)
    start = datetime.datetime(2024, 1, 2)
    rows = []
    for i in range(48):
        t = start + datetime.timedelta(minutes=30 * i)
        m = t.hour * 60 + t.minute
        v = curve(m, 1, rng, 0.4) if 7 * 60 <= m < 22 * 60 else 0
        rows.append((t, v))
    days = ["tue"]
    shifts = {
        "interval_minutes": 30,
        "cyclic": False,
        "templates": [
            {"name": "full8", "days": days,
             "start": {"earliest": "07:00", "latest": "14:00", "step_minutes": 30},
             "length_minutes": 480,
             "breaks": [{"minutes": 30, "earliest_offset_minutes": 150,
                         "latest_offset_minutes": 300, "paid": True}],
             "cost": {"per_shift": 0.0, "per_paid_hour": 1.0}, "max_per_day": None},
            {"name": "meal9", "days": days,
             "start": {"earliest": "07:00", "latest": "13:00", "step_minutes": 30},
             "length_minutes": 540,
             "breaks": [{"minutes": 60, "earliest_offset_minutes": 180,
                         "latest_offset_minutes": 300, "paid": False}],
             "cost": {"per_shift": 0.0, "per_paid_hour": 1.0}, "max_per_day": None},
            {"name": "part4", "days": days,
             "start": {"earliest": "08:00", "latest": "18:00", "step_minutes": 30},
             "length_minutes": 240, "breaks": [],
             "cost": {"per_shift": 0.5, "per_paid_hour": 1.0}, "max_per_day": 6},
            {"name": "late", "days": days,
             "start": {"earliest": "14:00", "latest": "16:00", "step_minutes": 30},
             "length_minutes": {"min": 360, "max": 480, "step": 60},
             "breaks": [{"minutes": 30, "earliest_offset_minutes": 120,
                         "latest_offset_minutes": 210, "paid": False}],
             "cost": {"per_shift": 0.25, "per_paid_hour": 1.0,
                      "night_premium": {"from": "21:00", "to": "06:00", "per_hour": 0.5}},
             "max_per_day": None},
        ],
        "understaffing_penalty": None,
    }
    return rows, shifts


def tight_instance(seed):
    """The week with per-day limits that bind and a priced shortfall: a fractional LP."""
    rows, shifts = week_instance(seed)
    rows = [(t, v + (7 if t.hour in (10, 11, 14) else 0)) for t, v in rows]
    lim = {"full8": 45, "meal9": 14, "long10": 10, "part4": 8, "night": 6, "weekend": 20}
    for t in shifts["templates"]:
        t["max_per_day"] = lim[t["name"]]
    shifts["understaffing_penalty"] = 0.6
    return rows, shifts


def many_templates_instance(seed):
    """24 templates: the 6 week templates x 4 pay grades, every start of the day allowed."""
    rows, shifts = week_instance(seed)
    rng = random.Random(5)
    base = shifts["templates"]
    tpls = []
    for k in range(24):
        t = json.loads(json.dumps(base[k % 6]))
        t["name"] = f"{t['name']}_{k}"
        t["start"]["earliest"] = "00:00"
        t["start"]["latest"] = "23:45"
        t["cost"]["per_paid_hour"] = round(rng.uniform(0.9, 1.1), 3)
        tpls.append(t)
    shifts["templates"] = tpls
    return rows, shifts


def write(out, name, rows, shifts):
    with open(os.path.join(out, f"{name}_requirements.csv"), "w") as f:
        f.write("timestamp,agents\n")
        for t, v in rows:
            f.write(f"{t:%Y-%m-%dT%H:%M},{v}\n")
    with open(os.path.join(out, f"{name}_shifts.json"), "w") as f:
        json.dump(shifts, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "data", "schedule"))
    ap.add_argument("--variants", type=int, default=3)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    write(a.out, "week15", *week_instance(1))
    write(a.out, "day30", *day_instance(1))
    write(a.out, "week15_tight", *tight_instance(1))
    write(a.out, "week15_24templates", *many_templates_instance(21))
    for s in range(2, 2 + a.variants):
        write(a.out, f"week15_seed{s}", *week_instance(s))
        write(a.out, f"day30_seed{s}", *day_instance(s))
