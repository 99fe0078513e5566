"""Solves the linear programs of a JSON file with HiGHS (the reference solver of the
optimizer's tests) and prints one JSON object per model: {"status": ..., "objective": ...}.

Input: a JSON list of models as `engine::optimize::lp::Lp` serializes them:
  {"names": [...], "cost": [...], "lower": [...], "upper": [...], "integer": [...],
   "rows": [{"name": ..., "coefs": [[j, a], ...], "sense": "le"|"ge"|"eq", "rhs": ...}],
   "offset": ...}     (null bounds are infinite)

Usage: python3 highs_check.py MODELS.json [--mip-gap G]
"""
import json
import sys

import highspy


def solve(model, mip_gap):
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", mip_gap)
    inf = highspy.kHighsInf
    n = len(model["cost"])
    lo = [(-inf if v is None else v) for v in model["lower"]]
    hi = [(inf if v is None else v) for v in model["upper"]]
    for j in range(n):
        h.addVar(lo[j], hi[j])
        h.changeColCost(j, model["cost"][j])
        if model["integer"][j]:
            h.changeColIntegrality(j, highspy.HighsVarType.kInteger)
    for r in model["rows"]:
        idx = [int(c[0]) for c in r["coefs"]]
        val = [float(c[1]) for c in r["coefs"]]
        if r["sense"] == "le":
            a, b = -inf, r["rhs"]
        elif r["sense"] == "ge":
            a, b = r["rhs"], inf
        else:
            a, b = r["rhs"], r["rhs"]
        h.addRow(a, b, len(idx), idx, val)
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    obj = h.getInfo().objective_function_value + model.get("offset", 0.0)
    return {"status": status, "objective": obj}


def main():
    path = sys.argv[1]
    gap = 0.0
    if "--mip-gap" in sys.argv:
        gap = float(sys.argv[sys.argv.index("--mip-gap") + 1])
    models = json.load(open(path))
    out = [solve(m, gap) for m in models]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
