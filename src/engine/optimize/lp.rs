//! A plain sparse linear program and the two solver crates behind it.
//!
//! ```text
//! minimise  offset + Σ_j cost_j · x_j
//! subject to  Σ_j a_ij · x_j  (≤ | ≥ | =)  rhs_i      for every row i
//!             lower_j ≤ x_j ≤ upper_j,  x_j integer where `integer_j`
//! ```
//!
//! - [`Lp::solve`]: `microlp` (pure Rust, dual simplex + branch and bound) — the
//!   MILP with whole units and whole FTE, or the LP relaxation.
//! - [`Lp::duals`]: `clarabel` (pure Rust, interior point) on the LP relaxation, for
//!   the shadow prices `∂ objective / ∂ rhs_i` (microlp 0.7 exposes no duals).
//!
//! The JSON of an [`Lp`] is what `tests/optimize/highs_check.py` reads to cross-check
//! the objective with HiGHS.

use serde::Serialize;
use std::time::Duration;

/// The sense of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sense {
    Le,
    Ge,
    Eq,
}

/// One constraint `Σ coefs · x (sense) rhs`, named for explanations.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub name: String,
    pub coefs: Vec<(usize, f64)>,
    pub sense: Sense,
    pub rhs: f64,
}

/// A linear program (see the module doc). Infinite bounds are ±∞ (`null` in JSON).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Lp {
    pub names: Vec<String>,
    pub cost: Vec<f64>,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub integer: Vec<bool>,
    pub rows: Vec<Row>,
    /// Constant added to the objective.
    pub offset: f64,
}

/// A solution: values, objective (with the offset), and for a MILP the relative gap
/// to the best bound the search proved (0 when optimal).
#[derive(Clone, Debug, PartialEq)]
pub struct LpSolution {
    pub x: Vec<f64>,
    pub objective: f64,
    pub gap: f64,
}

/// Why a solve gave no solution.
#[derive(Clone, Debug, PartialEq)]
pub enum LpError {
    Infeasible,
    Unbounded,
    /// The time limit passed before any plan was found, or the solver failed.
    Failed(String),
}

impl Lp {
    /// Adds a variable and returns its index.
    pub fn var(&mut self, name: impl Into<String>, cost: f64, lower: f64, upper: f64) -> usize {
        self.names.push(name.into());
        self.cost.push(cost);
        self.lower.push(lower);
        self.upper.push(upper);
        self.integer.push(false);
        self.cost.len() - 1
    }

    /// Adds an integer variable.
    pub fn int_var(&mut self, name: impl Into<String>, cost: f64, lower: f64, upper: f64) -> usize {
        let j = self.var(name, cost, lower, upper);
        self.integer[j] = true;
        j
    }

    /// Adds a row and returns its index (zero coefficients are dropped).
    pub fn row(
        &mut self,
        name: impl Into<String>,
        coefs: Vec<(usize, f64)>,
        sense: Sense,
        rhs: f64,
    ) -> usize {
        let coefs = coefs.into_iter().filter(|(_, a)| *a != 0.0).collect();
        self.rows.push(Row {
            name: name.into(),
            coefs,
            sense,
            rhs,
        });
        self.rows.len() - 1
    }

    pub fn n_vars(&self) -> usize {
        self.cost.len()
    }

    pub fn n_int(&self) -> usize {
        self.integer.iter().filter(|i| **i).count()
    }

    /// The objective of `x`: offset + cost · x.
    pub fn objective_of(&self, x: &[f64]) -> f64 {
        self.offset + self.cost.iter().zip(x).map(|(c, v)| c * v).sum::<f64>()
    }

    /// The largest violation of a bound, row or integrality by `x`, each relative to
    /// `1 + |rhs|` (or bound): 0 for a feasible point.
    pub fn violation(&self, x: &[f64]) -> f64 {
        let mut worst = 0.0f64;
        for j in 0..self.n_vars() {
            let v = x[j];
            worst = worst
                .max((self.lower[j] - v) / (1.0 + self.lower[j].abs()))
                .max((v - self.upper[j]) / (1.0 + self.upper[j].abs()));
            if self.integer[j] {
                worst = worst.max((v - v.round()).abs());
            }
        }
        for r in &self.rows {
            let lhs: f64 = r.coefs.iter().map(|(j, a)| a * x[*j]).sum();
            let d = match r.sense {
                Sense::Le => lhs - r.rhs,
                Sense::Ge => r.rhs - lhs,
                Sense::Eq => (lhs - r.rhs).abs(),
            };
            worst = worst.max(d / (1.0 + r.rhs.abs()));
        }
        worst
    }

