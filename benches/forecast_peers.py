"""Peer forecasters on the public series of benches/data/forecast/, under the protocol of
../shared/reference/forecast_peers.md as `paiban backtest --origins 20 --horizon-days 5` runs it:
origins are the last 20 calendar-day boundaries whose 5-day horizon ends with the last day of
the file; each origin fits on every row before it and forecasts the rows of the next 5 calendar
days; "1d" scores the first day, "5d" all five; WAPE and bias pooled over the scored rows;
forecasts clipped at 0; the 80% coverage is over all five days.

Peers (statsforecast 2.1.1, as the reference file): SeasonalNaive (weekly), MSTL (daily + weekly
seasonality, AutoETS trend), AutoETS (daily season). They get the file as a regular series of
its open weekdays x open times of day with gaps (holidays, a lost hour) filled from the same
interval a week earlier: an office-hours export (Mon-Fri 07-21) becomes 14 intervals a day and
70 a week, so the seasons line up across a missing holiday. Only the file's own rows are
scored, exactly those `paiban backtest` scores.

    python3 -m venv /tmp/fvenv && /tmp/fvenv/bin/pip install statsforecast==2.1.1
    /tmp/fvenv/bin/python benches/forecast_peers.py [--models MSTL,AutoETS] [--ets-weeks 8] [SERIES.csv ...]

Writes (merges into) benches/data/forecast/peers.csv. It takes a while (MSTL and AutoETS take
seconds per origin): run it under `nice`.
"""

import csv
import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
from statsforecast.models import MSTL, AutoETS, SeasonalNaive

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "forecast")
PEERS = os.path.join(HERE, "peers.csv")
ORIGINS, HORIZON = 20, 5
FIELDS = ["series", "model", "wape_1d", "wape_5d", "bias_5d", "cov80_1d", "cov80_5d", "seconds_per_origin"]


def regular(t, y):
    """The file's rows on a regular grid of its open weekdays x open times of day (those with
    rows on most days), gaps filled from the same interval a week earlier (a week later at the
    start), as a planner would before feeding a peer. Returns times, values, scored flags and
    the daily and weekly season lengths in intervals."""
    step = t.diff().dropna().min()
    dates = pd.Series(t.dt.normalize().unique())
    weeks = max((dates.iloc[-1] - dates.iloc[0]).days / 7.0, 1.0)
    wd = [w for w in range(7) if (dates.dt.weekday == w).sum() >= 0.5 * weeks]
    tod = t - t.dt.normalize()
    counts = tod.value_counts()
    slots = sorted(counts[counts >= 0.5 * len(dates)].index)
    days = [d for d in pd.date_range(dates.iloc[0], dates.iloc[-1]) if d.weekday() in wd]
    full = pd.DatetimeIndex([d + s for d in days for s in slots])
    v = pd.Series(y, index=t.values).groupby(level=0).sum().reindex(full)
    scored = v.notna().to_numpy()
    x = v.to_numpy().copy()
    day, week = len(slots), len(slots) * len(wd)
    for i in np.where(np.isnan(x))[0]:
        j = i - week
        while j >= 0 and np.isnan(x[j]):
            j -= week
        if j < 0:
            j = i + week
            while j < len(x) and np.isnan(x[j]):
                j += week
        x[i] = x[j] if 0 <= j < len(x) else 0.0
    assert step * day <= pd.Timedelta(days=1)
    return pd.Series(full), x, scored, day, week


def models(day, week):
    return {
        "SNaive-week": lambda: SeasonalNaive(season_length=week),
        "MSTL": lambda: MSTL(season_length=[day, week], trend_forecaster=AutoETS(model="ZZN")),
        "AutoETS": lambda: AutoETS(season_length=day),
    }


# Weeks of history AutoETS is fitted on when `--ets-weeks` is given (None: all of it). Its
# daily-season model needs no more than a few weeks, and on the long files it takes minutes
# per origin; the figures say which were run so.
ETS_WEEKS = None


