//! An independent feasibility checker: any plan (ours, hand-made, imported) against an instance.

use super::model::Model;
use super::{Instance, Plan, RoutingError, UnplacedReason};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    DayCount {
        plan: usize,
        instance: usize,
    },
    UnknownVisit {
        visit: String,
    },
    Twice {
        visit: String,
    },
    /// Neither in a route nor in the unplaced list.
    Lost {
        visit: String,
    },
    /// In a route but it has no location.
    NotLocated {
        visit: String,
    },
    WrongDoctor {
        day: usize,
        visit: String,
    },
    /// Service starts after the window closes (seconds late).
    LateStart {
        day: usize,
        visit: String,
        late_s: i64,
    },
    /// Service starts before the family is home or before the team can be there.
    EarlyStart {
        day: usize,
        visit: String,
    },
    /// The reported times do not follow from the travel and service times.
    Times {
        day: usize,
        visit: String,
    },
    LeavesEarly {
        day: usize,
    },
    ReturnsLate {
        day: usize,
        late_s: i64,
    },
    OverCapacity {
        day: usize,
        load: i64,
    },
    Distance {
        day: usize,
        reported: i64,
        actual: i64,
    },
    Total {
        reported: i64,
        actual: i64,
    },
    /// Unplaced with a reason that is not true (e.g. "no location" for a located visit).
    WrongReason {
        visit: String,
        reason: UnplacedReason,
    },
}

/// Every violation of `plan` against `inst` (empty = feasible and consistent).
pub fn check(inst: &Instance, plan: &Plan) -> Result<Vec<Violation>, RoutingError> {
    let m = Model::new(inst)?;
    let mut v = vec![];
    if plan.days.len() != inst.days.len() {
        v.push(Violation::DayCount {
            plan: plan.days.len(),
            instance: inst.days.len(),
        });
    }
    let index = |id: &str| inst.visits.iter().position(|x| x.id == id).map(|k| k + 1);
    let mut seen = vec![0u32; m.n];
    let mut total = 0;
    for dp in &plan.days {
        let day = dp.day;
        let Some(&(open, close)) = m.days.get(day) else {
            v.push(Violation::DayCount {
                plan: day + 1,
                instance: inst.days.len(),
            });
            continue;
        };
        if dp.stops.is_empty() {
            continue;
        }
        if dp.leave_depot < open {
            v.push(Violation::LeavesEarly { day });
        }
        let (mut prev, mut dep, mut dist, mut load) = (0usize, dp.leave_depot, 0i64, 0i64);
        for s in &dp.stops {
            let Some(u) = index(&s.visit) else {
                v.push(Violation::UnknownVisit {
                    visit: s.visit.clone(),
                });
                continue;
            };
            seen[u] += 1;
            if m.excluded[u] == Some(UnplacedReason::NoLocation) {
                v.push(Violation::NotLocated {
                    visit: s.visit.clone(),
                });
            }
            if !m.ok_on(u, day) {
                v.push(Violation::WrongDoctor {
                    day,
                    visit: s.visit.clone(),
                });
            }
            let arrival = dep + m.t(prev, u);
            if s.arrival != arrival || s.departure != s.start + m.service[u] {
                v.push(Violation::Times {
                    day,
                    visit: s.visit.clone(),
                });
            }
            if s.start < arrival || s.start < m.open[u] {
                v.push(Violation::EarlyStart {
                    day,
                    visit: s.visit.clone(),
                });
            }
            if s.start > m.close[u] {
                v.push(Violation::LateStart {
                    day,
                    visit: s.visit.clone(),
                    late_s: s.start - m.close[u],
                });
            }
            dist += m.d(prev, u);
            load += m.demand[u];
            dep = s.start.max(arrival) + m.service[u];
            prev = u;
        }
        dist += m.d(prev, 0);
        let back = dep + m.t(prev, 0);
        if back > close {
            v.push(Violation::ReturnsLate {
                day,
                late_s: back - close,
            });
        }
        if let Some(c) = m.capacity
            && load > c
        {
            v.push(Violation::OverCapacity { day, load });
        }
        if dist != dp.dist_m {
            v.push(Violation::Distance {
                day,
                reported: dp.dist_m,
                actual: dist,
            });
        }
        total += dist;
    }
    if total != plan.dist_m {
        v.push(Violation::Total {
            reported: plan.dist_m,
            actual: total,
        });
    }
    for u in &plan.unplaced {
        match index(&u.visit) {
            None => v.push(Violation::UnknownVisit {
                visit: u.visit.clone(),
            }),
            Some(i) => {
                seen[i] += 1;
                let honest = match u.reason {
                    UnplacedReason::NoRoom => m.excluded[i].is_none(),
                    r => m.excluded[i] == Some(r),
                };
                if !honest {
                    v.push(Violation::WrongReason {
                        visit: u.visit.clone(),
                        reason: u.reason,
                    });
                }
            }
        }
    }
    for (i, &c) in seen.iter().enumerate().skip(1) {
        let visit = inst.visits[i - 1].id.clone();
        match c {
            0 => v.push(Violation::Lost { visit }),
            1 => {}
            _ => v.push(Violation::Twice { visit }),
        }
    }
    Ok(v)
}
