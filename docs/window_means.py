#!/usr/bin/env python3
"""The means of cdn.hit_ratio and storage.busy_mean over the minute before,
during and after the outage of scenarios/netflix-cdn-outage-replicated.yaml
(60-120 s, 120-180 s, 180-240 s), from a run's --csv time series: the figures
docs/faults.md quotes. Usage: python3 docs/window_means.py run.csv"""
import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1])))


def mean(column, lo, hi):
    values = [float(r[column]) for r in rows if lo <= float(r["start_s"]) < hi and r[column] not in ("", "-")]
    return sum(values) / len(values)


minutes = [(mean("cdn.hit_ratio", lo, lo + 60), mean("storage.busy_mean", lo, lo + 60)) for lo in (60, 120, 180)]
print("cdn hit ratio:", " / ".join(f"{h:.3f}" for h, _ in minutes))
print("storage busy: ", " / ".join(f"{b:.2f}" for _, b in minutes))
