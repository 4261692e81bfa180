//! Home-visit routing (issue 6): a pure, deterministic planner behind our own interface.
//!
//! - [`Instance`]: the depot, the visits (location or a row of an imported matrix, service time,
//!   optional time window, required doctor categories), the days (window and doctor categories).
//! - [`Plan`]: per day the ordered visits with arrival times and kilometres; every visit that is
//!   not placed is listed in [`Plan::unplaced`] with an [`UnplacedReason`] — never dropped.
//! - [`check`]: an independent feasibility checker for any plan.
//! - [`solve`]: regret/greedy construction plus an iterated local search (ruin-and-recreate with
//!   adjacent-string removal and blink insertion, simulated-annealing acceptance) driven by a
//!   seeded PRNG. Determinism rule: the search stops on a *work budget* (a count of evaluated
//!   insertion positions, see [`Budget`]), never on the clock, so the same instance, seed and
//!   budget give the same plan on any machine and under any load. `Budget::from_seconds` turns a
//!   time limit into work units with a fixed calibration constant; an optional wall-clock safety
//!   cap exists, and a plan cut by it says so (`Plan::stopped_by_clock`).
//!
//! Units inside: metres and seconds (integers), so sums are exact and reproducible.

mod check;
pub mod home;
pub mod kit;
mod model;
mod solver;

pub use check::{Violation, check};
pub use model::Model;
pub use solver::{Budget, WORK_PER_SECOND, evaluate, evaluate_from, solve, solve_observed};

/// A point on the earth (degrees).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

/// A time window in seconds since midnight, inclusive: service must *start* in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub open: i64,
    pub close: i64,
}

impl Window {
    pub fn new(open: i64, close: i64) -> Window {
        Window { open, close }
    }
    /// "08:30"-style clock to seconds since midnight.
    pub fn hhmm(s: &str) -> Option<i64> {
        let (h, m) = s.split_once(':')?;
        Some(h.trim().parse::<i64>().ok()? * 3600 + m.trim().parse::<i64>().ok()? * 60)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    pub id: String,
    /// None = the case has no coordinates (it is reported, not planned), unless the instance
    /// carries a matrix (then the matrix row is the location).
    pub location: Option<LatLon>,
    pub service_s: i64,
    pub window: Option<Window>,
    /// Doctor categories the visit needs; a day must bring all of them.
    pub categories: Vec<String>,
    /// Load units (only with [`Instance::capacity`]).
    pub demand: i64,
    /// Indexes into [`Instance::days`] the visit may go on (a pinned or kept visit); None = any.
    pub only_days: Option<Vec<usize>>,
    /// Position in the kept plan's route of its (only) day: a re-plan starts from that order.
    pub seq_hint: Option<u32>,
    /// How much serving this visit matters: an optional visit (0, a card delivered at home)
    /// never takes the place of a new one (1); a visit kept from the last plan (2) is never
    /// traded for a new visit; a visit a person pinned (3) wins over a kept one.
    pub priority: u8,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    /// Name for the route sheet (a date, "day 3", …).
    pub label: String,
    pub window: Window,
    /// Doctor categories that come this day; None = any category.
    pub categories: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Travel {
    /// Great-circle distance × winding factor, driven at a constant speed.
    Haversine { winding: f64, speed_kmh: f64 },
    /// Imported matrices, used as they are: row/column 0 = depot, i = visit i-1. A negative
    /// entry is a leg nobody knows: a visit with one (to the depot or a visit that has a
    /// location) is reported as having no location.
    Matrix {
        dist_m: Vec<Vec<i64>>,
        time_s: Vec<Vec<i64>>,
    },
}

impl Default for Travel {
    fn default() -> Travel {
        Travel::Haversine {
            winding: 1.4,
            speed_kmh: 30.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub name: String,
    pub depot: Option<LatLon>,
    pub visits: Vec<Visit>,
    pub days: Vec<Day>,
    pub travel: Travel,
    pub capacity: Option<i64>,
}

/// Why a visit is not in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UnplacedReason {
    /// No coordinates and no matrix row.
    NoLocation,
    /// No day brings the doctor category the visit needs.
    NoDoctorDay,
    /// Even alone on a day the visit cannot start inside its window and be back in time.
    WindowTooShort,
    /// Could be served alone, but the days are full (more days or a longer window needed).
    NoRoom,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    pub visit: String,
    pub reason: UnplacedReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    pub visit: String,
    /// Arrival at the home, seconds since midnight.
    pub arrival: i64,
    /// Service start (arrival + waiting for the window).
    pub start: i64,
    pub departure: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayPlan {
    /// Index into [`Instance::days`].
    pub day: usize,
    pub stops: Vec<Stop>,
    pub leave_depot: i64,
    pub back_at_depot: i64,
    pub dist_m: i64,
}

impl DayPlan {
    pub fn km(&self) -> f64 {
        self.dist_m as f64 / 1000.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// One entry per instance day, in day order (an unused day has no stops).
    pub days: Vec<DayPlan>,
    pub unplaced: Vec<Unplaced>,
    pub dist_m: i64,
    pub iterations: u64,
    pub work: u64,
    /// True only when the wall-clock safety cap ended the search (then the plan is not
    /// guaranteed reproducible).
    pub stopped_by_clock: bool,
}

impl Plan {
    pub fn km(&self) -> f64 {
        self.dist_m as f64 / 1000.0
    }
    /// Visit ids per day, the `routes` format the benchmark kit's evaluator scores.
    pub fn routes(&self) -> Vec<Vec<String>> {
        self.days
            .iter()
            .map(|d| d.stops.iter().map(|s| s.visit.clone()).collect())
            .collect()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RoutingError {
    #[error("cannot read the instance: {0}")]
    Io(#[from] std::io::Error),
    #[error("the instance is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the instance is not usable: {0}")]
    Invalid(String),
    #[error("cancelled")]
    Cancelled,
}

pub(crate) fn haversine_km(a: LatLon, b: LatLon) -> f64 {
    const R: f64 = 6371.0088;
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = p2 - p1;
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().asin()
}

#[cfg(test)]
mod tests;
