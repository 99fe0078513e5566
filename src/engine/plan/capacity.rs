//! Rough-cut capacity per resource and month, and the constrained-mode allocation.
//!
//! ```text
//! load_{r,t}          = Σ_i P_{i,t} · hours_{i,r}
//! regular_{r,t}       = calendar hours of month t (else the default) · (1 + lever%/100)
//! overtime_used_{r,t} = clamp(load − regular, 0, overtime)   (0 in constrained mode
//!                                                               without use_overtime)
//! overload_{r,t}      = max(0, load − regular − overtime)     hours nobody can work
//! utilization_{r,t}   = load / regular                        (0 when regular = 0: a loaded
//!                                  resource then gets a `no_regular_hours` exception)
//! utilization_total   = load / (regular + overtime)            (0 likewise)
//! ```
//!
//! **Constrained mode** (`allocate`): capacity is `regular` (+ `overtime` when
//! `use_overtime`). Months are processed in order t = 0, 1, …; within a month, resources
//! in master-data order. When a resource's load exceeds its capacity, every SKU loading
//! it that month is cut by the same fraction `1 − capacity/load` (proportional rule). A
//! SKU's cut units are then pre-built in the latest earlier month s < t where *all* the
//! resources of its routing have spare capacity (cap − load), as much as fits, then the
//! month before, and so on (latest first keeps the least extra inventory); SKUs are
//! served in master-data order. With `Unmet::Backlog`, what fits in no earlier month is
//! then (after all months are levelled, in order of month, then SKU) produced late in
//! the earliest later month with spare capacity on its whole routing: the backlog is
//! served then. What fits nowhere (or anything unplaced with lost sales) is not
//! produced: the projection turns it into backlog or lost sales. Each move is listed as
//! a [`CapacityShift`] (`to` < `from`: pre-built; `to` > `from`: late), each remainder
//! as a [`CapacityShortfall`]. Cuts and moves are in whole production quanta
//! ([`quantum`]: whole units unless the lot multiple says otherwise): what is kept is
//! rounded down, what a month takes is rounded down to what fits; moved quantities are
//! not re-lot-sized to the minimum lot.

use super::Grid;
use super::index::Index;
use super::money::unfixed;
use super::supply::quantum;
use crate::engine::model::Unmet;
use crate::engine::month::Month;
use serde::Serialize;

/// Quantities below this are float noise, not a shift or shortfall.
const EPS: f64 = 1e-9;
/// Hours of overload or overtime below this (3.6 s) are float and fixed-point noise.
pub const EPS_HOURS: f64 = 1e-3;

/// A resource-month with load (above 1e-6 h) but no regular hours: its utilisation is
/// undefined (shown as "no hours", never ∞), the `NoRegularHours` exception.
pub fn no_regular_hours(regular: f64, load: f64) -> bool {
    regular <= 0.0 && load > 1e-6
}

/// Units of a SKU moved from an overloaded month to an earlier one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CapacityShift {
    pub sku: String,
    /// The overloaded resource that caused the move.
    pub resource: String,
    pub from: Month,
    pub to: Month,
    #[serde(serialize_with = "super::output::ser_qty")]
    pub units: f64,
}

impl CapacityShift {
    /// Pre-built: made before the month it is needed in (else made late, from backlog).
    pub fn is_early(&self) -> bool {
        self.to < self.from
    }

    /// Why it moved, as the "Moved by capacity" table says.
    pub fn why(&self) -> String {
        if self.is_early() {
            format!("pre-built: {} full", self.resource)
        } else {
            "late: no earlier capacity, backlog served then".into()
        }
    }
}

/// Units of a SKU that could not be produced in any month up to `month`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CapacityShortfall {
    pub sku: String,
    pub resource: String,
    pub month: Month,
    #[serde(serialize_with = "super::output::ser_qty")]
    pub units: f64,
}

