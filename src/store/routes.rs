//! Home visits (上门服务): village coordinates, the cases to visit and the kept route plan.
//!
//! A plan is recorded in one transaction: a `scheduled` event (site `home`) for every visit
//! whose day changed, a `schedule_cancelled` event for a booked visit that no longer fits, and
//! the `home_route` rows (day, position, pin) the next re-plan starts from. A card delivered
//! at home (送证上门) is planned and kept the same way but booked by no event: its case
//! stays ready for handover until the card is handed over.
//!
//! A household's own point and the hours its family is at home are events of its case
//! (`home_located`, `visit_window_set`), projected onto the holder row.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::holders::{HOLDER_COLUMNS, HolderRow, holder_row};
use super::{Actor, Result, Store, StoreError};
use crate::domain::campaign::Campaign;
use crate::domain::case::{Event, HalfDay, State};
use crate::domain::home_visit::{Place, VisitWindow};
use crate::i18n::Text;
use crate::routing::home::{self, HomeCase, RoadMatrix};
use crate::routing::{
    self, Budget, DayPlan, Instance, LatLon, Model, Plan, RoutingError, UnplacedReason,
};

/// The `site` of a booking at the person's home.
pub const HOME_SITE: &str = "home";

/// A mobility-impaired case that still needs its home visit, with what the plan keeps of it.
#[derive(Debug, Clone, PartialEq)]
pub struct HomeRow {
    pub holder: HolderRow,
    /// The household's own point if it has one, else its village's.
    pub location: Option<LatLon>,
    /// The household has a point of its own (not its village's).
    pub own_place: bool,
    /// When the family is at home (None: all day).
    pub window: Option<VisitWindow>,
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

    /// A ready card to hand over at home (送证上门), not an assessment.
    pub fn delivery(&self) -> bool {
        self.state() == Some(State::ReadyForHandover)
    }

    /// The road matrix's name of the household's place: its village, unless it has a point
    /// of its own.
    pub fn place(&self) -> Option<String> {
        (!self.own_place && !self.holder.village.is_empty())
            .then(|| village_place(&self.holder.township, &self.holder.village))
    }

    fn case(&self, campaign: &Campaign) -> HomeCase {
        HomeCase {
            id: self.holder.id_number.clone(),
            category: self.holder.category,
            location: self.location,
            day: self.day,
            // A visit already made stays on its day whatever else moves.
            pinned: self.pinned || self.visited(),
            not_before: self.absent_on.and_then(|d| d.succ_opt()),
            seq: self.seq,
            at_home: self.window.map(|w| campaign.home_visit_routing.at_home(w)),
            delivery: self.delivery(),
            place: self.place(),
        }
    }
}

/// A village's name in the road matrix.
pub fn village_place(township: &str, village: &str) -> String {
    format!("{township}/{village}")
}

