#!/usr/bin/env python3
"""Independent reference values for paiban's staffing module.

Generates tests/data/staffing/independent.csv once; the Rust test tests/staffing_independent.rs
compares against it (the test suite does not need Python). Run:

    python3 -m venv /tmp/venv-staffing
    /tmp/venv-staffing/bin/pip install mpmath numpy scipy
    /tmp/venv-staffing/bin/python benches/staffing_reference.py > tests/data/staffing/independent.csv

Independent of the Rust code on purpose:
- Erlang B from the closed form B = A^N e^{-A} / Gamma(N+1, A) (upper incomplete gamma) in
  60-digit mpmath arithmetic, not the recursion; Erlang C, SL, ASA from it.
- Erlang A and chat: the stationary distribution summed state by state in mpmath over an
  explicit truncation (terms below 1e-40 of the total), and the service level from the tagged
  contact's own Markov chain (position in queue, own patience) by a matrix exponential
  (scipy.linalg.expm), not from the incomplete-beta closed form used in Rust.
"""
import csv
import math
import random
import sys

import mpmath as mp
import numpy as np
from scipy.linalg import expm

mp.mp.dps = 60
rng = random.Random(20260601)

COLUMNS = ["model", "agents", "volume", "interval_seconds", "aht_seconds", "patience_seconds",
           "answer_seconds", "concurrency_aht", "blocking", "p_wait", "service_level",
           "asa_seconds", "occupancy", "p_abandon"]


def erlang_c_case(n, a, aht, t):
    b = mp.power(a, n) * mp.exp(-a) / mp.gammainc(n + 1, a)
    row = {"blocking": b}
    if n > a:
        c = n * b / (n - a * (1 - b))
        row.update(p_wait=c, service_level=1 - c * mp.exp(-(n - a) * t / aht),
                   asa_seconds=c * aht / (n - a), occupancy=mp.mpf(a) / n)
    return row


def tagged_service_probabilities(d, theta, t, jmax):
    """u[j] = P(answered within t | j contacts ahead), from the tagged contact's chain."""
    if t == 0:
        return np.zeros(jmax + 1)
    size = jmax + 3  # states 0..jmax (ahead), served, abandoned
    served, abandoned = jmax + 1, jmax + 2
    q = np.zeros((size, size))
    for m in range(jmax + 1):
        fwd = d + m * theta
        q[m, served if m == 0 else m - 1] += fwd
        q[m, abandoned] += theta
        q[m, m] -= fwd + theta
    p = expm(q * t)
    return p[: jmax + 1, served]


def queue_case(lam, head_rates, d, theta, t, slots, agents, busy_of_state):
    """Birth-death chain: head states 0..S with death rates head_rates[s-1], then a queue
    served at rate d with abandonment theta. Returns the measures."""
    lam = mp.mpf(lam)
    pis = [mp.mpf(1)]
    for r in head_rates:
        pis.append(pis[-1] * lam / r)
    head_total = mp.fsum(pis)
    w = [mp.mpf(1)]
    j = 0
    while True:
        j += 1
        r = lam / (d + j * theta)
        w.append(w[-1] * r)
        if r < 1 and w[-1] * r / (1 - r) < mp.mpf(10) ** -40 * mp.fsum(w):
            break
        if j > 20000:
            raise RuntimeError("queue too long")
    piS = pis[-1]
    tail = [piS * x for x in w[1:]]
    z = head_total + mp.fsum(tail)
    p_wait = (piS + mp.fsum(tail)) / z
    lq = mp.fsum((i + 1) * x for i, x in enumerate(tail)) / z
    in_service = (mp.fsum(s * p for s, p in enumerate(pis)) + slots * mp.fsum(tail)) / z
    u = tagged_service_probabilities(float(d), float(theta), float(t), len(w) - 1)
    queue_probs = [piS / z] + [x / z for x in tail]
    sl = mp.fsum(pis[:-1]) / z + mp.fsum(mp.mpf(float(uj)) * p for uj, p in zip(u, queue_probs))
    return dict(p_wait=p_wait, service_level=sl, asa_seconds=lq / lam,
                occupancy=in_service / slots, p_abandon=theta * lq / lam)


