//! Home visits (上门服务): village coordinates, the cases to visit and the kept route plan.
//!
//! A plan is recorded in one transaction: a `scheduled` event (site `home`) for every visit
//! whose day changed, a `schedule_cancelled` event for a booked visit that no longer fits, and
//! the `home_route` rows (day, position, pin) the next re-plan starts from.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::holders::{HOLDER_COLUMNS, HolderRow, holder_row};
use super::{Actor, Result, Store, StoreError};
use crate::domain::campaign::Campaign;
use crate::domain::case::{Event, HalfDay, State};
use crate::i18n::Text;
use crate::routing::home::{self, HomeCase};
use crate::routing::{
    self, Budget, DayPlan, Instance, LatLon, Model, Plan, RoutingError, UnplacedReason,
};

/// The `site` of a booking at the person's home.
pub const HOME_SITE: &str = "home";

/// A mobility-impaired case that still needs its home visit, with what the plan keeps of it.
#[derive(Debug, Clone, PartialEq)]
pub struct HomeRow {
    pub holder: HolderRow,
    pub location: Option<LatLon>,
    /// The booked day (a `scheduled` event at home), if any.
    pub booked: Option<NaiveDate>,
    /// The kept plan's day and position.
    pub day: Option<NaiveDate>,
    pub seq: Option<u32>,
    pub pinned: bool,
    /// The last day the family was not at home.
    pub absent_on: Option<NaiveDate>,
}

impl HomeRow {
    pub fn state(&self) -> Option<State> {
        State::parse(&self.holder.state)
    }

    /// Visited (checked in at home), the result not yet recorded.
    pub fn visited(&self) -> bool {
        self.state() == Some(State::Waiting)
    }

    fn case(&self) -> HomeCase {
        HomeCase {
            id: self.holder.id_number.clone(),
            category: self.holder.category,
            location: self.location,
            day: self.day,
            // A visit already made stays on its day whatever else moves.
            pinned: self.pinned || self.visited(),
            not_before: self.absent_on.and_then(|d| d.succ_opt()),
            seq: self.seq,
        }
    }
}

/// Sets a village's coordinates; false if the village is not in the table.
pub fn set_village_location(
    conn: &Connection,
    township: &str,
    name: &str,
    at: LatLon,
) -> Result<bool> {
    let n = conn.execute(
        "UPDATE village SET lat = ?3, lon = ?4 WHERE township = ?1 AND name = ?2",
        params![township, name, at.lat, at.lon],
    )?;
    Ok(n > 0)
}

