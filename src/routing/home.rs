//! The campaign's home visits as a routing instance, and the re-plan rule that keeps a plan
//! stable: the families already telephoned are not reshuffled.
//!
//! - Days: the campaign's working days in the home-visit window, each bringing the doctors of
//!   the institutions that come that weekday; the window and service minutes from
//!   `[home_visit_routing]`.
//! - A pinned visit may only go on its day. In a re-plan every visit keeps the day it had
//!   (the order within a day and the new visits are solved); a visit that no longer fits its
//!   day (another was moved there) is then free to go on that day or a later one, and only
//!   it. A plan from nothing (`fresh`) keeps only the pins.
//! - A visit whose family was not at home goes on a later day than that visit.
//! - A family at home only part of the day (上午, 下午, a window): the visit starts and ends
//!   inside those hours.
//! - A card delivered at home (送证上门) needs no doctor, takes `delivery_minutes`, and never
//!   takes the place of an assessment, even once it has a day (unless pinned there).
//! - Travel: with an imported road matrix, the legs between the depot and villages in it are
//!   used as they are; a leg to a place not in it (a household's own point, a village the
//!   matrix lacks) falls back to the straight line × winding factor, and [`estimated`] says
//!   which visits those are.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{
    Budget, Day, Instance, LatLon, Plan, RoutingError, Travel, Visit, Window, solve_observed,
};
use crate::domain::campaign::Campaign;

#[derive(Debug, Clone, PartialEq)]
pub struct HomeCase {
    /// The holder's ID number; the visit id in the plan.
    pub id: String,
    pub category: Option<u8>,
    pub location: Option<LatLon>,
    /// The day the kept plan has the visit on.
    pub day: Option<NaiveDate>,
    pub pinned: bool,
    /// Not before this day (the family was not at home the day before).
    pub not_before: Option<NaiveDate>,
    /// Position in the kept plan's day.
    pub seq: Option<u32>,
    /// When the family is at home (seconds since midnight), if not all day.
    pub at_home: Option<(i64, i64)>,
    /// A ready card to hand over, not an assessment.
    pub delivery: bool,
    /// The road matrix's name of the place `location` is (its village), if it is that.
    pub place: Option<String>,
}

/// The key of the depot in a [`RoadMatrix`].
pub const DEPOT: &str = "depot";

/// Road distances (metres) and driving times (seconds) between named places, as a county's
/// road-routing engine gave them. A leg given one way only is taken to be the same back.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoadMatrix {
    pub legs: HashMap<(String, String), (i64, i64)>,
}

impl RoadMatrix {
    pub fn is_empty(&self) -> bool {
        self.legs.is_empty()
    }

    fn leg(&self, a: &str, b: &str) -> Option<(i64, i64)> {
        let key = |x: &str, y: &str| (x.to_string(), y.to_string());
        self.legs
            .get(&key(a, b))
            .or_else(|| self.legs.get(&key(b, a)))
            .copied()
    }

    fn knows(&self, place: &str) -> bool {
        self.legs.keys().any(|(a, b)| a == place || b == place)
    }
}

/// With a road matrix: the visits whose legs are (partly) straight-line estimates, because
/// their place is not in the matrix. Empty without a matrix.
pub fn estimated<'a>(cases: &'a [HomeCase], roads: &RoadMatrix) -> Vec<&'a HomeCase> {
    if roads.is_empty() {
        return Vec::new();
    }
    cases
        .iter()
        .filter(|c| c.place.as_deref().is_none_or(|p| !roads.knows(p)))
        .collect()
}

/// The visiting days: the working days of the window, the first `limit` of them if given.
pub fn visit_days(campaign: &Campaign, limit: Option<usize>) -> Vec<NaiveDate> {
    let days = campaign.home_visit_days();
    days[..limit.unwrap_or(days.len()).min(days.len())].to_vec()
}

