//! The re-assessment schedule: who needs a site day, and recording a plan.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{Actor, Result, Store, Tx};
use crate::domain::campaign::Campaign;
use crate::domain::case::{Event, HalfDay};
use crate::domain::ids::Category;
use crate::domain::schedule::{self, Moved, Schedule, ScheduleParams, SiteDay, Slot, Subject};

/// Everyone whose re-assessment still needs a site day: not yet scheduled, and not
/// flagged for a home visit (those are routed separately).
pub fn subjects(conn: &Connection) -> Result<Vec<Subject>> {
    let mut stmt = conn.prepare(
        "SELECT id_number, township, village, category FROM holder
         WHERE state IN ('needs_reassessment', 'notified', 'needs_rescheduling', 'applied')
           AND mobility_impaired = 0 AND category IS NOT NULL
         ORDER BY township, village, id_number",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, u8>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, township, village, digit) = row?;
        if let Some(category) = Category::from_digit(digit) {
            out.push(Subject {
                id,
                township,
                village,
                category,
            });
        }
    }
    Ok(out)
}

/// Plans with the campaign's parameters, and if that leaves people out, with the
/// capacity the planner says would fit them (the demo county shows a full plan).
pub fn plan_fitting(store: &Store) -> Result<Schedule> {
    let campaign = store.campaign();
    let subjects = subjects(store.conn())?;
    let params = ScheduleParams::from_campaign(campaign);
    let first = schedule::plan(&subjects, campaign, &params);
    let Some(c) = first
        .shortfall
        .as_ref()
        .and_then(|s| s.capacity_needed_per_half_day)
    else {
        return Ok(first);
    };
    Ok(schedule::plan(
        &subjects,
        campaign,
        &params.with_capacity_at_least(c),
    ))
}

/// What planning with some parameters would do, before anything is recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub params: ScheduleParams,
    /// Holders who still need a site day.
    pub subjects: usize,
    /// Holders already booked (kept where they are).
    pub booked: usize,
    /// The whole schedule: the bookings and the new slots.
    pub schedule: Schedule,
    /// The slots to record.
    pub new_slots: Vec<Slot>,
}

/// Plans everyone who still needs a site day. With nothing booked yet this is the
/// campaign plan, township by township; once people are booked (and may have been
/// told their day) they stay put and the others fill the room left. The parameters
/// are widened to hold the bookings (see [`ScheduleParams::covering`]).
pub fn propose(
    conn: &Connection,
    campaign: &Campaign,
    params: &ScheduleParams,
) -> Result<Proposal> {
    let subjects = subjects(conn)?;
    let booked = booked(conn)?;
    let params = &with_postponed(conn, params)?.covering(&booked);
    let (schedule, new_slots) = if booked.slots.is_empty() {
        let schedule = schedule::plan(&subjects, campaign, params);
        let slots = schedule.slots.clone();
        (schedule, slots)
    } else {
        let (schedule, moved) = schedule::fill_in(&booked, &subjects, campaign, params);
        (schedule, moved.into_iter().filter_map(|m| m.to).collect())
    };
    Ok(Proposal {
        params: params.clone(),
        subjects: subjects.len(),
        booked: booked.slots.len(),
        schedule,
        new_slots,
    })
}

/// What taking a day out of the schedule would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftProposal {
    pub date: NaiveDate,
    /// Everyone whose day changes, with the new slot or none (另行通知).
    pub moved: Vec<Moved>,
    pub schedule: Schedule,
}

impl ShiftProposal {
    /// The new bookings to record.
    pub fn slots(&self) -> Vec<Slot> {
        self.moved.iter().filter_map(|m| m.to.clone()).collect()
    }

    /// Bookings called off with no day left for them: they need rescheduling.
    pub fn called_off(&self) -> Vec<String> {
        self.moved
            .iter()
            .filter(|m| m.to.is_none() && m.from.is_some())
            .map(|m| m.id.clone())
            .collect()
    }
}

