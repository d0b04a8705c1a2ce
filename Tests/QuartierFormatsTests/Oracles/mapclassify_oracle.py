#!/usr/bin/env python3
"""Oracle for the classification tests: mapclassify's results on three data sets, as JSON.

Data sets: mapclassify's bundled calemp (California employment density), a seeded log-normal
sample (skewed, as social indicators often are), and a seeded sample of rounded shares with
many ties. For each: the values, and per method the bins and the class counts.
"""
import json
import sys
import warnings

import mapclassify
import numpy as np

warnings.filterwarnings("ignore")


def datasets():
    yield "calemp", mapclassify.load_example().tolist()
    rng = np.random.default_rng(7)
    yield "lognormal", np.round(rng.lognormal(2.0, 0.8, 500), 3).tolist()
    rng = np.random.default_rng(11)
    yield "shares_with_ties", np.round(rng.normal(12.0, 4.0, 300).clip(0, 40), 1).tolist()


def main() -> None:
    out = []
    for name, y in datasets():
        arr = np.asarray(y, dtype=float)
        manual = [float(np.percentile(arr, 30)), float(np.percentile(arr, 60)), float(np.percentile(arr, 90))]
        methods = {
            "quantile": mapclassify.Quantiles(arr, k=5),
            "equal": mapclassify.EqualInterval(arr, k=5),
            "jenks": mapclassify.FisherJenks(arr, k=5),
            "stddev": mapclassify.StdMean(arr),
            "headtail": mapclassify.HeadTailBreaks(arr),
            "maxbreaks": mapclassify.MaximumBreaks(arr, k=5),
            "manual": mapclassify.UserDefined(arr, manual),
        }
        out.append({
            "name": name,
            "values": y,
            "manual": manual,
            "results": {m: {"bins": [float(b) for b in c.bins], "counts": [int(n) for n in c.counts]} for m, c in methods.items()},
        })
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