    /// The same program with every variable continuous (the LP relaxation).
    pub fn relaxed(&self) -> Lp {
        let mut lp = self.clone();
        lp.integer.iter_mut().for_each(|i| *i = false);
        lp
    }

    /// Solves by microlp: the MILP when some variables are integer (branch and bound to
    /// the relative `mip_gap`, within `time_limit`), else the LP. Integer values are
    /// rounded to the integer microlp found them within 1e-6 of. `hint`: values of the
    /// integer variables to start the search from (ignored when infeasible).
    pub fn solve(&self, time_limit: Option<Duration>, mip_gap: f64) -> Result<LpSolution, LpError> {
        self.solve_from(time_limit, None, mip_gap, None)
    }

    /// [`Lp::solve`] with a warm start for the integer variables.
    pub fn solve_from(
        &self,
        time_limit: Option<Duration>,
        node_limit: Option<u64>,
        mip_gap: f64,
        hint: Option<&[f64]>,
    ) -> Result<LpSolution, LpError> {
        use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOptions};
        let mut p = Problem::new(OptimizationDirection::Minimize);
        let vars: Vec<microlp::Variable> = (0..self.n_vars())
            .map(|j| {
                let (lo, hi) = (self.lower[j], self.upper[j]);
                if self.integer[j] {
                    let b = |v: f64| v.clamp(i32::MIN as f64, i32::MAX as f64) as i32;
                    p.add_integer_var(self.cost[j], (b(lo.ceil()), b(hi.floor())))
                } else {
                    p.add_var(self.cost[j], (lo, hi))
                }
            })
            .collect();
        for r in &self.rows {
            let expr: Vec<(microlp::Variable, f64)> =
                r.coefs.iter().map(|(j, a)| (vars[*j], *a)).collect();
            let op = match r.sense {
                Sense::Le => ComparisonOp::Le,
                Sense::Ge => ComparisonOp::Ge,
                Sense::Eq => ComparisonOp::Eq,
            };
            p.add_constraint(expr.as_slice(), op, r.rhs);
        }
        let mut options = SolveOptions::default();
        options.time_limit = time_limit;
        options.mip_gap = mip_gap;
        options.node_limit = node_limit;
        if let Some(h) = hint {
            options.warm_start = Some(
                (0..self.n_vars())
                    .filter(|&j| self.integer[j])
                    .map(|j| (vars[j], h[j]))
                    .collect(),
            );
        }
        let outcome = p.solve_with(options).map_err(|e| match e {
            microlp::Error::Infeasible => LpError::Infeasible,
            microlp::Error::Unbounded => LpError::Unbounded,
            other => LpError::Failed(other.to_string()),
        })?;
        let sol = outcome
            .into_solution()
            .map_err(|_| LpError::Failed("no plan found within the time limit".into()))?;
        let x: Vec<f64> = (0..self.n_vars())
            .map(|j| {
                let v = sol.var_value(vars[j]);
                if self.integer[j] { v.round() } else { v }
            })
            .collect();
        Ok(LpSolution {
            objective: self.objective_of(&x),
            gap: sol.gap().unwrap_or(0.0).max(0.0),
            x,
        })
    }

    /// Shadow prices of the LP relaxation by clarabel: per row, `∂ objective / ∂ rhs`
    /// (a ≤ row that binds has a price ≤ 0: one more unit of rhs lowers the cost).
    ///
    /// Clarabel solves `min q·x s.t. A·x + s = b, s ∈ K` with dual `z ∈ K*`; the optimum
    /// is `−b·z`, so `∂/∂b_i = −z_i`. A ≤ row is `a·x + s = rhs, s ≥ 0`; a ≥ row is
    /// stored negated (`∂/∂rhs = +z`); an = row sits in the zero cone. Bounds are rows
    /// of their own.
    pub fn duals(&self) -> Result<Vec<f64>, LpError> {
        use clarabel::algebra::CscMatrix;
        use clarabel::solver::{
            DefaultSettings, DefaultSolver, IPSolver, NonnegativeConeT, SolverStatus, ZeroConeT,
        };
        let n = self.n_vars();
        // Rows in clarabel order: equalities, then inequalities, then bounds.
        let (mut ti, mut tj, mut tv, mut b) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut sign = Vec::new(); // (row index in self.rows, sign of ∂/∂rhs = sign · z)
        let mut push = |coefs: &[(usize, f64)], s: f64, rhs: f64, b: &mut Vec<f64>| {
            let i = b.len();
            for (j, a) in coefs {
                ti.push(i);
                tj.push(*j);
                tv.push(s * a);
            }
            b.push(s * rhs);
        };
        let eq: Vec<usize> = (0..self.rows.len())
            .filter(|i| self.rows[*i].sense == Sense::Eq)
            .collect();
        for &i in &eq {
            push(&self.rows[i].coefs, 1.0, self.rows[i].rhs, &mut b);
            sign.push((i, -1.0));
        }
        for (i, r) in self.rows.iter().enumerate() {
            match r.sense {
                Sense::Le => {
                    push(&r.coefs, 1.0, r.rhs, &mut b);
                    sign.push((i, -1.0));
                }
                Sense::Ge => {
                    push(&r.coefs, -1.0, r.rhs, &mut b);
                    sign.push((i, 1.0));
                }
                Sense::Eq => {}
            }
        }
        for j in 0..n {
            if self.lower[j].is_finite() {
                push(&[(j, 1.0)], -1.0, self.lower[j], &mut b);
            }
            if self.upper[j].is_finite() {
                push(&[(j, 1.0)], 1.0, self.upper[j], &mut b);
            }
        }
        let m = b.len();
        let a = CscMatrix::new_from_triplets(m, n, ti, tj, tv);
        let p = CscMatrix::<f64>::zeros((n, n));
        let cones = [ZeroConeT(eq.len()), NonnegativeConeT(m - eq.len())];
        let settings = DefaultSettings {
            verbose: false,
            presolve_enable: false,
            tol_gap_abs: 1e-9,
            tol_gap_rel: 1e-10,
            tol_feas: 1e-10,
            ..DefaultSettings::default()
        };
        let mut solver = DefaultSolver::new(&p, &self.cost, &a, &b, &cones, settings)
            .map_err(|e| LpError::Failed(format!("{e:?}")))?;
        solver.solve();
        match solver.solution.status {
            SolverStatus::Solved | SolverStatus::AlmostSolved => {}
            SolverStatus::PrimalInfeasible | SolverStatus::AlmostPrimalInfeasible => {
                return Err(LpError::Infeasible);
            }
            SolverStatus::DualInfeasible | SolverStatus::AlmostDualInfeasible => {
                return Err(LpError::Unbounded);
            }
            other => return Err(LpError::Failed(format!("{other:?}"))),
        }
        let z = &solver.solution.z;
        let mut out = vec![0.0; self.rows.len()];
        for (k, (i, s)) in sign.into_iter().enumerate() {
            out[i] = s * z[k];
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_milp_and_its_duals() {
        // min −x − 2y, x + y ≤ 4, 2x + y ≥ 2, 0 ≤ y ≤ 3 integer: x = 1, y = 3, −7.
        let mut lp = Lp::default();
        let x = lp.var("x", -1.0, 0.0, f64::INFINITY);
        let y = lp.int_var("y", -2.0, 0.0, 3.0);
        let cap = lp.row("cap", vec![(x, 1.0), (y, 1.0)], Sense::Le, 4.0);
        lp.row("min", vec![(x, 2.0), (y, 1.0)], Sense::Ge, 2.0);
        let s = lp.solve(None, 0.0).unwrap();
        assert!((s.objective + 7.0).abs() < 1e-9);
        assert_eq!(s.x[y], 3.0);
        assert!(lp.violation(&s.x) < 1e-9);
        // One more unit of `cap` buys one more x: objective −1.
        let d = lp.duals().unwrap();
        assert!((d[cap] + 1.0).abs() < 1e-6, "{d:?}");
    }

    #[test]
    fn infeasible_and_unbounded_are_told() {
        let mut lp = Lp::default();
        let x = lp.var("x", 1.0, 0.0, 1.0);
        lp.row("r", vec![(x, 1.0)], Sense::Ge, 2.0);
        assert_eq!(lp.solve(None, 0.0), Err(LpError::Infeasible));
        let mut lp = Lp::default();
        let x = lp.var("x", -1.0, 0.0, f64::INFINITY);
        lp.row("r", vec![(x, 1.0)], Sense::Ge, 2.0);
        assert_eq!(lp.solve(None, 0.0), Err(LpError::Unbounded));
    }
}
