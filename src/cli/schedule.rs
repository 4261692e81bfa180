use chrono::NaiveDate;

use super::{Context, Failure, Outcome, ScheduleCommand, print_json};
use crate::domain::operator::Action;
use crate::domain::schedule::{Schedule, ScheduleParams};
use crate::i18n::Text;
use crate::store::{Actor, plan};

pub fn run(ctx: &Context, cmd: ScheduleCommand) -> Outcome {
    match cmd {
        ScheduleCommand::Plan {
            capacity,
            from,
            to,
            apply,
            json,
        } => {
            let mut p = params(ctx, capacity);
            p.first_day = from.unwrap_or(p.first_day);
            p.last_day = to.unwrap_or(p.last_day);
            if p.last_day < p.first_day {
                return Err(Failure(Text::ScheduleBadWindow {
                    from: p.first_day,
                    to: p.last_day,
                }));
            }
            plan_cmd(ctx, p, apply, json)
        }
        ScheduleCommand::Shift { date, apply } => shift_cmd(ctx, date, apply),
    }
}

fn params(ctx: &Context, capacity: Option<u32>) -> ScheduleParams {
    let p = ScheduleParams::from_campaign(ctx.campaign);
    match capacity {
        Some(c) => ScheduleParams {
            capacity_per_half_day: c,
            per_site_capacity: Default::default(),
            ..p
        },
        None => p,
    }
}

fn plan_cmd(ctx: &Context, params: ScheduleParams, apply: bool, json: bool) -> Outcome {
    let mut store = ctx.open_existing_as(Some(Action::CaseWork))?;
    let proposal = plan::propose(store.conn(), ctx.campaign, &params)?;
    let s = &proposal.schedule;
    if json {
        print_json(s)?;
    } else {
        summarize(ctx, s, &proposal, &params);
    }
    if apply {
        let n = plan::apply(&mut store, &proposal.new_slots, &Actor::now(&ctx.operator))?;
        ctx.say(Text::ScheduleApplied { n });
    }
    Ok(())
}

fn summarize(ctx: &Context, s: &Schedule, proposal: &plan::Proposal, params: &ScheduleParams) {
    let days: std::collections::BTreeSet<NaiveDate> = s.slots.iter().map(|x| x.date).collect();
    if proposal.booked > 0 {
        ctx.say(Text::ScheduleKeptBooked {
            booked: proposal.booked,
        });
    }
    ctx.say(Text::ScheduleSummary {
        subjects: proposal.subjects,
        placed: proposal.new_slots.len(),
        days: days.len(),
        first: params.first_day,
        last: params.last_day,
        capacity: params.capacity_per_half_day as usize,
    });
    for v in &s.visits {
        let load = s
            .slots
            .iter()
            .filter(|x| x.date == v.date && x.site == v.site)
            .count();
        let site = ctx
            .campaign
            .site(&v.site)
            .map_or(v.site.as_str(), |x| x.name.as_str());
        println!(
            "  {} {} {} {load:>4}",
            v.date,
            v.vehicle,
            super::text::pad(site, 24)
        );
    }
    if let Some(short) = &s.shortfall {
        ctx.say(Text::ScheduleShortfall {
            unplaced: short.unplaced,
        });
        if let Some(c) = short.capacity_needed_per_half_day {
            ctx.say(Text::ScheduleFixCapacity {
                capacity: c as usize,
            });
        }
        if let (Some(d), Some(until)) = (short.extra_working_days_needed, short.last_day_needed) {
            ctx.say(Text::ScheduleFixDays {
                days: d as usize,
                until,
            });
        }
    }
}

fn shift_cmd(ctx: &Context, date: NaiveDate, apply: bool) -> Outcome {
    let mut store = ctx.open_existing_as(Some(Action::CaseWork))?;
    let params = ScheduleParams::from_campaign(ctx.campaign);
    let proposal = plan::propose_shift(store.conn(), ctx.campaign, date, &params)?;
    let moved = &proposal.moved;
    ctx.say(Text::ScheduleShifted {
        date,
        moved: moved.len(),
    });
    for m in moved {
        let to =
            m.to.as_ref()
                .map(|s| format!("{} {}", s.date, s.site))
                .unwrap_or_else(|| Text::ToBeNotified.render(ctx.lang));
        println!("  {}\t{to}", crate::cli::person::masked(&m.id));
    }
    if apply {
        let reason = Text::ShiftReason { date }.render(ctx.lang);
        let actor = Actor::now(&ctx.operator);
        let (slots, called_off) = (proposal.slots(), proposal.called_off());
        let n = plan::apply_shift(&mut store, date, &slots, &called_off, &reason, &actor)?;
        ctx.say(Text::ScheduleApplied { n });
    }
    Ok(())
}