/// The instance for `cases` on `days`. `keep`: every visit with a day in the kept plan may
/// only go on that day (pinned visits always).
pub fn instance(
    campaign: &Campaign,
    cases: &[HomeCase],
    days: &[NaiveDate],
    keep: bool,
    roads: &RoadMatrix,
) -> Result<Instance, RoutingError> {
    let s = &campaign.home_visit_routing;
    let depot = s.depot.as_ref().ok_or_else(|| {
        RoutingError::Invalid("the campaign has no [home_visit_routing] depot".into())
    })?;
    let (open, close) = s.day_window();
    let days_out: Vec<Day> = days
        .iter()
        .map(|d| {
            let mut cats: Vec<String> = campaign
                .institutions
                .iter()
                .filter(|i| i.in_field_on(*d))
                .flat_map(|i| i.categories.iter().map(|c| c.to_string()))
                .collect();
            cats.sort();
            cats.dedup();
            Day {
                label: d.to_string(),
                window: Window::new(open, close),
                categories: Some(cats),
            }
        })
        .collect();
    let visits = cases
        .iter()
        .map(|c| {
            let fixed = c.day.filter(|_| c.pinned || keep);
            let only_days = match (fixed, c.not_before) {
                (Some(day), _) => Some(
                    days.iter()
                        .position(|d| *d == day)
                        .into_iter()
                        .collect::<Vec<_>>(),
                ),
                (None, Some(nb)) => Some((0..days.len()).filter(|&i| days[i] >= nb).collect()),
                (None, None) => None,
            };
            let minutes = if c.delivery {
                s.delivery_minutes
            } else {
                s.service_minutes_for(c.category)
            };
            let service_s = i64::from(minutes) * 60;
            Visit {
                id: c.id.clone(),
                location: c.location,
                service_s,
                // Service starts and ends while the family is at home.
                window: c
                    .at_home
                    .map(|(open, close)| Window::new(open, close - service_s)),
                categories: match (c.delivery, c.category) {
                    (false, Some(k)) => vec![k.to_string()],
                    _ => Vec::new(),
                },
                demand: 0,
                seq_hint: c.seq.filter(|_| fixed.is_some()),
                // A card to deliver gives way to any assessment, even once it has a day;
                // pinned by hand, it stays.
                priority: if c.pinned && c.day.is_some() {
                    3
                } else if c.delivery {
                    0
                } else if fixed.is_some() {
                    2
                } else {
                    1
                },
                only_days,
            }
        })
        .collect();
    let depot_at = LatLon {
        lat: depot.lat,
        lon: depot.lon,
    };
    let travel = if roads.is_empty() {
        Travel::Haversine {
            winding: s.winding,
            speed_kmh: s.speed_kmh,
        }
    } else {
        road_travel(cases, depot_at, roads, s.winding, s.speed_kmh)
    };
    Ok(Instance {
        name: campaign.name.clone(),
        depot: Some(depot_at),
        visits,
        days: days_out,
        travel,
        capacity: None,
    })
}

/// The matrices for `cases`: the road matrix's legs where both ends are places in it,
/// else the straight line × `winding` at `speed_kmh`, else unknown (-1).
fn road_travel(
    cases: &[HomeCase],
    depot: LatLon,
    roads: &RoadMatrix,
    winding: f64,
    speed_kmh: f64,
) -> Travel {
    let nodes: Vec<(Option<&str>, Option<LatLon>)> = std::iter::once((Some(DEPOT), Some(depot)))
        .chain(cases.iter().map(|c| (c.place.as_deref(), c.location)))
        .collect();
    let n = nodes.len();
    let mut dist_m = vec![vec![0i64; n]; n];
    let mut time_s = vec![vec![0i64; n]; n];
    let mps = speed_kmh / 3.6;
    for (i, a) in nodes.iter().enumerate() {
        for (j, b) in nodes.iter().enumerate() {
            if i == j {
                continue;
            }
            let road = match (a.0, b.0) {
                (Some(x), Some(y)) if x == y => Some((0, 0)),
                (Some(x), Some(y)) => roads.leg(x, y),
                _ => None,
            };
            let (d, t) = match (road, a.1, b.1) {
                (Some(leg), _, _) => leg,
                (None, Some(p), Some(q)) => {
                    let m = super::haversine_km(p, q) * winding * 1000.0;
                    (m.round() as i64, (m / mps).round() as i64)
                }
                _ => (-1, -1),
            };
            dist_m[i][j] = d;
            time_s[i][j] = t;
        }
    }
    Travel::Matrix { dist_m, time_s }
}

