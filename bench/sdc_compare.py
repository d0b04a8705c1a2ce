#!/usr/bin/env python3
"""Secondary suppression: Quartier against Tau-Argus (pytauargus, HiGHS) on five tables.

The microdata come from a small synthetic town (gen_town.py). For every table, both tools get
the same rule: counts of 1 or 2 are unsafe. We count the cells each tool withholds in addition,
and run Quartier's audit on both results: every unsafe cell must keep an interval at least
3 wide, and no other withheld cell may be recomputable exactly (linear programming).
Usage: sdc_compare.py QUARTIER CROSSTAB.csv OUTDIR
"""
import os
import subprocess
import sys

import pandas as pd
import pytauargus

quartier, crosstab, out = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
c = pd.read_csv(crosstab, sep=";", dtype=str)
c["Anzahl"] = c["Anzahl"].astype(int)
micro = c.loc[c.index.repeat(c["Anzahl"])].drop(columns="Anzahl").reset_index(drop=True)
micro.columns = ["area", "age", "sex", "foreign"]
micro["one"] = 1

tables = [
    ("Gebiet × Altersgruppe", micro, ["area", "age"]),
    ("Gebiet × Geschlecht (Ausländer)", micro[micro["foreign"] == "True"], ["area", "sex"]),
    ("Gebiet × Altersgruppe (Frauen)", micro[micro["sex"] == "w"], ["area", "age"]),
    ("Gebiet × Staatsangehörigkeit (unter 18)", micro[micro["age"] < "18"], ["area", "foreign"]),
    ("Gebiet × Altersgruppe (Ausländer)", micro[micro["foreign"] == "True"], ["area", "age"]),
]


def wide(df, rows, cols, values=None):
    t = pd.crosstab(df[rows], df[cols], margins=True, margins_name="Insgesamt")
    return t


def write(t, path, hidden=set()):
    with open(path, "w") as f:
        f.write(";".join([t.index.name or "Zeile"] + [str(x) for x in t.columns]) + "\n")
        for r in t.index:
            cells = ["." if (str(r), str(col)) in hidden else str(int(t.loc[r, col])) for col in t.columns]
            f.write(";".join([str(r)] + cells) + "\n")


print("| table | cells | unsafe (1–2) | Quartier: further withheld | Tau-Argus OPT: further withheld | audit of Quartier's | audit of Tau-Argus's |")
print("|---|---|---|---|---|---|---|")
for k, (name, df, dims) in enumerate(tables, 1):
    t = wide(df, dims[0], dims[1])
    src = os.path.join(out, f"t{k}.csv")
    write(t, src)
    ours = subprocess.run([quartier, "audit", "--protect", "--out-dir", os.path.join(out, "quartier"), src], capture_output=True, text=True)
    line = ours.stdout.strip().splitlines()[-1]
    primary = int(line.split("primär gesperrt: ")[1].split(",")[0])
    secondary = int(line.split("sekundär gesperrt: ")[1].split(",")[0])
    audit_ours = subprocess.run([quartier, "audit", os.path.join(out, "quartier", f"t{k}.csv"), "--truth", src], capture_output=True, text=True)
    res = pytauargus.protect(df[dims + ["one"]], dims, "one", safety_rules=os.environ.get("TAU_RULE", "FREQ(3,10)"), suppress="OPT(1)")
    hidden, tau_secondary = set(), 0
    for row in res.tables[0].rows:
        r = "Insgesamt" if str(row[dims[0]]).strip() == "Total" else str(row[dims[0]]).strip()
        col = "Insgesamt" if str(row[dims[1]]).strip() == "Total" else str(row[dims[1]]).strip()
        if row["status"] in ("U", "M", "D"):
            hidden.add((r, col))
        if row["status"] in ("M", "D"):
            tau_secondary += 1
    tau = os.path.join(out, "tauargus")
    os.makedirs(tau, exist_ok=True)
    write(t, os.path.join(tau, f"t{k}.csv"), hidden)
    audit_tau = subprocess.run([quartier, "audit", os.path.join(tau, f"t{k}.csv"), "--truth", src], capture_output=True, text=True)
    cells = t.shape[0] * t.shape[1]
    def verdict(p):
        return "passes" if p.returncode == 0 else p.stdout.strip().splitlines()[-1]
    print(f"| {name} | {cells} | {primary} | {secondary} | {tau_secondary} | {verdict(audit_ours)} | {verdict(audit_tau)} |")
