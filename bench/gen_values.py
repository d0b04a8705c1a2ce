#!/usr/bin/env python3
"""Writes a deterministic long-form CSV of ~1,000,000 values for the import benchmark.

Columns Gebiet;Variable;Jahr;Wert, German number format (thousands dot), UTF-8.
Uses Quartier's standard variable keys so the standard indicators appear after import;
one extra variable brings the count to 25 per area and year.

  python3 gen_values.py --areas town_areas.geojson --code-property SR_ID --years 74 --out values.csv
"""
import argparse
import json
import random

STANDARD = ["ew_gesamt", "ew_0_2", "ew_3_5", "ew_6_9", "ew_10_14", "ew_15_17", "ew_18_24", "ew_25_64",
            "ew_65_79", "ew_80_plus", "ew_weiblich", "ew_auslaendisch", "hh_mit_kindern", "hh_alleinerziehend",
            "sgb2_personen", "sgb2_u15", "sgb2_bg", "alo_gesamt", "alo_u25", "alo_langzeit", "svb_wohnort",
            "grusi_65", "kita_plaetze", "kita_betreut_3_5", "zusatz_wert"]
SHARES = [0.028, 0.028, 0.036, 0.045, 0.028, 0.075, 0.53, 0.155, 0.075]


def german(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--areas", required=True)
    ap.add_argument("--code-property", default="SR_ID")
    ap.add_argument("--years", type=int, default=74)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    with open(a.areas, encoding="utf-8") as f:
        codes = [str(ft["properties"][a.code_property]) for ft in json.load(f)["features"]]
    rng = random.Random(42)
    rows = 0
    with open(a.out, "w", encoding="utf-8", newline="") as out:
        out.write("Gebiet;Variable;Jahr;Wert\n")
        for year in range(2025 - a.years + 1, 2026):
            for code in codes:
                pop = rng.randint(1500, 12000)
                ages = [max(0, round(pop * s * rng.uniform(0.8, 1.2))) for s in SHARES]
                total = sum(ages)
                u15 = sum(ages[:4])
                u65 = total - ages[7] - ages[8]
                poverty = rng.uniform(0.02, 0.3)
                v = dict(zip(STANDARD[1:10], ages))
                v["ew_gesamt"] = total
                v["ew_weiblich"] = round(total * 0.51)
                v["ew_auslaendisch"] = round(total * rng.uniform(0.02, 0.3))
                v["hh_mit_kindern"] = round((u15 + ages[4]) / 1.75)
                v["hh_alleinerziehend"] = round(v["hh_mit_kindern"] * (0.12 + poverty))
                v["sgb2_personen"] = round(u65 * poverty)
                v["sgb2_u15"] = round(u15 * min(0.7, poverty * 1.5))
                v["sgb2_bg"] = round(v["sgb2_personen"] / 1.9)
                v["alo_gesamt"] = round((ages[4] + ages[5] + ages[6]) * (0.01 + poverty * 0.4))
                v["alo_u25"] = round(v["alo_gesamt"] * 0.1)
                v["alo_langzeit"] = round(v["alo_gesamt"] * 0.35)
                v["svb_wohnort"] = round((ages[4] + ages[5] + ages[6]) * (0.65 - poverty))
                v["grusi_65"] = round((ages[7] + ages[8]) * (0.01 + poverty * 0.3))
                v["kita_plaetze"] = rng.randint(0, 300)
                v["kita_betreut_3_5"] = round(ages[1] * 0.92)
                v["zusatz_wert"] = rng.randint(0, 100000)
                for key in STANDARD:
                    out.write(f"{code};{key};{year};{german(v[key])}\n")
                    rows += 1
    print(f"{rows} values, {len(codes)} areas, {a.years} years -> {a.out}")


if __name__ == "__main__":
    main()