/// Capacity series, resource × month (hours).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CapacityPlan {
    pub resources: Vec<String>,
    pub constrained: bool,
    pub load: Grid,
    pub regular: Grid,
    pub overtime_available: Grid,
    pub overtime_used: Grid,
    /// Load beyond regular + overtime.
    pub overload: Grid,
    /// load / regular (0 without regular hours).
    pub utilization: Grid,
    /// load / (regular + overtime available).
    pub utilization_total: Grid,
    /// Constrained mode: production moved earlier.
    pub shifts: Vec<CapacityShift>,
    /// Constrained mode: production that did not fit.
    pub shortfalls: Vec<CapacityShortfall>,
}

impl CapacityPlan {
    pub fn zeros(resources: Vec<String>, h: usize, constrained: bool) -> Self {
        let r = resources.len();
        CapacityPlan {
            resources,
            constrained,
            load: Grid::zeros(r, h),
            regular: Grid::zeros(r, h),
            overtime_available: Grid::zeros(r, h),
            overtime_used: Grid::zeros(r, h),
            overload: Grid::zeros(r, h),
            utilization: Grid::zeros(r, h),
            utilization_total: Grid::zeros(r, h),
            shifts: Vec::new(),
            shortfalls: Vec::new(),
        }
    }
}

/// Capacity in constrained mode: regular (+ overtime when used), per resource × month.
fn capacity(ix: &Index) -> Vec<f64> {
    let h = ix.h;
    let mut cap = vec![0.0; ix.res.len() * h];
    for (r, res) in ix.res.iter().enumerate() {
        let ot = if ix.use_overtime { res.overtime } else { 0.0 };
        for t in 0..h {
            cap[r * h + t] = (res.regular[t] + ot).max(0.0);
        }
    }
    cap
}

/// `x` rounded down to a multiple of `q` (a hair of float noise, 1e-9, not rounded down).
fn floor_to(x: f64, q: f64) -> f64 {
    ((x / q + 1e-9).floor() * q).max(0.0)
}

/// Where cut production of a SKU can be made instead: months with room on its whole
/// routing, as the allocation fills them.
struct Slot<'a> {
    ix: &'a Index,
    cap: &'a [f64],
    load: &'a mut [f64],
    p: &'a mut Grid,
    shifts: &'a mut Vec<CapacityShift>,
}

impl Slot<'_> {
    /// Moves up to `units` of SKU `i`, cut in month `t` for resource `r`, into the
    /// `months` in that order, each taking what its tightest routing step has room for
    /// (recorded as shifts); returns the units that found no room.
    fn place(
        &mut self,
        i: usize,
        r: usize,
        t: usize,
        units: f64,
        months: impl Iterator<Item = usize>,
    ) -> f64 {
        let h = self.ix.h;
        let routing = &self.ix.skus[i].routing;
        let q = quantum(self.ix.skus[i].lot_multiple);
        let mut rem = units;
        for s in months {
            let mut room = f64::INFINITY;
            for &(r2, h2) in routing {
                room = room.min((self.cap[r2 * h + s] - self.load[r2 * h + s]).max(0.0) / h2);
            }
            let x = if room >= rem { rem } else { floor_to(room, q) };
            if x > EPS {
                self.p.row_mut(i)[s] += x;
                for &(r2, h2) in routing {
                    self.load[r2 * h + s] += x * h2;
                }
                self.shifts.push(CapacityShift {
                    sku: self.ix.skus[i].sku.clone(),
                    resource: self.ix.res_ids[r].clone(),
                    from: self.ix.months[t],
                    to: self.ix.months[s],
                    units: x,
                });
                rem -= x;
            }
            if rem <= EPS {
                break;
            }
        }
        rem
    }
}

/// The constrained production of the unconstrained `unc` ([`allocate`] on a copy: the
/// planner keeps `unc` for the next reallocation); its moves and shortfalls go to `c`.
pub(crate) fn allocated(ix: &Index, unc: &Grid, c: &mut CapacityPlan) -> Grid {
    let mut p = unc.clone();
    allocate(ix, &mut p, &mut c.shifts, &mut c.shortfalls);
    p
}

