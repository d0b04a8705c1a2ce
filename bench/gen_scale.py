"""Generates the scale benchmark's data: TOWNS municipalities with AREAS areas each (squares on
a grid, WGS84 GeoJSON) and one long CSV per town with VARIABLES standard variables for YEARS
reference dates. Deterministic (seeded). Usage: python3 gen_scale.py OUT [towns areas variables years]"""
import json
import os
import random
import sys

out = sys.argv[1]
towns, areas, variables, years = (int(x) for x in (sys.argv[2:6] if len(sys.argv) >= 6 else (400, 50, 30, 10)))
# The first standard variables of Quartier's catalogue, so the standard indicators follow.
KEYS = ["ew_gesamt", "ew_0_2", "ew_3_5", "ew_6_9", "ew_10_14", "ew_15_17", "ew_18_24", "ew_25_64", "ew_65_79", "ew_80_plus",
        "ew_weiblich", "ew_0_2_w", "ew_3_5_w", "ew_6_9_w", "ew_10_14_w", "ew_15_17_w", "ew_18_24_w", "ew_25_64_w", "ew_65_79_w",
        "ew_80_plus_w", "ew_auslaendisch", "hh_mit_kindern", "hh_alleinerziehend", "hh_gesamt", "hh_einpersonen", "ew_wohndauer_5",
        "sgb2_personen", "sgb2_u15", "sgb2_bg", "alo_gesamt", "alo_u25", "alo_langzeit", "svb_wohnort", "grusi_65"][:variables]
SHARE = {"ew_0_2": .03, "ew_3_5": .03, "ew_6_9": .04, "ew_10_14": .05, "ew_15_17": .03, "ew_18_24": .08, "ew_25_64": .52,
         "ew_65_79": .15, "ew_80_plus": .07, "ew_weiblich": .51, "ew_auslaendisch": .12, "hh_mit_kindern": .1, "hh_alleinerziehend": .02,
         "hh_gesamt": .5, "hh_einpersonen": .2, "ew_wohndauer_5": .6, "sgb2_personen": .08, "sgb2_u15": .02, "sgb2_bg": .04,
         "alo_gesamt": .04, "alo_u25": .005, "alo_langzeit": .015, "svb_wohnort": .35, "grusi_65": .01}
rng = random.Random(20261125)
side = int(areas ** 0.5 + 0.999)
for t in range(towns):
    d = os.path.join(out, f"g{t:03d}")
    os.makedirs(d, exist_ok=True)
    x0, y0 = 6.0 + (t % 20) * 0.35, 47.5 + (t // 20) * 0.25
    features = []
    for a in range(areas):
        x, y = x0 + (a % side) * 0.03, y0 + (a // side) * 0.03
        ring = [[x, y], [x + 0.03, y], [x + 0.03, y + 0.03], [x, y + 0.03], [x, y]]
        features.append({"type": "Feature", "properties": {"code": f"{t:03d}{a:03d}", "name": f"Gebiet {a + 1}"},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    with open(os.path.join(d, "gebiete.geojson"), "w") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f)
    lines = ["Gebiet;Variable;Jahr;Wert"]
    for a in range(areas):
        base = rng.randint(400, 4000)
        for y in range(years):
            total = int(base * (1 + 0.01 * (y - years / 2)))
            for k in KEYS:
                v = total if k == "ew_gesamt" else int(total * SHARE.get(k.removesuffix("_w"), .05) * (0.5 if k.endswith("_w") else 1) * rng.uniform(0.6, 1.4))
                lines.append(f"{t:03d}{a:03d};{k};{2016 + y};{v}")
    with open(os.path.join(d, "werte.csv"), "w") as f:
        f.write("\n".join(lines) + "\n")
print(f"{towns} towns × {areas} areas × {len(KEYS)} variables × {years} years = {towns * areas * len(KEYS) * years} values")
