//! The campaign's home visits as a routing instance, and the re-plan rule that keeps a plan
//! stable: the families already telephoned are not reshuffled.
//!
//! - Days: the campaign's working days in the home-visit window, each bringing the doctors of
//!   the institutions that come that weekday; the window and service minutes from
//!   `[home_visit_routing]`.
//! - A pinned visit may only go on its day. In a re-plan every visit keeps the day it had
//!   (the order within a day and the new visits are solved); a visit that no longer fits its
//!   day (another was moved there) is then free to go on any day, and only it. A plan from
//!   nothing (`fresh`) keeps only the pins.
//! - A visit whose family was not at home goes on a later day than that visit.

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
            Visit {
                id: c.id.clone(),
                location: c.location,
                service_s: i64::from(s.service_minutes_for(c.category)) * 60,
                window: None,
                categories: c.category.map(|k| vec![k.to_string()]).unwrap_or_default(),
                demand: 0,
                seq_hint: c.seq.filter(|_| fixed.is_some()),
                priority: if c.pinned && c.day.is_some() {
                    2
                } else {
                    u8::from(fixed.is_some())
                },
                only_days,
            }
        })
        .collect();
    Ok(Instance {
        name: campaign.name.clone(),
        depot: Some(LatLon {
            lat: depot.lat,
            lon: depot.lon,
        }),
        visits,
        days: days_out,
        travel: Travel::Haversine {
            winding: s.winding,
            speed_kmh: s.speed_kmh,
        },
        capacity: None,
    })
}

/// Plans the home visits. `fresh`: ignore the kept days (pins stay). Returns the instance
/// the plan answers (its day `i` is `days[i]`).
pub fn plan(
    campaign: &Campaign,
    cases: &[HomeCase],
    days: &[NaiveDate],
    fresh: bool,
    budget: Budget,
    observe: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<(Instance, Plan), RoutingError> {
    let had_day = |c: &HomeCase| c.day.is_some_and(|d| days.contains(&d));
    if !fresh && cases.iter().any(|c| had_day(c) && !c.pinned) {
        let inst = instance(campaign, cases, days, true)?;
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
                    c.day = None;
                }
                c
            })
            .collect();
        let inst = instance(campaign, &released, days, true)?;
        let plan = solve_observed(&inst, budget, observe)?;
        return Ok((inst, plan));
    }
    let inst = instance(campaign, cases, days, false)?;
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
        let (inst, plan) = plan(c, &cs, &days, true, budget(), &mut |_, _| true).unwrap();
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
        let (_, plan) = plan(c, &cs, &days, true, budget(), &mut |_, _| true).unwrap();
        assert_eq!(plan.unplaced.len(), 1);
        assert_eq!(plan.unplaced[0].visit, "c02");
        assert_eq!(plan.unplaced[0].reason, UnplacedReason::NoLocation);
    }

    #[test]
    fn a_replan_keeps_every_day_and_a_moved_visit_goes_where_it_was_put() {
        let c = Campaign::builtin();
        let days = visit_days(c, None);
        let (inst, first) = plan(c, &cases(30), &days, true, budget(), &mut |_, _| true).unwrap();
        let mut kept = with_days(&inst, &first, cases(30));
        // Move c05 to the last day and pin it there.
        let target = *days.last().unwrap();
        assert_ne!(kept[5].day, Some(target));
        kept[5].day = Some(target);
        kept[5].pinned = true;
        // And a new case arrives.
        kept.push(case(30, None));
        let (inst2, second) = plan(c, &kept, &days, false, budget(), &mut |_, _| true).unwrap();
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
        let (inst, plan) = plan(c, &cs, &days, true, budget(), &mut |_, _| true).unwrap();
        let d: NaiveDate = day_of(&inst, &plan, "c03").unwrap().parse().unwrap();
        assert!(d >= days[10]);
    }

    #[test]
    fn cancelling_stops_the_search() {
        let c = Campaign::builtin();
        let days = visit_days(c, None);
        let r = plan(c, &cases(20), &days, true, budget(), &mut |done, _| {
            done == 0
        });
        assert!(matches!(r, Err(RoutingError::Cancelled)));
    }
}
