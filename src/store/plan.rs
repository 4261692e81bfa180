//! The re-assessment schedule: who needs a site day, and recording a plan.

use rusqlite::Connection;

use super::{Actor, Result, Store, Tx};
use crate::domain::case::{Event, HalfDay};
use crate::domain::ids::Category;
use crate::domain::schedule::{self, Schedule, ScheduleParams, SiteDay, Slot, Subject};

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

/// Records every slot of the plan as a `scheduled` event, all in one action.
pub fn apply(store: &mut Store, schedule: &Schedule, actor: &Actor) -> Result<usize> {
    apply_shift(store, schedule, &[], "", actor)
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
    moved: &Schedule,
    called_off: &[String],
    reason: &str,
    actor: &Actor,
) -> Result<usize> {
    let mut tx = store.begin()?;
    book(&mut tx, &moved.slots, actor)?;
    let cancel = Event::ScheduleCancelled {
        reason: reason.to_string(),
    };
    for id in called_off {
        tx.record(id, actor, &cancel)?;
    }
    tx.commit()?;
    Ok(moved.slots.len() + called_off.len())
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
