//! Construction + ruin-and-recreate iterated local search (adjacent string removal, greedy
//! insertion with blinks, simulated-annealing acceptance; after Christiaens & Vanden Berghe,
//! "Slack induction by string removals", Transportation Science 2020).
//!
//! Deterministic: one seeded PRNG (SplitMix64), every loop runs over vectors in index order,
//! ties are broken by the first candidate found, and the search stops on a count of work units
//! (evaluated insertion positions + removals), never on the clock.

use std::time::{Duration, Instant};

use super::model::Model;
use super::{DayPlan, Instance, Plan, RoutingError, Stop, Unplaced, UnplacedReason};

/// Work units per second of the `--time-limit`, calibrated on the 2-core development machine
/// under load (shizong55 and Solomon 100-customer instances ran at 44–80 M units/s there; 30 M
/// leaves room for a slower or busier machine).
pub const WORK_PER_SECOND: u64 = 30_000_000;

/// How long to search. The result depends only on `work` (and the seed), never on the clock;
/// `safety` is a wall-clock cap for slow machines, and a plan cut by it is flagged.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub work: u64,
    pub seed: u64,
    pub safety: Option<Duration>,
}

impl Budget {
    /// A time limit turned into work units with the fixed calibration [`WORK_PER_SECOND`];
    /// the safety cap is three times the limit plus a second.
    pub fn from_seconds(seconds: f64, seed: u64) -> Budget {
        let s = seconds.max(0.0);
        Budget {
            work: (s * WORK_PER_SECOND as f64) as u64,
            seed,
            safety: Some(Duration::from_secs_f64(3.0 * s + 1.0)),
        }
    }
    pub fn work(work: u64, seed: u64) -> Budget {
        Budget {
            work,
            seed,
            safety: None,
        }
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn f(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in [0, n).
    fn below(&mut self, n: usize) -> usize {
        (self.f() * n as f64) as usize % n.max(1)
    }
}

/// Penalty of an unserved visit by priority (optional, new, kept, pinned): each tier outweighs
/// any number of visits of the tier below (up to 1024 of them) and any distance (< 67,000 km).
pub(crate) const UNSERVED: [i64; 4] = [1 << 26, 1 << 36, 1 << 46, 1 << 56];

#[derive(Clone)]
struct Route {
    day: usize,
    nodes: Vec<usize>,
    /// Service start per position.
    start: Vec<i64>,
    /// Latest feasible service start per position.
    latest: Vec<i64>,
    dist: i64,
    load: i64,
}

impl Route {
    fn new(day: usize) -> Route {
        Route {
            day,
            nodes: vec![],
            start: vec![],
            latest: vec![],
            dist: 0,
            load: 0,
        }
    }
    fn update(&mut self, m: &Model) {
        let (open, close) = m.days[self.day];
        let k = self.nodes.len();
        self.start.resize(k, 0);
        self.latest.resize(k, 0);
        let (mut prev, mut dep, mut dist, mut load) = (0usize, open, 0i64, 0i64);
        for (i, &u) in self.nodes.iter().enumerate() {
            let st = (dep + m.t(prev, u)).max(m.open[u]);
            self.start[i] = st;
            dep = st + m.service[u];
            dist += m.d(prev, u);
            load += m.demand[u];
            prev = u;
        }
        self.dist = dist + m.d(prev, 0);
        self.load = load;
        let (mut next, mut lat) = (0usize, close);
        for i in (0..k).rev() {
            let u = self.nodes[i];
            let l = m.close[u].min(lat - m.service[u] - m.t(u, next));
            self.latest[i] = l;
            lat = l;
            next = u;
        }
    }
}

#[derive(Clone)]
struct Sol {
    routes: Vec<Route>,
    unserved: Vec<usize>,
}

impl Sol {
    /// Distance, plus a penalty per visit not served, weighted by its priority (kept, pinned).
    fn cost(&self, m: &Model) -> i64 {
        self.routes.iter().map(|r| r.dist).sum::<i64>()
            + self
                .unserved
                .iter()
                .map(|&u| m.weight[u])
                .fold(0i64, i64::saturating_add)
    }
}

struct Search<'a> {
    m: &'a Model,
    rng: Rng,
    work: u64,
    /// Per node, the plannable nodes by increasing distance (itself first).
    adj: Vec<Vec<usize>>,
    blink: f64,
    /// Per day, the first day with the same window and the same allowed visits.
    day_class: Vec<usize>,
}

impl Search<'_> {
    /// Best insertion of `u` (cost delta, route, position), blinking over positions.
    fn best_insert(&mut self, s: &Sol, u: usize, blink: f64) -> Option<(i64, usize, usize)> {
        let m = self.m;
        let mut best: Option<(i64, usize, usize)> = None;
        let mut tried_empty: Vec<usize> = vec![];
        for (ri, r) in s.routes.iter().enumerate() {
            if !m.ok_on(u, r.day) {
                continue;
            }
            if let Some(c) = m.capacity
                && r.load + m.demand[u] > c
            {
                continue;
            }
            if r.nodes.is_empty() {
                // identical empty days need one try only
                let class = self.day_class[r.day];
                if tried_empty.contains(&class) {
                    continue;
                }
                tried_empty.push(class);
            }
            let (open, close) = m.days[r.day];
            let k = r.nodes.len();
            self.work += k as u64 + 1;
            for p in 0..=k {
                if blink > 0.0 && self.rng.f() < blink {
                    continue;
                }
                let prev = if p == 0 { 0 } else { r.nodes[p - 1] };
                let next = if p == k { 0 } else { r.nodes[p] };
                let delta = m.d(prev, u) + m.d(u, next) - m.d(prev, next);
                if best.is_some_and(|b| delta >= b.0) {
                    continue;
                }
                let dep = if p == 0 {
                    open
                } else {
                    r.start[p - 1] + m.service[prev]
                };
                let st = (dep + m.t(prev, u)).max(m.open[u]);
                if st > m.close[u] {
                    continue;
                }
                let arr = st + m.service[u] + m.t(u, next);
                let ok = if p == k {
                    arr <= close
                } else {
                    arr.max(m.open[next]) <= r.latest[p]
                };
                if ok {
                    best = Some((delta, ri, p));
                }
            }
        }
        best
    }

