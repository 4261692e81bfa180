//! The solver's view of an instance: integer matrices (metres, seconds) and per-node data.

use super::{Instance, RoutingError, Travel, UnplacedReason, haversine_km};

/// No window: wide enough never to bind, small enough never to overflow.
pub(crate) const OPEN: i64 = -(1 << 40);
pub(crate) const CLOSE: i64 = 1 << 40;

/// Node 0 is the depot, node i is visit i-1.
#[derive(Debug, Clone)]
pub struct Model {
    pub n: usize,
    pub dist: Vec<i64>,
    pub time: Vec<i64>,
    pub service: Vec<i64>,
    pub open: Vec<i64>,
    pub close: Vec<i64>,
    pub demand: Vec<i64>,
    pub capacity: Option<i64>,
    /// Per day: (open, close).
    pub days: Vec<(i64, i64)>,
    /// allowed[node * ndays + day]
    pub allowed: Vec<bool>,
    /// Visits that cannot be planned at all, with the reason (None = plannable).
    pub excluded: Vec<Option<UnplacedReason>>,
    /// Penalty of leaving each node unserved, by [`super::Visit::priority`].
    pub weight: Vec<i64>,
}

impl Model {
    pub fn new(inst: &Instance) -> Result<Model, RoutingError> {
        let n = inst.visits.len() + 1;
        let nd = inst.days.len();
        let mut dist = vec![0i64; n * n];
        let mut time = vec![0i64; n * n];
        let mut located = vec![true; n];
        match &inst.travel {
            Travel::Haversine { winding, speed_kmh } => {
                if *speed_kmh <= 0.0 || *winding <= 0.0 {
                    return Err(RoutingError::Invalid(
                        "speed and winding factor must be > 0".into(),
                    ));
                }
                let depot = inst
                    .depot
                    .ok_or_else(|| RoutingError::Invalid("the depot has no location".into()))?;
                let locs: Vec<_> = std::iter::once(Some(depot))
                    .chain(inst.visits.iter().map(|v| v.location))
                    .collect();
                let mps = speed_kmh / 3.6;
                for i in 0..n {
                    located[i] = locs[i].is_some();
                    for j in 0..n {
                        if let (Some(a), Some(b)) = (locs[i], locs[j])
                            && i != j
                        {
                            let d = haversine_km(a, b) * winding * 1000.0;
                            dist[i * n + j] = d.round() as i64;
                            time[i * n + j] = (d / mps).round() as i64;
                        }
                    }
                }
            }
            Travel::Matrix { dist_m, time_s } => {
                if dist_m.len() != n
                    || time_s.len() != n
                    || dist_m.iter().chain(time_s).any(|r| r.len() != n)
                {
                    return Err(RoutingError::Invalid(format!(
                        "the matrices must be {n}×{n} (depot + {} visits)",
                        n - 1
                    )));
                }
                for i in 0..n {
                    for j in 0..n {
                        dist[i * n + j] = dist_m[i][j];
                        time[i * n + j] = time_s[i][j];
                    }
                }
                unknown_legs(&mut located, &dist, &time, n);
            }
        }
        let mut service = vec![0];
        let mut open = vec![OPEN];
        let mut close = vec![CLOSE];
        let mut demand = vec![0];
        for v in &inst.visits {
            service.push(v.service_s.max(0));
            open.push(v.window.map_or(OPEN, |w| w.open));
            close.push(v.window.map_or(CLOSE, |w| w.close));
            demand.push(v.demand);
        }
        let days: Vec<(i64, i64)> = inst
            .days
            .iter()
            .map(|d| (d.window.open, d.window.close))
            .collect();
        let mut allowed = vec![false; n * nd];
        let mut excluded = vec![None; n];
        for (k, v) in inst.visits.iter().enumerate() {
            let i = k + 1;
            for (d, day) in inst.days.iter().enumerate() {
                let doctors = match &day.categories {
                    None => true,
                    Some(cs) => v.categories.iter().all(|c| cs.contains(c)),
                };
                allowed[i * nd + d] =
                    doctors && v.only_days.as_ref().is_none_or(|ds| ds.contains(&d));
            }
            excluded[i] = if !located[i] {
                Some(UnplacedReason::NoLocation)
            } else if !(0..nd).any(|d| allowed[i * nd + d]) {
                Some(UnplacedReason::NoDoctorDay)
            } else if !(0..nd).any(|d| {
                allowed[i * nd + d]
                    && alone_fits(
                        &dist,
                        &time,
                        n,
                        &service,
                        &open,
                        &close,
                        &demand,
                        inst.capacity,
                        days[d],
                        i,
                    )
            }) {
                Some(UnplacedReason::WindowTooShort)
            } else {
                None
            };
        }
        Ok(Model {
            n,
            dist,
            time,
            service,
            open,
            close,
            demand,
            capacity: inst.capacity,
            days,
            allowed,
            excluded,
            weight: std::iter::once(0)
                .chain(
                    inst.visits
                        .iter()
                        .map(|v| super::solver::UNSERVED[usize::from(v.priority.min(3))]),
                )
                .collect(),
        })
    }

    #[inline]
    pub fn d(&self, i: usize, j: usize) -> i64 {
        self.dist[i * self.n + j]
    }
    #[inline]
    pub fn t(&self, i: usize, j: usize) -> i64 {
        self.time[i * self.n + j]
    }
    #[inline]
    pub fn ok_on(&self, i: usize, day: usize) -> bool {
        self.allowed[i * self.days.len() + day]
    }
}

/// A matrix with legs nobody knows (negative): takes visits out, the one with the most
/// unknown legs first, until every leg between the rest is known. The depot stays.
fn unknown_legs(located: &mut [bool], dist: &[i64], time: &[i64], n: usize) {
    let unknown = |i: usize, j: usize| {
        i != j
            && (dist[i * n + j] < 0
                || time[i * n + j] < 0
                || dist[j * n + i] < 0
                || time[j * n + i] < 0)
    };
    loop {
        let worst = (1..n)
            .filter(|&i| located[i])
            .map(|i| {
                let count = (0..n).filter(|&j| located[j] && unknown(i, j)).count();
                (count, std::cmp::Reverse(i))
            })
            .max();
        match worst {
            Some((count, std::cmp::Reverse(i))) if count > 0 => located[i] = false,
            _ => break,
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn alone_fits(
    _dist: &[i64],
    time: &[i64],
    n: usize,
    service: &[i64],
    open: &[i64],
    close: &[i64],
    demand: &[i64],
    cap: Option<i64>,
    day: (i64, i64),
    i: usize,
) -> bool {
    let start = (day.0 + time[i]).max(open[i]);
    start <= close[i]
        && start + service[i] + time[i * n] <= day.1
        && cap.is_none_or(|c| demand[i] <= c)
}
