use super::{Context, Failure, Outcome, PersonCommand, print_json};
use crate::domain::case::State;
use crate::domain::ids::IdNumber;
use crate::i18n::{Localized, Text};
use crate::store::queries::{self, ListFilter};

pub fn run(ctx: &Context, cmd: PersonCommand) -> Outcome {
    match cmd {
        PersonCommand::Show { key, json } => show(ctx, &key, json),
        PersonCommand::List {
            state,
            township,
            limit,
            json,
        } => list(ctx, state, township, limit, json),
    }
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
