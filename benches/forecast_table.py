"""The per-series table of benches/results/forecast.md: `paiban backtest` (auto and seasonal
naive) on every series of benches/data/forecast/series.csv next to the peers of peers.csv.

    cargo build --release --bin paiban
    python3 benches/forecast_table.py target/release/paiban > /tmp/table.md

Standard library only.
"""

import csv
import json
import os
import subprocess
import sys

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "forecast")


def rows(name):
    with open(os.path.join(HERE, name)) as f:
        return list(csv.reader(r for r in f if not r.startswith("#") and r.strip()))


def main(binary):
    peers = {}
    table = rows("peers.csv")
    head = table[0]
    for r in table[1:]:
        d = dict(zip(head, r))
        peers.setdefault(d["series"], {})[d["model"]] = d
    pct = lambda x: f"{100 * float(x):.2f}%"
    misses = {}
    print("| series | set | paiban 1d | paiban 5d | best peer 1d | best peer 5d | MSTL 1d / 5d | AutoETS 1d / 5d | SNaive 1d / 5d | paiban 80% cover 1d / 5d | MSTL 80% cover 1d / 5d |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for file, split, *_ in rows("series.csv"):
        out = subprocess.run(
            [binary, "backtest", "--history", os.path.join(HERE, file), "--origins", "20",
             "--horizon-days", "5", "--method", "auto", "--format", "json"],
            check=True, capture_output=True, text=True).stdout
        a = json.loads(out)["methods"][0]
        p = {n.split(" (")[0]: m for n, m in peers.get(file, {}).items()}
        def best(k):
            v = [(float(m[k]), n) for n, m in p.items() if m[k]]
            return min(v) if v else (float("nan"), "-")
        b1, b5 = best("wape_1d"), best("wape_5d")
        mark = lambda ours, peer: f"**{pct(ours)}**" if ours < peer else pct(ours)
        both = lambda n, k1, k2: f"{pct(p[n][k1])} / {pct(p[n][k2])}" if n in p else "not run"
        miss = []
        if not a["wape_1d"] < b1[0]:
            miss.append("wape_1d")
        if not a["wape_nd"] < b5[0]:
            miss.append("wape_5d")
        if not 0.75 <= a["coverage80_1d"] <= 0.85:
            miss.append("cover_1d")
        if not 0.75 <= a["coverage80"] <= 0.85:
            miss.append("cover_5d")
        misses[file] = (" ".join(miss) or "-") if p else "no_peers"
        peer = lambda b: f"{pct(b[0])} {b[1]}" if p else "not run"
        print(f"| {file.replace('.csv', '')} | {split} | {mark(a['wape_1d'], b1[0])} | {mark(a['wape_nd'], b5[0])} "
              f"| {peer(b1)} | {peer(b5)} | {both('MSTL', 'wape_1d', 'wape_5d')} "
              f"| {both('AutoETS', 'wape_1d', 'wape_5d')} | {both('SNaive-week', 'wape_1d', 'wape_5d')} "
              f"| {100 * a['coverage80_1d']:.1f}% / {100 * a['coverage80']:.1f}% "
              f"| {both('MSTL', 'cov80_1d', 'cov80_5d')} |")


    # The `misses` column of series.csv, by the same definitions as tests/forecast_series.rs.
    print()
    for file, m in misses.items():
        print(f"<!-- misses {file} {m} -->")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/release/paiban")
