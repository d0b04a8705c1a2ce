#!/usr/bin/env python3
"""Oracle for the coordinate tests: 1,000 seeded WGS84 points per system, and what pyproj makes of
them (forward from EPSG:4326, always x/y order), as JSON."""
import json
import random
import sys

from pyproj import Transformer

SYSTEMS = {25832: (6.0, 12.0), 25833: (12.0, 15.0), 3857: (5.9, 15.0),
           31466: (5.9, 7.5), 31467: (7.5, 10.5), 31468: (10.5, 13.5), 31469: (13.5, 15.0)}


def main() -> None:
    rng = random.Random(2026)
    out = {}
    for epsg, (lo, hi) in SYSTEMS.items():
        t = Transformer.from_crs(4326, epsg, always_xy=True)
        pts = [(rng.uniform(lo, hi), rng.uniform(47.3, 55.0)) for _ in range(1000)]
        xs, ys = t.transform([p[0] for p in pts], [p[1] for p in pts])
        out[str(epsg)] = {"lonlat": pts, "xy": list(zip(xs, ys))}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