def run(path, only=None):
    df = pd.read_csv(path)
    t, y, scored, day, week = regular(pd.to_datetime(df.timestamp), df.volume.to_numpy(dtype=float))
    last = t.iloc[-1].normalize()
    first_origin = last - pd.Timedelta(days=HORIZON - 1 + ORIGINS - 1)
    origins = [first_origin + pd.Timedelta(days=k) for k in range(ORIGINS)]
    name = os.path.basename(path)
    rows = []
    for model, make in models(day, week).items():
        if only and model not in only:
            continue
        abs1 = err1 = act1 = abs5 = err5 = act5 = 0.0
        in1 = n1 = in5 = n5 = 0
        secs = 0.0
        for o in origins:
            train = (t < o).to_numpy()
            if model == "AutoETS" and ETS_WEEKS:
                train &= (t >= o - pd.Timedelta(weeks=ETS_WEEKS)).to_numpy()
            window = ((t >= o) & (t < o + pd.Timedelta(days=HORIZON))).to_numpy()
            h = int(window.sum())
            keep = scored[window]
            first = ((t >= o) & (t < o + pd.Timedelta(days=1))).to_numpy()[window][keep]
            if keep.sum() == 0:
                continue
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                m = make()
                m.fit(y[train])
                p = m.predict(h=h, level=[80])
            secs += time.perf_counter() - start
            f = np.clip(p["mean"], 0, None)[keep]
            lo, hi = p["lo-80"][keep], p["hi-80"][keep]
            a = y[window][keep]
            inside = (lo <= a) & (a <= hi)
            abs5 += np.abs(f - a).sum(); err5 += (f - a).sum(); act5 += a.sum()
            in5 += inside.sum(); n5 += len(a)
            abs1 += np.abs(f - a)[first].sum(); err1 += (f - a)[first].sum(); act1 += a[first].sum()
            in1 += inside[first].sum(); n1 += first.sum()
        rows.append({
            "series": name, "model": model + (f" ({ETS_WEEKS} weeks)" if model == "AutoETS" and ETS_WEEKS else ""),
            "wape_1d": f"{abs1 / act1:.4f}", "wape_5d": f"{abs5 / act5:.4f}",
            "bias_5d": f"{err5 / act5:.4f}",
            "cov80_1d": f"{in1 / max(n1, 1):.4f}", "cov80_5d": f"{in5 / max(n5, 1):.4f}",
            "seconds_per_origin": f"{secs / ORIGINS:.3f}",
        })
        print(name, rows[-1], f"seasons {day}/{week}", flush=True)
    return rows


def main(paths, only):
    # Several runs may work on different series at once: read the file just before writing.
    for p in paths:
        merge(run(p, only))


def merge(rows):
    old = []
    if os.path.exists(PEERS):
        with open(PEERS) as f:
            old = list(csv.DictReader(r for r in f if not r.startswith("#")))
    base = lambda m: m.split(" (")[0]
    done = {(r["series"], base(r["model"])) for r in rows}
    new = [r for r in old if (r["series"], base(r["model"])) not in done] + rows
    new.sort(key=lambda r: (r["series"], r["model"]))
    with open(PEERS, "w") as f:
        f.write("# Written by benches/forecast_peers.py (statsforecast 2.1.1); see benches/data/forecast/README.md\n")
        w = csv.DictWriter(f, FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(new)


if __name__ == "__main__":
    args = sys.argv[1:]
    only = None
    while args and args[0].startswith("--"):
        if args[0] == "--ets-weeks":
            ETS_WEEKS = int(args[1])
        elif args[0] == "--models":
            only = args[1].split(",")
        args = args[2:]
    paths = args or sorted(
        os.path.join(HERE, f) for f in os.listdir(HERE) if f.endswith(".csv") and f != "peers.csv"
    )
    main(paths, only)
