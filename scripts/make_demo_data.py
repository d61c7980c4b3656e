#!/usr/bin/env python3
"""Generate the demo online shop's interval history (deterministic; output is committed).

A Chinese online shop's customer service, 30-minute intervals, open 08:00-24:00 every day,
from 2024-09-02 to 2024-11-24 (12 weeks). Pre-sales chat peaks in the evening and on the
Double 11 (11.11) festival (pre-sale from 10-21 evening, the night of 11-10 to 11-11 is the
peak); after-sales phone follows a few days later (returns, delivery questions); tickets
arrive around the clock but are only worked during opening hours. National Day week
(10-01..10-07) lowers after-sales and lifts pre-sales. Volumes are Poisson around the pattern.
Run: python3 scripts/make_demo_data.py  (writes examples/shop/*.csv)
"""
import csv
import datetime as dt
import math
import random

random.seed(20241111)
START = dt.date(2024, 9, 2)
DAYS = 84
OUT = "examples/shop"


def poisson(lam):
    if lam <= 0:
        return 0
    if lam > 60:
        return max(0, round(random.gauss(lam, math.sqrt(lam))))
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= random.random()
        if p <= l:
            return k
        k += 1


def intraday(kind, minute):
    h = minute / 60.0
    if kind == "chat":  # morning ramp, lunch bump, strong evening peak 20:00-22:30
        return (0.35 + 0.5 * math.exp(-((h - 11) ** 2) / 3) + 0.35 * math.exp(-((h - 14.5) ** 2) / 4)
                + 1.0 * math.exp(-((h - 21.2) ** 2) / 2.5))
    if kind == "phone":  # business-hours calls, peak late morning and early afternoon
        return 0.2 + 0.9 * math.exp(-((h - 10.5) ** 2) / 3) + 0.75 * math.exp(-((h - 15) ** 2) / 5)
    return 0.6 + 0.4 * math.exp(-((h - 10) ** 2) / 8)  # tickets: flatter


WEEKDAY = {"chat": [0.95, 0.9, 0.9, 0.95, 1.0, 1.25, 1.2],
           "phone": [1.25, 1.1, 1.0, 1.0, 0.95, 0.75, 0.7],
           "ticket": [1.3, 1.1, 1.0, 1.0, 0.95, 0.7, 0.8]}
DAILY = {"chat": 1300, "phone": 500, "ticket": 280}
AHT = {"chat": 420, "phone": 300, "ticket": 600}


def festival(kind, day):
    d11 = dt.date(2024, 11, 11)
    delta = (day - d11).days
    if kind == "chat":
        if day == dt.date(2024, 10, 21):  # pre-sale deposits open
            return 2.2
        if -3 <= delta <= 0:
            return [1.5, 1.8, 2.4, 3.6][delta + 3]
        if 1 <= delta <= 3:
            return 1.4
        if dt.date(2024, 10, 1) <= day <= dt.date(2024, 10, 7):
            return 1.3
    else:
        if 1 <= delta <= 10:
            return 1.0 + 1.2 * math.exp(-((delta - 4) ** 2) / 8)
        if dt.date(2024, 10, 1) <= day <= dt.date(2024, 10, 7):
            return 0.6
    return 1.0


def main():
    for kind, name in [("chat", "presales_chat"), ("phone", "aftersales_phone"), ("ticket", "tickets")]:
        shape = [intraday(kind, m) for m in range(8 * 60, 24 * 60, 30)]
        norm = sum(shape)
        with open(f"{OUT}/{name}.csv", "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["timestamp", "volume", "aht_seconds"])
            for d in range(DAYS):
                day = START + dt.timedelta(days=d)
                trend = 1.0 + 0.002 * d
                level = DAILY[kind] * WEEKDAY[kind][day.weekday()] * festival(kind, day) * trend
                for slot in range(48):
                    minute = slot * 30
                    t = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)
                    if kind == "ticket":
                        lam = level / 48 * (0.4 + 0.6 * (minute >= 8 * 60))
                    elif minute < 8 * 60:
                        lam = 0
                    else:
                        lam = level * shape[(minute - 8 * 60) // 30] / norm
                    vol = poisson(lam)
                    busy = 1.0 + 0.15 * (festival(kind, day) - 1.0)
                    aht = round(random.gauss(AHT[kind] * busy, AHT[kind] * 0.05)) if vol else ""
                    w.writerow([t.strftime("%Y-%m-%dT%H:%M"), vol, aht])


if __name__ == "__main__":
    main()
