#!/usr/bin/env python3
"""Checks that `signalgap stats --format csv` and the reference SQL agree.

    compare-quarterly.py SIGNALGAP_CSV REFERENCE_CSV

Every (quarter, platform, measure) cell of the reference must appear in
signalgap's online totals with the same low bound, to within the rounding
that signalgap's exact apportionment allows: shares are whole ten-thousandths,
so a cell of n figures may differ from the floating-point sum by n / 10,000.
"""
import csv
import sys

ours = {}
with open(sys.argv[1], newline="") as handle:
    for row in csv.DictReader(handle):
        if row["side"] == "online":
            ours[(row["quarter"], row["subject"], row["measure"])] = (float(row["low"]), int(row["figures"]))
reference = {}
with open(sys.argv[2], newline="") as handle:
    for row in csv.DictReader(handle):
        reference[(row["quarter"], row["platform"], row["measure"])] = float(row["low"])

missing = sorted(set(reference) - set(ours))
extra = sorted(set(ours) - set(reference))
worst = 0.0
wrong = []
for key, expected in reference.items():
    if key not in ours:
        continue
    actual, figures = ours[key]
    difference = abs(actual - expected)
    worst = max(worst, difference)
    if difference > figures / 10_000 + 1e-6:
        wrong.append((key, actual, expected))
if missing or extra or wrong:
    print(f"quarterly totals differ: {len(missing)} cells missing, {len(extra)} extra, {len(wrong)} different")
    for item in (missing[:3] + extra[:3] + wrong[:3]):
        print("  ", item)
    sys.exit(1)
print(f"quarterly totals agree: {len(reference)} cells, largest difference {worst:.4f}")
