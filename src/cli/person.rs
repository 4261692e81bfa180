use super::{Context, Failure, Outcome, PersonCommand, print_json};
use crate::domain::case::State;
use crate::domain::home_visit::{Place, VisitWindow};
use crate::domain::ids::IdNumber;
use crate::domain::operator::Action;
use crate::i18n::{Localized, Text};
use crate::store::holders::{self, HolderRow};
use crate::store::queries::{self, ListFilter};
use crate::store::{Actor, routes};

pub fn run(ctx: &Context, cmd: PersonCommand) -> Outcome {
    match cmd {
        PersonCommand::Show { key, json } => show(ctx, &key, json),
        PersonCommand::List {
            state,
            township,
            limit,
            json,
        } => list(ctx, state, township, limit, json),
        PersonCommand::Locate {
            key,
            lat,
            lon,
            clear,
        } => locate(ctx, &key, lat.zip(lon).filter(|_| !clear)),
        PersonCommand::VisitHours { key, window } => visit_hours(ctx, &key, &window),
    }
}

fn holder_for(store: &crate::store::Store, key: &str) -> Result<HolderRow, Failure> {
    holders::find(store.conn(), key)?.ok_or(Failure(Text::PersonNotFound {
        key: key.trim().to_string(),
    }))
}

/// `person locate`: the household's own point (None: its village's again).
fn locate(ctx: &Context, key: &str, at: Option<(f64, f64)>) -> Outcome {
    let place = match at {
        None => None,
        Some((lat, lon)) => {
            let place = Place::new(lat, lon).ok_or(Failure(Text::VillageBadCoordinate))?;
            if let Some(km) = crate::import::villages::km_from_depot(ctx.campaign, lat, lon)
                && km > crate::import::villages::MAX_KM_FROM_DEPOT
            {
                return Err(Failure(Text::VillageFarAway {
                    km: format!("{km:.0}"),
                }));
            }
            Some(place)
        }
    };
    let mut store = ctx.open_existing_as(Some(Action::CaseWork))?;
    let h = holder_for(&store, key)?;
    routes::set_home_place(&mut store, &Actor::now(&ctx.operator), &h.id_number, place)?;
    ctx.say(match place {
        Some(p) => Text::HomePlaceSet {
            name: h.name,
            lat: p.lat().to_string(),
            lon: p.lon().to_string(),
        },
        None => Text::HomePlaceCleared { name: h.name },
    });
    Ok(())
}

/// `person visit-hours`: when the family is at home.
fn visit_hours(ctx: &Context, key: &str, value: &str) -> Outcome {
    let window = VisitWindow::parse(value).map_err(|_| {
        Failure(Text::VisitHoursBad {
            value: value.to_string(),
        })
    })?;
    let mut store = ctx.open_existing_as(Some(Action::CaseWork))?;
    let h = holder_for(&store, key)?;
    routes::set_visit_window(&mut store, &Actor::now(&ctx.operator), &h.id_number, window)?;
    ctx.say(Text::VisitHoursSet {
        name: h.name,
        hours: Box::new(crate::domain::home_visit::hours_text(window)),
    });
    Ok(())
}

/// `530323********123X`, or the input as is when it is not an ID number.
pub fn masked(id: &str) -> String {
    IdNumber::parse(id)
        .map(|i| i.masked())
        .unwrap_or_else(|_| id.to_string())
}

fn show(ctx: &Context, key: &str, json: bool) -> Outcome {
    let store = ctx.open_existing_as(None)?;
    let view = queries::person(&store, key)?;
    if json {
        return print_json(&view);
    }
    let h = &view.holder;
    let masked = IdNumber::parse(&h.id_number)
        .map(|id| id.masked())
        .unwrap_or_default();
    println!("{} {masked} {} {}", h.name, h.township_name, h.village);
    ctx.say(Text::PersonState {
        state: view.case.state,
    });
    for e in &view.events {
        println!(
            "  {} {} {}",
            e.day,
            e.operator,
            crate::domain::case::EventKind(e.event.kind()).local(ctx.lang)
        );
    }
    Ok(())
}

fn list(
    ctx: &Context,
    state: Option<String>,
    township: Option<String>,
    limit: Option<usize>,
    json: bool,
) -> Outcome {
    let state = match state {
        Some(s) => Some(State::parse(&s).ok_or_else(|| {
            Failure(Text::UnknownState {
                value: s.clone(),
                known: State::ALL.map(State::as_str).join(", "),
            })
        })?),
        None => None,
    };
    let township = match township {
        Some(t) => Some(
            ctx.campaign
                .find_township(&t)
                .map(|t| t.code.clone())
                .ok_or(Failure(Text::RowTownshipUnknown { value: t }))?,
        ),
        None => None,
    };
    let store = ctx.open_existing_as(None)?;
    let rows = queries::list(
        store.conn(),
        &ListFilter {
            state,
            township,
            limit,
        },
    )?;
    if json {
        return print_json(&rows);
    }
    for h in &rows {
        let masked = IdNumber::parse(&h.id_number)
            .map(|id| id.masked())
            .unwrap_or_default();
        let state = State::parse(&h.state)
            .map(|s| s.local(ctx.lang))
            .unwrap_or_default();
        println!(
            "{}\t{masked}\t{}\t{}\t{state}",
            h.name, h.township_name, h.village
        );
    }
    Ok(())
}