/// The villages called `name` (one per township that has one): (township, name).
pub fn villages_named(conn: &Connection, name: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = conn
        .prepare_cached("SELECT township, name FROM village WHERE name = ?1 ORDER BY township")?;
    let rows = stmt
        .query_map([name], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The village with this statistical code: (township, name).
pub fn village_by_code(conn: &Connection, code: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT township, name FROM village WHERE code = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Every case the home-visit team still has to see, by township and village.
pub fn home_rows(conn: &Connection) -> Result<Vec<HomeRow>> {
    let sql = format!(
        "SELECT {HOLDER_COLUMNS}, v.lat, v.lon, h.home_visit, h.sched_date,
                r.date, r.seq, r.pinned,
                (SELECT max(json_extract(e.data, '$.date')) FROM event e
                  WHERE e.case_id = h.id_number AND e.kind = 'absent'
                    AND json_extract(e.data, '$.site') = ?1)
           FROM holder h
           JOIN township t ON t.code = h.township
           LEFT JOIN village v ON v.township = h.township AND v.name = h.village
           LEFT JOIN home_route r ON r.id_number = h.id_number
          WHERE h.mobility_impaired = 1
            AND (h.state IN ('applied', 'needs_reassessment', 'notified', 'needs_rescheduling')
                 OR (h.state IN ('scheduled', 'waiting') AND h.home_visit = 1))
          ORDER BY h.township, h.village, h.id_number"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([HOME_SITE], |r| {
            let lat: Option<f64> = r.get(18)?;
            let lon: Option<f64> = r.get(19)?;
            let home: bool = r.get(20)?;
            let sched: Option<String> = r.get(21)?;
            let day: Option<String> = r.get(22)?;
            let absent: Option<String> = r.get(25)?;
            let date = |s: Option<String>| s.and_then(|s| s.parse::<NaiveDate>().ok());
            Ok(HomeRow {
                holder: holder_row(r)?,
                location: lat.zip(lon).map(|(lat, lon)| LatLon { lat, lon }),
                booked: date(sched).filter(|_| home),
                day: date(day),
                seq: r.get(23)?,
                pinned: r.get::<_, Option<bool>>(24)?.unwrap_or(false),
                absent_on: date(absent),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One planned visit as the screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteStop {
    /// Index into [`RouteView::cases`].
    pub case: usize,
    pub arrival: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RouteDay {
    pub date: NaiveDate,
    pub stops: Vec<RouteStop>,
    pub km: f64,
    pub leave: i64,
    pub back: i64,
    /// The institutions whose doctors the day's visits need.
    pub doctors: Vec<String>,
}

/// Why a case is not on any day of the kept plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Unplaced(UnplacedReason),
    /// No plan made yet (or the case came after it).
    NotPlanned,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RouteView {
    pub cases: Vec<HomeRow>,
    /// Per case (same order): why it is on no day.
    pub problems: Vec<Option<Problem>>,
    /// Every visiting day, empty ones too.
    pub days: Vec<RouteDay>,
    pub cut_by_clock: bool,
}

impl RouteView {
    pub fn day(&self, date: NaiveDate) -> Option<&RouteDay> {
        self.days.iter().find(|d| d.date == date)
    }
    pub fn planned(&self) -> usize {
        self.days.iter().map(|d| d.stops.len()).sum()
    }
    pub fn km(&self) -> f64 {
        self.days.iter().map(|d| d.km).sum()
    }
}

fn routing_failure(e: RoutingError) -> StoreError {
    StoreError::Refused(Text::RoutePlanFailed {
        detail: e.to_string(),
    })
}

/// The kept plan: each day's visits in order with times and kilometres, and every case
/// that is on no day with the reason.
pub fn view(conn: &Connection, campaign: &Campaign, days: &[NaiveDate]) -> Result<RouteView> {
    let cases = home_rows(conn)?;
    let homes: Vec<HomeCase> = cases.iter().map(HomeRow::case).collect();
    let inst = home::instance(campaign, &homes, days, true).map_err(routing_failure)?;
    let mut order: Vec<(NaiveDate, u32, usize)> = cases
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((c.day?, c.seq.unwrap_or(u32::MAX), i)))
        .collect();
    order.sort();
    let routes: Vec<Vec<String>> = days
        .iter()
        .map(|d| {
            order
                .iter()
                .filter(|(day, _, _)| day == d)
                .map(|(_, _, i)| cases[*i].holder.id_number.clone())
                .collect()
        })
        .collect();
    let plans = routing::evaluate(&inst, &routes).map_err(routing_failure)?;
    let excluded = Model::new(&inst).map_err(routing_failure)?.excluded;
    Ok(assemble(campaign, days, cases, &plans, &excluded, false))
}

fn assemble(
    campaign: &Campaign,
    days: &[NaiveDate],
    cases: Vec<HomeRow>,
    plans: &[DayPlan],
    excluded: &[Option<UnplacedReason>],
    cut_by_clock: bool,
) -> RouteView {
    let index: HashMap<&str, usize> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| (c.holder.id_number.as_str(), i))
        .collect();
    let mut on_a_day = vec![false; cases.len()];
    let route_days: Vec<RouteDay> = plans
        .iter()
        .map(|p| {
            let date = days[p.day];
            let stops: Vec<RouteStop> = p
                .stops
                .iter()
                .filter_map(|s| {
                    let case = *index.get(s.visit.as_str())?;
                    on_a_day[case] = true;
                    Some(RouteStop {
                        case,
                        arrival: s.arrival,
                    })
                })
                .collect();
            let doctors = doctors_for(
                campaign,
                date,
                stops.iter().map(|s| cases[s.case].holder.category),
            );
            RouteDay {
                date,
                stops,
                km: p.km(),
                leave: p.leave_depot,
                back: p.back_at_depot,
                doctors,
            }
        })
        .collect();
    let problems = (0..cases.len())
        .map(|i| {
            if on_a_day[i] {
                None
            } else if let Some(r) = excluded.get(i + 1).copied().flatten() {
                Some(Problem::Unplaced(r))
            } else if cases[i].day.is_some() {
                Some(Problem::Unplaced(UnplacedReason::NoRoom))
            } else {
                Some(Problem::NotPlanned)
            }
        })
        .collect();
    RouteView {
        cases,
        problems,
        days: route_days,
        cut_by_clock,
    }
}

/// The institutions to bring for visits of these categories on `date` (a new applicant,
/// with no category yet, needs the first general institution in the field).
fn doctors_for(
    campaign: &Campaign,
    date: NaiveDate,
    categories: impl Iterator<Item = Option<u8>>,
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for cat in categories {
        let inst = campaign
            .institutions
            .iter()
            .filter(|i| i.in_field_on(date))
            .find(|i| cat.is_none_or(|c| i.assesses(c)));
        if let Some(i) = inst
            && !names.contains(&i.name)
        {
            names.push(i.name.clone());
        }
    }
    names
}

/// What a planning request changes before the plan is solved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Plan again, keeping every visit's day (new visits are fitted in).
    Replan,
    /// Plan again from nothing; pinned visits stay.
    Fresh,
    /// Put a visit on `date` and pin it there, then re-plan.
    Move { id_number: String, date: NaiveDate },
    /// Release a pinned visit, then re-plan.
    Unpin { id_number: String },
    /// Re-plan during the visiting day `date`: that day's route and the days before stay as
    /// they are; visits not on a day yet go on later days only.
    After { date: NaiveDate },
}

/// A solved plan and the cases it was solved for (the instance's visits, in order).
pub struct Solved {
    pub instance: Instance,
    pub plan: Plan,
    pub cases: Vec<HomeRow>,
}

/// Plans without recording. `observe(done, total)` is told the progress and cancels by
/// returning false.
pub fn solve(
    conn: &Connection,
    campaign: &Campaign,
    days: &[NaiveDate],
    change: &Change,
    budget: Budget,
    observe: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Solved> {
    let mut cases = home_rows(conn)?;
    match change {
        Change::Replan | Change::Fresh => {}
        Change::Move { id_number, date } => {
            let c = find(&mut cases, id_number)?;
            c.day = Some(*date);
            c.seq = None;
            c.pinned = true;
        }
        Change::Unpin { id_number } => find(&mut cases, id_number)?.pinned = false,
        Change::After { date } => {
            for c in cases.iter_mut().filter(|c| c.day.is_none()) {
                c.absent_on = c.absent_on.max(Some(*date));
            }
        }
    }
    let homes: Vec<HomeCase> = cases.iter().map(HomeRow::case).collect();
    let fresh = *change == Change::Fresh;
    let (instance, plan) =
        home::plan(campaign, &homes, days, fresh, budget, observe).map_err(|e| match e {
            RoutingError::Cancelled => StoreError::Refused(Text::RouteCancelled),
            e => routing_failure(e),
        })?;
    Ok(Solved {
        instance,
        plan,
        cases,
    })
}

/// Plans, records the plan in one transaction and returns it as the screen shows it.
pub fn plan_and_record(
    store: &mut Store,
    actor: &Actor,
    days: &[NaiveDate],
    change: &Change,
    budget: Budget,
    observe: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<RouteView> {
    let campaign = store.campaign().clone();
    let Solved {
        instance: inst,
        plan,
        cases,
    } = solve(store.conn(), &campaign, days, change, budget, observe)?;
    record(store, actor, days, &cases, &plan)?;
    let mut cases = home_rows(store.conn())?;
    // What the plan decided, for the view (the rows were just written from it).
    for c in &mut cases {
        c.day = plan
            .days
            .iter()
            .find(|d| d.stops.iter().any(|s| s.visit == c.holder.id_number))
            .map(|d| days[d.day]);
    }
    let excluded = Model::new(&inst).map_err(routing_failure)?.excluded;
    let mut view = assemble(
        &campaign,
        days,
        cases,
        &plan.days,
        &excluded,
        plan.stopped_by_clock,
    );
    // A visit the plan could not fit says why, whatever it had before.
    for u in &plan.unplaced {
        if let Some(i) = view
            .cases
            .iter()
            .position(|c| c.holder.id_number == u.visit)
        {
            view.problems[i] = Some(Problem::Unplaced(u.reason));
        }
    }
    Ok(view)
}

fn find<'a>(cases: &'a mut [HomeRow], id_number: &str) -> Result<&'a mut HomeRow> {
    cases
        .iter_mut()
        .find(|c| c.holder.id_number == id_number)
        .ok_or_else(|| StoreError::NotFound {
            key: id_number.to_string(),
        })
}

/// The plan in one transaction: bookings for changed days, the kept rows.
pub fn record(
    store: &mut Store,
    actor: &Actor,
    days: &[NaiveDate],
    cases: &[HomeRow],
    plan: &Plan,
) -> Result<()> {
    let mut tx = store.begin()?;
    let mut placed: HashMap<&str, (NaiveDate, usize, i64)> = HashMap::new();
    for d in &plan.days {
        for (k, s) in d.stops.iter().enumerate() {
            placed.insert(s.visit.as_str(), (days[d.day], k + 1, s.arrival));
        }
    }
    for c in cases {
        let id = c.holder.id_number.as_str();
        match placed.get(id) {
            Some(&(date, seq, arrival)) => {
                let booked = c.booked == Some(date) && c.state() == Some(State::Scheduled);
                if !booked && !c.visited() {
                    let half_day = if arrival < 12 * 3600 {
                        HalfDay::Am
                    } else {
                        HalfDay::Pm
                    };
                    let event = Event::Scheduled {
                        site: HOME_SITE.into(),
                        date,
                        half_day,
                        home_visit: true,
                    };
                    tx.record(id, actor, &event)?;
                }
                tx.conn().execute(
                    "INSERT INTO home_route (id_number, date, seq, pinned, planned_at, operator)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT(id_number) DO UPDATE SET date = ?2, seq = ?3, pinned = ?4,
                         planned_at = ?5, operator = ?6",
                    params![
                        id,
                        date.to_string(),
                        seq as i64,
                        c.pinned,
                        super::timestamp(actor.at),
                        actor.operator
                    ],
                )?;
            }
            None => {
                if c.booked.is_some() && c.state() == Some(State::Scheduled) {
                    let event = Event::ScheduleCancelled {
                        reason: Text::RouteDropped.to_string(),
                    };
                    tx.record(id, actor, &event)?;
                }
                tx.conn()
                    .execute("DELETE FROM home_route WHERE id_number = ?1", [id])?;
            }
        }
    }
    tx.commit()
}

/// Records a visit made (checked in at home) or the family not at home, in one action;
/// a family not at home leaves the kept plan (the next re-plan puts it on a later day).
pub fn record_visit(
    store: &mut Store,
    actor: &Actor,
    id_number: &str,
    date: NaiveDate,
    at_home: bool,
) -> Result<State> {
    let mut tx = store.begin()?;
    let event = if at_home {
        Event::CheckedIn {
            site: HOME_SITE.into(),
            walk_in: false,
        }
    } else {
        Event::Absent {
            site: HOME_SITE.into(),
            date,
        }
    };
    let case = tx.record(id_number, actor, &event)?;
    if !at_home {
        tx.conn()
            .execute("DELETE FROM home_route WHERE id_number = ?1", [id_number])?;
    }
    tx.commit()?;
    Ok(case.state)
}

/// The instance the kept plan answers, for the CLI's `--out` file.
pub fn instance(
    conn: &Connection,
    campaign: &Campaign,
    days: &[NaiveDate],
) -> Result<(Instance, Vec<HomeRow>)> {
    let cases = home_rows(conn)?;
    let homes: Vec<HomeCase> = cases.iter().map(HomeRow::case).collect();
    let inst = home::instance(campaign, &homes, days, true).map_err(routing_failure)?;
    Ok((inst, cases))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_store_has_the_route_table_and_village_coordinates() {
        let store = Store::open_in_memory(Campaign::builtin()).unwrap();
        assert!(home_rows(store.conn()).unwrap().is_empty());
        assert!(
            !set_village_location(
                store.conn(),
                "530323102000",
                "不存在村",
                LatLon {
                    lat: 24.7,
                    lon: 103.9
                }
            )
            .unwrap()
        );
    }
}