    fn recreate(&mut self, s: &mut Sol, mut todo: Vec<usize>, blink: f64) {
        let m = self.m;
        match self.rng.below(11) {
            0..=3 => {
                for i in (1..todo.len()).rev() {
                    let j = self.rng.below(i + 1);
                    todo.swap(i, j);
                }
            }
            4..=7 => todo.sort_by_key(|&u| ((m.close[u] - m.open[u]).min(1 << 41), u)),
            8..=9 => todo.sort_by_key(|&u| (-m.d(0, u), u)),
            _ => todo.sort_by_key(|&u| (m.d(0, u), u)),
        }
        // A visit that matters more goes back first (a stable sort: with one tier, as the
        // benchmark instances have, the order above stands): a card to deliver never takes
        // the last room of a day from an assessment.
        todo.sort_by_key(|&u| std::cmp::Reverse(m.weight[u]));
        for u in todo {
            match self.best_insert(s, u, blink) {
                Some((_, ri, p)) => {
                    let r = &mut s.routes[ri];
                    r.nodes.insert(p, u);
                    r.update(m);
                }
                None => s.unserved.push(u),
            }
        }
        s.unserved.sort_unstable();
    }

    fn ruin(&mut self, s: &mut Sol, cbar: f64, lmax: f64) -> Vec<usize> {
        let m = self.m;
        let used: Vec<usize> = (0..s.routes.len())
            .filter(|&r| !s.routes[r].nodes.is_empty())
            .collect();
        let mut removed = std::mem::take(&mut s.unserved);
        if used.is_empty() {
            return removed;
        }
        let served: usize = used.iter().map(|&r| s.routes[r].nodes.len()).sum();
        let avg = served as f64 / used.len() as f64;
        let ls_max = lmax.min(avg);
        let ks_max = 4.0 * cbar / (1.0 + ls_max) - 1.0;
        let ks = (self.rng.f() * ks_max.max(0.0)) as usize + 1;
        // seed: a random served visit
        let mut pick = self.rng.below(served);
        let mut seed = 0;
        for &r in &used {
            let l = s.routes[r].nodes.len();
            if pick < l {
                seed = s.routes[r].nodes[pick];
                break;
            }
            pick -= l;
        }
        let mut where_: Vec<Option<usize>> = vec![None; m.n];
        for &r in &used {
            for &u in &s.routes[r].nodes {
                where_[u] = Some(r);
            }
        }
        let mut ruined: Vec<usize> = vec![];
        let adj = std::mem::take(&mut self.adj);
        for &c in &adj[seed] {
            if ruined.len() >= ks {
                break;
            }
            let Some(r) = where_[c] else { continue };
            if ruined.contains(&r) {
                continue;
            }
            let route = &mut s.routes[r];
            let len = route.nodes.len();
            let lmax_r = (len as f64).min(ls_max);
            let l = ((self.rng.f() * lmax_r) as usize + 1).min(len);
            let pos = route.nodes.iter().position(|&x| x == c).unwrap_or(0);
            // a string of length l containing pos
            let lo = pos.saturating_sub(l - 1);
            let hi = pos.min(len - l);
            let first = lo + self.rng.below(hi - lo + 1);
            removed.extend(route.nodes.drain(first..first + l));
            route.update(m);
            self.work += len as u64;
            ruined.push(r);
        }
        self.adj = adj;
        removed
    }
}