def fmt(x):
    return "" if x is None else mp.nstr(x, 17, min_fixed=-30, max_fixed=30)


def main():
    out = csv.DictWriter(sys.stdout, COLUMNS, lineterminator="\n")
    out.writeheader()
    interval = 1800.0
    # Erlang B/C over the whole supported range: A in [0.01, 5000] (log-uniform), N <= 10,000.
    for i in range(2000):
        a = 10 ** rng.uniform(-2, math.log10(5000))
        if i % 10 == 0:
            n = rng.randint(1, 10000)
        else:
            n = max(1, int(a) + rng.randint(-2, int(4 * math.sqrt(a)) + 5))
        aht = rng.choice([30.0, 60.0, 120.0, 180.0, 300.0, 600.0])
        t = rng.choice([0.0, 10.0, 15.0, 20.0, 30.0, 60.0])
        volume = a * interval / aht
        row = erlang_c_case(n, mp.mpf(volume) * aht / interval, aht, t)
        row.update(model="erlang_c", agents=n, volume=repr(volume), interval_seconds=interval,
                   aht_seconds=aht, answer_seconds=t)
        out.writerow({k: (fmt(v) if isinstance(v, mp.mpf) else v) for k, v in row.items()})
    # Erlang A: A in [0.1, 150], N around A, patience 10 s .. 1 h.
    for i in range(600):
        a = 10 ** rng.uniform(-1, math.log10(150))
        n = max(0, int(a + rng.uniform(-2, 4) * math.sqrt(a)))
        aht = rng.choice([60.0, 180.0, 300.0])
        patience = rng.choice([10.0, 60.0, 180.0, 600.0, 3600.0])
        t = rng.choice([0.0, 10.0, 20.0, 60.0])
        lam = a / aht
        theta = 1.0 / patience
        head = [mp.mpf(s) / aht for s in range(1, n + 1)]
        row = queue_case(lam, head, mp.mpf(n) / aht, mp.mpf(theta), t, max(n, 1), n, None)
        if n == 0:
            row["occupancy"] = mp.mpf(0)
        row.update(model="erlang_a", agents=n, volume=repr(lam * interval),
                   interval_seconds=interval, aht_seconds=aht, patience_seconds=patience,
                   answer_seconds=t)
        out.writerow({k: (fmt(v) if isinstance(v, mp.mpf) else v) for k, v in row.items()})
    # Chat: k = 1..3 with handle time rising with concurrency, with and without patience.
    for i in range(300):
        k = rng.randint(1, 3)
        base = rng.choice([180.0, 300.0, 420.0])
        levels = [base * (1 + 0.25 * l) for l in range(k)]
        n = rng.randint(1, 30)
        capacity = n * k / levels[-1]
        lam = capacity * rng.uniform(0.3, 0.97)
        patience = rng.choice([None, 120.0, 600.0])
        theta = 0.0 if patience is None else 1.0 / patience
        t = rng.choice([0.0, 30.0, 60.0])

        def rate(s):
            q, r = divmod(s, n)
            tot = mp.mpf(0)
            if q > 0:
                tot += (n - r) * mp.mpf(q) / levels[q - 1]
            if r > 0:
                tot += r * mp.mpf(q + 1) / levels[q]
            return tot

        head = [rate(s) for s in range(1, n * k + 1)]
        row = queue_case(lam, head, mp.mpf(n * k) / levels[-1], mp.mpf(theta), t, n * k, n, None)
        if patience is None:
            row.pop("p_abandon")
        row.update(model="chat", agents=n, volume=repr(lam * interval), interval_seconds=interval,
                   aht_seconds=levels[0], patience_seconds="" if patience is None else patience,
                   answer_seconds=t, concurrency_aht=";".join(repr(x) for x in levels))
        out.writerow({k2: (fmt(v) if isinstance(v, mp.mpf) else v) for k2, v in row.items()})


if __name__ == "__main__":
    main()
