"""Sailco Corporation (Winston, Operations Research: Applications and Algorithms,
ch. 3, "Multiperiod decision problems"): the LP written from the book's data,
independently of the Rust model, solved by HiGHS as an LP and as a MILP (whole boats).
Prints both optima.

Data: demand 40 / 60 / 75 / 25 sailboats in four quarters, 10 boats in stock at the
start; regular time makes at most 40 boats a quarter at $400 a boat, overtime any number
at $450; $20 a boat in stock at a quarter's end. Demand is met on time.

Usage: python3 sailco.py [backlog|crews]
  backlog: a quarter's demand may wait at $30 a boat-quarter, all met by the end of
           quarter 4 (not the book's);
  crews:   regular time comes in whole crews of 8 boats a quarter, $3,200 a crew
           whether it is busy or not (not the book's: its LP optimum is the book's, its
           integer optimum is not);
  see tests/optimize_textbook.rs.
"""
import sys
import highspy


def solve(integer, backlog=None, crew=None):
    demand = [40.0, 60.0, 75.0, 25.0]
    T = len(demand)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    inf = highspy.kHighsInf
    idx = {}

    def var(name, cost, hi=inf):
        h.addVar(0.0, hi)
        j = h.getNumCol() - 1
        h.changeColCost(j, cost)
        if integer:
            h.changeColIntegrality(j, highspy.HighsVarType.kInteger)
        idx[name] = j

    for t in range(T):
        if crew is None:
            var(f"x{t}", 400.0, 40.0)  # regular time
        else:
            var(f"x{t}", 0.0, 40.0)
            var(f"w{t}", 400.0 * crew)  # crews working regular time
        var(f"y{t}", 450.0)  # overtime
        var(f"i{t}", 20.0)  # in stock at the quarter's end
        var(f"b{t}", backlog or 0.0, 0.0 if backlog is None or t == T - 1 else inf)

    def row(coefs, lo, hi=None):
        hi = lo if hi is None else hi
        h.addRow(lo, hi, len(coefs), [idx[k] for k, _ in coefs], [v for _, v in coefs])

    for t in range(T):
        prev = [(f"i{t-1}", 1.0), (f"b{t-1}", -1.0)] if t else []
        rhs = demand[t] - (10.0 if t == 0 else 0.0)
        row(prev + [(f"x{t}", 1.0), (f"y{t}", 1.0), (f"i{t}", -1.0), (f"b{t}", 1.0)], rhs)
        if crew is not None:
            row([(f"x{t}", 1.0), (f"w{t}", -crew)], -inf, 0.0)
    h.run()
    return h.getInfo().objective_function_value


if __name__ == "__main__":
    arg = sys.argv[1] if len(sys.argv) > 1 else ""
    b = 30.0 if arg == "backlog" else None
    crew = 8.0 if arg == "crews" else None
    print(f"{solve(False, b, crew):.6f} {solve(True, b, crew):.6f}")
