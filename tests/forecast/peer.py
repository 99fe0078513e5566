"""Side by side in one run: our `sop forecast-eval` and statsforecast's AutoETS with its
80 % and 95 % prediction intervals, on the benchmark sets of ../shared/data/forecast/.

    python3 tests/forecast/peer.py [DATA_DIR] [--jobs N]

Needs `target/release/sop` (cargo build --release --bin sop) and statsforecast from PyPI
(`.ci/bench --peer` installs it; not part of .ci/test). Prints, per data set, sMAPE, MASE,
coverage of the 80 % and 95 % intervals (share of all held-out actuals inside them), MSIS
(M4's mean scaled interval score of the 95 % interval, lower is better) and seconds.
The metrics are the data README's: per series, then the mean over series; MASE and MSIS
scaled by the training part's seasonal naive error, m = the set's season length.
"""

import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd


def smape(y, f):
    d = np.abs(y) + np.abs(f)
    t = np.where(d == 0, 0.0, 200.0 * np.abs(y - f) / np.where(d == 0, 1.0, d))
    return t.mean()


def scale(train, m):
    if len(train) <= m:
        return None
    q = np.abs(train[m:] - train[:-m]).mean()
    return q if q > 0 else None


def msis(y, lo, hi, q, alpha=0.05):
    s = (hi - lo) + 2 / alpha * (np.maximum(lo - y, 0) + np.maximum(y - hi, 0))
    return s.mean() / q


def autoets(data, meta, jobs):
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS

    rows = {"smape": [], "mase": [], "msis": []}
    inside80 = inside95 = total = 0
    t0 = time.time()
    for (h, m), group in meta.groupby(["h", "season_length"]):
        ids = set(group.series_id)
        n_train = dict(zip(group.series_id, group.n_train))
        d = data[data.series_id.isin(ids)]
        train = d[d.period_index <= d.series_id.map(n_train)]
        df = pd.DataFrame(
            {"unique_id": train.series_id, "ds": train.period_index, "y": train.value}
        )
        sf = StatsForecast(models=[AutoETS(season_length=int(m))], freq=1, n_jobs=jobs)
        fc = sf.forecast(df=df, h=int(h), level=[80, 95])
        if "unique_id" not in fc.columns:
            fc = fc.reset_index()
        for sid, g in fc.groupby("unique_id"):
            s = d[d.series_id == sid].sort_values("period_index")
            n = n_train[sid]
            tr = s.value.values[:n]
            y = s.value.values[n : n + int(h)]
            g = g.sort_values("ds")
            f = g["AutoETS"].values[: len(y)]
            lo80, hi80 = g["AutoETS-lo-80"].values, g["AutoETS-hi-80"].values
            lo95, hi95 = g["AutoETS-lo-95"].values, g["AutoETS-hi-95"].values
            rows["smape"].append(smape(y, f))
            q = scale(tr, int(m))
            if q is not None:
                rows["mase"].append(np.abs(y - f).mean() / q)
                rows["msis"].append(msis(y, lo95[: len(y)], hi95[: len(y)], q))
            inside80 += int(((y >= lo80[: len(y)]) & (y <= hi80[: len(y)])).sum())
            inside95 += int(((y >= lo95[: len(y)]) & (y <= hi95[: len(y)])).sum())
            total += len(y)
    secs = time.time() - t0
    return {
        "sMAPE": np.mean(rows["smape"]),
        "MASE": np.mean(rows["mase"]),
        "cover80": 100.0 * inside80 / total,
        "cover95": 100.0 * inside95 / total,
        "MSIS": np.mean(rows["msis"]),
        "seconds": secs,
    }


def ours(csv, meta_csv):
    sop = os.path.join(os.path.dirname(__file__), "..", "..", "target", "release", "sop")
    out = subprocess.run(
        [sop, "forecast-eval", "--data", csv, "--meta", meta_csv],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = [l for l in out.splitlines() if l.startswith("sMAPE ")][-1].split()
    kv = dict(zip(line[::2], line[1::2]))
    return {k: float(kv[k]) for k in ["sMAPE", "MASE", "cover80", "cover95", "MSIS", "seconds"]}


def main():
    args = [a for a in sys.argv[1:]]
    jobs = 2
    if "--jobs" in args:
        i = args.index("--jobs")
        jobs = int(args[i + 1])
        del args[i : i + 2]
    root = args[0] if args else os.path.join(
        os.path.dirname(__file__), "..", "..", "..", "shared", "data", "forecast"
    )
    print("| data | model | sMAPE | MASE | cover80 | cover95 | MSIS | seconds |")
    print("|---|---|---|---|---|---|---|---|")
    for name in ["m1_monthly", "tourism_monthly"]:
        csv = os.path.join(root, name + ".csv")
        meta_csv = os.path.join(root, name + "_meta.csv")
        if not os.path.exists(csv):
            continue
        data = pd.read_csv(csv)
        meta = pd.read_csv(meta_csv)
        for label, r in [("ours (sop forecast-eval, 1 thread)", ours(csv, meta_csv)),
                         (f"AutoETS (statsforecast, {jobs} jobs)", autoets(data, meta, jobs))]:
            print(
                f"| {name} | {label} | {r['sMAPE']:.2f} | {r['MASE']:.3f} | "
                f"{r['cover80']:.1f} | {r['cover95']:.1f} | {r['MSIS']:.3f} | {r['seconds']:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