fn home_cases(cases: &[HomeRow], campaign: &Campaign) -> Vec<HomeCase> {
    cases.iter().map(|c| c.case(campaign)).collect()
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

/// Every case the home-visit team still has to see (an assessment, or a ready card to
/// hand over), by township and village.
pub fn home_rows(conn: &Connection) -> Result<Vec<HomeRow>> {
    rows_where(
        conn,
        "h.mobility_impaired = 1
            AND (h.state IN ('applied', 'needs_reassessment', 'notified', 'needs_rescheduling',
                             'ready_for_handover')
                 OR (h.state IN ('scheduled', 'waiting') AND h.home_visit = 1))",
        [HOME_SITE],
    )
}

fn rows_where(
    conn: &Connection,
    condition: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<HomeRow>> {
    let sql = format!(
        "SELECT {HOLDER_COLUMNS}, v.lat, v.lon, h.home_visit, h.sched_date,
                r.date, r.seq, r.pinned,
                (SELECT max(json_extract(e.data, '$.date')) FROM event e
                  WHERE e.case_id = h.id_number AND e.kind = 'absent'
                    AND json_extract(e.data, '$.site') = ?1),
                h.home_lat, h.home_lon, h.visit_window
           FROM holder h
           JOIN township t ON t.code = h.township
           LEFT JOIN village v ON v.township = h.township AND v.name = h.village
           LEFT JOIN home_route r ON r.id_number = h.id_number
          WHERE {condition}
          ORDER BY h.township, h.village, h.id_number"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params, |r| {
            let lat: Option<f64> = r.get(18)?;
            let lon: Option<f64> = r.get(19)?;
            let home: bool = r.get(20)?;
            let sched: Option<String> = r.get(21)?;
            let day: Option<String> = r.get(22)?;
            let absent: Option<String> = r.get(25)?;
            let own_lat: Option<f64> = r.get(26)?;
            let own_lon: Option<f64> = r.get(27)?;
            let window: Option<String> = r.get(28)?;
            let date = |s: Option<String>| s.and_then(|s| s.parse::<NaiveDate>().ok());
            let own = own_lat.zip(own_lon).map(|(lat, lon)| LatLon { lat, lon });
            Ok(HomeRow {
                holder: holder_row(r)?,
                location: own.or(lat.zip(lon).map(|(lat, lon)| LatLon { lat, lon })),
                own_place: own.is_some(),
                window: window.and_then(|w| VisitWindow::parse(&w).ok().flatten()),
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
    /// An imported road matrix gives the travel.
    pub road_matrix: bool,
    /// With a road matrix: the cases (indexes into `cases`) whose place is not in it, so
    /// their legs are straight-line estimates.
    pub estimated: Vec<usize>,
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

/// The imported road matrix (empty if none was imported).
pub fn road_matrix(conn: &Connection) -> Result<RoadMatrix> {
    let mut stmt =
        conn.prepare_cached("SELECT from_place, to_place, dist_m, time_s FROM travel_matrix")?;
    let legs = stmt
        .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(RoadMatrix { legs })
}

/// One leg of an imported road matrix: places as [`home::DEPOT`] or [`village_place`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leg {
    pub from: String,
    pub to: String,
    pub dist_m: i64,
    pub time_s: i64,
}

/// Replaces the road matrix with `legs`, in one action.
pub fn replace_road_matrix(store: &mut Store, actor: &Actor, legs: &[Leg]) -> Result<()> {
    let tx = store.begin()?;
    tx.conn().execute("DELETE FROM travel_matrix", [])?;
    {
        let mut stmt = tx.conn().prepare_cached(
            "INSERT INTO travel_matrix (from_place, to_place, dist_m, time_s, imported_at, operator)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(from_place, to_place) DO UPDATE SET dist_m = ?3, time_s = ?4",
        )?;
        let at = super::timestamp(actor.at);
        for l in legs {
            stmt.execute(params![
                l.from,
                l.to,
                l.dist_m,
                l.time_s,
                at,
                actor.operator
            ])?;
        }
    }
    tx.commit()
}

/// The cases whose legs are straight-line estimates under `roads` (indexes into `cases`).
fn estimated(cases: &[HomeRow], homes: &[HomeCase], roads: &RoadMatrix) -> Vec<usize> {
    let ids: Vec<&str> = home::estimated(homes, roads)
        .into_iter()
        .map(|c| c.id.as_str())
        .collect();
    (0..cases.len())
        .filter(|&i| ids.contains(&cases[i].holder.id_number.as_str()))
        .collect()
}

/// The kept plan: each day's visits in order with times and kilometres, and every case
/// that is on no day with the reason.
pub fn view(conn: &Connection, campaign: &Campaign, days: &[NaiveDate]) -> Result<RouteView> {
    let cases = home_rows(conn)?;
    let homes = home_cases(&cases, campaign);
    let roads = road_matrix(conn)?;
    let inst = home::instance(campaign, &homes, days, true, &roads).map_err(routing_failure)?;
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
    let excluded = Model::new(&inst).map_err(routing_failure)?.excluded;
    // A visit that lost its location since it was planned cannot be timed.
    let routes: Vec<Vec<String>> = routes
        .into_iter()
        .map(|r| {
            r.into_iter()
                .filter(|id| {
                    let k = inst.visits.iter().position(|v| &v.id == id);
                    k.is_some_and(|k| excluded[k + 1].is_none())
                })
                .collect()
        })
        .collect();
    let mut plans = routing::evaluate(&inst, &routes).map_err(routing_failure)?;
    retime(conn, campaign, days, &cases, &homes, &roads, &mut plans)?;
    let estimated = estimated(&cases, &homes, &roads);
    let mut view = assemble(campaign, days, cases, &plans, &excluded, false);
    view.road_matrix = !roads.is_empty();
    view.estimated = estimated;
    Ok(view)
}

/// The last thing the team did on a visiting day, recorded that very day: where it was
/// and when it left.
#[derive(Debug, Clone, PartialEq)]
struct Anchor {
    case: String,
    leave: i64,
}

/// The anchor of each day in `days` that has one: the latest home check-in (left after the
/// visit's minutes), result typed after one, family not at home, or card handed over on a
/// day the card was planned for. Only an event recorded on the day it is about counts: a
/// result typed in later says nothing of where the team is.
fn anchors(
    conn: &Connection,
    campaign: &Campaign,
    days: &[NaiveDate],
) -> Result<HashMap<NaiveDate, Anchor>> {
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return Ok(HashMap::new());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT e.day, e.case_id, e.kind, e.at, json_extract(e.data, '$.site'), h.category,
                (SELECT r.date FROM home_route r WHERE r.id_number = e.case_id)
           FROM holder h JOIN event e ON e.case_id = h.id_number
          WHERE h.mobility_impaired = 1 AND e.day BETWEEN ?1 AND ?2
            AND e.kind IN ('checked_in', 'absent', 'assessed', 'handed_over')
          ORDER BY e.id",
    )?;
    type EventRow = (
        String,
        String,
        String,
        String,
        Option<String>,
        Option<u8>,
        Option<String>,
    );
    let rows: Vec<EventRow> = stmt
        .query_map(params![first.to_string(), last.to_string()], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let s = &campaign.home_visit_routing;
    let mut out: HashMap<NaiveDate, Anchor> = HashMap::new();
    // (day, case) → when the team checked in there.
    let mut checked_in: HashMap<(NaiveDate, String), i64> = HashMap::new();
    for (day, case, kind, at, site, category, route_day) in rows {
        let (Ok(day), Ok(at)) = (
            day.parse::<NaiveDate>(),
            chrono::DateTime::parse_from_rfc3339(&at),
        ) else {
            continue;
        };
        let local = at.with_timezone(&chrono::Local);
        if local.date_naive() != day || !days.contains(&day) {
            continue;
        }
        let t = i64::from(chrono::Timelike::num_seconds_from_midnight(&local.time()));
        let at_home = site.as_deref() == Some(HOME_SITE);
        let leave = match kind.as_str() {
            "checked_in" if at_home => {
                checked_in.insert((day, case.clone()), t);
                t + i64::from(s.service_minutes_for(category)) * 60
            }
            "absent" if at_home => t,
            "assessed" => match checked_in.get(&(day, case.clone())) {
                Some(&c) => t.max(c + i64::from(s.service_minutes_for(category)) * 60),
                None => continue,
            },
            "handed_over" if route_day.as_deref() == Some(day.to_string().as_str()) => t,
            _ => continue,
        };
        out.insert(day, Anchor { case, leave });
    }
    Ok(out)
}

/// Each day with an anchor: the visits not made yet, timed from where the team last was
/// and when it left.
fn retime(
    conn: &Connection,
    campaign: &Campaign,
    days: &[NaiveDate],
    cases: &[HomeRow],
    homes: &[HomeCase],
    roads: &RoadMatrix,
    plans: &mut [DayPlan],
) -> Result<()> {
    let anchors = anchors(conn, campaign, days)?;
    if anchors.is_empty() {
        return Ok(());
    }
    // The anchors' households, for where they are (a finished case is no longer listed).
    let mut all: Vec<HomeCase> = homes.to_vec();
    for a in anchors.values() {
        if !all.iter().any(|h| h.id == a.case) {
            let extra = rows_where(conn, "h.id_number = ?2", params![HOME_SITE, a.case])?;
            all.extend(extra.iter().map(|r| HomeCase {
                day: None,
                pinned: false,
                ..r.case(campaign)
            }));
        }
    }
    let inst = home::instance(campaign, &all, days, false, roads).map_err(routing_failure)?;
    let done = |id: &str| {
        cases
            .iter()
            .any(|c| c.holder.id_number == id && c.visited())
    };
    for p in plans.iter_mut() {
        let Some(a) = days.get(p.day).and_then(|d| anchors.get(d)) else {
            continue;
        };
        let rest: Vec<String> = p
            .stops
            .iter()
            .map(|s| s.visit.clone())
            .filter(|id| *id != a.case && !done(id))
            .collect();
        if let Some(timed) = routing::evaluate_from(&inst, p.day, &a.case, a.leave, &rest)
            .map_err(routing_failure)?
        {
            for stop in &mut p.stops {
                if let Some(t) = timed.stops.iter().find(|t| t.visit == stop.visit) {
                    *stop = t.clone();
                }
            }
            p.back_at_depot = timed.back_at_depot;
        }
    }
    Ok(())
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
                stops
                    .iter()
                    .filter(|s| !cases[s.case].delivery())
                    .map(|s| cases[s.case].holder.category),
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
        road_matrix: false,
        estimated: Vec::new(),
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

/// The search budget of a plan made on the screen: `ms` milliseconds of the calibrated work
/// rate and no wall-clock cap, so the plan depends only on the data and the work done — a
/// debug build (several times slower) or a busy laptop takes longer, shows the progress and
/// can be cancelled, but plans exactly as a release build does.
pub fn screen_budget(ms: u64) -> Budget {
    Budget {
        safety: None,
        ..Budget::from_seconds(ms as f64 / 1000.0, 1)
    }
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
    /// An imported road matrix gave the travel.
    pub road_matrix: bool,
    /// With a road matrix: the cases (indexes into `cases`) whose legs are estimates.
    pub estimated: Vec<usize>,
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
    let homes = home_cases(&cases, campaign);
    let roads = road_matrix(conn)?;
    let fresh = *change == Change::Fresh;
    let (instance, plan) = home::plan(campaign, &homes, days, fresh, &roads, budget, observe)
        .map_err(|e| match e {
            RoutingError::Cancelled => StoreError::Refused(Text::RouteCancelled),
            e => routing_failure(e),
        })?;
    let estimated = estimated(&cases, &homes, &roads);
    Ok(Solved {
        instance,
        plan,
        cases,
        road_matrix: !roads.is_empty(),
        estimated,
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
        mut plan,
        cases,
        road_matrix: matrix_used,
        ..
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
    let homes = home_cases(&cases, &campaign);
    let roads = road_matrix(store.conn())?;
    retime(
        store.conn(),
        &campaign,
        days,
        &cases,
        &homes,
        &roads,
        &mut plan.days,
    )?;
    let estimated = estimated(&cases, &homes, &roads);
    let mut view = assemble(
        &campaign,
        days,
        cases,
        &plan.days,
        &excluded,
        plan.stopped_by_clock,
    );
    view.road_matrix = matrix_used;
    view.estimated = estimated;
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
                // A card to deliver is not booked: the case waits for its handover.
                if !booked && !c.visited() && !c.delivery() {
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
    let homes = home_cases(&cases, campaign);
    let inst = home::instance(campaign, &homes, days, true, &road_matrix(conn)?)
        .map_err(routing_failure)?;
    Ok((inst, cases))
}

/// Records a household's own point (None: back to its village's), in one action.
pub fn set_home_place(
    store: &mut Store,
    actor: &Actor,
    id_number: &str,
    place: Option<Place>,
) -> Result<State> {
    record_one(store, actor, id_number, &Event::HomeLocated { place })
}

/// Records when the family is at home for a visit (None: all day), in one action.
pub fn set_visit_window(
    store: &mut Store,
    actor: &Actor,
    id_number: &str,
    window: Option<VisitWindow>,
) -> Result<State> {
    record_one(store, actor, id_number, &Event::VisitWindowSet { window })
}

fn record_one(store: &mut Store, actor: &Actor, id_number: &str, event: &Event) -> Result<State> {
    let mut tx = store.begin()?;
    let case = tx.record(id_number, actor, event)?;
    tx.commit()?;
    Ok(case.state)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The screen's plans are never cut by the clock: the same work, the same plan.
    #[test]
    fn a_screen_plan_is_bounded_by_work_only() {
        let b = screen_budget(1000);
        assert!(b.safety.is_none());
        assert_eq!(b.work, Budget::from_seconds(1.0, 1).work);
        let c = Campaign::builtin();
        let days = home::visit_days(c, Some(2));
        let cases: Vec<HomeCase> = (0..12)
            .map(|i| HomeCase {
                id: format!("v{i:02}"),
                category: None,
                location: Some(LatLon {
                    lat: 24.7 + f64::from(i) * 0.013,
                    lon: 103.9 + f64::from(i % 5) * 0.021,
                }),
                day: None,
                pinned: false,
                not_before: None,
                seq: None,
                at_home: None,
                delivery: false,
                place: None,
            })
            .collect();
        let roads = RoadMatrix::default();
        let run = || {
            home::plan(
                c,
                &cases,
                &days,
                true,
                &roads,
                screen_budget(3),
                &mut |_, _| true,
            )
            .unwrap()
            .1
        };
        let (a, b) = (run(), run());
        assert!(!a.stopped_by_clock);
        assert_eq!(a.routes(), b.routes());
        assert_eq!(a.work, b.work);
    }

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
