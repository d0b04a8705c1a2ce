#!/usr/bin/env python3
"""Peer for the map benchmark: how an analyst draws a 542-area choropleth as SVG
(geopandas + matplotlib, quantile classes via mapclassify). Reads the areas once, then
times N renders of the map to an in-memory SVG and prints the median in milliseconds and
the SVG size.

  python3 peer_map.py areas.geojson N
"""
import io
import statistics
import sys
import time

import geopandas as gpd
import matplotlib
matplotlib.use("svg")
import matplotlib.pyplot as plt
import numpy as np


def main() -> None:
    path, n = sys.argv[1], int(sys.argv[2])
    gdf = gpd.read_file(path).to_crs(4326)
    gdf["value"] = np.random.default_rng(1).uniform(0, 40, len(gdf))
    times, size = [], 0
    for _ in range(n):
        t = time.perf_counter()
        fig, ax = plt.subplots(figsize=(8, 8))
        gdf.plot(column="value", scheme="Quantiles", k=5, cmap="OrRd", legend=True, ax=ax, edgecolor="white", linewidth=0.3)
        ax.set_axis_off()
        buf = io.StringIO()
        fig.savefig(buf, format="svg")
        plt.close(fig)
        size = len(buf.getvalue().encode())
        times.append((time.perf_counter() - t) * 1000)
    print(f"{statistics.median(times):.1f} {size}")


if __name__ == "__main__":
    main()