/// Shifts `date`'s bookings to the next free days. The parameters are widened to hold
/// the plan as booked, so a plan made with more capacity or days stays valid.
pub fn propose_shift(
    conn: &Connection,
    campaign: &Campaign,
    date: NaiveDate,
    params: &ScheduleParams,
) -> Result<ShiftProposal> {
    let booked = booked(conn)?;
    let params = with_postponed(conn, params)?.covering(&booked);
    let (schedule, moved) = schedule::shift_day(&booked, date, campaign, &params);
    Ok(ShiftProposal {
        date,
        moved,
        schedule,
    })
}

/// Records every slot of the plan as a `scheduled` event, all in one action.
pub fn apply(store: &mut Store, slots: &[Slot], actor: &Actor) -> Result<usize> {
    let mut tx = store.begin()?;
    book(&mut tx, slots, actor)?;
    tx.commit()?;
    Ok(slots.len())
}

/// The kind of the note event that takes a day out of the schedule (另行通知).
const POSTPONED: &str = "day_postponed";

/// Every day postponed so far (另行通知), as recorded with the shift: later plans keep
/// off them, across restarts and on every laptop the log reaches.
pub fn postponed_days(conn: &Connection) -> Result<Vec<NaiveDate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT json_extract(data, '$.date') FROM event
         WHERE case_id = ?1 AND kind = ?2 ORDER BY 1",
    )?;
    let days = stmt
        .query_map(rusqlite::params![super::NOT_A_CASE, POSTPONED], |r| {
            r.get::<_, String>(0)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(days.iter().filter_map(|d| d.parse().ok()).collect())
}

/// `params` with the recorded postponed days blocked too.
fn with_postponed(conn: &Connection, params: &ScheduleParams) -> Result<ScheduleParams> {
    let mut params = params.clone();
    params.blocked_days.extend(postponed_days(conn)?);
    Ok(params)
}

fn book(tx: &mut Tx<'_>, slots: &[Slot], actor: &Actor) -> Result<()> {
    for slot in slots {
        let event = Event::Scheduled {
            site: slot.site.clone(),
            date: slot.date,
            half_day: slot.half_day,
            home_visit: false,
        };
        tx.record(&slot.id, actor, &event)?;
    }
    Ok(())
}

/// Records a shifted day in one action: the new bookings, and the bookings called
/// off for which no day was left (those people need rescheduling).
pub fn apply_shift(
    store: &mut Store,
    date: NaiveDate,
    slots: &[Slot],
    called_off: &[String],
    reason: &str,
    actor: &Actor,
) -> Result<usize> {
    let mut tx = store.begin()?;
    book(&mut tx, slots, actor)?;
    let cancel = Event::ScheduleCancelled {
        reason: reason.to_string(),
    };
    for id in called_off {
        tx.record(id, actor, &cancel)?;
    }
    tx.note(
        actor,
        POSTPONED,
        &serde_json::json!({ "kind": POSTPONED, "date": date.to_string(), "reason": reason }),
    )?;
    tx.commit()?;
    Ok(slots.len() + called_off.len())
}

/// The plan as recorded: everyone scheduled and not yet seen, with the site days
/// they imply (vehicles numbered per day in site order).
pub fn booked(conn: &Connection) -> Result<Schedule> {
    let mut stmt = conn.prepare(
        "SELECT id_number, site, sched_date, half_day, category FROM holder
         WHERE state = 'scheduled' AND home_visit = 0 AND category IS NOT NULL
         ORDER BY sched_date, site, half_day, township, village, id_number",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, chrono::NaiveDate>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, u8>(4)?,
        ))
    })?;
    let mut schedule = Schedule::default();
    for row in rows {
        let (id, site, date, half, digit) = row?;
        let Some(category) = Category::from_digit(digit) else {
            continue;
        };
        let half_day = if half == "pm" {
            HalfDay::Pm
        } else {
            HalfDay::Am
        };
        let known = schedule
            .visits
            .iter()
            .any(|v| v.date == date && v.site == site);
        if !known {
            let vehicle = 1 + schedule.visits.iter().filter(|v| v.date == date).count() as u32;
            schedule.visits.push(SiteDay {
                date,
                vehicle,
                site: site.clone(),
            });
        }
        schedule.slots.push(Slot {
            id,
            site,
            date,
            half_day,
            category,
        });
    }
    Ok(schedule)
}
