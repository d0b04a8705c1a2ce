#!/usr/bin/env python3
"""The XLSX benchmark's data and its peer (issue 17).

  python3 xlsx.py write values.csv values.xlsx CELLS   # the first CELLS/4 rows of the long CSV as a workbook (openpyxl, shared strings like Excel)
  python3 xlsx.py pandas values.xlsx                   # the peer: pandas.read_excel with openpyxl, numbers converted
"""
import csv
import sys


def write(src: str, dst: str, cells: int) -> None:
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Werte")
    with open(src, encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter=";")
        ws.append(next(r))
        for n, (area, variable, year, value) in enumerate(r):
            if 4 * (n + 2) > cells:
                break
            ws.append([area, variable, int(year), float(value.replace(".", "").replace(",", "."))])
    wb.save(dst)


def pandas(src: str) -> None:
    import pandas as pd
    df = pd.read_excel(src, engine="openpyxl", dtype={"Gebiet": str, "Variable": str})
    print(len(df), df["Wert"].sum())


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        pandas(sys.argv[2])
