//! `huanzheng route plan --instance FILE --out FILE`: the home-visit planner on a file.

use std::time::Instant;

use super::{Context, Failure, Outcome, RoutePlanArgs};
use crate::i18n::Text;
use crate::routing::{self, Budget, UnplacedReason, kit};

pub fn plan(ctx: &Context, args: &RoutePlanArgs) -> Outcome {
    let path = args.instance.display().to_string();
    let fail = |detail: String| {
        Failure(Text::RouteInstanceBad {
            path: path.clone(),
            detail,
        })
    };
    let text = std::fs::read_to_string(&args.instance).map_err(|e| fail(e.to_string()))?;
    let inst = if args
        .instance
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
    let json = serde_json::to_string_pretty(&out).map_err(|e| fail(e.to_string()))?;
    let out_path = args.out.display().to_string();
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
        ctx.say(match u.reason {
            UnplacedReason::NoLocation => Text::RouteNoLocation {
                visit: u.visit.clone(),
            },
            UnplacedReason::NoDoctorDay => Text::RouteNoDoctorDay {
                visit: u.visit.clone(),
            },
            UnplacedReason::WindowTooShort => Text::RouteWindowTooShort {
                visit: u.visit.clone(),
            },
            UnplacedReason::NoRoom => Text::RouteNoRoom {
                visit: u.visit.clone(),
            },
        });
    }
    if plan.stopped_by_clock {
        ctx.say(Text::RouteCutByClock);
    }
    Ok(())
}
