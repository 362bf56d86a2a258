#!/usr/bin/env python3
"""Writes the benchmark dataset: a real signalgap dataset, synthetic and seeded.

    bench/generate.py OUT_FOLDER [--takedowns 1000000] [--figures 200000] [--seed 20160205]

Takedown counts are flows whose windows never overlap within a series
(platform, measure, unit), so that the quarterly metrics and a plain SQL
apportionment must agree figure for figure. Notes carry commas, doubled
quotes and the odd newline, as real notes do.
"""
import argparse
import datetime
import json
import os
import random
import subprocess
import sys

PLATFORMS = ["twitter", "facebook", "youtube", "google", "microsoft", "telegram", "europol_iru"]
ONLINE = [("accounts_suspended", "accounts"), ("content_actioned", "pieces"), ("items_referred", "items"),
          ("items_assessed", "items"), ("government_requests", "requests"), ("accounts_named_in_requests", "accounts")]
OFFLINE = [("travelled", "people"), ("arrested", "people"), ("returned", "people"), ("killed", "people"),
           ("charged", "people")]
COUNTRIES = [line.split("\t")[0] for line in open("/usr/share/zoneinfo/iso3166.tab") if not line.startswith("#")]
EPOCH = datetime.date(1900, 1, 1)
NOTES = [
    "", "", "", "", "", "", "",
    'figure as stated, "primarily related to ISIS", per the source',
    "includes accounts found by internal tools, spam tools",
    'restated later; "about" in the source',
    "first line of a note\nsecond line, after a newline",
]


def notes(rng):
    pick = rng.randrange(1000)
    if pick == 0:
        return NOTES[-1]
    return NOTES[pick % (len(NOTES) - 1)]


def figure(rng):
    value = rng.randrange(0, 500000)
    kind = rng.randrange(10)
    if kind < 7:
        return str(value), "", "", "exact"
    if kind == 7:
        return str(value), "", "", "more_than"
    if kind == 8:
        return str(value), str(value - value // 10), str(value + value // 10), "about"
    return "", str(value), str(value + rng.randrange(1, 1000)), "range"


def series_rows(rng, count, series, write, row_id):
    """Spreads `count` consecutive, non-overlapping flows over the series round-robin."""
    cursors = [0] * len(series)
    for index in range(count):
        s = index % len(series)
        length = rng.randrange(1, 4)
        start = EPOCH + datetime.timedelta(days=cursors[s])
        end = start + datetime.timedelta(days=length - 1)
        cursors[s] += length
        write(series[s], start.isoformat(), end.isoformat(), row_id(index))


def quote(field):
    if any(c in field for c in ',"\r\n'):
        return '"' + field.replace('"', '""') + '"'
    return field


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--takedowns", type=int, default=1_000_000)
    parser.add_argument("--figures", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=20160205)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    name = os.path.basename(os.path.normpath(args.out))
    os.makedirs(args.out, exist_ok=True)

    # The descriptor comes from signalgap itself, so the schema is the real one.
    signalgap = os.environ.get("SIGNALGAP", ".build/release/signalgap")
    scratch = os.path.join(os.path.dirname(os.path.normpath(args.out)), ".scaffold")
    subprocess.run(["rm", "-rf", scratch], check=True)
    subprocess.run([signalgap, "new-dataset", name, "--datasets", scratch], check=True, stdout=subprocess.DEVNULL)
    descriptor = json.load(open(os.path.join(scratch, name, "datapackage.json")))
    descriptor["title"] = "Benchmark: synthetic takedown counts and offline figures"
    descriptor["description"] = f"Seeded ({args.seed}) synthetic data for make bench; not real figures."
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "clusters"]
    with open(os.path.join(args.out, "datapackage.json"), "w") as out:
        json.dump(descriptor, out, indent=2)
    subprocess.run(["rm", "-rf", scratch], check=True)

    with open(os.path.join(args.out, "sources.csv"), "w", newline="") as out:
        out.write("id,url,title,publisher,published,retrieved,status,notes\r\n")
        for index in range(10):
            status = "verified" if index % 3 else "secondary"
            out.write(f"src{index},https://example.org/{index},Synthetic source {index},Benchmark,2016-02-0{index % 9 + 1},,{status},\r\n")

    header = "id,platform,measure,unit,start,start_precision,end,end_precision,kind,value,low,high,qualifier,source,supersedes,notes\r\n"
    with open(os.path.join(args.out, "takedowns.csv"), "w", newline="") as out:
        out.write(header)
        series = [(p, m, u) for p in PLATFORMS for m, u in ONLINE]

        def write(s, start, end, row_id):
            value, low, high, qualifier = figure(rng)
            fields = [row_id, s[0], s[1], s[2], start, "day", end, "day", "flow", value, low, high, qualifier,
                      f"src{rng.randrange(10)}", "", notes(rng)]
            out.write(",".join(quote(f) for f in fields) + "\r\n")
        series_rows(rng, args.takedowns, series, write, lambda i: f"t{i:07d}")

    header = "id,scope,subject,measure,unit,start,start_precision,end,end_precision,kind,value,low,high,qualifier,source,supersedes,notes\r\n"
    with open(os.path.join(args.out, "figures.csv"), "w", newline="") as out:
        out.write(header)
        series = [("country", c, m, u) for c in COUNTRIES for m, u in OFFLINE]

        def write(s, start, end, row_id):
            value, low, high, qualifier = figure(rng)
            fields = [row_id, s[0], s[1], s[2], s[3], start, "day", end, "day", "flow", value, low, high, qualifier,
                      f"src{rng.randrange(10)}", "", notes(rng)]
            out.write(",".join(quote(f) for f in fields) + "\r\n")
        series_rows(rng, args.figures, series, write, lambda i: f"f{i:07d}")


if __name__ == "__main__":
    sys.exit(main())