/// Solve `inst` within `budget`. Deterministic in (instance, budget.work, budget.seed) unless the
/// safety cap fires (then `Plan::stopped_by_clock` is set).
pub fn solve(inst: &Instance, budget: Budget) -> Result<Plan, RoutingError> {
    solve_observed(inst, budget, &mut |_, _| true)
}

/// [`solve`], telling `observe(work done, work budget)` how far it is every few iterations;
/// `observe` returning false cancels the search ([`RoutingError::Cancelled`]). Observing
/// does not change the plan.
pub fn solve_observed(
    inst: &Instance,
    budget: Budget,
    observe: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Plan, RoutingError> {
    let m = Model::new(inst)?;
    let t0 = Instant::now();
    let plannable: Vec<usize> = (1..m.n).filter(|&i| m.excluded[i].is_none()).collect();
    let mut adj = vec![vec![]; m.n];
    for &i in &plannable {
        let mut v = plannable.clone();
        v.sort_by_key(|&j| (if j == i { -1 } else { m.d(i, j) + m.d(j, i) }, j));
        adj[i] = v;
    }
    let nd = m.days.len();
    let day_class: Vec<usize> = (0..nd)
        .map(|d| {
            (0..d)
                .find(|&e| {
                    m.days[e] == m.days[d] && (0..m.n).all(|x| m.ok_on(x, e) == m.ok_on(x, d))
                })
                .unwrap_or(d)
        })
        .collect();
    let mut se = Search {
        m: &m,
        rng: Rng(budget.seed ^ 0x5EED_0F4A_1100),
        work: 0,
        adj,
        blink: 0.01,
        day_class,
    };
    let mut cur = Sol {
        routes: (0..m.days.len()).map(Route::new).collect(),
        unserved: vec![],
    };
    // construction: visits held to given days (pinned, kept) first, then far-from-depot
    // first; cheapest feasible insertion
    let mut todo = plannable.clone();
    todo.sort_by_key(|&u| (std::cmp::Reverse(m.weight[u]), -m.d(0, u), u));
    // warm start: visits kept on one day go back in their kept order while they fit
    let mut kept: Vec<(usize, u32, usize)> = plannable
        .iter()
        .filter_map(|&u| {
            let v = &inst.visits[u - 1];
            match (v.only_days.as_deref(), v.seq_hint) {
                (Some([d]), Some(seq)) => Some((*d, seq, u)),
                _ => None,
            }
        })
        .collect();
    kept.sort();
    for (d, _, u) in kept {
        let r = &mut cur.routes[d];
        let k = r.nodes.len();
        let prev = r.nodes.last().copied().unwrap_or(0);
        let dep = if k == 0 {
            m.days[d].0
        } else {
            r.start[k - 1] + m.service[prev]
        };
        let st = (dep + m.t(prev, u)).max(m.open[u]);
        let fits = m.ok_on(u, d)
            && st <= m.close[u]
            && st + m.service[u] + m.t(u, 0) <= m.days[d].1
            && m.capacity.is_none_or(|c| r.load + m.demand[u] <= c);
        if fits {
            r.nodes.push(u);
            r.update(&m);
            todo.retain(|&x| x != u);
        }
    }
    for u in todo {
        match se.best_insert(&cur, u, 0.0) {
            Some((_, ri, p)) => {
                cur.routes[ri].nodes.insert(p, u);
                cur.routes[ri].update(&m);
            }
            None => cur.unserved.push(u),
        }
    }
    let mut best = cur.clone();
    let mut cur_cost = cur.cost(&m);
    let mut best_cost = cur_cost;
    let np = plannable.len().max(1) as f64;
    // Start as hot as the mean distance per visit, cool a hundredfold (measured on the kit:
    // 0.05 of it left R201 / RC201 1.9% / 3.3% over best known at 5 s, 1.0 brings them to
    // 0.4% / 0.04%, the others no worse than 1.1%, shizong55 still 493.16 km at 1 s).
    let t_start = (cur.routes.iter().map(|r| r.dist).sum::<i64>() as f64 / np).max(1.0);
    let t_end = t_start / 100.0;
    let cbar = 10f64.min(np / 3.0).max(1.0);
    let mut iterations = 0u64;
    let mut stopped_by_clock = false;
    while se.work < budget.work && !plannable.is_empty() {
        if iterations.is_multiple_of(64) {
            if !observe(se.work, budget.work) {
                return Err(RoutingError::Cancelled);
            }
            if let Some(cap) = budget.safety
                && t0.elapsed() > cap
            {
                stopped_by_clock = true;
                break;
            }
        }
        iterations += 1;
        let frac = se.work as f64 / budget.work as f64;
        let temp = t_start * (t_end / t_start).powf(frac);
        let mut cand = cur.clone();
        se.work += m.n as u64;
        let removed = se.ruin(&mut cand, cbar, 10.0);
        let blink = se.blink;
        se.recreate(&mut cand, removed, blink);
        let c = cand.cost(&m);
        let u = se.rng.f().max(1e-300);
        if (c as f64) < cur_cost as f64 - temp * u.ln() {
            cur = cand;
            cur_cost = c;
            if c < best_cost {
                best = cur.clone();
                best_cost = c;
            }
        }
    }
    Ok(to_plan(
        inst,
        &m,
        &best,
        iterations,
        se.work,
        stopped_by_clock,
    ))
}

fn to_plan(
    inst: &Instance,
    m: &Model,
    s: &Sol,
    iterations: u64,
    work: u64,
    stopped_by_clock: bool,
) -> Plan {
    let mut days = vec![];
    let mut total = 0;
    for r in &s.routes {
        let (open, _) = m.days[r.day];
        let dp = schedule(m, r.day, &r.nodes, open, inst);
        total += dp.dist_m;
        days.push(dp);
    }
    let mut unplaced: Vec<Unplaced> = vec![];
    for i in 1..m.n {
        let reason = match m.excluded[i] {
            Some(r) => r,
            None if s.unserved.contains(&i) => UnplacedReason::NoRoom,
            None => continue,
        };
        unplaced.push(Unplaced {
            visit: inst.visits[i - 1].id.clone(),
            reason,
        });
    }
    Plan {
        days,
        unplaced,
        dist_m: total,
        iterations,
        work,
        stopped_by_clock,
    }
}

/// The day's schedule with the departure pushed as late as the windows allow (no needless
/// waiting), like the benchmark kit's evaluator.
pub(crate) fn schedule(
    m: &Model,
    day: usize,
    nodes: &[usize],
    open: i64,
    inst: &Instance,
) -> DayPlan {
    let close = m.days[day].1;
    // earliest schedule, then the shift
    let (mut t, mut prev, mut cum_wait, mut fslack) = (open, 0usize, 0i64, i64::MAX);
    for &u in nodes {
        t += m.service[prev] + m.t(prev, u);
        let w = (m.open[u] - t).max(0);
        cum_wait += w;
        fslack = fslack.min(cum_wait + (m.close[u] - t.max(m.open[u])));
        t = t.max(m.open[u]);
        prev = u;
    }
    t += m.service[prev] + m.t(prev, 0);
    fslack = fslack.min(cum_wait + (close - t));
    let shift = if nodes.is_empty() {
        0
    } else {
        cum_wait.min(fslack).max(0)
    };
    let leave = open + shift;
    let (mut dep, mut prev, mut dist) = (leave, 0usize, 0i64);
    let mut stops = vec![];
    for &u in nodes {
        let arrival = dep + m.t(prev, u);
        let start = arrival.max(m.open[u]);
        dep = start + m.service[u];
        dist += m.d(prev, u);
        stops.push(Stop {
            visit: inst.visits[u - 1].id.clone(),
            arrival,
            start,
            departure: dep,
        });
        prev = u;
    }
    let back = if nodes.is_empty() {
        leave
    } else {
        dep + m.t(prev, 0)
    };
    dist += m.d(prev, 0);
    DayPlan {
        day,
        stops,
        leave_depot: leave,
        back_at_depot: back,
        dist_m: dist,
    }
}

/// The schedule of day routes given as visit ids (one list per instance day), timed as a plan
/// is: for showing a kept plan. Ids not in the instance are skipped.
pub fn evaluate(inst: &Instance, routes: &[Vec<String>]) -> Result<Vec<DayPlan>, RoutingError> {
    let m = Model::new(inst)?;
    let index: std::collections::HashMap<&str, usize> = inst
        .visits
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i + 1))
        .collect();
    Ok((0..m.days.len())
        .map(|d| {
            let nodes: Vec<usize> = routes
                .get(d)
                .into_iter()
                .flatten()
                .filter_map(|id| index.get(id.as_str()).copied())
                .collect();
            schedule(&m, d, &nodes, m.days[d].0, inst)
        })
        .collect())
}

