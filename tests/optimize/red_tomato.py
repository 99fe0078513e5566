"""Red Tomato Tools (Chopra & Meindl, Supply Chain Management, ch. 8): the aggregate
planning LP written from the textbook's data, independently of the Rust model, solved
by HiGHS as an LP and as a MILP (whole units, whole workers). Prints both optima.

Usage: python3 red_tomato.py [promo]   ("promo": the variant with demand +
           the book's April trade promotion is not used; "promo" doubles month 3's
           holding cost instead — see tests/optimize_textbook.rs)
"""
import sys
import highspy

def solve(demand, integer, hold=2.0, back=5.0):
    T = len(demand)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    inf = highspy.kHighsInf
    idx = {}
    def var(name, cost, lo=0.0, hi=inf, integ=False):
        h.addVar(lo, hi)
        j = h.getNumCol() - 1
        h.changeColCost(j, cost)
        if integ:
            h.changeColIntegrality(j, highspy.HighsVarType.kInteger)
        idx[name] = j
        return j
    for t in range(T):
        var(f"W{t}", 640.0, integ=integer)   # workers: 20 days x 8 h x $4
        var(f"H{t}", 300.0)
        var(f"L{t}", 500.0)
        var(f"P{t}", 10.0, integ=integer)    # materials $10 per unit made
        var(f"I{t}", hold)
        var(f"S{t}", back, hi=(0.0 if t == T - 1 else inf))
        var(f"C{t}", 30.0)
        var(f"O{t}", 6.0)
    def row(coefs, lo, hi):
        h.addRow(lo, hi, len(coefs), [idx[k] for k, _ in coefs], [v for _, v in coefs])
    for t in range(T):
        prevW = [(f"W{t-1}", -1.0)] if t else []
        row([(f"W{t}", 1.0), (f"H{t}", -1.0), (f"L{t}", 1.0)] + prevW, 80.0 if t == 0 else 0.0, 80.0 if t == 0 else 0.0)
        # 4 h per unit: P <= 40 W + O / 4
        row([(f"P{t}", 1.0), (f"W{t}", -40.0), (f"O{t}", -0.25)], -inf, 0.0)
        row([(f"O{t}", 1.0), (f"W{t}", -10.0)], -inf, 0.0)
        prev = [(f"I{t-1}", 1.0), (f"S{t-1}", -1.0)] if t else []
        rhs = demand[t] - (1000.0 if t == 0 else 0.0)
        row(prev + [(f"P{t}", 1.0), (f"C{t}", 1.0), (f"I{t}", -1.0), (f"S{t}", 1.0)], rhs, rhs)
    row([(f"I{T-1}", 1.0)], 500.0, inf)
    h.run()
    return h.getInfo().objective_function_value

if __name__ == "__main__":
    demand = [1600.0, 3000.0, 3200.0, 3800.0, 2200.0, 2200.0]
    hold = 2.0
    if len(sys.argv) > 1 and sys.argv[1] == "promo":
        hold = 6.0
    print(f"{solve(demand, False, hold):.6f} {solve(demand, True, hold):.6f}")
