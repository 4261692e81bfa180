//! `huanzheng route plan`: the home-visit planner on the database, or on a benchmark file
//! (`--instance`).

use std::path::Path;
use std::time::Instant;

use serde_json::Value;

use super::{Context, Failure, Outcome, RoutePlanArgs};
use crate::i18n::Text;
use crate::routing::home::visit_days;
use crate::routing::{self, Budget, Instance, Plan, UnplacedReason, kit};
use crate::store::Actor;
use crate::store::routes::{self, Change};

pub fn plan(ctx: &Context, args: &RoutePlanArgs) -> Outcome {
    match &args.instance {
        Some(path) => plan_file(ctx, args, path),
        None => plan_db(ctx, args),
    }
}

fn plan_file(ctx: &Context, args: &RoutePlanArgs, file: &Path) -> Outcome {
    let path = file.display().to_string();
    let fail = |detail: String| {
        Failure(Text::RouteInstanceBad {
            path: path.clone(),
            detail,
        })
    };
    let text = std::fs::read_to_string(file).map_err(|e| fail(e.to_string()))?;
    let inst = if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
    {
        kit::parse_solomon(&text)
    } else {
        kit::parse_instance(&text)
    }
    .map_err(|e| fail(e.to_string()))?;
    let t0 = Instant::now();
    let plan = routing::solve(&inst, Budget::from_seconds(args.time_limit, args.seed))
        .map_err(|e| fail(e.to_string()))?;
    let wall = t0.elapsed().as_secs_f64();
    let out = kit::plan_json(&inst, &plan, args.seed, wall);
    write_and_report(ctx, args, &inst, &plan, out, wall, |id| id.to_string())
}

fn plan_db(ctx: &Context, args: &RoutePlanArgs) -> Outcome {
    let mut store = ctx.open_existing_as(
        args.apply
            .then_some(crate::domain::operator::Action::CaseWork),
    )?;
    let campaign = store.campaign().clone();
    let days = visit_days(&campaign, args.days);
    let change = if args.fresh {
        Change::Fresh
    } else {
        Change::Replan
    };
    let t0 = Instant::now();
    let budget = Budget::from_seconds(args.time_limit, args.seed);
    let solved = routes::solve(
        store.conn(),
        &campaign,
        &days,
        &change,
        budget,
        &mut |_, _| true,
    )?;
    let wall = t0.elapsed().as_secs_f64();
    if args.apply {
        routes::record(
            &mut store,
            &Actor::now(&ctx.operator),
            &days,
            &solved.cases,
            &solved.plan,
        )?;
    }
    let mut out = kit::plan_json(&solved.instance, &solved.plan, args.seed, wall);
    if let Some(days_out) = out.get_mut("days").and_then(Value::as_array_mut) {
        for (d, date) in days_out.iter_mut().zip(&days) {
            d["date"] = Value::String(date.to_string());
        }
    }
    out["recorded"] = Value::Bool(args.apply);
    out["travel"] = Value::String(
        if solved.road_matrix {
            "matrix"
        } else {
            "haversine"
        }
        .into(),
    );
    let ids = |pick: &dyn Fn(&routes::HomeRow) -> bool| {
        solved
            .cases
            .iter()
            .filter(|c| pick(c))
            .map(|c| Value::String(c.holder.id_number.clone()))
            .collect::<Vec<_>>()
    };
    out["estimated"] = Value::Array(
        solved
            .estimated
            .iter()
            .map(|&i| Value::String(solved.cases[i].holder.id_number.clone()))
            .collect(),
    );
    out["deliveries"] = Value::Array(ids(&|c| c.delivery()));
    out["windows"] = Value::Object(
        solved
            .cases
            .iter()
            .filter_map(|c| {
                Some((
                    c.holder.id_number.clone(),
                    Value::String(c.window?.to_string()),
                ))
            })
            .collect(),
    );
    if solved.road_matrix {
        ctx.say(Text::RouteTravelMatrix);
    }
    if !solved.estimated.is_empty() {
        let places: Vec<String> = solved
            .estimated
            .iter()
            .map(|&i| {
                let c = &solved.cases[i].holder;
                format!("{}（{}{}）", c.name, c.township_name, c.village)
            })
            .collect();
        ctx.say(Text::RouteEstimated {
            places: places.join("、"),
        });
    }
    let name_of = |id: &str| {
        solved
            .cases
            .iter()
            .find(|c| c.holder.id_number == id)
            .map_or_else(
                || id.to_string(),
                |c| {
                    format!(
                        "{}（{}{}）",
                        c.holder.name, c.holder.township_name, c.holder.village
                    )
                },
            )
    };
    write_and_report(
        ctx,
        args,
        &solved.instance,
        &solved.plan,
        out,
        wall,
        name_of,
    )
}

fn write_and_report(
    ctx: &Context,
    args: &RoutePlanArgs,
    _inst: &Instance,
    plan: &Plan,
    out: Value,
    wall: f64,
    name_of: impl Fn(&str) -> String,
) -> Outcome {
    let out_path = args.out.display().to_string();
    let json = serde_json::to_string_pretty(&out).map_err(|e| {
        Failure(Text::RouteWriteFailed {
            path: out_path.clone(),
            detail: e.to_string(),
        })
    })?;
    std::fs::write(&args.out, json + "\n").map_err(|e| {
        Failure(Text::RouteWriteFailed {
            path: out_path.clone(),
            detail: e.to_string(),
        })
    })?;
    let days = plan.days.iter().filter(|d| !d.stops.is_empty()).count();
    let served: usize = plan.days.iter().map(|d| d.stops.len()).sum();
    ctx.say(Text::RoutePlanned {
        path: out_path,
        served,
        days,
        km: format!("{:.2}", plan.km()),
        seconds: format!("{wall:.2}"),
    });
    for u in &plan.unplaced {
        let visit = name_of(&u.visit);
        ctx.say(match u.reason {
            UnplacedReason::NoLocation => Text::RouteNoLocation { visit },
            UnplacedReason::NoDoctorDay => Text::RouteNoDoctorDay { visit },
            UnplacedReason::WindowTooShort => Text::RouteWindowTooShort { visit },
            UnplacedReason::NoRoom => Text::RouteNoRoom { visit },
        });
    }
    if plan.stopped_by_clock {
        ctx.say(Text::RouteCutByClock);
    }
    Ok(())
}