/// A day's remaining visits timed from one already made: the team leaves visit `from` at
/// `leave` (seconds since midnight), serves `rest` in that order, waiting for a window where
/// it must, and drives back. Kilometres count from `from`. Ids not in the instance are
/// skipped; None if `from` is not in it.
pub fn evaluate_from(
    inst: &Instance,
    day: usize,
    from: &str,
    leave: i64,
    rest: &[String],
) -> Result<Option<DayPlan>, RoutingError> {
    let m = Model::new(inst)?;
    let index: std::collections::HashMap<&str, usize> = inst
        .visits
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i + 1))
        .collect();
    let Some(&start) = index.get(from) else {
        return Ok(None);
    };
    let (mut dep, mut prev, mut dist) = (leave, start, 0i64);
    let mut stops = vec![];
    for u in rest.iter().filter_map(|id| index.get(id.as_str()).copied()) {
        let arrival = dep + m.t(prev, u);
        let start = arrival.max(m.open[u]);
        dep = start + m.service[u];
        dist += m.d(prev, u);
        stops.push(Stop {
            visit: inst.visits[u - 1].id.clone(),
            arrival,
            start,
            departure: dep,
        });
        prev = u;
    }
    Ok(Some(DayPlan {
        day,
        stops,
        leave_depot: leave,
        back_at_depot: dep + m.t(prev, 0),
        dist_m: dist + m.d(prev, 0),
    }))
}