/// Constrained allocation (see the module doc): `p` starts as the unconstrained
/// production and ends within capacity. Deterministic.
fn allocate(
    ix: &Index,
    p: &mut Grid,
    shifts: &mut Vec<CapacityShift>,
    shortfalls: &mut Vec<CapacityShortfall>,
) {
    shifts.clear();
    shortfalls.clear();
    let h = ix.h;
    let cap = capacity(ix);
    let mut pending: Vec<(usize, usize, usize, f64)> = Vec::new();
    let mut load = vec![0.0; ix.res.len() * h];
    for (i, s) in ix.skus.iter().enumerate() {
        let row = p.row(i);
        for &(r, hpu) in &s.routing {
            let l = &mut load[r * h..(r + 1) * h];
            for t in 0..h {
                l[t] += row[t] * hpu;
            }
        }
    }
    for t in 0..h {
        for r in 0..ix.res.len() {
            let (l, c) = (load[r * h + t], cap[r * h + t]);
            if l <= c + 1e-9 * (1.0 + c) {
                continue;
            }
            let keep = if l > 0.0 { c / l } else { 0.0 };
            for &i in &ix.res_users[r] {
                let routing = &ix.skus[i].routing;
                let q = p.get(i, t);
                if q <= 0.0 {
                    continue;
                }
                let kept = floor_to(q * keep, quantum(ix.skus[i].lot_multiple));
                let cut = q - kept;
                p.row_mut(i)[t] = kept;
                for &(r2, h2) in routing {
                    load[r2 * h + t] -= cut * h2;
                }
                let mut slot = Slot {
                    ix,
                    cap: &cap,
                    load: &mut load,
                    p,
                    shifts,
                };
                let rem = slot.place(i, r, t, cut, (0..t).rev());
                if rem > EPS {
                    pending.push((t, i, r, rem));
                }
            }
        }
    }
    // Phase 2 (backlog mode only): catch up late, in the earliest later month where
    // the whole routing has spare capacity; in order of month, then SKU.
    for (t, i, r, mut rem) in pending {
        if ix.unmet == Unmet::Backlog {
            let mut slot = Slot {
                ix,
                cap: &cap,
                load: &mut load,
                p,
                shifts,
            };
            rem = slot.place(i, r, t, rem, t + 1..h);
        }
        if rem > EPS {
            shortfalls.push(CapacityShortfall {
                sku: ix.skus[i].sku.clone(),
                resource: ix.res_ids[r].clone(),
                month: ix.months[t],
                units: rem,
            });
        }
    }
}

/// Fills the capacity series from the exact load aggregate (fixed-point hours).
pub(crate) fn fill(ix: &Index, load_fixed: &[i64], c: &mut CapacityPlan) {
    let h = ix.h;
    let ot_counts = !ix.constrained || ix.use_overtime;
    for (r, res) in ix.res.iter().enumerate() {
        for t in 0..h {
            let load = unfixed(load_fixed[r * h + t]);
            let reg = res.regular[t];
            let ot = res.overtime;
            let used = if ot_counts {
                (load - reg).clamp(0.0, ot.max(0.0))
            } else {
                0.0
            };
            let avail = reg + if ot_counts { ot } else { 0.0 };
            let over = load - avail;
            c.load.row_mut(r)[t] = load;
            c.regular.row_mut(r)[t] = reg;
            c.overtime_available.row_mut(r)[t] = ot;
            c.overtime_used.row_mut(r)[t] = if used > EPS_HOURS { used } else { 0.0 };
            c.overload.row_mut(r)[t] = if over > EPS_HOURS { over } else { 0.0 };
            let ratio = |cap: f64| if cap > 0.0 { load / cap } else { 0.0 };
            c.utilization.row_mut(r)[t] = ratio(reg);
            c.utilization_total.row_mut(r)[t] = ratio(reg + ot);
        }
    }
}