/// Plans the home visits. `fresh`: ignore the kept days (pins stay). Returns the instance
/// the plan answers (its day `i` is `days[i]`).
#[allow(clippy::too_many_arguments)]
pub fn plan(
    campaign: &Campaign,
    cases: &[HomeCase],
    days: &[NaiveDate],
    fresh: bool,
    roads: &RoadMatrix,
    budget: Budget,
    observe: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<(Instance, Plan), RoutingError> {
    let had_day = |c: &HomeCase| c.day.is_some_and(|d| days.contains(&d));
    if !fresh && cases.iter().any(|c| had_day(c) && !c.pinned) {
        let inst = instance(campaign, cases, days, true, roads)?;
        let plan = solve_observed(&inst, budget, observe)?;
        let dropped: Vec<&str> = plan
            .unplaced
            .iter()
            .filter(|u| {
                cases
                    .iter()
                    .any(|c| c.id == u.visit && had_day(c) && !c.pinned && c.location.is_some())
            })
            .map(|u| u.visit.as_str())
            .collect();
        if dropped.is_empty() {
            return Ok((inst, plan));
        }
        let released: Vec<HomeCase> = cases
            .iter()
            .map(|c| {
                let mut c = c.clone();
                if dropped.contains(&c.id.as_str()) {
                    // Free to move, but not to a day before the one its family was told.
                    c.not_before = c.not_before.max(c.day);
                    c.day = None;
                }
                c
            })
            .collect();
        let inst = instance(campaign, &released, days, true, roads)?;
        let plan = solve_observed(&inst, budget, observe)?;
        return Ok((inst, plan));
    }
    let inst = instance(campaign, cases, days, false, roads)?;
    let plan = solve_observed(&inst, budget, observe)?;
    Ok((inst, plan))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::{UnplacedReason, check};

    fn case(i: usize, cat: Option<u8>) -> HomeCase {
        let f = i as f64;
        HomeCase {
            id: format!("c{i:02}"),
            category: cat,
            location: Some(LatLon {
                lat: 24.8 + ((f * 0.37).sin()) * 0.15,
                lon: 104.0 + ((f * 0.73).cos()) * 0.18,
            }),
            day: None,
            pinned: false,
            not_before: None,
            seq: None,
            at_home: None,
            delivery: false,
            place: None,
        }
    }

    fn cases(n: usize) -> Vec<HomeCase> {
        (0..n)
            .map(|i| case(i, [None, Some(4), Some(1), Some(6)][i % 4]))
            .collect()
    }

    fn budget() -> Budget {
        Budget::work(400_000, 1)
    }

    /// A plan on the estimated roads with the tests' budget, never cancelled.
    fn plan_simply(
        c: &Campaign,
        cases: &[HomeCase],
        days: &[NaiveDate],
        fresh: bool,
    ) -> (Instance, Plan) {
        plan(
            c,
            cases,
            days,
            fresh,
            &RoadMatrix::default(),
            budget(),
            &mut |_, _| true,
        )
        .unwrap()
    }

    fn day_of(inst: &Instance, plan: &Plan, id: &str) -> Option<String> {
        plan.days
            .iter()
            .find(|d| d.stops.iter().any(|s| s.visit == id))
            .map(|d| inst.days[d.day].label.clone())
    }

    fn with_days(inst: &Instance, plan: &Plan, mut cs: Vec<HomeCase>) -> Vec<HomeCase> {
        for c in &mut cs {
            c.day = day_of(inst, plan, &c.id).map(|l| l.parse().unwrap());
        }
        cs
    }

    #[test]
    fn psychiatric_visits_go_only_on_the_hospitals_days() {
        let c = Campaign::builtin();
        let days = visit_days(c, None);
        let cs = cases(24);
        let (inst, plan) = plan_simply(c, &cs, &days, true);
        assert_eq!(check(&inst, &plan).unwrap(), vec![]);
        assert!(plan.unplaced.is_empty(), "{:?}", plan.unplaced);
        for cs in cs.iter().filter(|c| c.category == Some(6)) {
            let day: NaiveDate = day_of(&inst, &plan, &cs.id).unwrap().parse().unwrap();
            let wd = chrono::Datelike::weekday(&day);
            assert!(
                matches!(wd, chrono::Weekday::Tue | chrono::Weekday::Thu),
                "{} on {day}",
                cs.id
            );
        }
    }

    #[test]
    fn a_case_without_a_location_is_reported_not_lost() {
        let c = Campaign::builtin();
        let days = visit_days(c, None);
        let mut cs = cases(6);
        cs[2].location = None;
        let (_, plan) = plan_simply(c, &cs, &days, true);
        assert_eq!(plan.unplaced.len(), 1);
        assert_eq!(plan.unplaced[0].visit, "c02");
        assert_eq!(plan.unplaced[0].reason, UnplacedReason::NoLocation);
    }

    #[test]
    fn a_replan_keeps_every_day_and_a_moved_visit_goes_where_it_was_put() {
        let c = Campaign::builtin();
        let days = visit_days(c, None);
        let (inst, first) = plan_simply(c, &cases(30), &days, true);
        let mut kept = with_days(&inst, &first, cases(30));
        // Move c05 to the last day and pin it there.
        let target = *days.last().unwrap();
        assert_ne!(kept[5].day, Some(target));
        kept[5].day = Some(target);
        kept[5].pinned = true;
        // And a new case arrives.
        kept.push(case(30, None));
        let (inst2, second) = plan_simply(c, &kept, &days, false);
        assert_eq!(check(&inst2, &second).unwrap(), vec![]);
        assert_eq!(
            day_of(&inst2, &second, "c05").as_deref(),
            Some(target.to_string().as_str())
        );
        for k in kept.iter().filter(|k| k.id != "c05" && k.id != "c30") {
            assert_eq!(
                day_of(&inst2, &second, &k.id),
                k.day.map(|d| d.to_string()),
                "{} moved",
                k.id
            );
        }
        assert!(day_of(&inst2, &second, "c30").is_some());
    }

    #[test]
    fn not_at_home_goes_on_a_later_day() {
        let c = Campaign::builtin();
        let days = visit_days(c, None);
        let mut cs = cases(8);
        cs[3].not_before = Some(days[10]);
        let (inst, plan) = plan_simply(c, &cs, &days, true);
        let d: NaiveDate = day_of(&inst, &plan, "c03").unwrap().parse().unwrap();
        assert!(d >= days[10]);
    }

    #[test]
    fn cancelling_stops_the_search() {
        let c = Campaign::builtin();
        let days = visit_days(c, None);
        let r = plan(
            c,
            &cases(20),
            &days,
            true,
            &RoadMatrix::default(),
            budget(),
            &mut |done, _| done == 0,
        );
        assert!(matches!(r, Err(RoutingError::Cancelled)));
    }

    #[test]
    fn a_morning_family_is_visited_in_the_morning_and_a_short_window_is_reported() {
        let c = Campaign::builtin();
        let days = visit_days(c, Some(3));
        let mut cs = cases(12);
        for x in &mut cs {
            x.category = None;
        }
        let (morning_open, morning_close) = c
            .home_visit_routing
            .at_home(crate::domain::home_visit::VisitWindow::Morning);
        cs[4].at_home = Some((morning_open, morning_close));
        // Twenty minutes at home is too short for a 35-minute visit.
        cs[7].at_home = Some((13 * 3600, 13 * 3600 + 20 * 60));
        let (inst, plan) = plan_simply(c, &cs, &days, true);
        assert_eq!(check(&inst, &plan).unwrap(), vec![]);
        let stop = plan
            .days
            .iter()
            .flat_map(|d| &d.stops)
            .find(|s| s.visit == "c04")
            .expect("the morning visit is planned");
        assert!(stop.start < 12 * 3600, "{stop:?}");
        assert!(stop.departure <= morning_close, "{stop:?}");
        assert_eq!(
            plan.unplaced,
            vec![crate::routing::Unplaced {
                visit: "c07".into(),
                reason: UnplacedReason::WindowTooShort
            }]
        );
    }

    #[test]
    fn a_delivery_needs_no_doctor_and_never_displaces_an_assessment() {
        let c = Campaign::builtin();
        let days = visit_days(c, Some(1));
        // More visits than one day holds: every assessment that fits goes before a delivery.
        let mut cs = cases(16);
        for x in &mut cs {
            x.category = Some(4);
        }
        for x in cs.iter_mut().take(4) {
            x.delivery = true;
            x.category = Some(6);
        }
        let (inst, plan) = plan_simply(c, &cs, &days, true);
        assert_eq!(check(&inst, &plan).unwrap(), vec![]);
        assert!(inst.visits[0].categories.is_empty(), "no doctor for a card");
        assert_eq!(inst.visits[0].service_s, 15 * 60);
        let served = |p: &Plan, deliveries: bool| {
            p.days
                .iter()
                .flat_map(|d| &d.stops)
                .filter(|s| ["c00", "c01", "c02", "c03"].contains(&s.visit.as_str()) == deliveries)
                .count()
        };
        assert!(!plan.unplaced.is_empty(), "the day is full");
        // As many assessments as without any delivery to make: a delivery only takes a
        // slot no assessment fits in.
        let (_, alone) = plan_of(c, &cs[4..], &days);
        assert_eq!(served(&plan, false), served(&alone, false));
        assert_eq!(served(&alone, false), 12 - alone.unplaced.len());
        assert!(
            served(&plan, true) < 4,
            "some deliveries wait: the day is full"
        );
    }

    fn plan_of(c: &Campaign, cs: &[HomeCase], days: &[NaiveDate]) -> (Instance, Plan) {
        plan(
            c,
            cs,
            days,
            true,
            &RoadMatrix::default(),
            budget(),
            &mut |_, _| true,
        )
        .unwrap()
    }

    #[test]
    fn a_road_matrix_is_used_as_is_and_a_place_not_in_it_is_estimated() {
        let c = Campaign::builtin();
        let days = visit_days(c, Some(1));
        let mut cs = cases(3);
        for (x, place) in cs.iter_mut().zip(["A", "B", "C"]) {
            x.category = None;
            x.place = Some(place.to_string());
        }
        let legs = |d: i64| {
            let mut m = RoadMatrix::default();
            for (a, b, km) in [
                (DEPOT, "A", 10),
                (DEPOT, "B", 12),
                (DEPOT, "C", 14),
                ("A", "B", 3),
                ("B", "C", d),
                ("A", "C", 5),
            ] {
                m.legs
                    .insert((a.to_string(), b.to_string()), (km * 1000, km * 120));
            }
            m
        };
        let (_, short) = plan(c, &cs, &days, true, &legs(4), budget(), &mut |_, _| true).unwrap();
        let (_, long) = plan(c, &cs, &days, true, &legs(60), budget(), &mut |_, _| true).unwrap();
        // depot-A-B-C-depot = 10 + 3 + 4 + 14 = 31 km; with B-C 60 km long the best is
        // depot-B-A-C-depot = 12 + 3 + 5 + 14 = 34 km (the straight lines say nothing here).
        assert_eq!(short.dist_m, 31_000);
        assert_eq!(long.dist_m, 34_000);
        assert!(estimated(&cs, &legs(4)).is_empty());
        // A household with its own point is not the village the matrix knows.
        cs[1].place = None;
        let est: Vec<&str> = estimated(&cs, &legs(4))
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(est, vec!["c01"]);
        let (_, mixed) = plan(c, &cs, &days, true, &legs(4), budget(), &mut |_, _| true).unwrap();
        assert!(mixed.unplaced.is_empty(), "{:?}", mixed.unplaced);
        // Neither in the matrix nor with coordinates: reported, not guessed.
        cs[2].place = Some("Z".into());
        cs[2].location = None;
        let (_, lost) = plan(c, &cs, &days, true, &legs(4), budget(), &mut |_, _| true).unwrap();
        assert_eq!(lost.unplaced.len(), 1);
        assert_eq!(lost.unplaced[0].visit, "c02");
        assert_eq!(lost.unplaced[0].reason, UnplacedReason::NoLocation);
    }
}
