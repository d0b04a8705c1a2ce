#!/usr/bin/env python3
"""Peer tools for the import benchmark: the same long CSV into an SQLite or DuckDB table.

  python3 peer_import.py python-sqlite values.csv out.sqlite   # csv module + sqlite3 executemany
  python3 peer_import.py pandas-sqlite values.csv out.sqlite   # pandas.read_csv + to_sql
  python3 peer_import.py duckdb values.csv out.duckdb          # DuckDB read_csv into a table
Each converts the German numbers (1.234,5) and keeps area codes as text, as Quartier does;
none of them validates area codes or variables, detects encodings or reports bad cells.
"""
import csv
import sqlite3
import sys


def german(s: str) -> float:
    return float(s.replace(".", "").replace(",", "."))


def python_sqlite(src: str, dst: str) -> None:
    con = sqlite3.connect(dst)
    con.execute("CREATE TABLE v (area TEXT, variable TEXT, year INTEGER, value REAL, PRIMARY KEY (variable, year, area)) WITHOUT ROWID")
    with open(src, encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter=";")
        next(r)
        con.executemany("INSERT INTO v VALUES (?, ?, ?, ?)", ((a, v, int(y), german(w)) for a, v, y, w in r))
    con.commit()


def pandas_sqlite(src: str, dst: str) -> None:
    import pandas as pd
    df = pd.read_csv(src, sep=";", decimal=",", thousands=".", dtype={"Gebiet": str, "Variable": str})
    con = sqlite3.connect(dst)
    df.to_sql("v", con, index=False)
    con.commit()


def duckdb_table(src: str, dst: str) -> None:
    import duckdb
    con = duckdb.connect(dst)
    con.execute(f"""CREATE TABLE v AS SELECT Gebiet::VARCHAR AS area, Variable AS variable, Jahr AS year,
        CAST(replace(replace(Wert, '.', ''), ',', '.') AS DOUBLE) AS value
        FROM read_csv('{src}', delim=';', header=true, columns={{'Gebiet':'VARCHAR','Variable':'VARCHAR','Jahr':'INTEGER','Wert':'VARCHAR'}})""")
    con.close()


if __name__ == "__main__":
    tool, src, dst = sys.argv[1:4]
    {"python-sqlite": python_sqlite, "pandas-sqlite": pandas_sqlite, "duckdb": duckdb_table}[tool](src, dst)
